/*
 * pyramid-ftp-out's duplicate check against the simulated Pyramid's own import (which takes a file
 * once it is unchanged over two looks and moves it to in/imported/, in/duplicate/ or in/error/): an
 * order sent again after Pyramid has taken the first file, and the same orders sent by two uploaders
 * at once (two Node-RED instances, or an outbox replaying after a crash while the flow sends the order
 * again), each reach the in-folder as exactly one file. Real FTP server (the simulator's ftp-srv),
 * real importer, no mocks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage } from '../../lib';
import { FtpConnection, FtpUploader, Outbox, parseTakenFolders, DEFAULT_TAKEN_FOLDERS, type FtpServerOptions } from '../../lib/ftp';
import { createPyramid, type Pyramid } from '../../sim/pyramid';
import { count, filesUnder, tmpDir, waitFor } from './support';

const ORDERS = Number(process.env.FAULTS_DUP_UPLOADS ?? 60);

function order(pyramid: Pyramid, ext: string): Buffer {
  const article = [...pyramid.data.articles.values()].find((a) => a.webActive && a.stocked && !a.parentArticle);
  assert.ok(article, 'the simulator has a stocked article');
  return buildMessage('order', { externalOrderNumber: ext, customerNumber: '10001', rows: [{ articleCode: article.articleCode, quantity: '1' }] }, { encoding: 'windows-1252' });
}

describe('faults: an order sent again never becomes a second file in Pyramid', () => {
  let dir: string;
  let pyramid: Pyramid;
  let options: FtpServerOptions;
  const conns: FtpConnection[] = [];
  const uploaders: FtpUploader[] = [];

  function uploader(owner: string, lock = false): FtpUploader {
    const conn = new FtpConnection(options);
    conns.push(conn);
    const u = new FtpUploader(conn, new Outbox(path.join(dir, `outbox-${owner}`), { retryMinMs: 50, retryMaxMs: 500 }), { owner, takenFolders: DEFAULT_TAKEN_FOLDERS, lock });
    uploaders.push(u);
    return u;
  }

  before(async () => {
    dir = tmpDir('duplicates');
    pyramid = await createPyramid({ ports: { ftp: 0, soap: 0, admin: 0 }, dataDir: path.join(dir, 'pyramid'), removeDataDir: false, initialFiles: false, timings: { importPollMs: 50 }, log: false });
    options = { host: pyramid.ftp.host, port: pyramid.ftp.port, user: pyramid.ftp.user, password: pyramid.ftp.password, secure: 'none' };
  });
  after(async () => {
    for (const u of uploaders) u.close();
    for (const c of conns) await c.close(0).catch(() => undefined);
    await pyramid?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the taken folders from the config text', () => {
    assert.deepEqual(parseTakenFolders(undefined), ['imported', 'duplicate', 'error']);
    assert.deepEqual(parseTakenFolders(''), []);
    assert.deepEqual(parseTakenFolders(' done, backup/2026 done '), ['done', 'backup/2026']);
    assert.throws(() => parseTakenFolders('../elsewhere'), /must be a folder inside the folder uploaded to/);
    assert.throws(() => parseTakenFolders('/abs'), /must be a folder inside/);
  });

  it('an order sent again after Pyramid imported it is a duplicate (found in imported/)', async () => {
    const u = uploader('one');
    const first = await u.send({ folder: 'in', filename: 'Order_WC-1.xml', data: order(pyramid, 'WC-1') });
    assert.equal(first.state === 'done' && first.result.duplicate, false);
    const imported = path.join(pyramid.dataDir, 'in', 'imported', 'Order_WC-1.xml');
    await waitFor('Pyramid imported the order', () => fs.existsSync(imported), 30_000, 50);
    const again = await u.send({ folder: 'in', filename: 'Order_WC-1.xml', data: order(pyramid, 'WC-1') });
    assert.equal(again.state, 'done');
    assert.equal(again.state === 'done' && again.result.duplicate, true);
    assert.equal(again.state === 'done' && again.result.path, '/in/imported/Order_WC-1.xml');
    // no temporary file left, and nothing new for Pyramid
    assert.deepEqual(fs.readdirSync(path.join(pyramid.dataDir, 'in')).filter((f) => !fs.statSync(path.join(pyramid.dataDir, 'in', f)).isDirectory()), []);
    assert.equal(pyramid.sim.duplicates.length, 0);
  });

  it(`${ORDERS} orders sent by two uploaders (instances, with the name lock) at once, each twice, while Pyramid imports: one file each`, async () => {
    const a = uploader('inst-a', true);
    const b = uploader('inst-b', true);
    const exts = Array.from({ length: ORDERS }, (_, i) => `WC-${1000 + i}`);
    const results: boolean[] = [];
    // each order: both instances at once, then once more by each a little later (a handover or an
    // outbox replay), so every upload meets the first file in in/ or in imported/, or races it
    await Promise.all(
      exts.map(async (ext, i) => {
        await new Promise((r) => setTimeout(r, (i % 10) * 20));
        const send = async (u: FtpUploader): Promise<void> => {
          const r = await u.send({ folder: 'in', filename: `Order_${ext}.xml`, data: order(pyramid, ext) });
          assert.equal(r.state, 'done', `Order_${ext}.xml uploaded`);
          if (r.state === 'done') results.push(r.result.duplicate);
        };
        await Promise.all([send(a), send(b)]);
        await new Promise((r) => setTimeout(r, 50 + (i % 7) * 30));
        await Promise.all([send(b), send(a)]);
      }),
    );
    const inDir = path.join(pyramid.dataDir, 'in');
    await waitFor('Pyramid took every file', () => fs.readdirSync(inDir).every((f) => fs.statSync(path.join(inDir, f)).isDirectory()), 60_000, 50);
    const files = filesUnder(inDir).filter((f) => /Order_WC-1\d{3}/.test(f) && !f.endsWith('.reason.txt'));
    const perOrder = new Map<string, number>();
    for (const f of files) {
      const ext = /(WC-\d+)/.exec(f)![1];
      perOrder.set(ext, (perOrder.get(ext) ?? 0) + 1);
    }
    const state = pyramid.sim.state() as unknown as { orders: { externalOrderNumber: string }[] };
    const doubled = exts.filter((e) => perOrder.get(e) !== 1);
    count('duplicate check', {
      orders: ORDERS,
      uploads: results.length,
      'refused as duplicates': results.filter(Boolean).length,
      'files in Pyramid': files.length,
      'orders not exactly one file': doubled.length,
      'Pyramid duplicates': pyramid.sim.duplicates.length,
    });
    assert.deepEqual(doubled, [], 'every order is exactly one file');
    assert.equal(pyramid.sim.duplicates.length, 0, 'Pyramid saw no second file');
    assert.deepEqual(exts.filter((e) => !state.orders.some((o) => o.externalOrderNumber === e)), [], 'every order imported');
    assert.equal(results.filter((d) => !d).length, ORDERS, 'under the lock, one upload per order put it in place');
    assert.deepEqual(filesUnder(inDir).filter((f) => /\.lock|\.part$/.test(f)), [], 'no lock or temporary file left');
  });
});
