/**
 * The web-service suites' Node-RED harness: the shared test helper (../support/nodered), the
 * compiled pyramid-ws nodes and a small flow builder: the endpoint, one pyramid-ws node, a helper
 * node on its output and a Catch node feeding another.
 */
import { helper, nodeFile, type NodeMessage, type TestNode } from '../support/nodered';

export { helper, type NodeMessage };

/** The compiled node file, as Node-RED loads it. */
export const wsNodes = nodeFile('pyramid-ws');

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
