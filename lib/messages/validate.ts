/**
 * Validating into the JSON model: a raw model read from XML record by record (invalid records
 * failed or collected, per the message's direction), a model handed over by a flow, the root element.
 */
import type { XmlElement } from '../xml/reader';
import type { BodyDef, InvalidRecord, MessageDescriptor, Part } from './types';
import { EXTRA_KEY } from './extra';
import { describePath, issueText, keyValues, toIssues } from './issues';
import { dialectProblem } from './record-read';
import { dropUndefined } from './schema';
import { bodyOf, getDescriptor, schemasOf } from './registry';
import { issuesError, MessageError } from './errors';
import { recordLists } from './walk';

/** Invalid records of a read: messages into Pyramid always fail whole. */
export function policy(d: MessageDescriptor, part: Part, o: { invalid?: 'fail' | 'collect' }): 'fail' | 'collect' {
  if (d.direction === 'in' && part === 'file') return 'fail';
  return o.invalid ?? 'fail';
}

export function checkRoot(d: MessageDescriptor, body: BodyDef, el: XmlElement, fileName?: string): void {
  if (el.name !== body.root) {
    const where = fileName ?? d.name;
    const msg = `expected root element <${body.root}> for ${d.name}, found <${el.name}>`;
    throw new MessageError(`${where}: ${msg}`, 'MESSAGE_ROOT', [{ path: [], where, message: msg }], { type: d.type, fileName });
  }
}

/** Validate one record of a top-level list. */
export function validateItem(
  body: BodyDef,
  listKey: string,
  index: number,
  raw: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; record: InvalidRecord } {
  const s = schemasOf(body).items.get(listKey);
  if (!s) throw new Error(`no record list ${listKey}`);
  const r = s.safeParse(raw);
  if (r.success) return { ok: true, value: dropUndefined(r.data as Record<string, unknown>) };
  const list = recordLists(body).find((l) => l.key === listKey);
  const issues = toIssues(body, raw, r.error.issues, [listKey, index]);
  return {
    ok: false,
    record: {
      list: listKey,
      index,
      key: keyValues(list?.fields ?? [], raw),
      issues,
      reason: issues.map(issueText).join('; '),
      raw,
    },
  };
}

/** Validate a raw model read from XML (strings) into the JSON model, record by record. */
export function validateRaw(d: MessageDescriptor, body: BodyDef, raw: Record<string, unknown>, pol: 'fail' | 'collect', fileName?: string): { model: Record<string, unknown>; invalid: InvalidRecord[]; count: number } {
  const schemas = schemasOf(body);
  const h = schemas.header.safeParse(raw);
  const headerIssues = h.success ? [] : toIssues(body, raw, h.error.issues);
  const model: Record<string, unknown> = h.success ? dropUndefined(h.data as Record<string, unknown>) : {};
  const invalid: InvalidRecord[] = [];
  let count = 0;
  let counted = false;
  const counts = new Map<string, number>();
  for (const l of recordLists(body)) {
    const items = raw[l.key];
    counts.set(l.key, Array.isArray(items) ? items.length : 0);
    if (!Array.isArray(items)) {
      if (l.xml === '') model[l.key] = [];
      else if (l.required) headerIssues.push({ path: [l.key], where: describePath(body, raw, [l.key]), message: 'is required' });
      continue;
    }
    if (l.xml === '' || l.stream) {
      counted = true;
      count += items.length;
    }
    const ok: Record<string, unknown>[] = [];
    items.forEach((it, i) => {
      const r = validateItem(body, l.key, i, it);
      if (r.ok) ok.push(r.value);
      else invalid.push(r.record);
    });
    model[l.key] = ok;
  }
  const dialect = dialectProblem(body, counts, raw[EXTRA_KEY]);
  if (dialect) headerIssues.push({ path: [], where: body.root, message: dialect });
  if (headerIssues.length || (pol === 'fail' && invalid.length)) {
    throw issuesError(d, [...headerIssues, ...invalid.flatMap((r) => r.issues)], fileName, invalid);
  }
  return { model, invalid, count: counted ? count : 1 };
}

/** Validate a JSON model (as a flow hands it over) into the normal form, or throw naming every problem. */
export function validateModel<T = Record<string, unknown>>(type: string, model: unknown, opts: { part?: Part; fileName?: string } = {}): T {
  const d = getDescriptor(type);
  const body = bodyOf(d, opts.part);
  if (!model || typeof model !== 'object' || Array.isArray(model)) {
    const where = opts.fileName ? `${opts.fileName}: ${d.name}` : d.name;
    const msg = `the model must be an object with the fields of ${d.name} (got ${Array.isArray(model) ? 'a list' : typeof model})`;
    throw new MessageError(`${where}: ${msg}`, 'MESSAGE_INVALID', [{ path: [], where, message: msg }], { type: d.type });
  }
  const r = schemasOf(body).full.safeParse(model);
  if (!r.success) throw issuesError(d, toIssues(body, model, r.error.issues), opts.fileName);
  return dropUndefined(r.data as T);
}
