/**
 * Field tables from the catalogue, for docs/messages.md, the editor help and the WSDL docs:
 * one source, so the documentation cannot drift from what the code reads and writes.
 */
import type { BodyDef, Field, MessageDescriptor, ValueKind } from './types';

export interface FieldRow {
  /** XML path from the root, e.g. `Artikel/Grundpris@valuta`. */
  xml: string;
  /** JSON path in the model, e.g. `articles[].basePriceCurrency`. */
  json: string;
  /** Kind in words: text, code, decimal, ..., list, group. */
  type: string;
  doc: string;
  required: boolean;
  key: boolean;
  /** Depth in the tree, for indentation. */
  depth: number;
}

const KIND_WORDS: Record<ValueKind, string> = {
  text: 'text',
  code: 'code',
  decimal: 'decimal',
  integer: 'integer',
  boolean: 'yes/no',
  date: 'date',
  datetime: 'timestamp',
  enum: 'one of',
  action: 'ny|andrad|borttagen',
};

function xmlPart(parent: string, xml: string): string {
  if (xml === '#text') return parent ? `${parent} (text)` : '(text)';
  if (xml.startsWith('@')) return `${parent}${xml}`;
  return parent ? `${parent}/${xml}` : xml;
}

function walk(fields: readonly Field[], xmlBase: string, jsonBase: string, depth: number, out: FieldRow[]): void {
  for (const f of fields) {
    const json = jsonBase ? `${jsonBase}.${f.key}` : f.key;
    if (f.kind === 'group') {
      const x = xmlPart(xmlBase, f.xml);
      out.push({ xml: x, json, type: 'group', doc: f.doc, required: !!f.required, key: false, depth });
      walk(f.fields, x, json, depth + 1, out);
      continue;
    }
    if (f.kind === 'list') {
      const x = f.xml === '' ? xmlPart(xmlBase, f.item) : `${xmlPart(xmlBase, f.xml)}/${f.item}`;
      const itemType = f.fields ? 'list of records' : `list of ${KIND_WORDS[f.itemKind ?? 'text']}`;
      out.push({ xml: x, json: `${json}[]`, type: itemType, doc: f.doc, required: !!f.required, key: false, depth });
      if (f.fields) walk(f.fields, x, `${json}[]`, depth + 1, out);
      continue;
    }
    const type = f.kind === 'enum' ? `one of ${(f.values ?? []).join('|')}` : KIND_WORDS[f.kind];
    out.push({ xml: xmlPart(xmlBase, f.xml), json, type, doc: f.doc, required: !!f.required, key: !!f.isKey, depth });
  }
}

/** Rows for one document of a type (file, WS request or WS response), root first. */
export function fieldRows(body: BodyDef): FieldRow[] {
  const out: FieldRow[] = [];
  walk(body.fields, body.root, '', 0, out);
  return out;
}

export function directionText(d: MessageDescriptor): string {
  switch (d.direction) {
    case 'out':
      return 'out of Pyramid (Pyramid → shop)';
    case 'in':
      return 'into Pyramid (shop → Pyramid)';
    case 'both':
      return 'both ways: changes out of Pyramid, registrations from the shop into Pyramid';
    case 'request-response':
      return 'request from the shop, response from Pyramid';
  }
}

/** The documents of a type with a heading each. */
export function documentsOf(d: MessageDescriptor): { part: 'file' | 'request' | 'response'; title: string; body: BodyDef }[] {
  const docs: { part: 'file' | 'request' | 'response'; title: string; body: BodyDef }[] = [];
  if (d.file) docs.push({ part: 'file', title: `File <${d.file.root}>`, body: d.file });
  if (d.ws) {
    docs.push({ part: 'request', title: `Web service ${d.ws.operation}: request <${d.ws.request.root}>`, body: d.ws.request });
    docs.push({ part: 'response', title: `Web service ${d.ws.operation}: response <${d.ws.response.root}>`, body: d.ws.response });
  }
  return docs;
}
