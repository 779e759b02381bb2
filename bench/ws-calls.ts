/**
 * Calls per second through the pyramid-ws node (in a real Node-RED runtime) against a reused raw
 * `soap` client, side by side, on the same local SOAP server (a child process, so the server's CPU
 * is not charged to either side). Two scenarios:
 *   - pass-through: ArtGetPrice of the reference Pyramid WTS WSDL (args in, soap's result out);
 *   - catalogue:    KundPris of the project WSDL (the node validates and builds the request and
 *                   validates the response into the JSON model; the raw client sends soap's own
 *                   object form and returns soap's parse, with no validation).
 * Rounds alternate node/raw and the median of each is compared. Target: node >= 0.9x raw.
 *
 *   node dist/bench/ws-calls.js [--calls 2000] [--concurrency 8] [--rounds 5]
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { Transport } from '../lib/ws/transport';
import { installNodeFiles } from '../test/support/node-files';

const ROOT = path.resolve(__dirname, '..', '..');
const REFERENCE_WSDL = process.env.PYRAMID_WTS_REFERENCE_WSDL || path.join(__dirname, '..', '..', 'test', 'fixtures', 'wsdl', 'pyramid-wts-example.wsdl');
const PROJECT_WSDL = path.join(ROOT, 'wsdl', 'pyramid-eshop.wsdl');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

// ---- the server (child process) ---------------------------------------------------------------

async function serve(): Promise<void> {
  const server = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const ready = (p: string, wsdl: string, services: unknown) =>
    new Promise<void>((resolve, reject) => {
      soap.listen(server, { path: p, services: services as soap.IServices, xml: fs.readFileSync(wsdl, 'utf8'), callback: (e: unknown) => (e ? reject(e) : resolve()) } as soap.IServerOptions);
    });
  await ready('/wtswstest/2', REFERENCE_WSDL, {
    PyramidService: { ServiceSoap: { ArtGetPrice: (a: { itemNo: string }) => ({ itemNo: a.itemNo, itemName: 'Skruv rostfri M6x20 A4', itemPrice: '12,50' }) } },
  });
  await ready('/wts/eshop', PROJECT_WSDL, {
    PyramidEshopService: {
      ServiceSoap: {
        KundPris: (a: { Rader: { Rad: { Artikelkod: string; Antal?: string }[] | { Artikelkod: string; Antal?: string } } }) => {
          const rows = Array.isArray(a.Rader.Rad) ? a.Rader.Rad : [a.Rader.Rad];
          return {
            Rader: {
              Rad: rows.map((r) => ({ Artikelkod: r.Artikelkod, Antal: r.Antal ?? '1', Listpris: '15,00', RabattProcent: '10', Nettopris: '13,50', Valuta: 'SEK', InklMoms: 'N', MomsProcent: '25', Priskalla: 'avtal' })),
            },
          };
        },
      },
    },
  });
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

// ---- Node-RED ---------------------------------------------------------------------------------

interface RedNode {
  receive(msg: Record<string, unknown>): void;
}
interface Red {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes: { getNode(id: string): RedNode | null };
}

type Sink = (msg: Record<string, unknown>) => void;
const SINK_KEY = '__pyramidWsBenchSink';

async function startNodeRed(dir: string, port: number): Promise<{ RED: Red; stop: () => Promise<void> }> {
  const nodesDir = path.join(dir, 'nodes');
  installNodeFiles(nodesDir, 'pyramid-ws');
  // a sink that hands every message (and every caught error) to the bench
  fs.writeFileSync(
    path.join(nodesDir, 'bench-sink.js'),
    `module.exports = function (RED) {
  function Sink(c) { RED.nodes.createNode(this, c); this.on('input', (msg, send, done) => { global.${SINK_KEY}(msg); done(); }); }
  RED.nodes.registerType('pyramid-ws-bench-sink', Sink);
};\n`,
  );
  fs.writeFileSync(path.join(nodesDir, 'bench-sink.html'), `<script type="text/javascript">RED.nodes.registerType('pyramid-ws-bench-sink',{category:'function',defaults:{},inputs:1,outputs:0});</script>\n`);
  const userDir = path.join(dir, 'user');
  fs.mkdirSync(userDir, { recursive: true });
  const base = `http://127.0.0.1:${port}`;
  fs.writeFileSync(
    path.join(userDir, 'flows.json'),
    JSON.stringify([
      { id: 't1', type: 'tab', label: 'bench' },
      { id: 'epRef', type: 'pyramid-ws-endpoint', wsdl: REFERENCE_WSDL, endpoint: `${base}/wtswstest/2`, auth: 'none', verifyTls: true, timeout: 30, retries: 0 },
      { id: 'epOwn', type: 'pyramid-ws-endpoint', wsdl: PROJECT_WSDL, endpoint: `${base}/wts/eshop`, auth: 'none', verifyTls: true, timeout: 30, retries: 0 },
      { id: 'passThrough', z: 't1', type: 'pyramid-ws', endpoint: 'epRef', operation: 'ArtGetPrice', debug: false, wires: [['sink']] },
      { id: 'catalogue', z: 't1', type: 'pyramid-ws', endpoint: 'epOwn', operation: 'KundPris', debug: false, wires: [['sink']] },
      { id: 'sink', z: 't1', type: 'pyramid-ws-bench-sink', wires: [] },
      { id: 'catchAll', z: 't1', type: 'catch', scope: null, uncaught: false, wires: [['sink']] },
    ]),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as Red;
  const server = http.createServer();
  RED.init(server, {
    userDir,
    nodesDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    logging: { console: { level: 'warn' } },
    editorTheme: { projects: { enabled: false }, tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
  });
  await RED.start();
  for (const id of ['passThrough', 'catalogue']) {
    while (!RED.nodes.getNode(id)) await new Promise((r) => setTimeout(r, 20));
  }
  return {
    RED,
    stop: async () => {
      await RED.stop();
    },
  };
}

// ---- driving ----------------------------------------------------------------------------------

/** CPU time this process spent per call in the last `drive` (µs): robust against other load on the machine. */
let lastCpuPerCall = 0;

/** Run `calls` calls with `concurrency` in flight; answers calls per second. */
async function drive(calls: number, concurrency: number, start: (i: number, done: (err?: unknown) => void) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const next = () => {
      if (started >= calls) return;
      const i = started++;
      start(i, (err) => {
        if (err) {
          reject(err);
          return;
        }
        finished++;
        if (finished === calls) {
          const cpu = process.cpuUsage(cpu0);
          lastCpuPerCall = (cpu.user + cpu.system) / calls;
          resolve(calls / (Number(process.hrtime.bigint() - t0) / 1e9));
        } else next();
      });
    };
    for (let k = 0; k < Math.min(concurrency, calls); k++) next();
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Scenario {
  name: string;
  node: string;
  payload: (i: number) => Record<string, unknown>;
  raw: (i: number) => Promise<unknown>;
  /** The same raw call over the node's transport. */
  rawT: (i: number) => Promise<unknown>;
  check: (payload: unknown) => boolean;
}

const KUNDPRIS_ARGS = { Kundnummer: '10017', Rader: { Rad: [{ Artikelkod: '00123', Antal: '10' }, { Artikelkod: '00456', Antal: '2.5' }, { Artikelkod: '00789' }] } };

async function main(): Promise<void> {
  const calls = arg('calls', 2000);
  const concurrency = arg('concurrency', 8);
  const rounds = arg('rounds', 5);

  const child = spawn(process.execPath, [__filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(buf.slice(0, nl)) as { port: number }).port);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-ws-bench-'));
  const nr = await startNodeRed(dir, port);
  const base = `http://127.0.0.1:${port}`;

  // the peer: one soap client per WSDL, created once, reused (endpoint set: never the WSDL's address)
  const refClient = await soap.createClientAsync(REFERENCE_WSDL, {}, `${base}/wtswstest/2`);
  const ownClient = await soap.createClientAsync(PROJECT_WSDL, {}, `${base}/wts/eshop`);
  // the same peer over the node's HTTP layer: separates Node-RED + catalogue cost from transport cost
  const transport = new Transport({ timeoutMs: 30_000 });
  const httpClient = new soap.HttpClient({ request: transport.request as never });
  const refClientT = await soap.createClientAsync(REFERENCE_WSDL, { httpClient }, `${base}/wtswstest/2`);
  const ownClientT = await soap.createClientAsync(PROJECT_WSDL, { httpClient }, `${base}/wts/eshop`);
  const rawCall = (c: soap.Client, op: string, args: unknown) => (c as unknown as Record<string, (a: unknown) => Promise<unknown[]>>)[`${op}Async`](args).then((r) => r[0]);

  const pending = new Map<string, (err?: unknown) => void>();
  (globalThis as unknown as Record<string, Sink>)[SINK_KEY] = (msg) => {
    const cb = pending.get(msg.benchId as string);
    if (!cb) return;
    pending.delete(msg.benchId as string);
    cb(msg.error ? new Error(JSON.stringify(msg.error)) : undefined);
  };
  let seq = 0;
  const viaNode = (s: Scenario) => (i: number, done: (err?: unknown) => void) => {
    const id = `m${seq++}`;
    pending.set(id, done);
    nr.RED.nodes.getNode(s.node)!.receive({ benchId: id, payload: s.payload(i) });
  };
  const viaRaw = (s: Scenario, overTransport = false) => (i: number, done: (err?: unknown) => void) => {
    (overTransport ? s.rawT(i) : s.raw(i)).then(
      (r) => done(s.check(r) ? undefined : new Error(`unexpected result ${JSON.stringify(r)}`)),
      (e: unknown) => done(e),
    );
  };

  const scenarios: Scenario[] = [
    {
      name: 'pass-through ArtGetPrice (reference WTS WSDL)',
      node: 'passThrough',
      payload: (i) => ({ custNo: '10017', itemNo: String(i % 1000).padStart(5, '0') }),
      raw: (i) => rawCall(refClient, 'ArtGetPrice', { custNo: '10017', itemNo: String(i % 1000).padStart(5, '0') }),
      rawT: (i) => rawCall(refClientT, 'ArtGetPrice', { custNo: '10017', itemNo: String(i % 1000).padStart(5, '0') }),
      check: (r) => (r as { itemPrice?: string }).itemPrice === '12,50',
    },
    {
      name: 'catalogue KundPris, 3 rows (project WSDL)',
      node: 'catalogue',
      payload: () => ({ customerNumber: '10017', rows: [{ articleCode: '00123', quantity: '10' }, { articleCode: '00456', quantity: '2.5' }, { articleCode: '00789' }] }),
      raw: () => rawCall(ownClient, 'KundPris', KUNDPRIS_ARGS),
      rawT: () => rawCall(ownClientT, 'KundPris', KUNDPRIS_ARGS),
      check: (r) => Array.isArray((r as { Rader?: { Rad?: unknown } }).Rader?.Rad),
    },
  ];

  // check the node's answers once before timing
  for (const s of scenarios) {
    await new Promise<void>((resolve, reject) => {
      const id = `check-${s.node}`;
      (globalThis as unknown as Record<string, Sink>)[SINK_KEY] = (msg) => {
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else if (msg.benchId === id) {
          const p = msg.payload as Record<string, unknown>;
          if (s.node === 'catalogue' ? (p.rows as { netPrice: string }[])[0].netPrice === '13.50' : p.itemPrice === '12,50') resolve();
          else reject(new Error(`unexpected payload ${JSON.stringify(p)}`));
        }
      };
      nr.RED.nodes.getNode(s.node)!.receive({ benchId: id, payload: s.payload(0) });
    });
  }
  (globalThis as unknown as Record<string, Sink>)[SINK_KEY] = (msg) => {
    const cb = pending.get(msg.benchId as string);
    if (!cb) return;
    pending.delete(msg.benchId as string);
    cb(msg.error ? new Error(JSON.stringify(msg.error)) : undefined);
  };

  console.log(`pyramid-ws vs raw soap client: ${calls} calls x ${rounds} rounds per side, ${concurrency} in flight, server in a child process`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const results: { name: string; node: number; raw: number; rawT: number; cpu: [number, number, number] }[] = [];
  for (const s of scenarios) {
    await drive(Math.min(500, calls), concurrency, viaNode(s));
    await drive(Math.min(500, calls), concurrency, viaRaw(s));
    await drive(Math.min(500, calls), concurrency, viaRaw(s, true));
    const rate: number[][] = [[], [], []];
    const cpu: number[][] = [[], [], []];
    const runs: (() => Promise<number>)[] = [
      () => drive(calls, concurrency, viaNode(s)),
      () => drive(calls, concurrency, viaRaw(s)),
      () => drive(calls, concurrency, viaRaw(s, true)),
    ];
    for (let k = 0; k < rounds; k++) {
      // rotate who goes first, so drift in machine load hits every side alike
      for (let j = 0; j < runs.length; j++) {
        const side = (j + k) % runs.length;
        rate[side].push(await runs[side]());
        cpu[side].push(lastCpuPerCall);
      }
    }
    results.push({ name: s.name, node: median(rate[0]), raw: median(rate[1]), rawT: median(rate[2]), cpu: [median(cpu[0]), median(cpu[1]), median(cpu[2])] });
    const show = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
    console.log(`  ${s.name}`);
    console.log(`    pyramid-ws node                     : ${show(rate[0])} calls/s, ${show(cpu[0])} µs CPU/call`);
    console.log(`    raw soap client (default)           : ${show(rate[1])} calls/s, ${show(cpu[1])} µs CPU/call`);
    console.log(`    raw soap client (node's HTTP layer) : ${show(rate[2])} calls/s, ${show(cpu[2])} µs CPU/call`);
  }
  console.log('');
  console.log('Medians. "raw" = a soap client created once and reused, default options (axios); "raw, same HTTP" = that client over the');
  console.log("node's own HTTP layer (lib/ws/transport), which isolates what Node-RED and the catalogue cost. CPU = this process");
  console.log('(Node-RED + client; the server runs in a child process) per call: less sensitive to other load than calls/s.');
  console.log('');
  console.log('| scenario | pyramid-ws calls/s | raw soap calls/s | node / raw | raw, same HTTP calls/s | node / raw, same HTTP | CPU µs/call node / raw / raw same HTTP |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const x of results) {
    console.log(
      `| ${x.name} | ${x.node.toFixed(0)} | ${x.raw.toFixed(0)} | ${(x.node / x.raw).toFixed(2)}x | ${x.rawT.toFixed(0)} | ${(x.node / x.rawT).toFixed(2)}x | ${x.cpu.map((c) => c.toFixed(0)).join(' / ')} |`,
    );
  }
  transport.destroy();
  await nr.stop();
  child.stdin.end();
  child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// ---- one side in a process of its own (for bench/run.ts: RSS and CPU per side) -------------------

function sval(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * `--side node|raw|perCall --scenario catalogue|passThrough`: one timed run of one side, after a
 * warm-up, printed as JSON. `perCall` builds a new soap client (WSDL parsed) for every call.
 */
async function sideMain(side: string, scenario: string): Promise<void> {
  const calls = arg('calls', 2000);
  const concurrency = arg('concurrency', 8);
  const child = spawn(process.execPath, [__filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(buf.slice(0, nl)) as { port: number }).port);
    });
    child.on('error', reject);
  });
  const base = `http://127.0.0.1:${port}`;
  const own = scenario === 'catalogue';
  const wsdl = own ? PROJECT_WSDL : REFERENCE_WSDL;
  const endpoint = own ? `${base}/wts/eshop` : `${base}/wtswstest/2`;
  const op = own ? 'KundPris' : 'ArtGetPrice';
  const args = (i: number) => (own ? KUNDPRIS_ARGS : { custNo: '10017', itemNo: String(i % 1000).padStart(5, '0') });
  const ok = (r: unknown) => (own ? Array.isArray((r as { Rader?: { Rad?: unknown } }).Rader?.Rad) : (r as { itemPrice?: string }).itemPrice === '12,50');
  const call = (c: soap.Client, a: unknown) => (c as unknown as Record<string, (x: unknown) => Promise<unknown[]>>)[`${op}Async`](a).then((r) => r[0]);
  let start: (i: number, done: (err?: unknown) => void) => void;
  let dir: string | undefined;
  let stop: () => Promise<void> = async () => undefined;
  if (side === 'node') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-ws-bench-'));
    const nr = await startNodeRed(dir, port);
    stop = nr.stop;
    const pending = new Map<string, (err?: unknown) => void>();
    (globalThis as unknown as Record<string, Sink>)[SINK_KEY] = (msg) => {
      const cb = pending.get(msg.benchId as string);
      if (!cb) return;
      pending.delete(msg.benchId as string);
      cb(msg.error ? new Error(JSON.stringify(msg.error)) : undefined);
    };
    let seq = 0;
    const payload = (i: number) =>
      own
        ? { customerNumber: '10017', rows: [{ articleCode: '00123', quantity: '10' }, { articleCode: '00456', quantity: '2.5' }, { articleCode: '00789' }] }
        : { custNo: '10017', itemNo: String(i % 1000).padStart(5, '0') };
    const nodeId = own ? 'catalogue' : 'passThrough';
    start = (i, done) => {
      const id = `m${seq++}`;
      pending.set(id, done);
      nr.RED.nodes.getNode(nodeId)!.receive({ benchId: id, payload: payload(i) });
    };
  } else if (side === 'raw') {
    const client = await soap.createClientAsync(wsdl, {}, endpoint);
    start = (i, done) => void call(client, args(i)).then((r) => done(ok(r) ? undefined : new Error('unexpected result')), done);
  } else {
    start = (i, done) =>
      void soap
        .createClientAsync(wsdl, {}, endpoint)
        .then((client) => call(client, args(i)))
        .then((r) => done(ok(r) ? undefined : new Error('unexpected result')), done);
  }
  await drive(Math.min(300, calls), concurrency, start);
  const rate = await drive(calls, concurrency, start);
  process.stdout.write(JSON.stringify({ rate, cpuUsPerCall: lastCpuPerCall, rssMB: process.resourceUsage().maxRSS / 1024, calls }) + '\n');
  await stop();
  child.stdin.end();
  child.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

if (process.argv.includes('--side')) {
  sideMain(sval('side') ?? 'node', sval('scenario') ?? 'catalogue').catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (process.argv.includes('--serve')) {
  serve().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
