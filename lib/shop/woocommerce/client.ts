/**
 * A small WooCommerce REST client: HTTP Basic auth with the consumer key and secret over HTTPS
 * (plain HTTP only to a loopback host, e.g. a simulator), certificate verification always on (an
 * extra CA may be trusted besides the system's), a timeout per request, no proxy from the
 * environment, no redirects, and a retry policy that never repeats a create blindly:
 *
 * - 429: waits as long as Retry-After says (seconds or an HTTP date; capped), else backs off, and
 *   tries again: a refused request did not reach the shop's data.
 * - 5xx, timeouts, dropped connections: a request that cannot create anything (GET, an update) is
 *   retried with exponential backoff; one that may create (a POST of a new resource, a batch with
 *   `create`) is not: it fails with an *ambiguous* WooError, and the caller looks the SKUs up again
 *   before sending the creates that did not happen (see upsert.ts).
 * - Other answers >= 400 fail with WooCommerce's own code and message.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { WooError } from './errors';

export interface WooClientOptions {
  /** The shop's base URL (https://shop.example.com); the REST API is under /wp-json/<version>. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** REST namespace, default `wc/v3`. */
  version?: string;
  /** Per request (connect to last byte), default 30 s. */
  timeoutMs?: number;
  /** An extra CA (PEM) trusted besides the system's, for a shop behind a private CA. */
  ca?: string;
  /** Attempts per request in all, default 6. */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error, doubled each time; default 500 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The longest Retry-After honoured; a longer one fails the request. Default 120 s. */
  maxRetryAfterMs?: number;
  /** Told about each retry (for a node's status); never given secrets. */
  onRetry?: (info: { method: string; route: string; status?: number; code: string; waitMs: number; attempt: number }) => void;
}

export interface WooResponse<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The request may create a resource: never retried after it may have reached the shop. */
  mayCreate?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export class WooClient {
  /** HTTP requests made so far (every attempt counts). */
  calls = 0;
  readonly baseUrl: URL;
  private readonly agent: http.Agent;
  private readonly auth: string;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private closed = false;

  constructor(private readonly options: WooClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new WooError('config', `shop URL "${String(options.url)}" is not a URL`);
    }
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && LOOPBACK.has(base.hostname))) {
      throw new WooError('config', `shop URL must use https (plain http only to a loopback host): ${base.origin}`);
    }
    if (base.username || base.password) throw new WooError('config', 'the shop URL must not carry credentials');
    if (!options.consumerKey || !options.consumerSecret) throw new WooError('config', 'consumer key and consumer secret are required');
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.auth = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
    // An explicit agent: keep-alive, and never a proxy taken from the environment.
    this.agent =
      base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 4,
            rejectUnauthorized: true,
            ca: options.ca ? [...rootCertificates, options.ca] : undefined,
          })
        : new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  get version(): string {
    return (this.options.version ?? 'wc/v3').replace(/^\/+|\/+$/g, '');
  }

  /** The full URL of a route (no credentials in it). */
  urlOf(route: string, query?: RequestOptions['query']): URL {
    const u = new URL(`wp-json/${this.version}/${route.replace(/^\/+/, '')}`, this.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  async request<T = unknown>(method: string, route: string, opts: RequestOptions = {}): Promise<WooResponse<T>> {
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 6);
    const backoff = this.options.backoffMs ?? 500;
    const maxBackoff = this.options.maxBackoffMs ?? 30_000;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 120_000;
    const mayCreate = opts.mayCreate ?? false;
    let delay = backoff;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new WooError('closed', `${method} ${route}: the client was closed`);
      let outcome: { res?: WooResponse<T>; err?: WooError; sent: boolean };
      try {
        outcome = { res: await this.once<T>(method, route, opts), sent: true };
      } catch (err) {
        const e = err as WooError & { sent?: boolean };
        outcome = { err: e, sent: e.sent ?? true };
      }
      const { res } = outcome;
      let wait: number | undefined;
      let failure: WooError;
      if (res) {
        if (res.status < 300) return res;
        failure = errorOf(method, route, res);
        if (res.status === 429) {
          const ra = retryAfterMs(res.headers['retry-after']);
          if (ra !== undefined && ra > maxRetryAfter) throw failure;
          wait = ra ?? delay;
        } else if (res.status >= 500) {
          if (mayCreate) throw new WooError(failure.code, failure.message, failure.status, true, failure.data);
          const ra = retryAfterMs(res.headers['retry-after']);
          wait = ra !== undefined && ra <= maxRetryAfter ? Math.max(ra, delay) : delay;
        } else {
          throw failure;
        }
      } else {
        failure = outcome.err as WooError;
        if (!(failure instanceof WooError) || failure.code === 'tls' || failure.code === 'config') throw failure;
        if (mayCreate && outcome.sent) throw new WooError(failure.code, failure.message, undefined, true);
        wait = delay;
      }
      if (attempt >= maxAttempts) {
        throw new WooError(failure.code, `${failure.message} (gave up after ${attempt} attempts)`, failure.status, failure.ambiguous, failure.data);
      }
      this.options.onRetry?.({ method, route, status: failure.status, code: failure.code, waitMs: wait, attempt });
      await this.sleep(wait);
      delay = Math.min(delay * 2, maxBackoff);
    }
  }

  /** GET every page of a list (per_page 100), following X-WP-TotalPages. */
  async list<T = unknown>(route: string, query: RequestOptions['query'] = {}): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const res = await this.request<T[]>('GET', route, { query: { per_page: 100, ...query, page } });
      if (!Array.isArray(res.body)) throw new WooError('bad_answer', `GET ${route}: the shop did not answer a list`, res.status);
      out.push(...res.body);
      const pages = Number(res.headers['x-wp-totalpages'] ?? '1');
      if (!(page < pages) || res.body.length === 0) return out;
    }
  }

  /** Ends keep-alive connections and any wait between retries. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.wake();
    }
    this.timers.clear();
    this.agent.destroy();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }

  private once<T>(method: string, route: string, opts: RequestOptions): Promise<WooResponse<T>> {
    const url = this.urlOf(route, opts.query);
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body), 'utf8');
    const timeout = this.options.timeoutMs ?? 30_000;
    const client = url.protocol === 'https:' ? https : http;
    this.calls += 1;
    return new Promise((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (code: string, message: string): void => {
        if (settled) return;
        settled = true;
        reject(Object.assign(new WooError(code, `${method} ${route}: ${message}`), { sent }));
      };
      const req = client.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: this.auth,
            Accept: 'application/json',
            'User-Agent': 'node-red-pyramid-woocommerce',
            ...(payload ? { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', () => fail('network', 'the connection broke while reading the answer'));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            if (text.trim() !== '') {
              try {
                body = JSON.parse(text) as unknown;
              } catch {
                body = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
          });
        },
      );
      const timer = setTimeout(() => {
        fail('timeout', `no answer within ${timeout} ms`);
        req.destroy();
      }, timeout);
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const code = err.code ?? '';
        if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/.test(code)) fail('tls', `TLS: ${err.message}`);
        else if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
          sent = false;
          fail('network', `${code}: cannot reach ${url.host}`);
        } else fail('network', code ? `${code}: ${err.message}` : err.message);
      });
      req.end(payload);
    });
  }
}

function errorOf(method: string, route: string, res: WooResponse): WooError {
  const b = res.body as { code?: unknown; message?: unknown; data?: unknown } | string;
  if (b && typeof b === 'object' && typeof b.code === 'string') {
    const message = typeof b.message === 'string' ? stripTags(b.message) : b.code;
    return new WooError(b.code, message, res.status, false, typeof b.data === 'object' && b.data ? (b.data as Record<string, unknown>) : undefined);
  }
  return new WooError(res.status === 429 ? 'too_many_requests' : `http_${res.status}`, `${method} ${route}: HTTP ${res.status}`, res.status);
}

function stripTags(s: string): string {
  return s.replace(/<[^>]*>/g, '').trim();
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - Date.now());
}
