/**
 * Field tables from the catalogue, for docs/messages.md, the editor help and the WSDL docs:
 * one source, so the documentation cannot drift from what the code reads and writes.
 */
import type { BodyDef, MessageDescriptor, ValueKind } from './types';
import { visitFields, type FieldVisitor } from './walk';
import { fieldDocSv, MESSAGES_SV } from './docs-sv';

/** The language of the generated text: English (docs, WSDL, default help) or Swedish (the `sv` editor help). */
export type DocLang = 'en' | 'sv';

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

const KIND_WORDS_SV: Record<ValueKind, string> = {
  text: 'text',
  code: 'kod',
  decimal: 'decimaltal',
  integer: 'heltal',
  boolean: 'ja/nej',
  date: 'datum',
  datetime: 'tidsstämpel',
  enum: 'en av',
  action: 'ny|andrad|borttagen',
};

interface Words {
  kinds: Record<ValueKind, string>;
  group: string;
  records: string;
  listOf: string;
  oneOf: string;
  text: string;
  doc(en: string): string;
}

const WORDS: Record<DocLang, Words> = {
  en: { kinds: KIND_WORDS, group: 'group', records: 'list of records', listOf: 'list of', oneOf: 'one of', text: 'text', doc: (en) => en },
  sv: { kinds: KIND_WORDS_SV, group: 'grupp', records: 'lista av poster', listOf: 'lista av', oneOf: 'en av', text: 'text', doc: fieldDocSv },
};

function xmlPart(parent: string, xml: string, w: Words = WORDS.en): string {
  if (xml === '#text') return parent ? `${parent} (${w.text})` : `(${w.text})`;
  if (xml.startsWith('@')) return `${parent}${xml}`;
  return parent ? `${parent}/${xml}` : xml;
}

/** The docs walk's callbacks: each field's row, then its children's, with the XML and JSON paths above it. */
function rowsOf(w: Words): FieldVisitor<{ xml: string; json: string }, FieldRow[]> {
  const jsonOf = (base: string, key: string) => (base ? `${base}.${key}` : key);
  return {
    value(f, c, at) {
      const type = f.kind === 'enum' ? `${w.oneOf} ${(f.values ?? []).join('|')}` : w.kinds[f.kind];
      return [{ xml: xmlPart(c.xml, f.xml, w), json: jsonOf(c.json, f.key), type, doc: w.doc(f.doc), required: !!f.required, key: !!f.isKey, depth: at.depth }];
    },
    group(f, c, at, children) {
      const xml = xmlPart(c.xml, f.xml, w);
      const json = jsonOf(c.json, f.key);
      const row: FieldRow = { xml, json, type: w.group, doc: w.doc(f.doc), required: !!f.required, key: false, depth: at.depth };
      return [row, ...children({ xml, json }).flat()];
    },
    list(f, c, at, children) {
      const xml = f.xml === '' ? xmlPart(c.xml, f.item, w) : `${xmlPart(c.xml, f.xml, w)}/${f.item}`;
      const json = `${jsonOf(c.json, f.key)}[]`;
      const type = f.fields ? w.records : `${w.listOf} ${w.kinds[f.itemKind ?? 'text']}`;
      const row: FieldRow = { xml, json, type, doc: w.doc(f.doc), required: !!f.required, key: false, depth: at.depth };
      return children ? [row, ...children({ xml, json }).flat()] : [row];
    },
  };
}

const ROWS: Record<DocLang, FieldVisitor<{ xml: string; json: string }, FieldRow[]>> = { en: rowsOf(WORDS.en), sv: rowsOf(WORDS.sv) };

/** Rows for one document of a type (file, WS request or WS response), root first; `sv`: types and meanings in Swedish. */
export function fieldRows(body: BodyDef, lang: DocLang = 'en'): FieldRow[] {
  return visitFields(body.fields, ROWS[lang], { xml: body.root, json: '' }).flat();
}

/** A message's title, summary and when it is sent, in the language asked for. */
export function messageTexts(d: MessageDescriptor, lang: DocLang = 'en'): { title: string; summary: string; trigger: string } {
  if (lang === 'sv' && Object.prototype.hasOwnProperty.call(MESSAGES_SV, d.type)) return MESSAGES_SV[d.type];
  return { title: d.title, summary: d.summary, trigger: d.trigger };
}

export function directionText(d: MessageDescriptor, lang: DocLang = 'en'): string {
  if (lang === 'sv') {
    switch (d.direction) {
      case 'out':
        return 'ut från Pyramid (Pyramid → butik)';
      case 'in':
        return 'in till Pyramid (butik → Pyramid)';
      case 'both':
        return 'båda hållen: ändringar ut från Pyramid, registreringar från butiken in till Pyramid';
      case 'request-response':
        return 'anrop från butiken, svar från Pyramid';
    }
  }
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
export function documentsOf(d: MessageDescriptor, lang: DocLang = 'en'): { part: 'file' | 'request' | 'response'; title: string; body: BodyDef }[] {
  const sv = lang === 'sv';
  const docs: { part: 'file' | 'request' | 'response'; title: string; body: BodyDef }[] = [];
  if (d.file) docs.push({ part: 'file', title: `${sv ? 'Fil' : 'File'} <${d.file.root}>`, body: d.file });
  if (d.ws) {
    const ws = sv ? 'Webbtjänst' : 'Web service';
    docs.push({ part: 'request', title: `${ws} ${d.ws.operation}: ${sv ? 'anrop' : 'request'} <${d.ws.request.root}>`, body: d.ws.request });
    docs.push({ part: 'response', title: `${ws} ${d.ws.operation}: ${sv ? 'svar' : 'response'} <${d.ws.response.root}>`, body: d.ws.response });
  }
  return docs;
}

/** Every field description of a message type (all its documents), for checks that each has its Swedish. */
export function fieldDocsOf(d: MessageDescriptor): string[] {
  return documentsOf(d).flatMap((doc) => fieldRows(doc.body).map((r) => r.doc));
}
