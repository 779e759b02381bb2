/**
 * Static checks over a Node-RED flow (the JSON of flows.json or an example): which nodes a Catch
 * node catches errors of, what a node can reach, and whether two Catch nodes can answer the same
 * HTTP request (the pattern that looped forever in issue 14: an answer erroring on an answered
 * request, caught again by both).
 *
 * Reach follows wires, link out -> link in, link call -> link in (and on from the link call's own
 * output, where a `return` link out sends the msg back). Subflow internals are not followed.
 */

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  g?: string;
  d?: boolean;
  wires?: string[][];
  links?: string[];
  mode?: string;
  scope?: string[] | 'group' | null;
  uncaught?: boolean;
  name?: string;
  url?: string;
  method?: string;
  [key: string]: unknown;
}

export const ENTRY_TYPES = new Set(['http in', 'pyramid-shop-in']);
export const RESPONDER_TYPES = new Set(['http response', 'pyramid-shop-response']);

function index(flow: FlowNode[]): Map<string, FlowNode> {
  const m = new Map<string, FlowNode>();
  for (const n of flow) if (n && typeof n.id === 'string') m.set(n.id, n);
  return m;
}

function disabled(n: FlowNode, byId: Map<string, FlowNode>): boolean {
  if (n.d) return true;
  const tab = n.z ? byId.get(n.z) : undefined;
  return !!(tab && tab.type === 'tab' && (tab as { disabled?: boolean }).disabled);
}

/** The nodes a msg leaving `n` is delivered to next. */
function next(n: FlowNode, byId: Map<string, FlowNode>, linkCalls: FlowNode[]): string[] {
  const out: string[] = [];
  for (const port of n.wires ?? []) for (const id of port ?? []) out.push(id);
  if (n.type === 'link out') {
    if (n.mode === 'return') {
      for (const c of linkCalls) for (const port of c.wires ?? []) for (const id of port ?? []) out.push(id);
    } else out.push(...(n.links ?? []));
  }
  if (n.type === 'link call') out.push(...(n.links ?? []));
  return out.filter((id) => byId.has(id));
}

/** Every node reachable from `start` (included), through enabled nodes. */
export function reach(flow: FlowNode[], start: string | string[], byId = index(flow)): Set<string> {
  const linkCalls = flow.filter((n) => n.type === 'link call');
  const seen = new Set<string>();
  const todo = Array.isArray(start) ? [...start] : [start];
  while (todo.length) {
    const id = todo.pop() as string;
    if (seen.has(id)) continue;
    const n = byId.get(id);
    if (!n || disabled(n, byId)) continue;
    seen.add(id);
    todo.push(...next(n, byId, linkCalls));
  }
  return seen;
}

/** The groups `n` sits in, innermost first. */
function groupChain(n: FlowNode, byId: Map<string, FlowNode>): string[] {
  const chain: string[] = [];
  let g = n.g;
  while (g && !chain.includes(g)) {
    chain.push(g);
    g = byId.get(g)?.g;
  }
  return chain;
}

/** Does Catch node `c` receive the errors that node `n` reports (Node-RED's rules)? */
export function catchCovers(c: FlowNode, n: FlowNode, byId: Map<string, FlowNode>): boolean {
  if (c.type !== 'catch' || disabled(c, byId) || !n.z || c.z !== n.z) return false;
  if (Array.isArray(c.scope)) return c.scope.includes(n.id);
  if (c.scope === 'group') return !!c.g && groupChain(n, byId).includes(c.g);
  return true;
}

/** The enabled Catch nodes that receive the errors of node `nodeId`. */
export function catchesOf(flow: FlowNode[], nodeId: string, byId = index(flow)): FlowNode[] {
  const n = byId.get(nodeId);
  if (!n) return [];
  return flow.filter((c) => c.type === 'catch' && catchCovers(c, n, byId));
}

/** The nodes whose errors Catch node `catchId` receives. */
export function catchScope(flow: FlowNode[], catchId: string, byId = index(flow)): Set<string> {
  const c = byId.get(catchId);
  const out = new Set<string>();
  if (!c) return out;
  for (const n of flow) if (n.type !== 'tab' && n.type !== 'group' && catchCovers(c, n, byId)) out.add(n.id);
  return out;
}

export interface AnswerConflict {
  /** The endpoint (http in / pyramid-shop-in) whose request can be answered twice. */
  endpoint: string;
  endpointLabel: string;
  /** A node whose error reaches two Catch nodes that both lead to an answer. */
  node: string;
  catches: string[];
}

function label(n: FlowNode): string {
  const name = typeof n.name === 'string' && n.name ? n.name : n.type;
  return n.url ? `${name} (${String(n.method ?? '').toUpperCase()} ${n.url})` : `${name} [${n.id}]`;
}

/** Endpoints of a flow: every enabled `http in` and `pyramid-shop-in`. */
export function endpointsOf(flow: FlowNode[]): FlowNode[] {
  const byId = index(flow);
  return flow.filter((n) => ENTRY_TYPES.has(n.type) && !disabled(n, byId));
}

/**
 * For every endpoint: the nodes its request can pass through, including the paths of Catch nodes
 * that catch errors of those nodes; and every node whose error is caught by two or more Catch
 * nodes from which an answer node can be reached. Each such case can answer one request twice.
 */
export function answerConflicts(flow: FlowNode[]): AnswerConflict[] {
  const byId = index(flow);
  const catches = flow.filter((n) => n.type === 'catch' && !disabled(n, byId));
  const catchReach = new Map(catches.map((c) => [c.id, reach(flow, c.id, byId)]));
  const answers = (c: FlowNode): boolean => [...(catchReach.get(c.id) ?? [])].some((id) => RESPONDER_TYPES.has(byId.get(id)?.type ?? ''));
  const answering = catches.filter(answers);
  const out: AnswerConflict[] = [];
  for (const e of endpointsOf(flow)) {
    const path = reach(flow, e.id, byId);
    // the request also travels down every catch path that catches a node it passes through
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of catches) {
        if (path.has(c.id)) continue;
        if ([...path].some((id) => catchCovers(c, byId.get(id) as FlowNode, byId))) {
          for (const id of catchReach.get(c.id) ?? []) path.add(id);
          grew = true;
        }
      }
    }
    const seenPairs = new Set<string>();
    for (const id of path) {
      const n = byId.get(id) as FlowNode;
      const hit = answering.filter((c) => catchCovers(c, n, byId));
      if (hit.length < 2) continue;
      const key = hit.map((c) => c.id).sort().join(',');
      if (seenPairs.has(key)) continue;
      seenPairs.add(key);
      out.push({ endpoint: e.id, endpointLabel: label(e), node: id, catches: hit.map((c) => c.id) });
    }
  }
  return out;
}

/** A readable line per conflict, naming the nodes. */
export function describeConflicts(flow: FlowNode[], conflicts: AnswerConflict[]): string[] {
  const byId = index(flow);
  return conflicts.map((c) => `${c.endpointLabel}: an error in ${label(byId.get(c.node) as FlowNode)} is caught by ${c.catches.map((id) => label(byId.get(id) as FlowNode)).join(' and ')}, and each of them leads to an answer`);
}
