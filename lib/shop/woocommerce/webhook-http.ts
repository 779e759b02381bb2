/**
 * One WooCommerce webhook request over HTTP, from the raw request to the answer: the unsigned ping,
 * a missing signature refused before the body is read, the body capped, the signature checked over
 * the raw bytes, the topic filtered and redeliveries deduped. What is new is returned for the flow.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPingBody, verifySignature, webhookMeta } from './webhook-meta';
import type { Deduper } from './webhook';

export interface WebhookHttpOptions {
  /** Largest body read, bytes. */
  maxBody: number;
  /** The webhook secret; empty: every signed request is refused. */
  secret: string;
  /** Whether the node takes this topic (`order.created`). */
  accepts(topic: string): boolean;
  deduper: Deduper;
}

/** What the request brought: a delivery for the flow, or a problem the node shows in its status. */
export type WebhookOutcome =
  | {
      kind: 'delivery';
      body: unknown;
      topic: string;
      resource: string;
      /** The resource as the delivery's headers name it (for messages). */
      deliveredResource: string;
      event: string;
      id: number | null;
      delivery: string | null;
      modified: string | null;
      attempt: number;
    }
  | { kind: 'problem'; problem: 'noWebhookSecret' | 'badSignature' }
  | { kind: 'answered' };

/** Writes one small JSON answer (nothing when an answer went out already). */
export function answerJson(res: ServerResponse, status: number, body: Record<string, unknown>, close = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

/** The body, or 'too_large' as soon as it passes `limit` (the rest is left unread). */
export function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * Answers the request (a delivery is answered 200 before it is returned, so the shop never waits
 * for the flow). Throws only on a failure of the store; the caller then answers 500.
 */
export async function receiveWebhook(req: IncomingMessage, res: ServerResponse, opts: WebhookHttpOptions): Promise<WebhookOutcome> {
  const { maxBody } = opts;
  const signature = req.headers['x-wc-webhook-signature'];
  const length = Number(req.headers['content-length'] ?? NaN);
  if (typeof signature !== 'string' || signature.trim() === '') {
    // WooCommerce's ping (form body "webhook_id=<n>", unsigned) is the only unsigned request
    // whose body is read, and only when it says it is that small
    const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (form && Number.isFinite(length) && length > 0 && length <= 64) {
      const raw = await readCapped(req, 64);
      if (raw !== 'too_large' && isPingBody(raw)) {
        answerJson(res, 200, { ok: true, ping: true });
        return { kind: 'answered' };
      }
    }
    answerJson(res, 401, { error: 'signature_missing', message: 'The X-WC-Webhook-Signature header is missing.' }, true);
    return { kind: 'answered' };
  }
  if (Number.isFinite(length) && length > maxBody) {
    answerJson(res, 413, { error: 'body_too_large', message: `The body exceeds ${maxBody} bytes.` }, true);
    return { kind: 'answered' };
  }
  if (req.readableEnded) {
    answerJson(res, 500, { error: 'body_consumed', message: 'The raw body was read before this node (httpNodeMiddleware).' });
    return { kind: 'answered' };
  }
  const raw = await readCapped(req, maxBody);
  if (raw === 'too_large') {
    answerJson(res, 413, { error: 'body_too_large', message: `The body exceeds ${maxBody} bytes.` }, true);
    return { kind: 'answered' };
  }
  if (!opts.secret || !verifySignature(raw, signature, opts.secret)) {
    answerJson(res, 401, { error: 'signature_invalid', message: 'The signature does not match.' });
    return { kind: 'problem', problem: opts.secret ? 'badSignature' : 'noWebhookSecret' };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    answerJson(res, 400, { error: 'invalid_json', message: 'The body is not JSON.' });
    return { kind: 'answered' };
  }
  const meta = webhookMeta(req.headers as Record<string, string | string[] | undefined>, body);
  if (!opts.accepts(meta.topic)) {
    answerJson(res, 200, { ok: true, ignored: meta.topic });
    return { kind: 'answered' };
  }
  const d = await opts.deduper.decide(meta.resource, meta.id, meta.delivery, meta.modified, meta.topic);
  if (!d.verdict) {
    answerJson(res, 200, { ok: true, duplicate: true });
    return { kind: 'answered' };
  }
  answerJson(res, 200, { ok: true });
  const topic = d.topic ?? meta.topic;
  const [resource, event] = topic.split('.');
  return {
    kind: 'delivery',
    body,
    topic,
    resource: resource || meta.resource,
    deliveredResource: meta.resource,
    event: event || meta.event,
    id: meta.id,
    delivery: meta.delivery,
    modified: meta.modified,
    attempt: d.attempt,
  };
}
