/*
 * 20 SIGKILLs of Node-RED (the demo's flows in a child process) at random points while orders
 * (shop test orders through webhooks, two a second), stock and price deltas (the simulator's
 * activity) and a 100,000-row price list are flowing, each followed by a restart on the same user
 * dir. After the last restart: every order reached Pyramid exactly once; every file out of Pyramid
 * was processed (archived, or in error/ with its reason); no claim is left in processing/.
 *
 * Test settings: the claim lease of pyramid-ftp-in is 20 s (the example's is 300 s) so that the
 * claims of a killed process come back within the test; the hand-over time of woocommerce-in is 30 s
 * (the example's is 5 min), so orders whose msgs a kill lost are handed on again within the test
 * (measured with 5 min: 640 of 730 orders came again, 5 of them found by pyramid-ftp-out's duplicate
 * check, none a second file); the kill points are random on purpose.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage } from '../../lib';
import type { WrittenFile } from '../../sim/pyramid';
import { NodeRed, placeOrders, count, resendSources, filesUnder, flowsFor, freePort, orderFiles, pyramidState, registerWebhooks, startSims, tmpDir, waitFor, waitForCatalogue, type Sims } from './support';

const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
const PRICE_ROWS = Number(process.env.FAULTS_PRICE_ROWS ?? 100_000);
/**
 * The work is bounded, not the time: how long the kill phase lasts depends on how fast Node-RED
 * restarts on a loaded machine, so orders stop after ORDERS and Pyramid's activity after
 * ACTIVITY_S (measured unbounded on a loaded machine: 795 orders and 5,177 files, more than the
 * flow could work off in the settle time).
 */
const ORDERS = Number(process.env.FAULTS_KILL_ORDERS ?? 200);
const ACTIVITY_S = Number(process.env.FAULTS_ACTIVITY_S ?? 60);

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
      logLevel: 'info',
      ...flowsFor(sims, { 'pyramid-ftp-in': { lease: 20, interval: 1 }, 'pyramid-ftp-server': { retryMin: 0.5, retryMax: 5 }, 'woocommerce-in': { handover: 0.5 } }),
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
    const capped = setInterval(() => {
      if (orders.length >= ORDERS) placing.stop();
    }, 100);
    const activityOff = setTimeout(() => {
      void fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: false }) });
    }, ACTIVITY_S * 1000);
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
      clearInterval(capped);
      clearTimeout(activityOff);
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
    // failed/ holds entries set aside for a human: here only adds a kill interrupted (an .entry cut
    // short, or data without its description: never acknowledged, so the order came again by the hand-over)
    // (the outbox has one folder per FTP server node: <node id>/failed/...)
    const waiting = (): string[] => filesUnder(outbox).filter((f) => !f.split('/').includes('failed'));
    await waitFor('the outbox empty and the in-folder taken', () => waiting().length === 0 && fs.readdirSync(inDir).every((f) => !/^Order_.*\.xml$/.test(f))).catch((e: Error) => {
      // what is left, with the reason of an entry set aside
      const left = filesUnder(outbox).map((f) => (f.endsWith('.reason.txt') ? `${f}: ${fs.readFileSync(path.join(outbox, f), 'utf8').trim()}` : f));
      problems.push(`${e.message}: outbox ${left.join(', ')}; in-folder ${fs.readdirSync(inDir).join(' ')}`);
    });

    const setAside = filesUnder(outbox).filter((f) => f.split('/').includes('failed') && f.endsWith('.reason.txt'));
    const setAsideOther = setAside.filter((f) => !/outbox entry without its description/.test(fs.readFileSync(path.join(outbox, f), 'utf8')));
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
      ...resendSources(nr.log()),
      'outbox adds cut by a kill (set aside, never acknowledged)': setAside.length - setAsideOther.length,
      'outbox left': waiting().length,
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
    assert.deepEqual(waiting(), [], 'nothing left waiting in the outbox');
    assert.deepEqual(setAsideOther, [], 'nothing set aside in the outbox but adds cut by a kill');
    assert.deepEqual(fs.readdirSync(inDir).filter((f) => /^Order_.*\.xml$/.test(f)), [], 'Pyramid took every order file');
  });
});
