/**
 * The shop-facing HTTP surface as Node-RED nodes:
 * - `pyramid-shop-access` (config): the secrets (request signatures, token signing), token lifetime,
 *   body limit, login rate limits and answer timeout shared by the endpoints;
 * - `pyramid-shop-in`: one HTTP route that only lets the shop through (signed request, bearer token,
 *   or a rate-limited signed login), reads and parses the body itself with a cap, and emits the
 *   request with an opaque handle;
 * - `pyramid-shop-response`: answers the request of a msg exactly once (JSON; safe errors; tokens
 *   for logins). A second answer is dropped, so two Catch nodes can never loop on one request.
 * An endpoint also answers by itself: with the mapped error when a node fails one of its msgs and
 * no Catch node catches it (Node-RED's `onComplete` hook), and 504 when nothing answers in time.
 * All checks live in lib/shop/api; this file wires them to Node-RED and express.
 */
import { keepRawBody } from './raw-body';
import * as crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import {
  catchesOf,
  checkTimestamp,
  DEFAULT_BODY_LIMIT,
  ERRORS,
  errorBody,
  issueToken,
  mapError,
  mapErrorWithStatus,
  parseBody,
  readBody,
  ReplayGuard,
  SIGNATURE_HEADER,
  SlidingWindowLimiter,
  TIMESTAMP_HEADER,
  verifySignature,
  verifyToken,
  type FlowNode,
  type ShopError,
  type TokenClaims,
} from '../lib/shop/api';

// ---- the small part of the Node-RED and express APIs used here --------------------------------

interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

interface Node {
  id: string;
  type: string;
  z?: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', fn: (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', fn: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage): void;
  status(s: NodeStatus): void;
  warn(m: unknown): void;
  error(m: unknown, msg?: NodeMessage): void;
  debug(m: unknown): void;
  log(m: unknown): void;
}

interface Request extends Readable {
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

interface Response {
  headersSent: boolean;
  writableEnded: boolean;
  statusCode: number;
  setHeader(name: string, value: string | number): void;
  end(body?: string | Buffer): void;
  on(event: 'finish' | 'close', fn: () => void): void;
}

type Handler = (req: Request, res: Response, next: (err?: unknown) => void) => void;

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
}
interface App {
  _router?: { stack: Layer[] };
  router?: { stack: Layer[] };
  [method: string]: unknown;
}

interface CompleteEvent {
  msg?: NodeMessage;
  error?: unknown;
  node?: { id: string; node?: Node };
}

interface NodeAPI {
  nodes: {
    createNode(node: Node, config: object): void;
    registerType(type: string, ctor: (this: never, config: never) => void, opts?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): Node | null;
    eachNode?(cb: (n: FlowNode) => void): void;
  };
  httpNode: App;
  hooks?: {
    add(id: string, fn: (ev: CompleteEvent) => void): void;
    remove(id: string): void;
  };
  log?: { debug(m: unknown): void; warn(m: unknown): void };
  _(key: string, subs?: Record<string, unknown>): string;
}

// ---- configuration ----------------------------------------------------------------------------

interface AccessProps {
  name?: string;
  tokenMinutes?: number | string;
  bodyLimitKb?: number | string;
  loginPerClient?: number | string;
  loginClientWindowS?: number | string;
  loginFailures?: number | string;
  loginFailureWindowMin?: number | string;
  timeoutS?: number | string;
}

type AuthMode = 'signature' | 'token' | 'either' | 'login';
type CustomerFrom = 'none' | 'params' | 'query' | 'body';

interface InProps {
  name?: string;
  method?: string;
  url: string;
  access: string;
  auth?: AuthMode;
  customerFrom?: CustomerFrom;
  customerField?: string;
  usernameField?: string;
}

interface ResponseProps {
  name?: string;
  mode?: 'auto' | 'error' | 'login';
  statusCode?: number | string;
}

interface AccessNode extends Node {
  signatureSecret: string;
  tokenSecret: string;
  tokenSeconds: number;
  bodyLimit: number;
  timeoutMs: number;
  clientLimiter: SlidingWindowLimiter;
  userLimiter: SlidingWindowLimiter;
  replay: ReplayGuard;
}

interface InNode extends Node {
  access?: AccessNode;
}

/** One request waiting for its answer. Lives only here: never on a msg. */
interface Pending {
  id: string;
  res: Response;
  req: Request;
  endpoint: InNode;
  access: AccessNode;
  timer?: NodeJS.Timeout;
  username?: string;
  answered: boolean;
}

/** The msg property holding the request handle (an opaque id into `pending`). */
const HANDLE = '_shopRequest';

const pending = new Map<string, Pending>();

function num(v: unknown, dflt: number, min: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= min ? n : dflt;
}

/** Header a signed shop server may set to the end user's address, for the per-client login limit. */
const CLIENT_HEADER = 'x-pyramid-client';
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', SIGNATURE_HEADER]);

function clientOf(req: Request): string {
  return String(req.ip || req.socket?.remoteAddress || 'unknown');
}

function plain<T>(v: T): T {
  try {
    return JSON.parse(JSON.stringify(v ?? {})) as T;
  } catch {
    return {} as T;
  }
}

/** Writes one JSON answer. Never throws; false when the response was already sent. */
function write(res: Response, status: number, body: unknown, extra: Record<string, string | number> = {}): boolean {
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

function writeError(res: Response, e: ShopError, extra: Record<string, string | number> = {}): boolean {
  const headers = { ...extra };
  if (e.retryAfter !== undefined) headers['Retry-After'] = e.retryAfter;
  return write(res, e.status, errorBody(e), headers);
}

/** Answers a pending request once; later calls do nothing. */
function settle(p: Pending, status: number, body: unknown, extra: Record<string, string | number> = {}): boolean {
  if (p.answered) return false;
  p.answered = true;
  pending.delete(p.id);
  if (p.timer) clearTimeout(p.timer);
  return write(p.res, status, body, extra);
}

function settleError(p: Pending, e: ShopError): boolean {
  const headers: Record<string, string | number> = {};
  if (e.retryAfter !== undefined) headers['Retry-After'] = e.retryAfter;
  return settle(p, e.status, errorBody(e), headers);
}

/**
 * After refusing an over-long body: discard (never keep) what still comes, so the client can
 * finish sending and read the answer; a body that goes on past 16 times the limit or 10 s ends
 * with the connection.
 */
function discardRest(req: Request, res: Response, limit: number): void {
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

/** The flow configuration of the running flows, for deciding whether a Catch node takes an error. */
function flowConfig(RED: NodeAPI): FlowNode[] {
  const all: FlowNode[] = [];
  RED.nodes.eachNode?.((n) => all.push(n));
  return all;
}

let hookInstalled: NodeAPI['hooks'] | undefined;

module.exports = function (RED: NodeAPI): void {
  // ---- the onComplete hook: a node failed a msg of a request that nothing answered -------------
  const hooks = RED.hooks;
  if (hooks) {
    try {
      hooks.remove('onComplete.pyramidShopApi');
    } catch {
      // not there
    }
    hooks.add('onComplete.pyramidShopApi', (ev: CompleteEvent) => {
      const handle = ev.msg?.[HANDLE];
      if (!ev.error || typeof handle !== 'string') return;
      const p = pending.get(handle);
      if (!p || p.answered) return;
      // a Catch node taking this error has the first word; else the endpoint answers it now
      const nodeId = ev.node?.id;
      if (nodeId && catchesOf(flowConfig(RED), nodeId).length) return;
      const mapped = mapError(ev.error);
      p.endpoint.debug(`request ${p.id}: ${ev.node?.node?.type ?? 'a node'} failed (${String((ev.error as Error)?.message ?? ev.error)}); answered ${mapped.status}`);
      setImmediate(() => settleError(p, mapped));
    });
    hookInstalled = hooks;
  } else if (!hookInstalled) {
    RED.log?.warn('pyramid-shop-in: this Node-RED has no messaging hooks; a failed request is answered at the timeout (504)');
  }

  // ---- pyramid-shop-access --------------------------------------------------------------------
  function AccessNodeCtor(this: AccessNode, config: AccessProps): void {
    RED.nodes.createNode(this, config);
    this.signatureSecret = this.credentials?.signatureSecret ?? '';
    this.tokenSecret = this.credentials?.tokenSecret ?? '';
    this.tokenSeconds = Math.round(num(config.tokenMinutes, 30, 1) * 60);
    this.bodyLimit = Math.round(num(config.bodyLimitKb, DEFAULT_BODY_LIMIT / 1024, 1) * 1024);
    this.timeoutMs = Math.round(num(config.timeoutS, 30, 0.1) * 1000);
    this.clientLimiter = new SlidingWindowLimiter(Math.round(num(config.loginPerClient, 20, 1)), num(config.loginClientWindowS, 60, 1) * 1000);
    this.userLimiter = new SlidingWindowLimiter(Math.round(num(config.loginFailures, 5, 1)), num(config.loginFailureWindowMin, 15, 0.1) * 60_000);
    this.replay = new ReplayGuard();
  }
  RED.nodes.registerType('pyramid-shop-access', AccessNodeCtor as never, {
    credentials: { signatureSecret: { type: 'password' }, tokenSecret: { type: 'password' } },
  });

  // ---- pyramid-shop-in ------------------------------------------------------------------------
  function InNodeCtor(this: InNode, config: InProps): void {
    RED.nodes.createNode(this, config);
    setupIn(this, config);
  }

  function setupIn(node: InNode, config: InProps): void {
    const method = String(config.method || 'post').toLowerCase();
    const url = String(config.url || '');
    const auth: AuthMode = (['signature', 'token', 'either', 'login'] as const).includes(config.auth as AuthMode) ? (config.auth as AuthMode) : 'signature';
    const customerFrom: CustomerFrom = (['none', 'params', 'query', 'body'] as const).includes(config.customerFrom as CustomerFrom) ? (config.customerFrom as CustomerFrom) : 'none';
    const customerField = config.customerField || 'customerNumber';
    const usernameField = config.usernameField || 'username';
    const access = RED.nodes.getNode(config.access) as AccessNode | null;
    node.access = access ?? undefined;

    const needsSignature = auth !== 'token';
    const needsToken = auth === 'token' || auth === 'either' || auth === 'login';
    const missing = !access || (needsSignature && !access.signatureSecret) || (needsToken && !access.tokenSecret);
    if (!url.startsWith('/')) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('pyramid-shop-in.status.no-url') });
      node.error(RED._('pyramid-shop-in.errors.no-url'));
      return;
    }
    node.status(missing ? { fill: 'red', shape: 'ring', text: RED._('pyramid-shop-in.status.no-secrets') } : { fill: 'grey', shape: 'dot', text: RED._(`pyramid-shop-in.status.${auth}`) });
    if (missing) node.warn(RED._('pyramid-shop-in.errors.no-secrets', { url }));

    let warnedConsumed = false;
    const handler: Handler = (req, res) => {
      handle(req, res).catch((e: unknown) => {
        node.debug(`request failed before the flow: ${String(e)}`);
        writeError(res, ERRORS.internal);
      });
    };

    async function handle(req: Request, res: Response): Promise<void> {
      if (missing || !access) {
        writeError(res, ERRORS.notConfigured);
        return;
      }
      // 1. before the body: who is calling?
      const authz = req.headers.authorization;
      const useToken = auth === 'token' || (auth === 'either' && typeof authz === 'string' && /^bearer\s/i.test(authz));
      let claims: TokenClaims | undefined;
      if (useToken) {
        const t = verifyToken(access.tokenSecret, authz);
        if (!t.ok) {
          writeError(res, t.reason === 'missing' ? ERRORS.unauthenticated : ERRORS.badToken);
          return;
        }
        claims = t.claims;
      } else {
        const ts = checkTimestamp(req.headers[TIMESTAMP_HEADER], req.headers[SIGNATURE_HEADER]);
        if (!ts.ok) {
          writeError(res, ts.reason === 'missing' ? ERRORS.unauthenticated : ts.reason === 'expired' ? ERRORS.expired : ERRORS.badSignature);
          return;
        }
      }
      // 2. the body, capped
      let raw: Buffer = Buffer.alloc(0);
      if (BODY_METHODS.has(req.method.toLowerCase()) || req.headers['content-length'] || req.headers['transfer-encoding']) {
        if (req.readableEnded) {
          // a body parser in front of this route (httpNodeMiddleware) read it: the raw bytes are gone
          if (!warnedConsumed) node.warn(RED._('pyramid-shop-in.errors.body-consumed', { url }));
          warnedConsumed = true;
          writeError(res, ERRORS.internal);
          return;
        }
        const got = await readBody(req, access.bodyLimit);
        if (!got.ok) {
          if (got.status === 413) {
            // no "Connection: close": a client still sending would get EPIPE instead of the answer
            writeError(res, ERRORS.tooLarge);
            discardRest(req, res, access.bodyLimit);
          } else writeError(res, { status: 400, error: 'bad_request', message: `The request body could not be read.` });
          return;
        }
        raw = got.body;
      }
      // 3. the signature over the exact bytes, once
      if (!useToken) {
        const sig = String(req.headers[SIGNATURE_HEADER]);
        const parts = { method: req.method, pathAndQuery: req.originalUrl, timestamp: String(req.headers[TIMESTAMP_HEADER]), body: raw };
        if (!verifySignature(access.signatureSecret, parts, sig)) {
          writeError(res, ERRORS.badSignature);
          return;
        }
        // a signed GET may come twice in one second (two page views); anything else only once
        const readOnly = req.method === 'GET' || req.method === 'HEAD';
        if (!readOnly && !access.replay.accept(sig)) {
          writeError(res, ERRORS.expired);
          return;
        }
      }
      // 3b. logins per client: the end user's address as the signed shop server names it
      // (X-Pyramid-Client), else the calling address
      if (auth === 'login') {
        const named = req.headers[CLIENT_HEADER];
        const client = typeof named === 'string' && named.trim() ? `c:${named.trim().slice(0, 100)}` : `a:${clientOf(req)}`;
        const r = access.clientLimiter.take(client);
        if (!r.allowed) {
          writeError(res, { ...ERRORS.rateLimited, retryAfter: r.retryAfter });
          return;
        }
      }
      // 4. the payload
      let payload: unknown;
      if (raw.length || BODY_METHODS.has(req.method.toLowerCase())) {
        const parsed = parseBody(raw, req.headers['content-type']);
        if (!parsed.ok) {
          writeError(res, { status: parsed.status, error: parsed.status === 415 ? 'unsupported_media_type' : 'bad_request', message: parsed.message });
          return;
        }
        payload = parsed.value;
      } else {
        payload = { ...plain(req.query), ...plain(req.params) };
      }
      // 5. a token acts for its own customer only
      if (claims && customerFrom === 'body' && (!payload || typeof payload !== 'object' || Array.isArray(payload))) {
        writeError(res, { status: 400, error: 'bad_request', message: `Send the body as a JSON object with "${customerField}".` });
        return;
      }
      if (claims && customerFrom !== 'none') {
        const src = customerFrom === 'params' ? req.params : customerFrom === 'query' ? req.query : payload;
        const asked = src && typeof src === 'object' ? (src as Record<string, unknown>)[customerField] : undefined;
        if (asked !== undefined && asked !== null && asked !== '' && String(asked) !== claims.customerNumber) {
          writeError(res, ERRORS.forbidden);
          return;
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
            writeError(res, { ...ERRORS.rateLimited, retryAfter: r.retryAfter });
            return;
          }
        }
      }
      // 7. into the flow, with a handle for the answer
      const id = crypto.randomUUID();
      const p: Pending = { id, req, res, endpoint: node, access, username, answered: false };
      pending.set(id, p);
      p.timer = setTimeout(() => {
        node.debug(`request ${id} (${req.method} ${req.path}): no answer within ${access.timeoutMs} ms`);
        settleError(p, ERRORS.timeout);
      }, access.timeoutMs);
      res.on('close', () => {
        // the caller went away: nothing left to answer
        if (!p.answered) {
          p.answered = true;
          pending.delete(id);
          if (p.timer) clearTimeout(p.timer);
        }
      });
      const headers: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HIDDEN_HEADERS.has(k)) headers[k] = v;
      const msg: NodeMessage = {
        payload,
        req: { method: req.method, url: req.originalUrl, path: req.path, params: plain(req.params), query: plain(req.query), headers, ip: clientOf(req) },
        auth: claims ? { mode: 'token', customerNumber: claims.customerNumber, contactId: claims.contactId } : { mode: 'signature' },
        [HANDLE]: id,
      };
      node.send(msg);
    }

    const app = RED.httpNode;
    const register = app[method];
    if (typeof register !== 'function') {
      node.error(RED._('pyramid-shop-in.errors.bad-method', { method }));
      return;
    }
    (register as (path: string, h: Handler) => void).call(app, url, handler);
    // the editor's body parsers must leave this route's body to the signature check
    const forgetRoute = keepRawBody(RED, method, handler);

    node.on('close', (_removed, done) => {
      forgetRoute();
      const router = app._router ?? app.router;
      if (router) {
        for (let i = router.stack.length - 1; i >= 0; i--) {
          const r = router.stack[i].route;
          if (r && r.stack.some((l) => l.handle === handler)) router.stack.splice(i, 1);
        }
      }
      for (const p of [...pending.values()]) if (p.endpoint === node) settleError(p, ERRORS.closing);
      done();
    });
  }
  RED.nodes.registerType('pyramid-shop-in', InNodeCtor as never);

  // ---- pyramid-shop-response ------------------------------------------------------------------
  function ResponseNodeCtor(this: Node, config: ResponseProps): void {
    RED.nodes.createNode(this, config);
    setupResponse(this, config);
  }

  function setupResponse(node: Node, config: ResponseProps): void {
    const mode = config.mode === 'error' || config.mode === 'login' ? config.mode : 'auto';
    const fixedStatus = num(config.statusCode, 0, 100);

    node.on('input', (msg, _send, done) => {
      try {
        const handle = msg[HANDLE];
        const p = typeof handle === 'string' ? pending.get(handle) : undefined;
        if (!p || p.answered) {
          // answered before (a second Catch path, a timeout) or not a request of ours: drop it
          node.debug(typeof handle === 'string' ? `request ${handle} was answered before; this answer is dropped` : 'msg without a shop request handle; nothing to answer');
          done();
          return;
        }
        if (mode === 'error' || msg.error) {
          const given = num(msg.statusCode, 0, 100) || fixedStatus;
          const mapped = given ? mapErrorWithStatus(msg.error, Math.floor(given)) : mapError(msg.error);
          node.debug(`request ${p.id}: error answered ${mapped.status}`);
          settleError(p, mapped);
        } else if (mode === 'login') {
          answerLogin(p, msg.payload);
        } else {
          const s = num(msg.statusCode, 0, 100);
          const status = s >= 100 && s <= 599 ? Math.floor(s) : fixedStatus >= 100 && fixedStatus <= 599 ? Math.floor(fixedStatus) : 200;
          settle(p, status, msg.payload);
        }
        done();
      } catch (e) {
        // never an error to Catch: that is how answers loop
        node.debug(`answer failed: ${String(e)}`);
        done();
      }
    });
  }

  function answerLogin(p: Pending, payload: unknown): void {
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

  RED.nodes.registerType('pyramid-shop-response', ResponseNodeCtor as never);
};

/** For tests: how many requests are waiting for an answer. */
module.exports.pendingCount = (): number => pending.size;
