/**
 * The message nodes: one implementation, registered once per catalogue type (`pyramid-article`,
 * `pyramid-order`, ...), so a new message type needs no new node file. XML in -> validated JSON
 * model out (parse); JSON in -> XML in the chosen code page out (build); JSON in -> normalised JSON
 * out (validate). Big out-messages are split into records or batches that Node-RED's join node
 * reassembles. Every piece of Pyramid knowledge lives in lib/messages; this file reads the
 * configuration, calls it, and reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildMessage,
  buildMessageText,
  catalogue,
  countRecords,
  defaultPart,
  fileNameFor,
  mayCollectInvalid,
  MessageError,
  messageRecordLists,
  partsOf,
  pyramidName,
  readMessage,
  recordCount,
  streamRecords,
  validateModel,
  type InvalidRecord,
  type Issue,
  type MessageDescriptor,
  type Part,
} from '../lib/messages';
import { normalizeEncoding, normalizeEncodingOption, type Encoding, type EncodingOption } from '../lib/xml/encoding';
import { maskText, maskXml } from '../lib/ws/mask';
import { redactModel, requestSecrets } from '../lib/ws/messages';

// ---- the small part of the Node-RED API used here --------------------------------------------

type NodeMessage = Record<string, unknown> & { payload?: unknown };

type Send = (msgs: (NodeMessage | NodeMessage[] | null)[]) => void;

interface Node {
  id: string;
  type: string;
  name?: string;
  on(event: 'input', fn: (msg: NodeMessage, send: Send, done: (err?: Error) => void) => void): void;
  on(event: 'close', fn: (removed: boolean, done: () => void) => void): void;
  status(s: { fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey'; shape?: 'ring' | 'dot'; text?: string }): void;
}

interface NodeAPI {
  nodes: {
    createNode(node: Node, config: object): void;
    registerType(type: string, ctor: (this: Node, config: MessageNodeConfig) => void): void;
  };
  util: { cloneMessage<T>(msg: T): T; generateId(): string };
  _(key: string, subs?: Record<string, unknown>): string;
}

// ---- configuration ----------------------------------------------------------------------------

type Mode = 'auto' | 'parse' | 'build' | 'validate';
type SplitMode = 'none' | 'record' | 'batch';

interface MessageNodeConfig {
  id: string;
  name?: string;
  mode?: Mode;
  part?: Part;
  encoding?: string;
  output?: 'buffer' | 'string';
  split?: SplitMode;
  batchSize?: number | string;
  invalid?: 'fail' | 'output';
}

interface Settings {
  d: MessageDescriptor;
  part: Part;
  mode: Mode;
  encoding: string;
  output: 'buffer' | 'string';
  split: SplitMode;
  batchSize: number;
  policy: 'fail' | 'collect';
}

const DEFAULT_BATCH = 1000;
/** Records per streamed batch when each record becomes its own msg (bounded memory, few event-loop turns). */
const RECORD_MODE_BATCH = 500;
/** Bytes per chunk when streaming from a Buffer. */
const CHUNK = 256 * 1024;

function settingsOf(d: MessageDescriptor, c: MessageNodeConfig): Settings {
  const part = c.part && partsOf(d).includes(c.part) ? c.part : defaultPart(d);
  const n = Number(c.batchSize);
  return {
    d,
    part,
    mode: c.mode === 'parse' || c.mode === 'build' || c.mode === 'validate' ? c.mode : 'auto',
    encoding: c.encoding || 'auto',
    output: c.output === 'string' ? 'string' : 'buffer',
    split: c.split === 'record' || c.split === 'batch' ? c.split : 'none',
    // a batch of one would be an array of one: join would then nest arrays; that is what 'record' is for
    batchSize: Number.isFinite(n) && n >= 2 ? Math.floor(n) : DEFAULT_BATCH,
    policy: c.invalid === 'output' && mayCollectInvalid(d.type, part) ? 'collect' : 'fail',
  };
}

/** 1234567 -> "1 234 567" */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Buffer.isBuffer(v)) return 'a Buffer';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** An error of the node's own input (not of the message): a stable code, a sentence. */
class InputError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

interface Job {
  stopped: boolean;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function* chunksOf(b: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += CHUNK) yield b.subarray(i, i + CHUNK);
}

// ---- the nodes --------------------------------------------------------------------------------

export = function register(RED: NodeAPI): void {
  const t = (key: string, subs?: Record<string, unknown>): string => RED._(`pyramid-messages.${key}`, subs);

  function MessageNode(node: Node, d: MessageDescriptor, config: MessageNodeConfig): void {
    RED.nodes.createNode(node, config);
    const s = settingsOf(d, config);
    const jobs = new Set<Job>();
    const secretXml = s.part === 'request' ? requestSecrets(d, {}).elements : [];
    const secretElements = secretXml.map(pyramidName);
    let seq = 0;

    const info = (msg: NodeMessage, extra: Record<string, unknown>): Record<string, unknown> => {
      // what an upstream node put there (an FTP claim, say) stays; a previous failure's issues do not
      const { issues: _stale, ...prev } = msg.pyramid && typeof msg.pyramid === 'object' ? (msg.pyramid as Record<string, unknown>) : {};
      return { ...prev, type: d.type, name: d.name, direction: d.direction, part: s.part, ...extra };
    };

    /** A new msg carrying `payload` and a deep copy of everything else of `msg` (payload not copied). */
    const derive = (msg: NodeMessage, payload: unknown): NodeMessage => {
      const { payload: _whole, ...rest } = msg;
      const m = RED.util.cloneMessage(rest) as NodeMessage;
      m.payload = payload;
      return m;
    };

    const invalidMsg = (msg: NodeMessage, rec: InvalidRecord, fileName: string | undefined, encoding?: Encoding): NodeMessage => {
      const m = derive(msg, rec);
      delete m.parts;
      const head = fileName ? `${fileName}: ` : '';
      m.error = { message: head + rec.reason, code: 'MESSAGE_INVALID', source: { id: node.id, type: node.type, name: node.name } };
      m.pyramid = info(msg, { list: rec.list, count: 1, encoding });
      return m;
    };

    const fileNameOf = (msg: NodeMessage): string | undefined => {
      if (typeof msg.filename === 'string' && msg.filename) return path.basename(msg.filename);
      if (typeof msg.filepath === 'string' && msg.filepath) return path.basename(msg.filepath);
      return undefined;
    };

    const hasPayload = (msg: NodeMessage): boolean => msg.payload !== undefined && msg.payload !== null;

    const modeOf = (msg: NodeMessage): Exclude<Mode, 'auto'> => {
      if (s.mode !== 'auto') return s.mode;
      const p = msg.payload;
      if (Buffer.isBuffer(p) || typeof p === 'string') return 'parse';
      if (!hasPayload(msg) && typeof msg.filepath === 'string') return 'parse';
      if (p && typeof p === 'object') return 'build';
      throw new InputError(t('errors.noInput'), 'INPUT_MISSING');
    };

    const readEncoding = (msg: NodeMessage): EncodingOption =>
      normalizeEncodingOption(typeof msg.encoding === 'string' ? msg.encoding : s.encoding);

    const writeEncoding = (msg: NodeMessage): Encoding => {
      const e = typeof msg.encoding === 'string' && msg.encoding ? msg.encoding : s.encoding;
      return e.toLowerCase() === 'auto' ? 'utf-8' : normalizeEncoding(e);
    };

    const readFile = async (p: string): Promise<Buffer> => {
      try {
        return await fs.promises.readFile(p);
      } catch (e) {
        throw new InputError(t('errors.readFile', { path: p, reason: (e as Error).message }), 'FILE_READ');
      }
    };

    /** The XML to parse: msg.payload, or the local file msg.filepath when the payload is absent. */
    const xmlInput = async (msg: NodeMessage): Promise<Buffer | string> => {
      const p = msg.payload;
      if (Buffer.isBuffer(p) || typeof p === 'string') return p;
      if (!hasPayload(msg) && typeof msg.filepath === 'string') return readFile(msg.filepath);
      throw new InputError(t('errors.parseInput', { name: d.name, got: describe(p) }), 'INPUT_TYPE');
    };

    const modelInput = (msg: NodeMessage, mode: string): unknown => {
      const p = msg.payload;
      if (p && typeof p === 'object' && !Buffer.isBuffer(p)) return p;
      throw new InputError(t('errors.buildInput', { name: d.name, mode, got: describe(p) }), 'INPUT_TYPE');
    };

    const finalStatus = (key: 'parsed' | 'built' | 'valid', count: number, invalid = 0): void => {
      if (invalid) node.status({ fill: 'yellow', shape: 'dot', text: t('status.parsedInvalid', { count: grouped(count), invalid: grouped(invalid) }) });
      else node.status({ fill: 'green', shape: 'dot', text: t(`status.${key}`, { count: grouped(count) }) });
    };

    /** Progress in the status: on the first report and on each new percent (not per batch: the editor gets every one). */
    const progress = (total: number) => {
      let shown = -1;
      return (phase: 'checking' | 'progress', done: number): void => {
        const percent = total ? Math.min(100, Math.floor((done * 100) / total)) : 100;
        if (percent === shown) return;
        shown = percent;
        if (phase === 'checking') node.status({ fill: 'yellow', shape: 'ring', text: t('status.checking', { percent }) });
        else node.status({ fill: 'blue', shape: 'dot', text: t('status.progress', { done: grouped(done), total: grouped(Math.max(total, done)) }) });
      };
    };

    // ---- parse / build / validate of a whole message ----

    const parseWhole = async (msg: NodeMessage, send: Send): Promise<void> => {
      const input = await xmlInput(msg);
      const fileName = fileNameOf(msg);
      const r = readMessage(d.type, input, { encoding: readEncoding(msg), part: s.part, invalid: s.policy, fileName });
      const invalid = r.invalid.map((rec) => invalidMsg(msg, rec, fileName, r.encoding));
      const count = recordCount(d.type, r.model, s.part);
      msg.payload = r.model;
      msg.pyramid = info(msg, { count, encoding: r.encoding });
      send([msg, invalid.length ? invalid : null]);
      finalStatus('parsed', count, invalid.length);
    };

    const build = (msg: NodeMessage, send: Send): void => {
      const model = modelInput(msg, 'build');
      const encoding = writeEncoding(msg);
      const opts = { encoding, part: s.part };
      const xml = s.output === 'string' ? buildMessageText(d.type, model, opts) : buildMessage(d.type, model, opts);
      const count = recordCount(d.type, model, s.part);
      if (s.part === 'file') {
        seq = (seq % 9999) + 1;
        msg.filename = fileNameFor(d.type, model, { seq });
      }
      msg.payload = xml;
      msg.pyramid = info(msg, { count, encoding });
      send([msg, null]);
      finalStatus('built', count);
    };

    const validate = (msg: NodeMessage, send: Send): void => {
      const model = validateModel(d.type, modelInput(msg, 'validate'), { part: s.part, fileName: fileNameOf(msg) });
      const count = recordCount(d.type, model, s.part);
      msg.payload = model;
      msg.pyramid = info(msg, { count });
      send([msg, null]);
      finalStatus('valid', count);
    };

    // ---- split: one msg per record or per batch, as a sequence for the join node ----

    interface Batch {
      list: string;
      records: unknown[];
      invalid: InvalidRecord[];
      header: Record<string, unknown>;
      encoding: Encoding;
    }

    /**
     * The msgs of one file as a Node-RED sequence (msg.parts, as the core split node writes it).
     * When the number of msgs is known up front every msg carries it; otherwise (invalid records set
     * aside as they come) the last msg is held back until the end and carries it, which is how the
     * core split node streams too and what join expects.
     */
    const sequence = (msg: NodeMessage, send: Send, len: number, count: number | undefined) => {
      const id = RED.util.generateId();
      let index = 0;
      let held: NodeMessage | undefined;
      /** `outer`: the msg's own copy of an incoming msg.parts, which join restores at the end. */
      const parts = (outer: unknown, i: number, c?: number): Record<string, unknown> => {
        const p: Record<string, unknown> = { id, index: i, type: 'array', len };
        if (c !== undefined) p.count = c;
        if (outer !== undefined) p.parts = outer;
        return p;
      };
      return {
        push(m: NodeMessage): void {
          if (count) {
            m.parts = parts(m.parts, index++, count);
            send([m, null]);
            return;
          }
          if (held) send([held, null]);
          m.parts = parts(m.parts, index++);
          held = m;
        },
        end(empty: () => NodeMessage): void {
          if (index === 0) {
            // an empty file still makes one msg (an empty list), so the flow sees every file;
            // len > 1 makes join concatenate, so the empty segment joins to []
            const m = empty();
            m.parts = { ...parts(m.parts, 0, 1), len: Math.max(2, len) };
            send([m, null]);
            return;
          }
          if (held) {
            (held.parts as Record<string, unknown>).count = index;
            send([held, null]);
          }
        },
      };
    };

    const splitParse = async (msg: NodeMessage, send: Send, job: Job): Promise<void> => {
      const fileName = fileNameOf(msg);
      const encoding = readEncoding(msg);
      const lists = s.part === 'file' ? messageRecordLists(d.type, 'file') : [];
      const perRecord = s.split === 'record';
      const len = perRecord ? 1 : s.batchSize;
      const out = (payload: unknown, extra: Record<string, unknown>): NodeMessage => {
        const m = derive(msg, payload);
        m.pyramid = info(msg, extra);
        return m;
      };
      /** The file's own fields (version, created, scope): the model without its record lists. */
      const headerOf = (model: Record<string, unknown>): Record<string, unknown> => {
        const h = { ...model };
        for (const l of lists) delete h[l.key];
        return h;
      };
      const stopCheck = (): void => {
        if (job.stopped) throw new InputError(t('errors.stopped', { name: fileName ?? d.name }), 'STOPPED');
      };

      let batches: () => AsyncIterable<Batch>;
      let total: number;
      let known: number | undefined;

      if (!lists.length || !(Buffer.isBuffer(msg.payload) || (!hasPayload(msg) && typeof msg.filepath === 'string'))) {
        // A single-record message, or text already in memory: read it whole, then cut it up.
        const r = readMessage(d.type, await xmlInput(msg), { encoding, part: s.part, invalid: s.policy, fileName });
        const model = r.model as Record<string, unknown>;
        const header = headerOf(model);
        const step = perRecord ? RECORD_MODE_BATCH : s.batchSize;
        const inMemory: Batch[] = [];
        if (!lists.length) inMemory.push({ list: '', records: [model], invalid: r.invalid, header: {}, encoding: r.encoding });
        for (const l of lists) {
          const items = (model[l.key] as unknown[] | undefined) ?? [];
          for (let i = 0; i < items.length; i += step) inMemory.push({ list: l.key, records: items.slice(i, i + step), invalid: [], header, encoding: r.encoding });
        }
        if (lists.length && r.invalid.length) inMemory.push({ list: '', records: [], invalid: r.invalid, header, encoding: r.encoding });
        const valid = inMemory.reduce((n, b) => n + b.records.length, 0);
        total = valid + r.invalid.length;
        known = perRecord ? valid : inMemory.filter((b) => b.records.length).length;
        batches = async function* () {
          yield* inMemory;
        };
      } else {
        // Bytes (a Buffer or a spooled file): stream them, so memory is bounded by a batch.
        const source = msg.filepath !== undefined && !hasPayload(msg) ? String(msg.filepath) : undefined;
        if (source !== undefined) await fs.promises.stat(source).catch((e: Error) => {
          throw new InputError(t('errors.readFile', { path: source, reason: e.message }), 'FILE_READ');
        });
        const open = (): AsyncIterable<Buffer> =>
          source !== undefined ? fs.createReadStream(source, { highWaterMark: CHUNK }) : chunksOf(msg.payload as Buffer);
        const opts = { encoding, fileName, batchSize: perRecord ? RECORD_MODE_BATCH : s.batchSize };
        total = await countRecords(d.type, open());
        if (s.policy === 'fail') {
          // Validate the whole file before the first msg leaves: a failing file sends nothing.
          const report = progress(total);
          let checked = 0;
          let msgs = 0;
          for await (const b of streamRecords(d.type, open(), { ...opts, invalid: 'fail' })) {
            stopCheck();
            checked += b.records.length;
            msgs += perRecord ? b.records.length : 1;
            report('checking', checked);
            await tick();
          }
          known = msgs;
          total = checked;
        }
        batches = () => streamRecords(d.type, open(), { ...opts, invalid: s.policy });
      }

      const seqOut = sequence(msg, send, len, known);
      const report = progress(total);
      let done = 0;
      let valid = 0;
      let invalid = 0;
      let last: Batch | undefined;
      for await (const b of batches()) {
        stopCheck();
        const base = lists.length ? { list: b.list, header: b.header, encoding: b.encoding } : { encoding: b.encoding };
        if (perRecord) for (const rec of b.records) seqOut.push(out(rec, { ...base, count: 1 }));
        else if (b.records.length) seqOut.push(out(b.records, { ...base, count: b.records.length }));
        for (const rec of b.invalid) send([null, invalidMsg(msg, rec, fileName, b.encoding)]);
        valid += b.records.length;
        invalid += b.invalid.length;
        done += b.records.length + b.invalid.length;
        last = b;
        report('progress', done);
        await tick();
      }
      let emptyInfo: Record<string, unknown> = { list: lists[0]?.key, header: last?.header, encoding: last?.encoding, count: 0 };
      if (!last && lists.length) {
        // no record at all: the header still matters (a full Lagersaldo with no rows means all stock is 0)
        const r = readMessage(d.type, await xmlInput(msg), { encoding, part: s.part, invalid: 'collect', fileName });
        emptyInfo = { ...emptyInfo, header: headerOf(r.model), encoding: r.encoding };
      }
      seqOut.end(() => out([], emptyInfo));
      finalStatus('parsed', valid, invalid);
    };

    // ---- errors ----

    /** The error as it may be shown: a login password never appears in its text or issues. */
    const safeError = (err: unknown, payload: unknown): unknown => {
      if (!secretElements.length || !(err instanceof MessageError)) return err;
      const values = requestSecrets(d, payload).values;
      let message = err.message;
      const issues: Issue[] = err.issues.map((i) => {
        const secret = secretElements.some((el) => i.where === el || i.where.endsWith(`: ${el}`));
        // the catalogue quotes a wrong value ("..." is not text); a missing one it does not
        if (!secret || !i.message.includes('"')) return { ...i, message: maskText(i.message, values) };
        const hidden = { ...i, message: t('errors.secretHidden') };
        message = message.split(`${i.where} ${i.message}`).join(`${hidden.where} ${hidden.message}`);
        return hidden;
      });
      return new MessageError(maskText(message, values), err.code, issues, { type: err.type, fileName: err.fileName });
    };

    /** The msg a Catch node gets is a copy of this one: no password in it either. */
    const redactPayload = (p: unknown): unknown => {
      if (typeof p === 'string') return maskXml(p, [], secretXml);
      // latin1 maps every byte to one char and back, so the other bytes stay as they were
      if (Buffer.isBuffer(p)) return Buffer.from(maskXml(p.toString('latin1'), [], secretXml), 'latin1');
      return p && typeof p === 'object' ? redactModel(d.type, p) : p;
    };

    const shortReason = (err: unknown): string => {
      const code = (err as { code?: unknown })?.code;
      if (err instanceof MessageError && code === 'MESSAGE_INVALID') {
        const where = err.issues[0]?.where ?? '';
        const field = where.includes(': ') ? where.slice(where.lastIndexOf(': ') + 2) : where;
        return t('status.invalid', { field: field.length > 24 ? field.slice(0, 23) + '…' : field });
      }
      if (code === 'MESSAGE_ROOT') return t('status.wrongRoot');
      if (typeof code === 'string' && code.startsWith('ENCODING_')) return t('status.badEncoding');
      if (typeof code === 'string' && code.startsWith('XML_')) return t('status.badXml');
      if (code === 'FILE_READ') return t('status.fileError');
      if (code === 'STOPPED') return t('status.stopped');
      if (err instanceof InputError) return t('status.badInput');
      return t('status.error');
    };

    const handle = async (msg: NodeMessage, send: Send, done: (err?: Error) => void, job: Job): Promise<void> => {
      try {
        if (job.stopped) throw new InputError(t('errors.stopped', { name: fileNameOf(msg) ?? d.name }), 'STOPPED');
        const mode = modeOf(msg);
        if (mode === 'build') build(msg, send);
        else if (mode === 'validate') validate(msg, send);
        else if (s.split !== 'none') await splitParse(msg, send, job);
        else await parseWhole(msg, send);
        done();
      } catch (e) {
        const err = safeError(e, msg.payload);
        if (secretElements.length) msg.payload = redactPayload(msg.payload);
        // Node-RED copies only message, code and stack onto a Catch node's msg.error: the issues
        // travel on the msg itself
        if (err instanceof MessageError) msg.pyramid = info(msg, { issues: err.issues });
        node.status({ fill: 'red', shape: 'ring', text: shortReason(err) });
        done(err instanceof Error ? err : new Error(String(err)));
      } finally {
        jobs.delete(job);
      }
    };

    // One msg at a time, in arrival order: Lagersaldo deltas applied out of order would leave stale
    // stock, and a big file being split must not interleave with the next one.
    let queue: Promise<void> = Promise.resolve();
    node.on('input', (msg, send, done) => {
      const job: Job = { stopped: false };
      jobs.add(job);
      queue = queue.then(() => handle(msg, send, done, job));
    });

    node.on('close', (_removed, done) => {
      for (const j of jobs) j.stopped = true;
      jobs.clear();
      node.status({});
      done();
    });
  }

  for (const d of catalogue) {
    RED.nodes.registerType(`pyramid-${d.type}`, function (this: Node, config: MessageNodeConfig) {
      MessageNode(this, d, config);
    });
  }
};
