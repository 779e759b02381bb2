/*
 * Two Node-RED instances running the demo's flows against one simulated Pyramid and one shop,
 * sharing their context (the woocommerce nodes' dedupe state and cursors) through the Redis context
 * store (lib/context/redis.ts, `cache: true` as the default store: pyramid-map reads the context
 * synchronously) on Debian's redis-server started here. Both poll Pyramid's out-folder
 * (the FTP claim decides who takes a file); the shop delivers every webhook to both (the worst case
 * of a load balancer that retries on the other instance). Orders, stock and price changes flow;
 * one instance is SIGKILLed half-way. Every order must be one Pyramid order and every file out of
 * Pyramid archived once.
 *
 * Test settings: the claim lease is 20 s (the example's is 300 s), so the killed instance's claims
 * come back to the other within the test. The FTP server node has "Several Node-RED instances upload
 * here" ticked, as docs/operations.md says for this setup.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WrittenFile } from '../../sim/pyramid';
import { REDIS_MISSING, redisServerPath, startRedis, type RedisServer } from '../context/redis-server';
import { NodeRed, pauseWebhooks, placeOrders, count, resendSources, filesUnder, flowsFor, freePort, orderFiles, pyramidState, registerWebhooks, startSims, tmpDir, waitFor, waitForCatalogue, type Sims } from './support';

const RUN_S = Number(process.env.FAULTS_TWO_RUN_S ?? 40);

describe('faults: two instances sharing a Redis context store', { skip: redisServerPath() ? false : REDIS_MISSING }, () => {
  let dir: string;
  let redis: RedisServer;
  let sims: Sims;
  let a: NodeRed;
  let b: NodeRed;
  const written: string[] = [];

  before(async () => {
    dir = tmpDir('two');
    redis = await startRedis();
    sims = await startSims(dir, { activityMs: 2000 });
    sims.pyramid.events.on('file', (f: WrittenFile) => written.push(f.name));
    // both instances upload to one in-folder: the FTP server node's "several instances" lock
    const tweak = { 'pyramid-ftp-in': { lease: 20 }, 'pyramid-ftp-server': { lockUploads: true } };
    // the default store, with its local copy: pyramid-map reads context synchronously
    const context = { redisUrl: redis.url, prefix: 'pyramid-demo:', cache: true };
    a = new NodeRed({ userDir: path.join(dir, 'a'), port: await freePort(), context, logLevel: 'info', ...flowsFor(sims, tweak) });
    b = new NodeRed({ userDir: path.join(dir, 'b'), port: await freePort(), context, logLevel: 'info', ...flowsFor(sims, tweak) });
    await Promise.all([a.start(), b.start()]);
    await registerWebhooks(sims.shop, a.flows, a.url);
    await registerWebhooks(sims.shop, b.flows, b.url);
    await waitForCatalogue(sims);
  });
  after(async () => {
    await a?.kill();
    await b?.kill();
    await sims?.close();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every file processed once and every order in Pyramid once, also when one instance is killed', async () => {
    await fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: true }) });
    const placing = placeOrders(sims, 500);
    const orders = placing.ids;
    await new Promise((r) => setTimeout(r, (RUN_S / 2) * 1000));
    await a.kill();
    // the load balancer notices: the dead instance's webhooks are paused (what was queued for it is
    // dropped; B received every event itself, and its reconciliation poll finds any it missed)
    const paused = await pauseWebhooks(sims.shop, a.url);
    await new Promise((r) => setTimeout(r, (RUN_S / 2) * 1000));
    placing.stop();
    await fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: false }) });
    const exts = orders.map((id) => `WC-${id}`);
    const problems: string[] = [];
    await waitFor(
      'every order in Pyramid',
      async () => {
        const got = new Set((await pyramidState(sims)).orders.map((o) => o.externalOrderNumber));
        return exts.every((e) => got.has(e));
      },
      180_000,
      1000,
    ).catch((e: Error) => problems.push(e.message));
    const out = path.join(sims.pyramid.dataDir, 'out');
    const pending = (): string[] => [...fs.readdirSync(out).filter((f) => f.endsWith('.xml')), ...filesUnder(path.join(out, 'processing'))];
    await waitFor('every file out of Pyramid processed', () => pending().length === 0, 180_000, 1000).catch((e: Error) => problems.push(`${e.message}: ${pending().join(' ')}`));
    await sims.shop.whenWebhooksIdle();
    const inDir = path.join(sims.pyramid.dataDir, 'in');
    await waitFor('the in-folder taken', () => fs.readdirSync(inDir).every((f) => !/^Order_.*\.xml$/.test(f)), 60_000).catch((e: Error) => problems.push(e.message));

    const st = await pyramidState(sims);
    const files = orderFiles(sims);
    const archived = filesUnder(path.join(out, 'archive'));
    const errored = filesUnder(path.join(out, 'error')).filter((f) => !f.endsWith('.reason.txt'));
    const archivedTwice = written.filter((n) => archived.filter((f) => f.startsWith(n)).length > 1);
    const unprocessed = written.filter((n) => !archived.some((f) => f.startsWith(n)) && !errored.some((f) => f.startsWith(n)));
    const notOnce = exts.filter((e) => st.orders.filter((o) => o.externalOrderNumber === e).length !== 1);
    const extraFiles = exts.filter((e) => (files.get(e)?.length ?? 0) > 1);
    count('two instances', {
      'run s': RUN_S,
      orders: orders.length,
      'orders refused by the shop (nothing in stock)': placing.refused,
      'Pyramid orders': st.orders.filter((o) => exts.includes(o.externalOrderNumber)).length,
      'orders not exactly once in Pyramid': notOnce.length,
      'orders with a second file (caught by Pyramid as duplicate)': extraFiles.length,
      'files out of Pyramid': written.length,
      archived: archived.length,
      'archived twice': archivedTwice.length,
      'in error/': errored.length,
      unprocessed: unprocessed.length,
      'webhook deliveries': sims.shop.deliveries.length,
      'webhooks of the killed instance paused': paused,
      ...resendSources(a.log(), b.log()),
    });
    if (problems.length) process.stdout.write(`# problems: ${problems.join(' | ')}\n${b.stderr.join('').slice(-2000)}\n`);
    assert.deepEqual(notOnce, [], 'every order is one Pyramid order');
    assert.deepEqual(unprocessed, [], 'every file out of Pyramid was processed');
    assert.deepEqual(archivedTwice, [], 'no file processed twice');
    assert.deepEqual(extraFiles, [], 'no second order file reached Pyramid');
  });
});
