/**
 * The woocommerce nodes in a real Node-RED runtime (its own process, see runtime.ts) against the
 * simulated shop (sim/shop, in this process): pushes of every resource and what they cost in REST
 * calls (counted by the simulator), failures to output 2 and to Catch, the webhook receiver (ping,
 * signatures, size cap, dedupe of redeliveries) and reconciliation of a dropped webhook.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Shop, signWebhookBody } from '../../sim/shop';
import { products, startShop } from '../shop/support';
import { startRuntime, tmpDir, type Runtime } from './runtime';
import { HOOK_PATH, HOOK_SECRET, SECRET, credentials, partialPost, post, signedHeaders, wcFlow } from './support';

describe('woocommerce nodes in Node-RED', () => {
  let shop: Shop;
  let rt: Runtime;
  let dir: string;
  let tagN = 0;

  before(async () => {
    shop = await startShop();
    dir = tmpDir('wc-nodes-');
    rt = await startRuntime({ userDir: path.join(dir, 'user'), flows: wcFlow(shop.url), credentials });
    for (const topic of ['order.created', 'order.updated', 'customer.created']) {
      const r = await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`ck_4b1f0c3e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic, delivery_url: `${rt.url}${HOOK_PATH}`, secret: HOOK_SECRET }),
      });
      assert.equal(r.status, 201);
    }
    await shop.whenWebhooksIdle();
  });

  after(async () => {
    await rt?.stop();
    await shop?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Push through `out1` (or `outBad`) and wait for the answer on `done` or at Catch. */
  async function pushVia(resource: string, payload: unknown, source = 'src'): Promise<{ done?: Record<string, unknown>; failed?: Record<string, unknown>; caught?: Record<string, unknown> }> {
    const tag = `t${++tagN}`;
    rt.inject(source, { payload, resource, tag });
    const outcome = await rt.waitFor(`push ${tag}`, () => {
      const done = rt.at('done').find((m) => m.tag === tag);
      const caught = rt.at('caught').find((m) => m.tag === tag);
      return done || caught ? { done, caught } : undefined;
    });
    return { ...outcome, failed: rt.at('failed').find((m) => m.tag === tag) };
  }

  const summary = (m: Record<string, unknown> | undefined): Record<string, number> => m?.woocommerce as Record<string, number>;

  it('answers WooCommerce\'s ping for each new webhook', () => {
    const pings = shop.deliveries.filter((d) => d.topic === 'ping');
    assert.equal(pings.length, 3);
    assert.ok(pings.every((d) => d.status === 200 && d.outcome === 'delivered'), JSON.stringify(pings));
  });

  it('Test connection answers with the stored keys for the same URL, never echoing a secret', async () => {
    const test = async (body: Record<string, unknown>): Promise<{ ok: boolean; message: string; code?: string; text: string }> => {
      const r = await fetch(`${rt.url}/admin/woocommerce-store/test`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(r.status, 200);
      const text = await r.text();
      return { ...(JSON.parse(text) as { ok: boolean; message: string; code?: string }), text };
    };
    const ok = await test({ id: 'shop', url: shop.url, version: 'wc/v3', timeout: 10, consumerKey: '', consumerSecret: '__PWRD__' });
    assert.equal(ok.ok, true, ok.text);
    assert.match(ok.message, /^Connected: \d+ products? in the shop\.$/);
    // another URL never gets the stored secret
    const other = await test({ id: 'shop', url: 'http://127.0.0.1:9', consumerKey: 'ck_x', consumerSecret: '__PWRD__' });
    assert.equal(other.ok, false);
    const wrong = await test({ url: shop.url, consumerKey: 'ck_x', consumerSecret: 'cs_typed_secret_123' });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.code, 'woocommerce_rest_authentication_error');
    for (const t of [ok.text, other.text, wrong.text]) {
      assert.ok(!t.includes(SECRET) && !t.includes('cs_typed_secret_123') && !t.includes(HOOK_SECRET), t);
    }
  });

  it('an empty payload makes no call and flows on', async () => {
    shop.resetCalls();
    const r = await pushVia('products', []);
    assert.deepEqual(r.done?.payload, []);
    assert.equal(summary(r.done).calls, 0);
    assert.equal(r.failed, undefined);
    assert.equal(shop.calls().total, 0);
  });

  it('upserts 250 products, then an unchanged catalogue costs 0 calls and 150 changed cost 2', async () => {
    shop.resetCalls();
    let r = await pushVia('products', products(250, 'N'));
    assert.equal(summary(r.done).created, 250);
    assert.deepEqual(shop.calls().byRoute, { 'GET products': 3, 'POST products/batch': 3 });
    const batches = rt.at('statuses').map((m) => (m.status as { text?: string }).text).filter((t) => /^batch \d+ \/ \d+$/.test(String(t)));
    assert.ok(batches.includes('batch 3 / 3'), JSON.stringify(batches));

    shop.resetCalls();
    r = await pushVia('products', products(250, 'N'));
    assert.equal(summary(r.done).unchanged, 250);
    assert.equal(summary(r.done).calls, 0);
    assert.equal(shop.calls().total, 0);

    const changed = products(250, 'N');
    for (let i = 0; i < 150; i++) changed[i].regular_price = '89.00';
    shop.resetCalls();
    r = await pushVia('products', changed);
    assert.equal(summary(r.done).updated, 150);
    assert.equal(shop.calls().total, 2);
    assert.deepEqual(shop.calls().byRoute, { 'POST products/batch': 2 });
    const payload = r.done?.payload as { sku: string; id: number; result: string }[];
    assert.equal(payload.length, 250);
    assert.ok(payload.every((p) => p.id > 0));
  });

  it('upserts a variable product with variations and a kit', async () => {
    const r = await pushVia('products', [
      { sku: 'JACKA', name: 'Jacka', type: 'variable', status: 'publish', meta_data: [{ key: '_pyramid_article_group', value: 'YTTER' }] },
      { sku: 'JACKA-RÖD', parent_sku: 'JACKA', regular_price: '899.00', attributes: [{ name: 'Färg', options: ['Röd'], visible: true }] },
      { sku: 'JACKA-BLÅ', parent_sku: 'JACKA', regular_price: '899.00', attributes: [{ name: 'Färg', options: ['Blå'], visible: true }] },
      { sku: 'KIT-9', name: 'Paket', type: 'simple', regular_price: '1299.00', meta_data: [{ key: '_pyramid_kit', value: 'yes' }, { key: '_pyramid_components', value: '[]' }] },
    ]);
    assert.equal(r.failed, undefined, JSON.stringify(r.failed));
    assert.equal(summary(r.done).created, 4);
    const parent = shop.state.findBySku('JACKA');
    assert.equal(parent?.type, 'variable');
    assert.deepEqual(parent?.attributes.find((a) => a.name === 'Färg')?.options, ['Röd', 'Blå']);
    assert.equal(shop.state.findBySku('JACKA-BLÅ')?.parentId, parent?.id);
    assert.ok(shop.state.findBySku('KIT-9')?.meta.some((m) => m.key === '_pyramid_kit'));
  });

  it('sets stock and prices; an unknown SKU goes to output 2 with its code', async () => {
    let r = await pushVia('stock', [
      { sku: 'N0001', stock_quantity: 40 },
      { sku: 'JACKA-RÖD', stock_quantity: '5' },
      { sku: 'FINNS-EJ', stock_quantity: 1 },
    ]);
    assert.equal(summary(r.done).updated, 2);
    assert.deepEqual((r.failed?.payload as { sku: string; error: { code: string } }[]).map((f) => [f.sku, f.error.code]), [['FINNS-EJ', 'sku_not_found']]);
    assert.equal(shop.state.findBySku('N0001')?.stockQuantity, 40);
    assert.equal(shop.state.findBySku('JACKA-RÖD')?.stockQuantity, 5);
    r = await pushVia('prices', [{ sku: 'N0002', regular_price: '150', sale_price: '120.00' }]);
    assert.equal(summary(r.done).updated, 1);
    assert.equal(shop.state.findBySku('N0002')?.regularPrice, '150');
    assert.equal(shop.state.findBySku('N0002')?.salePrice, '120.00');
  });

  it('skips an unknown SKU silently when the node is set to', async () => {
    const r = await pushVia('stock', [{ sku: 'N0003', stock_quantity: 12 }, { sku: 'FINNS-EJ', stock_quantity: 1 }], 'srcSkip');
    assert.equal(r.failed, undefined);
    assert.deepEqual([summary(r.done).updated, summary(r.done).skipped, summary(r.done).failed], [1, 1, 0]);
    assert.deepEqual((r.done?.payload as { sku: string }[]).map((p) => p.sku), ['N0003']);
    assert.equal(shop.state.findBySku('N0003')?.stockQuantity, 12);
    assert.ok(rt.at('statuses').some((m) => /1 skipped$/.test(String((m.status as { text?: string }).text))));
  });

  it('updates an order\'s status with a tracking note, and upserts customers', async () => {
    await pushVia('stock', products(5, 'N').map((p) => ({ sku: p.sku, stock_quantity: 100 })));
    const order = shop.placeTestOrder();
    await rt.waitFor('the order webhook', () => rt.at('got').find((m) => (m.woocommerce as { id?: number }).id === order.id));
    const rec = { id: order.id, status: 'completed', note: 'Levererad. Spårning: 00370733', customer_note: true, meta_data: [{ key: '_tracking_number', value: '00370733' }, { key: '_pyramid_status', value: 'levererad' }] };
    const r = await pushVia('orders', [rec]);
    assert.equal(summary(r.done).updated, 1);
    const o = shop.state.orders.get(order.id);
    assert.equal(o?.status, 'completed');
    assert.equal(o?.notes.filter((n) => n.note === rec.note && n.customerNote).length, 1);
    assert.ok(o?.meta.some((m) => m.key === '_tracking_number' && m.value === '00370733'));

    const c = await pushVia('customers', [{ email: 'eva@example.se', first_name: 'Eva', last_name: 'Ek', billing: { city: 'Luleå' } }]);
    assert.equal(summary(c.done).created, 1);
    assert.equal([...shop.state.customers.values()].find((x) => x.email === 'eva@example.se')?.lastName, 'Ek');
  });

  it('sends a push that fails as a whole to Catch with a code and no secret', async () => {
    const r = await pushVia('products', products(2, 'BAD'), 'srcBad');
    assert.ok(r.caught, 'reached Catch');
    const error = r.caught?.error as { code?: string; message?: string };
    assert.equal(error.code, 'woocommerce_rest_authentication_error');
    assert.ok(!JSON.stringify(r.caught).includes('cs_wrong_secret'));
    assert.ok(!JSON.stringify(rt.received).includes(SECRET));
  });

  it('delays but loses nothing when the shop answers 429 and 500', async () => {
    shop.injectFault({ status: 429, count: 2, retryAfter: 1 });
    shop.injectFault({ status: 500, count: 2 });
    shop.injectFault({ status: 503, count: 1, retryAfter: 1, route: 'products/batch' });
    const before = { ...shop.faultsAnswered };
    const r = await pushVia('products', products(150, 'Q'));
    assert.equal(r.failed, undefined, JSON.stringify(r.failed));
    assert.equal(summary(r.done).created, 150);
    assert.equal([...shop.state.products.values()].filter((p) => p.sku.startsWith('Q')).length, 150);
    const answered = (s: string): number => (shop.faultsAnswered[s] ?? 0) - (before[s] ?? 0);
    assert.deepEqual([answered('429'), answered('500'), answered('503')], [2, 2, 1]);
  });

  it('refuses a bad or missing signature with 401 and emits nothing', async () => {
    const body = JSON.stringify({ id: 424242, date_modified_gmt: '2026-12-01T10:00:00' });
    const bad = await post(`${rt.url}${HOOK_PATH}`, body, signedHeaders(body, createHmac('sha256', 'wrong').update(body).digest('base64'), 'order.created', 'bad-1'));
    assert.equal(bad.status, 401);
    assert.equal(JSON.parse(bad.text).error, 'signature_invalid');
    // unsigned, declaring 5 MB of which only 1 KB is sent: answered without waiting for the body
    const missing = await partialPost(`${rt.url}${HOOK_PATH}`, { 'Content-Type': 'application/json', 'X-WC-Webhook-Topic': 'order.created' }, 5 * 1024 * 1024, 1024);
    assert.equal(missing.status, 401);
    assert.equal(JSON.parse(missing.text).error, 'signature_missing');
    // a good delivery afterwards arrives; the refused ones never did
    const good = JSON.stringify({ id: 434343, date_modified_gmt: '2026-12-01T10:00:00' });
    const ok = await post(`${rt.url}${HOOK_PATH}`, good, signedHeaders(good, signWebhookBody(good, HOOK_SECRET), 'order.created', 'good-1'));
    assert.equal(ok.status, 200);
    await rt.waitFor('the good delivery', () => rt.at('got').find((m) => (m.woocommerce as { id?: number }).id === 434343));
    assert.equal(rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === 424242).length, 0);
  });

  it('answers 413 to a body over 1 MB, with or without Content-Length', async () => {
    const big = JSON.stringify({ id: 454545, pad: 'x'.repeat(1024 * 1024 + 10) });
    const sig = signWebhookBody(big, HOOK_SECRET);
    const a = await post(`${rt.url}${HOOK_PATH}`, big, signedHeaders(big, sig, 'order.created', 'big-1'));
    assert.equal(a.status, 413);
    const b = await post(`${rt.url}${HOOK_PATH}`, big, signedHeaders(big, sig, 'order.created', 'big-2'), true);
    assert.equal(b.status, 413);
    assert.equal(rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === 454545).length, 0);
  });

  it('emits one msg for an order delivered 100 more times', async () => {
    const order = shop.placeTestOrder();
    await rt.waitFor('the first delivery', () => rt.at('got').find((m) => (m.woocommerce as { id?: number }).id === order.id));
    for (let i = 0; i < 100; i++) shop.redeliver(order.id, 'order.created');
    await shop.whenWebhooksIdle();
    const deliveries = shop.deliveries.filter((d) => d.resourceId === order.id && d.topic === 'order.created' && d.outcome === 'delivered');
    assert.equal(deliveries.length, 101);
    const got = rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === order.id);
    assert.equal(got.length, 1);
    const w = got[0].woocommerce as Record<string, unknown>;
    assert.equal(w.topic, 'order.created');
    assert.equal(w.resource, 'order');
    assert.equal(w.reconciled, false);
    assert.equal(typeof w.delivery, 'string');
    assert.equal((got[0].payload as { id: number }).id, order.id);
  });

  it('dedupes the customer webhook like the order webhook', async () => {
    const body = JSON.stringify({ id: 777, email: 'ny@example.se', date_modified_gmt: '2026-12-01T09:00:00' });
    const sig = signWebhookBody(body, HOOK_SECRET);
    for (let i = 0; i < 3; i++) {
      const r = await post(`${rt.url}${HOOK_PATH}`, body, signedHeaders(body, sig, 'customer.created', `cust-${i}`));
      assert.equal(r.status, 200);
    }
    await rt.waitFor('the customer', () => rt.at('got').find((m) => (m.woocommerce as { id?: number }).id === 777));
    // the same delivery again, then a newer state: one more msg only for the newer state
    const newer = JSON.stringify({ id: 777, email: 'ny@example.se', date_modified_gmt: '2026-12-01T09:05:00' });
    await post(`${rt.url}${HOOK_PATH}`, newer, signedHeaders(newer, signWebhookBody(newer, HOOK_SECRET), 'customer.created', 'cust-9'));
    await rt.waitFor('the newer state', () => rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === 777).length === 2);
    assert.equal(rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === 777).length, 2);
  });

  it('recovers a webhook the shop dropped with one reconciliation poll', async () => {
    shop.dropWebhooks(1, 'order.created');
    const order = shop.placeTestOrder();
    await shop.whenWebhooksIdle();
    assert.ok(shop.deliveries.some((d) => d.resourceId === order.id && d.outcome === 'dropped'));
    assert.equal(rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === order.id).length, 0);
    const polls = (): number => rt.at('statuses').filter((m) => /^reconciled /.test(String((m.status as { text?: string }).text))).length;
    const before = polls();
    rt.inject('trigger', { payload: 'poll' });
    const m = await rt.waitFor('the reconciled order', () => rt.at('got').find((x) => (x.woocommerce as { id?: number }).id === order.id));
    assert.equal((m.woocommerce as { reconciled?: boolean }).reconciled, true);
    assert.equal((m.woocommerce as { topic?: string }).topic, 'order.created');
    await rt.waitFor('the poll status', () => polls() > before);
    assert.equal(polls(), before + 1);
    assert.match(String((rt.at('statuses').filter((x) => /^reconciled /.test(String((x.status as { text?: string }).text))).pop()?.status as { text: string }).text), /^reconciled [1-9]\d* orders?$/);
    // a second poll finds nothing new
    rt.inject('trigger', { payload: 'poll' });
    await rt.waitFor('the second poll', () => polls() > before + 1);
    assert.equal(rt.at('got').filter((x) => (x.woocommerce as { id?: number }).id === order.id).length, 1);
  });
});
