/**
 * The three FTP nodes in a real Node-RED runtime (node-red-node-test-helper) against an embedded
 * FTP server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as iconv from 'iconv-lite';
import { filesIn, startFtpServer, tempDir, waitFor, type FtpTestServer } from './fixtures';
import { collect, credentials, ftpFlow, ftpNodes, helper, statuses, type NodeMessage } from './nodered';

let server: FtpTestServer;
let userDir: string;

function put(rel: string, content: string | Buffer, s: FtpTestServer = server): void {
  const p = s.local(rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

describe('pyramid-ftp nodes', () => {
  beforeEach(async () => {
    server = await startFtpServer();
    userDir = tempDir('userdir');
    helper.settings({ userDir });
  });
  afterEach(async () => {
    await helper.unload();
    await server.stop();
  });

  it('pyramid-ftp-in emits each stable file once with payload, filename, size, mtime and type, then archives it', async () => {
    put('out/Artikeldata_20261128T101500000_0001.xml', '<Artikeldata/>');
    put('out/Lagersaldo_20261128T101600000_0001.xml', '<Lagersaldo/>');
    put('out/notes.txt', 'not matched');
    await helper.load(ftpNodes, ftpFlow(server), credentials(server));
    const got = collect('got');
    await waitFor(() => got.length === 2, 'two files');
    const [a, b] = got;
    assert.ok(Buffer.isBuffer(a.payload));
    assert.equal((a.payload as Buffer).toString(), '<Artikeldata/>');
    assert.equal(a.filename, 'Artikeldata_20261128T101500000_0001.xml');
    assert.equal(a.size, 14);
    assert.match(String(a.mtime), /^\d{4}-\d{2}-\d{2}T/);
    const py = a.pyramid as Record<string, unknown>;
    assert.equal(py.type, 'article');
    assert.equal(py.ack, 'auto');
    assert.equal(py.redelivered, false);
    assert.equal((b.pyramid as Record<string, unknown>).type, 'stock');
    await waitFor(() => filesIn(server.local('out/archive')).length === 2, 'archived');
    assert.deepEqual(filesIn(server.local('out')), ['notes.txt']);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    // the config node pushed its connection status to both users
    assert.ok(statuses('in').includes('pyramid-ftp.status.connected'));
    assert.ok(statuses('out').includes('pyramid-ftp.status.connected'));
    // missing folders were created after the first login
    assert.ok(fs.existsSync(server.local('in')) && fs.existsSync(server.local('out/error')));
    // one shared connection for both nodes, plus pyramid-ftp-in's own second one (checks and archives)
    assert.equal(server.logins.length, 2);
  });

  it('manual ack: the file waits in processing/ until pyramid-ftp-out acks or rejects it', async () => {
    put('out/Kund_1.xml', '<Kund>1</Kund>');
    put('out/Kund_2.xml', '<Kund>2</Kund>');
    await helper.load(ftpNodes, ftpFlow(server, { in: { ack: 'manual' } }), credentials(server));
    const got = collect('got');
    const sent = collect('sent');
    await waitFor(() => got.length === 2, 'two files');
    assert.equal(filesIn(server.local('out/processing')).length, 2);
    const out = helper.getNode('out');
    out.receive({ ...got[0], action: 'ack' });
    out.receive({ ...got[1], action: 'reject', reason: 'Kund_2.xml: Kund[0] (kundnummer 2): namn is missing' });
    await waitFor(() => sent.length === 2, 'ack and reject done');
    assert.deepEqual(filesIn(server.local('out/archive')), ['Kund_1.xml']);
    assert.deepEqual(filesIn(server.local('out/error')), ['Kund_2.xml', 'Kund_2.xml.reason.txt']);
    assert.match(fs.readFileSync(server.local('out/error/Kund_2.xml.reason.txt'), 'utf8'), /namn is missing/);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    assert.equal((sent[0].pyramid as Record<string, unknown>).acked, '/out/archive/Kund_1.xml');
  });

  it('pyramid-ftp-out uploads via a temporary name and sends the msg only after the upload, duplicates not overwritten', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false }), credentials(server));
    const sent = collect('sent');
    const out = helper.getNode('out');
    out.receive({ filename: 'Order_WC-10042.xml', payload: '<Order>1</Order>', topic: 'order' });
    await waitFor(() => sent.length === 1, 'upload confirmed');
    assert.deepEqual(filesIn(server.local('in')), ['Order_WC-10042.xml']);
    const up = (sent[0].pyramid as { upload: Record<string, unknown> }).upload;
    assert.deepEqual(up, { folder: '/in', filename: 'Order_WC-10042.xml', path: '/in/Order_WC-10042.xml', size: 16, duplicate: false });
    assert.equal(sent[0].topic, 'order');
    out.receive({ filename: 'Order_WC-10042.xml', payload: Buffer.from('<Order>changed</Order>') });
    await waitFor(() => sent.length === 2, 'duplicate reported');
    assert.equal((sent[1].pyramid as { upload: { duplicate: boolean } }).upload.duplicate, true);
    assert.equal(fs.readFileSync(server.local('in/Order_WC-10042.xml'), 'utf8'), '<Order>1</Order>');
    assert.ok(statuses('out').includes('pyramid-ftp.status.duplicate'));
  });

  it('pyramid-ftp-out writes a text payload in the code page its builder named (msg.pyramid.encoding), not the server\'s', async () => {
    // the server's code page is UTF-8; the message node built the text in Windows-1252 and its
    // XML declaration says so: the bytes on the server must be Windows-1252 too
    await helper.load(ftpNodes, ftpFlow(server, { in: false }), credentials(server));
    const sent = collect('sent');
    const text = '<?xml version="1.0" encoding="windows-1252"?><Order><Namn>åäö €</Namn></Order>';
    helper.getNode('out').receive({ filename: 'Order_1252.xml', payload: text, pyramid: { encoding: 'windows-1252' } });
    await waitFor(() => sent.length === 1, 'uploaded');
    const written = fs.readFileSync(server.local('in/Order_1252.xml'));
    assert.ok(written.equals(iconv.encode(text, 'win1252')), `written: ${written.toString('hex')}`);
    assert.ok(written.includes(Buffer.from([0xe5, 0xe4, 0xf6, 0x20, 0x80])), 'å ä ö and € as one byte each');
  });

  it('pyramid-ftp-out with a name template, list and delete', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false, out: { action: 'msg', filename: 'Order_{{pyramid.orderId}}.xml' } }), credentials(server));
    const sent = collect('sent');
    const out = helper.getNode('out');
    out.receive({ payload: '<Order/>', pyramid: { orderId: '77' } });
    await waitFor(() => sent.length === 1, 'uploaded');
    assert.deepEqual(filesIn(server.local('in')), ['Order_77.xml']);
    out.receive({ action: 'list' });
    await waitFor(() => sent.length === 2, 'listed');
    assert.deepEqual((sent[1].payload as { name: string }[]).map((e) => e.name), ['Order_77.xml']);
    out.receive({ action: 'delete', filename: 'Order_77.xml' });
    await waitFor(() => sent.length === 3, 'deleted');
    assert.deepEqual(filesIn(server.local('in')), []);
  });

  it('refuses unsafe file names: the error reaches Catch and nothing is written', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false }), credentials(server));
    const caught = collect('caught');
    const sent = collect('sent');
    const out = helper.getNode('out');
    out.receive({ filename: '../../etc/cron.d/x', payload: 'x' });
    out.receive({ filename: 'Order_1.xml\r\nDELE Order_2.xml', payload: 'x' });
    out.receive({ action: 'ack', payload: 'no claim' });
    await waitFor(() => caught.length === 3, 'three errors caught');
    const texts = caught.map((m) => String((m.error as { message: string }).message));
    assert.match(texts[0], /msg\.filename "\.\.\/\.\.\/etc\/cron\.d\/x" contains a path separator/);
    assert.match(texts[1], /control character U\+000D/);
    // (the test runtime has no message catalogue: RED._ returns the key; see the i18n test)
    assert.match(texts[2], /pyramid-ftp\.errors\.noClaim/);
    assert.equal(sent.length, 0);
    assert.deepEqual(filesIn(server.local('in')), []);
    assert.deepEqual(filesIn(path.join(userDir, 'pyramid-ftp', 'outbox', 'srv')), []);
  });

  it('when the server is down the upload waits in the outbox and the msg goes out once it is delivered', async () => {
    await server.stop();
    await helper.load(ftpNodes, ftpFlow(server, { in: false }), credentials(server));
    const sent = collect('sent');
    helper.getNode('out').receive({ filename: 'Order_9.xml', payload: '<Order>9</Order>', topic: 'nine' });
    await waitFor(() => statuses('out').includes('pyramid-ftp.status.outbox'), 'outbox status');
    assert.equal(sent.length, 0);
    // The outbox retries every 0.1-0.3 s while the server is down, and each failed attempt rewrites
    // the entry through a .tmp file: a listing may catch that second file (issue 15). What must
    // hold is one entry (a small one: its record and data in one .entry file), whatever else is
    // written at that moment.
    const outbox = path.join(userDir, 'pyramid-ftp', 'outbox', 'srv');
    const entry = filesIn(outbox).filter((n) => !n.endsWith('.tmp'));
    assert.equal(entry.length, 1, entry.join(', '));
    assert.equal(path.extname(entry[0]), '.entry');
    assert.match(fs.readFileSync(path.join(outbox, entry[0]), 'utf8'), /\n<Order>9<\/Order>$/);
    await server.start();
    await waitFor(() => sent.length === 1, 'delivered after the server came back');
    assert.equal(sent[0].topic, 'nine');
    assert.equal(fs.readFileSync(server.local('in/Order_9.xml'), 'utf8'), '<Order>9</Order>');
    assert.deepEqual(filesIn(path.join(userDir, 'pyramid-ftp', 'outbox', 'srv')), []);
  });

  it('spools big files: msg.filepath instead of msg.payload', async () => {
    const big = Buffer.alloc(300 * 1024, 'x');
    put('out/PrisFullstandig_20261128T000000000_0001.xml', big);
    await helper.load(ftpNodes, ftpFlow(server, { in: { spoolMb: 0.1 } }), credentials(server));
    const got = collect('got');
    await waitFor(() => got.length === 1, 'spooled file');
    assert.equal(got[0].payload, undefined);
    assert.equal(got[0].size, big.length);
    assert.ok(String(got[0].filepath).startsWith(path.join(userDir, 'pyramid-ftp', 'spool')));
    assert.ok(fs.readFileSync(String(got[0].filepath)).equals(big));
    assert.equal((got[0].pyramid as Record<string, unknown>).type, 'price-list');
  });

  it('with interval 0 polls only when a msg arrives (and looks again by itself while a file settles)', async () => {
    put('out/Order_1.xml', '<Order/>');
    await helper.load(ftpNodes, ftpFlow(server, { in: { interval: 0, settle: 0.1 } }), credentials(server));
    const got = collect('got');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(got.length, 0, 'no poll without a msg');
    assert.ok(fs.existsSync(server.local('out/Order_1.xml')));
    helper.getNode('in').receive({ topic: 'poll now' });
    await waitFor(() => got.length === 1, 'the file after one trigger');
    assert.equal(got[0].filename, 'Order_1.xml');
  });

  it('a poll asked for by a msg reports a failure to Catch', async () => {
    await server.stop();
    await helper.load(ftpNodes, ftpFlow(server, { in: { interval: 0 } }), credentials(server));
    const caught = collect('caught');
    helper.getNode('in').receive({ topic: 'poll now' });
    await waitFor(() => caught.length === 1, 'the failure caught');
    assert.match(String((caught[0].error as { message: string }).message), /cannot connect to 127\.0\.0\.1:\d+/);
    assert.equal(caught[0].topic, 'poll now');
    await server.start();
  });

  it('closes every connection on redeploy', async () => {
    put('out/Order_1.xml', 'x');
    await helper.load(ftpNodes, ftpFlow(server), credentials(server));
    const got = collect('got');
    await waitFor(() => got.length === 1, 'polling');
    assert.ok(server.connections >= 1);
    await helper.unload();
    await waitFor(() => server.connections === 0, 'all connections closed');
    // and no poll runs after the close
    const logins = server.logins.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.logins.length, logins);
  });
});

describe('pyramid-ftp nodes on a Windows-1252 server', () => {
  afterEach(async () => {
    await helper.unload();
    await server.stop();
  });

  it('keeps åäö in file names and contents both ways', async () => {
    server = await startFtpServer({ cp1252: true });
    userDir = tempDir('userdir');
    helper.settings({ userDir });
    const content = iconv.encode('<?xml version="1.0" encoding="windows-1252"?><Kund><Namn>Åsa Öberg, Växjö</Namn></Kund>', 'win1252');
    put('out/Kund_Åsa_Öberg.xml', content);
    await helper.load(ftpNodes, ftpFlow(server, { server: { encoding: 'windows-1252' } }), credentials(server));
    const got = collect('got');
    const sent = collect('sent');
    await waitFor(() => got.length === 1, 'file with åäö name');
    assert.equal(got[0].filename, 'Kund_Åsa_Öberg.xml');
    assert.ok((got[0].payload as Buffer).equals(content), 'bytes unchanged');
    // archived after the msg went out (auto ack): wait for it, do not race it
    await waitFor(() => filesIn(server.local('out/archive')).length === 1, 'archived');
    assert.deepEqual(filesIn(server.local('out/archive')), ['Kund_Åsa_Öberg.xml']);

    helper.getNode('out').receive({ filename: 'Order_Björk_&_Söner.xml', payload: '<Order><Namn>Björk & Söner, Göteborg</Namn></Order>' });
    await waitFor(() => sent.length === 1, 'uploaded');
    assert.deepEqual(filesIn(server.local('in')), ['Order_Björk_&_Söner.xml']);
    const written = fs.readFileSync(server.local('in/Order_Björk_&_Söner.xml'));
    assert.ok(written.equals(iconv.encode('<Order><Namn>Björk & Söner, Göteborg</Namn></Order>', 'win1252')), 'string payload written in windows-1252');
    assert.ok(written.includes(0xf6) && !written.includes(0xc3), 'ö is one byte, not UTF-8');
  });
});

describe('credentials', () => {
  afterEach(async () => {
    await helper.unload();
    await server.stop();
  });

  it('are absent from the flow JSON and from every log line, status and error', async () => {
    server = await startFtpServer();
    userDir = tempDir('userdir');
    helper.settings({ userDir });
    const wrong = 'Wr0ng-Secret-Pass-42';
    const flow = ftpFlow(server);
    // a second server whose password is wrong, so logins fail and errors are logged
    flow.push(
      { id: 'bad', type: 'pyramid-ftp-server', host: server.host, port: server.port, outFolder: '/out', inFolder: '/in', retryMin: 0.1, retryMax: 0.3 },
      { id: 'outbad', z: 'f1', type: 'pyramid-ftp-out', server: 'bad', action: 'upload', wires: [['sent']] },
    );
    put('out/Order_1.xml', '<Order/>');
    await helper.load(ftpNodes, flow, { srv: { user: server.user, password: server.password }, bad: { user: server.user, password: wrong } });
    const got = collect('got');
    await waitFor(() => got.length === 1, 'a file');
    helper.getNode('out').receive({ filename: 'Order_2.xml', payload: 'x' });
    helper.getNode('outbad').receive({ filename: 'Order_3.xml', payload: 'x' });
    await waitFor(() => statuses('outbad').includes('pyramid-ftp.status.outbox'), 'failed login queued the upload');
    await waitFor(() => server.logins.length >= 3, 'retries with the wrong password');

    const flowJson = JSON.stringify(helper._redNodes.getFlows().flows);
    assert.ok(flowJson.includes(server.host));
    const logged = JSON.stringify(helper.log().getCalls().map((c) => c.args));
    assert.match(logged, /login to 127\.0\.0\.1:\d+ refused|Login incorrect/, 'the failed login was logged');
    const nodeCalls = JSON.stringify(
      ['status', 'warn', 'error', 'log', 'debug', 'send'].flatMap((m) =>
        helper._NodePrototype[m].getCalls().map((c) => c.args.map((a) => (Buffer.isBuffer(a) ? '' : a))),
      ),
    );
    const onDisk = fs
      .readdirSync(userDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'))
      .join('\n');
    for (const secret of [server.password, wrong]) {
      assert.ok(!flowJson.includes(secret), 'flow JSON');
      assert.ok(!logged.includes(secret), 'log');
      assert.ok(!nodeCalls.includes(secret), 'status, warn, error, send');
      assert.ok(!onDisk.includes(secret), 'outbox and other files in the user dir');
    }

    // the editor's Test connection: stored password used, never returned
    const r = await helper.request().post('/pyramid-ftp-server/test').send({ id: 'srv', host: server.host, port: server.port, password: '__PWRD__', outFolder: '/out', inFolder: '/in' });
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true, String(r.body.message));
    assert.ok(!r.text.includes(server.password));
    // the stored password is not sent to another server than the one it was saved for
    const other = await startFtpServer();
    const elsewhere = await helper.request().post('/pyramid-ftp-server/test').send({ id: 'srv', host: other.host, port: other.port, password: '__PWRD__' });
    assert.equal(elsewhere.body.ok, false);
    assert.ok(!other.passwords.includes(server.password));
    await other.stop();
    const bad = await helper.request().post('/pyramid-ftp-server/test').send({ id: 'bad', host: server.host, port: server.port, user: server.user, password: wrong });
    assert.equal(bad.body.ok, false);
    assert.ok(!bad.text.includes(wrong));

    // a deploy from the editor carries the credentials inline; the flow as saved must not
    const deployed = ftpFlow(server, { in: false }).map((n) =>
      (n as { id: string }).id === 'srv' ? { ...n, credentials: { user: server.user, password: server.password } } : n,
    );
    await helper.setFlows(deployed, 'full');
    const saved = JSON.stringify(helper._redNodes.getFlows().flows);
    assert.ok(!saved.includes(server.password) && !saved.includes('credentials'));
    const sent = collect('sent');
    helper.getNode('out').receive({ filename: 'Order_4.xml', payload: 'x' });
    await waitFor(() => sent.length === 1, 'upload with the deployed credentials');
  });

  it('the Test connection endpoint asks for the pyramid-ftp-server.write permission', async () => {
    server = await startFtpServer();
    userDir = tempDir('userdir');
    helper.settings({ userDir });
    const asked: string[] = [];
    // The test helper runs without admin authentication; this wrapper gives the node an auth API
    // that records the permission asked for and refuses requests without a token, like Node-RED's.
    const withAuth = (red: Record<string, unknown>) => {
      red.auth = {
        needsPermission: (p: string) => {
          asked.push(p);
          return (req: { headers: Record<string, string> }, res: { status(c: number): { end(): void } }, next: () => void) =>
            req.headers.authorization === 'Bearer ok' ? next() : res.status(401).end();
        },
      };
      ftpNodes(red);
    };
    await helper.load(withAuth, ftpFlow(server, { in: false }), credentials(server));
    assert.deepEqual(asked, ['pyramid-ftp-server.write']);
    const refused = await helper.request().post('/pyramid-ftp-server/test').send({ host: server.host, port: server.port });
    assert.equal(refused.status, 401);
    const ok = await helper
      .request()
      .post('/pyramid-ftp-server/test')
      .set('Authorization', 'Bearer ok')
      .send({ host: server.host, port: server.port, user: server.user, password: server.password, outFolder: '/out', inFolder: '/' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ok, true);
    assert.ok(!ok.text.includes(server.password));
  });
});

describe('editor and locale files', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const locale = JSON.parse(fs.readFileSync(path.join(root, 'nodes', 'locales', 'en-US', 'pyramid-ftp.json'), 'utf8')) as Record<string, unknown>;
  function has(key: string): boolean {
    return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), locale) !== undefined;
  }

  it('every message key used by the runtime and the editor is in the en-US catalogue', () => {
    const js = fs.readFileSync(path.join(root, 'nodes', 'pyramid-ftp.ts'), 'utf8');
    const html = fs.readFileSync(path.join(root, 'nodes', 'pyramid-ftp.html'), 'utf8');
    const keys = new Set<string>();
    for (const m of js.matchAll(/\bt\('([a-zA-Z.]+)'/g)) keys.add(`pyramid-ftp.${m[1]}`);
    for (const m of js.matchAll(/'(pyramid-ftp\.status\.[a-zA-Z]+)'/g)) keys.add(m[1]);
    for (const m of html.matchAll(/(?:data-i18n="(?:\[placeholder\])?|_\(')(pyramid-ftp\.[a-zA-Z.]+)/g)) keys.add(m[1]);
    assert.ok(keys.size > 60, `found ${keys.size} keys`);
    const missing = [...keys].filter((k) => !has(k));
    assert.deepEqual(missing, []);
  });

  it('registers the three node types in one file and ships an icon', () => {
    const html = fs.readFileSync(path.join(root, 'nodes', 'pyramid-ftp.html'), 'utf8');
    for (const type of ['pyramid-ftp-server', 'pyramid-ftp-in', 'pyramid-ftp-out']) {
      assert.ok(html.includes(`RED.nodes.registerType('${type}'`), type);
      assert.ok(html.includes(`data-template-name="${type}"`), type);
      assert.ok(html.includes(`data-help-name="${type}"`), type);
    }
    // user and password are credentials on the editor side too, never flow properties
    const server = html.slice(html.indexOf("registerType('pyramid-ftp-server'"), html.indexOf('label: function'));
    assert.match(server, /credentials: \{\s*user: \{ type: 'text' \},\s*password: \{ type: 'password' \}\s*\}/);
    const defaults = server.slice(server.indexOf('defaults:'), server.indexOf('credentials:'));
    assert.ok(!/\b(user|password):/.test(defaults));
    const svg = fs.readFileSync(path.join(root, 'icons', 'pyramid-ftp.svg'), 'utf8');
    assert.match(svg, /viewBox="0 0 40 60"/);
  });
});

export type { NodeMessage };
