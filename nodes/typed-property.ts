/**
 * A node property set with a TypedInput in the editor (a value and its type: str, msg, flow,
 * global, env), evaluated per message with Node-RED's own RED.util.evaluateNodeProperty, so
 * `flow`/`global` reach any context store (async ones included) and `env` sees the flow's and
 * group's environment variables. A flow saved before the property had a type has only the value:
 * its type is `str`, so it behaves as it always did.
 */
import type { Node, NodeAPI, NodeMessage } from './red';

export const TYPED_TYPES = ['str', 'msg', 'flow', 'global', 'env'] as const;
export type TypedType = (typeof TYPED_TYPES)[number];

/** The part of RED.util used here (Node-RED's own evaluator). */
export type TypedUtil = Pick<NodeAPI['util'], 'evaluateNodeProperty'>;

export interface TypedProperty {
  value: string;
  type: TypedType;
}

/** The property from a node's config: `<name>` and `<name>Type`; no type (an old flow) is `str`. */
export function typedProperty(config: Record<string, unknown>, name: string): TypedProperty {
  const raw = config[name];
  const value = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const t = config[`${name}Type`];
  if (t === undefined || t === null || t === '') return { value, type: 'str' };
  if (typeof t !== 'string' || !(TYPED_TYPES as readonly string[]).includes(t)) {
    throw new Error(`${name}: type "${String(t)}" is not one of ${TYPED_TYPES.join(', ')}`);
  }
  return { value, type: t as TypedType };
}

/** How the property reads in an error message: `msg.filename`, `env.FOLDER`, `"Order.xml"`. */
export function describeProperty(p: TypedProperty): string {
  return p.type === 'str' ? JSON.stringify(p.value) : `${p.type}.${p.value}`;
}

/** The property's value for one msg. */
export function evaluateProperty(util: TypedUtil, p: TypedProperty, node: object, msg: object): Promise<unknown> {
  if (p.type === 'str') return Promise.resolve(p.value);
  return new Promise((resolve, reject) => {
    try {
      util.evaluateNodeProperty(p.value, p.type, node as Node, msg as NodeMessage, (err: Error | null, result: unknown) => {
        if (err) reject(new Error(`${describeProperty(p)}: ${err.message}`));
        else resolve(result);
      });
    } catch (e) {
      reject(new Error(`${describeProperty(p)}: ${(e as Error).message}`));
    }
  });
}

/** The property's value as text: undefined or '' when it is empty; a number is its decimal text; anything else an error. */
export async function evaluateText(util: TypedUtil, p: TypedProperty, node: object, msg: object): Promise<string | undefined> {
  const v = await evaluateProperty(util, p, node, msg);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new Error(`${describeProperty(p)} is ${Array.isArray(v) ? 'an array' : typeof v}, not text`);
}
