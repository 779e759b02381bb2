/**
 * Operations counters for the editor's "Pyramid" sidebar: what each message node and each
 * web-service endpoint did in the last hour and the last day. Memory is fixed per node whatever
 * the traffic: counts live in rings of time buckets (60 one-minute buckets for the hour, 96
 * quarter-hour buckets for the day), latencies in per-minute log-scale histograms, errors in a
 * short ring of the most recent ones. Nothing here knows Node-RED; the nodes feed it through the
 * registry at the bottom, the admin endpoints read it.
 */

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Counters kept per time bucket in a ring: a bucket remembers which slot of time it holds. */
export class BucketRing {
  private readonly slots: Float64Array;
  private readonly values: Float64Array;

  constructor(
    readonly bucketMs: number,
    readonly buckets: number,
    readonly fields: number,
  ) {
    this.slots = new Float64Array(buckets).fill(-1);
    this.values = new Float64Array(buckets * fields);
  }

  add(now: number, field: number, amount: number): void {
    const slot = Math.floor(now / this.bucketMs);
    const i = slot % this.buckets;
    if (this.slots[i] !== slot) {
      this.slots[i] = slot;
      this.values.fill(0, i * this.fields, (i + 1) * this.fields);
    }
    this.values[i * this.fields + field] += amount;
  }

  /** Sum of a field over the buckets of the last `buckets` slots, the current one included. */
  sum(now: number, field: number): number {
    const current = Math.floor(now / this.bucketMs);
    let total = 0;
    for (let i = 0; i < this.buckets; i++) {
      const slot = this.slots[i];
      if (slot > current - this.buckets && slot <= current) total += this.values[i * this.fields + field];
    }
    return total;
  }
}

/** Counts over the last hour (to the minute) and the last day (to the quarter hour). */
export class WindowCounters<K extends string> {
  private readonly index: Record<K, number>;
  private readonly hour: BucketRing;
  private readonly day: BucketRing;

  constructor(readonly names: readonly K[]) {
    this.index = Object.fromEntries(names.map((n, i) => [n, i])) as Record<K, number>;
    this.hour = new BucketRing(MINUTE, HOUR / MINUTE, names.length);
    this.day = new BucketRing(QUARTER, DAY / QUARTER, names.length);
  }

  add(name: K, amount: number, now: number): void {
    if (!(amount > 0)) return;
    const f = this.index[name];
    this.hour.add(now, f, amount);
    this.day.add(now, f, amount);
  }

  lastHour(name: K, now: number): number {
    return this.hour.sum(now, this.index[name]);
  }

  lastDay(name: K, now: number): number {
    return this.day.sum(now, this.index[name]);
  }

  snapshot(now: number): { hour: Record<K, number>; day: Record<K, number> } {
    const hour = {} as Record<K, number>;
    const day = {} as Record<K, number>;
    for (const n of this.names) {
      hour[n] = this.lastHour(n, now);
      day[n] = this.lastDay(n, now);
    }
    return { hour, day };
  }
}

/**
 * Latencies of the last hour: one histogram per minute, bins on a log scale (each bin 5 % wider
 * than the one before), so a quantile is read to within 5 % whatever the number of calls. The
 * smallest and largest latency of the hour are kept exactly and bound every estimate.
 */
export class LatencyWindow {
  static readonly GROWTH = 1.05;
  /** Bins: 0 for <= 1 ms, then up to 1.05^400 ms (about 3.4 days); longer calls land in the last. */
  static readonly BINS = 401;
  private readonly minutes = HOUR / MINUTE;
  private readonly slots = new Float64Array(HOUR / MINUTE).fill(-1);
  private readonly counts = new Uint32Array((HOUR / MINUTE) * LatencyWindow.BINS);
  private readonly mins = new Float64Array(HOUR / MINUTE);
  private readonly maxs = new Float64Array(HOUR / MINUTE);

  static bin(ms: number): number {
    if (!(ms > 1)) return 0;
    return Math.min(LatencyWindow.BINS - 1, Math.ceil(Math.log(ms) / Math.log(LatencyWindow.GROWTH)));
  }

  /** The upper bound (ms) of a bin. */
  static upper(bin: number): number {
    return bin === 0 ? 1 : LatencyWindow.GROWTH ** bin;
  }

  add(ms: number, now: number): void {
    const slot = Math.floor(now / MINUTE);
    const i = slot % this.minutes;
    if (this.slots[i] !== slot) {
      this.slots[i] = slot;
      this.counts.fill(0, i * LatencyWindow.BINS, (i + 1) * LatencyWindow.BINS);
      this.mins[i] = Infinity;
      this.maxs[i] = -Infinity;
    }
    const v = Math.max(0, ms);
    this.counts[i * LatencyWindow.BINS + LatencyWindow.bin(v)]++;
    this.mins[i] = Math.min(this.mins[i], v);
    this.maxs[i] = Math.max(this.maxs[i], v);
  }

  /** Count, median, p95, min and max (ms) over the last hour; undefined figures when no call. */
  summary(now: number): { count: number; median?: number; p95?: number; min?: number; max?: number } {
    const current = Math.floor(now / MINUTE);
    const merged = new Float64Array(LatencyWindow.BINS);
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < this.minutes; i++) {
      const slot = this.slots[i];
      if (!(slot > current - this.minutes && slot <= current)) continue;
      for (let b = 0; b < LatencyWindow.BINS; b++) {
        const c = this.counts[i * LatencyWindow.BINS + b];
        if (c) {
          merged[b] += c;
          count += c;
        }
      }
      min = Math.min(min, this.mins[i]);
      max = Math.max(max, this.maxs[i]);
    }
    if (count === 0) return { count: 0 };
    const quantile = (q: number): number => {
      // nearest rank: the smallest value with at least q of the calls at or below it
      const rank = Math.max(1, Math.ceil(q * count));
      let seen = 0;
      for (let b = 0; b < LatencyWindow.BINS; b++) {
        seen += merged[b];
        // the last bin is open-ended: its calls are known only to be at most the hour's maximum
        if (seen >= rank) return Math.round(b === LatencyWindow.BINS - 1 ? max : Math.min(max, Math.max(min, LatencyWindow.upper(b))));
      }
      return Math.round(max);
    };
    return { count, median: quantile(0.5), p95: quantile(0.95), min: Math.round(min), max: Math.round(max) };
  }
}

export interface RecentError {
  /** ISO 8601. */
  time: string;
  text: string;
  code?: string;
}

/** The last few errors, newest last. Texts are cut to a sane length. */
export class ErrorRing {
  private readonly items: RecentError[] = [];

  constructor(
    readonly size = 10,
    readonly maxText = 2000,
  ) {}

  add(text: string, now: number, code?: string): void {
    const t = text.length > this.maxText ? text.slice(0, this.maxText - 1) + '…' : text;
    this.items.push({ time: new Date(now).toISOString(), text: t, ...(code ? { code } : {}) });
    if (this.items.length > this.size) this.items.splice(0, this.items.length - this.size);
  }

  get last(): RecentError | undefined {
    return this.items[this.items.length - 1];
  }

  list(): RecentError[] {
    return this.items.map((e) => ({ ...e }));
  }
}

// ---- per node --------------------------------------------------------------------------------

export type MessageCounter = 'files' | 'records' | 'invalid' | 'failed';

export interface MessageNodeSnapshot {
  id: string;
  hour: Record<MessageCounter, number>;
  day: Record<MessageCounter, number>;
  lastError?: RecentError;
  errors: RecentError[];
  /** ISO time of the last file handled (done or failed). */
  lastActivity?: string;
}

/** What one message node (pyramid-<type>) did: files (msgs handled), records, invalid records, failures. */
export class MessageNodeStats {
  private readonly counters = new WindowCounters<MessageCounter>(['files', 'records', 'invalid', 'failed']);
  private readonly errors = new ErrorRing();
  lastActivity = 0;

  constructor(readonly id: string) {}

  /** A file (or a built or validated msg) went through: `records` valid, `invalid` set aside. */
  done(records: number, invalid: number, now: number): void {
    this.counters.add('files', 1, now);
    this.counters.add('records', records, now);
    this.counters.add('invalid', invalid, now);
    this.lastActivity = now;
  }

  /** A file failed as a whole. */
  failed(text: string, now: number, code?: string): void {
    this.counters.add('files', 1, now);
    this.counters.add('failed', 1, now);
    this.errors.add(text, now, code);
    this.lastActivity = now;
  }

  snapshot(now: number): MessageNodeSnapshot {
    const last = this.errors.last;
    return {
      id: this.id,
      ...this.counters.snapshot(now),
      ...(last ? { lastError: last } : {}),
      errors: this.errors.list(),
      ...(this.lastActivity ? { lastActivity: new Date(this.lastActivity).toISOString() } : {}),
    };
  }
}

export interface EndpointSnapshot {
  id: string;
  /** Last hour. */
  calls: number;
  faults: number;
  latency: { count: number; median?: number; p95?: number; min?: number; max?: number };
  day: { calls: number; faults: number };
  lastFault?: RecentError;
}

/** What one WS endpoint answered: calls, faults (any failed call), latencies. */
export class EndpointStats {
  private readonly counters = new WindowCounters<'calls' | 'faults'>(['calls', 'faults']);
  private readonly latency = new LatencyWindow();
  private readonly errors = new ErrorRing(5);
  lastActivity = 0;

  constructor(readonly id: string) {}

  /** A call finished: `ms` from request to answer; `fault` set when it failed (its text and code). */
  call(ms: number, now: number, fault?: { text: string; code?: string }): void {
    this.counters.add('calls', 1, now);
    this.latency.add(ms, now);
    if (fault) {
      this.counters.add('faults', 1, now);
      this.errors.add(fault.text, now, fault.code);
    }
    this.lastActivity = now;
  }

  snapshot(now: number): EndpointSnapshot {
    const last = this.errors.last;
    return {
      id: this.id,
      calls: this.counters.lastHour('calls', now),
      faults: this.counters.lastHour('faults', now),
      latency: this.latency.summary(now),
      day: { calls: this.counters.lastDay('calls', now), faults: this.counters.lastDay('faults', now) },
      ...(last ? { lastFault: last } : {}),
    };
  }
}

// ---- the registry the nodes feed -------------------------------------------------------------

/**
 * Stats by node id. An id outlives a redeploy (the figures carry on); ids that left the flows are
 * dropped by prune() (called with the ids deployed) and, as a last bound, the least recently
 * active entries go when there are more than `maxEntries`.
 */
export class OpsRegistry {
  private readonly messages = new Map<string, MessageNodeStats>();
  private readonly endpoints = new Map<string, EndpointStats>();

  constructor(
    readonly maxEntries = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  private entry<T extends { lastActivity: number }>(map: Map<string, T>, id: string, make: () => T): T {
    let e = map.get(id);
    if (!e) {
      if (map.size >= this.maxEntries) {
        let oldest: string | undefined;
        let t = Infinity;
        for (const [k, v] of map) if (v.lastActivity < t) [oldest, t] = [k, v.lastActivity];
        if (oldest !== undefined) map.delete(oldest);
      }
      e = make();
      map.set(id, e);
    }
    return e;
  }

  messageDone(nodeId: string, records: number, invalid: number): void {
    this.entry(this.messages, nodeId, () => new MessageNodeStats(nodeId)).done(records, invalid, this.now());
  }

  messageFailed(nodeId: string, text: string, code?: string): void {
    this.entry(this.messages, nodeId, () => new MessageNodeStats(nodeId)).failed(text, this.now(), code);
  }

  wsCall(endpointId: string, ms: number, fault?: { text: string; code?: string }): void {
    this.entry(this.endpoints, endpointId, () => new EndpointStats(endpointId)).call(ms, this.now(), fault);
  }

  messageSnapshot(nodeId: string): MessageNodeSnapshot {
    return (this.messages.get(nodeId) ?? new MessageNodeStats(nodeId)).snapshot(this.now());
  }

  endpointSnapshot(endpointId: string): EndpointSnapshot {
    return (this.endpoints.get(endpointId) ?? new EndpointStats(endpointId)).snapshot(this.now());
  }

  /** Forget every node that is not in `live`. */
  prune(live: ReadonlySet<string>): void {
    for (const k of this.messages.keys()) if (!live.has(k)) this.messages.delete(k);
    for (const k of this.endpoints.keys()) if (!live.has(k)) this.endpoints.delete(k);
  }

  get size(): { messages: number; endpoints: number } {
    return { messages: this.messages.size, endpoints: this.endpoints.size };
  }
}

/** The process-wide registry the node files feed and the admin endpoints read. */
export const ops = new OpsRegistry();
