/**
 * Problems in Pyramid's words: a model path as `Artikel[42] (artikelkod 00123): grundpris`, zod's
 * issues turned into ours, and the key values that name a record.
 */
import type { BodyDef, Field, GroupField, Issue, ListField } from './types';
import { isValue, visitField, type FieldVisitor } from './walk';

/** `Grundpris` -> `grundpris`, `@atgard` -> `atgard`, `Grundpris@valuta` -> `grundpris@valuta`. */
export function pyramidName(xml: string): string {
  const s = xml.startsWith('@') ? xml.slice(1) : xml === '#text' ? 'värde' : xml;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function keyText(fields: readonly Field[], raw: unknown): string {
  if (!raw || typeof raw !== 'object') return '';
  const parts: string[] = [];
  for (const f of fields) {
    if (isValue(f) && f.isKey) {
      const v = (raw as Record<string, unknown>)[f.key];
      if (v !== undefined && v !== null && String(v).trim() !== '') parts.push(`${pyramidName(f.xml)} ${String(v).trim().slice(0, 40)}`);
    }
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The values of a record's key fields. */
export function keyValues(fields: readonly Field[], raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const f of fields) {
    if (isValue(f) && f.isKey) {
      const v = (raw as Record<string, unknown>)[f.key];
      if (v !== undefined && v !== null && String(v).trim() !== '') out[f.key] = String(v);
    }
  }
  return out;
}

/** Where describePath is on its way down the path. */
interface PathState {
  path: readonly PropertyKey[];
  /** The segment of the field being described. */
  i: number;
  records: string[];
  names: string[];
  fields: readonly Field[];
  cur: unknown;
}

function member(cur: unknown, key: string): unknown {
  return cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
}

/** One step of describePath per field kind; a callback returns how many path segments it took. */
const describeStep: FieldVisitor<PathState, number> = {
  value(f, s) {
    s.names.push(pyramidName(f.xml));
    return 1;
  },
  group(f: GroupField, s) {
    s.names.push(pyramidName(f.xml));
    s.fields = f.fields;
    s.cur = member(s.cur, f.key);
    return 1;
  },
  list(f: ListField, s) {
    const idx = s.path[s.i + 1];
    if (typeof idx !== 'number') {
      s.names.push(pyramidName(f.xml || f.item));
      return 1;
    }
    const arr = member(s.cur, f.key);
    const item = Array.isArray(arr) ? (arr[idx] as unknown) : undefined;
    if (f.fields) {
      s.records.push(`${[...s.names.map(cap), f.label ?? f.item].join('/')}[${idx + 1}]${keyText(f.fields, item)}`);
      s.names.length = 0;
      s.fields = f.fields;
      s.cur = item;
    } else {
      s.names.push(`${pyramidName(f.xml || f.item)}[${idx + 1}]`);
    }
    return 2;
  },
};

/**
 * Describe a model path in Pyramid's words. `raw` is the input (to name the record by its key);
 * `startIndex` shifts list positions (a streamed batch starts mid-file).
 */
export function describePath(body: BodyDef, raw: unknown, path: readonly PropertyKey[]): string {
  const s: PathState = { path, i: 0, records: [], names: [], fields: body.fields, cur: raw };
  while (s.i < path.length) {
    const seg = path[s.i];
    const f = s.fields.find((x) => x.key === seg);
    if (!f) {
      s.names.push(String(seg));
      s.cur = undefined;
      s.i++;
      continue;
    }
    s.i += visitField(f, describeStep, s);
  }
  const rec = s.records.length ? s.records.join(' > ') : body.root;
  return s.names.length ? `${rec}: ${s.names.join('.')}` : rec;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
}

/** zod issues -> our issues, in Pyramid's words. `offset` renumbers a record list's index. */
export function toIssues(body: BodyDef, raw: unknown, zIssues: readonly ZodIssueLike[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const zi of zIssues) {
    const path = [...prefix, ...zi.path];
    const fullRaw = prefix.length ? wrapRaw(prefix, raw) : raw;
    if (zi.code === 'unrecognized_keys') {
      for (const k of zi.keys ?? []) {
        const p = [...path, k];
        out.push({
          path: p.map(toSeg),
          where: describePath(body, fullRaw, path),
          message: `has an unknown field "${k}" (a customer's own elements belong under "extra")`,
        });
      }
      continue;
    }
    let message = zi.message;
    if (zi.code === 'invalid_type') {
      message = zi.expected === 'array' ? 'should be a list' : zi.expected === 'object' ? 'should be an object' : `should be ${zi.expected}`;
    }
    out.push({ path: path.map(toSeg), where: describePath(body, fullRaw, path), message });
  }
  return out;
}

function toSeg(p: PropertyKey): string | number {
  return typeof p === 'number' ? p : String(p);
}

/** Put a record back at its place so describePath can find its key values. */
function wrapRaw(prefix: PropertyKey[], raw: unknown): unknown {
  // prefix = [listKey, index]
  const [list, idx] = prefix;
  const arr: unknown[] = [];
  arr[idx as number] = raw;
  return { [list as string]: arr };
}

export function issueText(i: Issue): string {
  return `${i.where} ${i.message}`;
}
