/**
 * Admitting one request to a shop endpoint, in order: who is calling (a token, or a fresh signed
 * timestamp) before the body is read, the body read with a cap, the signature over the exact bytes
 * (once: replays refused), login limits per client, the payload parsed, a token kept to its own
 * customer, and a username with too many recent failures stopped. A refused request is answered here.
 */
import { checkTimestamp, ReplayGuard, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature';
import { verifyToken, type TokenClaims } from './token';
import { SlidingWindowLimiter } from './rate-limit';
import { parseBody, readBody } from './body';
import { ERRORS } from './errors';
import { clientOf, discardRest, plainCopy, writeShopError, type ShopRequest, type ShopResponse } from './http';

/** The secrets and limits one access configuration shares between its endpoints. */
export interface AccessSettings {
  signatureSecret: string;
  tokenSecret: string;
  tokenSeconds: number;
  bodyLimit: number;
  timeoutMs: number;
  clientLimiter: SlidingWindowLimiter;
  userLimiter: SlidingWindowLimiter;
  replay: ReplayGuard;
}

export type AuthMode = 'signature' | 'token' | 'either' | 'login';
export type CustomerFrom = 'none' | 'params' | 'query' | 'body';

/** How one endpoint admits requests. */
export interface EndpointRules {
  auth: AuthMode;
  customerFrom: CustomerFrom;
  customerField: string;
  usernameField: string;
  /** Called when a body parser in front of the route read the body (the raw bytes are gone). */
  onBodyConsumed?: () => void;
}

/** An admitted request: its payload, the token's claims, the login's username. */
export interface Admitted {
  payload: unknown;
  claims?: TokenClaims;
  username?: string;
}

/** Header a signed shop server may set to the end user's address, for the per-client login limit. */
export const CLIENT_HEADER = 'x-pyramid-client';
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The request admitted, or undefined when it was refused (and answered). */
export async function admitRequest(req: ShopRequest, res: ShopResponse, access: AccessSettings, rules: EndpointRules): Promise<Admitted | undefined> {
  const { auth, customerFrom, customerField, usernameField } = rules;
  // 1. before the body: who is calling?
  const authz = req.headers.authorization;
  const useToken = auth === 'token' || (auth === 'either' && typeof authz === 'string' && /^bearer\s/i.test(authz));
  let claims: TokenClaims | undefined;
  if (useToken) {
    const t = verifyToken(access.tokenSecret, authz);
    if (!t.ok) {
      writeShopError(res, t.reason === 'missing' ? ERRORS.unauthenticated : ERRORS.badToken);
      return undefined;
    }
    claims = t.claims;
  } else {
    const ts = checkTimestamp(req.headers[TIMESTAMP_HEADER], req.headers[SIGNATURE_HEADER]);
    if (!ts.ok) {
      writeShopError(res, ts.reason === 'missing' ? ERRORS.unauthenticated : ts.reason === 'expired' ? ERRORS.expired : ERRORS.badSignature);
      return undefined;
    }
  }
  // 2. the body, capped
  let raw: Buffer = Buffer.alloc(0);
  if (BODY_METHODS.has(req.method.toLowerCase()) || req.headers['content-length'] || req.headers['transfer-encoding']) {
    if (req.readableEnded) {
      // a body parser in front of this route (httpNodeMiddleware) read it: the raw bytes are gone
      rules.onBodyConsumed?.();
      writeShopError(res, ERRORS.internal);
      return undefined;
    }
    const got = await readBody(req, access.bodyLimit);
    if (!got.ok) {
      if (got.status === 413) {
        // no "Connection: close": a client still sending would get EPIPE instead of the answer
        writeShopError(res, ERRORS.tooLarge);
        discardRest(req, res, access.bodyLimit);
      } else writeShopError(res, { status: 400, error: 'bad_request', message: `The request body could not be read.` });
      return undefined;
    }
    raw = got.body;
  }
  // 3. the signature over the exact bytes, once
  if (!useToken) {
    const sig = String(req.headers[SIGNATURE_HEADER]);
    const parts = { method: req.method, pathAndQuery: req.originalUrl, timestamp: String(req.headers[TIMESTAMP_HEADER]), body: raw };
    if (!verifySignature(access.signatureSecret, parts, sig)) {
      writeShopError(res, ERRORS.badSignature);
      return undefined;
    }
    // a signed GET may come twice in one second (two page views); anything else only once
    const readOnly = req.method === 'GET' || req.method === 'HEAD';
    if (!readOnly && !access.replay.accept(sig)) {
      writeShopError(res, ERRORS.expired);
      return undefined;
    }
  }
  // 3b. logins per client: the end user's address as the signed shop server names it
  // (X-Pyramid-Client), else the calling address
  if (auth === 'login') {
    const named = req.headers[CLIENT_HEADER];
    const client = typeof named === 'string' && named.trim() ? `c:${named.trim().slice(0, 100)}` : `a:${clientOf(req)}`;
    const r = access.clientLimiter.take(client);
    if (!r.allowed) {
      writeShopError(res, { ...ERRORS.rateLimited, retryAfter: r.retryAfter });
      return undefined;
    }
  }
  // 4. the payload
  let payload: unknown;
  if (raw.length || BODY_METHODS.has(req.method.toLowerCase())) {
    const parsed = parseBody(raw, req.headers['content-type']);
    if (!parsed.ok) {
      writeShopError(res, { status: parsed.status, error: parsed.status === 415 ? 'unsupported_media_type' : 'bad_request', message: parsed.message });
      return undefined;
    }
    payload = parsed.value;
  } else {
    payload = { ...plainCopy(req.query), ...plainCopy(req.params) };
  }
  // 5. a token acts for its own customer only
  if (claims && customerFrom === 'body' && (!payload || typeof payload !== 'object' || Array.isArray(payload))) {
    writeShopError(res, { status: 400, error: 'bad_request', message: `Send the body as a JSON object with "${customerField}".` });
    return undefined;
  }
  if (claims && customerFrom !== 'none') {
    const src = customerFrom === 'params' ? req.params : customerFrom === 'query' ? req.query : payload;
    const asked = src && typeof src === 'object' ? (src as Record<string, unknown>)[customerField] : undefined;
    if (asked !== undefined && asked !== null && asked !== '' && String(asked) !== claims.customerNumber) {
      writeShopError(res, ERRORS.forbidden);
      return undefined;
    }
    if ((asked === undefined || asked === null || asked === '') && payload && typeof payload === 'object' && !Array.isArray(payload)) {
      (payload as Record<string, unknown>)[customerField] = claims.customerNumber;
    }
  }
  // 6. logins: a user with too many recent failures does not reach Pyramid
  let username: string | undefined;
  if (auth === 'login') {
    const u = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[usernameField] : undefined;
    if (typeof u === 'string' && u.trim()) {
      username = u.trim().toLowerCase().slice(0, 200);
      const r = access.userLimiter.check(username);
      if (!r.allowed) {
        writeShopError(res, { ...ERRORS.rateLimited, retryAfter: r.retryAfter });
        return undefined;
      }
    }
  }
  return { payload, claims, username };
}
