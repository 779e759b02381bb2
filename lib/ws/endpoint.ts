/**
 * One web-service endpoint: the WSDL read once, one soap client built from it and reused for every
 * call, our transport under both (same auth, TLS and timeout for the WSDL fetch and the calls).
 *
 * Addresses: the client only ever talks to the configured endpoint. soap would otherwise post to the
 * `soap:address` in the WSDL, which on a real WTS host is often an internal LAN name; we always
 * override it (with the WSDL URL itself when no endpoint is configured: WTS serves the WSDL and the
 * service on the same `...?WSQUERY` URL), and a WSDL import from another origin is refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as soap from 'soap';
import { authHeaderXml, authHttpHeaders, authSecrets, checkAuth, type AuthConfig } from './auth';
import { isRetryable, normaliseError, WsError } from './errors';
import { describeOperations, type OperationInfo } from './introspect';
import { maskText, maskXml } from './mask';
import { escapeAttr } from '../xml';
import { Transport } from './transport';
import { EndpointHttpClient, RAW_OPTION, type RawHolder } from './http-client';

export interface EndpointConfig {
  /** WSDL: an http(s) URL or a local file path. */
  wsdl: string;
  /** Service URL; defaults to the WSDL URL (without a trailing `?wsdl`). Required for a WSDL file. */
  endpoint?: string;
  auth?: AuthConfig;
  /** Verify the server's TLS certificate (default true). */
  verifyTls?: boolean;
  /** Extra trusted CA: PEM text, or the path of a PEM file. */
  ca?: string;
  /** Milliseconds per request, WSDL fetch included (default 30000). */
  timeoutMs?: number;
  /** Extra attempts after a transport failure, for read-only operations only (default 2). */
  retries?: number;
  /** Operations of the customer's WSDL that only read, so a failed call may be repeated. */
  readOnlyOperations?: readonly string[];
  /** Largest accepted response in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** Base directory for a relative WSDL or CA file path (default: the process directory). */
  baseDir?: string;
}

export interface CallOptions {
  /** Return the request and response XML (masked) with the result. */
  debug?: boolean;
  /** Literal values of this call to mask (a login password). */
  secrets?: readonly string[];
  /** Element names of this call whose text is secret (the catalogue's secret fields). */
  secretElements?: readonly string[];
  /** Retry transport failures; defaults to whether the operation is listed in readOnlyOperations. */
  readOnly?: boolean;
  /** Override the endpoint's timeout for this call. */
  timeoutMs?: number;
  /**
   * The caller reads `rawResponse` itself: soap does not parse a successful answer and `result`
   * is undefined. A SOAP fault answered with HTTP 2xx then arrives in `rawResponse` too.
   */
  rawResponseOnly?: boolean;
}

export interface Exchange {
  /** The request envelope, secrets masked. */
  request?: string;
  /** The response envelope, secrets masked. */
  response?: string;
}

export interface CallResult extends Exchange {
  /** The response element as soap parsed it (undefined with rawResponseOnly). */
  result: unknown;
  /** The raw response envelope (unmasked: for parsing, never for display). */
  rawResponse: string;
  /** HTTP status of the answer, when known. */
  httpStatus?: number;
  attempts: number;
}

/** A WsError of a debug call also carries the masked exchange. */
export type WsCallError = WsError & { exchange?: Exchange };

type SoapMethod = (
  args: unknown,
  cb: (err: unknown, result: unknown, rawResponse: unknown, soapHeader: unknown, rawRequest: unknown) => void,
  options?: Record<string, unknown>,
) => void;

interface Loaded {
  client: soap.Client;
  methods: Map<string, SoapMethod>;
  operations: OperationInfo[];
  /** Per operation: an envelope with its empty response element (see RawHolder). */
  placeholders: Map<string, string>;
}

interface BindingMethod {
  output?: { $name?: string; targetNamespace?: string };
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 2;
const RETRY_BASE_MS = 200;

function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** A URL fit for messages: no user info, no query secrets. */
export function displayUrl(u: string): string {
  try {
    const url = new URL(u);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return u;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class WsEndpoint {
  readonly wsdl: string;
  readonly endpointUrl: string;
  private readonly cfg: EndpointConfig;
  private readonly transport: Transport;
  private readonly httpClient: soap.HttpClient;
  private readonly secrets: string[];
  private readonly readOnly: Set<string>;
  private readonly retries: number;
  private loading?: Promise<Loaded>;
  private closed = false;

  constructor(cfg: EndpointConfig) {
    if (!cfg.wsdl || typeof cfg.wsdl !== 'string') throw new WsError('WS_CONFIG', 'a WSDL URL or file is required');
    checkAuth(cfg.auth);
    this.cfg = cfg;
    this.wsdl = isUrl(cfg.wsdl) ? cfg.wsdl : path.resolve(cfg.baseDir ?? process.cwd(), cfg.wsdl);
    this.endpointUrl = WsEndpoint.endpointFor(cfg);
    this.secrets = authSecrets(cfg.auth);
    this.readOnly = new Set(cfg.readOnlyOperations ?? []);
    this.retries = Math.max(0, Math.min(10, Math.floor(cfg.retries ?? DEFAULT_RETRIES)));
    this.transport = new Transport({
      timeoutMs: cfg.timeoutMs && cfg.timeoutMs > 0 ? cfg.timeoutMs : DEFAULT_TIMEOUT_MS,
      verifyTls: cfg.verifyTls !== false,
      ca: WsEndpoint.readCa(cfg.ca, cfg.baseDir),
      headers: authHttpHeaders(cfg.auth),
      maxResponseBytes: cfg.maxResponseBytes,
    });
    this.httpClient = new EndpointHttpClient({ request: this.transport.request as never });
  }

  /** Where calls go: the override, else the WSDL URL (WTS serves both on one URL). */
  static endpointFor(cfg: Pick<EndpointConfig, 'wsdl' | 'endpoint'>): string {
    const e = cfg.endpoint?.trim();
    if (e) {
      if (!isUrl(e)) throw new WsError('WS_CONFIG', `the endpoint "${displayUrl(e)}" is not an http(s) URL`);
      return e;
    }
    if (isUrl(cfg.wsdl)) return cfg.wsdl.replace(/\?wsdl$/i, '');
    throw new WsError('WS_CONFIG', 'the WSDL is a local file: set the endpoint URL of the service');
  }

  private static readCa(ca: string | undefined, baseDir: string | undefined): string | undefined {
    const v = ca?.trim();
    if (!v) return undefined;
    if (v.includes('-----BEGIN')) return v;
    const file = path.resolve(baseDir ?? process.cwd(), v);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new WsError('WS_CONFIG', `the CA file ${file} cannot be read: ${(e as Error).message}`);
    }
  }

  /** The literal secrets of this endpoint's configuration (for masking elsewhere). */
  get configSecrets(): readonly string[] {
    return this.secrets;
  }

  /** Read the WSDL and build the client, once; concurrent callers share the same load. */
  load(): Promise<Loaded> {
    if (this.closed) return Promise.reject(new WsError('WS_CONFIG', 'the endpoint is closed'));
    if (!this.loading) {
      const p = this.create();
      this.loading = p;
      // a failed load is not cached: the next call tries again
      p.catch(() => {
        if (this.loading === p) this.loading = undefined;
      });
    }
    return this.loading;
  }

  /**
   * Read the WSDL again and build a new client. Calls keep using the current client until the new
   * one is ready; when the WSDL cannot be read, the current client stays and the error is thrown.
   */
  async refresh(): Promise<OperationInfo[]> {
    if (this.closed) throw new WsError('WS_CONFIG', 'the endpoint is closed');
    const fresh = this.create();
    const loaded = await fresh;
    if (!this.closed) this.loading = fresh;
    return loaded.operations;
  }

  async operations(): Promise<OperationInfo[]> {
    return (await this.load()).operations;
  }

  private async create(): Promise<Loaded> {
    const origin = isUrl(this.wsdl) ? new URL(this.wsdl).origin : undefined;
    const options = {
      disableCache: true,
      httpClient: this.httpClient,
      wsdl_options: {
        overrideImportLocation: (location: string) => {
          const remote = isUrl(location);
          if (origin ? !remote || new URL(location).origin !== origin : remote) {
            throw new WsError('WS_WSDL', `the WSDL imports ${displayUrl(location)}, which is not on ${origin ?? 'this machine'}: refused`);
          }
          return location;
        },
      },
    };
    let client: soap.Client;
    try {
      if (!isUrl(this.wsdl) && !fs.existsSync(this.wsdl)) {
        throw new WsError('WS_WSDL', `the WSDL file ${this.wsdl} does not exist`);
      }
      client = await soap.createClientAsync(this.wsdl, options as soap.IOptions, this.endpointUrl);
    } catch (e) {
      const inner = e instanceof WsError ? e : normaliseError(e, '', this.secrets);
      const keep = inner.code === 'WS_TLS' || inner.code === 'WS_TIMEOUT' || inner.code === 'WS_AUTH' || inner.code === 'WS_NETWORK';
      throw new WsError(keep ? inner.code : 'WS_WSDL', maskText(`WSDL ${displayUrl(this.wsdl)}: ${inner.message}`, this.secrets), {
        httpStatus: inner.httpStatus,
      });
    }
    const auth = this.cfg.auth;
    if (auth?.type === 'authheader') client.addSoapHeader(authHeaderXml(auth.id, auth.routine));
    if (auth?.type === 'wsse') {
      client.setSecurity(
        new soap.WSSecurity(auth.username, auth.password, {
          passwordType: auth.passwordType === 'digest' ? 'PasswordDigest' : 'PasswordText',
          hasTimeStamp: auth.timestamp !== false,
          hasTokenCreated: true,
        }),
      );
    }
    const operations = describeOperations(client.describe() as Record<string, unknown>);
    const methods = new Map<string, SoapMethod>();
    const services = client as unknown as Record<string, Record<string, Record<string, SoapMethod>>>;
    const placeholders = new Map<string, string>();
    const defs = (client.wsdl as unknown as { definitions: { services: Record<string, { ports: Record<string, { binding: { methods: Record<string, BindingMethod> } }> }> } }).definitions;
    for (const op of operations) {
      const fn = services[op.service]?.[op.port]?.[op.name];
      if (typeof fn === 'function') methods.set(op.name, fn);
      const out = defs.services[op.service]?.ports[op.port]?.binding.methods[op.name]?.output;
      if (out?.$name && /^[A-Za-z_][\w.-]*$/.test(out.$name)) {
        placeholders.set(
          op.name,
          `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><o:${out.$name} xmlns:o="${escapeAttr(out.targetNamespace ?? '')}"/></soap:Body></soap:Envelope>`,
        );
      }
    }
    return { client, methods, operations, placeholders };
  }

  /** Whether the WSDL has this operation (loads the WSDL). */
  async hasOperation(operation: string): Promise<boolean> {
    return (await this.load()).methods.has(operation);
  }

  /**
   * Call an operation with `args` (soap's JSON form, or `{ _xml: '<OpRequest ...>' }` for a
   * ready-made body). Transport failures are retried only when the operation is read-only.
   */
  async call(operation: string, args: unknown, opts: CallOptions = {}): Promise<CallResult> {
    const secrets = opts.secrets?.length ? [...this.secrets, ...opts.secrets] : this.secrets;
    const loaded = await this.load().catch((e: unknown) => {
      throw normaliseError(e, operation, secrets);
    });
    const method = loaded.methods.get(operation);
    if (!method) {
      const known = loaded.operations.map((o) => o.name);
      throw new WsError(
        'WS_OPERATION',
        `${operation}: no such operation in the WSDL ${displayUrl(this.wsdl)} (it has ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', ...' : ''})`,
        { operation },
      );
    }
    const readOnly = opts.readOnly ?? this.readOnly.has(operation);
    const attempts = readOnly ? 1 + this.retries : 1;
    for (let attempt = 1; ; attempt++) {
      const callOpts: Record<string, unknown> = opts.timeoutMs ? { timeout: opts.timeoutMs } : {};
      const placeholder = opts.rawResponseOnly ? loaded.placeholders.get(operation) : undefined;
      const holder: RawHolder = { placeholder: placeholder ?? '' };
      if (placeholder) callOpts[RAW_OPTION] = holder;
      try {
        const r = await this.invoke(method, args, callOpts);
        const raw = holder.body ?? r.rawResponse;
        const out: CallResult = { result: opts.rawResponseOnly ? undefined : r.result, rawResponse: raw, attempts: attempt, httpStatus: holder.status };
        if (opts.debug) {
          out.request = maskXml(r.rawRequest, secrets, opts.secretElements);
          out.response = maskXml(raw, secrets, opts.secretElements);
        }
        return out;
      } catch (raw) {
        const f = raw as { err: unknown; rawRequest?: string; rawResponse?: string };
        const err = normaliseError(f.err, operation, secrets) as WsCallError;
        if (attempt < attempts && isRetryable(err) && !this.closed) {
          await delay(RETRY_BASE_MS * 2 ** (attempt - 1));
          continue;
        }
        if (opts.debug) {
          err.exchange = {
            request: f.rawRequest ? maskXml(f.rawRequest, secrets, opts.secretElements) : undefined,
            response: f.rawResponse ? maskXml(f.rawResponse, secrets, opts.secretElements) : undefined,
          };
        }
        throw err;
      }
    }
  }

  private invoke(method: SoapMethod, args: unknown, callOpts: Record<string, unknown>): Promise<{ result: unknown; rawResponse: string; rawRequest: string }> {
    return new Promise((resolve, reject) => {
      try {
        this.invokeRaw(method, args, callOpts, resolve, reject);
      } catch (err) {
        // soap throws synchronously when it cannot serialise the arguments
        reject({ err });
      }
    });
  }

  private invokeRaw(
    method: SoapMethod,
    args: unknown,
    callOpts: Record<string, unknown>,
    resolve: (r: { result: unknown; rawResponse: string; rawRequest: string }) => void,
    reject: (f: { err: unknown; rawRequest?: string; rawResponse?: string }) => void,
  ): void {
    method(
      args ?? {},
      (err, result, rawResponse, _header, rawRequest) => {
        const req = typeof rawRequest === 'string' ? rawRequest : '';
        if (err) {
          const body = (err as { body?: unknown }).body;
          reject({ err, rawRequest: req, rawResponse: typeof body === 'string' ? body : typeof rawResponse === 'string' ? rawResponse : undefined });
        } else {
          resolve({ result, rawResponse: typeof rawResponse === 'string' ? rawResponse : '', rawRequest: req });
        }
      },
      callOpts,
    );
  }

  /** Forget the client and close idle connections. */
  close(): void {
    this.closed = true;
    this.loading = undefined;
    this.transport.destroy();
  }
}
