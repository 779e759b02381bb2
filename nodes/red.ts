/**
 * What every node file shares about the Node-RED runtime: its types (`@types/node-red`, imported
 * through its `@node-red/registry` part, which keeps the browser's DOM types out of the server
 * build; type imports only, so nothing of Node-RED is loaded at run time) and the one reader of
 * numeric and boolean node properties, so every node reads "10", 10, "" and "abc" the same way;
 * and RED._ with its answers kept (cachedTranslate), for texts asked for per msg.
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

/**
 * RED._ with its answers kept: the runtime's language does not change while it runs, and status
 * texts are asked for per msg (i18next resolves plurals and interpolation every time). Keys with
 * their substitutions; at most `max` texts, then it starts afresh (counts in texts vary).
 */
export function cachedTranslate(
  translate: (key: string, subs?: Record<string, string | number>) => string,
  max = 500,
): (key: string, subs?: Record<string, string | number>) => string {
  const cache = new Map<string, string>();
  return (key, subs) => {
    let id = key;
    if (subs) {
      for (const k in subs) {
        const v = subs[k];
        id += `\u0000${k}\u0000${typeof v === 'string' ? JSON.stringify(v) : v}`;
      }
    }
    let text = cache.get(id);
    if (text === undefined) {
      text = translate(key, subs);
      if (cache.size >= max) cache.clear();
      cache.set(id, text);
    }
    return text;
  };
}
