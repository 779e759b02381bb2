/*
 * The shop down (every REST call answered 503, as behind a maintenance page or a failing proxy)
 * for a while, then answering 429 (with Retry-After) and 500 at random, while stock changes in
 * Pyramid keep coming: once the shop is back every change reaches it, in order per SKU (the stock
 * the shop shows for a SKU never goes back to an older value).
 *
 * The outage lasts the issue's 5 minutes (what CI runs); FAULTS_SHOP_DOWN_S shortens it while
 * investigating. The flaky phase after it lasts half the outage, at most 60 s.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeRed, count, flowsFor, freePort, registerWebhooks, startSims, tmpDir, waitFor, waitForCatalogue, type Sims } from './support';

const DOWN_S = Number(process.env.FAULTS_SHOP_DOWN_S ?? 300);
const FLAKY_S = Math.max(10, Math.min(60, Math.round(DOWN_S / 2)));
const SKUS = 20;
const STEPS = 10;

describe('faults: the shop down, then answering 429 and 500', () => {
  let dir: string;
  let sims: Sims;
  let nr: NodeRed;

  before(async () => {
    dir = tmpDir('shop-down');
    sims = await startSims(dir);
    nr = new NodeRed({ userDir: path.join(dir, 'node-red'), port: await freePort(), context: 'file', ...flowsFor(sims) });
    await nr.start();
    await registerWebhooks(sims.shop, nr.flows, nr.url);
    // (also the start's full files, stock and prices, before the outage begins)
    await waitForCatalogue(sims);
  });
  after(async () => {
    await nr?.kill();
    await sims?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`down ${DOWN_S} s, then 429/500 at random for ${FLAKY_S} s: every stock change arrives, in order per SKU`, async () => {
    const data = sims.pyramid.data;
    const skus = [...data.articles.values()]
      // stock in HUV only: the shop's figure is then the HUV figure whatever the flow does with the
      // other warehouses (measured: with stock in several warehouses a delta sets the shop to that
      // warehouse's figure alone, see the issue 15 note)
      .filter((a) => a.webActive && a.stocked && !a.parentArticle && sims.shop.state.findBySku(a.articleCode))
      .filter((a) => [...data.stock.values()].every((s) => s.articleCode !== a.articleCode || s.warehouse === 'HUV'))
      .slice(0, SKUS)
      .map((a) => a.articleCode);
    assert.equal(skus.length, SKUS);
    const productIds = new Map(skus.map((s) => [sims.shop.state.findBySku(s)!.id, s]));
    // what the shop shows for each SKU, every time the product changes
    const seen = new Map<string, number[]>(skus.map((s) => [s, []]));
    sims.shop.state.onChange((e) => {
      const sku = e.resource === 'product' ? productIds.get(e.id) : undefined;
      const q = sku ? sims.shop.state.products.get(e.id)?.stockQuantity : undefined;
      if (sku && typeof q === 'number') seen.get(sku)!.push(q);
    });
    // the shop's total for an article: the sum over warehouses of what is available
    const expected = (code: string): number => Math.floor([...data.stock.values()].filter((s) => s.articleCode === code).reduce((n, s) => n + Math.max(0, s.onHand - s.reserved), 0));
    const change = async (code: string, step: number): Promise<void> => {
      const res = await fetch(`${sims.pyramid.adminUrl}/api/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articleCode: code, warehouse: 'HUV', available: 5000 + step * 100 }) });
      assert.ok(res.ok, await res.text());
    };
    const spread = async (fromStep: number, toStep: number, seconds: number): Promise<void> => {
      const steps = toStep - fromStep;
      const end = Date.now() + seconds * 1000;
      for (let s = fromStep; s < toStep; s++) {
        for (const code of skus) await change(code, s);
        const left = end - Date.now();
        if (left > 0) await new Promise((r) => setTimeout(r, left / (toStep - s)));
      }
      void steps;
    };

    sims.shop.injectFault({ status: 503, rate: 1, retryAfter: 5 });
    const downAt = Date.now();
    await spread(0, STEPS / 2, DOWN_S);
    const down = (Date.now() - downAt) / 1000;
    sims.shop.clearFaults();
    sims.shop.injectFault({ status: 429, rate: 0.25, retryAfter: 1 });
    sims.shop.injectFault({ status: 500, rate: 0.25 });
    await spread(STEPS / 2, STEPS, FLAKY_S);
    sims.shop.clearFaults();
    const backAt = Date.now();
    const final = new Map(skus.map((s) => [s, expected(s)]));
    await waitFor(
      'every SKU at its last stock in the shop',
      () => skus.every((s) => sims.shop.state.findBySku(s)?.stockQuantity === final.get(s)),
      300_000,
      500,
    ).catch((e: Error) => {
      const wrong = skus.filter((s) => sims.shop.state.findBySku(s)?.stockQuantity !== final.get(s)).map((s) => `${s}: ${sims.shop.state.findBySku(s)?.stockQuantity} != ${final.get(s)}`);
      const errors = fs.existsSync(path.join(sims.pyramid.dataDir, 'out', 'error')) ? fs.readdirSync(path.join(sims.pyramid.dataDir, 'out', 'error')).filter((f) => f.endsWith('.reason.txt')) : [];
      const reasons = errors.slice(0, 3).map((f) => fs.readFileSync(path.join(sims.pyramid.dataDir, 'out', 'error', f), 'utf8').slice(0, 300));
      throw new Error(`${e.message}: ${wrong.length} SKUs wrong (${wrong.slice(0, 5).join('; ')}); files rejected: ${errors.length}\n${reasons.join('\n')}`);
    });
    const outOfOrder = skus.filter((s) => {
      const v = seen.get(s)!;
      return v.some((q, i) => i > 0 && q < v[i - 1]);
    });
    const errDir = path.join(sims.pyramid.dataDir, 'out', 'error');
    const rejected = fs.existsSync(errDir) ? fs.readdirSync(errDir).filter((f) => !f.endsWith('.reason.txt')) : [];
    // why (by file type and the reason's first words), so a rejection during the outage is visible
    const why = new Map<string, number>();
    for (const f of rejected) {
      const r = fs.existsSync(path.join(errDir, `${f}.reason.txt`)) ? fs.readFileSync(path.join(errDir, `${f}.reason.txt`), 'utf8') : '(no reason)';
      const k = `${f.split('_')[0]}: ${r.replace(/\s+/g, ' ').slice(0, 100)}`;
      why.set(k, (why.get(k) ?? 0) + 1);
    }
    if (why.size) process.stdout.write(`# rejected: ${[...why].map(([k, n]) => `${n}x ${k}`).join(' | ')}\n`);
    count('shop down', {
      'files rejected to error/': rejected.length,
      'down s': down.toFixed(0),
      'flaky s': FLAKY_S,
      SKUs: SKUS,
      'changes per SKU': STEPS,
      'faults answered': JSON.stringify(sims.shop.faultsAnswered),
      'caught up s after the shop was back': ((Date.now() - backAt) / 1000).toFixed(1),
      'SKUs out of order': outOfOrder.length,
    });
    assert.deepEqual(outOfOrder, [], 'the stock of a SKU never went back to an older value');
  });
});
