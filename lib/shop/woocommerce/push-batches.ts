/**
 * Sending a push's items to a WooCommerce batch route, with retries that never repeat a create
 * blindly, plus the record helpers every resource uses (hash input, control keys, duplicate keys).
 */
import { WooError } from './errors';
import { CONTROL_KEYS, MAX_RETRIES, isObject, type Rec } from './push-types';
import type { Pusher } from './pusher';

/** What a record's hash covers: everything but our answer keys. */
export function hashable(record: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (k !== 'id' && k !== 'result' && k !== 'error') out[k] = v;
  return out;
}

export function withoutControl(record: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (!CONTROL_KEYS.includes(k) && k !== 'id') out[k] = v;
  return out;
}

export interface Item {
  record: Rec;
  key: string;
  hash: string;
  body: Rec;
  id?: number;
  /** Never create (unpublish, stock, prices). */
  updateOnly?: boolean;
  tries: number;
}

/**
 * Sends items to a batch route (`products/batch`, `products/<id>/variations/batch`,
 * `customers/batch`), at most `size` per call. Creates whose answer was lost are looked up again
 * (via `relookup`) before being sent again; a create refused because the key exists becomes an
 * update of the existing resource; an update of an id the shop no longer has is looked up again.
 */
export async function runBatches(
  p: Pusher,
  route: string,
  items: Item[],
  opts: {
    relookup: (items: Item[]) => Promise<void>;
    onDone: (item: Item, answer: Rec, created: boolean) => void;
    /** For a create refused because the key exists: that resource's id, or 0 to look it up. */
    existingIdOf?: (err: Rec) => number | undefined;
  },
): Promise<void> {
  let queue = [...items];
  p.plan(Math.ceil(queue.length / p.size));
  while (queue.length > 0) {
    const chunk = queue.slice(0, p.size);
    queue = queue.slice(p.size);
    const creates = chunk.filter((i) => i.id === undefined);
    const updates = chunk.filter((i) => i.id !== undefined);
    const body: Rec = {};
    if (creates.length > 0) body.create = creates.map((i) => i.body);
    if (updates.length > 0) body.update = updates.map((i) => ({ ...i.body, id: i.id }));
    p.nextBatch();
    let answer: Rec;
    try {
      const res = await p.ctx.client.request<Rec>('POST', route, { body, mayCreate: creates.length > 0 });
      answer = isObject(res.body) ? res.body : {};
    } catch (err) {
      if (err instanceof WooError && err.ambiguous) {
        // the creates may have reached the shop: find out which did before sending anything again
        for (const i of chunk) i.tries += 1;
        const again = chunk.filter((i) => i.tries <= MAX_RETRIES);
        for (const i of chunk.filter((x) => x.tries > MAX_RETRIES)) p.fail(i.record, err.code, err.message);
        await opts.relookup(again.filter((i) => i.id === undefined));
        queue = [...again, ...queue];
        continue;
      }
      throw err;
    }
    const retry: Item[] = [];
    const handle = (list: Item[], answers: unknown, created: boolean): void => {
      const arr = Array.isArray(answers) ? answers : [];
      list.forEach((item, n) => {
        const a = arr[n];
        if (!isObject(a)) {
          p.fail(item.record, 'bad_answer', `the shop's batch answer has no item ${n + 1}`);
          return;
        }
        const e = a.error;
        if (isObject(e)) {
          const code = String(e.code ?? 'error');
          const message = String(e.message ?? code).replace(/<[^>]*>/g, '').trim();
          const data = isObject(e.data) ? e.data : {};
          const existing = opts.existingIdOf?.({ code, ...data });
          if (created && existing !== undefined && item.tries < MAX_RETRIES) {
            // the key exists already: update that resource (0: its id must be looked up)
            item.id = existing > 0 ? existing : undefined;
            item.tries += 1;
            retry.push(item);
          } else if (!created && /invalid_id$/.test(code) && item.tries < MAX_RETRIES) {
            // the id we remembered is gone from the shop: look the key up again
            item.id = undefined;
            item.tries += 1;
            retry.push(item);
          } else {
            p.fail(item.record, code, message);
          }
          return;
        }
        opts.onDone(item, a, created);
      });
    };
    handle(creates, answer.create, true);
    handle(updates, answer.update, false);
    if (retry.length > 0) {
      const relook = retry.filter((i) => i.id === undefined);
      if (relook.length > 0) await opts.relookup(relook);
      retry.forEach((i) => {
        if (i.id === undefined && i.updateOnly) p.fail(i.record, 'not_found', `${i.key}: not in the shop`);
      });
      const again = retry.filter((i) => !(i.id === undefined && i.updateOnly));
      p.plan(Math.ceil(again.length / p.size));
      queue = [...queue, ...again];
    }
    await p.save();
  }
}

export function skuError(record: unknown): string | undefined {
  if (!isObject(record)) return 'the record is not an object';
  if (typeof record.sku !== 'string' || record.sku.trim() === '') return 'the record has no sku';
  return undefined;
}

/** Splits off records that repeat a key: the last one wins, the others fail. */
export function lastByKey<T extends { key: string; record: Rec }>(p: Pusher, list: T[]): T[] {
  const last = new Map<string, T>();
  for (const x of list) {
    const before = last.get(x.key);
    if (before) p.fail(before.record, 'duplicate_key', `${x.key} appears more than once in the payload; the last one was pushed`);
    last.set(x.key, x);
  }
  return [...last.values()];
}
