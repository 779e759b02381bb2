/**
 * Node-RED adapters for web services: `pyramid-ws-endpoint` (config: one WSDL, one cached soap
 * client, the users' status) and `pyramid-ws` (one call per message), plus the dialogs' admin
 * endpoints (nodes/ws/admin.ts). All SOAP, WSDL and catalogue work is in lib/ws; this file reads
 * configuration, calls it, and reports.
 */
import {
  callMessage,
  catalogueTypeFor,
  normaliseError,
  redactArgs,
  secretValuesOf,
  WsEndpoint,
  WsError,
  type Exchange,
  type WsCallError,
} from '../lib/ws';
import { redactModel } from '../lib/messages/secrets';
import { ops as opsStats } from '../lib/ops';
import { describeProperty, evaluateText, typedProperty, type TypedProperty } from './typed-property';
import type { Done, NodeAPI, NodeDef, NodeMessage, NodeStatus, Send } from './red';
import { registerWsAdmin } from './ws/admin';
import { endpointOptions, errorStatus, settingsKeyOf, targetOf, type EndpointConfigProps, type EndpointNode, type UserNode, type WsCredentials } from './ws/settings';

interface WsConfigProps extends NodeDef {
  endpoint: string;
  operation?: string;
  /** TypedInput type of `operation` (str, msg, flow, global, env); absent in older flows: str. */
  operationType?: string;
  debug?: boolean;
}

export = function register(RED: NodeAPI): void {
  function PyramidWsEndpointNode(this: EndpointNode, config: NodeDef & EndpointConfigProps): void {
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

  RED.nodes.registerType<EndpointNode, NodeDef & EndpointConfigProps, unknown, WsCredentials>('pyramid-ws-endpoint', PyramidWsEndpointNode, {
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

    const call = (msg: NodeMessage, send: Send, done: Done, operation: string): void => {
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

  RED.nodes.registerType('pyramid-ws', PyramidWsNode);

  registerWsAdmin(RED);
};
