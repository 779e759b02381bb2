/**
 * 100 SIGKILLs of Debian's vsftpd in the middle of uploads of orders (issue 15), each followed by a
 * start of it again on the same port: every order ends in the in-folder exactly once, complete
 * (its bytes as sent, parsed as an Order), no temporary file left, the outbox empty.
 *
 * The vsftpd here is its own (not the shared one of `.ci/interop-ftp.sh start`, which other suites
 * use meanwhile): the same binary, account, PAM service and settings, on a free port with its own
 * root and passive ports, started in its own process group so a kill takes the listener and every
 * session process at once. It needs root (as the script does); without it or without the script's
 * files the suite says so and is skipped. A kill is aimed at a transfer in progress: the order's
 * temporary file is watched and the server killed once part of it has arrived (orders of 0.5 to
 * 2 MB); a kill that comes after the upload finished is counted apart.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildMessage, parseMessage } from '../../lib';
import { FtpConnection, FtpUploader, Outbox, tempNameFor } from '../../lib/ftp';

const KILLS = Number(process.env.INTEROP_FTP_KILLS ?? 100);
const DIR = process.env.PYRAMID_FTP_INTEROP_DIR || '/tmp/pyramid-ftp-interop';
const BIN = path.join(DIR, 'pkg', 'root', 'usr', 'sbin', 'vsftpd');
const SYS_USER = 'pyrftpi';

interface InteropConfig {
  password: string;
  servers: { name: string; user: string }[];
}

function missing(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (vsftpd is started here as .ci/interop-ftp.sh does)';
  for (const f of [BIN, path.join(DIR, 'vsftpd.conf'), path.join(DIR, 'servers.json')]) {
    if (!fs.existsSync(f)) return `${f} is missing: run \`.ci/interop-ftp.sh start\` (as root) first`;
  }
  return false;
}

function uidOf(user: string): { uid: number; gid: number } {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no account ${user}: run .ci/interop-ftp.sh start`);
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

function order(i: number): Buffer {
  // 0.5 to 2 MB: long enough on loopback for a kill to land inside the transfer
  const rows = Array.from({ length: 4000 + (i % 4) * 4000 }, (_, r) => ({
    articleCode: `V${String(r).padStart(6, '0')}`,
    quantity: String(1 + (r % 9)),
    description: `Rad ${r} av order ${i}: en text som fyller ut filen, med å, ä och ö`,
  }));
  return buildMessage('order', { externalOrderNumber: `V-${i}`, customerNumber: '10001', rows }, { encoding: 'windows-1252' });
}

describe('interop: vsftpd SIGKILLed in the middle of uploads', { skip: missing() }, () => {
  let work: string;
  let root: string;
  let conf: string;
  let port: number;
  let server: ChildProcess | undefined;
  let conn: FtpConnection | undefined;
  let uploader: FtpUploader | undefined;

  async function startServer(): Promise<void> {
    const child = spawn(BIN, [conf], { detached: true, stdio: 'ignore' });
    server = child;
    const end = Date.now() + 30_000;
    while (!(await listening(port))) {
      if (child.exitCode !== null) throw new Error(`vsftpd ended at start (${child.exitCode}); see ${work}/vsftpd.log`);
      if (Date.now() > end) throw new Error(`vsftpd did not listen on ${port}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** SIGKILL of vsftpd's whole process group: the listener and every session process. */
  async function killServer(): Promise<void> {
    const c = server;
    if (!c || c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    process.kill(-c.pid, 'SIGKILL');
    await gone;
    // session processes are in the group too; wait until none answers on the port
    while (await listening(port)) await new Promise((r) => setTimeout(r, 10));
  }

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-interop-kills-'));
    root = path.join(work, 'root');
    fs.mkdirSync(path.join(root, 'in'), { recursive: true });
    const { uid, gid } = uidOf(SYS_USER);
    fs.chownSync(root, uid, gid);
    fs.chownSync(path.join(root, 'in'), uid, gid);
    fs.chmodSync(work, 0o755);
    port = await freePort();
    // the script's settings, on this suite's port, root, passive ports and log
    const base = fs.readFileSync(path.join(DIR, 'vsftpd.conf'), 'utf8');
    const pasv = 41000 + (port % 50) * 20;
    const text = base
      .replace(/^listen_port=.*$/m, `listen_port=${port}`)
      .replace(/^local_root=.*$/m, `local_root=${root}`)
      .replace(/^pasv_min_port=.*$/m, `pasv_min_port=${pasv}`)
      .replace(/^pasv_max_port=.*$/m, `pasv_max_port=${pasv + 19}`)
      .replace(/^vsftpd_log_file=.*$/m, `vsftpd_log_file=${work}/vsftpd.log`);
    conf = path.join(work, 'vsftpd.conf');
    fs.writeFileSync(conf, text, { mode: 0o600 });
    await startServer();
  });
  after(async () => {
    uploader?.close();
    await conn?.close(0).catch(() => undefined);
    await killServer().catch(() => undefined);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it(`${KILLS} kills during uploads: every order once, complete, no temporary file`, async () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(DIR, 'servers.json'), 'utf8')) as InteropConfig;
    const user = cfg.servers.find((s) => s.name === 'vsftpd')?.user ?? SYS_USER;
    conn = new FtpConnection({ host: '127.0.0.1', port, user, password: cfg.password, timeoutMs: 10_000, reconnectMinMs: 50, reconnectMaxMs: 500 });
    conn.keepConnected(true);
    const u = new FtpUploader(conn, new Outbox(path.join(work, 'outbox'), { retryMinMs: 50, retryMaxMs: 500 }), { owner: 'kills' });
    uploader = u;
    await u.start();
    conn.on('state', (s) => {
      if (s === 'connected' && u.outbox.size > 0) u.retryNow();
    });
    const sizes: number[] = [];
    let midTransfer = 0;
    let afterUpload = 0;
    const sends: Promise<unknown>[] = [];
    const t0 = Date.now();
    for (let i = 0; i < KILLS; i++) {
      const data = order(i);
      sizes.push(data.length);
      const tmp = path.join(root, 'in', tempNameFor(`Order_V-${i}.xml`, 'kills'));
      let settled = false;
      const p = u.send({ folder: 'in', filename: `Order_V-${i}.xml`, data }).finally(() => {
        settled = true;
      });
      sends.push(p.catch((e: unknown) => e));
      // the kill: once part of this order's temporary file has arrived (or the upload is over)
      let partial = false;
      for (;;) {
        let size = -1;
        try {
          size = fs.statSync(tmp).size;
        } catch {
          // not there yet
        }
        if (size > 0 && size < data.length) {
          partial = true;
          break;
        }
        if (settled) break;
        await new Promise((r) => setImmediate(r));
      }
      await killServer();
      if (partial) midTransfer += 1;
      else afterUpload += 1;
      await startServer();
    }
    // the server stays up now: the outbox delivers what is left
    await Promise.all(sends);
    const end = Date.now() + 300_000;
    while (u.outbox.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const inDir = path.join(root, 'in');
    const names = fs.readdirSync(inDir);
    const orders = names.filter((f) => /^Order_V-\d+\.xml$/.test(f));
    const other = names.filter((f) => !/^Order_V-\d+\.xml$/.test(f));
    let complete = 0;
    for (const f of orders) {
      const i = Number(/V-(\d+)/.exec(f)?.[1]);
      const buf = fs.readFileSync(path.join(inDir, f));
      assert.equal(buf.length, sizes[i], `${f} is complete`);
      assert.equal((parseMessage('order', buf) as { externalOrderNumber?: string }).externalOrderNumber, `V-${i}`);
      complete += 1;
    }
    process.stdout.write(
      `# vsftpd kills: kills ${KILLS}, inside a transfer ${midTransfer}, after an upload ${afterUpload}, orders ${KILLS}, files in in-folder ${orders.length}, complete ${complete}, other files ${other.length}, outbox left ${u.outbox.size}, s ${((Date.now() - t0) / 1000).toFixed(0)}\n`,
    );
    assert.equal(orders.length, KILLS, 'every order in the in-folder');
    assert.deepEqual(other, [], 'no temporary or stray file');
    assert.equal(u.outbox.size, 0, 'the outbox is empty');
    assert.ok(midTransfer >= KILLS / 2, `most kills landed inside a transfer (${midTransfer} of ${KILLS})`);
  });
});
