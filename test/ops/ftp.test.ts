/**
 * lib/ops FTP views and actions against a real FTP server (ftp-srv in this process): processing/
 * claims parsed by lib/ftp's rules, error/ with reason texts, replay and archive, name checks and
 * collisions. Nothing is ever deleted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FtpConnection, claimName } from '../../lib/ftp';
import { archiveErrorFile, listFtpOps, outboxView, replayErrorFile } from '../../lib/ops';
import { startFtpServer, type FtpTestServer } from '../ftp/fixtures';

const folders = { processing: '/out/processing', archive: '/out/archive', error: '/out/error' };

describe('lib/ops on an FTP server', () => {
  let ftp: FtpTestServer;
  let conn: FtpConnection;

  before(async () => {
    ftp = await startFtpServer();
    conn = new FtpConnection(ftp.options());
  });
  after(async () => {
    await conn?.close(500);
    await ftp?.stop();
  });

  const write = (rel: string, text: string) => {
    const p = ftp.local(...rel.split('/'));
    fs.mkdirSync(p.slice(0, p.lastIndexOf('/')), { recursive: true });
    fs.writeFileSync(p, text);
  };

  it('lists nothing (and fails nothing) before the folders exist', async () => {
    const l = await conn.run('list', (s) => listFtpOps(s, folders));
    assert.deepEqual(l, { processing: [], errors: [], orphanReasons: [], errorsTruncated: false });
  });

  it('lists claims with holder and lease, and error files with their reasons', async () => {
    const now = Date.UTC(2026, 11, 2, 9, 0, 0);
    const live = claimName('Lagersaldo_20261128T101500000_0001.xml', 'abcd1234', now + 600_000);
    const stale = claimName('Artikeldata_20261128T101500000_0001.xml', 'ffff0000', now - 1000);
    write(`out/processing/${live}`, '<Lagersaldo/>');
    write(`out/processing/${stale}`, '<Artikeldata/>');
    write('out/processing/stray.txt', 'x');
    // delivered for the third time (lib/ftp's claim names carry the delivery number)
    write('out/processing/Kund_20261128T101500000_0001.xml~abcd1234~20261202T091000Z~3.claim', '<Kund/>');
    write('out/error/Order_1.xml', '<Order/>');
    write('out/error/Order_1.xml.reason.txt', 'file: Order_1.xml\r\nrejected: 2026-12-02T09:00:00.000Z\r\nreason: Rad[1]: antal "x" is not a number\r\n');
    write('out/error/Kund_2.xml', '<Kund/>');
    write('out/error/gone.xml.reason.txt', 'reason: the file was moved by hand\r\n');
    write('out/error/Big_3.xml', '<Big/>');
    write('out/error/Big_3.xml.reason.txt', 'reason: ' + 'å'.repeat(5000));

    const l = await conn.run('list', (s) => listFtpOps(s, folders, { now, maxReasonBytes: 100 }));
    assert.deepEqual(
      l.processing.map((p) => [p.original ?? p.claim, p.holder, p.leaseUntil, p.expired, p.local]),
      [
        ['Artikeldata_20261128T101500000_0001.xml', 'ffff0000', new Date(now - 1000).toISOString(), true, false],
        ['Kund_20261128T101500000_0001.xml', 'abcd1234', new Date(now + 600_000).toISOString(), false, false],
        ['Lagersaldo_20261128T101500000_0001.xml', 'abcd1234', new Date(now + 600_000).toISOString(), false, false],
        ['stray.txt', undefined, undefined, undefined, false],
      ],
    );
    assert.deepEqual(l.processing.map((p) => p.deliveries), [1, 3, 1, undefined]);
    // not held by this process: "since" is the file's time on the server, and says so
    assert.equal(l.processing[0].sinceIsClaim, false);
    assert.ok(l.processing[0].since);
    const byName = Object.fromEntries(l.errors.map((e) => [e.name, e]));
    assert.deepEqual(Object.keys(byName).sort(), ['Big_3.xml', 'Kund_2.xml', 'Order_1.xml']);
    assert.equal(byName['Order_1.xml'].reason, 'file: Order_1.xml\nrejected: 2026-12-02T09:00:00.000Z\nreason: Rad[1]: antal "x" is not a number');
    assert.equal(byName['Kund_2.xml'].reason, undefined);
    assert.equal(byName['Kund_2.xml'].reasonFile, undefined);
    assert.ok((byName['Big_3.xml'].reason ?? '').endsWith('…'));
    assert.ok((byName['Big_3.xml'].reason ?? '').length < 110);
    assert.deepEqual(l.orphanReasons, ['gone.xml.reason.txt']);

    const few = await conn.run('list', (s) => listFtpOps(s, folders, { now, maxErrors: 2, maxReasons: 0 }));
    assert.equal(few.errors.length, 2);
    assert.equal(few.errorsTruncated, true);
    assert.ok(few.errors.every((e) => e.reason === undefined));
  });

  it('replays a file into the polled folder and its reason into archive/; refuses to overwrite', async () => {
    const r = await conn.run('replay', (s) => replayErrorFile(s, folders, 'Order_1.xml', '/out'));
    assert.equal(r.file, '/out/Order_1.xml');
    assert.equal(r.reason, '/out/archive/Order_1.xml.reason.txt');
    assert.equal(fs.readFileSync(ftp.local('out', 'Order_1.xml'), 'utf8'), '<Order/>');
    assert.ok(!fs.existsSync(ftp.local('out', 'error', 'Order_1.xml')));
    assert.ok(!fs.existsSync(ftp.local('out', 'error', 'Order_1.xml.reason.txt')));

    // the same name fails again, is replayed again while the first copy still waits: refused
    write('out/error/Order_1.xml', '<Order>2</Order>');
    write('out/error/Order_1.xml.reason.txt', 'reason: again');
    await assert.rejects(conn.run('replay', (s) => replayErrorFile(s, folders, 'Order_1.xml', '/out')), /already exists/);
    assert.ok(fs.existsSync(ftp.local('out', 'error', 'Order_1.xml')));
    fs.rmSync(ftp.local('out', 'Order_1.xml'));
    const again = await conn.run('replay', (s) => replayErrorFile(s, folders, 'Order_1.xml', '/out'));
    // a reason of that name is already in archive/: kept beside it under a time-stamped name
    assert.match(again.reason ?? '', /^\/out\/archive\/Order_1\.xml\.\d{8}T\d{9}\.reason\.txt$/);
    assert.equal(fs.readFileSync(ftp.local('out', 'archive', 'Order_1.xml.reason.txt'), 'utf8').includes('Rad[1]'), true);
  });

  it('archives a file and its reason, never deleting; refuses names that are not plain files of error/', async () => {
    const r = await conn.run('remove', (s) => archiveErrorFile(s, folders, 'Big_3.xml'));
    assert.deepEqual(r, { file: '/out/archive/Big_3.xml', reason: '/out/archive/Big_3.xml.reason.txt' });
    write('out/error/Big_3.xml', '<Big>2</Big>');
    const r2 = await conn.run('remove', (s) => archiveErrorFile(s, folders, 'Big_3.xml'));
    assert.match(r2.file, /^\/out\/archive\/Big_3\.xml\.\d{8}T\d{9}$/);
    assert.equal(r2.reason, undefined);
    assert.equal(fs.readFileSync(ftp.local('out', 'archive', 'Big_3.xml'), 'utf8'), '<Big/>');

    for (const bad of ['../in/x.xml', 'a/b.xml', 'Kund_2.xml.reason.txt', '', 'x\r\nDELE y']) {
      await assert.rejects(conn.run('remove', (s) => archiveErrorFile(s, folders, bad)), (e: Error & { code?: string }) => e.code === 'FTP_BAD_NAME', bad);
    }
    await assert.rejects(conn.run('remove', (s) => archiveErrorFile(s, folders, 'missing.xml')), (e: Error & { code?: string }) => e.code === 'FTP_NOT_FOUND');
  });

  it('shows outbox entries without their msg and without secrets', () => {
    const v = outboxView(
      [{ id: '1', folder: '/in', filename: 'Order_9.xml', overwrite: false, size: 3, createdAt: '2026-12-02T09:00:00.000Z', attempts: 2, nextAttemptAt: 0, lastError: 'login as u with pw S3cr3t failed', meta: { msg: { token: 'private' } } }],
      ['S3cr3t'],
    );
    assert.deepEqual(v, [{ id: '1', file: 'Order_9.xml', folder: '/in', size: 3, attempts: 2, lastError: 'login as u with pw *** failed', created: '2026-12-02T09:00:00.000Z', nextAttempt: '1970-01-01T00:00:00.000Z' }]);
  });
});
