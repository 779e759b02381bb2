/**
 * Reading SOAP requests and writing SOAP responses by the simulator's own web-service map
 * (ws-dialect.ts) with fast-xml-parser: request bytes -> operation and request model, response
 * model -> the Body's XML, and the SOAP 1.1 envelope and fault. The value rules are the file
 * side's (xmlfile.ts `normalize`), plus what a web-service value may be: one of a list, a least
 * whole number, a valid calendar date or ISO 8601 timestamp. Nothing here comes from lib/.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import * as iconv from 'iconv-lite';
import { decodeFile } from './codepage';
import type { Field } from './dialect';
import { normalize, PARSER_OPTIONS } from './xmlfile';
import { PWS_NAMESPACE, operationByRequest, WS_OPERATIONS, type WsOperation } from './ws-dialect';

type Model = Record<string, unknown>;
type Node = Record<string, unknown>;

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The request is not a SOAP message this service can read (a soap:Client fault). */
export class RequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * A value or element the map refuses: `where` is the element path, the message says what is wrong
 * and may quote the value, except for a secret field (a password), whose value is never quoted.
 */
export class WsValueError extends Error {
  constructor(
    readonly where: string,
    problem: string,
    secret = false,
  ) {
    super(`${where} ${secret ? 'is missing or invalid' : problem}`);
    this.name = 'WsValueError';
  }
}

// the file side's options, and SOAP's namespace prefixes dropped (soap:Envelope -> Envelope)
const parser = new XMLParser({ ...PARSER_OPTIONS, removeNSPrefix: true });

/** Text content as XML needs it: &, < and > escaped, quotes left as they are. */
const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: false,
  processEntities: false,
  tagValueProcessor: (_name: string, v: unknown) => escapeText(String(v)),
  attributeValueProcessor: (_name: string, v: unknown) => escapeText(String(v)).replace(/"/g, '&quot;'),
});

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const elementNames = (n: Node) => Object.keys(n).filter((k) => !k.startsWith('@_') && k !== '#text');
const asNode = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : typeof v === 'string' && v.trim() ? { '#text': v } : {});

/** An element's own text: a plain string, `#text` beside attributes or children, else ''. */
function ownText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return '';
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DECLARED = /^\s*<\?xml[^>]*\bencoding\s*=/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function validUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface ParsedRequest {
  /** The operation, or undefined with `element` naming what the Body held. */
  op?: WsOperation;
  /** The Body's first element (local name). */
  element: string;
  /** The request element, as fast-xml-parser read it. */
  node: Node;
}

/** Request bytes -> the Body's first element; RequestError for anything that is not a SOAP 1.1 message. */
export function parseEnvelope(bytes: Buffer): ParsedRequest {
  let text: string;
  try {
    const d = decodeFile(bytes);
    text = d.text;
    // no BOM and no declared code page, and not UTF-8: a legacy client's Windows-1252
    if (d.codePage === 'utf-8' && !bytes.subarray(0, 3).equals(UTF8_BOM) && !DECLARED.test(bytes.subarray(0, 200).toString('latin1')) && !validUtf8(bytes)) {
      text = iconv.decode(bytes, 'windows-1252');
    }
  } catch (e) {
    throw new RequestError(`malformed request: ${e instanceof Error ? e.message : String(e)}`);
  }
  // SOAP 1.1 (section 3): a message must not contain a document type declaration
  if (/<!DOCTYPE/i.test(text)) throw new RequestError('malformed request: a DOCTYPE declaration is not allowed in a SOAP message');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new RequestError(`malformed request: not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg.replace(/\s+/g, ' ')}`);
  const doc = parser.parse(text) as Node;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (rootName === undefined) throw new RequestError('malformed request: the document has no element');
  if (rootName !== 'Envelope') throw new RequestError(`malformed request: expected a SOAP Envelope, found <${rootName}>`);
  const body = list(asNode(doc[rootName]).Body)[0];
  const element = body === undefined ? undefined : elementNames(asNode(body))[0];
  if (element === undefined) throw new RequestError('malformed request: the SOAP Body is empty');
  return { op: operationByRequest(element), element, node: asNode(list(asNode(body)[element])[0]) };
}

const DATETIME = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function calendarDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** One value by its field: the file side's rules, then the web service's. undefined for "no value". */
function value(f: Field, raw: unknown, where: string): unknown {
  let v: unknown;
  try {
    v = normalize(f.kind ?? 'text', raw, where);
  } catch (e) {
    throw new WsValueError(where, (e instanceof Error ? e.message : String(e)).replace(`${where}: `, ''), f.secret);
  }
  const fail = (problem: string) => new WsValueError(where, problem, f.secret);
  if (v === '' && f.required) v = undefined; // an empty text cannot stand for a required one
  if (v === undefined) {
    if (f.required) throw fail('is required');
    return undefined;
  }
  if (f.values && typeof v === 'string') {
    const hit = f.values.find((x) => x.toLowerCase() === (v as string).toLowerCase());
    if (!hit) throw fail(`"${v}" is not one of ${f.values.join('|')}`);
    v = hit;
  }
  if (f.kind === 'int' && !Number.isSafeInteger(v)) throw fail(`"${String(raw)}" is too large`);
  if (f.min !== undefined && typeof v === 'number' && v < f.min) throw fail(`is ${v}, less than ${f.min}`);
  if (f.kind === 'date') {
    const [y, m, d] = String(v).split('-').map(Number);
    if (!calendarDay(y, m, d)) throw fail(`"${String(v)}" is not a date in the calendar`);
  }
  if (f.kind === 'ts') {
    const m = DATETIME.exec(String(v));
    const clock = m && (m[4] === undefined || (+m[4] < 24 && +m[5] < 60 && (m[6] === undefined || +m[6] < 61)));
    if (!m || !clock || !calendarDay(+m[1], +m[2], +m[3])) throw fail(`"${String(v)}" is not an ISO 8601 timestamp`);
  }
  return v;
}

/** A request element -> model by the map; `unknown` collects element paths the map does not know. */
function readRecord(fields: Field[], node: Node, where: string, unknown: string[]): Model {
  const rec: Model = {};
  const known = new Set<string>();
  for (const f of fields) {
    known.add(f.xml);
    const at = `${where}/${f.xml}`;
    if (f.item) {
      if (node[f.xml] === undefined) {
        if (f.required) throw new WsValueError(at, 'is required');
        continue;
      }
      const items: unknown[] = [];
      for (const w of list(node[f.xml])) {
        const wrapper = asNode(w);
        for (const k of elementNames(wrapper)) if (k !== f.item) unknown.push(`${at}/${k}`);
        items.push(...list(wrapper[f.item]));
      }
      rec[f.key] = items.map((x, i) =>
        f.fields ? readRecord(f.fields, asNode(x), `${at}/${f.item}[${i + 1}]`, unknown) : value({ ...f, required: true }, ownText(x), `${at}/${f.item}[${i + 1}]`),
      );
      continue;
    }
    // the first occurrence counts, as a .NET service binds it
    const v = value(f, node[f.xml] === undefined ? undefined : ownText(list(node[f.xml])[0]), at);
    if (v !== undefined) rec[f.key] = v;
  }
  for (const k of elementNames(node)) if (!known.has(k)) unknown.push(`${where}/${k}`);
  return rec;
}

/** The request element -> the operation's request model; WsValueError names the element. */
export function readRequest(op: WsOperation, node: Node): { request: Model; unknown: string[] } {
  const unknown: string[] = [];
  const request = readRecord(op.request.fields, node, op.request.root, unknown);
  return { request, unknown };
}

/** A response record -> the builder's object: fields in map order; a key the map lacks is an error. */
function writeRecord(fields: Field[], rec: Model, where: string): Node {
  const byKey = new Set(fields.map((f) => f.key));
  const stranger = Object.keys(rec).find((k) => !byKey.has(k) && rec[k] !== undefined);
  if (stranger !== undefined) throw new WsValueError(where, `has a field the sheet does not know: ${stranger}`);
  const out: Node = {};
  for (const f of fields) {
    const v = rec[f.key];
    const at = `${where}/${f.xml}`;
    if (f.item) {
      if (v === undefined || v === null) {
        if (f.required) throw new WsValueError(at, 'is required');
        continue;
      }
      if (!Array.isArray(v)) throw new WsValueError(at, `(${f.key}) is not a list`);
      const items = v.map((x, i) => {
        const ai = `${at}/${f.item}[${i + 1}]`;
        if (f.fields) {
          if (!x || typeof x !== 'object' || Array.isArray(x)) throw new WsValueError(ai, 'is not a record');
          return writeRecord(f.fields, x as Model, ai);
        }
        return text({ ...f, required: true }, x, ai);
      });
      out[f.xml] = items.length ? { [f.item as string]: items } : ''; // an empty container: an empty list
      continue;
    }
    const t = text(f, v, at);
    if (t !== undefined) out[f.xml] = t;
  }
  return out;
}

/** A model value -> its XML text: yes/no as J/N, the rest as normalised. */
function text(f: Field, v: unknown, where: string): string | undefined {
  const n = value(f, v === null ? undefined : v, where);
  if (n === undefined) return undefined;
  return f.kind === 'bool' ? (n ? 'J' : 'N') : String(n);
}

/** The response model -> `<OpResponse xmlns="…pws">…</OpResponse>`; WsValueError when the model breaks the map. */
export function writeResponse(op: WsOperation, model: Model): string {
  const root = writeRecord(op.response.fields, model, op.response.root);
  return builder.build({ [op.response.root]: { '@_xmlns': PWS_NAMESPACE, ...root } }) as string;
}

/** A SOAP 1.1 envelope around body XML. */
export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="${SOAP_ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${body}</soap:Body></soap:Envelope>\n`;
}

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch';

/** A SOAP 1.1 Fault: soap:<code> with the faultstring escaped. */
export function faultXml(code: FaultCode, message: string): string {
  return envelope(builder.build({ 'soap:Fault': { faultcode: `soap:${code}`, faultstring: message } }) as string);
}

/** The operation names this service offers. */
export const OPERATION_NAMES = Object.keys(WS_OPERATIONS);
