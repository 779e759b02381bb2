/**
 * The HTTP layer under soap, for both the WSDL fetch and the calls, so both get the same
 * authentication, TLS settings and timeout. soap's HttpClient hands us axios-style request options
 * and expects an axios-style response; we answer with node:http directly because we need things
 * axios does not give us together: a hard deadline per request (not an idle timer), one keep-alive
 * agent per endpoint (not a process-wide one shared with other endpoints' TLS settings), no proxy
 * taken from the environment, no redirects (an address we were not configured with is never
 * followed), a cap on the response size, and a response decoded by its declared charset.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { decode, normalizeEncodingOption, type EncodingOption } from '../xml';
import { TransportError } from './errors';

export interface TransportOptions {
  /** Milliseconds for the whole exchange (connect, send, receive). */
  timeoutMs: number;
  /** Verify the server certificate (default true). */
  verifyTls?: boolean;
  /** Extra trusted CA certificate(s), PEM. */
  ca?: string | Buffer;
  /** Headers added to every request (HTTP basic authentication). */
  headers?: Record<string, string>;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number;
}

/** The subset of axios' request config soap's HttpClient sends. */
export interface AxiosLikeRequest {
  url: string;
  method: string;
  headers: Record<string, string | number>;
  data?: string | Buffer | null;
  timeout?: number;
  [key: string]: unknown;
}

export interface AxiosLikeResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  data: string;
  config: { headers: Record<string, string | number> };
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function charsetOf(contentType: string | undefined): EncodingOption {
  const m = contentType ? /charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  if (!m) return 'auto';
  try {
    return normalizeEncodingOption(m[1]);
  } catch {
    return 'auto';
  }
}

export class Transport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly opts: TransportOptions;

  constructor(opts: TransportOptions) {
    this.opts = opts;
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: opts.verifyTls !== false,
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
  }

  /** The function soap's HttpClient calls as `options.request(config)`. */
  readonly request = (config: AxiosLikeRequest): Promise<AxiosLikeResponse> => this.send(config);

  private send(config: AxiosLikeRequest): Promise<AxiosLikeResponse> {
    return new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(config.url);
      } catch {
        reject(new TransportError(`"${config.url}" is not a URL`, 'ERR_INVALID_URL'));
        return;
      }
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') {
        reject(new TransportError(`unsupported protocol ${url.protocol}`, 'ERR_INVALID_URL'));
        return;
      }
      const timeoutMs = typeof config.timeout === 'number' && config.timeout > 0 ? config.timeout : this.opts.timeoutMs;
      const maxBytes = this.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const headers: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(config.headers ?? {})) {
        if (v !== undefined && v !== null) headers[k] = v;
      }
      // soap sets Host itself; node:http derives it from the URL (and must, for TLS SNI)
      delete headers.Host;
      if (this.opts.headers) Object.assign(headers, this.opts.headers);
      const body = config.data === null || config.data === undefined ? undefined : config.data;
      if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);

      let settled = false;
      const deadline: { timer?: NodeJS.Timeout } = {};
      const finish = (err: Error | null, res?: AxiosLikeResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline.timer);
        if (err) reject(err);
        else resolve(res as AxiosLikeResponse);
      };
      const req = (secure ? https : http).request(
        url,
        {
          method: config.method || (body === undefined ? 'GET' : 'POST'),
          headers,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              req.destroy(new TransportError(`the response is larger than ${maxBytes} bytes`, 'ERR_RESPONSE_TOO_LARGE'));
              return;
            }
            chunks.push(c);
          });
          res.on('error', (e) => finish(wrap(e)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 300 && status < 400) {
              finish(new TransportError(`HTTP ${status} redirect to ${res.headers.location ?? '(no location)'} not followed: configure the final URL`, 'ERR_REDIRECT'));
              return;
            }
            const bytes = Buffer.concat(chunks);
            let data: string;
            try {
              data = bytes.length ? decode(bytes, charsetOf(res.headers['content-type'])).text : '';
            } catch (e) {
              // an error page in an odd code page must still surface as an HTTP error
              if (status >= 400) data = bytes.toString('utf8');
              else {
                finish(new TransportError(`the response cannot be decoded: ${(e as Error).message}`, 'ERR_BAD_RESPONSE'));
                return;
              }
            }
            finish(null, { status, statusText: res.statusMessage ?? '', headers: res.headers, data, config: { headers } });
          });
        },
      );
      deadline.timer = setTimeout(() => {
        req.destroy(new TransportError(`no answer within ${timeoutMs} ms (timeout)`, 'ETIMEDOUT'));
      }, timeoutMs);
      req.on('error', (e) => finish(wrap(e)));
      req.end(body);
    });
  }

  /** Close idle keep-alive sockets (on redeploy / close). */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function wrap(e: Error): TransportError {
  if (e instanceof TransportError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? 'ERR_NETWORK';
  return new TransportError(e.message || code, code);
}
