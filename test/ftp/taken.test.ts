/**
 * The shared listing of the folder uploaded to and its taken folders (lib/ftp/taken.ts): a busy
 * uploader lists them once for many uploads instead of asking for every name in every folder, and
 * still never uploads a name that is there or that the receiver has taken, also when the receiver
 * takes a file of ours after the listing was made. And a small file uploaded from memory needs no
 * SIZE after its transfer.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FtpConnection, FtpUploader, Outbox, TakenNames, uploadFile, type KnownNames, type UploadResult } from '../../lib/ftp';
import { filesIn, startFtpServer, tempDir, type FtpTestServer } from './fixtures';

describe('names known from a shared listing', () => {
  let server: FtpTestServer;
  const listed: string[] = [];
  const looked: string[] = [];
  before(async () => {
    server = await startFtpServer({ hooks: { onList: (p) => listed.push(p), onStat: (p) => looked.push(p) } });
  });
  after(async () => {
    await server.stop();
  });

  it('a busy uploader lists once for many uploads; names already taken are still duplicates', async () => {
    fs.mkdirSync(server.local('bulk', 'imported'), { recursive: true });
    fs.mkdirSync(server.local('bulk', 'error'), { recursive: true });
    fs.writeFileSync(server.local('bulk', 'imported', 'Order_3.xml'), 'taken before');
    fs.writeFileSync(server.local('bulk', 'error', 'Order_7.xml'), 'refused before');
    const conn = new FtpConnection(server.options());
    const u = new FtpUploader(conn, new Outbox(tempDir('outbox')), { owner: 'up1', takenFolders: ['imported', 'error'] });
    listed.length = 0;
    looked.length = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => u.send({ folder: 'bulk', filename: `Order_${i}.xml`, data: Buffer.from(`<Order n="${i}"/>`) })),
    );
    const byName = new Map(results.map((r) => [r.entry.filename, r.state === 'done' ? r.result : undefined]));
    assert.equal(byName.get('Order_3.xml')?.duplicate, true);
    assert.equal(byName.get('Order_3.xml')?.path, '/bulk/imported/Order_3.xml');
    assert.equal(byName.get('Order_7.xml')?.path, '/bulk/error/Order_7.xml');
    assert.deepEqual(
      [...byName].filter(([, r]) => r?.duplicate !== false).map(([n]) => n),
      ['Order_3.xml', 'Order_7.xml'],
      'every other order uploaded',
    );
    assert.deepEqual(filesIn(server.local('bulk')).filter((f) => f.endsWith('.xml')).length, 18);
    assert.equal(fs.readFileSync(server.local('bulk', 'imported', 'Order_3.xml'), 'utf8'), 'taken before');
    const takenLooks = looked.filter((p) => /\/(imported|error)\//.test(p));
    assert.ok(takenLooks.length <= 6, `names looked up in the taken folders: ${takenLooks.length} (${takenLooks.join(', ')})`);
    assert.ok(listed.some((p) => p.endsWith('bulk/imported')), `listed: ${listed.join(', ')}`);
    assert.ok(listed.length <= 9, `listings: ${listed.length}`);
    u.close();
    await conn.close();
  });

  it('a file of ours the receiver takes after the listing is found where it went (checked afresh)', async () => {
    fs.mkdirSync(server.local('race', 'imported'), { recursive: true });
    const conn = new FtpConnection(server.options());
    const names = new TakenNames('/race', ['imported'], { maxAgeMs: 60_000 });
    const known: KnownNames = { names, busy: () => 10 };
    const up = (name: string, body: string): Promise<UploadResult> =>
      conn.run('upload', (s) => uploadFile(s, { folder: 'race', filename: name }, Buffer.from(body), 'up1', { takenFolders: ['imported'], known: () => known }));
    const first = await up('Order_A.xml', 'first');
    assert.equal(first.duplicate, false);
    assert.equal(names.listings, 1);
    // the receiver takes it after the listing was made: the listing does not have it
    fs.renameSync(server.local('race', 'Order_A.xml'), server.local('race', 'imported', 'Order_A.xml'));
    looked.length = 0;
    const again = await up('Order_A.xml', 'second');
    assert.equal(names.listings, 1, 'the same listing served');
    assert.equal(again.duplicate, true);
    assert.equal(again.path, '/race/imported/Order_A.xml');
    assert.ok(looked.includes('/race/imported/Order_A.xml'), 'checked afresh');
    assert.equal(fs.readFileSync(server.local('race', 'imported', 'Order_A.xml'), 'utf8'), 'first');
    // a name never seen: no look at all into the folders (only the temporary file's size)
    looked.length = 0;
    const other = await up('Order_B.xml', 'other');
    assert.equal(other.duplicate, false);
    assert.deepEqual(looked.filter((p) => p.includes('Order_B.xml') && !p.includes('~')), [], 'the listing answered');
    assert.deepEqual(filesIn(server.local('race')).filter((f) => f.endsWith('.xml')), ['Order_B.xml']);
    await conn.close();
  });

  it('an idle uploader, or one under the name lock, asks for each name and lists nothing', async () => {
    const conn = new FtpConnection(server.options());
    for (const lock of [false, true]) {
      const names = new TakenNames('/quiet', ['imported'], { maxAgeMs: 60_000 });
      const known: KnownNames = { names, busy: () => (lock ? 10 : 1) };
      listed.length = 0;
      const r = await conn.run('upload', (s) => uploadFile(s, { folder: 'quiet', filename: `Order_${lock}.xml` }, Buffer.from('x'), 'up1', { takenFolders: ['imported'], lock, known: () => known }));
      assert.equal(r.duplicate, false);
      assert.equal(names.listings, 0);
      assert.deepEqual(listed.filter((p) => !p.includes('.lock')), []);
    }
    assert.deepEqual(filesIn(server.local('quiet')).filter((f) => f.endsWith('.xml')).sort(), ['Order_false.xml', 'Order_true.xml']);
    await conn.close();
  });

  it('a taken folder that does not exist holds nothing', async () => {
    const conn = new FtpConnection(server.options());
    const names = new TakenNames('/gone', ['imported'], { maxAgeMs: 60_000 });
    fs.mkdirSync(server.local('gone'), { recursive: true });
    fs.writeFileSync(path.join(server.local('gone'), 'Order_Y.xml'), 'there');
    const [x, y] = await conn.run('check', async (s) => [await names.absent(s, 'Order_X.xml', 10), await names.absent(s, 'Order_Y.xml', 10)]);
    assert.equal(names.listings, 1);
    assert.equal(x, false);
    assert.equal(y, undefined, 'in the folder: checked afresh');
    await conn.close();
  });

  it('a small file goes from memory without a SIZE after it; a large one streams from the outbox and is checked', async () => {
    const conn = new FtpConnection(server.options());
    const u = new FtpUploader(conn, new Outbox(tempDir('outbox')), { owner: 'up1', takenFolders: [] });
    looked.length = 0;
    const small = await u.send({ folder: 'sizes', filename: 'Order_S.xml', data: Buffer.from('<Order/>') });
    assert.equal(small.state === 'done' && small.result.duplicate, false);
    // the one look at the temporary file is the rename's (RNFR)
    assert.deepEqual(looked.filter((p) => p.includes('~')), ['/sizes/~Order_S.xml.up1.part'], 'no SIZE of the temporary file');
    const big = Buffer.alloc(300 * 1024, 'x');
    const large = await u.send({ folder: 'sizes', filename: 'Prices.xml', data: big });
    assert.equal(large.state === 'done' && large.result.size, big.length);
    assert.equal(looked.filter((p) => p.endsWith('~Prices.xml.up1.part')).length, 2, 'the size of what landed asked for, and the rename');
    assert.equal(fs.readFileSync(server.local('sizes', 'Prices.xml')).length, big.length);
    assert.equal(fs.readFileSync(server.local('sizes', 'Order_S.xml'), 'utf8'), '<Order/>');
    u.close();
    await conn.close();
  });
});
