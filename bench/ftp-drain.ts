/**
 * P2: draining N small message files from Debian's vsftpd on loopback (`.ci/interop-ftp.sh start`,
 * as root, writes /tmp/pyramid-ftp-interop/servers.json) through pyramid-ftp-in (poll, claim by
 * rename into processing/, download, ack into archive/) in a Node-RED runtime, against a bare
 * basic-ftp loop on one connection (list, download, rename into archive/). Each side in a child
 * process of its own, on a fresh folder of its own; done when archive/ holds all N files.
 *
 *   node dist/bench/ftp-drain.js node|basic <files>     (one side; prints JSON;
 *                                                       BENCH_PHASES=1: the node side's phases on stderr)
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import type { Measure, RowResult, RunRow, Side } from './run';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(process.env.PYRAMID_FTP_INTEROP_DIR || '/tmp/pyramid-ftp-interop', 'servers.json');

export interface Server {
  name: string;
  host: string;
  port: number;
  user: string;
  root: string;
}
export interface Config {
  password: string;
  servers: Server[];
}

function config(): Config {
  if (!fs.existsSync(CONFIG)) {
    // the servers are set up as the interop suite does it (needs root)
    const r = spawnSync('bash', [path.join(ROOT, '.ci', 'interop-ftp.sh'), 'start'], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(CONFIG)) throw new Error(`${CONFIG} is missing and .ci/interop-ftp.sh start failed (run it as root)`);
  }
  return JSON.parse(fs.readFileSync(CONFIG, 'utf8')) as Config;
}

/** Whether something listens on host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    sock.setTimeout(2000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(false));
  });
}

/** The interop servers, started (again) when they are not running: the script is idempotent. */
export async function ensureServers(): Promise<Config> {
  let c = config();
  const s = vsftpd(c);
  if (!(await listening(s.host, s.port))) {
    const r = spawnSync('bash', [path.join(ROOT, '.ci', 'interop-ftp.sh'), 'start'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('.ci/interop-ftp.sh start failed (run it as root)');
    c = config();
  }
  return c;
}

export function vsftpd(c: Config): Server {
  const s = c.servers.find((x) => x.name === 'vsftpd');
  if (!s) throw new Error(`no vsftpd in ${CONFIG}`);
  return s;
}

const fileXml = (i: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="delta">\n` +
  `  <Artikelsaldo><Artikelkod>${String(i).padStart(6, '0')}</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>${i % 97}</Saldo><Disponibelt>${i % 90}</Disponibelt></Artikelsaldo>\n</Lagersaldo>\n`;

/** A fresh folder with N files in out/, owned by the FTP user (written on the server's disk, as Pyramid would). */
function prepare(s: Server, n: number): string {
  const base = `/bench-${process.pid}-${Date.now().toString(36)}`;
  const out = path.join(s.root, base, 'out');
  fs.mkdirSync(path.join(out, 'archive'), { recursive: true });
  const st = fs.statSync(s.root);
  const own = (p: string) => fs.chownSync(p, st.uid, st.gid);
  own(path.join(s.root, base));
  own(out);
  own(path.join(out, 'archive'));
  for (let i = 0; i < n; i++) {
    const f = path.join(out, `Lagersaldo_20261128T101500000_${String(i).padStart(5, '0')}.xml`);
    fs.writeFileSync(f, fileXml(i));
    own(f);
  }
  return base;
}

function archived(s: Server, base: string): number {
  try {
    return fs.readdirSync(path.join(s.root, base, 'out', 'archive')).filter((f) => f.endsWith('.xml')).length;
  } catch {
    return 0;
  }
}

// ---- the sides (child processes) ----------------------------------------------------------------

interface Helper {
  init(runtime: string): void;
  settings(s: object): void;
  load(nodes: unknown, flow: object[], credentials?: object): Promise<void>;
  unload(): Promise<void>;
  _NodePrototype: Record<string, unknown>;
  _log: { log: unknown };
  getNode(id: string): { send: unknown };
}

async function viaNode(s: Server, password: string, base: string, n: number): Promise<{ ms: number; cpuMs: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const helper = require('node-red-node-test-helper') as Helper;
  helper.init(require.resolve('node-red'));
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-ftp-bench-'));
  helper.settings({ userDir });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ftpNodes = require(path.join(__dirname, '..', 'nodes', 'pyramid-ftp.js')) as unknown;
  let got = 0;
  let firstMs = 0;
  // The msgs go to a node that counts them and calls done(), as a flow's next node would; the
  // test helper's own node records every call with a sinon spy (args, stack, the msg kept alive),
  // which cost this process (the node's figure) more than 5 % of its CPU time.
  interface Red {
    nodes: { createNode(n: object, c: object): void; registerType(t: string, f: (this: NodeLike, c: object) => void): void };
  }
  interface NodeLike {
    on(e: 'input', f: (m: object, send: unknown, done: () => void) => void): void;
  }
  const counter = (RED: Red): void => {
    RED.nodes.registerType('bench-count', function (this: NodeLike, c: object) {
      RED.nodes.createNode(this, c);
      this.on('input', (_m, _send, done) => {
        if (got++ === 0) firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
        done();
      });
    });
  };
  const proto = helper._NodePrototype;
  const originals = ['log', 'status', 'warn', 'error', 'debug', 'trace', 'send'].map((m) => [m, proto[m]] as const);
  const originalLog = helper._log.log;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await helper.load(
    [ftpNodes, counter],
    [
      { id: 'f1', type: 'tab', label: 'bench' },
      {
        id: 'srv',
        type: 'pyramid-ftp-server',
        host: s.host,
        port: s.port,
        secure: 'none',
        verify: true,
        transfer: 'auto',
        timeout: 10,
        encoding: 'utf-8',
        outFolder: `${base}/out`,
        inFolder: `${base}/in`,
        processingFolder: 'processing',
        archiveFolder: 'archive',
        errorFolder: 'error',
        retryMin: 0.1,
        retryMax: 1,
      },
      { id: 'in', z: 'f1', type: 'pyramid-ftp-in', server: 'srv', folder: '', pattern: '*.xml', interval: 0.2, stable: 'look', settle: 0, maxPerCycle: 1000, ack: 'auto', lease: 600, spoolMb: 16, wires: [['got']] },
      { id: 'got', z: 'f1', type: 'bench-count', wires: [] },
    ],
    { srv: { user: s.user, password } },
  );
  // The helper wraps Node.prototype's send, status, log... in sinon spies (each call recorded, the
  // msg kept alive, an event per call): test instrumentation a production runtime has none of,
  // which cost this process (the node's figure) about 5 % of its CPU time. Undone once loaded.
  for (const [m, f] of originals) proto[m] = f;
  helper._log.log = originalLog;
  // a node with wires keeps its own copy of Node.prototype.send from its construction
  helper.getNode('in').send = proto.send;
  const loadedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  // Wait for the msgs first (a counter), then for archive/ to hold them all: listing a folder of
  // thousands of files every 20 ms from start to end would cost this process (whose CPU time is
  // the node's figure) more than the node itself.
  while (got < n) await new Promise((r) => setTimeout(r, 20));
  const lastMs = Number(process.hrtime.bigint() - t0) / 1e6;
  while (archived(s, base) < n) await new Promise((r) => setTimeout(r, 20));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (process.env.BENCH_PHASES) process.stderr.write(`phases ms: runtime loaded ${loadedMs.toFixed(0)}, first msg ${firstMs.toFixed(0)}, last msg ${lastMs.toFixed(0)}, all archived ${ms.toFixed(0)}\n`);
  const cpu = process.cpuUsage(cpu0);
  await helper.unload();
  fs.rmSync(userDir, { recursive: true, force: true });
  if (got < n) throw new Error(`${got} msgs for ${n} files`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function viaBasicFtp(s: Server, password: string, base: string, n: number): Promise<{ ms: number; cpuMs: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('basic-ftp') as typeof import('basic-ftp');
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const c = new Client(10_000);
  await c.access({ host: s.host, port: s.port, user: s.user, password, secure: false });
  const out = `${base}/out`;
  let done = 0;
  while (done < n) {
    const list = (await c.list(out)).filter((f) => f.isFile && f.name.endsWith('.xml'));
    if (!list.length) break;
    for (const f of list) {
      const chunks: Buffer[] = [];
      await c.downloadTo(
        new Writable({
          write(chunk: Buffer, _e, cb) {
            chunks.push(chunk);
            cb();
          },
        }),
        `${out}/${f.name}`,
      );
      if (!Buffer.concat(chunks).length) throw new Error(`${f.name}: empty`);
      await c.rename(`${out}/${f.name}`, `${out}/archive/${f.name}`);
      done++;
    }
  }
  c.close();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

// ---- the row (called by run.ts) -----------------------------------------------------------------

export async function ftpRow(o: { quick: boolean; rounds: number; runRow: RunRow }): Promise<RowResult[]> {
  const n = o.quick ? 1000 : 10_000;
  const c = await ensureServers();
  const s = vsftpd(c);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { child } = require('./run') as typeof import('./run');
  const side = (label: string, ours: boolean, which: string): Side => ({
    label,
    ours,
    run: async () => {
      const r = (await child(process.execPath, [__filename, which, String(n)])) as { ms: number; cpuMs: number; rssMB: number; files: number };
      const m: Measure = { rate: r.files / (r.ms / 1000), unit: 'files/s', work: r.files, ms: r.ms, cpuMs: r.cpuMs, rssMB: r.rssMB, extra: { files: r.files } };
      return m;
    },
  });
  const row = await o.runRow(
    'P2',
    `draining ${n.toLocaleString('en-US')} small message files from vsftpd on 127.0.0.1:${s.port} (plain FTP), each side on a fresh folder`,
    [
      side('basic-ftp loop: list + download + rename, one connection', false, 'basic'),
      side('pyramid-ftp-in: poll, claim, download, ack (auto); its default two connections', true, 'node'),
    ],
    o.rounds,
    [
      'Target: pyramid-ftp-in >= 0.8x the bare basic-ftp loop. The node is timed from the runtime start (its first poll) to the last file in archive/.',
      'Same server, same 10,000 files, same end state (every file in archive/). What differs: the node takes a file only after two listings that agree on its size and time ' +
        '(settle 0 s here, so two polls 0.2 s apart; 10 s by default), claims it by a rename into processing/ (with lease and delivery number) before downloading it, checks the size read ' +
        'against the size listed and sends one msg per file through a Node-RED runtime (node-red-node-test-helper); the loop lists once and downloads and renames. ' +
        'On the wire per file: node RNFR+RNTO (claim), EPSV+RETR, RNFR+RNTO (archive) = 6 commands; loop EPSV+RETR, RNFR+RNTO = 4; but the node sends the claims of up to 16 ' +
        'files in one write (one round trip), and the archive renames of those files in one write once they are handed over, so per file it waits for about 2 round trips and ' +
        'writes about 2 times to the socket, the loop 4 and 4. The node claims and downloads on one connection while its second one hands over and archives ' +
        '(pyramid-ftp-in "Connections: two", the default); the loop uses one. The msgs go to a node that counts them and calls done(); the test helper\'s sinon spies on ' +
        'Node.prototype are undone once the flow is loaded (a production runtime has none).',
    ],
  );
  return [row];
}

if (require.main === module) {
  const [which, count] = process.argv.slice(2);
  const n = Number(count);
  const c = config();
  const s = vsftpd(c);
  const base = prepare(s, n);
  (which === 'node' ? viaNode(s, c.password, base, n) : viaBasicFtp(s, c.password, base, n))
    .then((r) => {
      const files = archived(s, base);
      fs.rmSync(path.join(s.root, base), { recursive: true, force: true });
      process.stdout.write(JSON.stringify({ ...r, rssMB: process.resourceUsage().maxRSS / 1024, files }) + '\n');
      process.exit(0);
    })
    .catch((e: unknown) => {
      fs.rmSync(path.join(s.root, base), { recursive: true, force: true });
      console.error(e);
      process.exit(1);
    });
}
