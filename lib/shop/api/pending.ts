/**
 * The requests of shop endpoints waiting for their answer, by an opaque handle (never on a msg
 * themselves): each answered exactly once (later answers dropped), by the flow, a timeout, the
 * endpoint closing or the caller leaving; a login's answer turned into a token or the one failure.
 */
import { randomUUID } from 'node:crypto';
import { ERRORS, errorBody, type ShopError } from './errors';
import { issueToken } from './token';
import { writeJson, type ShopRequest, type ShopResponse } from './http';
import type { AccessSettings } from './gate';

/** One request waiting for its answer. */
export interface PendingRequest<E = unknown> {
  id: string;
  res: ShopResponse;
  req: ShopRequest;
  /** The endpoint that took it (its answers and its close concern it). */
  endpoint: E;
  access: AccessSettings;
  timer?: NodeJS.Timeout;
  username?: string;
  answered: boolean;
}

const waiting = new Map<string, PendingRequest>();

/** The request a handle names, while it waits. */
export function pendingRequest(handle: unknown): PendingRequest | undefined {
  return typeof handle === 'string' ? waiting.get(handle) : undefined;
}

/** How many requests are waiting for an answer. */
export function pendingRequestCount(): number {
  return waiting.size;
}

/** The requests an endpoint took that still wait. */
export function pendingOf(endpoint: unknown): PendingRequest[] {
  return [...waiting.values()].filter((p) => p.endpoint === endpoint);
}

/**
 * Registers a request: answered with the timeout error after `access.timeoutMs` (`onTimeout` is
 * told first), forgotten when the caller goes away.
 */
export function awaitAnswer(req: ShopRequest, res: ShopResponse, endpoint: unknown, access: AccessSettings, username: string | undefined, onTimeout: (p: PendingRequest) => void): PendingRequest {
  const id = randomUUID();
  const p: PendingRequest = { id, req, res, endpoint, access, username, answered: false };
  waiting.set(id, p);
  p.timer = setTimeout(() => {
    onTimeout(p);
    settleError(p, ERRORS.timeout);
  }, access.timeoutMs);
  res.on('close', () => {
    // the caller went away: nothing left to answer
    if (!p.answered) {
      p.answered = true;
      waiting.delete(id);
      if (p.timer) clearTimeout(p.timer);
    }
  });
  return p;
}

/** Answers a pending request once; later calls do nothing. */
export function settle(p: PendingRequest, status: number, body: unknown, extra: Record<string, string | number> = {}): boolean {
  if (p.answered) return false;
  p.answered = true;
  waiting.delete(p.id);
  if (p.timer) clearTimeout(p.timer);
  return writeJson(p.res, status, body, extra);
}

export function settleError(p: PendingRequest, e: ShopError): boolean {
  const headers: Record<string, string | number> = {};
  if (e.retryAfter !== undefined) headers['Retry-After'] = e.retryAfter;
  return settle(p, e.status, errorBody(e), headers);
}

/** A login's answer from Pyramid: a token for an approved user, else the one failure for all. */
export function answerLogin(p: PendingRequest, payload: unknown): void {
  const a = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  if (!a || typeof a.approved !== 'boolean') {
    settleError(p, { status: 502, error: 'pyramid_error', message: 'Pyramid gave an answer the integration cannot use; try again later.' });
    return;
  }
  const customerNumber = typeof a.customerNumber === 'string' ? a.customerNumber : typeof a.customerNumber === 'number' ? String(a.customerNumber) : '';
  if (a.approved && customerNumber) {
    if (p.username) p.access.userLimiter.reset(p.username);
    const contactId = a.contactId === undefined || a.contactId === null ? undefined : String(a.contactId);
    const { token, claims } = issueToken(p.access.tokenSecret, { customerNumber, contactId }, p.access.tokenSeconds);
    const body: Record<string, unknown> = { token, tokenType: 'Bearer', expiresAt: new Date(claims.exp * 1000).toISOString(), approved: true, customerNumber, contactId };
    for (const k of ['name', 'companyName', 'priceList', 'permissions']) if (a[k] !== undefined) body[k] = a[k];
    settle(p, 200, body);
    return;
  }
  // unknown, locked, not activated and wrong password: one answer, byte for byte
  if (p.username) p.access.userLimiter.hit(p.username);
  settleError(p, ERRORS.loginFailed);
}
