/**
 * Edits of a flow as the editor makes them, for the customer scenarios: find a node by type and
 * name (never by id: the lead regenerates the examples), change a mapping row, a config field, an
 * environment variable of the tab, add a node from the palette. Every helper works on a copy.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

export type FlowNode = Record<string, unknown> & { id: string; type: string; name?: string; wires?: string[][] };
export interface MapRow {
  target: string;
  value: string;
  type: string;
  required?: boolean;
}

export function clone(flows: FlowNode[]): FlowNode[] {
  return JSON.parse(JSON.stringify(flows)) as FlowNode[];
}

/** The one node of this type and name (the name as the editor shows it on the canvas). */
export function node(flows: FlowNode[], type: string, name: string): FlowNode {
  const found = flows.filter((n) => n.type === type && n.name === name);
  assert.equal(found.length, 1, `exactly one ${type} node named "${name}" (found ${found.length})`);
  return found[0];
}

/** The nodes wired to an output of `from`. */
export function wiredFrom(flows: FlowNode[], from: FlowNode, output = 0): FlowNode[] {
  const ids = from.wires?.[output] ?? [];
  return flows.filter((n) => ids.includes(n.id));
}

/** The one node of this type wired to output `output` of `from` (e.g. the "Order" builder after the map). */
export function next(flows: FlowNode[], from: FlowNode, type: string, output = 0): FlowNode {
  const found = wiredFrom(flows, from, output).filter((n) => n.type === type);
  assert.equal(found.length, 1, `exactly one ${type} after "${String(from.name)}" (found ${found.length})`);
  return found[0];
}

/** The mapping row of a pyramid-map node that writes `target`. */
export function row(map: FlowNode, target: string): MapRow {
  const rows = map.rows as MapRow[];
  const found = rows.filter((r) => r.target === target);
  assert.equal(found.length, 1, `exactly one row "${target}" in "${String(map.name)}"`);
  return found[0];
}

/** The tab's environment variable (Edit flow → Environment variables). */
export function tabEnv(flows: FlowNode[], tab: FlowNode, name: string): { name: string; value: string; type: string } {
  const env = (tab.env ?? []) as { name: string; value: string; type: string }[];
  const found = env.find((e) => e.name === name);
  assert.ok(found, `the flow "${String(tab.label)}" has the environment variable ${name}`);
  return found;
}

/** The tab a node sits on. */
export function tabOf(flows: FlowNode[], n: FlowNode): FlowNode {
  const tab = flows.find((t) => t.type === 'tab' && t.id === n.z);
  assert.ok(tab, `the tab of "${String(n.name)}"`);
  return tab;
}

/**
 * A node added from the palette, on the tab (and in the group) of `near`, placed below it. Its id
 * is made from its type and name, so a run gives the same flow (and the same pictures) as the last.
 */
export function add(flows: FlowNode[], near: FlowNode | undefined, props: Record<string, unknown> & { type: string }, dy = 60): FlowNode {
  const id = createHash('sha256').update(`${props.type}\n${String(props.name ?? '')}`).digest('hex').slice(0, 16);
  assert.ok(!flows.some((x) => x.id === id), `a new ${props.type} named "${String(props.name)}" is not in the flow yet`);
  const n: FlowNode = { id, ...props };
  if (near && !('z' in props) && !isConfig(props.type)) {
    n.z = near.z;
    if (near.g) n.g = near.g;
    n.x = Number(near.x ?? 100);
    n.y = Number(near.y ?? 100) + dy;
  }
  if (!isConfig(props.type)) n.wires ??= [];
  flows.push(n);
  if (n.g) {
    const group = flows.find((g) => g.type === 'group' && g.id === n.g);
    if (group) (group.nodes as string[] | undefined)?.push(n.id);
  }
  return n;
}

function isConfig(type: string): boolean {
  return ['woocommerce-store', 'pyramid-ftp-server', 'pyramid-ws-endpoint', 'pyramid-shop-access'].includes(type);
}

/** Wire output `output` of `from` to `to` as well (the editor's drag from a port). */
export function wire(from: FlowNode, to: FlowNode, output = 0): void {
  const wires = (from.wires ??= []);
  while (wires.length <= output) wires.push([]);
  if (!wires[output].includes(to.id)) wires[output].push(to.id);
}

/**
 * The rule of the scenarios: a customer's change adds or edits no function node. Checked on the
 * whole patched flow: no function node in it at all, and none of the example's nodes turned into one.
 */
export function assertNoCode(before: FlowNode[], after: FlowNode[]): void {
  assert.deepEqual(
    after.filter((n) => n.type === 'function').map((n) => n.name ?? n.id),
    [],
    'the change needs no function node',
  );
  const types = new Map(before.map((n) => [n.id, n.type]));
  for (const n of after) if (types.has(n.id)) assert.equal(n.type, types.get(n.id), `node ${n.id} keeps its type`);
}
