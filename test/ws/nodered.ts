/**
 * node-red-node-test-helper, typed for the web-service suites, with a small flow builder: the
 * endpoint, one pyramid-ws node, a helper node on its output and a Catch node feeding another.
 */
import * as path from 'node:path';

export interface NodeMessage {
  payload?: unknown;
  [key: string]: unknown;
}

export interface TestNode {
  id: string;
  type: string;
  receive(msg: NodeMessage): void;
  on(event: string, fn: (msg: NodeMessage) => void): void;
  once(event: string, fn: (msg: NodeMessage) => void): void;
  status: { getCalls(): { thisValue: unknown; args: unknown[] }[] };
}

interface SpyCall {
  args: unknown[];
}

export interface Helper {
  init(runtimePath: string, settings?: object): void;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  load(nodes: unknown, flow: object[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  /** supertest against the admin app. */
  request(): { get(path: string): PromiseLike<{ status: number; body: Record<string, unknown> }> };
  log(): { getCalls(): SpyCall[] };
  _NodePrototype: Record<string, { getCalls(): SpyCall[] }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as Helper;
helper.init(require.resolve('node-red'));

// the compiled node file, as Node-RED loads it
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const wsNodes = require(path.join(__dirname, '..', '..', 'nodes', 'pyramid-ws.js')) as unknown;

export function wsFlow(endpoint: Record<string, unknown>, node: Record<string, unknown> = {}, extraNodes: object[] = []): object[] {
  return [
    { id: 'f1', type: 'tab', label: 'ws' },
    { id: 'ep', type: 'pyramid-ws-endpoint', name: 'wts', auth: 'none', verifyTls: true, timeout: 10, retries: 0, ...endpoint },
    { id: 'n1', z: 'f1', type: 'pyramid-ws', name: '', endpoint: 'ep', operation: '', debug: false, wires: [['out']], ...node },
    { id: 'out', z: 'f1', type: 'helper', wires: [] },
    { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper', wires: [] },
    ...extraNodes,
  ];
}

export interface Outcome {
  /** The message sent on the output. */
  ok?: NodeMessage;
  /** The message a Catch node received. */
  caught?: NodeMessage;
}

const wired = new WeakSet<TestNode>();
let pending: ((o: Outcome) => void) | undefined;

/** Listen once per loaded flow (Node-RED's `once('input')` does not unregister cleanly). */
function wire(): void {
  for (const [id, key] of [
    ['out', 'ok'],
    ['caught', 'caught'],
  ] as const) {
    const n = helper.getNode(id);
    if (wired.has(n)) continue;
    wired.add(n);
    n.on('input', (m) => {
      const p = pending;
      pending = undefined;
      p?.({ [key]: m });
    });
  }
}

/** Send one message to `nodeId` and wait for the output or the Catch node. */
export function send(msg: NodeMessage, nodeId = 'n1'): Promise<Outcome> {
  wire();
  return new Promise((resolve) => {
    pending = resolve;
    helper.getNode(nodeId).receive(msg);
  });
}

/** Status objects set by one node, in order. */
export function statuses(nodeId: string): Record<string, unknown>[] {
  const node = helper.getNode(nodeId);
  return node.status
    .getCalls()
    .filter((c) => c.thisValue === node)
    .map((c) => c.args[0] as Record<string, unknown>);
}

/** Wait until `pred` holds (polling; for state reached asynchronously, never for timing). */
export async function until(pred: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
