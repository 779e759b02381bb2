/**
 * Pushing records to WooCommerce, by resource: `push` and `classify`, stock, prices, order updates
 * with notes, customers (upsert by email); products (upsert by SKU, variations under a parent made
 * `variable`, unpublish) are in products.ts, batch calls in push-batches.ts, bookkeeping in pusher.ts.
 * Record shapes: docs in /work/briefs/contract.md, i.e. WooCommerce REST JSON plus the control keys
 * `parent_sku` and `unpublish`.
 *
 * Cost model (what a push costs in REST calls):
 * - A record whose content hash equals the one last pushed for its key, and whose shop id is known,
 *   costs nothing ("unchanged"). An unchanged catalogue costs 0 calls.
 * - Changed records whose shop id is known (from an earlier push or lookup) cost ceil(n/100) batch
 *   calls (per parent for variations).
 * - Records never seen cost, in addition, ceil(m/100) lookups (`GET products?sku=a,b,...`); a
 *   customer costs one lookup per new email (`GET customers?email=`), as WooCommerce filters one
 *   email at a time. Categories given by name cost one lookup per new name and one batch for the
 *   missing ones. A variation whose parent is not in the same push, when the parent must become
 *   variable or gain attribute options, costs a GET and a PUT of the parent. An order note is one
 *   POST per note (WooCommerce has no batch for notes).
 * - Retries after 429/5xx are extra calls, counted in `calls`.
 */
import { WooError, errorInfo } from './errors';
import { recordHash } from './store';
import { MAX_RETRIES, isObject, skuKey, type PushContext, type PushResult, type Rec, type Resource } from './push-types';
import { Pusher } from './pusher';
import { hashable, lastByKey, runBatches, skuError, withoutControl, type Item } from './push-batches';
import { pushProducts, variantsOfParent } from './products';

export { pushProducts };
export type { FailedRecord, OkRecord, PushContext, PushResult, Resource } from './push-types';

// ---------------------------------------------------------------------------------------------
// stock and prices: updates of products and variations found by SKU

async function updateBySku(ctx: PushContext, resource: 'stock' | 'prices', records: unknown[], toBody: (r: Rec) => Rec | string): Promise<PushResult> {
  const p = new Pusher(ctx, resource);
  await p.load();
  const candidates: Item[] = [];
  for (const r of records) {
    const bad = skuError(r);
    if (bad) {
      p.fail(r, 'invalid_record', bad);
      continue;
    }
    const body = toBody(r as Rec);
    if (typeof body === 'string') {
      p.fail(r, 'invalid_record', body);
      continue;
    }
    candidates.push({ record: r as Rec, key: skuKey((r as Rec).sku as string), hash: recordHash(body), body, updateOnly: true, tries: 0 });
  }
  const changed: Item[] = [];
  const distinct = lastByKey(p, candidates);
  await p.prefetch(distinct.map((i) => i.key));
  for (const i of distinct) {
    const h = p.mem.hashes[i.key];
    const known = p.mem.ids[i.key];
    if (!ctx.force && h && h.h === i.hash && known) p.ok(i.record, known.id, 'unchanged');
    else changed.push(i);
  }
  const unknown = changed.filter((i) => !p.mem.ids[i.key]).map((i) => String(i.record.sku));
  if (unknown.length > 0) await p.lookup(unknown);
  const groups = new Map<number, Item[]>();
  for (const i of changed) {
    const known = p.mem.ids[i.key];
    if (!known) {
      if (ctx.unknownSku === 'skip') p.skip(i.record);
      else p.fail(i.record, 'sku_not_found', `no product or variation with SKU ${String(i.record.sku)} in the shop`);
      continue;
    }
    i.id = known.id;
    groups.set(known.parent, [...(groups.get(known.parent) ?? []), i]);
  }
  for (const [parent, items] of groups) {
    await runBatches(p, parent === 0 ? 'products/batch' : `products/${parent}/variations/batch`, items, {
      relookup: async (list) => {
        await p.lookup(list.map((i) => String(i.record.sku)));
        for (const i of list) {
          const e = p.mem.ids[i.key];
          // found under another parent: send it next time round (its group is gone by now)
          i.id = e && e.parent === parent ? e.id : undefined;
        }
      },
      onDone: (item, a) => p.ok(item.record, Number(a.id), 'updated', item.key, item.hash),
    });
  }
  await p.save();
  return p.finish();
}

function stockBody(r: Rec): Rec | string {
  const q = r.stock_quantity;
  const n = typeof q === 'number' ? q : typeof q === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(q) ? Number(q) : NaN;
  if (!Number.isSafeInteger(n)) return `stock_quantity ${JSON.stringify(q)} is not a whole number`;
  return { manage_stock: true, stock_quantity: n };
}

export function pushStock(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  return updateBySku(ctx, 'stock', records, stockBody);
}

const DECIMAL = /^\d+(\.\d+)?$/;

function priceBody(r: Rec): Rec | string {
  const body: Rec = {};
  if (typeof r.regular_price !== 'string' || !DECIMAL.test(r.regular_price)) return `regular_price ${JSON.stringify(r.regular_price)} is not a decimal string`;
  body.regular_price = r.regular_price;
  if (r.sale_price !== undefined && r.sale_price !== null) {
    if (typeof r.sale_price !== 'string' || !(r.sale_price === '' || DECIMAL.test(r.sale_price))) return `sale_price ${JSON.stringify(r.sale_price)} is not a decimal string or ""`;
    body.sale_price = r.sale_price;
  }
  return body;
}

export function pushPrices(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  return updateBySku(ctx, 'prices', records, priceBody);
}

/** The resources whose records `classify` can judge (keyed by SKU; the ones batched across msgs). */
export const CLASSIFIABLE: readonly Resource[] = ['products', 'stock', 'prices'];

export interface Classification {
  /** Records a push would send (new, changed, invalid, or a key given twice). */
  changed: number;
  /** The keys (lower-case SKUs) the records name, parents of variations included. */
  keys: string[];
  /** When nothing is to be sent: the push's result, every record unchanged (no call made). */
  result?: PushResult;
}

/**
 * What a push of these records would send, without sending anything: for products, stock and prices
 * (see CLASSIFIABLE), by the same rules as the push (hash and shop id known, a parent that must become
 * variable). Lets woocommerce-out hold changed records of several msgs and send them in one batch.
 */
export async function classify(ctx: PushContext, resource: Resource, records: unknown[]): Promise<Classification> {
  if (!CLASSIFIABLE.includes(resource)) return { changed: records.length, keys: [] };
  const p = new Pusher({ ...ctx, onRecord: undefined }, resource);
  await p.load();
  const keyed: { record: Rec; key: string; hash: string }[] = [];
  let changed = 0;
  const keys = new Set<string>();
  for (const r of records) {
    const bad = skuError(r);
    if (bad) {
      changed++;
      continue;
    }
    const record = r as Rec;
    const key = skuKey(record.sku as string);
    let hash: string;
    if (resource === 'products') hash = recordHash(hashable(record));
    else {
      const body = (resource === 'stock' ? stockBody : priceBody)(record);
      if (typeof body === 'string') {
        changed++;
        keys.add(key);
        continue;
      }
      hash = recordHash(body);
    }
    keyed.push({ record, key, hash });
    keys.add(key);
    if (resource === 'products' && variantsOfParent({ record } as Item)) keys.add(skuKey(String(record.parent_sku)));
  }
  await p.prefetch(keys);
  const count = new Map<string, number>();
  for (const k of keyed) count.set(k.key, (count.get(k.key) ?? 0) + 1);
  const parents = new Set(keyed.filter((k) => variantsOfParent({ record: k.record } as Item)).map((k) => skuKey(String(k.record.parent_sku))));
  for (const k of keyed) {
    const h = p.mem.hashes[k.key];
    const known = p.mem.ids[k.key];
    const parentNeedsWork = parents.has(k.key) && (!known || known.type !== 'variable');
    if (!ctx.force && count.get(k.key) === 1 && h && h.h === k.hash && known && !parentNeedsWork) p.ok(k.record, known.id, 'unchanged');
    else changed++;
  }
  return { changed, keys: [...keys], ...(changed === 0 ? { result: p.finish() } : {}) };
}

// ---------------------------------------------------------------------------------------------
// orders: status, meta data and a note

export async function updateOrders(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  const p = new Pusher(ctx, 'orders');
  await p.load();
  const candidates: Item[] = [];
  for (const r of records) {
    if (!isObject(r)) {
      p.fail(r, 'invalid_record', 'the record is not an object');
      continue;
    }
    const id = typeof r.id === 'number' ? r.id : typeof r.id === 'string' && /^\d+$/.test(r.id) ? Number(r.id) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) {
      p.fail(r, 'invalid_record', `order id ${JSON.stringify(r.id)} is not a WooCommerce order id`);
      continue;
    }
    if (r.note !== undefined && typeof r.note !== 'string') {
      p.fail(r, 'invalid_record', 'note must be a string');
      continue;
    }
    const body: Rec = {};
    if (r.status !== undefined) body.status = r.status;
    if (r.meta_data !== undefined) body.meta_data = r.meta_data;
    candidates.push({ record: r, key: String(id), id, hash: recordHash({ body, note: r.note, customer_note: r.customer_note === true }), body, updateOnly: true, tries: 0 });
  }
  const changed: Item[] = [];
  const distinct = lastByKey(p, candidates);
  await p.prefetch(
    distinct.map((i) => i.key),
    { hashes: true, ids: false },
  );
  for (const i of distinct) {
    if (!ctx.force && p.mem.hashes[i.key]?.h === i.hash) p.ok(i.record, i.id as number, 'unchanged');
    else changed.push(i);
  }
  const withUpdate = changed.filter((i) => Object.keys(i.body).length > 0);
  const updated = new Set<Item>(changed.filter((i) => Object.keys(i.body).length === 0));
  await runBatches(p, 'orders/batch', withUpdate, {
    relookup: () => Promise.resolve(),
    onDone: (item) => {
      updated.add(item);
    },
  });
  for (const i of changed) {
    if (!updated.has(i)) continue;
    const note = typeof i.record.note === 'string' ? i.record.note.trim() : '';
    if (note) {
      try {
        await addNote(p, i.id as number, note, i.record.customer_note === true);
      } catch (err) {
        const e = errorInfo(err);
        p.fail(i.record, e.code, `order ${String(i.id)} note: ${e.message}`);
        continue;
      }
    }
    p.ok(i.record, i.id as number, 'updated', i.key, i.hash);
  }
  await p.save();
  return p.finish();
}

/** Adds a note; after an answer lost on the way, first checks whether the note is there already. */
async function addNote(p: Pusher, orderId: number, note: string, customerNote: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await p.ctx.client.request('POST', `orders/${orderId}/notes`, { body: { note, customer_note: customerNote }, mayCreate: true });
      return;
    } catch (err) {
      if (!(err instanceof WooError && err.ambiguous) || attempt >= MAX_RETRIES) throw err;
      const res = await p.ctx.client.request<Rec[]>('GET', `orders/${orderId}/notes`, { query: { type: customerNote ? 'customer' : 'internal' } });
      const notes = Array.isArray(res.body) ? res.body : [];
      if (notes.some((n) => isObject(n) && typeof n.note === 'string' && n.note.trim() === note)) return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// customers, by email

export async function upsertCustomers(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  const p = new Pusher(ctx, 'customers');
  await p.load();
  const storedIds = await ctx.store.get(`${ctx.prefix}customer_ids`);
  const ids: Record<string, number> = isObject(storedIds) ? { ...(storedIds as Record<string, number>) } : {};
  const candidates: Item[] = [];
  for (const r of records) {
    if (!isObject(r) || typeof r.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(r.email.trim())) {
      p.fail(r, 'invalid_record', 'the record has no valid email');
      continue;
    }
    const body = withoutControl(r);
    body.email = (r.email as string).trim();
    candidates.push({ record: r, key: (r.email as string).trim().toLowerCase(), hash: recordHash(body), body, tries: 0 });
  }
  const changed: Item[] = [];
  const distinct = lastByKey(p, candidates);
  await p.prefetch(
    distinct.map((i) => i.key),
    { hashes: true, ids: false },
  );
  for (const i of distinct) {
    const h = p.mem.hashes[i.key];
    if (!ctx.force && h && h.h === i.hash && ids[i.key]) p.ok(i.record, ids[i.key], 'unchanged');
    else changed.push(i);
  }
  const lookup = async (items: Item[]): Promise<void> => {
    for (const i of items) {
      const found = await ctx.client.list<Rec>('customers', { email: String(i.body.email), role: 'all' });
      const hit = found.find((c) => typeof c.email === 'string' && c.email.toLowerCase() === i.key);
      if (hit && typeof hit.id === 'number') ids[i.key] = hit.id;
      else delete ids[i.key];
      i.id = ids[i.key];
    }
  };
  await lookup(changed.filter((i) => !ids[i.key]));
  for (const i of changed) i.id = ids[i.key];
  await runBatches(p, 'customers/batch', changed, {
    relookup: lookup,
    // WooCommerce names no id when an email is taken: look it up (relookup) and update that customer
    existingIdOf: (e) => (e.code === 'registration-error-email-exists' ? 0 : undefined),
    onDone: (item, a, created) => {
      const id = Number(a.id);
      ids[item.key] = id;
      p.ok(item.record, id, created ? 'created' : 'updated', item.key, item.hash);
    },
  });
  await ctx.store.set(`${ctx.prefix}customer_ids`, ids);
  await p.save();
  return p.finish();
}

export async function push(ctx: PushContext, resource: Resource, records: unknown[]): Promise<PushResult> {
  switch (resource) {
    case 'products':
      return pushProducts(ctx, records);
    case 'stock':
      return pushStock(ctx, records);
    case 'prices':
      return pushPrices(ctx, records);
    case 'orders':
      return updateOrders(ctx, records);
    case 'customers':
      return upsertCustomers(ctx, records);
    default:
      throw new WooError('config', `unknown resource "${String(resource)}"`);
  }
}
