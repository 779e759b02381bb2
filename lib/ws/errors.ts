/**
 * One error type for everything that can go wrong calling a web service, so a flow can switch on
 * `code` and a person can read `message`. Built from the raw failure by `normaliseError`; the raw
 * error is never attached (soap's errors carry the request, and so the password, in their config).
 */
import type { XmlElement } from '../xml';
import { maskText } from './mask';

export type WsErrorCode =
  /** The service answered with a SOAP fault. */
  | 'WS_FAULT'
  /** HTTP 401/403: the service (or a proxy in front of it) refused the credentials. */
  | 'WS_AUTH'
  /** Any other HTTP error status without a SOAP fault. */
  | 'WS_HTTP'
  /** No complete answer within the configured time. */
  | 'WS_TIMEOUT'
  /** The TLS handshake failed (untrusted or mismatching certificate). */
  | 'WS_TLS'
  /** Connection refused, reset, host unknown, ... */
  | 'WS_NETWORK'
  /** The WSDL could not be fetched or read. */
  | 'WS_WSDL'
  /** The operation is not in the WSDL. */
  | 'WS_OPERATION'
  /** The endpoint configuration is incomplete or contradictory. */
  | 'WS_CONFIG'
  /** The request could not be built (the catalogue refused the model). */
  | 'WS_REQUEST'
  /** The answer is not a SOAP response we can read, or the catalogue refused it. */
  | 'WS_RESPONSE';

export interface WsErrorDetails {
  operation?: string;
  faultCode?: string;
  faultString?: string;
  httpStatus?: number;
  /** Problems found by the catalogue, for WS_REQUEST / WS_RESPONSE. */
  issues?: unknown[];
}

export class WsError extends Error {
  readonly code: WsErrorCode;
  readonly operation?: string;
  readonly faultCode?: string;
  readonly faultString?: string;
  readonly httpStatus?: number;
  readonly issues?: unknown[];

  constructor(code: WsErrorCode, message: string, details: WsErrorDetails = {}) {
    super(message);
    this.name = 'WsError';
    this.code = code;
    this.operation = details.operation;
    this.faultCode = details.faultCode;
    this.faultString = details.faultString;
    this.httpStatus = details.httpStatus;
    this.issues = details.issues;
  }

  /** The facts a flow needs, as plain data (no message text duplication, no stack). */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.operation !== undefined) o.operation = this.operation;
    if (this.faultCode !== undefined) o.faultCode = this.faultCode;
    if (this.faultString !== undefined) o.faultString = this.faultString;
    if (this.httpStatus !== undefined) o.httpStatus = this.httpStatus;
    if (this.issues !== undefined) o.issues = this.issues;
    return o;
  }
}

/** A transport failure raised by our HTTP layer (see transport.ts). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ERR_RESPONSE_TOO_LARGE',
  'ERR_REDIRECT',
]);

interface SoapLikeError {
  message?: string;
  code?: string;
  root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
  response?: { status?: number; statusText?: string };
  body?: unknown;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && '$value' in v) return text((v as { $value: unknown }).$value);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** What a SOAP 1.1 or 1.2 fault says, from soap's parsed envelope. */
function readFault(fault: Record<string, unknown>): { code?: string; text?: string; detail?: string } {
  let code = text(fault.faultcode);
  let str = text(fault.faultstring);
  const detail = text(fault.detail ?? fault.Detail);
  const c12 = fault.Code as { Value?: unknown } | undefined;
  if (!code && c12) code = text(c12.Value);
  const r12 = fault.Reason as { Text?: unknown } | undefined;
  if (!str && r12) str = text(r12.Text);
  return { code, text: str, detail };
}

function statusText(status: number, given?: string): string {
  return given ? `HTTP ${status} ${given}` : `HTTP ${status}`;
}

/**
 * Turn whatever soap or the transport threw into a WsError with a masked message. `secrets` are the
 * literal values that must not appear (passwords of this call and of the endpoint).
 */
export function normaliseError(err: unknown, operation: string, secrets: readonly string[] = []): WsError {
  if (err instanceof WsError) return err;
  const e = (err ?? {}) as SoapLikeError;
  const status = e.response?.status;
  const fault = e.root?.Envelope?.Body?.Fault;
  const m = (s: string) => maskText(s, secrets);
  const prefix = operation ? `${operation}: ` : '';

  if (fault) {
    const f = readFault(fault);
    const faultCode = f.code === undefined ? undefined : m(f.code);
    const faultString = f.text === undefined ? undefined : m(f.text);
    const detail = f.detail === undefined ? '' : ` (${m(f.detail).slice(0, 300)})`;
    const code: WsErrorCode = status === 401 || status === 403 ? 'WS_AUTH' : 'WS_FAULT';
    return new WsError(
      code,
      `${prefix}SOAP fault ${faultCode ?? '(no faultcode)'}: ${faultString ?? '(no faultstring)'}${detail}` +
        (code === 'WS_AUTH' ? ` [${statusText(status as number)}]` : ''),
      { operation, faultCode, faultString, httpStatus: status },
    );
  }
  if (err instanceof TransportError) {
    if (err.code === 'ETIMEDOUT') return new WsError('WS_TIMEOUT', `${prefix}${m(err.message)}`, { operation });
    if (TLS_CODES.has(err.code) || /certificate|TLS|SSL/i.test(err.message)) {
      return new WsError('WS_TLS', `${prefix}TLS: ${m(err.message)}`, { operation });
    }
    return new WsError('WS_NETWORK', `${prefix}${m(err.message)}`, { operation });
  }
  if (typeof status === 'number' && status >= 300) {
    const code: WsErrorCode = status === 401 || status === 403 ? 'WS_AUTH' : 'WS_HTTP';
    return new WsError(code, `${prefix}${statusText(status, e.response?.statusText)}`, { operation, httpStatus: status });
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new WsError('WS_NETWORK', `${prefix}${m(e.message ?? e.code)}`, { operation });
  }
  if (e.code && TLS_CODES.has(e.code)) {
    return new WsError('WS_TLS', `${prefix}TLS: ${m(e.message ?? e.code)}`, { operation });
  }
  return new WsError('WS_RESPONSE', `${prefix}${m(e.message ?? String(err))}`, { operation, httpStatus: status });
}

/** Whether a failed call may be repeated (only ever for read-only operations). */
export function isRetryable(err: WsError): boolean {
  if (err.code === 'WS_TIMEOUT' || err.code === 'WS_NETWORK') return true;
  return err.code === 'WS_HTTP' && (err.httpStatus === 502 || err.httpStatus === 503 || err.httpStatus === 504);
}

function allText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const parts: string[] = [];
  const walk = (e: XmlElement, depth: number) => {
    if (depth > 16) return;
    if (e.text.trim()) parts.push(e.text.trim());
    for (const c of e.children) walk(c, depth + 1);
  };
  walk(el, 0);
  return parts.join(' ');
}

/** A WsError from a `<Fault>` element read by our own reader (SOAP 1.1 or 1.2). */
export function faultFromElement(fault: XmlElement, operation: string, secrets: readonly string[] = [], httpStatus?: number): WsError {
  const child = (name: string) => fault.children.find((c) => c.name === name);
  const code12 = child('Code')?.children.find((c) => c.name === 'Value');
  const reason12 = child('Reason')?.children.find((c) => c.name === 'Text');
  const f: Record<string, unknown> = {
    faultcode: allText(child('faultcode') ?? code12),
    faultstring: allText(child('faultstring') ?? reason12),
  };
  const detail = allText(child('detail') ?? child('Detail'));
  if (detail) f.detail = detail;
  return normaliseError({ root: { Envelope: { Body: { Fault: f } } }, response: { status: httpStatus } }, operation, secrets);
}
