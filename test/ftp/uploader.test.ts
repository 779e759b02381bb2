import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FtpConnection, FtpError, FtpUploader, Outbox, type OutboxEntry, type UploadResult } from '../../lib/ftp';
import { filesIn, freePort, spawnFtpServer, startFtpServer, tempDir, waitFor, type FtpTestServer } from './fixtures';

function uploader(conn: FtpConnection, dir: string, owner = 'up1'): FtpUploader {
  return new FtpUploader(conn, new Outbox(dir, { retryMinMs: 50, retryMaxMs: 200 }), { owner });
}

function nextDelivery(u: FtpUploader): Promise<[OutboxEntry, UploadResult]> {
  return new Promise((resolve) => u.once('delivered', (e, r) => resolve([e, r])));
}

describe('uploads', () => {
  let server: FtpTestServer;
  const written: string[] = [];
  const renamed: [string, string][] = [];
  before(async () => {
    server = await startFtpServer({ hooks: { onWrite: (p) => written.push(p), onRename: (a, b) => void renamed.push([a, b]) } });
  });
  after(async () => {
    await server.stop();
  });

  it('writes under a temporary name and renames into place', async () => {
    const conn = new FtpConnection(server.options());
    const u = uploader(conn, tempDir('outbox'));
    const r = await u.send({ folder: 'in', filename: 'Order_WC-10042.xml', data: Buffer.from('<Order/>') });
    assert.equal(r.state, 'done');
    assert.deepEqual(r.state === 'done' && r.result, { folder: '/in', filename: 'Order_WC-10042.xml', path: '/in/Order_WC-10042.xml', size: 8, duplicate: false });
    assert.deepEqual(written.map((p) => path.basename(p)), ['~Order_WC-10042.xml.up1.part'], 'the final name is never written to');
    assert.deepEqual(renamed, [['/in/~Order_WC-10042.xml.up1.part', '/in/Order_WC-10042.xml']]);
    assert.deepEqual(filesIn(server.local('in')), ['Order_WC-10042.xml']);
    assert.equal(u.outbox.size, 0);
    u.close();
    await conn.close();
  });

  it('reports the same name again as a duplicate and leaves the file alone, unless told to overwrite', async () => {
    const conn = new FtpConnection(server.options());
    const u = uploader(conn, tempDir('outbox'));
    await u.send({ folder: '/in2', filename: 'Order_1.xml', data: Buffer.from('first') });
    const again = await u.send({ folder: '/in2', filename: 'Order_1.xml', data: Buffer.from('second!') });
    assert.equal(again.state, 'done');
    assert.equal(again.state === 'done' && again.result.duplicate, true);
    assert.equal(fs.readFileSync(server.local('in2/Order_1.xml'), 'utf8'), 'first');
    const forced = await u.send({ folder: '/in2', filename: 'Order_1.xml', data: Buffer.from('third'), overwrite: true });
    assert.equal(forced.state === 'done' && forced.result.duplicate, false);
    assert.equal(fs.readFileSync(server.local('in2/Order_1.xml'), 'utf8'), 'third');
    assert.deepEqual(filesIn(server.local('in2')), ['Order_1.xml']);
    u.close();
    await conn.close();
  });

  it('refuses unsafe names before anything is written', async () => {
    const conn = new FtpConnection(server.options());
    const dir = tempDir('outbox');
    const u = uploader(conn, dir);
    for (const filename of ['../etc/passwd', 'a/b.xml', 'x\r\nDELE y', '']) {
      await assert.rejects(u.send({ folder: 'in', filename, data: Buffer.from('x') }), (e: FtpError) => e.code === 'FTP_BAD_NAME', filename);
    }
    await assert.rejects(u.send({ folder: '../up', filename: 'a.xml', data: Buffer.from('x') }), (e: FtpError) => e.code === 'FTP_BAD_NAME');
    assert.deepEqual(filesIn(dir), []);
    u.close();
    await conn.close();
  });

  it('keeps a file the server refuses for good in outbox/failed with the reason', async () => {
    fs.writeFileSync(server.local('notafolder'), 'x');
    const conn = new FtpConnection(server.options());
    const dir = tempDir('outbox');
    const u = uploader(conn, dir);
    await assert.rejects(u.send({ folder: '/notafolder', filename: 'Order_2.xml', data: Buffer.from('<Order/>') }), (e: FtpError) => !e.transient);
    const failed = filesIn(path.join(dir, 'failed'));
    assert.equal(failed.length, 3);
    const data = failed.find((f) => f.endsWith('.data')) as string;
    assert.equal(fs.readFileSync(path.join(dir, 'failed', data), 'utf8'), '<Order/>');
    assert.match(fs.readFileSync(path.join(dir, 'failed', failed.find((f) => f.endsWith('.reason.txt')) as string), 'utf8'), /notafolder/);
    u.close();
    await conn.close();
  });
});

describe('persistent outbox', () => {
  it('retries by itself: a file queued while the server was away is delivered once it is back, without any other trigger', async () => {
    const root = tempDir('root');
    const port = await freePort();
    const conn = new FtpConnection({ host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word', reconnectMinMs: 50, reconnectMaxMs: 100 });
    const u = uploader(conn, tempDir('outbox'));
    const delivered: OutboxEntry[] = [];
    u.on('delivered', (e) => delivered.push(e));
    const r = await u.send({ folder: 'in', filename: 'Order_R.xml', data: Buffer.from('R') });
    assert.equal(r.state, 'queued');
    const server = await startFtpServer({ root, port });
    await waitFor(() => delivered.length === 1, 'delivered by the retry timer');
    assert.equal(delivered[0].filename, 'Order_R.xml');
    assert.deepEqual(filesIn(path.join(root, 'in')), ['Order_R.xml']);
    u.close();
    await conn.close();
    await server.stop();
  });

  it('"retry now" tries at once, also within the reconnect backoff of the connection', async () => {
    // an hour between the outbox's own attempts and a minute of reconnect backoff: only a retry
    // asked for can deliver within this test, and it must not fail fast on the backoff
    const root = tempDir('root');
    const port = await freePort();
    const conn = new FtpConnection({ host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word', reconnectMinMs: 60_000, reconnectMaxMs: 60_000 });
    const u = new FtpUploader(conn, new Outbox(tempDir('outbox'), { retryMinMs: 3_600_000, retryMaxMs: 3_600_000 }), { owner: 'up1' });
    const delivered: OutboxEntry[] = [];
    u.on('delivered', (e) => delivered.push(e));
    const r = await u.send({ folder: 'in', filename: 'Order_N.xml', data: Buffer.from('N') });
    assert.equal(r.state, 'queued');
    const server = await startFtpServer({ root, port });
    const t0 = Date.now();
    u.retryNow();
    await waitFor(() => delivered.length === 1, 'delivered on request');
    assert.ok(Date.now() - t0 < 60_000, 'before the backoff had passed');
    assert.deepEqual(filesIn(path.join(root, 'in')), ['Order_N.xml']);
    u.close();
    await conn.close();
    await server.stop();
  });

  it('keeps uploads while the server is away, across a restart, and delivers them when it is back', async () => {
    const root = tempDir('root');
    const port = await freePort();
    const outboxDir = tempDir('outbox');
    const opts = { host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word', reconnectMinMs: 50, reconnectMaxMs: 100 };
    // first life: no server
    const conn1 = new FtpConnection(opts);
    const u1 = uploader(conn1, outboxDir);
    const r1 = await u1.send({ folder: 'in', filename: 'Order_A.xml', data: Buffer.from('A'), meta: { nodeId: 'n1', msg: { topic: 'a' } } });
    const r2 = await u1.send({ folder: 'in', filename: 'Order_B.xml', data: Buffer.from('B') });
    assert.equal(r1.state, 'queued');
    assert.equal(r2.state, 'queued');
    assert.ok(r1.state === 'queued' && r1.error.transient);
    assert.equal(u1.outbox.size, 2);
    u1.close();
    await conn1.close();
    // small entries: one .entry file each (description line, then the data)
    assert.deepEqual(filesIn(outboxDir).map((n) => path.extname(n)), ['.entry', '.entry']);
    const reloaded = new Outbox(outboxDir);
    assert.deepEqual(
      (await reloaded.load()).map((e) => [e.filename, e.attempts > 0]),
      [
        ['Order_A.xml', true],
        ['Order_B.xml', true],
      ],
      'the failed attempt was written into the entry',
    );

    // second life: the server is up, a new uploader finds the outbox
    const server = await startFtpServer({ root, port });
    const conn2 = new FtpConnection(opts);
    const u2 = uploader(conn2, outboxDir);
    const delivered: [OutboxEntry, UploadResult][] = [];
    u2.on('delivered', (e, r) => delivered.push([e, r]));
    await u2.start();
    await waitFor(() => delivered.length === 2, 'both delivered');
    assert.deepEqual(delivered.map(([e]) => e.filename), ['Order_A.xml', 'Order_B.xml'], 'in arrival order');
    assert.deepEqual(delivered[0][0].meta, { nodeId: 'n1', msg: { topic: 'a' } });
    assert.deepEqual(filesIn(path.join(root, 'in')), ['Order_A.xml', 'Order_B.xml']);
    assert.deepEqual(filesIn(outboxDir), []);
    u2.close();
    await conn2.close();
    await server.stop();
  });

  it('the server killed in the middle of an upload: exactly one complete file after recovery', async () => {
    const root = tempDir('root');
    const port = await freePort();
    const payload = randomBytes(6 * 1024 * 1024);
    const dying = await spawnFtpServer({ root, port, killAfterBytes: 1024 * 1024 });
    const conn = new FtpConnection({ host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word', reconnectMinMs: 50, reconnectMaxMs: 100 });
    const u = uploader(conn, tempDir('outbox'));
    const first = await u.send({ folder: 'in', filename: 'PrisFullstandig_big.xml', data: payload });
    assert.equal(await dying.exited, 'SIGKILL');
    assert.equal(first.state, 'queued', 'the interrupted upload waits in the outbox');
    const partial = filesIn(path.join(root, 'in'));
    assert.deepEqual(partial, ['~PrisFullstandig_big.xml.up1.part'], 'only the temporary name saw the partial data');
    assert.ok(fs.statSync(path.join(root, 'in', partial[0])).size < payload.length);

    const server = await startFtpServer({ root, port });
    const delivered = nextDelivery(u);
    u.retryNow();
    const [, result] = await delivered;
    assert.equal(result.duplicate, false);
    assert.deepEqual(filesIn(path.join(root, 'in')), ['PrisFullstandig_big.xml']);
    assert.ok(fs.readFileSync(path.join(root, 'in', 'PrisFullstandig_big.xml')).equals(payload));
    assert.equal(u.outbox.size, 0);
    u.close();
    await conn.close();
    await server.stop();
  });

  it('delivers what the two-file layout of an earlier version left (<id>.data and <id>.json), after an upgrade', async () => {
    const root = tempDir('root');
    const outboxDir = tempDir('outbox');
    const old = (id: string, filename: string, data: string, meta?: unknown): void => {
      fs.writeFileSync(path.join(outboxDir, `${id}.data`), data);
      const entry: OutboxEntry = { id, folder: 'in', filename, overwrite: false, size: Buffer.byteLength(data), createdAt: '2026-12-01T10:00:00.000Z', attempts: 3, nextAttemptAt: 0, lastError: 'down', ...(meta ? { meta } : {}) };
      fs.writeFileSync(path.join(outboxDir, `${id}.json`), JSON.stringify(entry));
    };
    old('000001764583200000-000001-aaaaaaaa', 'Order_OLD1.xml', '<Order>old 1</Order>', { nodeId: 'n1', msg: { topic: 'old' } });
    old('000001764583200001-000002-aaaaaaaa', 'Order_OLD2.xml', '<Order>old 2</Order>');
    const server = await startFtpServer({ root });
    const conn = new FtpConnection(server.options());
    const u = uploader(conn, outboxDir);
    const delivered: OutboxEntry[] = [];
    u.on('delivered', (e) => delivered.push(e));
    await u.start();
    // a new entry beside them, in the new layout
    const r = await u.send({ folder: 'in', filename: 'Order_NEW.xml', data: Buffer.from('<Order>new</Order>') });
    assert.equal(r.state, 'done');
    await waitFor(() => delivered.length === 2, 'both old entries delivered');
    assert.deepEqual(delivered.map((e) => e.filename), ['Order_OLD1.xml', 'Order_OLD2.xml']);
    assert.deepEqual(delivered[0].meta, { nodeId: 'n1', msg: { topic: 'old' } });
    assert.deepEqual(filesIn(path.join(root, 'in')), ['Order_NEW.xml', 'Order_OLD1.xml', 'Order_OLD2.xml']);
    assert.equal(fs.readFileSync(path.join(root, 'in', 'Order_OLD2.xml'), 'utf8'), '<Order>old 2</Order>');
    assert.deepEqual(filesIn(outboxDir), []);
    u.close();
    await conn.close();
    await server.stop();
  });

  it('sets aside entries it cannot read instead of dropping or retrying them forever', async () => {
    const dir = tempDir('outbox');
    fs.writeFileSync(path.join(dir, '000000000000001-000001-aaaaaaaa.json'), '{ not json');
    fs.writeFileSync(path.join(dir, '000000000000001-000001-aaaaaaaa.data'), 'x');
    fs.writeFileSync(path.join(dir, '000000000000002-000001-bbbbbbbb.data'), 'orphan');
    fs.writeFileSync(path.join(dir, 'leftover.json.tmp'), '');
    // one-file entries: one cut short by a crash (its data shorter than its description says),
    // one whose data was changed (CRC), one without a description line
    const writer = new Outbox(tempDir('outbox'));
    const good = await writer.add({ folder: 'in', filename: 'Order_C.xml', data: Buffer.from('<Order>C</Order>') });
    const whole = fs.readFileSync(path.join(writer.dir, `${good.id}.entry`));
    const cut = '000000000000003-000001-cccccccc';
    fs.writeFileSync(path.join(dir, `${cut}.entry`), Buffer.from(whole.toString('utf8').replace(good.id, cut)).subarray(0, whole.length - 3));
    const changed = '000000000000004-000001-dddddddd';
    fs.writeFileSync(path.join(dir, `${changed}.entry`), whole.toString('utf8').replace(good.id, changed).replace('<Order>C', '<Order>X'));
    fs.writeFileSync(path.join(dir, '000000000000005-000001-eeeeeeee.entry'), '');
    const o = new Outbox(dir);
    assert.deepEqual(await o.load(), []);
    assert.deepEqual(filesIn(dir), []);
    assert.deepEqual(filesIn(path.join(dir, 'failed')), [
      '000000000000001-000001-aaaaaaaa.data',
      '000000000000001-000001-aaaaaaaa.json',
      '000000000000001-000001-aaaaaaaa.reason.txt',
      '000000000000002-000001-bbbbbbbb.data',
      '000000000000002-000001-bbbbbbbb.reason.txt',
      `${cut}.entry`,
      `${cut}.reason.txt`,
      `${changed}.entry`,
      `${changed}.reason.txt`,
      '000000000000005-000001-eeeeeeee.entry',
      '000000000000005-000001-eeeeeeee.reason.txt',
    ]);
    assert.match(fs.readFileSync(path.join(dir, 'failed', `${cut}.reason.txt`), 'utf8'), /cut short/);
    // the whole one loads, with its data
    const reread = new Outbox(writer.dir);
    const [e] = await reread.load();
    assert.equal(e.filename, 'Order_C.xml');
    assert.equal((await reread.readData(e)).toString(), '<Order>C</Order>');
  });
});
