import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Client } from 'basic-ftp';
import { FtpConnection, FtpError, type PolledFile } from '../../lib/ftp';
import { renames, type WireCaps } from '../../lib/ftp/wire';
import { CLAIM_AHEAD } from '../../lib/ftp/fetch';
import { FtpPoller } from './pyramid-poller';
import { filesIn, startFtpServer, type FtpTestServer } from './fixtures';

const FOLDERS = { folder: '/out', processing: '/out/processing', archive: '/out/archive', error: '/out/error' };

/**
 * A server that answers RNFR/RNTO, and reads only the first command of each packet as meant: a
 * command that arrives in the same packet after RNFR finds no rename pending (503). Records what
 * it got, packet by packet.
 */
function naiveServer(): Promise<{ port: number; packets: string[][]; renamed: string[]; close(): void }> {
  const packets: string[][] = [];
  const renamed: string[] = [];
  const server = net.createServer((sock) => {
    sock.write('220 naive\r\n');
    let from: string | undefined;
    sock.on('data', (buf) => {
      const lines = buf.toString('utf8').split('\r\n').filter((l) => l !== '');
      packets.push(lines);
      lines.forEach((line, i) => {
        const [cmd, ...rest] = line.split(' ');
        const arg = rest.join(' ');
        if (cmd === 'RNFR') {
          from = arg;
          sock.write('350 ready\r\n');
        } else if (cmd === 'RNTO' && from !== undefined && i === 0) {
          renamed.push(`${from}>${arg}`);
          from = undefined;
          sock.write('250 done\r\n');
        } else {
          from = undefined;
          sock.write(cmd === 'RNTO' ? '503 RNFR first\r\n' : '200 ok\r\n');
        }
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, packets, renamed, close: () => server.close() })),
  );
}

describe('renames on the wire', () => {
  let server: FtpTestServer;
  before(async () => {
    server = await startFtpServer();
  });
  after(async () => {
    await server.stop();
  });

  it('sends several renames in one write; a missing source is reported as such and the others are done', async () => {
    fs.mkdirSync(server.local('w', 'to'), { recursive: true });
    for (const n of ['a.xml', 'c.xml']) fs.writeFileSync(server.local('w', n), n);
    const conn = new FtpConnection(server.options());
    try {
      const outcomes = await conn.run('renames', (s) =>
        s.renames([
          ['/w/a.xml', '/w/to/a.xml'],
          ['/w/b.xml', '/w/to/b.xml'],
          ['/w/c.xml', '/w/to/c.xml'],
        ]),
      );
      assert.equal(outcomes[0], undefined);
      assert.ok(outcomes[1] instanceof FtpError);
      assert.equal(outcomes[1]?.code, 'FTP_NOT_FOUND', 'the RNFR answer (550), not the 503 to the RNTO after it');
      assert.equal(outcomes[2], undefined);
      assert.deepEqual(filesIn(server.local('w', 'to')).sort(), ['a.xml', 'c.xml']);
      // one rename: the same way, and a missing file throws the RNFR answer
      await assert.rejects(
        conn.run('one', (s) => s.rename('/w/none.xml', '/w/to/none.xml')),
        (e: FtpError) => e.code === 'FTP_NOT_FOUND',
      );
      await conn.run('one', (s) => s.rename('/w/to/a.xml', '/w/a2.xml'));
      assert.ok(fs.existsSync(server.local('w', 'a2.xml')));
    } finally {
      await conn.close();
    }
  });

  it('falls back to one command at a time, for good, on a server that does not take RNTO in the same packet', async () => {
    const naive = await naiveServer();
    const client = new Client(5000);
    try {
      await client.connect('127.0.0.1', naive.port);
      const caps: WireCaps = { pipelineRename: true };
      const outcomes = await renames(client, caps, [
        ['/x/1', '/y/1'],
        ['/x/2', '/y/2'],
      ]);
      assert.deepEqual(outcomes, [undefined, undefined]);
      assert.equal(caps.pipelineRename, false);
      assert.deepEqual(naive.renamed, ['/x/1>/y/1', '/x/2>/y/2'], 'each rename done again, once');
      const before = naive.packets.length;
      assert.deepEqual(await renames(client, caps, [['/x/3', '/y/3']]), [undefined]);
      assert.deepEqual(naive.packets.slice(before), [['RNFR /x/3'], ['RNTO /y/3']], 'one command per packet from now on');
    } finally {
      client.close();
      naive.close();
    }
  });
});

describe('FtpPoller: claims ahead of the download', () => {
  let server: FtpTestServer;
  let conn: FtpConnection;
  before(async () => {
    server = await startFtpServer();
    conn = new FtpConnection(server.options());
  });
  after(async () => {
    await conn.close();
    await server.stop();
  });
  beforeEach(() => {
    fs.rmSync(server.local('out'), { recursive: true, force: true });
    for (const d of ['out', 'out/processing', 'out/archive', 'out/error']) fs.mkdirSync(server.local(d), { recursive: true });
  });

  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `Lagersaldo_20261128T101500000_${String(i).padStart(4, '0')}.xml`);

  it('delivers every file once, in name order, across several batches', async () => {
    const all = names(CLAIM_AHEAD * 2 + 3);
    for (const n of [...all].reverse()) fs.writeFileSync(server.local('out', n), `<x>${n}</x>`);
    let clock = Date.UTC(2026, 10, 28, 10);
    const p = new FtpPoller(conn, { ...FOLDERS, owner: `wire${process.pid}a`, settleMs: 0, now: () => clock, maxPerCycle: 1000, ack: 'auto' });
    const got: PolledFile[] = [];
    await p.cycle((f) => void got.push(f));
    clock += 10;
    await p.cycle((f) => void got.push(f));
    assert.deepEqual(
      got.map((f) => f.filename),
      all,
    );
    assert.ok(got.every((f) => f.deliveries === 1 && f.payload?.toString() === `<x>${f.filename}</x>`));
    assert.deepEqual(filesIn(server.local('out', 'archive')).sort(), all);
    assert.deepEqual(filesIn(server.local('out', 'processing')), []);
  });

  it('files claimed ahead but not downloaded when the poller closes are taken again under the same delivery number', async () => {
    const all = names(6);
    for (const n of all) fs.writeFileSync(server.local('out', n), `<x>${n}</x>`);
    let clock = Date.UTC(2026, 10, 28, 10);
    const owner = `wire${process.pid}b`;
    const first = new FtpPoller(conn, { ...FOLDERS, owner, settleMs: 0, now: () => clock, ack: 'auto' });
    const got: PolledFile[] = [];
    await first.cycle(() => undefined);
    clock += 10;
    await first.cycle((f) => {
      got.push(f);
      first.close();
    });
    assert.ok(got.length >= 1 && got.length < all.length, `${got.length} delivered before the close`);
    assert.equal(filesIn(server.local('out')).filter((n) => n.endsWith('.xml')).length, 0, 'all claimed ahead in one batch');
    // the same owner again (a redeploy): the rest comes back from processing/, still delivery 1
    const again = new FtpPoller(conn, { ...FOLDERS, owner, settleMs: 0, now: () => clock, ack: 'auto' });
    await again.cycle((f) => void got.push(f));
    assert.deepEqual(got.map((f) => f.filename).sort(), all);
    assert.ok(
      got.every((f) => f.deliveries === 1),
      got.map((f) => `${f.filename}:${f.deliveries}`).join(' '),
    );
    assert.deepEqual(filesIn(server.local('out', 'archive')).sort(), all);
    assert.deepEqual(filesIn(server.local('out', 'processing')), []);
  });
});
