/**
 * The zod schemas of the JSON model, derived from the catalogue's fields by one walk: what build
 * accepts and what parse returns. Per value field the catalogue's value rule (required, blank,
 * coerce by kind, min); per record the fields, `extra` and `requireOneOf`.
 */
import { z } from 'zod';
import type { BodyDef, Field, ListField, ValueField } from './types';
import { coerce } from './values';
import { EXTRA_KEY, extraSchema } from './extra';
import { pyramidName } from './issues';
import { recordLists, visitFields, type FieldVisitor } from './walk';

function valueSchema(f: { kind: ValueField['kind']; required?: boolean; values?: readonly string[]; min?: number }): z.ZodType {
  const keepEmpty = f.kind === 'text';
  return z.any().transform((input, ctx) => {
    if (input === undefined || input === null || (input === '' && (!keepEmpty || f.required))) {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      return undefined;
    }
    // a value that is only whitespace (a non-breaking space included) is no value, whatever its kind
    // but text: written back it would read as absent, so a required one is refused here, at the door
    if (!keepEmpty && typeof input === 'string' && input.trim() === '') {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: `is blank (${describeBlank(input)})` });
        return z.NEVER;
      }
      return undefined;
    }
    const r = coerce(f.kind, input, f.values);
    if ('message' in r) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    if (r.value === '' && !keepEmpty) {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: `is blank (${describeBlank(input)})` });
        return z.NEVER;
      }
      return undefined;
    }
    if (f.min !== undefined && typeof r.value === 'number' && r.value < f.min) {
      ctx.addIssue({ code: 'custom', message: `is ${r.value}, less than ${f.min}` });
      return z.NEVER;
    }
    return r.value;
  });
}

function describeBlank(input: unknown): string {
  return typeof input === 'string' && input.length ? 'only whitespace' : 'empty';
}

/** One schema per field: the schema walk's callbacks. */
const schemaOf: FieldVisitor<undefined, z.ZodType> = {
  value(f) {
    const s = valueSchema(f);
    return f.required ? s : s.optional();
  },
  group(f, _c, _at, children) {
    const s = recordSchema(f.fields, children(undefined));
    return f.required ? s : s.optional();
  },
  list(f: ListField, _c, _at, children) {
    const item = children ? recordSchema(f.fields ?? [], children(undefined), f.requireOneOf) : valueSchema({ kind: f.itemKind ?? 'text', required: true });
    const arr = z.array(item);
    if (f.xml === '') return arr.default([]);
    return f.required ? arr : arr.optional();
  },
};

/** A record's schema from its fields' schemas (in field order): strict, with `extra` and requireOneOf. */
function recordSchema(fields: readonly Field[], schemas: readonly z.ZodType[], requireOneOf?: readonly (readonly string[])[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  fields.forEach((f, i) => (shape[f.key] = schemas[i]));
  shape[EXTRA_KEY] = extraSchema;
  const s = z.strictObject(shape);
  return requireOneOf?.length ? s.superRefine((v, ctx) => checkOneOf(fields, requireOneOf, v, ctx)) : s;
}

export function objectSchema(fields: readonly Field[], requireOneOf?: readonly (readonly string[])[]): z.ZodObject {
  return recordSchema(fields, visitFields(fields, schemaOf, undefined), requireOneOf);
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function checkOneOf(fields: readonly Field[], groups: readonly (readonly string[])[], v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const g of groups) {
    if (g.some((k) => present(v[k]))) continue;
    const names = g.map((k) => pyramidName(fields.find((f) => f.key === k)?.xml ?? k));
    ctx.addIssue({ code: 'custom', message: `needs ${names.join(' or ')}`, path: [] });
  }
}

/**
 * The model without keys whose value is undefined (an optional value that was blank): what JSON
 * would carry, so a model and its copy through JSON are equal.
 */
export function dropUndefined<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const x of v) dropUndefined(x);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (o[k] === undefined) delete o[k];
      else if (typeof o[k] === 'object') dropUndefined(o[k]);
    }
  }
  return v;
}

export interface BodySchemas {
  /** The whole model. */
  full: z.ZodObject;
  /** The model with its top-level record lists taken as they are (validated per record). */
  header: z.ZodObject;
  /** One schema per top-level record list, for a single item. */
  items: Map<string, z.ZodObject>;
}

export function bodySchemas(body: BodyDef): BodySchemas {
  const lists = recordLists(body);
  const items = new Map<string, z.ZodObject>();
  for (const l of lists) items.set(l.key, objectSchema(l.fields ?? [], l.requireOneOf));
  const each = visitFields(body.fields, schemaOf, undefined);
  const headerShape: Record<string, z.ZodType> = {};
  body.fields.forEach((f, i) => {
    headerShape[f.key] = items.has(f.key) ? z.array(z.any()).optional() : each[i];
  });
  headerShape[EXTRA_KEY] = extraSchema;
  const oneOf = body.requireOneOf;
  const header = z.strictObject(headerShape);
  return {
    full: recordSchema(body.fields, each, oneOf),
    header: oneOf?.length ? header.superRefine((v, ctx) => checkOneOf(body.fields, oneOf, v, ctx)) : header,
    items,
  };
}
