/**
 * Reading and parsing request bodies with a cap: a body announced (Content-Length) or found
 * (chunked) larger than the limit is refused as soon as that is known, without holding more than
 * the limit in memory.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type BodyRead = { ok: true; body: Buffer } | { ok: false; status: 413 | 400; reason: string };

/** True when the Content-Length header alone already says the body is too large. */
export function announcedTooLarge(headers: IncomingHttpHeaders, limit: number): boolean {
  const cl = headers['content-length'];
  return cl !== undefined && /^\d+$/.test(cl) && Number(cl) > limit;
}

/**
 * Reads the body of `req` up to `limit` bytes. Past the limit it stops collecting, resolves with
 * 413 and leaves the stream paused (the caller answers and closes the connection).
 */
export function readBody(req: Readable & { headers: IncomingHttpHeaders }, limit: number): Promise<BodyRead> {
  if (announcedTooLarge(req.headers, limit)) return Promise.resolve({ ok: false, status: 413, reason: 'announced' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      resolve(r);
    };
    const onData = (c: Buffer | string): void => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish({ ok: false, status: 413, reason: 'streamed' });
        return;
      }
      chunks.push(b);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, status: 400, reason: 'the request body could not be read' });
    const onAborted = (): void => finish({ ok: false, status: 400, reason: 'the request was aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; status: 400 | 415; message: string };

/** The media type of a Content-Type header, lower case, without parameters ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Parses a body by its Content-Type: JSON (`application/json`, `+json`) and forms
 * (`application/x-www-form-urlencoded`); an empty body is `{}`. Anything else is 415.
 */
export function parseBody(body: Buffer, contentType: string | undefined): ParsedBody {
  const type = mediaType(contentType);
  if (body.length === 0) return { ok: true, value: {} };
  if (type === 'application/json' || type.endsWith('+json')) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return { ok: false, status: 400, message: 'The JSON body is not valid UTF-8.' };
    }
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (e) {
      // JSON.parse's message names the position, never anything of ours
      const where = /position \d+/.exec(e instanceof Error ? e.message : '');
      return { ok: false, status: 400, message: `The body is not valid JSON${where ? ` (at ${where[0]})` : ''}.` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
      const prev = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
      const value = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return { ok: true, value: out };
  }
  return { ok: false, status: 415, message: `Send the body as application/json (or a form); ${type ? `"${type.slice(0, 60)}"` : 'no Content-Type'} is not accepted.` };
}
