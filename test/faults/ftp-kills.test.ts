/*
 * 100 kills of the FTP server (ftp-srv in its own process, SIGKILLed by itself after a random number
 * of bytes of an upload has arrived) while orders go out through pyramid-ftp-out in a real Node-RED
 * runtime. After the last kill a server that stays up: every order is in Pyramid's in-folder exactly
 * once, complete (each parses as an Order), no temporary file is left, and every msg went on once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage, parseMessage } from '../../lib';
import { freePort, spawnFtpServer, tempDir, type SpawnedServer } from '../ftp/fixtures';
import { collect, credentials, ftpFlow, ftpNodes, helper } from '../ftp/nodered';
import { count, waitFor } from './support';

const KILLS = Number(process.env.FAULTS_FTP_KILLS ?? 100);
const USER = 'pyramid';
const PASSWORD = 'S3cret-Pass!word';

function order(i: number): Buffer {
  // 40-160 rows: 10-40 KB, so a kill after a random number of bytes lands inside the transfer
  const rows = Array.from({ length: 40 + (i % 5) * 30 }, (_, r) => ({ articleCode: `A${String(100 + r).padStart(5, '0')}`, quantity: String(1 + (r % 7)), description: `Rad ${r} av order ${i}, med en text som fyller ut filen lite` }));
  return buildMessage('order', { externalOrderNumber: `F-${i}`, customerNumber: '10001', rows }, { encoding: 'utf-8' });
}

describe('faults: FTP server killed during uploads', () => {
  let root: string;
  let userDir: string;
  let port: number;
  let server: SpawnedServer | undefined;

  before(async () => {
    root = tempDir('faults-ftp-');
    fs.mkdirSync(path.join(root, 'in'), { recursive: true });
    fs.mkdirSync(path.join(root, 'out'), { recursive: true });
    userDir = tempDir('faults-ftp-user-');
    port = await freePort();
    helper.settings({ userDir });
  });
  after(async () => {
    await helper.unload();
    server?.child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it(`${KILLS} kills in the middle of uploads: every order once, complete, no temporary file`, async () => {
    const srv = { host: '127.0.0.1', port, user: USER, password: PASSWORD };
    await helper.load(ftpNodes, ftpFlow(srv, { in: false, out: { action: 'upload' } }), credentials(srv));
    const sent = collect('sent');
    const caught = collect('caught');
    const out = helper.getNode('out');
    const sizes: number[] = [];
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const data = order(i);
      sizes.push(data.length);
      // dies after 1 .. size-1 bytes of this upload (or of an earlier one the outbox retries first)
      const killAfterBytes = 1 + Math.floor(Math.random() * (data.length - 1));
      server = await spawnFtpServer({ root, port, user: USER, password: PASSWORD, killAfterBytes });
      out.receive({ filename: `Order_F-${i}.xml`, payload: data, topic: `F-${i}` });
      const signal = await Promise.race([server.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 120_000))]);
      assert.equal(signal, 'SIGKILL', `the server was killed during upload ${i}`);
      kills += 1;
    }
    // a server that stays up: the outbox delivers what is left
    server = await spawnFtpServer({ root, port, user: USER, password: PASSWORD });
    await waitFor('every msg confirmed', () => sent.length >= KILLS, 600_000, 100);
    const inFolder = fs.readdirSync(path.join(root, 'in'));
    const orders = inFolder.filter((f) => /^Order_F-\d+\.xml$/.test(f));
    const other = inFolder.filter((f) => !/^Order_F-\d+\.xml$/.test(f));
    let parsed = 0;
    for (const f of orders) {
      const i = Number(/F-(\d+)/.exec(f)?.[1]);
      const buf = fs.readFileSync(path.join(root, 'in', f));
      assert.equal(buf.length, sizes[i], `${f} is complete`);
      const m = parseMessage('order', buf) as { externalOrderNumber?: string };
      assert.equal(m.externalOrderNumber, `F-${i}`);
      parsed += 1;
    }
    const outbox = path.join(userDir, 'pyramid-ftp', 'outbox');
    const left = fs.existsSync(outbox) ? (fs.readdirSync(outbox, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(outbox, f)).isFile()) : [];
    const topics = sent.map((m) => String(m.topic));
    count('FTP server kills', { kills, orders: KILLS, 'files in in-folder': orders.length, parsed, 'other files': other.length, 'msgs sent on': sent.length, 'distinct msgs': new Set(topics).size, 'errors caught': caught.length, 'outbox left': left.length });
    assert.equal(kills, KILLS);
    assert.equal(orders.length, KILLS);
    assert.deepEqual(other, [], 'no temporary or stray file');
    assert.equal(sent.length, KILLS, 'each msg went on once');
    assert.equal(new Set(topics).size, KILLS);
    assert.deepEqual(left, []);
  });
});
