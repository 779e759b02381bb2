/**
 * Pushing records to WooCommerce: products (upsert by SKU, variations under a parent made
 * `variable`, unpublish), stock, prices, order updates with notes, customers (upsert by email).
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
import { createHash } from 'node:crypto';
import type { WooClient } from './client';
import { WooError, errorInfo } from './errors';
import { type KeyValueStore, recordHash } from './store';

export type Resource = 'products' | 'stock' | 'prices' | 'orders' | 'customers';
type Rec = Record<string, unknown>;

export interface OkRecord extends Rec {
  id: number;
  result: 'created' | 'updated' | 'unchanged';
}
export interface FailedRecord extends Rec {
  error: { code: string; message: string };
}

export interface PushResult {
  resource: Resource;
  ok: OkRecord[];
  failed: FailedRecord[];
  created: number;
  updated: number;
  unchanged: number;
  /** Stock/price records for a SKU the shop does not have, left out (`unknownSku: 'skip'`). */
  skipped: number;
  /** REST calls made by this push, retries included. */
  calls: number;
}

export interface PushContext {
  client: WooClient;
  store: KeyValueStore;
  /** Prefix of the store keys (one per shop: see shopPrefix). */
  prefix: string;
  /** Items per batch call, at most 100 (WooCommerce's limit). */
  batchSize?: number;
  /** Push every record, even one whose hash says it is unchanged (after edits in the shop). */
  force?: boolean;
  /**
   * Stock and prices for a SKU the shop does not have: 'fail' (default) reports the record as failed
   * with `sku_not_found`; 'skip' leaves it out silently (counted in `skipped`).
   */
  unknownSku?: 'fail' | 'skip';
  /** Called before each batch call: (1-based batch number, batches planned so far). */
  onBatch?: (n: number, of: number) => void;
  /**
   * Called with each input record (the object given, not a copy) and what became of it: the
   * OkRecord or FailedRecord also listed in the result, or 'skipped'. Lets a caller that pushes the
   * records of several msgs at once give each msg its own records back.
   */
  onRecord?: (record: unknown, kind: 'ok' | 'failed' | 'skipped', outcome?: OkRecord | FailedRecord) => void;
}

interface IdEntry {
  id: number;
  /** The parent product's id for a variation, 0 for a product. */
  parent: number;
  type: string;
  /** A variable product's attributes as last sent or read. */
  attributes?: Attribute[];
}

interface Attribute {
  id?: number;
  name: string;
  options: string[];
  visible?: boolean;
  variation?: boolean;
  position?: number;
}

interface Memory {
  ids: Record<string, IdEntry>;
  hashes: Record<string, { h: string; id: number }>;
}

/**
 * The per-key memory in the store: one key per SKU (`<prefix>id_<sku>`: the shop's id, shared by
 * every resource) and one per pushed record (`<prefix>push_<resource>_<key>`: the hash last pushed),
 * so a push reads and writes only the keys of its own records, never a map of the whole catalogue
 * (at 50,000 articles copying those maps per msg was most of a push's CPU). A key that is not a
 * plain identifier (letters, digits, `_`, `-`, at most 100) is stored under a digest of it
 * (`idh_`, `pushh_`). Earlier versions kept one map per kind (`<prefix>ids`, `<prefix>push_<resource>`):
 * the first push that finds one moves it into per-key entries and deletes it.
 */
function storeKey(kind: 'id' | 'push', prefix: string, resource: string, key: string): string {
  const plain = /^[A-Za-z0-9_-]{1,100}$/.test(key);
  const k = plain ? key : createHash('sha256').update(key).digest('base64url').slice(0, 27);
  if (kind === 'id') return `${prefix}id${plain ? '' : 'h'}_${k}`;
  return `${prefix}push${plain ? '' : 'h'}_${resource}_${k}`;
}

const CONTROL_KEYS = ['parent_sku', 'unpublish', 'result', 'error'];
const MAX_RETRIES = 3;

function isObject(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const skuKey = (sku: string): string => sku.trim().toLowerCase();

class Pusher {
  readonly result: PushResult;
  private readonly startCalls: number;
  private batchNo = 0;
  private planned = 0;
  mem: Memory = { ids: {}, hashes: {} };

  constructor(
    readonly ctx: PushContext,
    resource: Resource,
  ) {
    this.result = { resource, ok: [], failed: [], created: 0, updated: 0, unchanged: 0, skipped: 0, calls: 0 };
    this.startCalls = ctx.client.calls;
  }

  get size(): number {
    return Math.min(100, Math.max(1, this.ctx.batchSize ?? 100));
  }

  /** The JSON of each key as read or last written (undefined: absent), to write only what changed. */
  private readonly stored = new Map<string, string | undefined>();

  /** Moves the whole-catalogue maps of earlier versions into per-key entries (once per store). */
  async load(): Promise<void> {
    const { store, prefix } = this.ctx;
    const resource = this.result.resource;
    const legacy: [string, 'id' | 'push'][] = [
      [`${prefix}ids`, 'id'],
      [`${prefix}push_${resource}`, 'push'],
    ];
    for (const [key, kind] of legacy) {
      const map = await store.get(key);
      if (!isObject(map)) continue;
      for (const [k, v] of Object.entries(map)) {
        const target = storeKey(kind, prefix, resource, k);
        if ((await store.get(target)) === undefined) await store.set(target, v);
      }
      await store.set(key, undefined);
    }
  }

  /** Reads the ids and hashes of these keys into `mem` (copies: the store's objects are never changed). */
  async prefetch(keys: Iterable<string>, what: { ids?: boolean; hashes?: boolean } = { ids: true, hashes: true }): Promise<void> {
    const { store, prefix } = this.ctx;
    const resource = this.result.resource;
    const reads: Promise<void>[] = [];
    for (const k of new Set(keys)) {
      if (what.ids !== false) {
        const sk = storeKey('id', prefix, resource, k);
        if (!this.stored.has(sk)) {
          this.stored.set(sk, undefined);
          reads.push(
            store.get(sk).then((v) => {
              if (isObject(v) && typeof v.id === 'number') {
                this.mem.ids[k] = { ...(v as unknown as IdEntry) };
                this.stored.set(sk, JSON.stringify(v));
              }
            }),
          );
        }
      }
      if (what.hashes !== false) {
        const sk = storeKey('push', prefix, resource, k);
        if (!this.stored.has(sk)) {
          this.stored.set(sk, undefined);
          reads.push(
            store.get(sk).then((v) => {
              if (isObject(v) && typeof v.h === 'string') {
                this.mem.hashes[k] = { h: v.h, id: Number(v.id) };
                this.stored.set(sk, JSON.stringify(v));
              }
            }),
          );
        }
      }
    }
    await Promise.all(reads);
  }

  /** Writes the ids and hashes that changed since they were read or last written (one key each). */
  async save(): Promise<void> {
    const { store, prefix } = this.ctx;
    const resource = this.result.resource;
    const writes: Promise<void>[] = [];
    const put = (sk: string, value: unknown): void => {
      const json = value === undefined ? undefined : JSON.stringify(value);
      if (this.stored.get(sk) === json && this.stored.has(sk)) return;
      this.stored.set(sk, json);
      writes.push(store.set(sk, value === undefined ? undefined : (JSON.parse(json as string) as unknown)));
    };
    const idKeys = new Set(Object.keys(this.mem.ids));
    const hashKeys = new Set(Object.keys(this.mem.hashes));
    for (const k of idKeys) put(storeKey('id', prefix, resource, k), this.mem.ids[k]);
    for (const k of hashKeys) put(storeKey('push', prefix, resource, k), this.mem.hashes[k]);
    // keys deleted from memory: deleted in the store
    for (const k of this.forgotten.ids) if (!idKeys.has(k)) put(storeKey('id', prefix, resource, k), undefined);
    for (const k of this.forgotten.hashes) if (!hashKeys.has(k)) put(storeKey('push', prefix, resource, k), undefined);
    this.forgotten.ids.clear();
    this.forgotten.hashes.clear();
    await Promise.all(writes);
  }

  /** Keys deleted from `mem` since the last save (their store keys are deleted by save()). */
  readonly forgotten = { ids: new Set<string>(), hashes: new Set<string>() };

  forgetId(k: string): void {
    delete this.mem.ids[k];
    this.forgotten.ids.add(k);
  }

  forgetHash(k: string): void {
    delete this.mem.hashes[k];
    this.forgotten.hashes.add(k);
  }

  plan(batches: number): void {
    this.planned += batches;
  }

  nextBatch(): void {
    this.batchNo += 1;
    if (this.batchNo > this.planned) this.planned = this.batchNo;
    this.ctx.onBatch?.(this.batchNo, this.planned);
  }

  ok(record: Rec, id: number, result: OkRecord['result'], key?: string, hash?: string): void {
    const ok: OkRecord = { ...record, id, result };
    this.result.ok.push(ok);
    this.result[result] += 1;
    if (key !== undefined && hash !== undefined) this.mem.hashes[key] = { h: hash, id };
    this.ctx.onRecord?.(record, 'ok', ok);
  }

  fail(record: unknown, code: string, message: string): void {
    const failed: FailedRecord = { ...(isObject(record) ? record : { value: record }), error: { code, message } };
    this.result.failed.push(failed);
    this.ctx.onRecord?.(record, 'failed', failed);
  }

  skip(record: unknown): void {
    this.result.skipped += 1;
    this.ctx.onRecord?.(record, 'skipped');
  }

  finish(): PushResult {
    this.result.calls = this.ctx.client.calls - this.startCalls;
    return this.result;
  }

  /** Looks SKUs up in the shop (comma lists of up to 100), filling `mem.ids`; returns those found. */
  async lookup(skus: Iterable<string>): Promise<Set<string>> {
    const wanted = [...new Set([...skus].map((s) => s.trim()).filter((s) => s !== ''))];
    const found = new Set<string>();
    const listable = wanted.filter((s) => !s.includes(','));
    const groups: string[][] = [];
    for (let i = 0; i < listable.length; i += 100) groups.push(listable.slice(i, i + 100));
    for (const s of wanted.filter((x) => x.includes(','))) groups.push([s]);
    for (const group of groups) {
      // status=any: drafts and private products are found too (an unpublished article stays one product)
      const items = await this.ctx.client.list<Rec>('products', { sku: group.join(','), status: 'any' });
      for (const p of items) {
        if (typeof p.sku !== 'string' || typeof p.id !== 'number') continue;
        const k = skuKey(p.sku);
        if (!group.some((g) => skuKey(g) === k)) continue;
        const parent = typeof p.parent_id === 'number' && p.type === 'variation' ? p.parent_id : 0;
        const entry: IdEntry = { id: p.id, parent, type: String(p.type ?? 'simple') };
        if (p.type === 'variable' && Array.isArray(p.attributes)) entry.attributes = (p.attributes as Attribute[]).map(cleanAttribute);
        this.mem.ids[k] = entry;
        found.add(k);
      }
    }
    for (const s of wanted) if (!found.has(skuKey(s))) this.forgetId(skuKey(s));
    return found;
  }
}

function cleanAttribute(a: Attribute): Attribute {
  const out: Attribute = { name: String(a.name), options: Array.isArray(a.options) ? a.options.map(String) : [] };
  if (a.id) out.id = a.id;
  if (a.visible !== undefined) out.visible = a.visible;
  if (a.variation !== undefined) out.variation = a.variation;
  if (a.position !== undefined) out.position = a.position;
  return out;
}

/** What a record's hash covers: everything but our answer keys. */
function hashable(record: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (k !== 'id' && k !== 'result' && k !== 'error') out[k] = v;
  return out;
}

function withoutControl(record: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (!CONTROL_KEYS.includes(k) && k !== 'id') out[k] = v;
  return out;
}

/** A variation's attributes as WooCommerce wants them ({name, option}), from either shape. */
function variationAttributes(record: Rec): { name: string; option: string }[] {
  const list = Array.isArray(record.attributes) ? record.attributes : [];
  const out: { name: string; option: string }[] = [];
  for (const a of list) {
    if (!isObject(a) || typeof a.name !== 'string' || a.name.trim() === '') continue;
    const option = typeof a.option === 'string' ? a.option : Array.isArray(a.options) && a.options.length > 0 ? String(a.options[0]) : '';
    if (option !== '') out.push({ name: a.name.trim(), option });
  }
  return out;
}

/** Merges variation options into a parent's attributes (names compared case-insensitively). */
function mergeAttributes(base: Attribute[], add: { name: string; option: string }[]): { attributes: Attribute[]; changed: boolean } {
  const attributes = base.map((a) => ({ ...a, options: [...a.options] }));
  let changed = false;
  for (const { name, option } of add) {
    let a = attributes.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!a) {
      a = { name, options: [], visible: true, variation: true };
      attributes.push(a);
      changed = true;
    }
    if (!a.variation) {
      a.variation = true;
      changed = true;
    }
    if (!a.options.some((o) => o.toLowerCase() === option.toLowerCase())) {
      a.options.push(option);
      changed = true;
    }
  }
  return { attributes, changed };
}

interface Item {
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
async function runBatches(
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

function skuError(record: unknown): string | undefined {
  if (!isObject(record)) return 'the record is not an object';
  if (typeof record.sku !== 'string' || record.sku.trim() === '') return 'the record has no sku';
  return undefined;
}

/** Splits off records that repeat a key: the last one wins, the others fail. */
function lastByKey<T extends { key: string; record: Rec }>(p: Pusher, list: T[]): T[] {
  const last = new Map<string, T>();
  for (const x of list) {
    const before = last.get(x.key);
    if (before) p.fail(before.record, 'duplicate_key', `${x.key} appears more than once in the payload; the last one was pushed`);
    last.set(x.key, x);
  }
  return [...last.values()];
}

/** Category names -> ids (looked up by name, the missing ones created in one batch). */
async function resolveCategories(p: Pusher, items: Item[]): Promise<void> {
  const names = new Set<string>();
  for (const i of items) {
    const cats = i.body.categories;
    if (!Array.isArray(cats)) continue;
    for (const c of cats) if (isObject(c) && c.id === undefined && typeof c.name === 'string' && c.name.trim()) names.add(c.name.trim());
  }
  if (names.size === 0) return;
  const key = `${p.ctx.prefix}categories`;
  const stored = await p.ctx.store.get(key);
  const known: Record<string, number> = isObject(stored) ? { ...(stored as Record<string, number>) } : {};
  const missing: string[] = [];
  for (const name of names) {
    if (known[name.toLowerCase()]) continue;
    const found = await p.ctx.client.list<Rec>('products/categories', { search: name });
    const hit = found.find((c) => typeof c.name === 'string' && decodeHtml(c.name).toLowerCase() === name.toLowerCase());
    if (hit && typeof hit.id === 'number') known[name.toLowerCase()] = hit.id;
    else missing.push(name);
  }
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const res = await p.ctx.client.request<Rec>('POST', 'products/categories/batch', { body: { create: chunk.map((name) => ({ name })) }, mayCreate: true });
    const created = Array.isArray(res.body.create) ? res.body.create : [];
    chunk.forEach((name, n) => {
      const c = created[n];
      if (isObject(c) && typeof c.id === 'number') known[name.toLowerCase()] = c.id;
      else if (isObject(c) && isObject(c.error) && isObject(c.error.data) && typeof c.error.data.resource_id === 'number') {
        known[name.toLowerCase()] = c.error.data.resource_id; // term_exists
      }
    });
  }
  await p.ctx.store.set(key, known);
  for (const i of items) {
    const cats = i.body.categories;
    if (!Array.isArray(cats)) continue;
    i.body.categories = cats
      .map((c) => (isObject(c) && c.id === undefined && typeof c.name === 'string' ? { id: known[c.name.trim().toLowerCase()] } : c))
      .filter((c) => isObject(c) && typeof c.id === 'number');
  }
}

function decodeHtml(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#0?39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

const invalidSkuId = (e: Rec): number | undefined =>
  e.code === 'product_invalid_sku' && typeof e.resource_id === 'number' ? e.resource_id : undefined;

// ---------------------------------------------------------------------------------------------
// products

export async function pushProducts(ctx: PushContext, records: unknown[]): Promise<PushResult> {
  const p = new Pusher(ctx, 'products');
  await p.load();
  const candidates: Item[] = [];
  for (const r of records) {
    const bad = skuError(r);
    if (bad) {
      p.fail(r, 'invalid_record', bad);
      continue;
    }
    const record = r as Rec;
    candidates.push({ record, key: skuKey(record.sku as string), hash: recordHash(hashable(record)), body: withoutControl(record), tries: 0 });
  }
  const all = lastByKey(p, candidates);
  await p.prefetch([...all.map((i) => i.key), ...all.filter(variantsOfParent).map((i) => skuKey(String(i.record.parent_sku)))]);
  // every parent named by a variation of this push (changed or not)
  const variantsOf = new Map<string, Item[]>();
  for (const i of all) {
    if (typeof i.record.parent_sku === 'string' && i.record.parent_sku.trim()) {
      const k = skuKey(i.record.parent_sku);
      variantsOf.set(k, [...(variantsOf.get(k) ?? []), i]);
    }
  }
  const changed: Item[] = [];
  for (const i of all) {
    const h = p.mem.hashes[i.key];
    const known = p.mem.ids[i.key];
    const parentNeedsWork = variantsOf.has(i.key) && (!known || known.type !== 'variable');
    if (!ctx.force && h && h.h === i.hash && known && !parentNeedsWork) p.ok(i.record, known.id, 'unchanged');
    else changed.push(i);
  }
  if (changed.length === 0) return p.finish();

  const products = changed.filter((i) => !variantsOfParent(i));
  const variations = changed.filter((i) => variantsOfParent(i));
  // look up what we have no id for: changed records and the parents of changed variations
  const unknown = new Set<string>();
  for (const i of changed) if (!p.mem.ids[i.key]) unknown.add(String(i.record.sku));
  for (const v of variations) {
    const parent = String(v.record.parent_sku);
    if (!p.mem.ids[skuKey(parent)] && !products.some((x) => x.key === skuKey(parent))) unknown.add(parent);
  }
  if (unknown.size > 0) await p.lookup(unknown);

  // products (parents first: their variations need their ids)
  const productItems: Item[] = [];
  for (const i of products) {
    const known = p.mem.ids[i.key];
    if (known && known.parent !== 0) {
      p.fail(i.record, 'product_invalid_sku', `${String(i.record.sku)} is a variation in the shop; give its parent_sku`);
      continue;
    }
    if (i.record.unpublish === true) {
      if (!known) {
        p.ok(i.record, 0, 'unchanged', i.key, i.hash);
        continue;
      }
      i.body = { status: 'draft' };
      i.updateOnly = true;
    } else {
      const kids = variantsOf.get(i.key);
      if (kids || known?.type === 'variable') {
        i.body.type = 'variable';
        const own = Array.isArray(i.body.attributes) ? (i.body.attributes as Attribute[]).filter((a) => isObject(a) && typeof a.name === 'string').map(cleanAttribute) : (known?.attributes ?? []);
        const add = (kids ?? []).flatMap((k) => variationAttributes(k.record));
        const keep = (known?.attributes ?? []).filter((a) => a.variation).flatMap((a) => a.options.map((o) => ({ name: a.name, option: o })));
        i.body.attributes = mergeAttributes(own, [...keep, ...add]).attributes;
        // a variable product has no price or stock of its own in WooCommerce's model
        delete i.body.regular_price;
        delete i.body.sale_price;
      }
    }
    i.id = known?.id;
    productItems.push(i);
  }
  await resolveCategories(p, productItems);
  const relookProducts = async (items: Item[]): Promise<void> => {
    await p.lookup(items.map((i) => String(i.record.sku)));
    for (const i of items) i.id = p.mem.ids[i.key]?.id;
  };
  await runBatches(p, 'products/batch', productItems, {
    relookup: relookProducts,
    existingIdOf: invalidSkuId,
    onDone: (item, a, created) => {
      const id = Number(a.id);
      const entry: IdEntry = { id, parent: 0, type: String(a.type ?? item.body.type ?? 'simple') };
      if (entry.type === 'variable' && Array.isArray(a.attributes)) entry.attributes = (a.attributes as Attribute[]).map(cleanAttribute);
      p.mem.ids[item.key] = entry;
      p.ok(item.record, id, created ? 'created' : 'updated', item.key, item.hash);
    },
  });

  // variations, per parent
  const byParent = new Map<string, Item[]>();
  for (const v of variations) {
    const k = skuKey(String(v.record.parent_sku));
    byParent.set(k, [...(byParent.get(k) ?? []), v]);
  }
  for (const [parentKey, items] of byParent) {
    const parent = p.mem.ids[parentKey];
    if (!parent || parent.parent !== 0) {
      const why = p.result.failed.find((f) => isObject(f) && typeof f.sku === 'string' && skuKey(f.sku) === parentKey);
      for (const i of items) {
        p.fail(i.record, 'parent_not_found', `parent ${String(i.record.parent_sku)} of ${String(i.record.sku)} is not in the shop${why ? ` (it failed: ${why.error.message})` : ''}`);
      }
      continue;
    }
    // the parent must be variable and offer every option its variations use
    const wanted = items.flatMap((i) => variationAttributes(i.record));
    const base = parent.attributes ?? [];
    const merged = mergeAttributes(base, wanted);
    if (parent.type !== 'variable' || merged.changed) {
      try {
        let current = base;
        if (!parent.attributes) {
          const res = await p.ctx.client.request<Rec>('GET', `products/${parent.id}`);
          current = Array.isArray(res.body.attributes) ? (res.body.attributes as Attribute[]).map(cleanAttribute) : [];
        }
        const attributes = mergeAttributes(current, wanted).attributes;
        const res = await p.ctx.client.request<Rec>('PUT', `products/${parent.id}`, { body: { type: 'variable', attributes } });
        parent.type = String(res.body.type ?? 'variable');
        parent.attributes = Array.isArray(res.body.attributes) ? (res.body.attributes as Attribute[]).map(cleanAttribute) : attributes;
        // the parent changed in the shop: its pushed hash no longer describes it
        p.forgetHash(parentKey);
      } catch (err) {
        const e = errorInfo(err);
        for (const i of items) p.fail(i.record, e.code, `parent ${String(i.record.parent_sku)}: ${e.message}`);
        continue;
      }
    }
    const varItems: Item[] = [];
    for (const i of items) {
      const known = p.mem.ids[i.key];
      if (known && known.parent !== parent.id) {
        p.fail(i.record, 'product_invalid_sku', `${String(i.record.sku)} exists in the shop ${known.parent ? `under another parent (${known.parent})` : 'as a product'}`);
        continue;
      }
      const body = withoutControl(i.record);
      for (const k of ['name', 'type', 'categories', 'short_description', 'featured', 'catalog_visibility', 'slug', 'grouped_products', 'default_attributes', 'images']) delete body[k];
      body.attributes = variationAttributes(i.record);
      if (i.record.unpublish === true) {
        if (!known) {
          p.ok(i.record, 0, 'unchanged', i.key, i.hash);
          continue;
        }
        i.body = { status: 'private' };
        i.updateOnly = true;
      } else i.body = body;
      i.id = known?.id;
      varItems.push(i);
    }
    await runBatches(p, `products/${parent.id}/variations/batch`, varItems, {
      relookup: relookProducts,
      existingIdOf: invalidSkuId,
      onDone: (item, a, created) => {
        const id = Number(a.id);
        p.mem.ids[item.key] = { id, parent: parent.id, type: 'variation' };
        p.ok(item.record, id, created ? 'created' : 'updated', item.key, item.hash);
      },
    });
  }
  await p.save();
  return p.finish();
}

function variantsOfParent(i: Item): boolean {
  return typeof i.record.parent_sku === 'string' && i.record.parent_sku.trim() !== '';
}

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
