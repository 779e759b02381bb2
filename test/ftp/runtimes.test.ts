/**
 * Whole Node-RED runtimes in child processes: stopped and started again with claims and outbox
 * entries left behind, and two of them polling one folder.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseClaimName } from '../../lib/ftp';
import { filesIn, freePort, startFtpServer, tempDir, waitFor, type FtpTestServer } from './fixtures';
import { credentials, ftpFlow, type NodeMessage } from './nodered';
import type { ChildMessage } from './runtime-child';

interface Runtime {
  child: ChildProcess;
  messages: ChildMessage[];
  exited: Promise<NodeJS.Signals | null>;
  inject(node: string, msg: NodeMessage): void;
  stop(): Promise<void>;
}

const running = new Set<Runtime>();

async function startRuntime(userDir: string, flow: object[], creds: Record<string, Record<string, string>>): Promise<Runtime> {
  const child = fork(path.join(__dirname, 'runtime-child.js'), [JSON.stringify({ userDir, flow, credentials: creds })], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, sig) => resolve(sig)));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: ChildMessage | { ready: true }) => {
      if ('ready' in m) resolve();
      else messages.push(m);
    });
    child.once('exit', (code) => reject(new Error(`runtime ended before it was ready (${code})`)));
  });
  const rt: Runtime = {
    child,
    messages,
    exited,
    inject: (node, msg) => child.send({ cmd: 'inject', node, msg }),
    async stop() {
      child.send({ cmd: 'stop' });
      await exited;
      running.delete(rt);
    },
  };
  running.add(rt);
  return rt;
}

function got(rt: Runtime, node = 'got'): ChildMessage[] {
  return rt.messages.filter((m) => m.node === node);
}

after(() => {
  for (const rt of running) rt.child.kill('SIGKILL');
});

describe('Node-RED restarts', () => {
  it('files claimed when Node-RED stopped are delivered again after the restart', async () => {
    const server = await startFtpServer();
    const userDir = tempDir('userdir');
    const flow = ftpFlow(server, { in: { ack: 'manual', lease: 600 } });
    for (const n of [1, 2, 3]) {
      fs.mkdirSync(server.local('out'), { recursive: true });
      fs.writeFileSync(server.local(`out/Artikeldata_20261128T10150000${n}_0001.xml`), `<Artikeldata n="${n}"/>`);
    }
    const first = await startRuntime(userDir, flow, credentials(server));
    await waitFor(() => got(first).length === 3, 'three files in the first run');
    assert.ok(got(first).every((m) => m.pyramid?.redelivered === false));
    await first.stop();
    assert.equal(filesIn(server.local('out/processing')).length, 3, 'claimed, not acknowledged');
    assert.deepEqual(filesIn(server.local('out/archive')), []);

    const second = await startRuntime(userDir, flow, credentials(server));
    await waitFor(() => got(second).length === 3, 'the same three files after the restart');
    const again = got(second);
    assert.deepEqual(again.map((m) => m.filename).sort(), got(first).map((m) => m.filename).sort());
    assert.ok(again.every((m) => m.pyramid?.redelivered === true));
    assert.ok(again.every((m) => m.text === `<Artikeldata n="${/0000(\d)_0001/.exec(m.filename ?? '')?.[1]}"/>`));
    for (const m of again) second.inject('out', { action: 'ack', pyramid: m.pyramid });
    await waitFor(() => got(second, 'sent').length === 3, 'acks');
    assert.equal(filesIn(server.local('out/archive')).length, 3);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    await second.stop();
    await server.stop();
  });

  it('an upload waiting in the outbox when Node-RED is killed is delivered after the restart', async () => {
    const root = tempDir('root');
    const port = await freePort();
    const offline = { host: '127.0.0.1', port, user: 'pyramid', password: 'S3cret-Pass!word' };
    const userDir = tempDir('userdir');
    const flow = ftpFlow(offline, { in: false });
    const first = await startRuntime(userDir, flow, credentials(offline));
    first.inject('out', { filename: 'Order_WC-77.xml', payload: '<Order>77</Order>', topic: 'order 77' });
    const outbox = path.join(userDir, 'pyramid-ftp', 'outbox', 'srv');
    // the entry is whole once its one file holds the description line and the data: an .entry cut
    // short is one still being written (a kill then leaves it failing its size check, and the outbox
    // sets it aside; the msg was never confirmed, so the flow upstream sends it again)
    const whole = (): boolean => {
      const f = filesIn(outbox).filter((n) => n.endsWith('.entry'));
      return f.length === 1 && fs.readFileSync(path.join(outbox, f[0]), 'utf8').endsWith('\n<Order>77</Order>');
    };
    await waitFor(whole, 'the upload is in the outbox');
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    running.delete(first);
    assert.equal(got(first, 'sent').length, 0);

    const server: FtpTestServer = await startFtpServer({ root, port });
    const second = await startRuntime(userDir, flow, credentials(offline));
    await waitFor(() => got(second, 'sent').length === 1, 'delivered after the restart');
    const sent = got(second, 'sent')[0];
    assert.equal(sent.topic, 'order 77', 'the msg (without payload) survived the restart');
    assert.equal((sent.pyramid?.upload as { filename: string }).filename, 'Order_WC-77.xml');
    assert.equal(fs.readFileSync(path.join(root, 'in', 'Order_WC-77.xml'), 'utf8'), '<Order>77</Order>');
    assert.deepEqual(filesIn(outbox), []);
    await second.stop();
    await server.stop();
  });
});

describe('lease renewal ends with the runtime', () => {
  for (const end of ['killed', 'stopped'] as const) {
    it(`a runtime that is ${end} renews nothing: its unacknowledged file comes back to another runtime after the lease`, async () => {
      const server = await startFtpServer();
      const leaseS = 3;
      const flow = ftpFlow(server, { in: { ack: 'manual', lease: leaseS, interval: 0.2, settle: 0 } });
      fs.mkdirSync(server.local('out'), { recursive: true });
      fs.writeFileSync(server.local('out/Order_1.xml'), '<Order>1</Order>');
      const a = await startRuntime(tempDir('userdir-a'), flow, credentials(server));
      await waitFor(() => got(a).length === 1, 'the file in runtime A');
      const claimA = String(got(a)[0].pyramid?.claim);
      // A holds it across its first lease: renewed, not delivered again
      const firstLease = Date.parse(String(got(a)[0].pyramid?.leaseUntil));
      await waitFor(() => Date.now() > firstLease + 1000 && filesIn(server.local('out/processing'))[0] !== claimA, 'A renewed its lease', 30000);
      assert.equal(got(a).length, 1);
      if (end === 'killed') {
        a.child.kill('SIGKILL');
        assert.equal(await a.exited, 'SIGKILL');
        running.delete(a);
      } else {
        await a.stop();
      }
      const [left] = filesIn(server.local('out/processing'));
      const leftLease = parseClaimName(left)?.leaseUntil ?? NaN;
      assert.ok(Number.isFinite(leftLease), left);
      const b = await startRuntime(tempDir('userdir-b'), flow, credentials(server));
      await waitFor(() => got(b).length === 1, 'the file again, in runtime B', 30000);
      const again = got(b)[0];
      assert.equal(again.filename, 'Order_1.xml');
      assert.equal(again.text, '<Order>1</Order>');
      assert.equal(again.pyramid?.redelivered, true);
      assert.ok(Date.now() >= leftLease, 'not before the lease A left behind had run out');
      b.inject('out', { action: 'ack', pyramid: again.pyramid });
      await waitFor(() => got(b, 'sent').length === 1, 'acked by B');
      assert.deepEqual(filesIn(server.local('out/archive')), ['Order_1.xml']);
      assert.deepEqual(filesIn(server.local('out/processing')), []);
      await b.stop();
      await server.stop();
    });
  }
});

describe('several runtimes', () => {
  it('two runtimes polling one folder over 500 files: each file emitted exactly once', async (t) => {
    const server = await startFtpServer();
    fs.mkdirSync(server.local('out'), { recursive: true });
    const flow = ftpFlow(server, { in: { interval: 0.2, settle: 0, maxPerCycle: 100, ack: 'auto' } });
    const [a, b] = await Promise.all([
      startRuntime(tempDir('userdir-a'), flow, credentials(server)),
      startRuntime(tempDir('userdir-b'), flow, credentials(server)),
    ]);
    const n = 500;
    for (let i = 0; i < n; i++) {
      fs.writeFileSync(server.local(`out/Lagersaldo_20261128T1015${String(i).padStart(5, '0')}_0001.xml`), `<Lagersaldo i="${i}"/>`);
    }
    await waitFor(() => filesIn(server.local('out/archive')).length === n, 'all files archived', 60000);
    // a few more polls by both, to give a second delivery every chance to show up
    const polls = () => a.messages.length + b.messages.length;
    const before = polls();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(polls(), before, 'nothing emitted after all files were archived');
    const all = [...got(a), ...got(b)];
    assert.equal(all.length, n, `emitted ${all.length} times for ${n} files`);
    assert.equal(new Set(all.map((m) => m.filename)).size, n);
    for (const m of all) assert.equal(m.text, `<Lagersaldo i="${Number(/T1015(\d{5})_/.exec(m.filename ?? '')?.[1])}"/>`);
    assert.ok(got(a).length > 0 && got(b).length > 0, `both runtimes took files (${got(a).length} / ${got(b).length})`);
    t.diagnostic(`runtime A emitted ${got(a).length}, runtime B ${got(b).length}`);
    assert.deepEqual(filesIn(server.local('out')), []);
    assert.deepEqual(filesIn(server.local('out/processing')), []);
    await Promise.all([a.stop(), b.stop()]);
    await server.stop();
  });
});
