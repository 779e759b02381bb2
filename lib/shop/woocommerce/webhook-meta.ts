/**
 * What a WooCommerce webhook delivery is: its signature checked (`X-WC-Webhook-Signature` =
 * base64(HMAC-SHA256(secret, raw body)), compared in constant time over the raw bytes, as a
 * re-serialised body differs: PHP escapes `/` and non-ASCII), WooCommerce's unsigned ping, and the
 * resource, topic, delivery id and modification date it is about.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

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
