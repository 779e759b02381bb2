/**
 * What a shop developer is told when a request fails: `{"error": <code>, "message": <text>}` with a
 * status. Texts say what to do; they never carry a stack trace, a path, a host name or the text of
 * an internal exception. Only the problems the caller caused (a request field the catalogue
 * refused) are described in detail, and those texts are cleaned too.
 */

export interface ShopError {
  status: number;
  error: string;
  message: string;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
}

/** The small JSON body of an error answer. */
export function errorBody(e: ShopError): { error: string; message: string } {
  return { error: e.error, message: e.message };
}

export const ERRORS = {
  unauthenticated: { status: 401, error: 'unauthenticated', message: 'Sign the request (X-Pyramid-Timestamp and X-Pyramid-Signature) or send a valid bearer token from the login endpoint.' },
  badSignature: { status: 401, error: 'unauthenticated', message: 'The request signature does not match: sign the timestamp, method, path with query and the exact body bytes with the shared secret.' },
  expired: { status: 401, error: 'unauthenticated', message: 'The request timestamp is outside the 5-minute window (or was used before): sign each request freshly and check the shop server clock.' },
  badToken: { status: 401, error: 'unauthenticated', message: 'The bearer token is missing, expired or invalid: log in again.' },
  forbidden: { status: 403, error: 'forbidden', message: 'This token belongs to another customer: a token can only read and change its own customer.' },
  loginFailed: { status: 401, error: 'login_failed', message: 'Wrong username or password, or the account cannot log in right now.' },
  tooLarge: { status: 413, error: 'body_too_large', message: 'The request body is larger than this endpoint accepts.' },
  rateLimited: { status: 429, error: 'rate_limited', message: 'Too many login attempts: wait for the time in Retry-After before trying again.' },
  timeout: { status: 504, error: 'timeout', message: 'The integration did not answer in time; try again later.' },
  notConfigured: { status: 503, error: 'not_configured', message: 'This endpoint is not configured yet (its secrets are missing): ask the integrator.', retryAfter: 60 },
  closing: { status: 503, error: 'unavailable', message: 'The integration is restarting; try again in a moment.', retryAfter: 5 },
  internal: { status: 500, error: 'internal_error', message: 'The integration could not handle this request; the integrator finds the details in the Node-RED log.' },
} satisfies Record<string, ShopError>;

/** Removes what a message must not show: anything after a line break, paths, URLs, addresses. */
export function cleanText(text: string, max = 300): string {
  let t = String(text).split(/\r?\n/)[0];
  t = t.replace(/^\s*[A-Za-z]*Error:\s*/, '');
  t = t.replace(/[a-z]+:\/\/\S+/gi, '<url>');
  t = t.replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~-]+){2,}[\\/]?/g, '<path>');
  t = t.replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<address>');
  t = t.replace(/\s+at\s+\S+\s+\(.*$/, '');
  if (t.length > max) t = t.slice(0, max - 1) + '…';
  return t.trim();
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  faultCode?: unknown;
  faultString?: unknown;
  name?: unknown;
}

const REQUEST_CODES = new Set(['MESSAGE_INVALID', 'MESSAGE_ROOT', 'WS_REQUEST', 'MAP_INVALID', 'MAP_INPUT']);

/**
 * Maps an error (an Error, or a Catch node's `msg.error`) to what the caller is told.
 * - the request's fields refused (MessageError codes, XML_*, WS_REQUEST, pyramid-map's MAP_INVALID and MAP_INPUT): 400 with the field problem
 * - a SOAP fault saying something does not exist: 404; another client fault: 400; a server fault: 502
 * - Pyramid unreachable or not configured: 503; too slow: 504; anything else from Pyramid: 502
 * - anything else: 500 without details
 */
export function mapError(err: unknown): ShopError {
  const e: ErrorLike = err && typeof err === 'object' ? (err as ErrorLike) : { message: String(err) };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (REQUEST_CODES.has(code) || code.startsWith('XML_')) {
    const detail = cleanText(message.replace(/^[^:]*?\brequest:\s*/i, ''));
    return { status: 400, error: 'invalid_request', message: detail ? `The request was refused: ${detail}` : 'The request was refused: check its fields against docs/web-services.md.' };
  }
  if (code === 'WS_FAULT') {
    const fault = `${typeof e.faultCode === 'string' ? e.faultCode : ''} ${typeof e.faultString === 'string' ? e.faultString : message}`;
    if (/does not exist|not found|unknown|finns inte|saknas|okänd/i.test(fault)) {
      return { status: 404, error: 'not_found', message: 'Pyramid does not know a customer, article or currency named in the request: check the numbers and codes sent.' };
    }
    if (/client|sender/i.test(fault)) return { status: 400, error: 'rejected', message: 'Pyramid refused the request: check its fields against docs/web-services.md.' };
    return { status: 502, error: 'pyramid_error', message: 'Pyramid could not answer this request; try again later.' };
  }
  if (code === 'WS_TIMEOUT' || code === 'ETIMEDOUT') return { status: 504, error: 'timeout', message: 'Pyramid did not answer in time; try again later.' };
  if (code === 'WS_NETWORK' || code === 'WS_TLS' || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return { status: 503, error: 'unavailable', message: 'Pyramid cannot be reached right now; try again later.', retryAfter: 30 };
  }
  if (code === 'WS_WSDL' || code === 'WS_CONFIG' || code === 'WS_OPERATION') {
    return { status: 503, error: 'unavailable', message: 'The connection to Pyramid is not set up correctly; ask the integrator.', retryAfter: 60 };
  }
  if (code.startsWith('WS_')) return { status: 502, error: 'pyramid_error', message: 'Pyramid gave an answer the integration cannot use; try again later.' };
  return { ...ERRORS.internal };
}

/**
 * The answer for an error when the flow says which status it is (an answer node's status, or
 * msg.statusCode): that status, with the mapped code and text; an error the mapping does not
 * know becomes the caller's (4xx: its first line, cleaned) or stays internal (5xx).
 */
export function mapErrorWithStatus(err: unknown, status: number): ShopError {
  const m = mapError(err);
  if (!(status >= 400 && status <= 599) || status === m.status) return m;
  if (m.error !== ERRORS.internal.error) return { ...m, status };
  if (status >= 500) return { ...m, status };
  const text = err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string' ? cleanText((err as { message: string }).message) : '';
  return { status, error: 'invalid_request', message: text ? `The request was refused: ${text}` : 'The request was refused: check its fields against docs/web-services.md.' };
}
