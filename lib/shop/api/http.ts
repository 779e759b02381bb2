/**
 * The HTTP side of a shop endpoint's answers: the request and response shapes it uses (express's),
 * one small JSON answer written at most once with safe headers, a safe error answer, and the
 * discarding of an over-long body after it was refused.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { ERRORS, errorBody, type ShopError } from './errors';

/** What an endpoint reads of a request (express's request). */
export interface ShopRequest extends Readable {
  readableEnded: boolean;
  method: string;
  originalUrl: string;
  url: string;
  path: string;
  ip?: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  socket: { remoteAddress?: string; destroy(): void };
}

/** What an endpoint writes of a response (express's response). */
export interface ShopResponse {
  headersSent: boolean;
  writableEnded: boolean;
  statusCode: number;
  setHeader(name: string, value: string | number): void;
  end(body?: string | Buffer): void;
  on(event: 'finish' | 'close', fn: () => void): void;
}

/** The calling address, for the per-client login limit. */
export function clientOf(req: ShopRequest): string {
  return String(req.ip || req.socket?.remoteAddress || 'unknown');
}

/** A plain JSON copy (express's params and query objects have no prototype). */
export function plainCopy<T>(v: T): T {
  try {
    return JSON.parse(JSON.stringify(v ?? {})) as T;
  } catch {
    return {} as T;
  }
}

/** Writes one JSON answer. Never throws; false when the response was already sent. */
export function writeJson(res: ShopResponse, status: number, body: unknown, extra: Record<string, string | number> = {}): boolean {
  if (res.headersSent || res.writableEnded) return false;
  let text: string;
  try {
    text = JSON.stringify(body === undefined ? null : body);
  } catch {
    status = ERRORS.internal.status;
    text = JSON.stringify(errorBody(ERRORS.internal));
  }
  try {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    res.end(text);
    return true;
  } catch {
    return false;
  }
}

/** Writes a safe error answer (with Retry-After when the error has one). */
export function writeShopError(res: ShopResponse, e: ShopError, extra: Record<string, string | number> = {}): boolean {
  const headers = { ...extra };
  if (e.retryAfter !== undefined) headers['Retry-After'] = e.retryAfter;
  return writeJson(res, e.status, errorBody(e), headers);
}

/**
 * After refusing an over-long body: discard (never keep) what still comes, so the client can
 * finish sending and read the answer; a body that goes on past 16 times the limit or 10 s ends
 * with the connection.
 */
export function discardRest(req: ShopRequest, res: ShopResponse, limit: number): void {
  let extra = 0;
  const stop = setTimeout(() => req.socket.destroy(), 10_000);
  stop.unref();
  req.on('data', (c: Buffer) => {
    extra += c.length;
    if (extra > 16 * limit) req.socket.destroy();
  });
  res.on('close', () => clearTimeout(stop));
  req.resume();
}
