/** Public operations on messages: read (parse + validate), build, file names, streaming. */
import { XmlError } from '../xml/errors';
import { limitsOf, parseXml, type ReaderLimits, type XmlElement } from '../xml/reader';
import { writeXmlText, type OutElement } from '../xml/writer';
import { encode, type Encoding, type EncodingOption, type Unencodable, normalizeEncoding } from '../xml/encoding';
import { ByteFeeder } from '../xml/stream';
import { FlatCollector, toElement, type FlatTree } from '../xml/flat';
import type { BodyDef, InvalidRecord, Issue, ListField, MessageDescriptor, Part } from './types';
import { describePath, dialectProblem, dropUndefined, elementKey, ExtraBudget, EXTRA_KEY, issueText, keyValues, readRecord, recordLists, toIssues, writeRecord } from './engine';
import { bodyOf, defaultPart, getDescriptor, schemasOf } from './registry';
import { fastRecordOf } from './fastcheck';
import type { BooleanStyle } from './values';

export type MessageErrorCode = 'MESSAGE_INVALID' | 'MESSAGE_ROOT' | XmlError['code'];

/** Any problem with a message: what, where (`.issues`), and in which file. */
export class MessageError extends Error {
  readonly code: MessageErrorCode;
  readonly issues: Issue[];
  readonly type?: string;
  readonly fileName?: string;
  /** Records that failed, when a whole message was refused because of them. */
  readonly invalid?: InvalidRecord[];

  constructor(message: string, code: MessageErrorCode, issues: Issue[], extra: { type?: string; fileName?: string; invalid?: InvalidRecord[] } = {}) {
    super(message);
    this.name = 'MessageError';
    this.code = code;
    this.issues = issues;
    this.type = extra.type;
    this.fileName = extra.fileName;
    this.invalid = extra.invalid;
  }
}

const MAX_LISTED = 10;

function issuesError(d: MessageDescriptor, issues: Issue[], fileName?: string, invalid?: InvalidRecord[]): MessageError {
  const head = fileName ? `${fileName}: ` : '';
  const listed = issues.slice(0, MAX_LISTED).map(issueText);
  const more = issues.length > MAX_LISTED ? `; and ${issues.length - MAX_LISTED} more problems` : '';
  return new MessageError(head + listed.join('; ') + more, 'MESSAGE_INVALID', issues, { type: d.type, fileName, invalid });
}

function wrapXmlError(e: unknown, d: MessageDescriptor, fileName?: string): never {
  if (e instanceof XmlError) {
    const where = fileName ?? d.name;
    throw new MessageError(`${where}: ${e.message}`, e.code, [{ path: [], where, message: e.message }], { type: d.type, fileName });
  }
  throw e;
}

/**
 * What one read may hold in memory, so no input can make it grow without bound. Over a limit the
 * read fails early with a MessageError naming the file, the record and the element.
 */
export interface MessageLimits extends ReaderLimits {
  /** Unknown elements one record may keep under `extra` (default 1,000). */
  maxExtraElements?: number;
  /** Characters of unknown content (names, text, attributes) one record may keep (default 1 MiB). */
  maxExtraChars?: number;
  /**
   * Unknown elements the file may keep outside its records, under its own `extra` (default 10,000).
   * A streamed read holds these until the end, so this bounds its memory; a file that reaches it
   * before its first record is taken for another dialect.
   */
  maxFileExtraElements?: number;
  /** Characters of unknown content outside the records (default 16 MiB). */
  maxFileExtraChars?: number;
  /** Whole-document reads only: the largest input, in bytes (default 64 MiB); bigger ones must be streamed. */
  maxDocumentBytes?: number;
}

/** A streamed read holds one record (or one unknown element) at a time: at most this many elements (option maxElements). */
export const DEFAULT_RECORD_ELEMENTS = 50_000;

export const DEFAULT_LIMITS = {
  maxExtraElements: 1_000,
  maxExtraChars: 1024 * 1024,
  maxFileExtraElements: 10_000,
  maxFileExtraChars: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
} as const satisfies MessageLimits;

function limitOf<K extends keyof typeof DEFAULT_LIMITS>(o: MessageLimits, k: K): number {
  const v = o[k];
  return typeof v === 'number' && v >= 0 ? v : DEFAULT_LIMITS[k];
}

function tooLarge(d: MessageDescriptor, fileName: string | undefined, where: string, message: string): MessageError {
  const head = fileName ?? d.name;
  return new MessageError(`${head}: ${where}: ${message}`, 'XML_TOO_LARGE', [{ path: [], where, message }], { type: d.type, fileName });
}

function overText(b: ExtraBudget, el: XmlElement, what: 'elements' | 'chars', scope: string, option: string): string {
  const limit = what === 'elements' ? `${b.maxElements} unknown elements` : `${b.maxChars} characters of unknown elements`;
  return `more than ${limit} ${scope} (reached at <${el.name}>, line ${el.line}): over the limit of unknown content kept under "extra" (option ${option})`;
}

/** A budget for one record of a top-level list. */
function recordBudget(d: MessageDescriptor, o: MessageLimits & { fileName?: string }, list: ListField, index: number, item: XmlElement): ExtraBudget {
  return new ExtraBudget(limitOf(o, 'maxExtraElements'), limitOf(o, 'maxExtraChars'), (b, el, what) => {
    const where = `${list.label ?? list.item}[${index + 1}]${elementKey(list.fields ?? [], item)}`;
    throw tooLarge(d, o.fileName, where, overText(b, el, what, 'in one record', what === 'elements' ? 'maxExtraElements' : 'maxExtraChars'));
  });
}

/**
 * The budget of the file's own unknown content. `recordsSoFar` says whether any record was seen: a
 * file that reaches the limit with none is in another dialect, and is told so.
 */
function fileBudget(d: MessageDescriptor, body: BodyDef, o: MessageLimits & { fileName?: string }, recordsSoFar: () => number): ExtraBudget {
  return new ExtraBudget(limitOf(o, 'maxFileExtraElements'), limitOf(o, 'maxFileExtraChars'), (b, el, what) => {
    const option = what === 'elements' ? 'maxFileExtraElements' : 'maxFileExtraChars';
    const lists = recordLists(body).filter((l) => l.xml === '' || !!l.stream);
    if (lists.length && recordsSoFar() === 0) {
      const expected = lists.map((l) => `<${l.xml ? l.xml + '/' : ''}${l.item}>`).join(' or ');
      const message =
        `has no ${expected} records but more than ${what === 'elements' ? `${b.maxElements} unknown elements` : `${b.maxChars} characters of unknown elements`} ` +
        `(reached at <${el.name}>, line ${el.line}): the file does not follow this message's dialect (option ${option})`;
      throw new MessageError(`${o.fileName ?? d.name}: ${body.root} ${message}`, 'MESSAGE_INVALID', [{ path: [], where: body.root, message }], {
        type: d.type,
        fileName: o.fileName,
      });
    }
    throw tooLarge(d, o.fileName, body.root, overText(b, el, what, 'outside the records', option));
  });
}

/** Records of the top-level record lists in a whole document (for the dialect test). */
function recordsIn(body: BodyDef, root: XmlElement): number {
  let n = 0;
  for (const l of recordLists(body)) {
    for (const c of root.children) {
      if (l.xml === '' && c.name === l.item) n++;
      else if (l.xml !== '' && c.name === l.xml) n += c.children.filter((x) => x.name === l.item).length;
    }
  }
  return n;
}

export interface ReadOptions extends MessageLimits {
  /** Code page of the bytes (default auto: BOM, declaration, else UTF-8 if valid, else Windows-1252). */
  encoding?: EncodingOption;
  /** Which document of the type (default: its file, or the WS request). */
  part?: Part;
  /**
   * Invalid records: `fail` the whole message (default), or `collect` them into `invalid` while
   * the valid ones are returned. Messages into Pyramid always fail whole: never half an order.
   */
  invalid?: 'fail' | 'collect';
  /** For error texts. */
  fileName?: string;
}

export interface ReadResult<T = Record<string, unknown>> {
  model: T;
  invalid: InvalidRecord[];
  encoding: Encoding;
  /** Records read (valid + invalid) over all record lists; 1 for a single-record message. */
  count: number;
}

function policy(d: MessageDescriptor, part: Part, o: ReadOptions): 'fail' | 'collect' {
  if (d.direction === 'in' && part === 'file') return 'fail';
  return o.invalid ?? 'fail';
}

function checkRoot(d: MessageDescriptor, body: BodyDef, el: XmlElement, fileName?: string): void {
  if (el.name !== body.root) {
    const where = fileName ?? d.name;
    const msg = `expected root element <${body.root}> for ${d.name}, found <${el.name}>`;
    throw new MessageError(`${where}: ${msg}`, 'MESSAGE_ROOT', [{ path: [], where, message: msg }], { type: d.type, fileName });
  }
}

/** Validate one record of a top-level list. */
function validateItem(
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
function validateRaw(d: MessageDescriptor, body: BodyDef, raw: Record<string, unknown>, pol: 'fail' | 'collect', fileName?: string): { model: Record<string, unknown>; invalid: InvalidRecord[]; count: number } {
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

/** Read a message: bytes or text -> validated JSON model (and the invalid records, if collected). */
export function readMessage<T = Record<string, unknown>>(type: string, input: string | Buffer, opts: ReadOptions = {}): ReadResult<T> {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  const body = bodyOf(d, part);
  let root: XmlElement;
  let encoding: Encoding;
  const maxBytes = limitOf(opts, 'maxDocumentBytes');
  if (input.length > maxBytes) {
    throw tooLarge(
      d,
      opts.fileName,
      body.root,
      `${mb(input.length)} is more than a whole read takes (option maxDocumentBytes, ${mb(maxBytes)}): ` +
        'read it as a stream (streamRecords, or the message node split into batches or records)',
    );
  }
  try {
    const doc = parseXml(input, opts.encoding ?? 'auto', opts);
    root = doc.root;
    encoding = doc.encoding;
  } catch (e) {
    if (e instanceof XmlError && e.code === 'XML_TOO_LARGE' && /more than one read may hold/.test(e.message)) {
      throw tooLarge(d, opts.fileName, body.root, `${e.message}: read it as a stream (streamRecords, or the message node split into batches or records)`);
    }
    wrapXmlError(e, d, opts.fileName);
  }
  const r = readElementInternal(d, body, part, root, opts);
  return { model: r.model as T, invalid: r.invalid, encoding, count: r.count };
}

function mb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

function readElementInternal(d: MessageDescriptor, body: BodyDef, part: Part, el: XmlElement, opts: ReadOptions) {
  checkRoot(d, body, el, opts.fileName);
  const raw = readRecord(body.fields, el, {
    budget: fileBudget(d, body, opts, () => recordsIn(body, el)),
    record: (list, index, item) => recordBudget(d, opts, list, index, item),
  });
  return validateRaw(d, body, raw, policy(d, part, opts), opts.fileName);
}

/** Parse a message into its JSON model; any invalid record throws a MessageError naming it. */
export function parseMessage<T = Record<string, unknown>>(type: string, input: string | Buffer, opts: Omit<ReadOptions, 'invalid'> = {}): T {
  return readMessage<T>(type, input, { ...opts, invalid: 'fail' }).model;
}

/** Parse from an element already read (a SOAP Body's child, say). */
export function parseElement<T = Record<string, unknown>>(type: string, el: XmlElement, opts: Omit<ReadOptions, 'encoding'> = {}): T {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  return readElementInternal(d, bodyOf(d, part), part, el, { ...opts, invalid: 'fail' }).model as T;
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

export interface BuildOptions {
  /** Code page of the bytes and the declaration (default utf-8). */
  encoding?: Encoding | string;
  part?: Part;
  /** Write the XML declaration (default true). */
  declaration?: boolean;
  /** A default namespace on the root element (for SOAP bodies). */
  namespace?: string;
  /** Decimal separator in the XML (default "."). */
  decimalSeparator?: '.' | ',';
  /** How booleans are written (default J/N). */
  booleanStyle?: BooleanStyle;
  /** Indentation (default true). */
  pretty?: boolean;
  /** Characters the code page cannot hold: `error` (default) or XML character references. */
  unencodable?: Unencodable;
  /** Timestamp written as `skapad` when the model has none (default now). */
  now?: Date;
  /** For error texts: the file the message is built for. */
  fileName?: string;
}

/** Local ISO 8601 with offset, as Pyramid writes it: 2026-11-28T10:15:00+01:00. */
export function localTimestamp(d: Date = new Date()): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  );
}

/** Model -> element tree (validated; version and skapad filled in when absent). */
export function buildElement(type: string, model: unknown, opts: BuildOptions = {}): OutElement {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  const body = bodyOf(d, part);
  const m = validateModel<Record<string, unknown>>(type, model, { part, fileName: opts.fileName });
  if (part === 'file') {
    if (m.version === undefined) m.version = '1';
    if (m.created === undefined) m.created = localTimestamp(opts.now);
  }
  const root: OutElement = { name: body.root, attrs: {}, children: [] };
  writeRecord(body.fields, m, root, { decimalSeparator: opts.decimalSeparator, booleanStyle: opts.booleanStyle });
  if (opts.namespace) root.attrs = { xmlns: opts.namespace, ...root.attrs };
  return root;
}

export function buildMessageText(type: string, model: unknown, opts: BuildOptions = {}): string {
  const enc = normalizeEncoding(opts.encoding ?? 'utf-8');
  const d = getDescriptor(type);
  try {
    return writeXmlText(buildElement(type, model, opts), enc, { declaration: opts.declaration, pretty: opts.pretty });
  } catch (e) {
    wrapXmlError(e, d);
  }
}

/** Model -> XML bytes in the chosen code page. */
export function buildMessage(type: string, model: unknown, opts: BuildOptions = {}): Buffer {
  const enc = normalizeEncoding(opts.encoding ?? 'utf-8');
  const text = buildMessageText(type, model, { ...opts, encoding: enc });
  try {
    return encode(text, enc, opts.unencodable ?? 'error');
  } catch (e) {
    wrapXmlError(e, getDescriptor(type));
  }
}

function pathValue(model: unknown, path: string): unknown {
  let cur: unknown = model;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const UNSAFE_NAME = /[^A-Za-z0-9._-]/g;

/**
 * The file name of a message. Into Pyramid: `<Root>_<key>.xml` (the same order always the same
 * name); out of Pyramid: `<Root>_<yyyyMMddTHHmmssSSS>_<seq>.xml` (names sort by time).
 */
export function fileNameFor(type: string, model: unknown, opts: { now?: Date; seq?: number } = {}): string {
  const d = getDescriptor(type);
  if (!d.file) throw new Error(`${d.name} is not sent as a file`);
  if (d.fileName?.kind === 'key') {
    const k = pathValue(model, d.fileName.keyField);
    if (k !== undefined && k !== null && String(k).trim() !== '') {
      return `${d.file.root}_${String(k).trim().replace(UNSAFE_NAME, '_')}.xml`;
    }
  }
  const t = opts.now ?? new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${t.getFullYear()}${p(t.getMonth() + 1)}${p(t.getDate())}T${p(t.getHours())}${p(t.getMinutes())}${p(t.getSeconds())}${p(t.getMilliseconds(), 3)}`;
  return `${d.file.root}_${stamp}_${p(opts.seq ?? 1, 4)}.xml`;
}

// -----------------------------------------------------------------------------------------------
// streaming

export interface StreamReadOptions extends Omit<MessageLimits, 'maxDocumentBytes'> {
  encoding?: EncodingOption;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** As in readMessage; with `fail` the stream throws at the first invalid record. */
  invalid?: 'fail' | 'collect';
  fileName?: string;
  /** Bytes read so far. */
  onBytes?: (bytes: number) => void;
}

export interface RecordBatch<T = Record<string, unknown>> {
  /** Which record list (`articles`, `priceListPrices`, ...). */
  list: string;
  /** Valid records, validated into the JSON model. */
  records: T[];
  /** Invalid records with reasons (policy `collect`). */
  invalid: InvalidRecord[];
  /** Position in the file of this batch's first record, over all lists. */
  startIndex: number;
  /** The file's header (root attributes: version, created, scope). */
  header: Record<string, unknown>;
  encoding: Encoding;
}

/** Whether a type has record lists that are read as a stream. */
export function isStreamable(type: string): boolean {
  const d = getDescriptor(type);
  return !!d.file && recordLists(d.file).some((l) => l.stream);
}

/**
 * Read a (big) message from a stream of bytes, in batches of validated records. Memory is
 * bounded by the batch, not the file. Works for every file type; it pays off for the big ones
 * (Artikeldata, Lagersaldo, Kund, Kontakt, Pris fullständig).
 */
export async function* streamRecords<T = Record<string, unknown>>(
  type: string,
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: StreamReadOptions = {},
): AsyncGenerator<RecordBatch<T>, void, undefined> {
  const d = getDescriptor(type);
  const body = bodyOf(d, 'file');
  const pol = policy(d, 'file', opts);
  const lists = recordLists(body);
  const direct = new Map(lists.filter((l) => l.xml === '').map((l) => [l.item, l]));
  const wrapped = new Map(lists.filter((l) => l.xml !== '').map((l) => [l.xml, l]));
  const batchSize = Math.max(1, opts.batchSize ?? 1000);

  const headerEl: XmlElement = { name: body.root, attrs: Object.create(null), children: [], text: '', line: 1 };
  let header: Record<string, unknown> = {};
  let encoding: Encoding = 'utf-8';
  let index = 0;
  let batch: RecordBatch<T> | undefined;
  /** A full batch, handed out when the next record comes (or, as the last, with the final header). */
  let ready: RecordBatch<T> | undefined;

  const counts = new Map<string, number>();
  const dialectLists = lists.filter((l) => l.xml === '' || !!l.stream);
  /** Unknown content outside the records is held until the end: bounded by the per-file limit. */
  const outside = fileBudget(d, body, opts, () => dialectLists.reduce((n, l) => n + (counts.get(l.key) ?? 0), 0));
  /** One element per list wrapper holding the unknown elements found in all its occurrences. */
  const strangers = new Map<string, XmlElement>();
  const wrappersSeen = new Set<string>();
  /** The header from what has been seen; `final` once the whole file is read (then it must be valid). */
  const readHeader = (final: boolean): Record<string, unknown> => {
    const raw = readRecord(body.fields, headerEl);
    for (const l of lists) delete raw[l.key];
    const r = schemasOf(body).header.safeParse(raw);
    if (!r.success) {
      // fields after the records are not seen yet: only the end decides
      if (!final) return header;
      throw issuesError(d, toIssues(body, raw, r.error.issues), opts.fileName);
    }
    if (final) {
      const missing = lists.filter((l) => l.xml !== '' && l.required && !wrappersSeen.has(l.xml));
      if (missing.length) {
        throw issuesError(d, missing.map((l) => ({ path: [l.key], where: describePath(body, raw, [l.key]), message: 'is required' })), opts.fileName);
      }
      const dialect = dialectProblem(body, counts, raw[EXTRA_KEY]);
      if (dialect) throw issuesError(d, [{ path: [], where: body.root, message: dialect }], opts.fileName);
    }
    const h = dropUndefined(r.data as Record<string, unknown>);
    for (const l of lists) delete h[l.key];
    return h;
  };

  /** Batches complete and not yet handed out (the records of at most one chunk of the source). */
  const out: RecordBatch<T>[] = [];
  const fastOf = new Map(lists.map((l) => [l, fastRecordOf(l)]));

  /** A record, straight from the tokenizer's table: the fast path, else a tree for the ordinary one. */
  const onRecord = (list: ListField, t: FlatTree): void => {
    // the position in its own list, as a whole read numbers it
    const at = counts.get(list.key) ?? 0;
    const fast = fastOf.get(list)?.(t, 0);
    let r: ReturnType<typeof validateItem>;
    if (fast) {
      counts.set(list.key, at + 1);
      r = { ok: true, value: fast };
    } else {
      const el = toElement(t, 0);
      const raw = readRecord(list.fields ?? [], el, { budget: recordBudget(d, opts, list, at, el) });
      counts.set(list.key, at + 1);
      r = validateItem(body, list.key, at, raw);
    }
    if (ready) {
      out.push(ready);
      ready = undefined;
    }
    if (batch && batch.list !== list.key) {
      out.push(batch);
      batch = undefined;
    }
    batch ??= { list: list.key, records: [], invalid: [], startIndex: index, header, encoding };
    if (r.ok) batch.records.push(r.value as T);
    else {
      if (pol === 'fail') throw issuesError(d, r.record.issues, opts.fileName, [r.record]);
      batch.invalid.push(r.record);
    }
    index++;
    if (batch.records.length + batch.invalid.length >= batchSize) {
      // handed out with the next record: the last batch carries the whole file's header
      ready = batch;
      batch = undefined;
    }
  };

  /** Anything else captured: the file's own unknown content (held until the end, within its limit). */
  const onOther = (t: FlatTree, path: readonly string[]): void => {
    const el = toElement(t, 0);
    outside.takeTree(el);
    if (path.length === 3) {
      // an unknown element inside a list wrapper: kept under extra.<Wrapper>, as in a whole read
      let holder = strangers.get(path[1]);
      if (!holder) {
        holder = { name: path[1], attrs: Object.create(null) as Record<string, string>, children: [], text: '', line: el.line };
        strangers.set(path[1], holder);
        headerEl.children.push(holder);
      }
      holder.children.push(el);
      return;
    }
    headerEl.children.push(el);
  };

  try {
    const collector = new FlatCollector({
      ...limitsOf({ ...opts, maxElements: opts.maxElements ?? DEFAULT_RECORD_ELEMENTS }),
      decide: (path) => {
        if (path.length === 1) return 'descend';
        if (path.length === 2) {
          if (!wrapped.has(path[1])) return 'capture';
          wrappersSeen.add(path[1]);
          return 'descend';
        }
        return 'capture';
      },
      onCapture: (t, path) => {
        const name = t.name[0];
        let list: ListField | undefined;
        if (path.length === 2) list = direct.get(name);
        else if (path.length === 3) {
          const w = wrapped.get(path[1]);
          if (w && w.item === name) list = w;
        }
        if (list) onRecord(list, t);
        else onOther(t, path);
      },
      onRoot: (root) => {
        if (root.name !== body.root) checkRoot(d, body, root, opts.fileName);
        Object.assign(headerEl.attrs, root.attrs);
        encoding = feeder.encoding ?? 'utf-8';
        header = readHeader(false);
      },
    });
    const feeder = new ByteFeeder((text) => collector.write(text), {
      encoding: opts.encoding,
      onEncoding: (enc) => {
        encoding = enc;
      },
    });
    for await (const raw of source) {
      feeder.write(raw);
      if (feeder.consumed) opts.onBytes?.(feeder.consumed);
      while (out.length) yield out.shift() as RecordBatch<T>;
    }
    feeder.end();
    collector.close();
    while (out.length) yield out.shift() as RecordBatch<T>;
    header = readHeader(true);
    const last = batch ?? ready;
    if (last) {
      last.header = header;
      yield last;
    }
  } catch (e) {
    wrapXmlError(e, d, opts.fileName);
  }
}

/**
 * Count the records of a big file without parsing it: occurrences of the record start tags.
 * Cheap (a byte search), for progress such as "40 000 / 1 000 000".
 */
export async function countRecords(type: string, source: AsyncIterable<Buffer | string> | Buffer): Promise<number> {
  const d = getDescriptor(type);
  const body = bodyOf(d, 'file');
  const needles = recordLists(body).map((l) => l.item);
  const chunks: AsyncIterable<Buffer | string> | Buffer[] = Buffer.isBuffer(source) ? [source] : source;
  let count = 0;
  let carry = Buffer.alloc(0);
  const pats = needles.flatMap((n) => [Buffer.from(`<${n}>`), Buffer.from(`<${n} `), Buffer.from(`<${n}/`)]);
  const maxLen = Math.max(...pats.map((p) => p.length));
  for await (const c of chunks) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (const p of pats) {
      let i = buf.indexOf(p);
      while (i >= 0) {
        count++;
        i = buf.indexOf(p, i + p.length);
      }
    }
    // keep a tail shorter than any pattern, so no match is counted twice or missed
    carry = Buffer.from(buf.subarray(Math.max(0, buf.length - (maxLen - 1))));
  }
  return count;
}

export { EXTRA_KEY };
