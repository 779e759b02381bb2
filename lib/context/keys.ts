/**
 * Context keys and values as the Redis context store keeps them: a key expression split into its
 * parts (Node-RED's property expressions), reading and writing a nested part of a value, and values
 * to and from JSON with errors that name the scope and key.
 */

/** A context key's parts: `a.b[0]["c.d"]` → ['a', 'b', 0, 'c.d'] (Node-RED's property expressions). */
export function parseKey(expr: string): (string | number)[] {
  const invalid = (why: string): Error => Object.assign(new Error(`invalid context key "${expr}": ${why}`), { code: 'INVALID_EXPR' });
  if (typeof expr !== 'string' || expr.length === 0) throw invalid('empty');
  const parts: (string | number)[] = [];
  let i = 0;
  let token = '';
  let afterBracket = false;
  const flush = (): void => {
    if (token !== '') parts.push(token);
    token = '';
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '.') {
      if (token === '' && !afterBracket) throw invalid(`empty part at ${i}`);
      flush();
      afterBracket = false;
      i += 1;
      if (i >= expr.length) throw invalid('ends with "."');
    } else if (c === '[') {
      flush();
      const q = expr[i + 1];
      if (q === '"' || q === "'") {
        const end = expr.indexOf(q + ']', i + 2);
        if (end < 0) throw invalid(`unterminated string at ${i}`);
        parts.push(expr.slice(i + 2, end));
        i = end + 2;
      } else {
        const end = expr.indexOf(']', i);
        const inner = end < 0 ? '' : expr.slice(i + 1, end);
        if (!/^\d+$/.test(inner)) throw invalid(`index at ${i} is not a number or a quoted string`);
        parts.push(Number(inner));
        i = end + 1;
      }
      afterBracket = true;
      if (i < expr.length && expr[i] !== '.' && expr[i] !== '[') throw invalid(`unexpected "${expr[i]}" at ${i}`);
    } else {
      if (afterBracket) throw invalid(`unexpected "${c}" at ${i}`);
      token += c;
      i += 1;
    }
  }
  flush();
  if (parts.length === 0) throw invalid('empty');
  return parts;
}

export function getPath(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  }
  return v;
}

/** Node-RED's setObjectProperty: missing parents are made (objects, or arrays before an index);
 *  undefined deletes. Returns false when a parent is not an object (nothing is changed). */
export function setPath(root: Record<string, unknown>, path: (string | number)[], value: unknown): boolean {
  let obj: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') return false;
    let next = Object.hasOwn(obj, k) ? obj[k] : undefined;
    if (next === undefined) {
      if (value === undefined) return false;
      next = typeof path[i + 1] === 'number' ? [] : {};
      obj[k] = next;
    } else if (next === null || typeof next !== 'object') {
      return false;
    }
    obj = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') return false;
  if (value === undefined) {
    if (typeof last === 'number' && Array.isArray(obj)) obj.splice(last, 1);
    else delete obj[last];
  } else {
    obj[last] = value;
  }
  return true;
}

export function toJson(scope: string, key: string, value: unknown): string {
  try {
    const s = JSON.stringify(value);
    // functions and symbols have no JSON: Node-RED's file store drops them the same way
    return s === undefined ? 'null' : s;
  } catch (e) {
    throw new Error(`context ${scope} key "${key}" cannot be stored in Redis: ${(e as Error).message}`, { cause: e });
  }
}

export function fromJson(scope: string, key: string, raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new Error(`context ${scope} key "${key}" in Redis is not JSON`);
  }
}
