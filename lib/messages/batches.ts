/**
 * A message read in batches: the records of a file cut into groups of N (or handed out one by
 * one), whatever the source. Text and single-record messages are read whole and cut up; bytes
 * (a Buffer or a local file) of a file with record lists are streamed, so memory is bounded by a
 * batch. Under the `fail` policy a streamed file is validated completely before the first batch
 * is handed out, so a bad file yields nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoding, EncodingOption } from '../xml/encoding';
import { DEFAULT_LIMITS, MessageError, readMessage, streamRecords, type MessageLimits } from './api';
import { messageRecordLists } from './records';
import { defaultPart, getDescriptor } from './registry';
import type { InvalidRecord, Part } from './types';

/** Where the XML is: bytes, text, or a local (spooled) file. */
export interface BatchSource {
  buffer?: Buffer;
  text?: string;
  filepath?: string;
}

export interface BatchOptions {
  encoding?: EncodingOption;
  part?: Part;
  /** `fail`: any invalid record fails the whole file, before a batch is handed out; `collect`: invalid records come with the batches. */
  policy: 'fail' | 'collect';
  /** Records per batch (when not `perRecord`). */
  batchSize: number;
  /** Each record will be one msg: batches are then only the unit of work, and `messages` counts records. */
  perRecord: boolean;
  /** For error texts. */
  fileName?: string;
  /** What one read may hold in memory (readMessage's and streamRecords' limits; defaults DEFAULT_LIMITS). */
  limits?: MessageLimits;
  /**
   * Progress: on the first batch of a phase and on each new whole percent. `checking` (the `fail`
   * policy's first pass over bytes) counts bytes of the size (the pass itself counts the records:
   * no extra read for it). `progress` counts records; `about`: the total is an estimate (a
   * streamed file read once, under `collect`: from the records per byte so far).
   */
  onProgress?: (phase: 'checking' | 'progress', done: number, total: number, percent: number, about: boolean) => void;
  /** Called before each batch; throw from it to stop. */
  checkStop?: () => void;
  /** The error for a file that cannot be read (default: the file system's own). */
  fileError?: (filepath: string, err: Error) => Error;
  /**
   * `fail` policy, streamed files: the most bytes of validated batches kept on disk between the
   * checking pass and the batches (default 4 GiB; 0: none, the batches come from a second read).
   */
  maxSpillBytes?: number;
}

export const DEFAULT_MAX_SPILL_BYTES = 4 * 1024 * 1024 * 1024;

/** Spills not yet removed: removed at the latest when the process exits (batches never read through). */
const live = new Set<{ remove(): void }>();
function removeAll(): void {
  for (const s of [...live]) s.remove();
}

interface SpilledBatch {
  list: string;
  /** streamRecords' position of the batch's first record (its batches carry it). */
  startIndex?: number;
  header: Record<string, unknown>;
  encoding: Encoding;
  invalid: InvalidRecord[];
  offset: number;
  length: number;
}

/**
 * Validated batches kept on disk between the checking pass and the batches (a temp file of its own,
 * mode 0600, removed when read through, on failure and when the batches are abandoned). Records are
 * plain JSON data (the model is what JSON carries), so JSON.stringify and JSON.parse give them back
 * exactly, key order included; the headers (a few shared objects) stay in memory.
 */
class Spill {
  private readonly index: SpilledBatch[] = [];
  private bytes = 0;
  private removed = false;

  private constructor(
    private readonly dir: string,
    private readonly fd: number,
    private readonly max: number,
  ) {}

  static create(max: number): Spill {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-spill-'));
    const fd = fs.openSync(path.join(dir, 'batches.json'), 'w+', 0o600);
    const s = new Spill(dir, fd, max);
    if (!live.size) process.once('exit', removeAll);
    live.add(s);
    return s;
  }

  /** Keep a batch; false when the spill would grow over its limit (then it should be removed). */
  add(b: Batch): boolean {
    const buf = Buffer.from(JSON.stringify(b.records), 'utf8');
    if (this.bytes + buf.length > this.max) return false;
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, this.bytes + done);
    const { startIndex } = b as Batch & { startIndex?: number };
    this.index.push({ list: b.list, startIndex, header: b.header, encoding: b.encoding, invalid: b.invalid, offset: this.bytes, length: buf.length });
    this.bytes += buf.length;
    return true;
  }

  async *batches(): AsyncGenerator<Batch> {
    try {
      for (const e of this.index) {
        if (this.removed) return;
        const buf = Buffer.allocUnsafe(e.length);
        let done = 0;
        while (done < e.length) {
          const n = fs.readSync(this.fd, buf, done, e.length - done, e.offset + done);
          if (n === 0) throw new Error(`the spill file of validated batches ended early (${this.dir})`);
          done += n;
        }
        const records = JSON.parse(buf.toString('utf8')) as unknown[];
        // the shape streamRecords gives, key order included
        yield e.startIndex === undefined
          ? { list: e.list, records, invalid: e.invalid, header: e.header, encoding: e.encoding }
          : ({ list: e.list, records, invalid: e.invalid, startIndex: e.startIndex, header: e.header, encoding: e.encoding } as Batch);
      }
    } finally {
      this.remove();
    }
  }

  remove(): void {
    if (this.removed) return;
    this.removed = true;
    live.delete(this);
    if (!live.size) process.removeListener('exit', removeAll);
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Batch {
  /** The record list (`articles`, ...); '' for a single-record message and for invalid records of a whole read. */
  list: string;
  records: unknown[];
  invalid: InvalidRecord[];
  /** The file's own fields (version, created, scope): the model without its record lists. */
  header: Record<string, unknown>;
  encoding: Encoding;
}

export interface Batches {
  /** Records (valid + invalid) when known before the batches; undefined for a one-pass stream (the progress then estimates it). */
  total: number | undefined;
  /** How many msgs the batches make (records, or non-empty batches), when known before the first batch. */
  messages: number | undefined;
  /** A message without record lists: one batch holding its whole model. */
  single: boolean;
  batches(): AsyncIterable<Batch>;
  /** For the msg of a file that made none: its first list, and the header (read from the file when no batch came). */
  emptyHeader(): Promise<{ list: string | undefined; header: Record<string, unknown> | undefined; encoding: Encoding | undefined }>;
}

/** Records per streamed batch when each record becomes its own msg (bounded memory, few event-loop turns). */
export const RECORD_MODE_BATCH = 500;
/** Bytes per chunk when streaming. */
const CHUNK = 256 * 1024;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function* chunksOf(b: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += CHUNK) yield b.subarray(i, i + CHUNK);
}

/** The XML of a source as bytes or text (a file is read whole). */
export async function readSource(
  source: BatchSource,
  fileError?: BatchOptions['fileError'],
  maxBytes: number = DEFAULT_LIMITS.maxDocumentBytes,
  fileName?: string,
): Promise<Buffer | string> {
  if (source.buffer) return source.buffer;
  if (source.text !== undefined) return source.text;
  const p = source.filepath ?? '';
  let size: number;
  try {
    size = (await fs.promises.stat(p)).size;
  } catch (e) {
    throw fileError ? fileError(p, e as Error) : e;
  }
  // refused before it is read: a whole read could not hold it anyway (readMessage's maxDocumentBytes)
  if (size > maxBytes) {
    const name = fileName ?? path.basename(p);
    const msg = `${(size / 1024 / 1024).toFixed(1)} MiB is more than a whole read takes (option maxDocumentBytes, ${(maxBytes / 1024 / 1024).toFixed(1)} MiB): read it as a stream (split into batches or records)`;
    throw new MessageError(`${name}: ${msg}`, 'XML_TOO_LARGE', [{ path: [], where: name, message: msg }], { fileName: name });
  }
  try {
    return await fs.promises.readFile(p);
  } catch (e) {
    throw fileError ? fileError(p, e as Error) : e;
  }
}

/** Records, rounded to two significant digits (an estimate should not flicker). */
function roughly(n: number): number {
  if (n < 100) return Math.round(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / step) * step;
}

/** How far a one-pass read is: records parsed from the bytes read so far, of the source's size. */
type Estimate = () => { records: number; bytes: number; size: number };

/**
 * `report(done)` calls `onProgress` on the first report and on each new percent of `total`; with
 * `estimate` (total unknown) of a total estimated from the records per byte read so far (exact
 * once the whole source is read).
 */
function reporter(phase: 'checking' | 'progress', total: number | undefined, onProgress: BatchOptions['onProgress'], estimate?: Estimate): (done: number) => void {
  let shown = -1;
  return (done) => {
    let all = total ?? done;
    let about = false;
    if (total === undefined && estimate) {
      const e = estimate();
      about = e.bytes > 0 && e.bytes < e.size;
      all = Math.max(done, about ? roughly((e.records * e.size) / e.bytes) : e.records);
    }
    const percent = all ? Math.min(100, Math.floor((done * 100) / all)) : 100;
    if (percent === shown) return;
    shown = percent;
    onProgress?.(phase, done, all, percent, about);
  };
}

/** Open a message for reading in batches (see the module comment). */
export async function openBatches(type: string, source: BatchSource, opts: BatchOptions): Promise<Batches> {
  const part = opts.part ?? defaultPart(getDescriptor(type));
  const lists = part === 'file' ? messageRecordLists(type, 'file') : [];
  const { encoding, fileName } = opts;
  const checkStop = opts.checkStop ?? (() => undefined);
  const headerOf = (model: Record<string, unknown>): Record<string, unknown> => {
    const h = { ...model };
    for (const l of lists) delete h[l.key];
    return h;
  };

  let inner: (() => AsyncIterable<Batch>) | undefined;
  let total: number | undefined;
  let messages: number | undefined;
  let estimate: Estimate | undefined;

  if (!lists.length || source.text !== undefined) {
    // A single-record message, or text already in memory: read it whole, then cut it up.
    const r = readMessage(type, await readSource(source, opts.fileError, opts.limits?.maxDocumentBytes, fileName), { ...opts.limits, encoding, part, invalid: opts.policy, fileName });
    const model = r.model;
    const header = headerOf(model);
    const step = opts.perRecord ? RECORD_MODE_BATCH : opts.batchSize;
    const inMemory: Batch[] = [];
    if (!lists.length) inMemory.push({ list: '', records: [model], invalid: r.invalid, header: {}, encoding: r.encoding });
    for (const l of lists) {
      const items = (model[l.key] as unknown[] | undefined) ?? [];
      for (let i = 0; i < items.length; i += step) inMemory.push({ list: l.key, records: items.slice(i, i + step), invalid: [], header, encoding: r.encoding });
    }
    if (lists.length && r.invalid.length) inMemory.push({ list: '', records: [], invalid: r.invalid, header, encoding: r.encoding });
    const valid = inMemory.reduce((n, b) => n + b.records.length, 0);
    total = valid + r.invalid.length;
    messages = opts.perRecord ? valid : inMemory.filter((b) => b.records.length).length;
    inner = async function* () {
      yield* inMemory;
    };
  } else {
    // Bytes (a Buffer or a spooled file): stream them, so memory is bounded by a batch. One parse:
    // under `fail` the checking pass (which also counts), its batches read back from a spill file
    // (a second parse only when the spill would pass its limit); under `collect` the one pass that
    // hands the batches out.
    const file = source.buffer ? undefined : source.filepath;
    let size = source.buffer?.length ?? 0;
    if (file !== undefined) {
      const st = await fs.promises.stat(file).catch((e: Error) => {
        throw opts.fileError ? opts.fileError(file, e) : e;
      });
      size = st.size;
    }
    const open = (): AsyncIterable<Buffer> => (file !== undefined ? fs.createReadStream(file, { highWaterMark: CHUNK }) : chunksOf(source.buffer as Buffer));
    const streamOpts = { ...opts.limits, encoding, fileName, batchSize: opts.perRecord ? RECORD_MODE_BATCH : opts.batchSize };
    /** Bytes read and records parsed from them, at the last chunk: what the progress goes by. */
    const read = { bytes: 0, records: 0 };
    const onBytes = (bytes: number, records: number): void => {
      read.bytes = bytes;
      read.records = records;
    };
    if (opts.policy === 'fail') {
      // Validate the whole file before the first batch leaves: a failing file yields nothing. One
      // read: the validated batches are kept in a spill file on disk (JSON, read back batch by
      // batch), so they are not read from the XML a second time; memory stays bounded by a batch.
      // Over `maxSpillBytes` the spill is dropped and the batches come from a second read. The
      // progress of this pass is bytes read of the size; the pass counts the records.
      const report = reporter('checking', size, opts.onProgress);
      let checked = 0;
      let msgs = 0;
      let spill: Spill | undefined = opts.maxSpillBytes === 0 ? undefined : Spill.create(opts.maxSpillBytes ?? DEFAULT_MAX_SPILL_BYTES);
      try {
        for await (const b of streamRecords(type, open(), { ...streamOpts, invalid: 'fail', onBytes })) {
          checkStop();
          checked += b.records.length;
          msgs += opts.perRecord ? b.records.length : 1;
          if (spill && !spill.add(b)) {
            spill.remove();
            spill = undefined;
          }
          report(read.bytes);
          await tick();
        }
      } catch (e) {
        spill?.remove();
        throw e;
      }
      messages = msgs;
      total = checked;
      if (spill) {
        const kept = spill;
        inner = () => kept.batches();
      }
    } else {
      // One pass: the total is not known before the batches, it is estimated as they come from
      // the records per byte so far (exact once the file is read)
      total = undefined;
      estimate = () => ({ records: read.records, bytes: read.bytes, size });
    }
    inner ??= () => streamRecords(type, open(), { ...streamOpts, invalid: opts.policy, onBytes });
  }

  let last: Batch | undefined;
  const counted = total;
  return {
    total,
    messages,
    single: !lists.length,
    async *batches() {
      const report = reporter('progress', counted, opts.onProgress, estimate);
      let done = 0;
      for await (const b of inner()) {
        checkStop();
        yield b;
        done += b.records.length + b.invalid.length;
        last = b;
        report(done);
        await tick();
      }
    },
    async emptyHeader() {
      if (!last && lists.length) {
        // no record at all: the header still matters (a full Lagersaldo with no rows means all stock is 0)
        const r = readMessage(type, await readSource(source, opts.fileError, opts.limits?.maxDocumentBytes, fileName), { ...opts.limits, encoding, part, invalid: 'collect', fileName });
        return { list: lists[0].key, header: headerOf(r.model), encoding: r.encoding };
      }
      return { list: lists[0]?.key, header: last?.header, encoding: last?.encoding };
    },
  };
}
