/**
 * Value rules of the default dialect, shared by reading (XML text in) and building (JSON in):
 * one function per kind turns what may arrive into the model's normal form, or says what is wrong.
 *
 * Money and quantities are exact decimal strings with "." ("12.50"), never binary floats:
 * 0.1 + 0.2 must not leak into a price. Integers are JS numbers; booleans JS booleans;
 * dates "YYYY-MM-DD"; timestamps ISO 8601 as written.
 */
import type { ValueKind } from './types';

export type Coerced = { value: unknown } | { message: string };

const DECIMAL_RE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const GROUPED_RE = /^[+-]?\d{1,3}([ \u00a0]\d{3})+([.,]\d+)?$/;

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `"${s !== undefined && s.length > 40 ? s.slice(0, 40) + '…' : s}"`;
}

/** "12,50" | "12.50" | " 1 234,5 " | 12.5 -> "12.50" | "1234.5" */
export function normalizeDecimal(input: unknown): Coerced {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { message: `${show(String(input))} is not a number` };
    // shortest round-trip text of the double: what the user typed, not 0.30000000000000004
    const s = String(input);
    if (/e/i.test(s)) return normalizeDecimal(input.toFixed(20).replace(/0+$/, '').replace(/\.$/, ''));
    return { value: s };
  }
  if (typeof input !== 'string') return { message: `${show(input)} is not a number` };
  let s = input.trim();
  if (GROUPED_RE.test(s)) s = s.replace(/[ \u00a0]/g, '');
  if (!DECIMAL_RE.test(s)) return { message: `${show(input)} is not a number` };
  s = s.replace(',', '.');
  let sign = '';
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  if (s.startsWith('.')) s = '0' + s;
  if (s.endsWith('.')) s = s.slice(0, -1);
  // strip leading zeros of the integer part, keep one
  s = s.replace(/^0+(?=\d)/, '');
  if (sign === '-' && /^0(\.0*)?$/.test(s)) sign = '';
  return { value: sign + s };
}

export function normalizeInteger(input: unknown): Coerced {
  // -0 is 0: JSON writes both as 0, so a model holding -0 could not be told from one holding 0
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) ? { value: input === 0 ? 0 : input } : { message: `${show(String(input))} is not a whole number` };
  }
  if (typeof input !== 'string' || !/^\s*[+-]?\d+\s*$/.test(input)) return { message: `${show(input)} is not a whole number` };
  const n = Number(input.trim());
  if (n === 0) return { value: 0 };
  return Number.isSafeInteger(n) ? { value: n } : { message: `${show(input)} is too large` };
}

const TRUE = new Set(['j', 'ja', 'y', 'yes', '1', 'true', 'sant']);
const FALSE = new Set(['n', 'nej', 'no', '0', 'false', 'falskt']);

export function normalizeBoolean(input: unknown): Coerced {
  if (typeof input === 'boolean') return { value: input };
  if (input === 1 || input === 0) return { value: input === 1 };
  if (typeof input === 'string') {
    const s = input.trim().toLowerCase();
    if (TRUE.has(s)) return { value: true };
    if (FALSE.has(s)) return { value: false };
  }
  return { message: `${show(input)} is not a yes/no value (J/N, 1/0, true/false)` };
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** "2026-11-28" | "20261128" | Date -> "2026-11-28" */
export function normalizeDate(input: unknown): Coerced {
  if (input instanceof Date && !isNaN(input.getTime())) {
    return { value: input.toISOString().slice(0, 10) };
  }
  if (typeof input === 'string') {
    const s = input.trim();
    const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
    if (m && (s.length === 8 || s.length === 10) && validYmd(+m[1], +m[2], +m[3])) {
      return { value: `${m[1]}-${m[2]}-${m[3]}` };
    }
  }
  return { message: `${show(input)} is not a date (YYYY-MM-DD or YYYYMMDD)` };
}

const DATETIME_RE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** ISO 8601 timestamp, kept as written (trimmed); a Date becomes its ISO text. */
export function normalizeDateTime(input: unknown): Coerced {
  if (input instanceof Date && !isNaN(input.getTime())) return { value: input.toISOString() };
  if (typeof input === 'string') {
    const s = input.trim();
    const m = DATETIME_RE.exec(s);
    if (m && validYmd(+m[1], +m[2], +m[3]) && (m[4] === undefined || (+m[4] < 24 && +m[5] < 60 && (m[6] === undefined || +m[6] < 61)))) {
      return { value: s };
    }
  }
  return { message: `${show(input)} is not an ISO 8601 timestamp` };
}

export function normalizeText(input: unknown): Coerced {
  if (typeof input === 'string') return { value: input };
  if (typeof input === 'number' && Number.isFinite(input)) return { value: String(input) };
  return { message: `${show(input)} is not text` };
}

export function normalizeCode(input: unknown): Coerced {
  if (typeof input === 'string') return { value: input.trim() };
  if (typeof input === 'number' && Number.isSafeInteger(input)) return { value: String(input) };
  return { message: `${show(input)} is not a code` };
}

export const ACTIONS = ['ny', 'andrad', 'borttagen'] as const;

export function normalizeEnum(input: unknown, values: readonly string[]): Coerced {
  if (typeof input === 'string') {
    const s = input.trim();
    if (values.includes(s)) return { value: s };
    const lower = s.toLowerCase();
    const hit = values.find((v) => v.toLowerCase() === lower);
    if (hit) return { value: hit };
  }
  return { message: `${show(input)} is not one of ${values.join('|')}` };
}

export function coerce(kind: ValueKind, input: unknown, values?: readonly string[]): Coerced {
  switch (kind) {
    case 'text':
      return normalizeText(input);
    case 'code':
      return normalizeCode(input);
    case 'decimal':
      return normalizeDecimal(input);
    case 'integer':
      return normalizeInteger(input);
    case 'boolean':
      return normalizeBoolean(input);
    case 'date':
      return normalizeDate(input);
    case 'datetime':
      return normalizeDateTime(input);
    case 'enum':
      return normalizeEnum(input, values ?? []);
    case 'action':
      return normalizeEnum(input, ACTIONS);
  }
}

export type BooleanStyle = 'JN' | '10' | 'truefalse';

export interface FormatOptions {
  decimalSeparator?: '.' | ',';
  booleanStyle?: BooleanStyle;
}

/** Model value -> XML text. */
export function format(kind: ValueKind, value: unknown, o: FormatOptions): string {
  switch (kind) {
    case 'decimal': {
      const s = String(value);
      return o.decimalSeparator === ',' ? s.replace('.', ',') : s;
    }
    case 'boolean': {
      const b = value === true;
      if (o.booleanStyle === '10') return b ? '1' : '0';
      if (o.booleanStyle === 'truefalse') return b ? 'true' : 'false';
      return b ? 'J' : 'N';
    }
    default:
      return String(value);
  }
}
