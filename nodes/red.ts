/**
 * What every node file shares about the Node-RED runtime: its types (`@types/node-red`, imported
 * through its `@node-red/registry` part, which keeps the browser's DOM types out of the server
 * build; type imports only, so nothing of Node-RED is loaded at run time) and the one reader of
 * numeric and boolean node properties, so every node reads "10", 10, "" and "abc" the same way.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow, NodeStatus, NodeContext } from '@node-red/registry';

export type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow, NodeStatus, NodeContext };

/** The send function an input handler gets. */
export type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
/** The done function an input handler gets. */
export type Done = (err?: Error) => void;

/**
 * A number from a node property: a number, or a string that is wholly a number ("10", " 2.5 ").
 * Anything else (missing, "", "10s", NaN) and anything below `min` gives `fallback`.
 */
export function numberProperty(v: unknown, fallback: number, min = Number.NEGATIVE_INFINITY): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= min ? n : fallback;
}

/** A boolean from a node property: true/false or "true"/"false"; anything else gives `fallback`. */
export function booleanProperty(v: unknown, fallback: boolean): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return fallback;
}
