/*
 * 20 SIGKILLs of Node-RED (the demo's flows in a child process) at random points while orders
 * (shop test orders through webhooks, two a second), stock and price deltas (the simulator's
 * activity) and a 100,000-row price list are flowing, each followed by a restart on the same user
 * dir. After the last restart: every order reached Pyramid exactly once; every file out of Pyramid
 * was processed (archived, or in error/ with its reason); no claim is left in processing/.
 *
 * Test settings: the claim lease of pyramid-ftp-in is 20 s (the example's is 300 s) so that the
 * claims of a killed process come back within the test; the kill points are random on purpose.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage } from '../../lib';
import type { WrittenFile } from '../../sim/pyramid';
import { NodeRed, placeOrders, count, filesUnder, flowsFor, freePort, orderFiles, pyramidState, registerWebhooks, startSims, tmpDir, waitFor, waitForCatalogue, type Sims } from './support';

const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
const PRICE_ROWS = Number(process.env.FAULTS_PRICE_ROWS ?? 100_000);

/** A Pris fullständig file of `rows` rows over the simulator's articles, written as Pyramid does (temp name, rename). */
function writeBigPriceList(sims: Sims, rows: number): string {
  const codes = [...sims.pyramid.data.articles.keys()];
  const lists = sims.pyramid.data.baseData.priceLists;
  const perArticle = Math.ceil(rows / codes.length);
  const priceListPrices: Record<string, unknown>[] = [];
  for (let i = 0; priceListPrices.length < rows; i++) {
    const code = codes[i % codes.length];
    const step = Math.floor(i / codes.length) % perArticle;
    const list = lists[Math.floor(i / codes.length / perArticle) % lists.length];
    priceListPrices.push({ priceList: list.code, articleCode: code, fromQuantity: String(1 + step * 5), price: `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}`, currency: list.currency, includesVat: list.includesVat });
  }
  const name = 'PrisFullstandig_20261201T235959000_9001.xml';
  const out = path.join(sims.pyramid.dataDir, 'out');
  fs.writeFileSync(path.join(out, `${name}.tmp`), buildMessage('price-list', { scope: 'full', priceListPrices }, { encoding: 'windows-1252' }));
  fs.renameSync(path.join(out, `${name}.tmp`), path.join(out, name));
  return name;
}

describe('faults: Node-RED killed while everything flows', () => {
  let dir: string;
  let sims: Sims;
  let nr: NodeRed;
  const written: string[] = [];

  before(async () => {
    dir = tmpDir('kills');
    sims = await startSims(dir, { activityMs: 1500 });
    sims.pyramid.events.on('file', (f: WrittenFile) => written.push(f.name));
    nr = new NodeRed({
      userDir: path.join(dir, 'node-red'),
      port: await freePort(),
      context: 'file',
      ...flowsFor(sims, { 'pyramid-ftp-in': { lease: 20, interval: 1 }, 'pyramid-ftp-server': { retryMin: 0.5, retryMax: 5 } }),
    });
    await nr.start();
    await registerWebhooks(sims.shop, nr.flows, nr.url);
    await waitForCatalogue(sims);
  });
  after(async () => {
    await nr?.kill();
    await sims?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${KILLS} SIGKILLs and restarts: every order once, every file processed, no claim left`, async () => {
    const big = writeBigPriceList(sims, PRICE_ROWS);
    written.push(big);
    await fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: true }) });
    const placing = placeOrders(sims, 500);
    const orders = placing.ids;
    const upFor: number[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        // a random point: 0.5 to 6 s after the flows started
        const ms = 500 + Math.floor(Math.random() * 5500);
        upFor.push(ms);
        await new Promise((r) => setTimeout(r, ms));
        await nr.kill();
        await nr.start();
      }
    } finally {
      placing.stop();
      await fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: false }) });
    }
    const exts = orders.map((id) => `WC-${id}`);
    const problems: string[] = [];
    // orders: webhooks retried by the shop, lost ones caught by the flow's reconciliation poll
    const settleMs = Number(process.env.FAULTS_SETTLE_S ?? 300) * 1000;
    const t0 = Date.now();
    await waitFor(
      'every order in Pyramid',
      async () => {
        const st = await pyramidState(sims);
        const got = new Set(st.orders.map((o) => o.externalOrderNumber));
        return exts.every((e) => got.has(e));
      },
      settleMs,
      1000,
    ).catch((e: Error) => problems.push(e.message));
    const ordersAfterS = (Date.now() - t0) / 1000;
    // files: nothing left in out/ or processing/ (claims of killed processes come back after 20 s)
    const out = path.join(sims.pyramid.dataDir, 'out');
    const pending = (): string[] => [...fs.readdirSync(out).filter((f) => f.endsWith('.xml')), ...filesUnder(path.join(out, 'processing'))];
    await waitFor('every file out of Pyramid processed', () => pending().length === 0, settleMs, 1000).catch((e: Error) => problems.push(`${e.message}: ${pending().join(' ')}`));
    const filesAfterS = (Date.now() - t0) / 1000;
    await sims.shop.whenWebhooksIdle();
    const outbox = path.join(dir, 'node-red', 'pyramid-ftp', 'outbox');
    const inDir = path.join(sims.pyramid.dataDir, 'in');
    await waitFor('the outbox empty and the in-folder taken', () => filesUnder(outbox).length === 0 && fs.readdirSync(inDir).every((f) => !/^Order_.*\.xml$/.test(f))).catch((e: Error) => problems.push(e.message));

    const archived = filesUnder(path.join(out, 'archive'));
    const errored = filesUnder(path.join(out, 'error'));
    const unprocessed = written.filter((n) => !archived.some((a) => a.startsWith(n)) && !errored.some((a) => a.startsWith(n) && !a.endsWith('.reason.txt')));
    const noReason = errored.filter((f) => !f.endsWith('.reason.txt') && !errored.includes(`${f}.reason.txt`));
    const st = await pyramidState(sims);
    const files = orderFiles(sims);
    const notOnceInPyramid = exts.filter((e) => st.orders.filter((o) => o.externalOrderNumber === e).length !== 1);
    const doubled = exts.filter((e) => (files.get(e)?.length ?? 0) !== 1);
    count('Node-RED SIGKILLs', {
      kills: KILLS,
      restarts: nr.starts - 1,
      'median ms up before a kill': upFor.sort((a, b) => a - b)[Math.floor(upFor.length / 2)],
      orders: orders.length,
      'orders refused by the shop (nothing in stock)': placing.refused,
      'Pyramid orders': st.orders.filter((o) => exts.includes(o.externalOrderNumber)).length,
      'orders not exactly once in Pyramid': notOnceInPyramid.length,
      'orders with more than one file (second files caught by Pyramid)': doubled.length,
      'Pyramid duplicates': st.duplicates.length,
      'files out of Pyramid': written.length,
      archived: archived.length,
      'in error/': errored.filter((f) => !f.endsWith('.reason.txt')).length,
      unprocessed: unprocessed.length,
      'claims left': filesUnder(path.join(out, 'processing')).length,
      's to all orders after the last restart': ordersAfterS.toFixed(0),
      's to all files': filesAfterS.toFixed(0),
    });
    const st2 = await pyramidState(sims);
    const got2 = new Set(st2.orders.map((o) => o.externalOrderNumber));
    const missing = exts.filter((e) => !got2.has(e));
    if (problems.length) process.stdout.write(`# problems: ${problems.join(' | ')}; missing orders: ${missing.join(' ')}\n${nr.stderr.join('').slice(-2000)}\n`);
    assert.deepEqual(missing, [], 'every order reached Pyramid');
    assert.deepEqual(notOnceInPyramid, [], 'every order is one Pyramid order');
    assert.deepEqual(doubled, [], 'every order reached Pyramid as one file');
    assert.deepEqual(unprocessed, [], 'every file out of Pyramid was processed');
    assert.deepEqual(noReason, [], 'every quarantined file has its reason');
    assert.deepEqual(filesUnder(path.join(out, 'processing')), []);
  });
});
