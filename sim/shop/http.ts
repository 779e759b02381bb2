/**
 * HTTP plumbing shared by the REST API, the web page and webhook delivery: WordPress-shaped errors,
 * PHP-compatible JSON encoding, PHP-style query/form parsing and bounded body reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A WordPress REST error: serialised as `{ code, message, data: { status, ... } }`. */
export class RestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RestError';
  }

  toJSON(): { code: string; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.data } };
  }
}

/**
 * JSON exactly as PHP's `json_encode` (which `wp_json_encode` wraps) writes it without flags:
 * `/` escaped as `\/` and every non-ASCII character as a lowercase `\uXXXX` escape. WooCommerce signs
 * these bytes, so a receiver that re-serialises the parsed body instead of hashing the raw body fails
 * here just as it would against a real shop.
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = phpJsonEncode(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=UTF-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** Reads the whole request body, refusing more than `limit` bytes with a 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        reject(new RestError('rest_request_entity_too_large', `The request body exceeds ${limit} bytes.`, 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryObject = Record<string, QueryValue>;

/**
 * Parses a query string or form body the way PHP fills `$_GET`/`$_POST`: `a[b][]=1&a[b][]=2` nests,
 * and a container whose keys are exactly 0..n-1 becomes an array. WordPress reads its parameters from
 * there, so `status[]=processing&status[]=completed` and `meta_data[0][key]=x` both work.
 */
export function parsePhpQuery(qs: string): QueryObject {
  const root: Record<string, unknown> = {};
  for (const pair of qs.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decodeFormComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeFormComponent(pair.slice(eq + 1));
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) {
      root[rawKey] = value;
      continue;
    }
    const path = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])];
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      let key = path[i];
      if (key === '') key = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== 'object' || next === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return arrayify(root) as QueryObject;
}

function arrayify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = arrayify(obj[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}

function decodeFormComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
