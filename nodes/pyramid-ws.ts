/**
 * Node-RED adapters for web services: `pyramid-ws-endpoint` (config: one WSDL, one cached soap
 * client, the users' status) and `pyramid-ws` (one call per message). All SOAP, WSDL and catalogue
 * work is in lib/ws; this file reads configuration, calls it, and reports.
 */
import {
  callMessage,
  catalogueTypeFor,
  normaliseError,
  redactArgs,
  redactModel,
  secretValuesOf,
  WsEndpoint,
  WsError,
  type AuthConfig,
  type Exchange,
  type OperationInfo,
  type WsCallError,
} from '../lib/ws';

// ---- the small part of the Node-RED API used here --------------------------------------------

interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  operation?: unknown;
  [key: string]: unknown;
}

interface Node {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', fn: (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', fn: (removed: boolean, done: () => void) => void): void;
  status(s: NodeStatus): void;
  warn(m: unknown): void;
  error(m: unknown, msg?: NodeMessage): void;
}

interface Request {
  params: Record<string, string>;
  query: Record<string, unknown>;
}
interface Response {
  status(code: number): Response;
  json(body: unknown): void;
}
type Handler = (req: Request, res: Response, next?: () => void) => void;

interface NodeAPI {
  nodes: {
    createNode(node: Node, config: object): void;
    registerType(type: string, ctor: (this: never, config: never) => void, opts?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): Node | null;
  };
  httpAdmin: { get(path: string, ...handlers: Handler[]): void };
  auth: { needsPermission(permission: string): Handler };
  settings: { userDir?: string };
  _(key: string, subs?: Record<string, unknown>): string;
}

// ---- configuration ----------------------------------------------------------------------------

interface EndpointConfigProps {
  name?: string;
  wsdl: string;
  endpoint?: string;
  auth?: AuthConfig['type'];
  routine?: string;
  wssPasswordType?: 'text' | 'digest';
  wssTimestamp?: boolean;
  verifyTls?: boolean;
  ca?: string;
  timeout?: number | string;
  retries?: number | string;
  readOnlyOps?: string;
}

interface WsConfigProps {
  name?: string;
  endpoint: string;
  operation?: string;
  debug?: boolean;
}

interface UserNode extends Node {
  /** Status from the endpoint; a node's own call status overrides it until the next change. */
  endpointStatus(s: NodeStatus): void;
}

interface EndpointNode extends Node {
  ws?: WsEndpoint;
  configError?: WsError;
  register(node: UserNode): void;
  deregister(node: UserNode, done: () => void): void;
  /** A call went through: clear a WSDL error shown since deploy. */
  reachable(): void;
  lastStatus: NodeStatus;
}

function num(v: number | string | undefined, dflt: number): number {
  const n = typeof v === 'number' ? v : parseFloat(String(v ?? ''));
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

function authOf(c: EndpointConfigProps, cred: Record<string, string | undefined>): AuthConfig {
  switch (c.auth) {
    case 'basic':
      return { type: 'basic', username: cred.user ?? '', password: cred.password ?? '' };
    case 'authheader':
      return { type: 'authheader', id: cred.authId ?? '', routine: c.routine || undefined };
    case 'wsse':
      return {
        type: 'wsse',
        username: cred.user ?? '',
        password: cred.password ?? '',
        passwordType: c.wssPasswordType === 'digest' ? 'digest' : 'text',
        timestamp: c.wssTimestamp !== false,
      };
    default:
      return { type: 'none' };
  }
}

/** Status text per error code: short, translated. */
function errorStatus(RED: NodeAPI, err: WsError): NodeStatus {
  const text = err.code === 'WS_HTTP' && err.httpStatus ? `HTTP ${err.httpStatus}` : RED._(`pyramid-ws.status.${err.code}`);
  return { fill: 'red', shape: 'ring', text };
}

function operationsPayload(ops: OperationInfo[]) {
  return ops.map((o) => ({ ...o, catalogueType: catalogueTypeFor(o.name) }));
}

export = function register(RED: NodeAPI): void {
  function PyramidWsEndpointNode(this: EndpointNode, config: EndpointConfigProps): void {
    RED.nodes.createNode(this, config);
    const users = new Map<string, UserNode>();
    this.lastStatus = {};
    const push = (s: NodeStatus) => {
      this.lastStatus = s;
      for (const u of users.values()) u.endpointStatus(s);
    };
    try {
      this.ws = new WsEndpoint({
        wsdl: (config.wsdl ?? '').trim(),
        endpoint: config.endpoint?.trim() || undefined,
        auth: authOf(config, this.credentials ?? {}),
        verifyTls: config.verifyTls !== false,
        ca: config.ca || undefined,
        timeoutMs: num(config.timeout, 30) * 1000,
        retries: num(config.retries, 2),
        readOnlyOperations: (config.readOnlyOps ?? '').split(/[\s,;]+/).filter(Boolean),
        baseDir: RED.settings.userDir,
      });
    } catch (e) {
      this.configError = e instanceof WsError ? e : new WsError('WS_CONFIG', (e as Error).message);
      this.error(this.configError.message);
    }
    this.register = (node) => {
      users.set(node.id, node);
      if (this.configError) {
        node.endpointStatus({ fill: 'red', shape: 'ring', text: RED._('pyramid-ws.status.WS_CONFIG') });
        return;
      }
      if (users.size === 1 && this.ws) {
        // read the WSDL now, so a wrong URL or certificate shows at deploy, not at the first order
        push({ fill: 'yellow', shape: 'ring', text: RED._('pyramid-ws.status.loading') });
        this.ws.load().then(
          () => push({ fill: 'green', shape: 'dot', text: RED._('pyramid-ws.status.ready') }),
          (e: unknown) => {
            const err = normaliseError(e, '', this.ws?.configSecrets ?? []);
            this.warn(err.message);
            push(errorStatus(RED, err));
          },
        );
      } else {
        node.endpointStatus(this.lastStatus);
      }
    };
    this.reachable = () => {
      if (this.lastStatus.fill === 'red') push({ fill: 'green', shape: 'dot', text: RED._('pyramid-ws.status.ready') });
    };
    this.deregister = (node, done) => {
      users.delete(node.id);
      done();
    };
    this.on('close', (_removed: boolean, done: () => void) => {
      this.ws?.close();
      users.clear();
      done();
    });
  }

  RED.nodes.registerType('pyramid-ws-endpoint', PyramidWsEndpointNode as never, {
    credentials: { user: { type: 'text' }, password: { type: 'password' }, authId: { type: 'password' } },
  });

  function PyramidWsNode(this: UserNode, config: WsConfigProps): void {
    RED.nodes.createNode(this, config);
    const endpointNode = RED.nodes.getNode(config.endpoint) as EndpointNode | null;
    const fixedOperation = (config.operation ?? '').trim();
    const debug = !!config.debug;
    let failing = false;
    this.endpointStatus = (s) => {
      if (!failing) this.status(s);
    };
    if (!endpointNode) {
      this.status({ fill: 'red', shape: 'ring', text: RED._('pyramid-ws.status.no-endpoint') });
    } else {
      endpointNode.register(this);
    }

    this.on('input', (msg, send, done) => {
      const operation = fixedOperation || (typeof msg.operation === 'string' ? msg.operation.trim() : '');
      const type = operation ? catalogueTypeFor(operation) : undefined;
      const fail = (e: unknown, exchange?: Exchange) => {
        const ws = endpointNode?.ws;
        const err = normaliseError(e, operation, [...(ws?.configSecrets ?? []), ...secretValuesOf(msg.payload)]);
        // the msg goes on to Catch nodes: nothing secret may ride along
        msg.payload = type ? redactModel(type, msg.payload) : redactArgs(msg.payload);
        msg.wsError = err.toJSON();
        const ex = exchange ?? (err as WsCallError).exchange;
        if (debug && ex) msg.soap = { operation, request: ex.request, response: ex.response };
        failing = true;
        this.status(errorStatus(RED, err));
        done(err);
      };
      if (!endpointNode?.ws) {
        fail(endpointNode?.configError ?? new WsError('WS_CONFIG', RED._('pyramid-ws.errors.no-endpoint'), { operation }));
        return;
      }
      if (!operation) {
        fail(new WsError('WS_OPERATION', RED._('pyramid-ws.errors.no-operation')));
        return;
      }
      const ws = endpointNode.ws;
      const call: Promise<{ payload: unknown; exchange: Exchange }> = type
        ? callMessage(ws, type, msg.payload, { debug }).then((r) => ({ payload: r.model, exchange: r }))
        : ws.call(operation, msg.payload ?? {}, { debug, secrets: secretValuesOf(msg.payload) }).then((r) => ({ payload: r.result, exchange: r }));
      call.then(
        (r) => {
          try {
            msg.payload = r.payload;
            msg.operation = operation;
            if (type) msg.messageType = type;
            if (debug) msg.soap = { operation, request: r.exchange.request, response: r.exchange.response };
            if (failing) {
              failing = false;
              this.status({ fill: 'green', shape: 'dot', text: RED._('pyramid-ws.status.ok') });
            }
            endpointNode.reachable();
            send(msg);
            done();
          } catch (e) {
            fail(e);
          }
        },
        (e: unknown) => fail(e),
      );
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      if (endpointNode) endpointNode.deregister(this, done);
      else done();
    });
  }

  RED.nodes.registerType('pyramid-ws', PyramidWsNode as never);

  // The editor's operation dropdown: the WSDL of a deployed endpoint, read with its own
  // credentials on the server (the editor never sees them).
  RED.httpAdmin.get('/pyramid-ws-endpoint/:id/operations', RED.auth.needsPermission('pyramid-ws-endpoint.read'), (req, res) => {
    const node = RED.nodes.getNode(req.params.id) as EndpointNode | null;
    if (!node || node.type !== 'pyramid-ws-endpoint') {
      res.status(404).json({ error: RED._('pyramid-ws.errors.not-deployed') });
      return;
    }
    if (!node.ws) {
      res.status(400).json({ error: node.configError?.message ?? RED._('pyramid-ws.errors.no-endpoint'), code: 'WS_CONFIG' });
      return;
    }
    const ws = node.ws;
    const refresh = req.query.refresh === 'true' || req.query.refresh === '1';
    (refresh ? ws.refresh() : ws.operations()).then(
      (ops) => res.json({ operations: operationsPayload(ops) }),
      (e: unknown) => {
        const err = normaliseError(e, '', ws.configSecrets);
        res.status(502).json({ error: err.message, code: err.code });
      },
    );
  });
};
