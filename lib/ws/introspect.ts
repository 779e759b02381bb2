/**
 * What a WSDL offers, for the editor's operation dropdown and for checking an operation name
 * before calling it: each operation with the fields of its input and output elements.
 */

/** One field of an operation's input or output element. */
export interface FieldInfo {
  name: string;
  /** XSD type of a simple field (`xsd:string`); absent for a complex one. */
  type?: string;
  /** The element repeats (maxOccurs > 1). */
  list?: boolean;
  /** Children of a complex field. */
  fields?: FieldInfo[];
}

export interface OperationInfo {
  name: string;
  /** Names of the service and port the operation was found in. */
  service: string;
  port: string;
  input: FieldInfo[];
  output: FieldInfo[];
  /** The catalogue message type served by this operation, when it is one of ours. */
  catalogueType?: string;
}

const META_KEYS = new Set(['targetNSAlias', 'targetNamespace']);
const MAX_DEPTH = 12;

/** soap's describe() output for one element -> our field tree (recursive types are cut at MAX_DEPTH). */
export function fieldsOf(described: unknown, depth = 0): FieldInfo[] {
  if (!described || typeof described !== 'object' || depth > MAX_DEPTH) return [];
  const out: FieldInfo[] = [];
  for (const [rawName, v] of Object.entries(described as Record<string, unknown>)) {
    if (META_KEYS.has(rawName)) continue;
    const list = rawName.endsWith('[]');
    const name = list ? rawName.slice(0, -2) : rawName;
    if (typeof v === 'string') {
      out.push(list ? { name, type: v, list } : { name, type: v });
    } else {
      const f: FieldInfo = { name, fields: fieldsOf(v, depth + 1) };
      if (list) f.list = true;
      out.push(f);
    }
  }
  return out;
}

/** The operations of a soap client's WSDL in document order, first port wins on duplicates. */
export function describeOperations(described: Record<string, unknown>): OperationInfo[] {
  const seen = new Set<string>();
  const ops: OperationInfo[] = [];
  for (const [service, ports] of Object.entries(described)) {
    if (!ports || typeof ports !== 'object') continue;
    for (const [port, methods] of Object.entries(ports as Record<string, unknown>)) {
      if (!methods || typeof methods !== 'object') continue;
      for (const [name, m] of Object.entries(methods as Record<string, { input?: unknown; output?: unknown }>)) {
        if (seen.has(name)) continue;
        seen.add(name);
        ops.push({ name, service, port, input: fieldsOf(m?.input), output: fieldsOf(m?.output) });
      }
    }
  }
  return ops;
}
