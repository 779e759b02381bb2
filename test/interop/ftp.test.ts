/**
 * The FTP transport against Debian's vsftpd and pure-ftpd, plain FTP and explicit FTPS with a
 * self-signed certificate. The servers are installed and started by `.ci/interop-ftp.sh start`
 * (as root), which writes servers.json; this suite reads it and checks files on the servers' disks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as iconv from 'iconv-lite';
import {
  FtpConnection,
  FtpError,
  FtpUploader,
  Outbox,
  ackClaim,
  forgetClaim,
  quarantineName,
  rejectClaim,
  testConnection,
  type FtpServerOptions,
  type PolledFile,
} from '../../lib/ftp';
import { tempDir } from '../ftp/fixtures';
import { FtpPoller } from '../ftp/pyramid-poller';

interface InteropConfig {
  password: string;
  caFile: string;
  fingerprint256: string;
  servers: { name: string; host: string; port: number; user: string; root: string }[];
}

const configFile = path.join(process.env.PYRAMID_FTP_INTEROP_DIR || '/tmp/pyramid-ftp-interop', 'servers.json');

function loadConfig(): InteropConfig {
  if (!fs.existsSync(configFile)) {
    throw new Error(`${configFile} is missing: start the servers first with \`.ci/interop-ftp.sh start\` (as root)`);
  }
  return JSON.parse(fs.readFileSync(configFile, 'utf8')) as InteropConfig;
}

let config: InteropConfig | undefined;
let loadError: Error | undefined;
try {
  config = loadConfig();
} catch (err) {
  loadError = err as Error;
}

if (!config) {
  it('needs the interop FTP servers', () => {
    throw loadError;
  });
}

const run = `it${Date.now().toString(36)}`;
const connections: FtpConnection[] = [];
after(async () => {
  for (const c of connections) await c.close(0);
});

function connect(o: FtpServerOptions): FtpConnection {
  const c = new FtpConnection(o);
  connections.push(c);
  return c;
}

for (const server of config?.servers ?? []) {
  const cfg = config as InteropConfig;
  const ca = fs.readFileSync(cfg.caFile, 'utf8');
  for (const mode of ['plain', 'ftps'] as const) {
    const base = `/${run}-${mode}`;
    const local = (...p: string[]) => path.join(server.root, base, ...p);
    const options = (extra: Partial<FtpServerOptions> = {}): FtpServerOptions => ({
      host: server.host,
      port: server.port,
      user: server.user,
      password: cfg.password,
      timeoutMs: 10000,
      reconnectMinMs: 100,
      reconnectMaxMs: 500,
      ...(mode === 'ftps' ? { secure: 'explicit', ca } : {}),
      ...extra,
    });
    const folders = { folder: `${base}/out`, processing: `${base}/out/processing`, archive: `${base}/out/archive`, error: `${base}/out/error` };

    describe(`${server.name}, ${mode === 'ftps' ? 'explicit FTPS' : 'plain FTP'}`, () => {
      it('test connection logs in and sees the folders', async () => {
        const conn = connect(options());
        await conn.run('folders', async (s) => {
          for (const f of [folders.folder, `${base}/in`]) await s.ensureDir(f);
        });
        const r = await testConnection(options(), { out: folders.folder, in: `${base}/in`, error: folders.error });
        assert.equal(r.ok, true, r.message);
        assert.deepEqual(r.folders?.map((f) => f.exists), [true, true, false]);
        if (mode === 'ftps') assert.equal(r.tls?.fingerprint256, cfg.fingerprint256);
        assert.ok(!JSON.stringify(r).includes(cfg.password));
      });

      it('uploads under a temporary name, renames into place, and reports duplicates', async () => {
        const conn = connect(options());
        const u = new FtpUploader(conn, new Outbox(tempDir('outbox')), { owner: 'interop' });
        const first = await u.send({ folder: `${base}/in`, filename: 'Order_WC-10042.xml', data: Buffer.from('<Order>1</Order>') });
        assert.equal(first.state, 'done', first.state === 'queued' ? first.error.message : '');
        assert.deepEqual(fs.readdirSync(local('in')), ['Order_WC-10042.xml']);
        assert.equal(fs.readFileSync(local('in', 'Order_WC-10042.xml'), 'utf8'), '<Order>1</Order>');
        const dup = await u.send({ folder: `${base}/in`, filename: 'Order_WC-10042.xml', data: Buffer.from('<Order>2</Order>') });
        assert.equal(dup.state === 'done' && dup.result.duplicate, true);
        assert.equal(fs.readFileSync(local('in', 'Order_WC-10042.xml'), 'utf8'), '<Order>1</Order>');
        const forced = await u.send({ folder: `${base}/in`, filename: 'Order_WC-10042.xml', data: Buffer.from('<Order>3</Order>'), overwrite: true });
        assert.equal(forced.state === 'done' && forced.result.duplicate, false);
        assert.equal(fs.readFileSync(local('in', 'Order_WC-10042.xml'), 'utf8'), '<Order>3</Order>');
        assert.deepEqual(fs.readdirSync(local('in')), ['Order_WC-10042.xml'], 'no temporary file left');
        u.close();
      });

      it('polls: waits for a stable file, claims it, acks and rejects', async () => {
        const conn = connect(options());
        let clock = Date.now();
        const p = new FtpPoller(conn, { ...folders, owner: `io${mode}`, ack: 'manual', settleMs: 2000, now: () => clock });
        await conn.run('mkdir', (s) => s.ensureDir(folders.folder));
        fs.writeFileSync(local('out', 'Artikeldata_20261128T101500000_0001.xml'), '<Artikeldata>');
        fs.writeFileSync(local('out', 'Kund_20261128T101500000_0001.xml'), '<Kund/>');
        const files: PolledFile[] = [];
        const take = (f: PolledFile) => {
          files.push(f);
        };
        await p.cycle(take);
        assert.equal(files.length, 0, 'first look');
        clock += 2500;
        fs.appendFileSync(local('out', 'Artikeldata_20261128T101500000_0001.xml'), '</Artikeldata>');
        await p.cycle(take);
        assert.deepEqual(files.map((f) => f.filename), ['Kund_20261128T101500000_0001.xml'], 'the growing file waits');
        clock += 2500;
        await p.cycle(take);
        assert.deepEqual(files.map((f) => f.filename), ['Kund_20261128T101500000_0001.xml', 'Artikeldata_20261128T101500000_0001.xml']);
        const [kund, art] = files;
        assert.equal(art.payload?.toString(), '<Artikeldata></Artikeldata>');
        assert.equal(art.type, 'article');
        assert.equal(kund.type, 'customer');
        assert.ok(art.mtime instanceof Date);
        assert.equal(fs.readdirSync(local('out', 'processing')).length, 2);
        await conn.run('ack', (s) => ackClaim(s, folders, art.claim));
        await forgetClaim(art.claim);
        await conn.run('reject', (s) => rejectClaim(s, folders, kund.claim, 'Kund[0]: kundnummer is missing'));
        await forgetClaim(kund.claim);
        assert.deepEqual(fs.readdirSync(local('out', 'archive')), ['Artikeldata_20261128T101500000_0001.xml']);
        assert.deepEqual(fs.readdirSync(local('out', 'error')).sort(), ['Kund_20261128T101500000_0001.xml', 'Kund_20261128T101500000_0001.xml.reason.txt']);
        assert.deepEqual(fs.readdirSync(local('out', 'processing')), []);
        await assert.rejects(conn.run('ack', (s) => ackClaim(s, folders, art.claim)), (e: FtpError) => e.code === 'FTP_CLAIM_LOST');
      });

      it('names it cannot handle and empty files never hold up the other files', async () => {
        const conn = connect(options());
        const dir = `${base}/hostile`;
        const f = { folder: `${dir}/out`, processing: `${dir}/out/processing`, archive: `${dir}/out/archive`, error: `${dir}/out/error` };
        await conn.run('mkdir', (s) => s.ensureDir(f.folder));
        const bad = [' lead.xml', 'trail.xml ', 'co:lon.xml', 'st*ar.xml', 'q?.xml', 'quo"te.xml', 'pi|pe.xml', 'back\\slash.xml', 'CON.xml', 'lf\nx.xml', 'cr\rx.xml', `L_${'x'.repeat(210)}.xml`];
        const good = ['Artikeldata_1.xml', 'Lagersaldo_2.xml', 'zz_3.xml'];
        const out = path.join(server.root, dir, 'out');
        for (const n of [...bad, ...good]) fs.writeFileSync(path.join(out, n), `<x>${JSON.stringify(n)}</x>`);
        fs.writeFileSync(path.join(out, 'Empty_4.xml'), '');
        const warnings: string[] = [];
        const p = new FtpPoller(conn, { ...f, owner: `iohostile${mode}`, settleMs: 0, log: (l, t) => l === 'warn' && warnings.push(t) });
        const files: PolledFile[] = [];
        const problems: string[] = [];
        for (let i = 0; i < 4; i++) {
          const r = await p.cycle((x) => void files.push(x));
          problems.push(...r.problems.map((e) => e.message));
        }
        assert.deepEqual(files.map((x) => x.filename).sort(), good);
        const errs = fs.readdirSync(path.join(server.root, dir, 'out', 'error'));
        assert.ok(errs.includes('Empty_4.xml') && errs.includes('Empty_4.xml.reason.txt'));
        const left = fs.readdirSync(out).filter((n) => fs.statSync(path.join(out, n)).isFile());
        // pure-ftpd does not list names with control characters at all: nobody can see them over FTP
        const listed = new Set((await conn.run('list', (s) => s.list(f.folder))).map((e) => e.name));
        // each bad name: moved to error/ under its safe name with a reason, or left with one warning
        for (const n of bad) {
          const moved = errs.includes(quarantineName(n)) && errs.includes(`${quarantineName(n)}.reason.txt`);
          const warned = warnings.filter((w) => w.includes(JSON.stringify(n))).length;
          const stays = left.includes(n) && warned === (listed.has(n) ? 1 : 0);
          assert.ok(moved !== stays, `${JSON.stringify(n)}: moved ${moved}, stays ${stays} (warned ${warned}, listed ${listed.has(n)})`);
        }
        assert.equal(warnings.length, left.filter((n) => listed.has(n)).length, warnings.join('\n'));
        assert.equal(left.length + (errs.length - 2) / 2, bad.length);
        assert.equal(problems.length, 1 + bad.length - left.length, problems.join('\n'));
      });

      it('Windows-1252 file names and contents stay byte-exact', async () => {
        const conn = connect(options({ encoding: 'windows-1252' }));
        const dir = `${base}/cp1252`;
        await conn.run('mkdir', (s) => s.ensureDir(`${dir}/out`));
        const content = iconv.encode('<?xml version="1.0" encoding="windows-1252"?><Kund><Namn>Åsa Öberg, Växjö €</Namn></Kund>', 'win1252');
        // up: the name arrives on disk as Windows-1252 bytes
        const u = new FtpUploader(conn, new Outbox(tempDir('outbox')), { owner: 'interop' });
        const r = await u.send({ folder: dir, filename: 'Kund_Åsa_Öberg_€.xml', data: content });
        assert.equal(r.state, 'done', r.state === 'queued' ? r.error.message : '');
        const names = fs.readdirSync(path.join(server.root, dir), { encoding: 'buffer' }).filter((b) => b.toString('latin1').startsWith('Kund'));
        assert.deepEqual(names, [iconv.encode('Kund_Åsa_Öberg_€.xml', 'win1252')]);
        assert.ok(fs.readFileSync(Buffer.concat([Buffer.from(path.join(server.root, dir) + '/'), names[0]])).equals(content));
        const list = await conn.run('list', (s) => s.list(dir));
        assert.ok(list.some((e) => e.name === 'Kund_Åsa_Öberg_€.xml'));
        // down: a file Pyramid wrote with a Windows-1252 name
        const onDisk = Buffer.concat([Buffer.from(path.join(server.root, dir, 'out') + '/'), iconv.encode('Kund_Växjö.xml', 'win1252')]);
        fs.writeFileSync(onDisk, content);
        const p = new FtpPoller(conn, {
          folder: `${dir}/out`,
          processing: `${dir}/out/processing`,
          archive: `${dir}/out/archive`,
          error: `${dir}/out/error`,
          owner: `iocp${mode}`,
          settleMs: 0,
        });
        const files: PolledFile[] = [];
        await p.cycle((f) => {
          files.push(f);
        });
        await p.cycle((f) => {
          files.push(f);
        });
        assert.deepEqual(files.map((f) => f.filename), ['Kund_Växjö.xml']);
        assert.ok(files[0].payload?.equals(content));
        const archived = fs.readdirSync(path.join(server.root, dir, 'out', 'archive'), { encoding: 'buffer' });
        assert.deepEqual(archived, [iconv.encode('Kund_Växjö.xml', 'win1252')]);
        u.close();
      });

      if (mode === 'ftps') {
        it('refuses the self-signed certificate without the CA, accepts a pinned fingerprint', async () => {
          const refused = connect(options({ ca: undefined }));
          await assert.rejects(refused.connect(), (e: FtpError) => e.code === 'FTP_TLS');
          const pinned = connect(options({ ca: undefined, fingerprint: cfg.fingerprint256 }));
          await pinned.connect();
          const wrongPin = connect(options({ ca: undefined, fingerprint: '00'.repeat(32) }));
          await assert.rejects(wrongPin.connect(), (e: FtpError) => e.code === 'FTP_TLS' && /pinned fingerprint/.test(e.message));
        });
      }
    });
  }
}
