/*
 * Delivery numbers in claim names (poison files, issue 15), the read-only claim listing, and the
 * poller draining over two connections (download on one, check/hand over/archive on the other).
 * Real FTP server (ftp-srv in this process), real poller; the clock is the poller's `now` option.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  FtpConnection,
  FtpPoller,
  MAX_DELIVERY_NUMBER,
  ackClaim,
  claimName,
  forgetClaim,
  listClaims,
  parseClaimName,
  releaseClaim,
  type CycleResult,
  type PolledFile,
  type PollerOptions,
} from '../../lib/ftp';
import { filesIn, startFtpServer, waitFor, type FtpTestServer, type ServerHooks } from './fixtures';

const LEASE = Date.UTC(2026, 10, 28, 10, 30, 0);

describe('claim names: delivery numbers', () => {
  it('writes the delivery number after the lease, 1 by default', () => {
    assert.equal(claimName('Order_1.xml', 'ab12', LEASE), 'Order_1.xml~ab12~20261128T103000Z~1.claim');
    assert.equal(claimName('Order_1.xml', 'ab12', LEASE, 4), 'Order_1.xml~ab12~20261128T103000Z~4.claim');
    assert.equal(claimName('Order_1.xml', 'ab12', LEASE, MAX_DELIVERY_NUMBER), `Order_1.xml~ab12~20261128T103000Z~${MAX_DELIVERY_NUMBER}.claim`);
    for (const bad of [0, -1, 1.5, Number.NaN, MAX_DELIVERY_NUMBER + 1]) {
      assert.throws(() => claimName('Order_1.xml', 'ab12', LEASE, bad), (e: Error & { code?: string }) => e.code === 'FTP_BAD_CONFIG' && /delivery number/.test(e.message), String(bad));
    }
  });

  it('parses new names with their number and old names (no number) as delivery 1', () => {
    const n = claimName('Artikeldata_20261128T101500000_0001.xml', 'a1b2c3d4e5f6', LEASE, 3);
    assert.deepEqual(parseClaimName(n), { claim: n, original: 'Artikeldata_20261128T101500000_0001.xml', owner: 'a1b2c3d4e5f6', leaseUntil: LEASE, deliveries: 3 });
    const old = 'Artikeldata_20261128T101500000_0001.xml~a1b2c3d4e5f6~20261128T103000Z.claim';
    assert.deepEqual(parseClaimName(old), { claim: old, original: 'Artikeldata_20261128T101500000_0001.xml', owner: 'a1b2c3d4e5f6', leaseUntil: LEASE, deliveries: 1 });
    // an original name that itself looks like a number suffix stays the original's
    assert.equal(parseClaimName(claimName('a~2.xml', 'o1', LEASE, 2))?.original, 'a~2.xml');
    assert.equal(parseClaimName(claimName('a~b~20261128T103000Z~7', 'o1', LEASE, 2))?.deliveries, 2);
  });

  it('refuses numbers that no version writes', () => {
    for (const bad of ['x.xml~o1~20261128T103000Z~0.claim', 'x.xml~o1~20261128T103000Z~.claim', 'x.xml~o1~20261128T103000Z~-1.claim', 'x.xml~o1~20261128T103000Z~1a.claim', 'x.xml~o1~20261128T103000Z~01.claim']) {
      assert.equal(parseClaimName(bad), undefined, bad);
    }
  });
});

const FOLDERS = { folder: '/out', processing: '/out/processing', archive: '/out/archive', error: '/out/error' };
let ownerSeq = 0;
function owner(): string {
  ownerSeq++;
  return `c${process.pid}x${ownerSeq}`;
}

describe('FtpPoller: delivery numbers and poison files', () => {
  const hooks: ServerHooks = {};
  let server: FtpTestServer;
  let conn: FtpConnection;
  let clock: number;
  const now = () => clock;

  function put(rel: string, content: string): void {
    const p = server.local(rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  function poller(extra: Partial<PollerOptions> = {}): FtpPoller {
    return new FtpPoller(conn, { ...FOLDERS, owner: owner(), settleMs: 0, now, ...extra });
  }
  async function cycle(p: FtpPoller): Promise<{ files: PolledFile[]; result: CycleResult }> {
    const files: PolledFile[] = [];
    const result = await p.cycle((f) => {
      files.push(f);
    });
    return { files, result };
  }

  before(async () => {
    server = await startFtpServer({ hooks });
    conn = new FtpConnection(server.options());
  });
  after(async () => {
    await conn.close();
    await server.stop();
    fs.rmSync(server.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    delete hooks.onRename;
    clock = Date.UTC(2026, 10, 28, 10, 0, 0);
    fs.rmSync(server.local('out'), { recursive: true, force: true });
    // the connection remembers the folders it made sure of: they are there in every test
    for (const f of ['processing', 'archive', 'error']) fs.mkdirSync(server.local('out', f), { recursive: true });
  });

  it('a first delivery is number 1, in the claim name and on the file', async () => {
    put('out/Order_1.xml', '<Order/>');
    const p = poller({ ack: 'manual' });
    await cycle(p);
    const { files } = await cycle(p);
    assert.equal(files.length, 1);
    assert.equal(files[0].deliveries, 1);
    assert.equal(files[0].redelivered, false);
    assert.match(files[0].claim, /~1\.claim$/);
    assert.deepEqual(filesIn(server.local('out/processing')), [files[0].claim]);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, files[0].claim));
    await forgetClaim(files[0].claim);
  });

  it("an abandoned claim is taken over with the next number; an old name without one counts as 1", async () => {
    put(`out/processing/${claimName('Order_a.xml', 'someoneElse3', clock - 1000, 2)}`, 'a');
    put('out/processing/Order_b.xml~someoneElse3~20261128T095959Z.claim', 'b');
    const p = poller({ ack: 'manual' });
    const { files } = await cycle(p);
    assert.deepEqual(
      files.map((f) => [f.filename, f.deliveries, f.redelivered, parseClaimName(f.claim)?.deliveries]),
      [
        ['Order_a.xml', 3, true, 3],
        ['Order_b.xml', 2, true, 2],
      ],
    );
    for (const f of files) {
      await conn.run('ack', (s) => ackClaim(s, FOLDERS, f.claim));
      await forgetClaim(f.claim);
    }
  });

  it('its own claim left by a runtime that died is delivered again at once, one number higher', async () => {
    const me = owner();
    put(`out/processing/${claimName('Order_c.xml', me, clock + 600000, 4)}`, 'c');
    const p = new FtpPoller(conn, { ...FOLDERS, owner: me, now, ack: 'manual', settleMs: 0 });
    const { files } = await cycle(p);
    assert.deepEqual(files.map((f) => [f.filename, f.deliveries]), [['Order_c.xml', 5]]);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, files[0].claim));
    await forgetClaim(files[0].claim);
  });

  it('renewing the lease keeps the number; an ack with the name as emitted still works', async () => {
    put(`out/processing/${claimName('Order_d.xml', 'someoneElse4', clock - 1000, 2)}`, 'd');
    const p = poller({ ack: 'manual', leaseMs: 10_000 });
    const { files } = await cycle(p);
    assert.equal(files[0].deliveries, 3);
    clock += 6000; // past half the lease
    assert.equal(await p.renewLeases(), 1);
    const [renewed] = filesIn(server.local('out/processing'));
    assert.notEqual(renewed, files[0].claim);
    assert.equal(parseClaimName(renewed)?.deliveries, 3);
    assert.equal(parseClaimName(renewed)?.leaseUntil, clock + 10_000);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, files[0].claim));
    await forgetClaim(files[0].claim);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Order_d.xml']);
  });

  it('a file the flow released comes back after its lease with the same number (a release is not a failure)', async () => {
    put('out/Order_r.xml', 'r');
    const p = poller({ ack: 'manual', leaseMs: 10_000 });
    await cycle(p);
    const first = await cycle(p);
    assert.deepEqual(first.files.map((f) => [f.filename, f.deliveries]), [['Order_r.xml', 1]]);
    assert.ok(await releaseClaim(first.files[0].claim), 'this process holds the claim');
    clock += 11_000; // the lease ran out: not renewed after the release
    const again = await cycle(p);
    assert.deepEqual(again.files.map((f) => [f.filename, f.deliveries, f.redelivered]), [['Order_r.xml', 1, true]]);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, again.files[0].claim));
    await forgetClaim(again.files[0].claim);
  });

  it('a release while a renewal is renaming the claim answers with the name the file has afterwards, and stops later renewals', async () => {
    put('out/Order_s.xml', 's');
    const p = poller({ ack: 'manual', leaseMs: 10_000 });
    await cycle(p);
    const first = await cycle(p);
    const emitted = first.files[0].claim;
    // hold the renewal's rename on the server until the release has been asked for
    let renameStarted!: () => void;
    const started = new Promise<void>((r) => (renameStarted = r));
    let letGo!: () => void;
    const gate = new Promise<void>((r) => (letGo = r));
    hooks.onRename = () => {
      renameStarted();
      return gate;
    };
    clock += 6000; // past half the lease
    const renewing = p.renewLeases();
    await started;
    const releasing = releaseClaim(emitted);
    letGo();
    assert.equal(await renewing, 1);
    const released = await releasing;
    assert.deepEqual(filesIn(server.local('out/processing')), [released], 'the release names the file as it is now');
    assert.notEqual(released, emitted);
    delete hooks.onRename;
    clock += 6000;
    assert.equal(await p.renewLeases(), 0, 'a released claim is not renewed again');
    clock += 5000; // past the renewed lease
    const again = await cycle(p);
    assert.deepEqual(again.files.map((f) => [f.filename, f.redelivered]), [['Order_s.xml', true]]);
    await conn.run('ack', (s) => ackClaim(s, FOLDERS, again.files[0].claim));
    await forgetClaim(again.files[0].claim);
  });

  it('a claim whose next delivery would pass maxDeliveries goes to error/ with its reason, never delivered again', async () => {
    const poison = claimName('Artikeldata_20261128T101500000_0009.xml', 'someoneElse5', clock - 1000, 3);
    put(`out/processing/${poison}`, '<Artikeldata/>');
    put(`out/processing/${claimName('Order_e.xml', 'someoneElse5', clock - 1000, 2)}`, 'e');
    const p = poller({ ack: 'auto', maxDeliveries: 3 });
    const { files, result } = await cycle(p);
    // the other file is not held up: delivered as its third delivery (allowed) and archived
    assert.deepEqual(files.map((f) => [f.filename, f.deliveries]), [['Order_e.xml', 3]]);
    assert.equal(result.quarantined.length, 1);
    const q = result.quarantined[0];
    assert.equal(q.filename, 'Artikeldata_20261128T101500000_0009.xml');
    assert.equal(q.deliveries, 3);
    assert.equal(q.lastOwner, 'someoneElse5');
    assert.equal(q.leaseUntil, clock - 1000);
    assert.equal(q.movedTo, '/out/error/Artikeldata_20261128T101500000_0009.xml');
    assert.deepEqual(filesIn(server.local('out/error')), ['Artikeldata_20261128T101500000_0009.xml', 'Artikeldata_20261128T101500000_0009.xml.reason.txt']);
    assert.equal(fs.readFileSync(server.local('out/error/Artikeldata_20261128T101500000_0009.xml'), 'utf8'), '<Artikeldata/>');
    const reason = fs.readFileSync(server.local('out/error/Artikeldata_20261128T101500000_0009.xml.reason.txt'), 'utf8');
    assert.match(reason, /^file: Artikeldata_20261128T101500000_0009\.xml\r\nquarantined: 2026-11-28T10:00:00\.000Z\r\n/);
    assert.match(reason, /delivered 3 times without completing \(the limit is 3\)/);
    assert.match(reason, /held by someoneElse5 with a lease until 2026-11-28T09:59:59\.000Z/);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    assert.deepEqual(filesIn(server.local('out/archive')), ['Order_e.xml']);
    clock += 3_600_000;
    const later = await cycle(p);
    assert.deepEqual([later.files.length, later.result.quarantined.length], [0, 0]);
  });

  it('maxDeliveries 1: an abandoned claim, old name included, is quarantined instead of delivered again', async () => {
    put('out/processing/Order_f.xml~someoneElse6~20261128T095959Z.claim', 'f');
    const p = poller({ ack: 'manual', maxDeliveries: 1 });
    const { files, result } = await cycle(p);
    assert.equal(files.length, 0);
    assert.deepEqual(result.quarantined.map((q) => [q.filename, q.deliveries]), [['Order_f.xml', 1]]);
    assert.match(fs.readFileSync(server.local('out/error/Order_f.xml.reason.txt'), 'utf8'), /delivered 1 time without completing/);
  });

  it('a live claim at the limit is left alone until its lease ends', async () => {
    const live = claimName('Order_g.xml', 'someoneElse7', clock + 60_000, 5);
    put(`out/processing/${live}`, 'g');
    const p = poller({ ack: 'manual', maxDeliveries: 5 });
    const first = await cycle(p);
    assert.deepEqual([first.files.length, first.result.quarantined.length], [0, 0]);
    assert.deepEqual(filesIn(server.local('out/processing')), [live]);
    clock += 61_000;
    const second = await cycle(p);
    assert.deepEqual(second.result.quarantined.map((q) => q.filename), ['Order_g.xml']);
  });

  it('listClaims lists every claim with its holder, lease, number and whether the lease ended', async () => {
    const a = claimName('Order_h.xml', 'holderA', clock + 60_000, 2);
    const b = 'Order_i.xml~holderB~20261128T095959Z.claim';
    put(`out/processing/${a}`, 'hh');
    put(`out/processing/${b}`, 'i');
    put('out/processing/not-a-claim.txt', 'x');
    const got = await conn.run('list claims', (s) => listClaims(s, FOLDERS.processing, clock));
    assert.deepEqual(got, [
      { claim: a, original: 'Order_h.xml', owner: 'holderA', leaseUntil: clock + 60_000, deliveries: 2, size: 2, expired: false },
      { claim: b, original: 'Order_i.xml', owner: 'holderB', leaseUntil: clock - 1000, deliveries: 1, size: 1, expired: true },
    ]);
    assert.deepEqual(await conn.run('list claims', (s) => listClaims(s, '/nowhere/processing', clock)), []);
  });
});

describe('FtpPoller over two connections', () => {
  let server: FtpTestServer;
  let conn: FtpConnection;
  const conns: FtpConnection[] = [];

  before(async () => {
    server = await startFtpServer();
    conn = new FtpConnection(server.options());
  });
  after(async () => {
    for (const c of conns) await c.close();
    await conn.close();
    await server.stop();
    fs.rmSync(server.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    fs.rmSync(server.local('out'), { recursive: true, force: true });
    // the connection remembers the folders it made sure of: they are there in every test
    for (const f of ['processing', 'archive', 'error']) fs.mkdirSync(server.local('out', f), { recursive: true });
  });

  function files(n: number): string[] {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `Lagersaldo_20261128T101500000_${String(i).padStart(4, '0')}.xml`;
      fs.writeFileSync(server.local('out', name), `<Lagersaldo n="${i}"/>`);
      names.push(name);
    }
    return names;
  }

  it('hands every file over once, in name order, with its content, and archives all (auto)', async () => {
    const names = files(60);
    const transfer = new FtpConnection(server.options());
    conns.push(transfer);
    const p = new FtpPoller(conn, { ...FOLDERS, owner: owner(), settleMs: 0, ack: 'auto', maxPerCycle: 1000, transferConn: transfer });
    const got: PolledFile[] = [];
    const emit = (f: PolledFile) => {
      got.push(f);
    };
    await p.cycle(emit); // first look
    const r = await p.cycle(emit);
    assert.equal(r.emitted, 60);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(got.map((f) => f.filename), names);
    assert.ok(got.every((f, i) => f.payload?.toString() === `<Lagersaldo n="${i}"/>` && f.deliveries === 1 && f.mtime instanceof Date));
    assert.deepEqual(filesIn(server.local('out/archive')), names);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    assert.equal(p.heldCount, 0);
  });

  it('manual mode: the claims wait in processing/, renewable and ackable as usual', async () => {
    const names = files(5);
    const transfer = new FtpConnection(server.options());
    conns.push(transfer);
    let clock = Date.now();
    const p = new FtpPoller(conn, { ...FOLDERS, owner: owner(), settleMs: 0, ack: 'manual', leaseMs: 10_000, transferConn: transfer, now: () => clock });
    const got: PolledFile[] = [];
    await p.cycle((f) => void got.push(f));
    await p.cycle((f) => void got.push(f));
    assert.deepEqual(got.map((f) => f.filename), names);
    assert.equal(filesIn(server.local('out/processing')).length, 5);
    clock += 6000;
    assert.equal(await p.renewLeases(), 5, 'none is left marked busy after its hand-over');
    for (const f of got) {
      await conn.run('ack', (s) => ackClaim(s, FOLDERS, f.claim));
      await forgetClaim(f.claim);
    }
    assert.deepEqual(filesIn(server.local('out/archive')), names);
  });

  it('falls back to the one connection when the server refuses the second login', async () => {
    const names = files(3);
    const refused = new FtpConnection(server.options({ password: 'wrong', reconnectMinMs: 50 }));
    conns.push(refused);
    const warnings: string[] = [];
    const p = new FtpPoller(conn, {
      ...FOLDERS,
      owner: owner(),
      settleMs: 0,
      ack: 'auto',
      transferConn: refused,
      log: (level, text) => {
        if (level === 'warn') warnings.push(text);
      },
    });
    const got: PolledFile[] = [];
    await conn.connect();
    await p.cycle((f) => void got.push(f));
    await waitFor(async () => {
      await p.cycle((f) => void got.push(f));
      return filesIn(server.local('out/archive')).length === 3;
    }, 'all archived');
    assert.deepEqual(got.map((f) => [f.filename, f.deliveries]), names.map((n) => [n, 1]));
    assert.equal(warnings.filter((w) => /second connection/.test(w)).length, 1);
    assert.doesNotMatch(warnings.join('\n'), /wrong/);
  });
});
