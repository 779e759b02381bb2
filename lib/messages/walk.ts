/**
 * The one walk over the catalogue's field tree. Everything derived from a message's fields (the zod
 * schemas, XML reading and writing, the fast record check, the docs, the web-service docs and the
 * WSDL, secrets in a request) is a small set of callbacks on `visitFields`: one per field kind. A new
 * field kind is added here (the type, the dispatch) and then to each set of callbacks, which
 * TypeScript then demands; no other place tells the kinds apart.
 */
import type { Field, GroupField, ListField, ValueField } from './types';

/** Where the walk is: how deep (0 for the fields of the body or record given), and the JSON keys from there. */
export interface FieldAt {
  depth: number;
  /** JSON keys of the groups and lists above this field, and the field's own key last. */
  path: readonly string[];
}

/**
 * The callbacks of one walk: `C` is what a callback passes down (a prefix, an output, a part of the
 * model), `R` what it gives back for its field. `children(c)` walks a group's fields, or the fields
 * of a list's records, with `c`, and gives back their results in field order; a callback calls it
 * when and as often as it needs (never, once, once per list item), so a walk may build bottom-up
 * (a schema), top-down (rows, lines) or along data (a model).
 */
export interface FieldVisitor<C, R> {
  value(f: ValueField, c: C, at: FieldAt): R;
  group(f: GroupField, c: C, at: FieldAt, children: (c: C) => R[]): R;
  /** `children` is undefined for a list of single values (`itemKind`). */
  list(f: ListField, c: C, at: FieldAt, children: ((c: C) => R[]) | undefined): R;
}

/** Walk `fields` with the visitor: one result per field, in field order. */
export function visitFields<C, R>(fields: readonly Field[], v: FieldVisitor<C, R>, c: C, depth = 0, path: readonly string[] = []): R[] {
  const out: R[] = new Array<R>(fields.length);
  for (let i = 0; i < fields.length; i++) out[i] = visitField(fields[i], v, c, depth, path);
  return out;
}

/** One field with the visitor (the only dispatch on a field's kind). */
export function visitField<C, R>(f: Field, v: FieldVisitor<C, R>, c: C, depth = 0, path: readonly string[] = []): R {
  const at: FieldAt = { depth, path: [...path, f.key] };
  switch (f.kind) {
    case 'group': {
      const inner = f.fields;
      return v.group(f, c, at, (cc) => visitFields(inner, v, cc, depth + 1, at.path));
    }
    case 'list': {
      const inner = f.fields;
      return v.list(f, c, at, inner ? (cc) => visitFields(inner, v, cc, depth + 1, at.path) : undefined);
    }
    default:
      return v.value(f, c, at);
  }
}

/** Whether a field holds one value (not a group or a list). */
export function isValue(f: Field): f is ValueField {
  return f.kind !== 'group' && f.kind !== 'list';
}

/** The record lists directly under the root, read one by one (and streamed when big). */
export function recordLists(body: { fields: readonly Field[] }): ListField[] {
  return body.fields.filter((f): f is ListField => f.kind === 'list' && !!f.fields);
}

/** Where a value field's text sits in its record element: the element's own text, an attribute, or a child element (or its attribute). */
export type Place = { own: true; el?: undefined; attr?: undefined } | { own?: undefined; el?: undefined; attr: string } | { own?: undefined; el: string; attr?: string };

const places = new Map<string, Place>();

/** `#text` | `@attr` | `Element` | `Element@attr` -> where it sits (cached: a field's place is looked up per record). */
export function placeOf(xml: string): Place {
  let p = places.get(xml);
  if (!p) {
    if (xml === '#text') p = { own: true };
    else if (xml.startsWith('@')) p = { attr: xml.slice(1) };
    else {
      const i = xml.indexOf('@');
      p = i < 0 ? { el: xml } : { el: xml.slice(0, i), attr: xml.slice(i + 1) };
    }
    places.set(xml, p);
  }
  return p;
}
