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
import { ops as opsStats } from '../lib/ops';
import { describeProperty, evaluateText, typedProperty, type TypedProperty, type TypedUtil } from './typed-property';

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
  body?: unknown;
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
    getCredentials(id: string): Record<string, string | undefined> | undefined;
  };
  httpAdmin: { get(path: string, ...handlers: Handler[]): void; post(path: string, ...handlers: Handler[]): void };
  auth: { needsPermission(permission: string): Handler };
  settings: { userDir?: string };
  util: TypedUtil;
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
  /** TypedInput type of `operation` (str, msg, flow, global, env); absent in older flows: str. */
  operationType?: string;
  debug?: boolean;
}

interface UserNode extends Node {
  /** Status from the endpoint; a node's own call status overrides it until the next change. */
  endpointStatus(s: NodeStatus): void;
}

interface EndpointNode extends Node {
  ws?: WsEndpoint;
  /** The deployed settings, to tell whether the editor's dialog still shows them. */
  settingsKey: string;
  /** The deployed WSDL and service URL: stored credentials are only ever sent there. */
  target: string;
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

/** What decides which WSDL is read and how: equal keys, the same client. */
function settingsKeyOf(c: EndpointConfigProps): string {
  return JSON.stringify([
    (c.wsdl ?? '').trim(),
    (c.endpoint ?? '').trim(),
    c.auth ?? 'none',
    c.routine ?? '',
    c.wssPasswordType ?? 'text',
    c.wssTimestamp !== false,
    c.verifyTls !== false,
    c.ca ?? '',
    num(c.timeout, 30),
  ]);
}

function targetOf(c: EndpointConfigProps): string {
  return JSON.stringify([(c.wsdl ?? '').trim(), (c.endpoint ?? '').trim()]);
}

function endpointOptions(RED: NodeAPI, config: EndpointConfigProps, cred: Record<string, string | undefined>) {
  return {
    wsdl: (config.wsdl ?? '').trim(),
    endpoint: config.endpoint?.trim() || undefined,
    auth: authOf(config, cred),
    verifyTls: config.verifyTls !== false,
    ca: config.ca || undefined,
    timeoutMs: num(config.timeout, 30) * 1000,
    retries: num(config.retries, 2),
    readOnlyOperations: (config.readOnlyOps ?? '').split(/[\s,;]+/).filter(Boolean),
    baseDir: RED.settings.userDir,
  };
}

/** The endpoint settings a dialog sent: strings and booleans only, anything else dropped. */
function dialogConfig(body: Record<string, unknown>): EndpointConfigProps {
  const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : typeof body[k] === 'number' ? String(body[k]) : undefined);
  const bool = (k: string): boolean | undefined => (typeof body[k] === 'boolean' ? (body[k] as boolean) : body[k] === 'true' ? true : body[k] === 'false' ? false : undefined);
  const auth = str('auth');
  return {
    wsdl: str('wsdl') ?? '',
    endpoint: str('endpoint'),
    auth: auth === 'basic' || auth === 'authheader' || auth === 'wsse' ? auth : 'none',
    routine: str('routine'),
    wssPasswordType: str('wssPasswordType') === 'digest' ? 'digest' : 'text',
    wssTimestamp: bool('wssTimestamp'),
    verifyTls: bool('verifyTls'),
    ca: str('ca'),
    timeout: str('timeout'),
    retries: str('retries'),
    readOnlyOps: str('readOnlyOps'),
  };
}

/** A credential the dialog sent: typed text, or nothing (absent, or the editor's mask for an unchanged stored value). */
function typedCredential(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '__PWRD__' && v !== '' ? v : undefined;
}

function operationsPayload(ops: OperationInfo[]) {
  return ops.map((o) => ({ ...o, catalogueType: catalogueTypeFor(o.name) }));
}

export = function register(RED: NodeAPI): void {
  function PyramidWsEndpointNode(this: EndpointNode, config: EndpointConfigProps): void {
    RED.nodes.createNode(this, config);
    const users = new Map<string, UserNode>();
    this.lastStatus = {};
    this.settingsKey = settingsKeyOf(config);
    this.target = targetOf(config);
    const push = (s: NodeStatus) => {
      this.lastStatus = s;
      for (const u of users.values()) u.endpointStatus(s);
    };
    try {
      this.ws = new WsEndpoint(endpointOptions(RED, config, this.credentials ?? {}));
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
    // the operation: fixed (str; empty: msg.operation), or read per msg from msg/flow/global/env
    let operationProp: TypedProperty | WsError;
    try {
      operationProp = typedProperty(config as unknown as Record<string, unknown>, 'operation');
    } catch (e) {
      operationProp = new WsError('WS_CONFIG', `operation: ${(e as Error).message}`);
    }
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

    const operationOf = async (msg: NodeMessage): Promise<string> => {
      if (operationProp instanceof WsError) throw operationProp;
      if (operationProp.type === 'str') return operationProp.value.trim() || (typeof msg.operation === 'string' ? msg.operation.trim() : '');
      let v: string | undefined;
      try {
        v = await evaluateText(RED.util, operationProp, this, msg);
      } catch (e) {
        throw new WsError('WS_OPERATION', `operation: ${(e as Error).message}`);
      }
      if (!v || !v.trim()) throw new WsError('WS_OPERATION', RED._('pyramid-ws.errors.empty-operation', { property: describeProperty(operationProp) }));
      return v.trim();
    };

    this.on('input', (msg, send, done) => {
      operationOf(msg).then(
        (operation) => call(msg, send, done, operation),
        (e: unknown) => {
          const err = normaliseError(e, '', secretValuesOf(msg.payload));
          msg.payload = redactArgs(msg.payload);
          msg.wsError = err.toJSON();
          failing = true;
          this.status(errorStatus(RED, err));
          done(err);
        },
      );
    });

    const call = (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void, operation: string): void => {
      const type = operation ? catalogueTypeFor(operation) : undefined;
      /** When the SOAP call started (for the sidebar's latency), once it has. */
      let calling: number | undefined;
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
        // the operations sidebar: a fault of a call that was made (not a missing endpoint or operation)
        if (calling !== undefined && endpointNode) opsStats.wsCall(endpointNode.id, Date.now() - calling, { text: err.message, code: err.code });
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
      const started = Date.now();
      calling = started;
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
            opsStats.wsCall(endpointNode.id, Date.now() - started);
            calling = undefined;
            send(msg);
            done();
          } catch (e) {
            fail(e);
          }
        },
        (e: unknown) => fail(e),
      );
    };

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

  // The dialog's operation list: the WSDL as the endpoint is configured in the open dialog,
  // deployed or not. Unchanged settings of a deployed endpoint use its client (and its
  // credentials, which stay on the server); anything else builds a client for this one request,
  // with the credentials typed in the dialog, or the stored ones, but those only for the WSDL and
  // service URL they were saved for. Reading a WSDL the flow does not use yet needs write permission.
  // A WSDL that cannot be read is an answer with `error` (status 200), so the dialog says why.
  const readPermission = RED.auth.needsPermission('pyramid-ws-endpoint.read');
  const writePermission = RED.auth.needsPermission('pyramid-ws-endpoint.write');
  RED.httpAdmin.post('/pyramid-ws-endpoint/operations', readPermission, (req, res) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id : '';
    const refresh = body.refresh === true || body.refresh === 'true';
    const config = dialogConfig(body);
    if (!config.wsdl.trim()) {
      res.status(400).json({ error: RED._('pyramid-ws.errors.no-wsdl'), code: 'WS_CONFIG' });
      return;
    }
    const typed = { user: typeof body.user === 'string' ? body.user : undefined, password: typedCredential(body.password), authId: typedCredential(body.authId) };
    const deployed = id ? (RED.nodes.getNode(id) as EndpointNode | null) : null;
    const isDeployed = !!deployed && deployed.type === 'pyramid-ws-endpoint';
    const stored = isDeployed ? (RED.nodes.getCredentials(id) ?? {}) : {};
    const sameCredentials =
      !typed.password && !typed.authId && (typed.user === undefined || typed.user === '' || typed.user === (stored.user ?? ''));
    const answer = (ws: WsEndpoint, secrets: readonly string[], closeAfter: boolean) => {
      (refresh && !closeAfter ? ws.refresh() : ws.operations()).then(
        (ops) => {
          if (closeAfter) ws.close();
          res.json({ operations: operationsPayload(ops), deployed: !closeAfter });
        },
        (e: unknown) => {
          if (closeAfter) ws.close();
          // an answer, not an HTTP failure: the dialog shows why (and the browser logs no error)
          const err = normaliseError(e, '', [...ws.configSecrets, ...secrets]);
          res.json({ operations: [], error: err.message, code: err.code });
        },
      );
    };
    if (isDeployed && deployed.ws && sameCredentials && deployed.settingsKey === settingsKeyOf(config)) {
      answer(deployed.ws, [], false);
      return;
    }
    writePermission(req, res, () => {
      const sameTarget = isDeployed && deployed.target === targetOf(config);
      const cred = {
        user: typed.user !== undefined && typed.user !== '' ? typed.user : sameTarget ? stored.user : undefined,
        password: typed.password ?? (sameTarget ? stored.password : undefined),
        authId: typed.authId ?? (sameTarget ? stored.authId : undefined),
      };
      const secrets = [cred.password, cred.authId].filter((x): x is string => !!x);
      let ws: WsEndpoint;
      try {
        ws = new WsEndpoint(endpointOptions(RED, config, cred));
      } catch (e) {
        const err = normaliseError(e, '', secrets);
        res.json({ operations: [], error: err.message, code: err.code });
        return;
      }
      answer(ws, secrets, true);
    });
  });
};
