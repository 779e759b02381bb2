/**
 * Issue 11, P4 and P5 in the library, against the simulated shop (sim/shop) in this process:
 * - woocommerce-out's batching across msgs (PushBatcher): changes spread over the msgs of one split
 *   file cost ceil(n/100) batch calls, each msg gets its own records back in order, a later state of
 *   a SKU is never overtaken by an earlier one, a failed push reaches every msg it carried;
 * - the push memory kept per key (no whole-catalogue map), and the maps of earlier versions moved;
 * - the webhook dedupe's pending index spread over shards, shared through one store, and the
 *   single-key index of earlier versions moved into the shards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Shop } from '../../sim/shop';
import {
  Deduper,
  MemoryStore,
  PushBatcher,
  WooError,
  push,
  shopPrefix,
  type PushContext,
  type PushResult,
} from '../../lib/shop/woocommerce';
import { INDEX_SHARDS } from '../../lib/shop/woocommerce/webhook';
import { calls, clientFor, products, startShop } from '../shop/support';

interface Answer {
  n: number;
  result?: PushResult;
  error?: unknown;
}

/** A batcher whose answers are collected in order; `settled` resolves when `want` msgs are answered. */
function collect(ctx: () => PushContext, holdMs = 60_000): { batcher: PushBatcher<number>; answers: Answer[]; settled(want: number): Promise<void> } {
  const answers: Answer[] = [];
  const waiters: { want: number; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of waiters.splice(0)) {
      if (answers.length >= w.want) w.resolve();
      else waiters.push(w);
    }
  };
  const batcher = new PushBatcher<number>({
    context: (force) => ({ ...ctx(), force }),
    holdMs,
    onResult: (n, result) => {
      answers.push({ n, result });
      check();
    },
    onError: (n, error) => {
      answers.push({ n, error });
      check();
    },
  });
  return {
    batcher,
    answers,
    settled: (want) =>
      new Promise<void>((resolve) => {
        waiters.push({ want, resolve });
        check();
      }),
  };
}

/** The products split into msgs of `per`, with `change(i)` applied to record i. */
function msgsOf(n: number, per: number, change: (i: number, r: Record<string, unknown>) => void = () => undefined): Record<string, unknown>[][] {
  const all = products(n);
  all.forEach((r, i) => change(i, r));
  const out: Record<string, unknown>[][] = [];
  for (let i = 0; i < n; i += per) out.push(all.slice(i, i + per));
  return out;
}

describe('woocommerce-out batching across the msgs of a file (PushBatcher)', () => {
  let shop: Shop;
  let ctx: PushContext & { store: MemoryStore };
  before(async () => {
    shop = await startShop();
    ctx = { client: clientFor(shop), store: new MemoryStore(), prefix: shopPrefix(shop.url) };
    const first = await push(ctx, 'products', products(1000));
    assert.equal(first.created, 1000);
  });
  after(async () => {
    ctx.client.close();
    await shop.close();
  });

  it('10 changes, one per msg of 100 of one split file: one batch call, each msg answered with its own 100 records, in order', async () => {
    const msgs = msgsOf(1000, 100, (i, r) => {
      if (i % 100 === 7) r.regular_price = '111.00';
    });
    const { batcher, answers, settled } = collect(() => ctx);
    shop.resetCalls();
    const states: string[] = [];
    for (let k = 0; k < msgs.length; k++) states.push(await batcher.submit({ resource: 'products', records: msgs[k], sequence: { id: 'file1', last: k === msgs.length - 1 }, tag: k }));
    await settled(10);
    assert.deepEqual(states, [...Array(9).fill('held'), 'done']);
    assert.deepEqual(calls(shop).byRoute, { 'POST products/batch': 1 });
    assert.deepEqual(
      answers.map((a) => a.n),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    for (const [k, a] of answers.entries()) {
      assert.equal(a.error, undefined);
      assert.equal(a.result?.updated, 1, `msg ${k}`);
      assert.equal(a.result?.unchanged, 99, `msg ${k}`);
      assert.equal(a.result?.ok.length, 100);
      const skus = new Set(a.result?.ok.map((r) => r.sku));
      assert.ok(msgs[k].every((r) => skus.has(r.sku)), `msg ${k} got its own records`);
    }
    // the calls of the push are given to the msg that completed it
    assert.deepEqual(
      answers.map((a) => a.result?.calls),
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    );
    assert.equal(shop.state.findBySku('ART0008')?.regularPrice, '111.00');
    // unchanged now: answered at once, no call
    shop.resetCalls();
    assert.equal(await batcher.submit({ resource: 'products', records: msgs[3], sequence: { id: 'file2', last: false }, tag: 99 }), 'done');
    assert.equal(calls(shop).total, 0);
    await batcher.close();
  });

  it('160 changes in 50 msgs of 20 (3-4 each): ceil(160/100) = 2 batch calls; msgs without msg.parts are sent when no more come', async () => {
    const msgs = msgsOf(1000, 20, (i, r) => {
      if (i % 20 < 3 && i < 1000) r.regular_price = '122.00';
    });
    const { batcher, answers, settled } = collect(() => ctx, 50);
    shop.resetCalls();
    for (let k = 0; k < msgs.length; k++) void batcher.submit({ resource: 'products', records: msgs[k], tag: k });
    await settled(50);
    assert.deepEqual(calls(shop).byRoute, { 'POST products/batch': 2 });
    // (and the 10 the test before changed, back at their price)
    assert.equal(answers.reduce((n, a) => n + (a.result?.updated ?? 0), 0), 160);
    assert.ok(answers.every((a, i) => a.n === i && !a.error));
    await batcher.close();
  });

  it('order per SKU: a later state of a held SKU flushes the held one first, and a return to the old value is sent after it', async () => {
    const { batcher, answers, settled } = collect(() => ctx);
    const sku = 'ART0500';
    const rec = (price: string): Record<string, unknown> => ({ ...products(500).find((r) => r.sku === sku), regular_price: price });
    const old = shop.state.findBySku(sku)?.regularPrice;
    shop.resetCalls();
    assert.equal(await batcher.submit({ resource: 'products', records: [rec('200.00')], sequence: { id: 'f', last: false }, tag: 0 }), 'held');
    // the same SKU back at the value the shop had before: judged after the held change went out
    assert.equal(await batcher.submit({ resource: 'products', records: [rec(String(old))], sequence: { id: 'f', last: false }, tag: 1 }), 'held');
    assert.equal(shop.state.findBySku(sku)?.regularPrice, '200.00');
    assert.equal(await batcher.submit({ resource: 'products', records: [rec('300.00')], sequence: { id: 'f', last: true }, tag: 2 }), 'done');
    await settled(3);
    assert.equal(shop.state.findBySku(sku)?.regularPrice, '300.00');
    assert.deepEqual(calls(shop).byRoute, { 'POST products/batch': 3 });
    assert.deepEqual(
      answers.map((a) => [a.n, a.result?.updated]),
      [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
    );
    await batcher.close();
  });

  it('a push that fails as a whole answers every msg it carried with the error', async () => {
    const bad: PushContext = { client: clientFor(shop, { consumerSecret: 'wrong' }), store: ctx.store, prefix: ctx.prefix };
    const { batcher, answers, settled } = collect(() => bad);
    const msgs = msgsOf(300, 100, (i, r) => {
      if (i % 100 === 1) r.regular_price = '133.00';
    });
    for (let k = 0; k < 3; k++) await batcher.submit({ resource: 'products', records: msgs[k], sequence: { id: 'g', last: k === 2 }, tag: k });
    await settled(3);
    assert.deepEqual(
      answers.map((a) => a.n),
      [0, 1, 2],
    );
    assert.ok(answers.every((a) => a.error instanceof WooError && a.error.status === 401), JSON.stringify(answers.map((a) => (a.error as Error)?.message)));
    bad.client.close();
    await batcher.close();
  });
});

describe('the push memory, one store key per SKU', () => {
  let shop: Shop;
  before(async () => {
    shop = await startShop();
  });
  after(async () => {
    await shop.close();
  });

  it('keeps no whole-catalogue map, and moves the maps of earlier versions into per-key entries', async () => {
    const store = new MemoryStore();
    const ctx: PushContext = { client: clientFor(shop), store, prefix: 'x_' };
    await push(ctx, 'products', products(120, 'MEM'));
    assert.equal(store.data.has('x_ids'), false);
    assert.equal(store.data.has('x_push_products'), false);
    assert.deepEqual(store.data.get('x_id_mem0001'), { id: shop.state.findBySku('MEM0001')?.id, parent: 0, type: 'simple' });
    assert.ok(store.data.has('x_push_products_mem0120'));
    // a SKU that is not a plain identifier is kept under a digest
    await push(ctx, 'products', [{ ...products(1, 'MEM')[0], sku: 'MEM 1.ä/2' }]);
    assert.ok([...store.data.keys()].some((k) => k.startsWith('x_idh_')));

    // as an earlier version stored it: two maps
    const legacy = new MemoryStore();
    const ids: Record<string, unknown> = {};
    const hashes: Record<string, unknown> = {};
    for (const [k, v] of store.data) {
      const id = /^x_id_(.*)$/.exec(k);
      const h = /^x_push_products_(.*)$/.exec(k);
      if (id) ids[id[1]] = v;
      if (h) hashes[h[1]] = v;
    }
    await legacy.set('x_ids', ids);
    await legacy.set('x_push_products', hashes);
    shop.resetCalls();
    const again = await push({ ...ctx, store: legacy }, 'products', products(120, 'MEM'));
    assert.equal(again.unchanged, 120);
    assert.equal(calls(shop).total, 0);
    assert.equal(legacy.data.has('x_ids'), false);
    assert.equal(legacy.data.has('x_push_products'), false);
    assert.ok(legacy.data.has('x_id_mem0042'));
    ctx.client.close();
  });
});

describe('webhook dedupe: the pending index in shards', () => {
  it('1,000 pending orders: no store key holds them all, counted, swept and confirmed', async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    const d = new Deduper(store, 'p_', { confirm: true, handOverMs: 60_000, now: () => now });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => d.decide('order', 1000 + i, `d${i}`, '2026-12-01T10:00:00Z', 'order.created')));
    assert.equal(await d.pendingCount(), 1000);
    const shards = [...store.data.keys()].filter((k) => k.startsWith('p_pending'));
    assert.equal(shards.length, INDEX_SHARDS);
    const largest = Math.max(...shards.map((k) => Object.keys(store.data.get(k) as object).length));
    assert.ok(largest <= Math.ceil(1000 / INDEX_SHARDS), `largest shard ${largest}`);
    // a second node (or instance) on the same store sees them all
    const other = new Deduper(store, 'p_', { confirm: true, handOverMs: 60_000, now: () => now });
    assert.equal(await other.pendingCount(), 1000);
    await Promise.all(Array.from({ length: 500 }, (_, i) => d.confirm('order', 1000 + i)));
    assert.equal(await d.pendingCount(), 500);
    now += 60_000;
    const due = await other.overdue();
    assert.equal(due.length, 500);
    assert.deepEqual(
      due.map((e) => e.id).sort((a, b) => a - b),
      Array.from({ length: 500 }, (_, i) => 1500 + i),
    );
    assert.equal(await other.pendingCount(), 500);
  });

  it('moves the single-key index of earlier versions into the shards', async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    // as an earlier version left it: the resource keys and one index key
    for (const id of [7, 8, 71]) await store.set(`p_seen_order_${id}`, { m: '2026-12-01T10:00:00Z', d: [`x${id}`], t: now, p: 1, n: 1, tp: 'order.created' });
    await store.set('p_pending', { order_7: { r: 'order', id: 7 }, order_8: { r: 'order', id: 8 }, order_71: { r: 'order', id: 71 } });
    const d = new Deduper(store, 'p_', { confirm: true, handOverMs: 60_000, now: () => now });
    assert.equal(await d.pendingCount(), 3);
    assert.equal(store.data.has('p_pending'), false);
    assert.equal(await d.confirm('order', 8), true);
    now += 60_000;
    assert.deepEqual(
      (await d.overdue()).map((e) => e.id).sort((a, b) => a - b),
      [7, 71],
    );
  });
});
