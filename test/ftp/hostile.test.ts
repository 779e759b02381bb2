/**
 * The poller against what a careless or hostile writer leaves in Pyramid's out-folder (issue 14):
 * names it cannot handle, empty files, files still growing after the claim; and lease renewal
 * (issue 11). Embedded ftp-srv, a fake clock for settle times and leases.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  FtpConnection,
  FtpError,
  FtpPoller,
  ackClaim,
  claimName,
  currentClaimName,
  forgetClaim,
  listedNameProblem,
  parseClaimName,
  parseListing,
  quarantineName,
  type CycleResult,
  type PolledFile,
  type PollerOptions,
} from '../../lib/ftp';
import { filesIn, startFtpServer, type FtpTestServer, type ServerHooks } from './fixtures';

const FOLDERS = { folder: '/out', processing: '/out/processing', archive: '/out/archive', error: '/out/error' };
let ownerSeq = 0;
function owner(): string {
  ownerSeq++;
  return `h${process.pid}x${ownerSeq}`;
}

/** Names that Windows, Pyramid or the claim cannot take, and what the poller must do with each. */
const MOVABLE = [
  ' leading-space.xml',
  'trailing-space.xml ',
  'trailing-dot.xml.',
  'co:lon.xml',
  'st*ar.xml',
  'que?ry.xml',
  'an<gle>.xml',
  'pi|pe.xml',
  'tab\there.xml',
  'bell\u0007.xml',
  'CON.xml',
  'NUL',
  'COM1',
  'LPT1.xml',
  `Lagersaldo_${'x'.repeat(220)}.xml`,
];
/**
 * The server itself cannot be asked about these: a line break cannot be sent; ftp-srv reads `\` as
 * a folder and drops `"` from a path, so it refuses to move either.
 */
const UNMOVABLE = ['line\nfeed.xml', 'carriage\rreturn.xml', 'back\\slash.xml', 'quo"te.xml'];
const GOOD = ['Artikeldata_20261128T101500000_0001.xml', 'Lagersaldo_20261128T101600000_0001.xml', 'zz_Order_WC-9.xml', '~first.xml'];

describe('FtpPoller and hostile files', () => {
  let server: FtpTestServer;
  let conn: FtpConnection;
  let clock: number;
  const hooks: ServerHooks = {};
  const now = () => clock;
  let warnings: string[] = [];

  function poller(extra: Partial<PollerOptions> = {}): FtpPoller {
    return new FtpPoller(conn, { ...FOLDERS, owner: owner(), settleMs: 2000, now, log: (l, t) => l === 'warn' && warnings.push(t), ...extra });
  }
  async function cycle(p: FtpPoller): Promise<{ files: PolledFile[]; result: CycleResult }> {
    const files: PolledFile[] = [];
    const result = await p.cycle((f) => {
      files.push(f);
    });
    return { files, result };
  }
  function put(rel: string, content: string | Buffer): void {
    const p = server.local(rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }

  before(async () => {
    server = await startFtpServer({ hooks });
    conn = new FtpConnection(server.options());
  });
  after(async () => {
    await conn.close();
    await server.stop();
  });
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 28, 10, 0, 0);
    warnings = [];
    for (const k of Object.keys(hooks)) delete hooks[k as keyof ServerHooks];
    fs.rmSync(server.local('out'), { recursive: true, force: true });
    for (const d of ['out', 'out/processing', 'out/archive', 'out/error']) fs.mkdirSync(server.local(d), { recursive: true });
  });

  it('one poll takes every good file; bad names go to error/ under a safe name with their reason, or are skipped with one warning', async () => {
    for (const n of [...GOOD, ...MOVABLE, ...UNMOVABLE]) put(`out/${n}`, `<x>${JSON.stringify(n)}</x>`);
    const p = poller({ pattern: '*', ack: 'manual' });
    const first = await cycle(p);
    assert.equal(first.files.length, 0, 'first look: nothing is stable yet');
    clock += 2000;
    const { files, result } = await cycle(p);

    // every good file, sorting before and after the bad ones, in this one poll
    assert.deepEqual(files.map((f) => f.filename), [...GOOD].sort());
    for (const f of files) assert.equal(f.payload?.toString(), `<x>${JSON.stringify(f.filename)}</x>`);

    // every movable bad name: in error/ under its safe name, content unchanged, reason beside it
    const errorFiles = filesIn(server.local('out/error'));
    for (const n of MOVABLE) {
      const safe = quarantineName(n);
      assert.ok(errorFiles.includes(safe), `${JSON.stringify(n)} quarantined as ${safe}`);
      assert.equal(fs.readFileSync(server.local('out/error', safe), 'utf8'), `<x>${JSON.stringify(n)}</x>`);
      const reason = fs.readFileSync(server.local('out/error', `${safe}.reason.txt`), 'utf8');
      assert.ok(reason.includes(`file: ${JSON.stringify(n)}\r\n`), `the reason names the original: ${reason}`);
      assert.match(reason, /reason: .+/);
    }
    assert.equal(errorFiles.length, MOVABLE.length * 2, 'no other file in error/ (no reason file left by a refused move)');
    // each quarantine reaches the flow once, as a problem naming the file
    const named = result.problems.filter((e) => e.code === 'FTP_BAD_NAME');
    assert.equal(named.length, MOVABLE.length);
    assert.ok(named.every((e) => /moved to \/out\/error\//.test(e.message)));
    assert.match(named.map((e) => e.message).join('\n'), /"CON\.xml": file name "CON\.xml" is a reserved device name on Windows/);
    assert.match(named.map((e) => e.message).join('\n'), /longer than 200 characters/);

    // unmovable names stay, with exactly one warning each
    assert.deepEqual(filesIn(server.local('out')).sort(), [...UNMOVABLE].sort());
    assert.equal(warnings.length, UNMOVABLE.length, warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('"line\\nfeed.xml"') && /line break/.test(w)));
    assert.ok(warnings.some((w) => w.includes('"carriage\\rreturn.xml"') && /line break/.test(w)));
    assert.ok(warnings.some((w) => w.includes('"back\\\\slash.xml"') && /moving it to error\/ failed too/.test(w)));

    // later polls: no new warning, nothing more emitted, nothing moved
    for (let i = 0; i < 3; i++) {
      clock += 2000;
      const again = await cycle(p);
      assert.equal(again.files.length, 0);
      assert.equal(again.result.problems.length, 0);
    }
    assert.equal(warnings.length, UNMOVABLE.length, 'still one warning per name');
    assert.equal(filesIn(server.local('out/processing')).length, GOOD.length, 'only the good files are claimed');
  });

  it('a bad name that appears again later gets a new safe name, the first is kept', async () => {
    const p = poller({ pattern: '*.xml', settleMs: 0 });
    put('out/CON.xml', 'one');
    await cycle(p);
    await cycle(p);
    put('out/CON.xml', 'two');
    await cycle(p);
    await cycle(p);
    const errs = filesIn(server.local('out/error'));
    assert.equal(errs.length, 4, errs.join(', '));
    const contents = errs.filter((n) => !n.endsWith('.reason.txt')).map((n) => fs.readFileSync(server.local('out/error', n), 'utf8'));
    assert.deepEqual(contents.sort(), ['one', 'two']);
  });

  it('invalid bytes in the listing: skipped with one warning, the other files are taken', async () => {
    // A Windows-1252 server and a client set to UTF-8: "Å" arrives as the byte 0xC5, which is not UTF-8.
    const cp = await startFtpServer({ cp1252: true });
    const c = new FtpConnection(cp.options({ encoding: 'utf-8' }));
    try {
      for (const d of ['out/processing', 'out/archive', 'out/error']) fs.mkdirSync(cp.local(d), { recursive: true });
      fs.writeFileSync(cp.local('out/Kund_Åsa.xml'), '<Kund/>');
      fs.writeFileSync(cp.local('out/Kund_1.xml'), '<Kund>1</Kund>');
      fs.writeFileSync(cp.local('out/Order_2.xml'), '<Order>2</Order>');
      const p = new FtpPoller(c, { ...FOLDERS, owner: owner(), settleMs: 0, now, log: (l, t) => l === 'warn' && warnings.push(t) });
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) await p.cycle((f) => void seen.push(f.filename));
      assert.deepEqual(seen, ['Kund_1.xml', 'Order_2.xml']);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /not valid in the server's name encoding/);
      assert.deepEqual(filesIn(cp.local('out')), ['Kund_Åsa.xml']);
    } finally {
      await c.close();
      await cp.stop();
    }
  });

  it('a 0-byte file goes to error/ with its reason, not left claimed', async () => {
    put('out/Lagersaldo_20261128T101500000_0001.xml', '');
    put('out/Lagersaldo_20261128T101500000_0002.xml', '<Lagersaldo/>');
    const p = poller({ settleMs: 0, ack: 'manual' });
    await cycle(p);
    const { files, result } = await cycle(p);
    assert.deepEqual(files.map((f) => f.filename), ['Lagersaldo_20261128T101500000_0002.xml']);
    assert.deepEqual(filesIn(server.local('out/error')), ['Lagersaldo_20261128T101500000_0001.xml', 'Lagersaldo_20261128T101500000_0001.xml.reason.txt']);
    assert.match(fs.readFileSync(server.local('out/error/Lagersaldo_20261128T101500000_0001.xml.reason.txt'), 'utf8'), /reason: the file is empty \(0 bytes\)/);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0].message, /Lagersaldo_20261128T101500000_0001\.xml: the file is empty/);
    assert.equal(result.problems[0].transient, false);
    assert.equal(filesIn(server.local('out/processing')).length, 1, 'only the good file is held');
    assert.equal(p.heldCount, 1);
  });

  it('a file that grows after it was claimed is put back, not quarantined, and taken whole once it holds still', async () => {
    const name = 'Artikeldata_20261128T101500000_0001.xml';
    put(`out/${name}`, '<Artikeldata><Artikel>1</Artikel>');
    const p = poller({ settleMs: 2000, ack: 'manual' });
    await cycle(p);
    clock += 2000;
    // The writer adds its next piece between our listing and our claim (the writer's pause was
    // longer than the settle time): the size read differs from the size listed.
    let grown = false;
    hooks.onRename = (from) => {
      if (!grown && from.endsWith(name)) {
        grown = true;
        fs.appendFileSync(server.local(`out/${name}`), '<Artikel>2</Artikel>');
      }
    };
    const r = await cycle(p);
    assert.ok(grown);
    assert.equal(r.files.length, 0, 'not emitted');
    assert.equal(r.result.problems.length, 0, 'not an error');
    assert.deepEqual(filesIn(server.local('out')), [name], 'put back under its own name');
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    assert.deepEqual(filesIn(server.local('out/error')), []);
    assert.equal(p.heldCount, 0);
    fs.appendFileSync(server.local(`out/${name}`), '</Artikeldata>');
    await cycle(p);
    clock += 2000;
    const done = await cycle(p);
    assert.equal(done.files.length, 1);
    assert.equal(done.files[0].payload?.toString(), '<Artikeldata><Artikel>1</Artikel><Artikel>2</Artikel></Artikeldata>');
    assert.equal(done.files[0].redelivered, false);
  });

  it('renews the lease of a claim it holds: no redelivery after the first lease; an ack with the first claim name works', async () => {
    const p = poller({ settleMs: 0, ack: 'manual', leaseMs: 60000 });
    const other = poller({ settleMs: 0, ack: 'manual', leaseMs: 60000 });
    put('out/Order_7.xml', '<Order/>');
    await cycle(p);
    const [file] = (await cycle(p)).files;
    assert.ok(file);
    const names: string[] = [file.claim];
    // five lease periods with polls in between, by us and by another instance
    for (let i = 0; i < 10; i++) {
      clock += 31000;
      assert.equal((await cycle(p)).files.length, 0, 'not delivered again to us');
      assert.equal((await cycle(other)).files.length, 0, 'not taken over by another instance');
      const [held] = filesIn(server.local('out/processing'));
      if (held !== names[names.length - 1]) names.push(held);
      const info = parseClaimName(held);
      assert.ok(info && info.leaseUntil > clock, 'the lease in the name is always ahead');
    }
    assert.ok(names.length >= 5, `renewed ${names.length - 1} times`);
    assert.equal(currentClaimName(file.claim), names[names.length - 1]);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, file.claim));
    await forgetClaim(file.claim);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Order_7.xml']);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    assert.equal(p.heldCount, 0);
    assert.equal(p.nextRenewalInMs(), undefined);
  });

  it('renewal stops after maxHoldMs and for claims it no longer holds', async () => {
    const p = poller({ settleMs: 0, ack: 'manual', leaseMs: 60000, maxHoldMs: 90000 });
    put('out/Order_8.xml', '<Order/>');
    await cycle(p);
    const [file] = (await cycle(p)).files;
    clock += 31000;
    assert.equal(await p.renewLeases(), 1);
    clock += 31000;
    assert.equal(await p.renewLeases(), 1);
    clock += 31000; // 93 s held: past maxHoldMs, renewed no more
    assert.equal(await p.renewLeases(), 0);
    clock += 31000;
    const again = (await cycle(p)).files;
    assert.equal(again.length, 1, 'the lease ran out: delivered again');
    assert.equal(again[0].redelivered, true);
    await assert.rejects(conn.run('ack', (s) => ackClaim(s, FOLDERS, file.claim)), (e: FtpError) => e.code === 'FTP_CLAIM_LOST');
    // someone else acked it behind our back: the renewal notices and lets go
    fs.renameSync(server.local('out/processing', filesIn(server.local('out/processing'))[0]), server.local('out/archive/Order_8.xml'));
    clock += 31000;
    assert.equal(await p.renewLeases(), 0);
    assert.equal(p.heldCount, 0);
  });

  it('a claim in processing/ with a name it cannot handle is left alone with one warning', async () => {
    put(`out/processing/${claimName('we:ird.xml', 'someoneElse2', clock - 1000)}`, 'x');
    put('out/Order_1.xml', '<Order/>');
    const p = poller({ settleMs: 0 });
    await cycle(p);
    const { files } = await cycle(p);
    await cycle(p);
    assert.deepEqual(files.map((f) => f.filename), ['Order_1.xml']);
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });
});

describe('names and listings', () => {
  it('listedNameProblem tells movable from unmovable names', () => {
    assert.equal(listedNameProblem('Artikeldata_20261128T101500000_0001.xml'), undefined);
    for (const n of MOVABLE) assert.equal(listedNameProblem(n)?.movable, true, JSON.stringify(n));
    for (const n of ['a\nb', 'a\rb', 'a\0b', 'a\ufffdb']) assert.equal(listedNameProblem(n)?.movable, false, JSON.stringify(n));
  });

  it('quarantineName is safe, short, keeps the extension and differs for different names', () => {
    const names = [...MOVABLE, ...UNMOVABLE, 'a:b.xml', 'a*b.xml', ' ', '...', 'CON'];
    const safe = names.map((n) => quarantineName(n));
    assert.equal(new Set(safe).size, names.length);
    for (const [i, s] of safe.entries()) {
      assert.ok(s.length <= 120, s);
      assert.equal(listedNameProblem(s), undefined, `${JSON.stringify(names[i])} -> ${JSON.stringify(s)}`);
    }
    assert.match(quarantineName('CON.xml'), /^CON~[0-9a-f]{8}\.xml$/);
    assert.match(quarantineName('co:lon.xml'), /^co_lon~[0-9a-f]{8}\.xml$/);
  });

  it('parseListing: a name with a line feed continues on the next line and does not spoil the listing', () => {
    const unix = (name: string) => `-rw-r--r-- 1 1 1            5 Dec 01 23:34 ${name}`;
    const raw = [unix('a.xml'), unix('lf'), 'x.xml', unix('cr\rx.xml'), unix('z.xml'), unix('last-lf'), 'tail.xml', ''].join('\r\n');
    const names = parseListing(raw).map((f) => f.name);
    assert.deepEqual(names, ['a.xml', 'lf\nx.xml', 'cr\rx.xml', 'z.xml', 'last-lf\ntail.xml']);
    assert.deepEqual(parseListing(''), []);
    const mlsd = ['type=file;size=3;modify=20261128101500; a.xml', 'type=file;size=3;modify=20261128101500; b', 'c.xml'].join('\r\n');
    assert.deepEqual(parseListing(mlsd).map((f) => f.name), ['a.xml', 'b\nc.xml']);
  });
});
