/**
 * Request parameter validation as the WordPress REST server does it (`rest_validate_value_from_schema`
 * and `rest_sanitize_value_from_schema`). Being strict matters: a real shop refuses a price sent as a
 * JSON number ("regular_price is not of type string."), so a flow that passes here passes there.
 *
 * Batch endpoints are the exception: WooCommerce's `batch_items` hands each item straight to the
 * create/update callback without schema validation, and PHP casts what it gets. `lenient` mode mirrors
 * that by coercing scalars and dropping values that cannot be coerced.
 */
import { RestError } from './http';

export type Schema =
  | { type: 'string'; enum?: readonly string[]; nullable?: boolean }
  | { type: 'integer'; minimum?: number; maximum?: number; nullable?: boolean }
  | { type: 'number'; nullable?: boolean }
  | { type: 'boolean'; nullable?: boolean }
  | { type: 'array'; items?: Schema; nullable?: boolean }
  | { type: 'object'; properties?: Record<string, Schema>; nullable?: boolean }
  | { type: 'any' };

export type Mode = 'strict' | 'lenient';

export const s = {
  string: (enumValues?: readonly string[]): Schema => ({ type: 'string', enum: enumValues }),
  nullableString: (): Schema => ({ type: 'string', nullable: true }),
  int: (minimum?: number, maximum?: number): Schema => ({ type: 'integer', minimum, maximum }),
  nullableInt: (): Schema => ({ type: 'integer', nullable: true }),
  number: (): Schema => ({ type: 'number' }),
  bool: (): Schema => ({ type: 'boolean' }),
  array: (items?: Schema): Schema => ({ type: 'array', items }),
  object: (properties?: Record<string, Schema>): Schema => ({ type: 'object', properties }),
  any: (): Schema => ({ type: 'any' }),
};

interface Issue {
  code: string;
  message: string;
}

class Invalid {
  constructor(readonly issue: Issue) {}
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function isNumeric(v: unknown): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMERIC.test(v));
}

/** "a, b, and c" as WordPress's `wp_sprintf_l` lists enum values. */
function humanList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  if (values.length === 2) return `${values[0]} and ${values[1]}`;
  return `${values.slice(0, -1).join(', ')}, and ${values[values.length - 1]}`;
}

function typeName(schema: Schema): string {
  return 'nullable' in schema && schema.nullable ? `${schema.type},null` : schema.type;
}

function coerce(schema: Schema, value: unknown, path: string, mode: Mode): unknown | Invalid {
  const notOfType = (): Invalid =>
    new Invalid({ code: 'rest_invalid_type', message: `${path} is not of type ${typeName(schema)}.` });
  if (schema.type === 'any') return value;
  if (value === null) return schema.nullable ? null : notOfType();

  switch (schema.type) {
    case 'string': {
      let v: string;
      if (typeof value === 'string') v = value;
      else if (mode === 'lenient' && (typeof value === 'number' || typeof value === 'boolean')) v = phpString(value);
      else return notOfType();
      if (schema.enum && !schema.enum.includes(v)) {
        return new Invalid({ code: 'rest_not_in_enum', message: `${path} is not one of ${humanList(schema.enum)}.` });
      }
      return v;
    }
    case 'integer': {
      if (!isNumeric(value) || (mode === 'strict' && !Number.isInteger(Number(value)))) {
        if (mode === 'lenient' && typeof value === 'boolean') return value ? 1 : 0;
        return notOfType();
      }
      const n = Math.trunc(Number(value));
      const { minimum, maximum } = schema;
      if ((minimum !== undefined && n < minimum) || (maximum !== undefined && n > maximum)) {
        const message =
          minimum !== undefined && maximum !== undefined
            ? `${path} must be between ${minimum} (inclusive) and ${maximum} (inclusive)`
            : minimum !== undefined
              ? `${path} must be greater than or equal to ${minimum}`
              : `${path} must be less than or equal to ${maximum}`;
        return new Invalid({ code: 'rest_out_of_bounds', message });
      }
      return n;
    }
    case 'number':
      return isNumeric(value) ? Number(value) : notOfType();
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 0) return value === 1;
      if (typeof value === 'string') {
        const lower = value.toLowerCase();
        if (lower === 'true' || lower === '1') return true;
        if (lower === 'false' || lower === '0' || lower === '') return false;
      }
      return mode === 'lenient' ? Boolean(value) : notOfType();
    }
    case 'array': {
      let items: unknown[];
      if (Array.isArray(value)) items = value;
      else if (typeof value === 'string' || typeof value === 'number') {
        items = String(value).split(/[\s,]+/).filter((x) => x !== '');
      } else return notOfType();
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        const item = schema.items ? coerce(schema.items, items[i], `${path}[${i}]`, mode) : items[i];
        if (item instanceof Invalid) {
          if (mode === 'strict') return item;
          continue;
        }
        out.push(item);
      }
      return out;
    }
    case 'object': {
      if (Array.isArray(value) && value.length === 0) return {};
      if (typeof value !== 'object' || Array.isArray(value)) return notOfType();
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, propSchema] of Object.entries(schema.properties ?? {})) {
        if (!(key in out)) continue;
        const v = coerce(propSchema, out[key], `${path}[${key}]`, mode);
        if (v instanceof Invalid) {
          if (mode === 'strict') return v;
          delete out[key];
        } else out[key] = v;
      }
      return out;
    }
  }
}

/** PHP's string cast: true -> "1", false -> "". */
function phpString(v: number | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '';
  return String(v);
}

/**
 * Validates and sanitises the known parameters of a request; unknown parameters are kept untouched
 * (WordPress ignores them). Throws the REST server's `rest_missing_callback_param` or
 * `rest_invalid_param` error in strict mode.
 */
export function validateParams(
  properties: Record<string, Schema>,
  params: Record<string, unknown>,
  mode: Mode,
  required: readonly string[] = [],
): Record<string, unknown> {
  const missing = required.filter((k) => params[k] === undefined);
  if (missing.length > 0 && mode === 'strict') {
    throw new RestError('rest_missing_callback_param', `Missing parameter(s): ${missing.join(', ')}`, 400, {
      params: missing,
    });
  }
  const out: Record<string, unknown> = { ...params };
  const invalid: Record<string, Issue> = {};
  for (const [key, schema] of Object.entries(properties)) {
    if (out[key] === undefined) continue;
    const v = coerce(schema, out[key], key, mode);
    if (v instanceof Invalid) {
      if (mode === 'strict') invalid[key] = v.issue;
      delete out[key];
    } else out[key] = v;
  }
  const names = Object.keys(invalid);
  if (names.length > 0) {
    throw new RestError('rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, 400, {
      params: Object.fromEntries(names.map((n) => [n, invalid[n].message])),
      details: Object.fromEntries(names.map((n) => [n, { code: invalid[n].code, message: invalid[n].message, data: null }])),
    });
  }
  return out;
}
