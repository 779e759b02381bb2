/**
 * What a mapping is and what it gives: its rows and list settings, the result of a run, a row's
 * error (and its one-line text), and the error a mapping with problems throws.
 */
import type { Segment } from './paths';

export type ValueType = 'jsonata' | 'str' | 'num' | 'bool' | 'json' | 'msg' | 'flow' | 'global' | 'env';
export const VALUE_TYPES: readonly ValueType[] = ['jsonata', 'str', 'num', 'bool', 'json', 'msg', 'flow', 'global', 'env'];

export interface MapRow {
  /** Where the value goes: `name`, `a.b`, `rows[]` (a list), `rows[].field`, `$variable`, `msg.prop`. */
  target: string;
  /** A JSONata expression, or the typed value's text. */
  value: string;
  /** Default jsonata. */
  type?: ValueType;
  /** The record fails when the value is missing (undefined, null or ""). */
  required?: boolean;
}

export interface MapConfig {
  rows: readonly MapRow[];
  /** List mode: one output record per record of `source`. */
  list?: boolean;
  /** List mode: the list to map (JSONata over the input); empty: the input itself. */
  source?: string;
  /** List mode: keep a record only when this holds. */
  filter?: string;
  /** List mode: one output record per distinct value of this (the first record; all as $group). */
  groupBy?: string;
  /** Fields naming a record in errors (from the catalogue's key fields). */
  keyFields?: readonly string[];
}

/** A row's problem: which row (1-based), its target, the record, the value and what is wrong. */
export interface RowError {
  /** 1-based row number in the table; 0 for the list's source, filter or group key. */
  row: number;
  target: string;
  message: string;
  /** 0-based position of the record in the source list (list mode). */
  record?: number;
  /** The record's key, as `articleCode 00123`. */
  key?: string;
  /** The value that could not be used, when there is one. */
  value?: unknown;
}

export interface InvalidMapRecord {
  index: number;
  key?: string;
  record: unknown;
  reason: string;
  errors: RowError[];
  /** What the rows that worked made of the record (for the editor's preview; never sent on). */
  partial?: unknown;
}

export interface MapResult {
  /** The output: an object (single mode) or a list (list mode); undefined when a single record failed. */
  output: unknown;
  invalid: InvalidMapRecord[];
  /** Source records read (list mode), 1 in single mode. */
  read: number;
  /** Records left out by the filter. */
  filtered: number;
  /** `msg.` rows: properties to set on the msg. */
  msg: { path: Segment[]; value: unknown }[];
  /** Per row (1-based index), the first error met (for the editor's preview). */
  rowErrors: Record<number, RowError>;
}

export interface RunContext {
  /** The msg, as `$msg` in expressions. */
  msg?: Record<string, unknown>;
  /** Resolves a typed value of type msg, flow, global or env (the node does this with Node-RED's helpers). */
  typed?: (type: 'msg' | 'flow' | 'global' | 'env', value: string) => unknown;
  /** `$env(name)`. */
  env?: (name: string) => unknown;
  /** `$flowContext(key)` and `$globalContext(key)`. */
  flow?: (key: string) => unknown;
  global?: (key: string) => unknown;
  /** More bindings (tests pin `$now`). */
  bindings?: Record<string, unknown>;
}

export class MapError extends Error {
  readonly code: string;
  readonly errors: RowError[];
  constructor(message: string, code: string, errors: RowError[]) {
    super(message);
    this.name = 'MapError';
    this.code = code;
    this.errors = errors;
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? s.slice(0, 79) + '…' : s;
}

/** `row 3 (regular_price), record 2 (articleCode 00124): ...` */
export function rowErrorText(e: RowError): string {
  const where = e.row > 0 ? `row ${e.row} (${e.target})` : e.target;
  const rec = e.record !== undefined ? `, record ${e.record + 1}${e.key ? ` (${e.key})` : ''}` : e.key ? `, record ${e.key}` : '';
  const val = e.value !== undefined && !e.message.includes(describeValue(e.value)) ? ` (value ${describeValue(e.value)})` : '';
  return `${where}${rec}: ${e.message}${val}`;
}
