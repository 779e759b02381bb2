/**
 * One push in progress: its result, the per-key memory it reads and writes in the store, batch
 * numbering, and looking SKUs up in the shop.
 */
import { cleanAttribute, isObject, skuKey, storeKey, type Attribute, type IdEntry, type Memory, type OkRecord, type FailedRecord, type PushContext, type PushResult, type Rec, type Resource } from './push-types';

export class Pusher {
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
