import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FtpConnection, FtpError, testConnection, type ConnectionState } from '../../lib/ftp';
import { makeCert, startFtpServer, tempDir, waitFor, type FtpTestServer, type TestCert } from './fixtures';

function states(conn: FtpConnection): ConnectionState[] {
  const seen: ConnectionState[] = [];
  conn.on('state', (s) => seen.push(s));
  return seen;
}

describe('FtpConnection: one queue, one connection', () => {
  let server: FtpTestServer;
  before(async () => {
    server = await startFtpServer();
  });
  after(async () => {
    await server.stop();
  });

  it('runs queued operations one at a time, in order, on a single login', async () => {
    const conn = new FtpConnection(server.options());
    const log: string[] = [];
    const tasks = Array.from({ length: 8 }, (_, i) =>
      conn.run(`t${i}`, async (s) => {
        log.push(`start ${i}`);
        await s.uploadBuffer(Buffer.from(`file ${i}`), `/q${i}.txt`);
        const list = await s.list('/');
        log.push(`end ${i}`);
        return list.length;
      }),
    );
    const results = await Promise.all(tasks);
    assert.equal(results.length, 8);
    assert.deepEqual(log, Array.from({ length: 8 }, (_, i) => [`start ${i}`, `end ${i}`]).flat());
    assert.equal(server.logins.length, 1);
    assert.equal(fs.readFileSync(server.local('q7.txt'), 'utf8'), 'file 7');
    await conn.close();
  });

  it('reconnects by itself after the server drops the connection', async () => {
    const conn = new FtpConnection(server.options());
    const seen = states(conn);
    conn.keepConnected(true);
    await waitFor(() => conn.state === 'connected', 'first connect');
    const loginsBefore = server.logins.length;
    server.dropClients();
    await waitFor(() => seen.includes('disconnected'), 'disconnected state');
    await waitFor(() => conn.state === 'connected', 'reconnect');
    assert.equal(server.logins.length, loginsBefore + 1);
    const list = await conn.run('list', (s) => s.list('/'));
    assert.ok(Array.isArray(list));
    await conn.close();
    assert.equal(conn.state, 'closed');
  });

  it('an operation on a connection that died while idle reconnects instead of failing', async () => {
    const conn = new FtpConnection(server.options({ idleCheckMs: 0 }));
    await conn.connect();
    server.dropClients();
    // no keepConnected: nobody reconnects in the background; the next operation must
    const list = await conn.run('list', (s) => s.list('/'));
    assert.ok(Array.isArray(list));
    await conn.close();
  });

  it('rejects queued operations on close and refuses new ones', async () => {
    const conn = new FtpConnection(server.options());
    let release: () => void = () => undefined;
    const first = conn.run('slow', () => new Promise<string>((r) => (release = () => r('done'))));
    const second = conn.run('queued', async () => 'never');
    await waitFor(() => conn.state === 'connected', 'connected');
    const closing = conn.close(5000);
    release();
    assert.equal(await first, 'done');
    await assert.rejects(second, (e: FtpError) => e.code === 'FTP_CLOSED');
    await closing;
    await assert.rejects(conn.run('late', async () => 1), (e: FtpError) => e.code === 'FTP_CLOSED');
    await waitFor(() => server.connections === 0, 'server sees the connection closed');
  });
});

describe('FtpConnection: server down', () => {
  it('fails fast during backoff, then comes back when the server does', async () => {
    const server = await startFtpServer();
    await server.stop();
    const conn = new FtpConnection(server.options({ reconnectMinMs: 200, reconnectMaxMs: 400 }));
    const seen = states(conn);
    const e1 = await conn.run('list', (s) => s.list('/')).catch((e: FtpError) => e);
    assert.ok(e1 instanceof FtpError && e1.code === 'FTP_CONNECT' && e1.transient, String(e1));
    assert.match(e1.message, /cannot connect to 127\.0\.0\.1:\d+/);
    const e2 = await conn.run('list', (s) => s.list('/')).catch((e: FtpError) => e);
    assert.equal(e2, e1, 'second call inside the backoff window gets the same error without a new attempt');
    assert.ok(seen.includes('disconnected'));
    conn.keepConnected(true);
    await server.start();
    await waitFor(() => conn.state === 'connected', 'reconnect after the server is back');
    await conn.close();
    await server.stop();
  });

  it('gives up on a server that accepts but never answers, after the timeout', async () => {
    // a TCP server that never sends the FTP greeting: a hung server, not a refused connection
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const conn = new FtpConnection({ host: '127.0.0.1', port, timeoutMs: 300 });
    const err = await conn.connect().catch((e: FtpError) => e);
    assert.ok(err instanceof FtpError && err.code === 'FTP_CONNECT' && err.transient, String(err));
    assert.match(err.message, /Timeout/i);
    await conn.close();
    silent.close();
  });

  it('reports a refused login without the password', async () => {
    const server = await startFtpServer();
    const conn = new FtpConnection(server.options({ password: 'wrong-Passw0rd-xyz' }));
    const err = await conn.connect().catch((e: FtpError) => e);
    assert.ok(err instanceof FtpError);
    assert.ok(!err.message.includes('wrong-Passw0rd-xyz'));
    assert.ok(err.transient);
    await conn.close();
    await server.stop();
  });
});

describe('FTPS', () => {
  let dir: string;
  let cert: TestCert;
  let server: FtpTestServer;
  before(async () => {
    dir = tempDir('tls');
    cert = makeCert(dir);
    server = await startFtpServer({ tls: cert });
  });
  after(async () => {
    await server.stop();
  });

  it('refuses a self-signed certificate by default, before sending the login', async () => {
    const before = server.logins.length;
    const conn = new FtpConnection(server.options());
    const err = await conn.connect().catch((e: FtpError) => e);
    assert.ok(err instanceof FtpError && err.code === 'FTP_TLS', String(err));
    assert.match(err.message, /certificate of 127\.0\.0\.1:\d+ rejected/);
    assert.equal(server.logins.length, before);
    await conn.close();
  });

  it('trusts the certificate when given as CA, and transfers over TLS', async () => {
    const conn = new FtpConnection(server.options({ ca: cert.cert }));
    await conn.run('upload', (s) => s.uploadBuffer(Buffer.from('secret data'), '/tls.txt'));
    const back = await conn.run('download', (s) => s.downloadBuffer('/tls.txt'));
    assert.equal(back.toString(), 'secret data');
    const tls = await conn.run('tls', async (s) => s.tls());
    assert.equal(tls?.fingerprint256, cert.fingerprint256);
    await conn.close();
  });

  it('accepts exactly the pinned certificate and refuses another pin before login', async () => {
    const ok = new FtpConnection(server.options({ fingerprint: cert.fingerprint256.toLowerCase() }));
    await ok.connect();
    await ok.close();
    const before = server.logins.length;
    const wrong = new FtpConnection(server.options({ fingerprint: 'AA:'.repeat(31) + 'AA' }));
    const err = await wrong.connect().catch((e: FtpError) => e);
    assert.ok(err instanceof FtpError && err.code === 'FTP_TLS');
    assert.match(err.message, /does not match the pinned fingerprint/);
    assert.equal(server.logins.length, before, 'no login was sent to the unverified server');
    await wrong.close();
  });

  it('speaks implicit TLS', async () => {
    const implicit = await startFtpServer({ tls: cert, implicit: true });
    const conn = new FtpConnection(implicit.options({ ca: cert.cert }));
    await conn.run('upload', (s) => s.uploadBuffer(Buffer.from('x'), '/i.txt'));
    assert.equal(fs.readFileSync(implicit.local('i.txt'), 'utf8'), 'x');
    await conn.close();
    await implicit.stop();
  });

  it('test connection reports the certificate to pin and never the password', async () => {
    const before = server.logins.length;
    const r = await testConnection(server.options(), { out: 'out' });
    assert.equal(r.ok, false);
    assert.equal(r.presentedCertificate?.fingerprint256, cert.fingerprint256);
    assert.equal(server.logins.length, before);
    assert.ok(!JSON.stringify(r).includes(server.password));
    const good = await testConnection(server.options({ fingerprint: cert.fingerprint256 }), { out: 'out', in: '/' });
    assert.equal(good.ok, true, good.message);
    assert.deepEqual(
      good.folders?.map((f) => [f.role, f.exists]),
      [
        ['out', false],
        ['in', true],
      ],
    );
    assert.ok(!JSON.stringify(good).includes(server.password));
  });
});

describe('file names in Windows-1252', () => {
  it('stores and lists åäö names byte-exact on a code-page server', async () => {
    const server = await startFtpServer({ cp1252: true });
    const conn = new FtpConnection(server.options());
    const content = Buffer.from([0x3c, 0x4e, 0x61, 0x6d, 0x6e, 0x3e, 0x42, 0x6a, 0xf6, 0x72, 0x6b, 0x20, 0x26, 0x20, 0x53, 0xf6, 0x6e, 0x65, 0x72, 0x3c, 0x2f, 0x4e, 0x61, 0x6d, 0x6e, 0x3e]);
    await conn.run('mkdir', (s) => s.ensureDir('/in'));
    await conn.run('upload', (s) => s.uploadBuffer(content, '/in/Kund_Björk_Åsa_€.xml'));
    assert.deepEqual(fs.readdirSync(server.local('in')), ['Kund_Björk_Åsa_€.xml']);
    assert.deepEqual(fs.readFileSync(server.local('in', 'Kund_Björk_Åsa_€.xml')), content);
    const list = await conn.run('list', (s) => s.list('/in'));
    assert.deepEqual(list.map((e) => e.name), ['Kund_Björk_Åsa_€.xml']);
    await conn.run('rename', (s) => s.rename('/in/Kund_Björk_Åsa_€.xml', '/in/Kund_Öst.xml'));
    assert.deepEqual(fs.readdirSync(server.local('in')), ['Kund_Öst.xml']);
    await conn.close();
    await server.stop();
  });

  it('uses UTF-8 names on a UTF-8 server', async () => {
    const server = await startFtpServer();
    const conn = new FtpConnection(server.options());
    await conn.run('upload', (s) => s.uploadBuffer(Buffer.from('x'), '/Kund_Ärlig_ö.xml'));
    assert.ok(fs.readdirSync(server.local()).includes('Kund_Ärlig_ö.xml'));
    assert.deepEqual((await conn.run('list', (s) => s.list('/'))).map((e) => e.name), ['Kund_Ärlig_ö.xml']);
    await conn.close();
    await server.stop();
  });
});
