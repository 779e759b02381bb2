/*
 * Poison files and slow flows, with pyramid-ftp-in in a Node-RED runtime of its own process
 * (test/ftp/runtime-child) against an FTP server in this process:
 * - a file the flow rejects goes to error/ with its reason at the first attempt and never comes back;
 * - a file a slow flow is still working on is not delivered again while that runtime lives, for
 *   several leases (the lease is renewed), and is archived once the flow acknowledges it;
 * - a file that kills the runtime each time it is processed (the real poison: no flow can reject
 *   it) is quarantined after a bounded number of deliveries (the claim name counts them): each
 *   runtime is SIGKILLed once the file reached its flow, the next one (same user dir) takes the
 *   claim again with the next delivery number, and the one after the last allowed delivery moves
 *   it to error/ with its reason, tells Catch nodes, and never delivers it again.
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

/** Runtimes started at most while waiting for the quarantine (well above MAX_DELIVERIES). */
const POISON_LIMIT = Number(process.env.FAULTS_POISON_LIMIT ?? 8);
/** pyramid-ftp-in's "Deliver at most" in this suite. */
const MAX_DELIVERIES = 3;

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
  const poisonFlow = (): object[] => ftpFlow(server, { in: { ack: 'manual', lease: LEASE_S, interval: 0.2, settle: 0, maxDeliveries: MAX_DELIVERIES } });
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

  it('a file that kills the runtime every time is quarantined after a bounded number of deliveries', async () => {
    const name = 'Artikeldata_20261201T000000000_0004.xml';
    put(name, '<Artikeldata omfattning="delta"/>');
    const numbers: number[] = [];
    let caught: ChildMessage | undefined;
    let runtimes = 0;
    // More runtimes than the limit allows deliveries: the loop ends by the quarantine, not by the bound.
    while (runtimes < POISON_LIMIT && !filesIn(server.local('out', 'error')).includes(name)) {
      runtimes += 1;
      rt = await startRuntime(userDir, poisonFlow(), credentials(server));
      const r = rt;
      // The killed runtime's claim is this one's own (same user dir): taken again at its start,
      // with the next delivery number, or quarantined once that number would pass the limit.
      const outcome = await waitFor(
        'a delivery or the quarantine',
        () => (r.messages.some((m) => m.node === 'got' && m.filename === name) ? 'delivered' : filesIn(server.local('out', 'error')).includes(name) ? 'quarantined' : undefined),
        60_000,
        100,
      );
      if (outcome === 'delivered') {
        const m = r.messages.find((x) => x.node === 'got' && x.filename === name);
        numbers.push(Number(m?.pyramid?.deliveries));
      } else {
        caught = await waitFor('the error msg to the Catch node', () => r.messages.find((x) => x.node === 'caught' && x.filename === name), 60_000, 100);
      }
      await kill(r); // the crash the file causes
    }
    const errorDir = filesIn(server.local('out', 'error'));
    const quarantined = errorDir.includes(name);
    count('poison file', { deliveries: numbers.length, 'delivery numbers': numbers.join(' '), limit: MAX_DELIVERIES, runtimes, quarantined: String(quarantined) });
    assert.ok(quarantined, `delivered ${numbers.length} times and not quarantined`);
    assert.deepEqual(numbers, Array.from({ length: MAX_DELIVERIES }, (_, i) => i + 1), 'msg.pyramid.deliveries counts 1, 2, 3');
    assert.ok(errorDir.includes(`${name}.reason.txt`));
    const reason = fs.readFileSync(server.local('out', 'error', `${name}.reason.txt`), 'utf8');
    assert.match(reason, /^quarantined: /m);
    assert.match(reason, new RegExp(`delivered ${MAX_DELIVERIES} times without completing`));
    assert.match(reason, /held by [A-Za-z0-9]+ with a lease until \d{4}-\d\d-\d\dT/);
    assert.equal(caught?.pyramid?.deliveries, MAX_DELIVERIES);
    assert.match(String(caught?.error), /never delivered again/);
    assert.deepEqual(
      filesIn(server.local('out', 'processing')).filter((f) => f.startsWith(name)),
      [],
      'no claim of it is left',
    );

    // never again: a fresh runtime polls a while (a later file comes and goes) and does not see it
    rt = await startRuntime(userDir, poisonFlow(), credentials(server));
    const later = 'Artikeldata_20261201T000000000_0005.xml';
    put(later, '<Artikeldata omfattning="delta"/>');
    const m = await waitFor('the later file', () => deliveries(later)[0], 60_000, 100);
    assert.equal(m.pyramid?.deliveries, 1);
    rt.inject('out', { action: 'ack', pyramid: m.pyramid, filename: later });
    await waitFor('the later file archived', () => filesIn(server.local('out', 'archive')).includes(later), 60_000, 100);
    assert.equal(deliveries(name).length, 0, 'the quarantined file is not delivered again');
    await kill(rt);
  });
});
