/*
 * Poison files and slow flows, with pyramid-ftp-in in a Node-RED runtime of its own process
 * (test/ftp/runtime-child) against an FTP server in this process:
 * - a file the flow rejects goes to error/ with its reason at the first attempt and never comes back;
 * - a file a slow flow is still working on is not delivered again while that runtime lives, for
 *   several leases (the lease is renewed), and is archived once the flow acknowledges it;
 * - a file that kills the runtime each time it is processed (the real poison: no flow can reject
 *   it) must be quarantined after a bounded number of deliveries. lib/ftp has no attempt counter on
 *   the claim yet, so that case is a `todo` that prints how often the file came back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesIn, startFtpServer, tempDir, type FtpTestServer } from '../ftp/fixtures';
import { credentials, ftpFlow } from '../ftp/nodered';
import type { ChildMessage } from '../ftp/runtime-child';
import { count, waitFor } from './support';

const POISON_LIMIT = Number(process.env.FAULTS_POISON_LIMIT ?? 8);

interface Runtime {
  child: ChildProcess;
  messages: ChildMessage[];
  exited: Promise<unknown>;
  inject(node: string, msg: object): void;
}

async function startRuntime(userDir: string, flow: object[], creds: Record<string, Record<string, string>>): Promise<Runtime> {
  const child = fork(path.join(__dirname, '..', 'ftp', 'runtime-child.js'), [JSON.stringify({ userDir, flow, credentials: creds })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const messages: ChildMessage[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: ChildMessage | { ready: true }) => {
      if ('ready' in m) resolve();
      else messages.push(m);
    });
    child.once('exit', (code) => reject(new Error(`runtime ended before it was ready (${code})`)));
  });
  return { child, messages, exited, inject: (node, msg) => child.send({ cmd: 'inject', node, msg }) };
}

async function kill(rt: Runtime | undefined): Promise<void> {
  if (!rt || rt.child.exitCode !== null || rt.child.signalCode !== null) return;
  rt.child.kill('SIGKILL');
  await rt.exited;
}

const LEASE_S = 3;

describe('faults: poison files and slow flows', () => {
  let server: FtpTestServer;
  let userDir: string;
  let rt: Runtime | undefined;

  before(async () => {
    server = await startFtpServer({ root: tempDir('faults-poison-') });
    fs.mkdirSync(server.local('out'), { recursive: true });
    fs.mkdirSync(server.local('in'), { recursive: true });
    userDir = tempDir('faults-poison-user-');
  });
  after(async () => {
    await kill(rt);
    await server.stop();
    fs.rmSync(server.root, { recursive: true, force: true });
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  const put = (name: string, text: string): void => {
    fs.writeFileSync(server.local('out', `${name}.tmp`), text);
    fs.renameSync(server.local('out', `${name}.tmp`), server.local('out', name));
  };
  const flow = (): object[] => ftpFlow(server, { in: { ack: 'manual', lease: LEASE_S, interval: 0.2, settle: 0 } });
  const deliveries = (name: string): ChildMessage[] => (rt?.messages ?? []).filter((m) => m.node === 'got' && m.filename === name);

  it('a file the flow rejects is in error/ with its reason after one delivery, and stays there', async () => {
    rt = await startRuntime(userDir, flow(), credentials(server));
    const name = 'Lagersaldo_20261201T000000000_0001.xml';
    put(name, '<Lagersaldo><Artikelsaldo>');
    const m = await waitFor('the delivery', () => deliveries(name)[0]);
    rt.inject('out', { action: 'reject', pyramid: m.pyramid, filename: name, error: { message: `${name}: XML is not well-formed` } });
    await waitFor('the file in error/ with its reason', () => filesIn(server.local('out', 'error')).includes(`${name}.reason.txt`) && filesIn(server.local('out', 'error')).includes(name));
    // later polls run (a second file is delivered) and the rejected one does not come back
    const next = 'Lagersaldo_20261201T000000000_0002.xml';
    put(next, '<Lagersaldo/>');
    await waitFor('the next file', () => deliveries(next)[0]);
    await waitFor('two leases after the reject', async () => {
      await new Promise((r) => setTimeout(r, 200));
      return rt!.messages.filter((x) => x.node === 'got').length >= 2 && filesIn(server.local('out', 'processing')).length === 1;
    });
    count('rejected file', { deliveries: deliveries(name).length, 'in error/': 1 });
    assert.equal(deliveries(name).length, 1);
    rt.inject('out', { action: 'ack', pyramid: deliveries(next)[0].pyramid, filename: next });
    await waitFor('the next file archived', () => filesIn(server.local('out', 'processing')).length === 0);
  });

  it('a file a slow flow still works on is not delivered again for three leases (renewed), then archived', async () => {
    const name = 'PrisFullstandig_20261201T000000000_0003.xml';
    put(name, '<PrisFullstandig omfattning="full"/>');
    const first = await waitFor('the delivery', () => deliveries(name)[0]);
    const start = Date.now();
    const claims = new Set<string>();
    // watch the claim for three leases: renamed with a later lease end, never delivered again
    await waitFor(
      'three leases',
      () => {
        for (const f of filesIn(server.local('out', 'processing'))) claims.add(f);
        return Date.now() - start > 3 * LEASE_S * 1000 + 1000;
      },
      60_000,
      100,
    );
    count('slow flow', { 'leases waited': 3, deliveries: deliveries(name).length, 'claim names seen (renewals)': claims.size });
    assert.equal(deliveries(name).length, 1, 'not delivered again while the flow works on it');
    assert.ok(claims.size >= 2, 'the lease was renewed');
    rt!.inject('out', { action: 'ack', pyramid: first.pyramid, filename: name });
    await waitFor('archived', () => filesIn(server.local('out', 'archive')).some((f) => f.startsWith(name)));
    await kill(rt);
  });

  it('a file that kills the runtime every time is quarantined after a bounded number of deliveries', { todo: 'lib/ftp has no attempt counter on the claim yet (issue 15): see the report' }, async () => {
    const name = 'Artikeldata_20261201T000000000_0004.xml';
    put(name, '<Artikeldata omfattning="delta"/>');
    let delivered = 0;
    while (delivered < POISON_LIMIT && !filesIn(server.local('out', 'error')).includes(name)) {
      rt = await startRuntime(userDir, flow(), credentials(server));
      const r = rt;
      // the lease of the killed runtime runs out, then this one claims the file again or quarantines it
      const outcome = await waitFor('a delivery or the quarantine', () => (r.messages.some((m) => m.node === 'got' && m.filename === name) ? 'delivered' : filesIn(server.local('out', 'error')).includes(name) ? 'quarantined' : undefined), 60_000, 100);
      if (outcome === 'delivered') delivered += 1;
      await kill(r); // the crash the file causes
    }
    const quarantined = filesIn(server.local('out', 'error')).includes(name);
    count('poison file', { deliveries: delivered, limit: POISON_LIMIT, quarantined: String(quarantined) });
    assert.ok(quarantined, `delivered ${delivered} times and not quarantined`);
    assert.ok(filesIn(server.local('out', 'error')).includes(`${name}.reason.txt`));
  });
});
