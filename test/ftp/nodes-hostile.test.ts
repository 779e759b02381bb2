/**
 * pyramid-ftp-in in a real Node-RED runtime against an embedded ftp-srv: names it cannot handle
 * never hold up other files (issue 14), a writer pausing 5 s between pieces is not cut with the
 * default settle time (issue 14), and a slow flow keeps its file: the lease is renewed (issue 11).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseClaimName, quarantineName } from '../../lib/ftp';
import { filesIn, startFtpServer, tempDir, waitFor, type FtpTestServer, type ServerHooks } from './fixtures';
import { collect, credentials, ftpFlow, ftpNodes, helper, type NodeMessage } from './nodered';

let server: FtpTestServer;
const hooks: ServerHooks = {};

function put(rel: string, content: string | Buffer): void {
  const p = server.local(rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

/** What the node warned about (node.warn), as text. */
function warned(id: string): string[] {
  return helper._NodePrototype.warn
    .getCalls()
    .filter((c) => (c.thisValue as { id?: string } | undefined)?.id === id)
    .map((c) => String(c.args[0]));
}

describe('pyramid-ftp-in and hostile files', () => {
  beforeEach(async () => {
    for (const k of Object.keys(hooks)) delete hooks[k as keyof ServerHooks];
    server = await startFtpServer({ hooks });
    helper.settings({ userDir: tempDir('userdir') });
  });
  afterEach(async () => {
    await helper.unload();
    await server.stop();
  });

  it('bad names are quarantined or skipped with one warning, and every other file is emitted in the same poll', async () => {
    const bad = [' Lagersaldo_lead.xml', 'Lagersaldo:colon.xml', 'Lagersaldo*star.xml', 'CON.xml', `Lagersaldo_${'y'.repeat(200)}.xml`];
    const stuck = ['Lagersaldo\nlf.xml', 'Lagersaldo\rcr.xml', 'Lagersaldo\\back.xml'];
    const good = ['Artikeldata_20261128T101500000_0001.xml', 'Lagersaldo_20261128T101600000_0001.xml', 'Lagersaldo_20261128T101600000_0002.xml'];
    for (const n of [...bad, ...stuck, ...good]) put(`out/${n}`, `<x n=${JSON.stringify(n)}/>`);
    let listings = 0;
    hooks.onList = (p) => {
      if (p === '/out') listings++;
    };
    await helper.load(ftpNodes, ftpFlow(server, { in: { interval: 0.2, settle: 0 } }), credentials(server));
    const got = collect('got');
    const caught = collect('caught');
    const atListing: number[] = [];
    helper.getNode('got').on('input', () => atListing.push(listings));
    await waitFor(() => got.length === good.length, 'every good file');
    // the good files came out of one poll (no listing between them): the bad ones, sorting before
    // and after them, held none back
    assert.deepEqual(got.map((m) => m.filename), good);
    assert.equal(new Set(atListing).size, 1, `emitted after listings ${atListing.join(', ')}`);
    await waitFor(() => caught.length === bad.length, 'one error per quarantined file');
    for (const n of bad) {
      const safe = quarantineName(n);
      assert.ok(fs.existsSync(server.local('out/error', safe)), safe);
      assert.ok(fs.readFileSync(server.local('out/error', `${safe}.reason.txt`), 'utf8').includes(JSON.stringify(n)));
    }
    assert.ok(caught.every((m) => /moved to \/out\/error\//.test(String((m.error as { message: string }).message))));
    // more polls: still exactly one warning per name that cannot even be moved, and no more errors
    const seen = listings;
    await waitFor(() => listings >= seen + 10, 'ten more polls');
    const w = warned('in');
    assert.equal(w.length, stuck.length, w.join('\n'));
    for (const n of stuck) assert.ok(w.some((t) => t.includes(JSON.stringify(n))), n);
    assert.equal(caught.length, bad.length);
    assert.deepEqual(filesIn(server.local('out')).sort(), [...stuck].sort());
    assert.deepEqual(filesIn(server.local('out/archive')), good);
  });

  it('an empty file goes to error/ with its reason and reaches Catch once', async () => {
    put('out/Lagersaldo_20261128T101600000_0001.xml', '');
    put('out/Lagersaldo_20261128T101600000_0002.xml', '<Lagersaldo/>');
    await helper.load(ftpNodes, ftpFlow(server), credentials(server));
    const got = collect('got');
    const caught = collect('caught');
    await waitFor(() => got.length === 1 && caught.length === 1, 'the good file and the error');
    assert.match(String((caught[0].error as { message: string }).message), /_0001\.xml: the file is empty \(0 bytes\)/);
    assert.deepEqual(filesIn(server.local('out/error')), ['Lagersaldo_20261128T101600000_0001.xml', 'Lagersaldo_20261128T101600000_0001.xml.reason.txt']);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
  });

  it('default settle time: a file written under its final name with 5 s pauses is taken once, whole', async () => {
    const name = 'Lagersaldo_20261128T101600000_0001.xml';
    const pieces = ['<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo>', '<Artikel><Artikelkod>1</Artikelkod></Artikel>', '<Artikel><Artikelkod>2</Artikelkod></Artikel></Lagersaldo>\n'];
    fs.mkdirSync(server.local('out'), { recursive: true });
    // settle left out of the flow: the node's default (10 s) applies
    await helper.load(ftpNodes, ftpFlow(server, { in: { interval: 1, settle: undefined } }), credentials(server));
    const got = collect('got');
    // Like Pyramid's slow writer (sim/pyramid slowWrite): one open file, a piece, a 5 s pause, ...
    const fh = await fs.promises.open(server.local('out', name), 'w');
    for (const [i, piece] of pieces.entries()) {
      await fh.write(piece);
      await fh.sync();
      if (i < pieces.length - 1) {
        await new Promise((r) => setTimeout(r, 5000)); // the writer's pause is the scenario, not a wait
        assert.equal(got.length, 0, `not taken during pause ${i + 1}`);
        assert.deepEqual(filesIn(server.local('out/error')), []);
      }
    }
    await fh.close();
    await waitFor(() => got.length === 1, 'the whole file', 60000);
    assert.equal((got[0].payload as Buffer).toString(), pieces.join(''));
    assert.equal((got[0].pyramid as { redelivered: boolean }).redelivered, false);
    assert.deepEqual(filesIn(server.local('out/error')), []);
    await waitFor(() => filesIn(server.local('out/archive')).length === 1, 'archived');
  });

  it('a slow flow keeps its file: the lease is renewed well before it runs out, no redelivery, and the ack finds the file', async () => {
    const name = 'PrisFullstandig_20261128T000000000_0001.xml';
    put(`out/${name}`, '<PrisFullstandig/>');
    const renewals: number[] = [];
    hooks.onRename = (from, to) => {
      if (from.includes('/processing/') && to.includes('/processing/')) renewals.push(Date.now());
    };
    const leaseS = 3;
    await helper.load(ftpNodes, ftpFlow(server, { in: { ack: 'manual', lease: leaseS, interval: 0.2, settle: 0 } }), credentials(server));
    const got = collect('got');
    const sent = collect('sent');
    await waitFor(() => got.length === 1, 'the file');
    const emittedAt = Date.now();
    const firstLease = Date.parse(String((got[0].pyramid as { leaseUntil: string }).leaseUntil));
    // The flow works on it for several lease periods (the condition: renewed at least 4 times,
    // which takes at least 4 half-leases, and its first lease long gone).
    await waitFor(() => renewals.length >= 4 && Date.now() > firstLease + 2 * leaseS * 1000, 'several lease periods', 60000);
    assert.ok(Date.now() - emittedAt > 2 * leaseS * 1000);
    assert.equal(got.length, 1, 'never delivered again');
    const [held] = filesIn(server.local('out/processing'));
    assert.ok((parseClaimName(held)?.leaseUntil ?? 0) > Date.now(), 'the lease in processing/ is still ahead');
    // the ack carries the claim name of the first delivery
    helper.getNode('out').receive({ ...(got[0] as NodeMessage), action: 'ack' });
    await waitFor(() => sent.length === 1, 'acked');
    assert.equal((sent[0].pyramid as { acked: string }).acked, `/out/archive/${name}`);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    const after = renewals.length;
    await waitFor(() => Date.now() > firstLease + 4 * leaseS * 1000, 'more lease periods after the ack');
    assert.equal(renewals.length, after, 'nothing renewed after the ack');
    assert.equal(got.length, 1);
  });

  it('release: the flow gives a file up for now (shop down), renewal stops and the file comes back after the lease', async () => {
    put('out/Lagersaldo_20261128T101600000_0001.xml', '<Lagersaldo/>');
    const renewals: [string, string][] = [];
    hooks.onRename = (from, to) => {
      if (from.includes('/processing/') && to.includes('/processing/')) renewals.push([path.basename(from), path.basename(to)]);
    };
    const leaseS = 2;
    await helper.load(ftpNodes, ftpFlow(server, { in: { ack: 'manual', lease: leaseS, interval: 0.2, settle: 0 } }), credentials(server));
    const got = collect('got');
    const sent = collect('sent');
    const caught = collect('caught');
    await waitFor(() => got.length === 1, 'the file');
    await waitFor(() => renewals.length >= 1, 'renewed once');
    helper.getNode('out').receive({ ...(got[0] as NodeMessage), action: 'release' });
    await waitFor(() => sent.length === 1, 'released');
    const released = String((sent[0].pyramid as { released: string }).released);
    assert.equal(released, filesIn(server.local('out/processing'))[0], 'the current claim name');
    await waitFor(() => got.length === 2, 'delivered again after the lease');
    assert.equal((got[1].pyramid as { redelivered: boolean }).redelivered, true);
    assert.ok(Date.now() >= (parseClaimName(released)?.leaseUntil ?? Infinity), 'not before the lease ended');
    // the released claim was not renewed: its only rename is the new delivery's claim
    assert.deepEqual(
      renewals.filter(([from]) => from === released),
      [[released, String((got[1].pyramid as { claim: string }).claim)]],
    );
    // releasing a claim this runtime no longer holds is an error that names it
    helper.getNode('out').receive({ ...(got[0] as NodeMessage), action: 'release' });
    await waitFor(() => caught.length === 1, 'refused');
    assert.match(String((caught[0].error as { message: string }).message), /pyramid-ftp\.errors\.notHeld/);
  });
});
