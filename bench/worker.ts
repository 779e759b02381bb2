/**
 * One side of one benchmark row, in a process of its own (so peak RSS and CPU time are that side's
 * alone). Prints one JSON line: wall ms, CPU ms, peak RSS, records and what else the side knows.
 *
 *   node dist/bench/worker.js saxes|tokenizer|stream|batches|xml2js|fxp|node <type> <file> [options as JSON]
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { SaxesParser } from 'saxes';
import { XmlTokenizer } from '../lib/xml/tokenizer';
import { DECODE_PIECE } from '../lib/xml/stream';
import { countRecords, openBatches, streamRecords } from '../lib/messages';
import { declaredEncoding, decodeInRuns, decoderStream, normalizeEncoding } from '../lib/xml/encoding';

export interface SideResult {
  ms: number;
  cpuMs: number;
  rssMB: number;
  bytes: number;
  records: number;
  /** Side-specific facts (batches, most in flight, ...). */
  extra?: Record<string, unknown>;
}

export interface SideOptions {
  /** pyramid-<type> node: ms the consumer takes per batch. */
  consumerMs?: number;
  batchSize?: number;
  /** openBatches / the node: invalid-record policy. */
  policy?: 'fail' | 'collect';
  /** Msgs in flight (the node's window; 0 = none). */
  window?: number;
}

const CHUNK = 256 * 1024;

function encodingOf(file: string): string {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(200);
  fs.readSync(fd, head, 0, 200, 0);
  fs.closeSync(fd);
  return (declaredEncoding(head) ?? 'utf-8').toLowerCase();
}

/**
 * Text chunks of a file, decoded as its declaration says (the same decoding work every side does),
 * in the pieces our ByteFeeder decodes (DECODE_PIECE bytes), so no side pays for large strings;
 * Windows-1252 in the runs our reader gets (decodeInRuns: `€` apart), so every side gets the same strings.
 */
async function* textOf(file: string): AsyncGenerator<string[]> {
  const enc = encodingOf(file);
  const pieces = function* (c: Buffer): Generator<Buffer> {
    for (let i = 0; i < c.length; i += DECODE_PIECE) yield c.subarray(i, i + DECODE_PIECE);
  };
  if (enc === 'utf-8' || enc === 'utf8') {
    const td = new TextDecoder('utf-8');
    for await (const c of fs.createReadStream(file, { highWaterMark: CHUNK })) for (const p of pieces(c as Buffer)) yield [td.decode(p, { stream: true })];
    yield [td.decode()];
  } else {
    // the decoder our reader uses (lib/xml/encoding.ts, lib/xml/stream.ts), so every side pays the same for decoding
    const e = normalizeEncoding(enc);
    const dec = decoderStream(e);
    for await (const c of fs.createReadStream(file, { highWaterMark: CHUNK })) {
      for (const p of pieces(c as Buffer)) {
        const out: string[] = [];
        if (!decodeInRuns(p, e, (t) => out.push(t))) out.push(dec.write(p));
        yield out;
      }
    }
    yield [dec.end()];
  }
}

async function wholeText(file: string): Promise<string> {
  let s = '';
  for await (const ts of textOf(file)) for (const t of ts) s += t;
  return s;
}

/** A bare tokenizer pass: saxes with text and tag handlers and nothing else. */
async function saxesPass(file: string): Promise<number> {
  const p = new SaxesParser();
  let elements = 0;
  let chars = 0;
  let text = '';
  p.on('opentag', () => {
    text = '';
  });
  p.on('text', (t) => {
    text += t;
  });
  p.on('closetag', () => {
    elements++;
    chars += text.length;
  });
  for await (const ts of textOf(file)) for (const t of ts) p.write(t);
  p.close();
  return chars >= 0 ? elements : 0;
}

/** The same bare pass over our own tokenizer (lib/xml/tokenizer.ts), which the readers use. */
async function tokenizerPass(file: string): Promise<number> {
  let elements = 0;
  let chars = 0;
  let text = '';
  const p = new XmlTokenizer(
    {
      open() {
        text = '';
      },
      text(t) {
        text += t;
      },
      close() {
        elements++;
        chars += text.length;
      },
      doctype() {},
    },
    1 << 24,
  );
  for await (const ts of textOf(file)) for (const t of ts) p.write(t);
  p.close();
  return chars >= 0 ? elements : 0;
}

async function streamPass(type: string, file: string, o: SideOptions): Promise<number> {
  let n = 0;
  for await (const b of streamRecords(type, fs.createReadStream(file, { highWaterMark: CHUNK }), { batchSize: o.batchSize ?? 1000, invalid: o.policy ?? 'fail' })) n += b.records.length;
  return n;
}

async function batchesPass(type: string, file: string, o: SideOptions): Promise<number> {
  const src = await openBatches(type, { filepath: file }, { policy: o.policy ?? 'fail', batchSize: o.batchSize ?? 1000, perRecord: false });
  let n = 0;
  for await (const b of src.batches()) n += b.records.length;
  return n;
}

async function xml2jsPass(file: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const xml2js = require('xml2js') as { parseStringPromise(s: string): Promise<unknown> };
  const doc = await xml2js.parseStringPromise(await wholeText(file));
  return doc ? 1 : 0;
}

async function fxpPass(file: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser } = require('fast-xml-parser') as { XMLParser: new (o: object) => { parse(s: string): unknown } };
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(await wholeText(file));
  return doc ? 1 : 0;
}

// ---- the message node in a real Node-RED runtime ----------------------------------------------

interface Red {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes: { getNode(id: string): { receive(msg: object): void } | null };
}

const STATS_KEY = '__pyramidBenchConsumer';

interface ConsumerStats {
  inFlight: number;
  most: number;
  records: number;
  seen: Set<number>;
  duplicates: number;
  count: number | undefined;
  complete: boolean;
  failed?: string;
}

/**
 * The message node as Node-RED loads a node from a nodes dir (a full runtime: RED.init/start, not
 * the test helper, whose spies keep every msg and would make RSS grow with the file):
 * `pyramid-<type>` (split into batches) -> a consumer that takes `consumerMs` per batch (0: done at
 * once), as a slow shop would; a complete node on the message node says when the file is through.
 */
async function nodePass(type: string, file: string, o: SideOptions): Promise<{ records: number; ms: number; cpuMs: number; extra: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-msg-bench-'));
  const nodesDir = path.join(dir, 'nodes');
  const dist = path.join(__dirname, '..', 'nodes');
  fs.mkdirSync(path.join(nodesDir, 'locales', 'en-US'), { recursive: true });
  fs.mkdirSync(path.join(nodesDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(nodesDir, 'pyramid-messages.js'), `module.exports = require(${JSON.stringify(path.join(dist, 'pyramid-messages.js'))});\n`);
  fs.copyFileSync(path.join(dist, 'pyramid-messages.html'), path.join(nodesDir, 'pyramid-messages.html'));
  fs.copyFileSync(path.join(dist, 'locales', 'en-US', 'pyramid-messages.json'), path.join(nodesDir, 'locales', 'en-US', 'pyramid-messages.json'));
  fs.writeFileSync(
    path.join(nodesDir, 'bench-consumer.js'),
    `module.exports = function (RED) {
  function Consumer(c) {
    RED.nodes.createNode(this, c);
    const ms = Number(c.ms) || 0;
    this.on('input', (msg, send, done) => {
      const s = global.${STATS_KEY};
      if (c.role === 'complete') { s.complete = true; done(); return; }
      if (c.role === 'failed') { s.failed = JSON.stringify(msg.error); done(); return; }
      s.inFlight++;
      s.most = Math.max(s.most, s.inFlight);
      const p = msg.parts || {};
      if (s.seen.has(p.index)) s.duplicates++;
      s.seen.add(p.index);
      if (p.count !== undefined) s.count = p.count;
      s.records += Array.isArray(msg.payload) ? msg.payload.length : 0;
      const finish = () => { s.inFlight--; done(); };
      if (ms > 0) setTimeout(finish, ms); else finish();
    });
  }
  RED.nodes.registerType('bench-consumer', Consumer);
};\n`,
  );
  fs.writeFileSync(path.join(nodesDir, 'bench-consumer.html'), `<script type="text/javascript">RED.nodes.registerType('bench-consumer',{category:'function',defaults:{ms:{value:0},role:{value:''}},inputs:1,outputs:0});</script>\n`);
  const userDir = path.join(dir, 'user');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'flows.json'),
    JSON.stringify([
      { id: 't1', type: 'tab', label: 'bench' },
      { id: 'n1', z: 't1', type: `pyramid-${type}`, split: 'batch', batchSize: o.batchSize ?? 1000, invalid: o.policy === 'collect' ? 'output' : 'fail', ...(o.window !== undefined ? { window: o.window } : {}), wires: [['c1'], []] },
      { id: 'c1', z: 't1', type: 'bench-consumer', ms: o.consumerMs ?? 0, role: '', wires: [] },
      { id: 'k1', z: 't1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['k2']] },
      { id: 'k2', z: 't1', type: 'bench-consumer', role: 'complete', wires: [] },
      { id: 'x1', z: 't1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['x2']] },
      { id: 'x2', z: 't1', type: 'bench-consumer', role: 'failed', wires: [] },
    ]),
  );
  const stats: ConsumerStats = { inFlight: 0, most: 0, records: 0, seen: new Set(), duplicates: 0, count: undefined, complete: false };
  (globalThis as unknown as Record<string, ConsumerStats>)[STATS_KEY] = stats;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as Red;
  RED.init(http.createServer(), {
    userDir,
    nodesDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    logging: { console: { level: 'error' } },
    editorTheme: { projects: { enabled: false }, tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
  });
  await RED.start();
  while (!RED.nodes.getNode('n1')) await new Promise((r) => setTimeout(r, 20));
  // timed from the msg in, not from the runtime's start
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  RED.nodes.getNode('n1')!.receive({ filepath: file, filename: path.basename(file) });
  while (!(stats.complete && stats.inFlight === 0 && stats.count !== undefined && stats.seen.size === stats.count)) {
    if (stats.failed) throw new Error(stats.failed);
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  await RED.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { records: stats.records, ms, cpuMs: (cpu.user + cpu.system) / 1000, extra: { batches: stats.seen.size, duplicates: stats.duplicates, mostInFlight: stats.most } };
}

export async function runSide(side: string, type: string, file: string, o: SideOptions): Promise<SideResult> {
  const bytes = fs.statSync(file).size;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let records = 0;
  let extra: Record<string, unknown> | undefined;
  let own: { ms: number; cpuMs: number } | undefined;
  switch (side) {
    case 'saxes':
      extra = { elements: await saxesPass(file) };
      break;
    case 'tokenizer':
      extra = { elements: await tokenizerPass(file) };
      break;
    case 'stream':
      records = await streamPass(type, file, o);
      break;
    case 'batches':
      records = await batchesPass(type, file, o);
      break;
    case 'xml2js':
      records = await xml2jsPass(file);
      break;
    case 'fxp':
      records = await fxpPass(file);
      break;
    case 'node': {
      const r = await nodePass(type, file, o);
      records = r.records;
      extra = r.extra;
      own = r;
      break;
    }
    case 'count':
      records = await countRecords(type, fs.createReadStream(file, { highWaterMark: CHUNK }));
      break;
    default:
      throw new Error(`unknown side ${side}`);
  }
  const ms = own?.ms ?? Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: own?.cpuMs ?? (cpu.user + cpu.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024, bytes, records, extra };
}

if (require.main === module) {
  const [side, type, file, json] = process.argv.slice(2);
  runSide(side, type, file, json ? (JSON.parse(json) as SideOptions) : {})
    .then((r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
