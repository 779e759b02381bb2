/**
 * Sliding-window counters for login attempts: at most `limit` events per key within `windowMs`.
 * Memory is bounded: at most `limit` timestamps per key and at most `maxKeys` keys (the least
 * recently used key goes first).
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the next event would be allowed (0 when allowed). */
  retryAfter: number;
}

export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error(`rate limit: limit ${limit} and window ${windowMs} ms must be positive`);
  }

  /** Would one more event be allowed now? (Does not count it.) */
  check(key: string, now = Date.now()): RateDecision {
    const list = this.live(key, now);
    if (!list || list.length < this.limit) return { allowed: true, retryAfter: 0 };
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000)) };
  }

  /** Counts one event. */
  hit(key: string, now = Date.now()): void {
    const list = this.live(key, now) ?? [];
    list.push(now);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
    this.events.delete(key);
    this.events.set(key, list);
    if (this.events.size > this.maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest !== undefined) this.events.delete(oldest);
    }
  }

  /** Checks, and counts the event when it is allowed. */
  take(key: string, now = Date.now()): RateDecision {
    const d = this.check(key, now);
    if (d.allowed) this.hit(key, now);
    return d;
  }

  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): void {
    this.events.delete(key);
  }

  get size(): number {
    return this.events.size;
  }

  private live(key: string, now: number): number[] | undefined {
    const list = this.events.get(key);
    if (!list) return undefined;
    let i = 0;
    while (i < list.length && list[i] + this.windowMs <= now) i++;
    if (i) list.splice(0, i);
    if (!list.length) {
      this.events.delete(key);
      return undefined;
    }
    return list;
  }
}
