import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  FtpConnection,
  FtpError,
  ackClaim,
  claimName,
  forgetClaim,
  rejectClaim,
  type PolledFile,
  type PollerOptions,
} from '../../lib/ftp';
import { FtpPoller } from './pyramid-poller';
import { filesIn, freePort, spawnFtpServer, startFtpServer, tempDir, waitFor, type FtpTestServer } from './fixtures';

const FOLDERS = { folder: '/out', processing: '/out/processing', archive: '/out/archive', error: '/out/error' };
let ownerSeq = 0;
/** Owners are unique per test: held claims are process-wide by owner. */
function owner(): string {
  ownerSeq++;
  return `t${process.pid}x${ownerSeq}`;
}

function put(server: FtpTestServer, rel: string, content: string | Buffer): void {
  const p = server.local(rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

describe('FtpPoller', () => {
  let server: FtpTestServer;
  let conn: FtpConnection;
  let clock: number;
  const now = () => clock;

  function poller(extra: Partial<PollerOptions> = {}): FtpPoller {
    return new FtpPoller(conn, { ...FOLDERS, owner: owner(), settleMs: 2000, now, ...extra });
  }
  async function cycle(p: FtpPoller): Promise<{ files: PolledFile[]; result: Awaited<ReturnType<FtpPoller['cycle']>> }> {
    const files: PolledFile[] = [];
    const result = await p.cycle((f) => {
      files.push(f);
    });
    return { files, result };
  }

  before(async () => {
    server = await startFtpServer();
    conn = new FtpConnection(server.options());
  });
  after(async () => {
    await conn.close();
    await server.stop();
  });
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 28, 10, 0, 0);
    fs.rmSync(server.local('out'), { recursive: true, force: true });
    for (const d of ['out', 'out/processing', 'out/archive', 'out/error']) fs.mkdirSync(server.local(d), { recursive: true });
  });

  it('does not emit a file still being written until size and time hold still across two looks', async () => {
    const p = poller({ ack: 'auto' });
    const name = 'Artikeldata_20261128T101500000_0001.xml';
    put(server, `out/${name}`, '<Artikeldata><Artikel>');
    let r = await cycle(p);
    assert.equal(r.files.length, 0, 'first look: not stable yet');
    assert.equal(r.result.waiting, 1);
    assert.equal(r.result.nextInMs, 2000);

    clock += 2500;
    fs.appendFileSync(server.local(`out/${name}`), '<Artikelkod>00123</Artikelkod>');
    r = await cycle(p);
    assert.equal(r.files.length, 0, 'it grew: still being written');

    clock += 1000;
    r = await cycle(p);
    assert.equal(r.files.length, 0, 'unchanged, but not for the settle time yet');
    assert.ok((r.result.nextInMs ?? 0) > 0 && (r.result.nextInMs ?? 0) <= 1000);

    fs.appendFileSync(server.local(`out/${name}`), '</Artikel></Artikeldata>');
    clock += 2500;
    r = await cycle(p);
    assert.equal(r.files.length, 0, 'grew again');
    clock += 2500;
    r = await cycle(p);
    assert.equal(r.files.length, 1);
    const f = r.files[0];
    assert.equal(f.filename, name);
    assert.equal(f.payload?.toString(), '<Artikeldata><Artikel><Artikelkod>00123</Artikelkod></Artikel></Artikeldata>');
    assert.equal(f.size, f.payload?.length);
    assert.equal(f.type, 'article');
    assert.ok(f.mtime instanceof Date);
    assert.equal(f.redelivered, false);
    assert.deepEqual(filesIn(server.local('out/archive')), [name], 'auto ack archived it');
    assert.deepEqual(filesIn(server.local('out')), []);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
  });

  it('with a done-marker waits for the marker, and removes it after the claim', async () => {
    const p = poller({ stable: 'marker', markerSuffix: '.done' });
    put(server, 'out/Lagersaldo_1.xml', '<Lagersaldo/>');
    let r = await cycle(p);
    assert.equal(r.files.length, 0);
    assert.equal(r.result.waiting, 1);
    put(server, 'out/Lagersaldo_1.xml.done', '');
    r = await cycle(p);
    assert.deepEqual(r.files.map((f) => f.filename), ['Lagersaldo_1.xml']);
    assert.deepEqual(filesIn(server.local('out')), []);
  });

  it('claims by rename into processing/ and keeps the file there until ack (manual)', async () => {
    const p = poller({ ack: 'manual', settleMs: 0 });
    put(server, 'out/Kund_1.xml', '<Kund/>');
    put(server, 'out/Kund_2.xml', '<Kund>2</Kund>');
    await cycle(p);
    const { files } = await cycle(p);
    assert.deepEqual(files.map((f) => f.filename), ['Kund_1.xml', 'Kund_2.xml']);
    assert.deepEqual(filesIn(server.local('out/processing')), files.map((f) => f.claim).sort());
    assert.equal(p.heldCount, 2);

    await conn.run('ack', (s) => ackClaim(s, FOLDERS, files[0].claim));
    await forgetClaim(files[0].claim);
    await conn.run('reject', (s) => rejectClaim(s, FOLDERS, files[1].claim, 'Kund[0] (kundnummer 2): namn is missing'));
    await forgetClaim(files[1].claim);
    assert.equal(p.heldCount, 0);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Kund_1.xml']);
    assert.deepEqual(filesIn(server.local('out/error')), ['Kund_2.xml', 'Kund_2.xml.reason.txt']);
    assert.match(fs.readFileSync(server.local('out/error/Kund_2.xml.reason.txt'), 'utf8'), /reason: Kund\[0\] \(kundnummer 2\): namn is missing/);
    assert.equal(fs.readFileSync(server.local('out/error/Kund_2.xml'), 'utf8'), '<Kund>2</Kund>');
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    // a second ack of the same claim says what happened
    await assert.rejects(conn.run('ack', (s) => ackClaim(s, FOLDERS, files[0].claim)), (e: FtpError) => e.code === 'FTP_CLAIM_LOST');
  });

  it('emits in name order, at most maxPerCycle, only names matching the pattern', async () => {
    const p = poller({ settleMs: 0, maxPerCycle: 2, pattern: 'Order*.xml;Kund*.xml' });
    for (const n of ['Order_3.xml', 'Kund_9.xml', 'Order_1.xml', 'Order_2.xml', 'Artikeldata_1.xml', 'readme.txt']) put(server, `out/${n}`, n);
    await cycle(p);
    const a = await cycle(p);
    assert.deepEqual(a.files.map((f) => f.filename), ['Kund_9.xml', 'Order_1.xml']);
    assert.equal(a.result.more, true);
    const b = await cycle(p);
    assert.deepEqual(b.files.map((f) => f.filename), ['Order_2.xml', 'Order_3.xml']);
    assert.equal(b.result.more, false);
    assert.deepEqual(filesIn(server.local('out')), ['Artikeldata_1.xml', 'readme.txt']);
  });

  it('delivers a file again when its lease runs out without an ack (renewal off: maxHoldMs 0)', async () => {
    const p = poller({ ack: 'manual', settleMs: 0, leaseMs: 60000, maxHoldMs: 0 });
    put(server, 'out/Order_7.xml', '<Order/>');
    await cycle(p);
    const first = (await cycle(p)).files;
    assert.equal(first.length, 1);
    clock += 30000;
    assert.equal((await cycle(p)).files.length, 0, 'lease still running');
    clock += 31000;
    const again = (await cycle(p)).files;
    assert.equal(again.length, 1);
    assert.equal(again[0].filename, 'Order_7.xml');
    assert.equal(again[0].redelivered, true);
    assert.notEqual(again[0].claim, first[0].claim);
    assert.equal(again[0].payload?.toString(), '<Order/>');
    await assert.rejects(conn.run('ack', (s) => ackClaim(s, FOLDERS, first[0].claim)), (e: FtpError) => e.code === 'FTP_CLAIM_LOST');
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, again[0].claim));
    await forgetClaim(again[0].claim);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Order_7.xml']);
  });

  it("leaves another instance's live claim alone and takes over an abandoned one", async () => {
    const live = claimName('Order_live.xml', 'someoneElse1', clock + 600000);
    const dead = claimName('Order_dead.xml', 'someoneElse1', clock - 1000);
    put(server, `out/processing/${live}`, 'live');
    put(server, `out/processing/${dead}`, 'dead');
    const p = poller({ ack: 'auto' });
    const { files } = await cycle(p);
    assert.deepEqual(files.map((f) => [f.filename, f.redelivered, f.payload?.toString()]), [['Order_dead.xml', true, 'dead']]);
    assert.deepEqual(filesIn(server.local('out/processing')), [live]);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Order_dead.xml']);
  });

  it('after a restart, its own claims left in processing/ are delivered again at once', async () => {
    const me = owner();
    // what a previous run of this owner left behind: claimed, lease still running, never acked
    const left = claimName('Artikeldata_20261128T101500000_0002.xml', me, clock + 600000);
    put(server, `out/processing/${left}`, '<Artikeldata/>');
    const p = new FtpPoller(conn, { ...FOLDERS, owner: me, now, ack: 'manual' });
    const { files } = await cycle(p);
    assert.equal(files.length, 1);
    assert.equal(files[0].filename, 'Artikeldata_20261128T101500000_0002.xml');
    assert.equal(files[0].redelivered, true);
    assert.equal(files[0].type, 'article');
  });

  it('spools big files to a local file and passes the path', async () => {
    const spoolDir = tempDir('spool');
    const p = poller({ settleMs: 0, spoolThreshold: 10000, spoolDir, ack: 'manual' });
    const big = randomBytes(300000);
    put(server, 'out/PrisFullstandig_1.xml', big);
    put(server, 'out/PrisFullstandig_2.xml', 'small');
    await cycle(p);
    const { files } = await cycle(p);
    const [a, b] = files;
    assert.equal(a.payload, undefined);
    assert.equal(a.size, big.length);
    assert.ok(a.filepath && a.filepath.startsWith(spoolDir));
    assert.deepEqual(fs.readFileSync(a.filepath as string), big);
    assert.equal(b.filepath, undefined);
    assert.equal(b.payload?.toString(), 'small');
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, a.claim));
    await forgetClaim(a.claim);
    assert.equal(fs.existsSync(a.filepath as string), false, 'the spool file goes with the ack');
  });

  it('moves a file that cannot be read to error/ with the reason and goes on', async () => {
    // The one fault here that cannot be caused for real (the test runs as root, so permissions do
    // not stop reads): the test server fails the read of this file on purpose.
    const failing = await startFtpServer({ hooks: { onRead: (p) => { if (p.includes('Order_bad')) throw new Error('disk read error'); } } });
    const c2 = new FtpConnection(failing.options());
    for (const d of ['out/processing', 'out/archive', 'out/error']) fs.mkdirSync(failing.local(d), { recursive: true });
    put(failing, 'out/Order_bad.xml', 'x');
    put(failing, 'out/Order_good.xml', 'y');
    const p = new FtpPoller(c2, { ...FOLDERS, owner: owner(), now, settleMs: 0 });
    await p.cycle(() => undefined);
    const files: PolledFile[] = [];
    const r = await p.cycle((f) => {
      files.push(f);
    });
    assert.deepEqual(files.map((f) => f.filename), ['Order_good.xml']);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /Order_bad\.xml: could not be read from the FTP server/);
    assert.deepEqual(filesIn(failing.local('out/error')), ['Order_bad.xml', 'Order_bad.xml.reason.txt']);
    assert.match(fs.readFileSync(failing.local('out/error/Order_bad.xml.reason.txt'), 'utf8'), /disk read error/);
    await c2.close();
    await failing.stop();
  });

  it('the server killed during a download: the claim stays and the file comes on the next cycle', async () => {
    const root = tempDir('killread');
    const port = await freePort();
    for (const d of ['out/processing', 'out/archive', 'out/error']) fs.mkdirSync(path.join(root, d), { recursive: true });
    const content = randomBytes(2 * 1024 * 1024);
    fs.writeFileSync(path.join(root, 'out/Order_1.xml'), content);
    const dying = await spawnFtpServer({ root, port, killOnRead: 'Order_1.xml' });
    const c2 = new FtpConnection({ host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word', reconnectMinMs: 50, reconnectMaxMs: 100 });
    const p = new FtpPoller(c2, { ...FOLDERS, owner: owner(), now, settleMs: 0 });
    const files: PolledFile[] = [];
    const take = (f: PolledFile) => {
      files.push(f);
    };
    await p.cycle(take);
    const r1 = await p.cycle(take);
    assert.equal(await dying.exited, 'SIGKILL');
    assert.equal(files.length, 0);
    assert.ok(r1.problems.some((e) => e.transient), 'a transient problem is reported');
    assert.equal(filesIn(path.join(root, 'out/processing')).length, 1, 'claimed, not lost');
    const back = await startFtpServer({ root, port });
    await waitFor(async () => {
      await p.cycle(take).catch(() => undefined);
      return files.length > 0;
    }, 'delivery after the server is back');
    assert.deepEqual(files.map((f) => [f.filename, f.redelivered]), [['Order_1.xml', true]]);
    assert.ok(files[0].payload?.equals(content), 'complete content');
    assert.deepEqual(filesIn(path.join(root, 'out/archive')), ['Order_1.xml']);
    await c2.close();
    await back.stop();
  });

  it('two pollers on one folder (separate connections) emit each file exactly once', async () => {
    const n = 120;
    for (let i = 0; i < n; i++) put(server, `out/Order_${String(i).padStart(4, '0')}.xml`, `order ${i}`);
    const c2 = new FtpConnection(server.options());
    const a = poller({ settleMs: 0, maxPerCycle: 1000 });
    const b = new FtpPoller(c2, { ...FOLDERS, owner: owner(), now, settleMs: 0, maxPerCycle: 1000 });
    const seen: string[] = [];
    const byA: string[] = [];
    const byB: string[] = [];
    const take = (who: string[]) => (f: PolledFile) => {
      assert.equal(f.payload?.toString(), `order ${Number(f.filename.slice(6, 10))}`);
      seen.push(f.filename);
      who.push(f.filename);
    };
    await Promise.all([a.cycle(take(byA)), b.cycle(take(byB))]);
    await Promise.all([a.cycle(take(byA)), b.cycle(take(byB))]);
    await Promise.all([a.cycle(take(byA)), b.cycle(take(byB))]);
    assert.equal(seen.length, n);
    assert.equal(new Set(seen).size, n);
    assert.ok(byA.length > 0 && byB.length > 0, `both took files (${byA.length}/${byB.length})`);
    assert.equal(filesIn(server.local('out/archive')).length, n);
    await c2.close();
  });
});
