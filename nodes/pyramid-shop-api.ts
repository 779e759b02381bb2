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
 * All checks and answers live in lib/shop/api; this file wires them to Node-RED and express.
 */
import { keepRawBody } from './raw-body';
import {
  admitRequest,
  answerLogin,
  awaitAnswer,
  catchesOf,
  clientOf,
  DEFAULT_BODY_LIMIT,
  ERRORS,
  mapError,
  mapErrorWithStatus,
  pendingOf,
  pendingRequest,
  pendingRequestCount,
  plainCopy,
  ReplayGuard,
  settle,
  settleError,
  SIGNATURE_HEADER,
  SlidingWindowLimiter,
  writeShopError,
  type AccessSettings,
  type AuthMode,
  type CustomerFrom,
  type FlowNode,
  type ShopRequest,
  type ShopResponse,
} from '../lib/shop/api';
import { numberProperty, type Node, type NodeAPI, type NodeDef, type NodeMessage } from './red';

// ---- configuration ----------------------------------------------------------------------------

interface AccessProps extends NodeDef {
  tokenMinutes?: number | string;
  bodyLimitKb?: number | string;
  loginPerClient?: number | string;
  loginClientWindowS?: number | string;
  loginFailures?: number | string;
  loginFailureWindowMin?: number | string;
  timeoutS?: number | string;
}

interface InProps extends NodeDef {
  method?: string;
  url: string;
  access: string;
  auth?: AuthMode;
  customerFrom?: CustomerFrom;
  customerField?: string;
  usernameField?: string;
}

interface ResponseProps extends NodeDef {
  mode?: 'auto' | 'error' | 'login';
  statusCode?: number | string;
}

interface AccessCredentials {
  signatureSecret?: string;
  tokenSecret?: string;
}

type AccessNode = Node<AccessCredentials> & AccessSettings;

interface InNode extends Node {
  access?: AccessNode;
}

/** Node-RED's onComplete hook event. */
interface CompleteEvent {
  msg?: NodeMessage;
  error?: unknown;
  node?: { id: string; node?: Node };
}

type Handler = (req: ShopRequest, res: ShopResponse, next: (err?: unknown) => void) => void;

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
}

/** The msg property holding the request handle (an opaque id of lib/shop/api's waiting requests). */
const HANDLE = '_shopRequest';

const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', SIGNATURE_HEADER]);

/** The flow configuration of the running flows, for deciding whether a Catch node takes an error. */
function flowConfig(RED: NodeAPI): FlowNode[] {
  const all: FlowNode[] = [];
  RED.nodes.eachNode?.((n) => all.push(n as unknown as FlowNode));
  return all;
}

let hookInstalled: NodeAPI['hooks'] | undefined;

module.exports = function (RED: NodeAPI): void {
  // ---- the onComplete hook: a node failed a msg of a request that nothing answered -------------
  const hooks = RED.hooks as NodeAPI['hooks'] | undefined;
  if (hooks) {
    try {
      hooks.remove('onComplete.pyramidShopApi');
    } catch {
      // not there
    }
    hooks.add('onComplete.pyramidShopApi', (ev: CompleteEvent) => {
      const p = pendingRequest(ev.msg?.[HANDLE]);
      if (!ev.error || !p || p.answered) return;
      // a Catch node taking this error has the first word; else the endpoint answers it now
      const nodeId = ev.node?.id;
      if (nodeId && catchesOf(flowConfig(RED), nodeId).length) return;
      const mapped = mapError(ev.error);
      (p.endpoint as InNode).debug(`request ${p.id}: ${ev.node?.node?.type ?? 'a node'} failed (${String((ev.error as Error)?.message ?? ev.error)}); answered ${mapped.status}`);
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
    this.tokenSeconds = Math.round(numberProperty(config.tokenMinutes, 30, 1) * 60);
    this.bodyLimit = Math.round(numberProperty(config.bodyLimitKb, DEFAULT_BODY_LIMIT / 1024, 1) * 1024);
    this.timeoutMs = Math.round(numberProperty(config.timeoutS, 30, 0.1) * 1000);
    this.clientLimiter = new SlidingWindowLimiter(Math.round(numberProperty(config.loginPerClient, 20, 1)), numberProperty(config.loginClientWindowS, 60, 1) * 1000);
    this.userLimiter = new SlidingWindowLimiter(Math.round(numberProperty(config.loginFailures, 5, 1)), numberProperty(config.loginFailureWindowMin, 15, 0.1) * 60_000);
    this.replay = new ReplayGuard();
  }
  RED.nodes.registerType<AccessNode, AccessProps, unknown, AccessCredentials>('pyramid-shop-access', AccessNodeCtor, {
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
    const rules = {
      auth,
      customerFrom,
      customerField,
      usernameField,
      onBodyConsumed: () => {
        if (!warnedConsumed) node.warn(RED._('pyramid-shop-in.errors.body-consumed', { url }));
        warnedConsumed = true;
      },
    };
    const handler: Handler = (req, res) => {
      handle(req, res).catch((e: unknown) => {
        node.debug(`request failed before the flow: ${String(e)}`);
        writeShopError(res, ERRORS.internal);
      });
    };

    async function handle(req: ShopRequest, res: ShopResponse): Promise<void> {
      if (missing || !access) {
        writeShopError(res, ERRORS.notConfigured);
        return;
      }
      const admitted = await admitRequest(req, res, access, rules);
      if (!admitted) return;
      const { payload, claims, username } = admitted;
      // into the flow, with a handle for the answer
      const p = awaitAnswer(req, res, node, access, username, (q) => node.debug(`request ${q.id} (${req.method} ${req.path}): no answer within ${access.timeoutMs} ms`));
      const headers: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HIDDEN_HEADERS.has(k)) headers[k] = v;
      node.send({
        payload,
        req: { method: req.method, url: req.originalUrl, path: req.path, params: plainCopy(req.params), query: plainCopy(req.query), headers, ip: clientOf(req) },
        auth: claims ? { mode: 'token', customerNumber: claims.customerNumber, contactId: claims.contactId } : { mode: 'signature' },
        [HANDLE]: p.id,
      });
    }

    const app = RED.httpNode as unknown as Record<string, unknown> & { _router?: { stack: RouteLayer[] }; router?: { stack: RouteLayer[] } };
    const register = app[method];
    if (typeof register !== 'function') {
      node.error(RED._('pyramid-shop-in.errors.bad-method', { method }));
      return;
    }
    (register as (path: string, h: Handler) => void).call(app, url, handler);
    // the editor's body parsers must leave this route's body to the signature check
    const forgetRoute = keepRawBody(RED, method, handler);

    node.on('close', (_removed: boolean, done: () => void) => {
      forgetRoute();
      const router = app._router ?? app.router;
      if (router) {
        for (let i = router.stack.length - 1; i >= 0; i--) {
          const r = router.stack[i].route;
          if (r && r.stack.some((l) => l.handle === handler)) router.stack.splice(i, 1);
        }
      }
      for (const p of pendingOf(node)) settleError(p, ERRORS.closing);
      done();
    });
  }
  RED.nodes.registerType('pyramid-shop-in', InNodeCtor);

  // ---- pyramid-shop-response ------------------------------------------------------------------
  function ResponseNodeCtor(this: Node, config: ResponseProps): void {
    RED.nodes.createNode(this, config);
    setupResponse(this, config);
  }

  function setupResponse(node: Node, config: ResponseProps): void {
    const mode = config.mode === 'error' || config.mode === 'login' ? config.mode : 'auto';
    const fixedStatus = numberProperty(config.statusCode, 0, 100);

    node.on('input', (msg, _send, done) => {
      try {
        const handle = msg[HANDLE];
        const p = pendingRequest(handle);
        if (!p || p.answered) {
          // answered before (a second Catch path, a timeout) or not a request of ours: drop it
          node.debug(typeof handle === 'string' ? `request ${handle} was answered before; this answer is dropped` : 'msg without a shop request handle; nothing to answer');
          done();
          return;
        }
        if (mode === 'error' || msg.error) {
          const given = numberProperty(msg.statusCode, 0, 100) || fixedStatus;
          const mapped = given ? mapErrorWithStatus(msg.error, Math.floor(given)) : mapError(msg.error);
          node.debug(`request ${p.id}: error answered ${mapped.status}`);
          settleError(p, mapped);
        } else if (mode === 'login') {
          answerLogin(p, msg.payload);
        } else {
          const s = numberProperty(msg.statusCode, 0, 100);
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
  RED.nodes.registerType('pyramid-shop-response', ResponseNodeCtor);
};

/** For tests: how many requests are waiting for an answer. */
module.exports.pendingCount = (): number => pendingRequestCount();
