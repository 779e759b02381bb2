/**
 * lib/shop/woocommerce against the simulated shop (sim/shop) in the same process: pushes and what
 * they cost in REST calls (counted by the simulator), variable products, stock, prices, orders with
 * notes, customers, faults (429 with Retry-After, 500 before and after the shop served the request),
 * signatures, dedupe and reconciliation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Shop } from '../../sim/shop';
import {
  Deduper,
  MemoryStore,
  WooClient,
  WooError,
  isPingBody,
  push,
  reconcileOrders,
  resendPending,
  retryAfterMs,
  shopPrefix,
  verifySignature,
  type PushContext,
} from '../../lib/shop/woocommerce';
import { KEY, SECRET, calls, clientFor, products, startShop } from './support';

function ctxFor(shop: Shop, store = new MemoryStore()): PushContext & { store: MemoryStore } {
  return { client: clientFor(shop), store, prefix: shopPrefix(shop.url) };
}

describe('pushing products', () => {
  let shop: Shop;
  let ctx: PushContext & { store: MemoryStore };
  before(async () => {
    shop = await startShop();
    ctx = ctxFor(shop);
  });
  after(async () => {
    ctx.client.close();
    await shop.close();
  });

  it('creates 250 new products with 3 lookups and 3 batch calls', async () => {
    shop.resetCalls();
    const r = await push(ctx, 'products', products(250));
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed.slice(0, 2)));
    assert.equal(r.created, 250);
    assert.deepEqual(calls(shop).byRoute, { 'GET products': 3, 'POST products/batch': 3 });
    assert.equal(r.calls, 6);
    assert.equal([...shop.state.products.values()].filter((p) => p.sku.startsWith('ART')).length, 250);
    assert.ok(r.ok.every((x) => x.id > 0 && x.result === 'created'));
  });

  it('an unchanged catalogue costs 0 calls', async () => {
    shop.resetCalls();
    const r = await push(ctx, 'products', products(250));
    assert.equal(r.unchanged, 250);
    assert.equal(calls(shop).total, 0);
    assert.equal(r.calls, 0);
  });

  it('n changed products cost ceil(n/100) batch calls and nothing else', async () => {
    const list = products(250);
    for (const [i, p] of list.entries()) if (i < 150) p.regular_price = '120.00';
    shop.resetCalls();
    const r = await push(ctx, 'products', list);
    assert.equal(r.updated, 150);
    assert.equal(r.unchanged, 100);
    assert.deepEqual(calls(shop).byRoute, { 'POST products/batch': 2 });
    assert.equal(shop.state.findBySku('ART0001')?.regularPrice, '120.00');
    // one changed record: one call
    list[200].name = 'Ändrad';
    shop.resetCalls();
    await push(ctx, 'products', list);
    assert.equal(calls(shop).total, 1);
  });

  it('an empty payload makes no call', async () => {
    shop.resetCalls();
    const r = await push(ctx, 'products', []);
    assert.deepEqual([r.ok.length, r.failed.length, calls(shop).total], [0, 0, 0]);
  });

  it('makes a parent with variants a variable product with the variations under it', async () => {
    const parent = { sku: 'TROJA', name: 'Tröja', type: 'simple', status: 'publish', regular_price: '299.00', attributes: [{ name: 'Material', options: ['Ull'], visible: true }] };
    const variants = ['S', 'M'].map((size) => ({
      sku: `TROJA-${size}`,
      parent_sku: 'TROJA',
      name: `Tröja ${size}`,
      regular_price: '299.00',
      attributes: [{ name: 'Storlek', options: [size], visible: true }],
    }));
    const r = await push(ctx, 'products', [...variants, parent]);
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed));
    const p = shop.state.findBySku('TROJA');
    assert.ok(p);
    assert.equal(p.type, 'variable');
    const size = p.attributes.find((a) => a.name === 'Storlek');
    assert.deepEqual(size?.options, ['S', 'M']);
    assert.equal(size?.variation, true);
    assert.ok(p.attributes.some((a) => a.name === 'Material'));
    for (const s of ['S', 'M']) {
      const v = shop.state.findBySku(`TROJA-${s}`);
      assert.equal(v?.kind, 'variation');
      assert.equal(v?.parentId, p.id);
      assert.deepEqual(v?.variationAttributes, [{ slug: 'storlek', option: s }]);
    }
    // a new variant alone: the parent gains the option first
    const l = { ...variants[0], sku: 'TROJA-L', name: 'Tröja L', attributes: [{ name: 'Storlek', options: ['L'] }] };
    shop.resetCalls();
    const r2 = await push(ctx, 'products', [l]);
    assert.equal(r2.failed.length, 0, JSON.stringify(r2.failed));
    assert.deepEqual(shop.state.findBySku('TROJA')?.attributes.find((a) => a.name === 'Storlek')?.options, ['S', 'M', 'L']);
    assert.equal(shop.state.findBySku('TROJA-L')?.parentId, p.id);
    assert.deepEqual(calls(shop).byRoute, { 'GET products': 1, 'PUT products/:id': 1, 'POST products/:id/variations/batch': 1 });
    // a parent that was a simple product before its variants came becomes variable
    await push(ctx, 'products', [{ sku: 'BYXA', name: 'Byxa', type: 'simple', regular_price: '499.00' }]);
    assert.equal(shop.state.findBySku('BYXA')?.type, 'simple');
    const r3 = await push(ctx, 'products', [{ sku: 'BYXA-32', parent_sku: 'BYXA', regular_price: '499.00', attributes: [{ name: 'Längd', option: '32' }] }]);
    assert.equal(r3.failed.length, 0, JSON.stringify(r3.failed));
    assert.equal(shop.state.findBySku('BYXA')?.type, 'variable');
  });

  it('finds or creates categories given by name, and pushes again with force', async () => {
    const r = await push(ctx, 'products', [
      { sku: 'CAT-1', name: 'Mössa', categories: [{ name: 'Huvudbonader' }] },
      { sku: 'CAT-2', name: 'Keps', categories: [{ name: 'Huvudbonader' }, { name: 'Sommar' }] },
    ]);
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed));
    const cats = [...shop.state.categories.values()].filter((c) => ['Huvudbonader', 'Sommar'].includes(c.name));
    assert.equal(cats.length, 2);
    const huv = cats.find((c) => c.name === 'Huvudbonader');
    assert.deepEqual(shop.state.findBySku('CAT-1')?.categoryIds, [huv?.id]);
    assert.equal(shop.state.findBySku('CAT-2')?.categoryIds.length, 2);
    shop.resetCalls();
    const forced = await push({ ...ctx, force: true }, 'products', [{ sku: 'CAT-1', name: 'Mössa', categories: [{ name: 'Huvudbonader' }] }]);
    assert.equal(forced.updated, 1);
    // the category id is remembered: one batch call only
    assert.deepEqual(calls(shop).byRoute, { 'POST products/batch': 1 });
  });

  it('pushes a kit as a simple product with its components in meta data', async () => {
    const kit = {
      sku: 'KIT-1',
      name: 'Startpaket',
      type: 'simple',
      regular_price: '999.00',
      meta_data: [
        { key: '_pyramid_kit', value: 'yes' },
        { key: '_pyramid_components', value: JSON.stringify([{ articleCode: 'ART0001', quantity: '2' }]) },
      ],
    };
    const r = await push(ctx, 'products', [kit]);
    assert.equal(r.created, 1);
    const p = shop.state.findBySku('KIT-1');
    assert.equal(p?.type, 'simple');
    assert.ok(p?.meta.some((m) => m.key === '_pyramid_kit' && m.value === 'yes'));
  });

  it('unpublishes an existing product and never creates one', async () => {
    const r = await push(ctx, 'products', [{ sku: 'ART0002', unpublish: true }, { sku: 'NEVER-THERE', unpublish: true }]);
    assert.equal(r.failed.length, 0);
    assert.equal(shop.state.findBySku('ART0002')?.status, 'draft');
    assert.equal(shop.state.findBySku('NEVER-THERE'), undefined);
  });

  it('reports failed records with WooCommerce\'s own code and message', async () => {
    const r = await push(ctx, 'products', [{ sku: 'BAD-1', name: 'x', images: [{ id: 999999 }] }, { name: 'no sku' }, { sku: 'GOOD-1', name: 'ok' }]);
    assert.equal(r.created, 1);
    assert.equal(r.failed.length, 2);
    const bad = r.failed.find((f) => f.sku === 'BAD-1');
    assert.deepEqual(bad?.error, { code: 'woocommerce_product_invalid_image_id', message: '#999999 is an invalid image ID.' });
    assert.equal(r.failed.find((f) => f.name === 'no sku')?.error.code, 'invalid_record');
  });

  it('finds again a product deleted in the shop behind its back', async () => {
    const p = shop.state.findBySku('ART0003');
    assert.ok(p);
    shop.state.products.delete(p.id);
    const list = products(3);
    list[2].name = 'Åter';
    const r = await push(ctx, 'products', list);
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed));
    assert.equal(shop.state.findBySku('ART0003')?.name, 'Åter');
  });
});

describe('stock, prices, orders, customers', () => {
  let shop: Shop;
  let ctx: PushContext & { store: MemoryStore };
  before(async () => {
    shop = await startShop();
    ctx = ctxFor(shop);
    await push(ctx, 'products', [
      ...products(5, 'LAG'),
      { sku: 'T', name: 'T', type: 'variable' },
      { sku: 'T-S', parent_sku: 'T', regular_price: '10.00', attributes: [{ name: 'Storlek', option: 'S' }] },
    ]);
  });
  after(async () => {
    ctx.client.close();
    await shop.close();
  });

  it('sets stock of products and variations by SKU, unknown SKUs failing', async () => {
    shop.resetCalls();
    const r = await push(ctx, 'stock', [
      { sku: 'LAG0001', stock_quantity: 7 },
      { sku: 'LAG0002', stock_quantity: '12' },
      { sku: 'T-S', stock_quantity: 3 },
      { sku: 'OKAND', stock_quantity: 1 },
      { sku: 'LAG0003', stock_quantity: '1.5' },
    ]);
    assert.equal(r.updated, 3);
    assert.deepEqual(r.failed.map((f) => [f.sku, f.error.code]), [['LAG0003', 'invalid_record'], ['OKAND', 'sku_not_found']]);
    assert.equal(shop.state.findBySku('LAG0001')?.stockQuantity, 7);
    assert.equal(shop.state.findBySku('LAG0002')?.manageStock, true);
    assert.equal(shop.state.findBySku('T-S')?.stockQuantity, 3);
    // the ids were known from the product push: one lookup for OKAND, one batch per parent
    assert.deepEqual(calls(shop).byRoute, { 'GET products': 1, 'POST products/batch': 1, 'POST products/:id/variations/batch': 1 });
    shop.resetCalls();
    await push(ctx, 'stock', [{ sku: 'LAG0001', stock_quantity: 7 }]);
    assert.equal(calls(shop).total, 0);
  });

  it('skips unknown SKUs silently when asked, for stock and prices', async () => {
    const s = await push({ ...ctx, unknownSku: 'skip' }, 'stock', [
      { sku: 'LAG0001', stock_quantity: 9 },
      { sku: 'FINNS-INTE', stock_quantity: 1 },
      { sku: 'LAG0003', stock_quantity: 'x' },
    ]);
    assert.deepEqual([s.updated, s.skipped], [1, 1]);
    // a record that is wrong is still reported: only the unknown SKU is skipped
    assert.deepEqual(s.failed.map((f) => [f.sku, f.error.code]), [['LAG0003', 'invalid_record']]);
    assert.equal(shop.state.findBySku('LAG0001')?.stockQuantity, 9);
    const p = await push({ ...ctx, unknownSku: 'skip' }, 'prices', [{ sku: 'FINNS-INTE', regular_price: '10.00' }]);
    assert.deepEqual([p.ok.length, p.failed.length, p.skipped], [0, 0, 1]);
    const f = await push(ctx, 'prices', [{ sku: 'FINNS-INTE', regular_price: '10.00' }]);
    assert.deepEqual([f.failed.map((x) => x.error.code), f.skipped], [['sku_not_found'], 0]);
  });

  it('sets prices and clears a sale', async () => {
    let r = await push(ctx, 'prices', [{ sku: 'LAG0001', regular_price: '149.50', sale_price: '99.00' }, { sku: 'LAG0002', regular_price: 149 }]);
    assert.equal(r.updated, 1);
    assert.equal(r.failed[0]?.error.code, 'invalid_record');
    assert.equal(shop.state.findBySku('LAG0001')?.salePrice, '99.00');
    r = await push(ctx, 'prices', [{ sku: 'LAG0001', regular_price: '149.50', sale_price: '' }]);
    assert.equal(r.updated, 1);
    assert.equal(shop.state.findBySku('LAG0001')?.salePrice, '');
  });

  it('updates an order\'s status and meta data and adds a tracking note once', async () => {
    await push(ctx, 'stock', products(5, 'LAG').map((p) => ({ sku: p.sku, stock_quantity: 50 })));
    const order = shop.placeTestOrder();
    const rec = {
      id: order.id,
      status: 'completed',
      note: 'Skickad med PostNord, spårning 00370733.',
      customer_note: true,
      meta_data: [{ key: '_tracking_number', value: '00370733' }, { key: '_pyramid_status', value: 'levererad' }],
    };
    shop.resetCalls();
    const r = await push(ctx, 'orders', [rec]);
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed));
    assert.deepEqual(calls(shop).byRoute, { 'POST orders/batch': 1, 'POST orders/:id/notes': 1 });
    const o = shop.state.orders.get(order.id);
    assert.equal(o?.status, 'completed');
    assert.ok(o?.meta.some((m) => m.key === '_tracking_number' && m.value === '00370733'));
    const notes = () => (shop.state.orders.get(order.id)?.notes ?? []).filter((n) => n.note === rec.note);
    assert.equal(notes().length, 1);
    assert.equal(notes()[0].customerNote, true);
    shop.resetCalls();
    const again = await push(ctx, 'orders', [rec]);
    assert.equal(again.unchanged, 1);
    assert.equal(calls(shop).total, 0);
    assert.equal(notes().length, 1);
    const missing = await push(ctx, 'orders', [{ id: 999999, status: 'completed' }, { id: 'WC-1' }]);
    assert.equal(missing.failed.length, 2);
    assert.match(missing.failed[0].error.code, /invalid/);
  });

  it('upserts customers by email', async () => {
    // one registered in the shop already: found by email and updated, not duplicated
    const existing = await ctx.client.request<{ id: number }>('POST', 'customers', { body: { email: 'karin@example.se', first_name: 'K' }, mayCreate: true });
    const list = [
      { email: 'karin@example.se', first_name: 'Karin', last_name: 'Larsson', billing: { city: 'Umeå' } },
      { email: 'Olle@Example.se', first_name: 'Olle', meta_data: [{ key: '_pyramid_customer', value: '10001' }] },
    ];
    const r = await push(ctx, 'customers', list);
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed));
    const byEmail = Object.fromEntries(r.ok.map((x) => [String(x.email), x]));
    assert.equal(byEmail['karin@example.se'].result, 'updated');
    assert.equal(byEmail['Olle@Example.se'].result, 'created');
    assert.equal(byEmail['karin@example.se'].id, existing.body.id);
    assert.equal([...shop.state.customers.values()].filter((c) => c.email.toLowerCase() === 'karin@example.se').length, 1);
    assert.equal(shop.state.customers.get(existing.body.id)?.lastName, 'Larsson');
    shop.resetCalls();
    const again = await push(ctx, 'customers', list);
    assert.equal(again.unchanged, 2);
    assert.equal(calls(shop).total, 0);
  });
});

describe('faults: 429 and 5xx delay but lose nothing', () => {
  let shop: Shop;
  before(async () => {
    shop = await startShop();
  });
  after(() => shop.close());

  it('waits out 429 with Retry-After and retries 500s, every record arriving once', async () => {
    const ctx = ctxFor(shop);
    shop.injectFault({ status: 429, count: 2, retryAfter: 1 });
    shop.injectFault({ status: 500, count: 2, route: 'products' });
    const started = Date.now();
    const r = await push(ctx, 'products', products(120, 'F'));
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed.slice(0, 2)));
    assert.equal(r.created, 120);
    assert.ok(Date.now() - started >= 2000, 'Retry-After was honoured');
    assert.equal(shop.faultsAnswered['429'], 2);
    assert.equal(shop.faultsAnswered['500'], 2);
    assert.equal([...shop.state.products.values()].filter((p) => p.sku.startsWith('F')).length, 120);
    ctx.client.close();
  });

  it('looks SKUs up again before repeating a create whose answer was lost', async () => {
    const ctx = ctxFor(shop);
    // the batch reaches the shop, the answer is a 500: the products exist, the client cannot know
    shop.injectFault({ status: 500, count: 1, when: 'after', route: 'products/batch' });
    shop.resetCalls();
    const r = await push(ctx, 'products', products(30, 'LOST'));
    assert.equal(r.failed.length, 0, JSON.stringify(r.failed.slice(0, 2)));
    assert.equal(r.ok.length, 30);
    // lookup, batch (answer lost), lookup again, batch of updates only
    assert.deepEqual(calls(shop).byRoute, { 'GET products': 2, 'POST products/batch': 2 });
    assert.equal([...shop.state.products.values()].filter((p) => p.sku.startsWith('LOST')).length, 30);
    ctx.client.close();
  });

  it('gives up after its attempts with the shop\'s code', async () => {
    const client = clientFor(shop, { maxAttempts: 2 });
    shop.injectFault({ status: 503, count: 2 });
    await assert.rejects(client.request('GET', 'products'), (e: unknown) => e instanceof WooError && e.status === 503 && /gave up/.test(e.message));
    client.close();
  });

  it('refuses plain http to a remote host and bad credentials with the shop\'s code', async () => {
    assert.throws(() => new WooClient({ url: 'http://shop.example.com', consumerKey: KEY, consumerSecret: SECRET }), /https/);
    const bad = new WooClient({ url: shop.url, consumerKey: KEY, consumerSecret: 'wrong' });
    await assert.rejects(bad.request('GET', 'products'), (e: unknown) => e instanceof WooError && e.code === 'woocommerce_rest_authentication_error' && !e.message.includes('wrong'));
    bad.close();
  });

  it('reads Retry-After as seconds or a date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    const d = retryAfterMs(new Date(Date.now() + 5000).toUTCString());
    assert.ok(d !== undefined && d > 3000 && d <= 5000);
    assert.equal(retryAfterMs('soon'), undefined);
  });
});

describe('webhooks: signature, ping, dedupe, reconciliation', () => {
  it('checks base64 HMAC-SHA256 over the raw bytes', () => {
    const raw = Buffer.from('{"id":1,"name":"\\u00e5 \\/"}');
    const sig = createHmac('sha256', 'hemlig').update(raw).digest('base64');
    assert.equal(verifySignature(raw, sig, 'hemlig'), true);
    assert.equal(verifySignature(raw, sig, 'annan'), false);
    assert.equal(verifySignature(Buffer.from('{"id":1,"name":"å /"}'), sig, 'hemlig'), false);
    assert.equal(verifySignature(raw, undefined, 'hemlig'), false);
    assert.equal(verifySignature(raw, 'kort', 'hemlig'), false);
    assert.equal(isPingBody(Buffer.from('webhook_id=12')), true);
    assert.equal(isPingBody(Buffer.from('{"id":12}')), false);
  });

  it('dedupes by delivery id and by resource id + modification date', async () => {
    const d = new Deduper(new MemoryStore(), 'p_');
    assert.equal(await d.accept('order', 5, 'a', '2026-12-01T10:00:00Z'), 'first');
    assert.equal(await d.accept('order', 5, 'a', '2026-12-01T10:00:00Z'), false);
    assert.equal(await d.accept('order', 5, 'b', '2026-12-01T10:00:00Z'), false);
    assert.equal(await d.accept('order', 5, 'c', '2026-12-01T10:05:00Z'), 'newer');
    assert.equal(await d.accept('order', 6, 'c2', '2026-12-01T10:05:00Z'), 'first');
    const all = await Promise.all(Array.from({ length: 100 }, (_, i) => d.accept('order', 7, `r${i}`, '2026-12-01T11:00:00Z')));
    assert.equal(all.filter(Boolean).length, 1);
  });

  it('confirmation mode: pending until confirmed, handed on again after the hand-over time', async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    const d = new Deduper(store, 'p_', { confirm: true, handOverMs: 60_000, now: () => now });
    const m1 = '2026-12-01T10:00:00Z';
    assert.deepEqual(await d.decide('order', 5, 'a', m1, 'order.created'), { verdict: 'first', attempt: 1, topic: 'order.created' });
    assert.equal(await d.pendingCount(), 1);
    // within the hand-over time: a duplicate, also by a new delivery id
    now += 59_999;
    assert.equal(await d.accept('order', 5, 'b', m1), false);
    assert.deepEqual(await d.overdue(), []);
    // then: handed on again, once per hand-over time, by a redelivery or by the sweep
    now += 1;
    assert.deepEqual(await d.decide('order', 5, 'b', m1, 'order.updated'), { verdict: 'again', attempt: 2, topic: 'order.created' });
    assert.equal(await d.accept('order', 5, 'c', m1), false);
    now += 60_000;
    assert.deepEqual(
      (await d.overdue()).map((e) => [e.resource, e.id, e.topic, e.attempt]),
      [['order', 5, 'order.created', 3]],
    );
    assert.deepEqual(await d.overdue(), []);
    // a newer state handed on meanwhile: a confirmation of the older state keeps it pending
    assert.equal(await d.accept('order', 5, 'd', '2026-12-01T10:05:00Z'), 'newer');
    assert.equal(await d.confirm('order', 5, m1), false);
    assert.equal(await d.pendingCount(), 1);
    assert.equal(await d.confirm('order', 5, '2026-12-01T10:05:00Z'), true);
    assert.equal(await d.pendingCount(), 0);
    // confirmed: never again, however late or often it is delivered
    now += 10 * 60_000;
    const all = await Promise.all(Array.from({ length: 100 }, (_, i) => d.accept('order', 5, `r${i}`, '2026-12-01T10:05:00Z')));
    assert.equal(all.filter(Boolean).length, 0);
    assert.deepEqual(await d.overdue(), []);
    assert.equal(await d.confirm('order', 5), false);
    // the state is in the store: a new Deduper on it (a restart) knows what is pending
    await d.decide('customer', 9, 'x', m1, 'customer.created');
    now += 60_000;
    const after = new Deduper(store, 'p_', { confirm: true, handOverMs: 60_000, now: () => now });
    assert.deepEqual((await after.overdue()).map((e) => [e.topic, e.id, e.attempt]), [['customer.created', 9, 2]]);
    // without confirmation mode nothing is pending
    const plain = new Deduper(new MemoryStore(), 'p_', { now: () => now });
    assert.equal(await plain.accept('order', 5, 'a', m1), 'first');
    now += 3_600_000;
    assert.equal(await plain.accept('order', 5, 'b', m1), false);
    assert.equal(await plain.pendingCount(), 0);
  });

  it('re-sends overdue pending resources read fresh from the shop; drops those the shop no longer has', async () => {
    const shop = await startShop();
    const ctx = ctxFor(shop);
    await push(ctx, 'products', products(2, 'Z'));
    await push(ctx, 'stock', products(2, 'Z').map((p) => ({ sku: p.sku, stock_quantity: 100 })));
    let now = 5_000_000;
    const deduper = new Deduper(ctx.store, ctx.prefix, { confirm: true, handOverMs: 1000, now: () => now });
    const a = shop.placeTestOrder();
    const b = shop.placeTestOrder();
    for (const o of [a, b]) {
      const view = (await ctx.client.request<Record<string, unknown>>('GET', `orders/${o.id}`)).body;
      assert.equal((await deduper.decide('order', o.id, `w${o.id}`, String(view.date_modified_gmt), 'order.created')).verdict, 'first');
    }
    await deduper.accept('customer', 424242, 'cx', '2026-12-01T10:00:00');
    assert.equal(await deduper.confirm('order', b.id), true);
    shop.resetCalls();
    assert.deepEqual((await resendPending({ client: ctx.client, deduper })).resent, []);
    assert.equal(calls(shop).total, 0);
    now += 1000;
    const r = await resendPending({ client: ctx.client, deduper });
    assert.deepEqual(r.resent.map((x) => [x.topic, x.id, x.attempt, x.body.id]), [['order.created', a.id, 2, a.id]]);
    assert.deepEqual(r.gone, [{ resource: 'customer', id: 424242 }]);
    assert.deepEqual(calls(shop).byRoute, { 'GET orders': 1, 'GET customers/:id': 1 });
    assert.equal(await deduper.pendingCount(), 1);
    ctx.client.close();
    await shop.close();
  });

  it('reconciliation finds orders not delivered, once', async () => {
    const shop = await startShop();
    const ctx = ctxFor(shop);
    await push(ctx, 'products', products(3, 'R'));
    await push(ctx, 'stock', products(3, 'R').map((p) => ({ sku: p.sku, stock_quantity: 100 })));
    const deduper = new Deduper(ctx.store, ctx.prefix);
    const opts = { client: ctx.client, store: ctx.store, prefix: ctx.prefix, deduper, accepts: () => true };
    const first = await reconcileOrders(opts);
    assert.equal(first.orders.length, 0);
    const a = shop.placeTestOrder();
    const b = shop.placeTestOrder();
    // b arrived by webhook already
    const bView = (await ctx.client.request<Record<string, unknown>>('GET', `orders/${b.id}`)).body;
    assert.equal(await deduper.accept('order', b.id, 'x', String(bView.date_modified_gmt)), 'first');
    const second = await reconcileOrders(opts);
    assert.deepEqual(second.orders.map((o) => [o.topic, o.order.id]), [['order.created', a.id]]);
    const third = await reconcileOrders(opts);
    assert.equal(third.orders.length, 0);
    ctx.client.close();
    await shop.close();
  });
});
