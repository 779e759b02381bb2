/**
 * Reading a (big) message as a stream of bytes, in batches of validated records: memory bounded by
 * the batch, not the file. Records take the fast path (fastcheck.ts) when they can.
 */
import { limitsOf, type XmlElement } from '../xml/reader';
import type { Encoding, EncodingOption } from '../xml/encoding';
import { ByteFeeder } from '../xml/stream';
import { FlatCollector, toElement, type FlatTree } from '../xml/flat';
import type { InvalidRecord, ListField } from './types';
import { EXTRA_KEY } from './extra';
import { describePath, toIssues } from './issues';
import { dialectProblem, readRecord } from './record-read';
import { dropUndefined } from './schema';
import { bodyOf, getDescriptor, schemasOf } from './registry';
import { fastRecordOf } from './fastcheck';
import { issuesError, wrapXmlError } from './errors';
import { DEFAULT_RECORD_ELEMENTS, fileBudget, recordBudget, type MessageLimits } from './limits';
import { checkRoot, policy, validateItem } from './validate';
import { recordLists } from './walk';

export interface StreamReadOptions extends Omit<MessageLimits, 'maxDocumentBytes'> {
  encoding?: EncodingOption;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** As in readMessage; with `fail` the stream throws at the first invalid record. */
  invalid?: 'fail' | 'collect';
  fileName?: string;
  /** Bytes read so far, and the records (valid and invalid) read from them, after each chunk of the source. */
  onBytes?: (bytes: number, records: number) => void;
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
    let r: ReturnType<typeof validateItem> | undefined;
    if (!fast) {
      const el = toElement(t, 0);
      const raw = readRecord(list.fields ?? [], el, { budget: recordBudget(d, opts, list, at, el) });
      r = validateItem(body, list.key, at, raw);
    }
    counts.set(list.key, at + 1);
    if (ready) {
      out.push(ready);
      ready = undefined;
    }
    if (batch && batch.list !== list.key) {
      out.push(batch);
      batch = undefined;
    }
    batch ??= { list: list.key, records: [], invalid: [], startIndex: index, header, encoding };
    if (fast) batch.records.push(fast as T);
    else if (r?.ok) batch.records.push(r.value as T);
    else if (r) {
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
      if (feeder.consumed) opts.onBytes?.(feeder.consumed, index);
      while (out.length) yield out.shift() as RecordBatch<T>;
    }
    feeder.end();
    collector.close();
    opts.onBytes?.(feeder.consumed, index);
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
