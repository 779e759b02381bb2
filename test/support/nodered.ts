/**
 * node-red-node-test-helper, typed for the suites that run the package's nodes in a real Node-RED
 * runtime (test/ftp, test/ws), and the way to load a compiled node file as Node-RED does.
 */
import * as path from 'node:path';

export interface NodeMessage {
  payload?: unknown;
  [key: string]: unknown;
}

export interface SpyCall {
  args: unknown[];
  thisValue: unknown;
}

export interface TestNode {
  id: string;
  type: string;
  receive(msg: NodeMessage): void;
  on(event: string, fn: (msg: NodeMessage) => void): void;
  once(event: string, fn: (msg: NodeMessage) => void): void;
  status: { getCalls(): SpyCall[] };
}

interface Response {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

interface Sender {
  send(body: object): PromiseLike<Response>;
}

/** supertest against the admin app. */
interface Agent {
  get(path: string): PromiseLike<Response>;
  post(path: string): Sender & { set(h: string, v: string): Sender };
}

export interface Helper {
  init(runtimePath: string, settings?: object): void;
  settings(s: object): object;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  load(nodes: unknown, flow: object[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  /** Deploy like the editor does (type 'full'). */
  setFlows(flow: object[], type: string): Promise<void>;
  getNode(id: string): TestNode;
  request(): Agent;
  log(): { getCalls(): SpyCall[] };
  _NodePrototype: Record<string, { getCalls(): SpyCall[] }>;
  _redNodes: { getFlows(): { flows: object[] } };
  _RED: { hooks: Hooks };
}

interface Hooks {
  add(id: string, fn: (event: { msg: NodeMessage; destination: { id: string } }) => void): void;
  remove(id: string): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as Helper;
helper.init(require.resolve('node-red'));

/**
 * Calls `onMsg` for every msg the nodes `ids` receive from the moment they exist, through the
 * runtime's onReceive hook. Listening with getNode(id).on('input') after load() misses what a node
 * sends while the flows start (a poller's first file, an outbox retried at start): under load that
 * window is long enough to lose a msg. Returns the function that removes the hook.
 */
export function recordFromStart(ids: readonly string[], onMsg: (id: string, msg: NodeMessage) => void): () => void {
  const name = `onReceive.pyramidTestRecord${++recorders}`;
  const wanted = new Set(ids);
  helper._RED.hooks.add(name, (event) => {
    if (wanted.has(event.destination.id)) onMsg(event.destination.id, event.msg);
  });
  return () => helper._RED.hooks.remove(name);
}
let recorders = 0;

/** The compiled node file `dist/nodes/<name>.js`, as Node-RED loads it (a function of RED). */
export function nodeFile(name: string): (red: object) => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, '..', '..', 'nodes', `${name}.js`)) as (red: object) => void;
}
