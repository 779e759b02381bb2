/**
 * Receiving WooCommerce webhooks: the signature check, WooCommerce's ping, and dedupe of
 * redeliveries.
 *
 * Signature: `X-WC-Webhook-Signature` = base64(HMAC-SHA256(secret, raw body)), compared in constant
 * time over the raw bytes (a re-serialised body differs: PHP escapes `/` and non-ASCII).
 *
 * Dedupe: one store key per resource (`<prefix>seen_<resource>_<id>`) holding the newest
 * `date_modified_gmt` handed on and the latest delivery ids. A delivery is a duplicate when its
 * delivery id was seen, or when the resource's modification date is not newer than the one handed
 * on (WooCommerce's redeliveries and the reconciliation poll then find nothing new). Deliveries of one
 * resource are decided one at a time within a process; across processes sharing a store the check
 * is as atomic as the store (Node-RED's context stores are last-writer-wins).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from './store';

/** True when `signature` is the base64 HMAC-SHA256 of `raw` under `secret`. Constant time. */
export function verifySignature(raw: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature || !secret) return false;
  const want = createHmac('sha256', secret).update(raw).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature.trim(), 'base64');
  } catch {
    return false;
  }
  // compare equal-length buffers only; a wrong length still costs one comparison
  const same = given.length === want.length;
  return timingSafeEqual(same ? given : want, want) && same;
}

/** WooCommerce's ping after a webhook is saved: a form body `webhook_id=<n>`, unsigned. */
export function isPingBody(raw: Buffer): boolean {
  return /^webhook_id=\d+$/.test(raw.toString('latin1').trim());
}

export interface WebhookMeta {
  topic: string;
  resource: string;
  event: string;
  id: number | null;
  delivery: string | null;
  /** The resource's modification time as sent (GMT preferred), for dedupe. */
  modified: string | null;
}

/** What a delivery is about, from its headers and parsed body. */
export function webhookMeta(headers: Record<string, string | string[] | undefined>, body: unknown): WebhookMeta {
  const h = (n: string): string | undefined => {
    const v = headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const topic = h('x-wc-webhook-topic') ?? '';
  const [r, e] = topic.split('.');
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const id = typeof b.id === 'number' ? b.id : typeof b.id === 'string' && /^\d+$/.test(b.id) ? Number(b.id) : null;
  return {
    topic,
    resource: h('x-wc-webhook-resource') ?? r ?? '',
    event: h('x-wc-webhook-event') ?? e ?? '',
    id,
    delivery: h('x-wc-webhook-delivery-id') ?? null,
    modified: modifiedOf(b),
  };
}

export function modifiedOf(resource: Record<string, unknown>): string | null {
  const gmt = resource.date_modified_gmt;
  if (typeof gmt === 'string' && gmt) return gmt.endsWith('Z') ? gmt : `${gmt}Z`;
  const local = resource.date_modified;
  return typeof local === 'string' && local ? local : null;
}

interface Seen {
  /** Newest modification handed on. */
  m?: string;
  /** Latest delivery ids (at most KEEP). */
  d?: string[];
  /** When last handed on (ms). */
  t?: number;
}

const KEEP = 20;

export class Deduper {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix: string,
  ) {}

  /** Whether anything of this resource was handed on before. */
  async wasSeen(resource: string, id: number): Promise<boolean> {
    const raw = await this.store.get(`${this.prefix}seen_${safe(resource)}_${id}`);
    return typeof raw === 'object' && raw !== null;
  }

  /**
   * Decides one delivery: 'first' when the resource was never handed on, 'newer' when it was but this
   * is a newer state (both record it as handed on), false for a duplicate. Without a resource id
   * (nothing to key on) a delivery is judged by its delivery id alone.
   */
  accept(resource: string, id: number | null, delivery: string | null, modified: string | null): Promise<false | 'first' | 'newer'> {
    const key = id === null ? `${this.prefix}seen_delivery_${safe(delivery ?? 'none')}` : `${this.prefix}seen_${safe(resource)}_${id}`;
    const run = async (): Promise<false | 'first' | 'newer'> => {
      const raw = await this.store.get(key);
      const seen: Seen = typeof raw === 'object' && raw !== null ? (raw as Seen) : {};
      const deliveries = Array.isArray(seen.d) ? seen.d : [];
      if (delivery && deliveries.includes(delivery)) return false;
      if (id !== null && modified && seen.m && !newer(modified, seen.m)) {
        // the same state of the resource again: remember this delivery id too
        if (delivery) await this.store.set(key, { ...seen, d: [...deliveries, delivery].slice(-KEEP) });
        return false;
      }
      const verdict = seen.m || deliveries.length > 0 ? 'newer' : 'first';
      if (id === null && !delivery) return verdict;
      await this.store.set(key, {
        m: modified && (!seen.m || newer(modified, seen.m)) ? modified : seen.m,
        d: delivery ? [...deliveries, delivery].slice(-KEEP) : deliveries,
        t: Date.now(),
      });
      return verdict;
    };
    const before = this.locks.get(key) ?? Promise.resolve();
    const next = before.then(run, run);
    this.locks.set(key, next);
    void next.finally(() => {
      if (this.locks.get(key) === next) this.locks.delete(key);
    });
    return next;
  }
}

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
