/**
 * Request signatures for the shop-facing endpoints: the shop's server proves it is the shop with
 * an HMAC-SHA256, keyed by a shared secret, over
 *
 *     <timestamp> "\n" <METHOD> "\n" <path and query as sent> "\n" <raw body bytes>
 *
 * sent as `X-Pyramid-Timestamp: <unix seconds or milliseconds>` and
 * `X-Pyramid-Signature: sha256=<hex>`. A timestamp more than the window (default 5 minutes) away
 * from the server's clock is refused, so a captured request cannot be replayed later; within the
 * window a signed request that changes something (not GET/HEAD) is accepted once (`ReplayGuard`).
 */
import * as crypto from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-pyramid-timestamp';
export const SIGNATURE_HEADER = 'x-pyramid-signature';
export const DEFAULT_WINDOW_SECONDS = 300;

export interface SignedParts {
  method: string;
  /** The path and query exactly as in the request line, e.g. `/shop/orders/10001?page=2`. */
  pathAndQuery: string;
  /** Unix seconds, as a decimal string. */
  timestamp: string;
  body?: Buffer | string;
}

/** The signature header's value (`sha256=<hex>`) for a request. */
export function signRequest(secret: string, parts: SignedParts): string {
  if (!secret) throw new Error('signRequest: the shared secret is empty');
  const h = crypto.createHmac('sha256', secret);
  h.update(`${parts.timestamp}\n${parts.method.toUpperCase()}\n${parts.pathAndQuery}\n`);
  if (parts.body !== undefined) h.update(parts.body);
  return `sha256=${h.digest('hex')}`;
}

/** The headers a shop sends with a signed request (for clients and tests). */
export function signatureHeaders(secret: string, method: string, pathAndQuery: string, body?: Buffer | string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return { 'X-Pyramid-Timestamp': timestamp, 'X-Pyramid-Signature': signRequest(secret, { method, pathAndQuery, timestamp, body }) };
}

export type TimestampCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' };

/** The cheap check made before a body is read: both headers there, the timestamp inside the window. */
export function checkTimestamp(timestamp: unknown, signature: unknown, now = Date.now(), windowSeconds = DEFAULT_WINDOW_SECONDS): TimestampCheck {
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,13}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed' };
  // seconds, or milliseconds (13 digits)
  const seconds = timestamp.length === 13 ? Number(timestamp) / 1000 : Number(timestamp);
  const skew = Math.abs(now / 1000 - seconds);
  if (skew > windowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** Constant-time comparison of the given signature with the expected one. */
export function verifySignature(secret: string, parts: SignedParts, given: string): boolean {
  if (!secret || typeof given !== 'string') return false;
  const want = Buffer.from(signRequest(secret, parts).toLowerCase());
  const got = Buffer.from(given.toLowerCase());
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/**
 * Remembers the signatures accepted within the window, so the same signed request is accepted
 * once. Memory is bounded: entries expire with the window, and at most `max` are kept (the oldest
 * go first; a request that old is then refused by its timestamp anyway once the window passes).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly windowMs = DEFAULT_WINDOW_SECONDS * 1000,
    private readonly max = 100_000,
  ) {}

  /** True the first time a signature is seen within the window. */
  accept(signature: string, now = Date.now()): boolean {
    this.sweep(now);
    const key = signature.toLowerCase();
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + 2 * this.windowMs);
    if (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    // insertion order is expiry order: stop at the first live entry
    for (const [k, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(k);
    }
  }
}
