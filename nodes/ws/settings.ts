/**
 * A pyramid-ws-endpoint's settings: the node shapes on Node-RED's types, its config (deployed or
 * as a dialog sent it) turned into lib/ws endpoint options, the keys that tell whether two configs
 * need the same client or the same stored credentials, and short status texts for errors.
 */
import { catalogueTypeFor, type AuthConfig, type EndpointConfig, type OperationInfo, type WsEndpoint, type WsError } from '../../lib/ws';
import { numberProperty, type Node, type NodeAPI, type NodeStatus } from '../red';

export interface EndpointConfigProps {
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

export interface WsCredentials {
  user?: string;
  password?: string;
  authId?: string;
}

export interface UserNode extends Node {
  /** Status from the endpoint; a node's own call status overrides it until the next change. */
  endpointStatus(s: NodeStatus): void;
}

export interface EndpointNode extends Node<WsCredentials> {
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

function authOf(c: EndpointConfigProps, cred: WsCredentials): AuthConfig {
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
export function errorStatus(RED: NodeAPI, err: WsError): NodeStatus {
  const text = err.code === 'WS_HTTP' && err.httpStatus ? `HTTP ${err.httpStatus}` : RED._(`pyramid-ws.status.${err.code}`);
  return { fill: 'red', shape: 'ring', text };
}

/** What decides which WSDL is read and how: equal keys, the same client. */
export function settingsKeyOf(c: EndpointConfigProps): string {
  return JSON.stringify([
    (c.wsdl ?? '').trim(),
    (c.endpoint ?? '').trim(),
    c.auth ?? 'none',
    c.routine ?? '',
    c.wssPasswordType ?? 'text',
    c.wssTimestamp !== false,
    c.verifyTls !== false,
    c.ca ?? '',
    numberProperty(c.timeout, 30, 0),
  ]);
}

export function targetOf(c: EndpointConfigProps): string {
  return JSON.stringify([(c.wsdl ?? '').trim(), (c.endpoint ?? '').trim()]);
}

export function endpointOptions(RED: NodeAPI, config: EndpointConfigProps, cred: WsCredentials): EndpointConfig {
  return {
    wsdl: (config.wsdl ?? '').trim(),
    endpoint: config.endpoint?.trim() || undefined,
    auth: authOf(config, cred),
    verifyTls: config.verifyTls !== false,
    ca: config.ca || undefined,
    timeoutMs: numberProperty(config.timeout, 30, 0) * 1000,
    retries: numberProperty(config.retries, 2, 0),
    readOnlyOperations: (config.readOnlyOps ?? '').split(/[\s,;]+/).filter(Boolean),
    baseDir: RED.settings.userDir,
  };
}

/** The endpoint settings a dialog sent: strings and booleans only, anything else dropped. */
export function dialogConfig(body: Record<string, unknown>): EndpointConfigProps {
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
export function typedCredential(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '__PWRD__' && v !== '' ? v : undefined;
}

export function operationsPayload(ops: OperationInfo[]): (OperationInfo & { catalogueType: string | undefined })[] {
  return ops.map((o) => ({ ...o, catalogueType: catalogueTypeFor(o.name) }));
}
