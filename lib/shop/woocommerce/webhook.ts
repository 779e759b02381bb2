/**
 * Dedupe of WooCommerce webhook deliveries and redeliveries, with the confirmation mode that
 * hands a resource on again until the flow confirms it was handed over.
 *
 * Dedupe: one store key per resource (`<prefix>seen_<resource>_<id>`) holding the newest
 * `date_modified_gmt` handed on and the latest delivery ids. A delivery is a duplicate when its
 * delivery id was seen, or when the resource's modification date is not newer than the one handed
 * on (WooCommerce's redeliveries and the reconciliation poll then find nothing new). Deliveries of one
 * resource are decided one at a time within a process; across processes sharing a store the check
 * is as atomic as the store (Node-RED's context stores are last-writer-wins).
 *
 * Confirmation mode (`confirm: true`): a resource handed on is *pending* (`p` in its key, and an entry
 * in the index the sweep reads) until `confirm()` is called with it, i.e. until
 * the flow says it was handed over (the upload to Pyramid confirmed). A duplicate of a pending
 * resource is still a duplicate within the hand-over time, but after it the resource is handed on
 * again (verdict 'again', attempt 2, 3, ...), by a redelivery or by `overdue()` (the poll's sweep).
 * Handing on again is safe downstream: the same order is the same file name for pyramid-ftp-out
 * and the same external order number for Pyramid.
 *
 * The pending index is kept in INDEX_SHARDS store keys (`<prefix>pending_<nn>`, a resource in shard
 * id % INDEX_SHARDS), so a webhook or a confirmation rewrites one small shard, not an index of every
 * order in flight (which in a burst is thousands: copying it whole per webhook made P4 quadratic).
 * Each shard is read from the store before it is changed, so instances sharing a store keep each
 * other's entries (as last-writer-wins as the store, per shard). The pending count for the status is
 * kept per shard in memory, refreshed whenever a shard is read (every sweep reads them all). An index
 * in the single key `<prefix>pending` of earlier versions is moved into the shards on first use.
 */
import type { KeyValueStore } from './store';

export { isPingBody, modifiedOf, verifySignature, webhookMeta, type WebhookMeta } from './webhook-meta';

interface Seen {
  /** Newest modification handed on. */
  m?: string;
  /** Latest delivery ids (at most KEEP). */
  d?: string[];
  /** When last handed on (ms). */
  t?: number;
  /** 1 while the resource is handed on but not confirmed (confirmation mode only). */
  p?: 1;
  /** The topic it was first handed on with, while pending (a re-emit repeats it). */
  tp?: string;
  /** How often the pending state was handed on. */
  n?: number;
  /** 1 once handed over (confirmed, or emitted without confirmation). */
  h?: 1;
}

const KEEP = 20;
/** How many store keys the pending index is spread over. */
export const INDEX_SHARDS = 64;

type IndexShard = Record<string, { r: string; id: number }>;

/** A delivery's fate: false = a duplicate; 'again' = a pending resource whose hand-over time ran out. */
export type Verdict = false | 'first' | 'newer' | 'again';

export interface Decision {
  verdict: Verdict;
  /** 1 the first time a state is handed on, 2+ when handed on again because it was not confirmed. */
  attempt: number;
  /** The topic to hand it on with: a pending `order.created` stays `order.created` when emitted again. */
  topic?: string;
}

export interface DeduperOptions {
  /**
   * Confirmation mode: a resource handed on is pending until `confirm()` is called for it; a pending
   * resource is handed on again (by a redelivery or `overdue()`) once `handOverMs` have passed.
   */
  confirm?: boolean;
  /** How long a pending resource is given to be confirmed (default 5 min). */
  handOverMs?: number;
  /**
   * Each resource once: after it was handed over (confirmed, or emitted when confirmation is off),
   * later states of it are not emitted (an order goes to Pyramid once; the shop's own updates of it,
   * some made by the integration itself, are not new orders).
   */
  once?: boolean;
  now?: () => number;
}

/** One pending resource, as `overdue()` lists it. */
export interface PendingEntry {
  resource: string;
  id: number;
  topic: string;
  /** The modification handed on. */
  modified: string | null;
  /** When last handed on (ms). */
  since: number;
  attempt: number;
}

export class Deduper {
  private readonly locks = new Map<string, Promise<unknown>>();
  readonly confirmMode: boolean;
  readonly handOverMs: number;
  readonly once: boolean;
  private readonly now: () => number;
  /** Entries per index shard as last read or written (for the pending count). */
  private readonly shardSizes = new Map<number, number>();
  private indexReady: Promise<void> | undefined;

  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix: string,
    options: DeduperOptions = {},
  ) {
    this.confirmMode = options.confirm === true;
    this.handOverMs = Math.max(0, options.handOverMs ?? 5 * 60_000);
    this.once = options.once === true;
    this.now = options.now ?? Date.now;
  }

  private keyOf(resource: string, id: number): string {
    return `${this.prefix}seen_${safe(resource)}_${id}`;
  }

  /** The single index key of earlier versions (moved into the shards on first use). */
  private get legacyIndexKey(): string {
    return `${this.prefix}pending`;
  }

  private shardOf(id: number): number {
    return Math.abs(Math.trunc(id)) % INDEX_SHARDS;
  }

  private shardKey(shard: number): string {
    return `${this.prefix}pending_${String(shard).padStart(2, '0')}`;
  }

  private async readShard(shard: number): Promise<IndexShard> {
    const raw = await this.store.get(this.shardKey(shard));
    const idx = typeof raw === 'object' && raw !== null ? (raw as IndexShard) : {};
    // a store that keeps values by reference gives back the shard written here: its size is known
    this.shardSizes.set(shard, writtenSizes.get(idx) ?? Object.keys(idx).length);
    return idx;
  }

  /**
   * Once per Deduper: an index of earlier versions (one key) is moved into the shards, and every
   * shard's size is read for the pending count.
   */
  private ready(): Promise<void> {
    this.indexReady ??= (async () => {
      const legacy = await this.store.get(this.legacyIndexKey);
      if (typeof legacy === 'object' && legacy !== null) {
        const entries = Object.values(legacy as IndexShard).filter((e) => typeof e?.r === 'string' && typeof e.id === 'number');
        for (const e of entries) await this.index(e.r, e.id, true);
        await this.store.set(this.legacyIndexKey, undefined);
      }
      for (let i = 0; i < INDEX_SHARDS; i++) if (!this.shardSizes.has(i)) await this.locked(this.shardKey(i), () => this.readShard(i));
    })();
    this.indexReady.catch(() => {
      // a store error: try again next time
      this.indexReady = undefined;
    });
    return this.indexReady;
  }

  /** Runs `fn` after every earlier call for the same key has finished (one process). */
  private locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const next = before.then(fn, fn);
    this.locks.set(key, next);
    void next.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      if (this.locks.get(key) === next) this.locks.delete(key);
    });
    return next;
  }

  /** Whether anything of this resource was handed on before. */
  async wasSeen(resource: string, id: number): Promise<boolean> {
    const raw = await this.store.get(this.keyOf(resource, id));
    return typeof raw === 'object' && raw !== null;
  }

  /**
   * Decides one delivery: 'first' when the resource was never handed on, 'newer' when it was but this
   * is a newer state (both record it as handed on), false for a duplicate. Without a resource id
   * (nothing to key on) a delivery is judged by its delivery id alone.
   */
  async accept(resource: string, id: number | null, delivery: string | null, modified: string | null): Promise<Verdict> {
    return (await this.decide(resource, id, delivery, modified)).verdict;
  }

  /**
   * As `accept`, with the attempt number and, in confirmation mode, the pending bookkeeping: a
   * resource handed on becomes pending; a duplicate of a pending resource is handed on again
   * ('again') once the hand-over time has passed since it was last handed on.
   */
  decide(resource: string, id: number | null, delivery: string | null, modified: string | null, topic?: string): Promise<Decision> {
    const key = id === null ? `${this.prefix}seen_delivery_${safe(delivery ?? 'none')}` : this.keyOf(resource, id);
    const run = async (): Promise<Decision> => {
      const raw = await this.store.get(key);
      const seen: Seen = typeof raw === 'object' && raw !== null ? (raw as Seen) : {};
      const deliveries = Array.isArray(seen.d) ? seen.d : [];
      const now = this.now();
      const handedOver = this.once && id !== null && (seen.h === 1 || (!this.confirmMode && (seen.m !== undefined || deliveries.length > 0)));
      const isDuplicate =
        handedOver || (delivery !== null && deliveries.includes(delivery)) || (id !== null && modified !== null && seen.m !== undefined && !newer(modified, seen.m));
      if (isDuplicate) {
        if (id !== null && this.confirmMode && seen.p === 1 && now - (seen.t ?? 0) >= this.handOverMs) {
          // pending and not confirmed in time: hand it on again
          const attempt = (seen.n ?? 1) + 1;
          await this.store.set(key, { ...seen, d: delivery && !deliveries.includes(delivery) ? [...deliveries, delivery].slice(-KEEP) : deliveries, t: now, n: attempt });
          return { verdict: 'again', attempt, topic: seen.tp };
        }
        // the same state of the resource again: remember this delivery id too
        if (delivery && !deliveries.includes(delivery) && id !== null) await this.store.set(key, { ...seen, d: [...deliveries, delivery].slice(-KEEP) });
        return { verdict: false, attempt: seen.n ?? 1, topic: seen.tp };
      }
      const verdict: Verdict = seen.m || deliveries.length > 0 ? 'newer' : 'first';
      if (id === null && !delivery) return { verdict, attempt: 1, topic };
      const pending = this.confirmMode && id !== null;
      // a newer state of a pending resource keeps the topic it was first handed on with
      const handTopic = pending && seen.p === 1 && seen.tp ? seen.tp : topic;
      const next: Seen = {
        m: modified && (!seen.m || newer(modified, seen.m)) ? modified : seen.m,
        d: delivery ? [...deliveries, delivery].slice(-KEEP) : deliveries,
        t: now,
      };
      if (pending) {
        // the index first: a crash between the two writes leaves an index entry the sweep drops
        await this.index(resource, id, true);
        Object.assign(next, { p: 1, n: 1, ...(handTopic ? { tp: handTopic } : {}) });
      }
      await this.store.set(key, next);
      return { verdict, attempt: 1, topic: handTopic };
    };
    return this.locked(key, run);
  }

  /**
   * Marks a pending resource as handed over. `modified` (the state that was handed on, from
   * `msg.woocommerce.modified`) keeps it pending when a newer state was handed on since. Answers
   * whether something pending was confirmed.
   */
  confirm(resource: string, id: number, modified?: string | null): Promise<boolean> {
    const key = this.keyOf(resource, id);
    return this.locked(key, async () => {
      const raw = await this.store.get(key);
      const seen: Seen | undefined = typeof raw === 'object' && raw !== null ? (raw as Seen) : undefined;
      if (!seen || seen.p !== 1) {
        await this.index(resource, id, false);
        return false;
      }
      if (modified && seen.m && newer(seen.m, modified)) return false;
      const rest: Seen = { ...seen, h: 1 };
      delete rest.p;
      delete rest.tp;
      delete rest.n;
      await this.store.set(key, rest);
      await this.index(resource, id, false);
      return true;
    });
  }

  /**
   * How many resources are pending (from the index shards as last read or written here: across
   * instances as current as the last sweep).
   */
  async pendingCount(): Promise<number> {
    await this.ready();
    let n = 0;
    for (const size of this.shardSizes.values()) n += size;
    return n;
  }

  /**
   * The pending resources whose hand-over time has run out, each marked as handed on again (the
   * caller emits them). Index entries that are no longer pending are dropped. `takes` limits it to
   * what the calling node hands on (its topics): the others stay as they are.
   */
  async overdue(takes: (resource: string, topic: string) => boolean = () => true): Promise<PendingEntry[]> {
    await this.ready();
    const entries: { r: string; id: number }[] = [];
    for (let i = 0; i < INDEX_SHARDS; i++) entries.push(...Object.values(await this.locked(this.shardKey(i), () => this.readShard(i))));
    const out: PendingEntry[] = [];
    for (const e of entries) {
      if (typeof e?.r !== 'string' || typeof e.id !== 'number') continue;
      const key = this.keyOf(e.r, e.id);
      const entry = await this.locked(key, async (): Promise<PendingEntry | null | 'gone'> => {
        const s = await this.store.get(key);
        const seen: Seen | undefined = typeof s === 'object' && s !== null ? (s as Seen) : undefined;
        if (!seen || seen.p !== 1) return 'gone';
        // the index is shared by every node of one shop: a resource another node handed on (an
        // order, for the customers node) is that node's to hand on again
        if (!takes(e.r, seen.tp ?? `${e.r}.updated`)) return null;
        const now = this.now();
        if (now - (seen.t ?? 0) < this.handOverMs) return null;
        const attempt = (seen.n ?? 1) + 1;
        await this.store.set(key, { ...seen, t: now, n: attempt });
        return { resource: e.r, id: e.id, topic: seen.tp ?? `${e.r}.updated`, modified: seen.m ?? null, since: seen.t ?? 0, attempt };
      });
      if (entry === 'gone') await this.index(e.r, e.id, false);
      else if (entry) out.push(entry);
    }
    return out;
  }

  /**
   * Records a newer state found when a pending resource is fetched again for `overdue()`, so a
   * redelivery of that state is a duplicate and a confirmation of it is accepted.
   */
  noteModified(resource: string, id: number, modified: string | null): Promise<void> {
    if (!modified) return Promise.resolve();
    const key = this.keyOf(resource, id);
    return this.locked(key, async () => {
      const s = await this.store.get(key);
      const seen: Seen | undefined = typeof s === 'object' && s !== null ? (s as Seen) : undefined;
      if (seen && (!seen.m || newer(modified, seen.m))) await this.store.set(key, { ...seen, m: modified });
    });
  }

  /** Stops tracking a pending resource that cannot be handed on again (deleted in the shop). */
  drop(resource: string, id: number): Promise<boolean> {
    return this.confirm(resource, id);
  }

  /** Adds or removes one entry of the index: one shard is read and written (a copy, never mutated). */
  private index(resource: string, id: number, add: boolean): Promise<void> {
    const name = `${safe(resource)}_${id}`;
    const shard = this.shardOf(id);
    const key = this.shardKey(shard);
    return this.locked(key, async () => {
      const idx = await this.readShard(shard);
      if (add === name in idx) return;
      const next: IndexShard = {};
      for (const k in idx) if (k !== name) next[k] = idx[k];
      if (add) next[name] = { r: resource, id };
      const size = (this.shardSizes.get(shard) ?? 0) + (add ? 1 : -1);
      writtenSizes.set(next, size);
      await this.store.set(key, next);
      this.shardSizes.set(shard, size);
    });
  }
}

/** Entries of the shards written here (the objects are never changed after they are written). */
const writtenSizes = new WeakMap<object, number>();

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

/** a > b for WooCommerce dates (ISO 8601 without zone = same zone on both sides). */
function newer(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta > tb;
  return a > b;
}
