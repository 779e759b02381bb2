/**
 * The mapping engine's work on values: JSONata expressions compiled with a readable error, an
 * expression's or the money functions' error turned into a message and value, JSONata's truth,
 * and results made plain JSON a target can take.
 */
import jsonata from 'jsonata';
import { DecimalError } from './decimal';

export type Expr = ReturnType<typeof jsonata>;

export function compileExpr(text: string): Expr {
  try {
    return jsonata(text);
  } catch (e) {
    const err = e as { message?: string; position?: number; token?: string };
    const at = typeof err.position === 'number' ? ` at character ${err.position}` : '';
    throw new Error(`bad expression${at}: ${err.message ?? String(e)}`, { cause: e });
  }
}

export function errorMessage(e: unknown): { message: string; value?: unknown } {
  if (e instanceof DecimalError) return { message: e.message, value: e.value };
  const j = e as { message?: string; code?: string; value?: unknown; token?: string; position?: number };
  if (j && typeof j === 'object' && typeof j.code === 'string' && /^[STDU]\d{4}$/.test(j.code)) {
    const at = typeof j.position === 'number' ? ` (at character ${j.position})` : '';
    return { message: `${j.message ?? j.code}${at}`, value: j.value };
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

/** JSONata's truth: empty lists, empty objects, "", 0, null and undefined do not hold. */
export function holds(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(holds);
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

/** A plain JSON value (JSONata's sequences become arrays); functions and non-finite numbers are refused. */
export function plain(v: unknown, where = 'the value'): unknown {
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where} is ${v}, which no target can take`);
    return v;
  }
  if (typeof v === 'function' || (v && typeof v === 'object' && ('_jsonata_lambda' in v || '_jsonata_function' in v))) {
    throw new Error(`${where} is a function, which no target can take`);
  }
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map((x, i) => plain(x, `${where}[${i}]`));
  if (typeof v === 'object') {
    if (Buffer.isBuffer(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined && typeof x !== 'function') out[k] = plain(x, `${where}.${k}`);
    }
    return out;
  }
  throw new Error(`${where} (${typeof v}) is not a value a target can take`);
}

export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.filter((x) => x !== undefined) : [v];
}

export const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
