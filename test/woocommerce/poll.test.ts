/**
 * woocommerce-in's reconciliation timer: with the interval set to 0.02 minutes (1.2 s), an order
 * whose webhook the shop dropped is emitted by the first poll that starts after it was placed,
 * without any msg to the node. (The interval is short only to keep the test short; waits are on
 * conditions.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Shop } from '../../sim/shop';
import { KEY, products, startShop } from '../shop/support';
import { startRuntime, tmpDir, type Runtime } from './runtime';
import { HOOK_PATH, HOOK_SECRET, SECRET, credentials, wcFlow } from './support';

describe('woocommerce-in polls on its own', () => {
  let shop: Shop;
  let rt: Runtime;
  let dir: string;
  before(async () => {
    shop = await startShop();
    dir = tmpDir('wc-poll-');
    rt = await startRuntime({ userDir: path.join(dir, 'user'), flows: wcFlow(shop.url, { interval: 0.02 }), credentials });
    const r = await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ topic: 'order.created', delivery_url: `${rt.url}${HOOK_PATH}`, secret: HOOK_SECRET }),
    });
    assert.equal(r.status, 201);
  });
  after(async () => {
    await rt?.stop();
    await shop?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('emits a dropped order with the first poll after it, once', async () => {
    rt.inject('src', { payload: products(2, 'P'), resource: 'products', tag: 'p' });
    await rt.waitFor('products', () => rt.at('done').find((m) => m.tag === 'p'));
    rt.inject('src', { payload: products(2, 'P').map((p) => ({ sku: p.sku, stock_quantity: 20 })), resource: 'stock', tag: 's' });
    await rt.waitFor('stock', () => rt.at('done').find((m) => m.tag === 's'));
    const polls = (): number => rt.at('statuses').filter((m) => /^reconciled /.test(String((m.status as { text?: string }).text))).length;
    await rt.waitFor('a first poll', () => polls() > 0);
    shop.dropWebhooks(1, 'order.created');
    const order = shop.placeTestOrder();
    const placedAt = polls();
    const got = await rt.waitFor('the order, by the timer', () => rt.at('got').find((m) => (m.woocommerce as { id?: number }).id === order.id));
    assert.equal((got.woocommerce as { reconciled?: boolean }).reconciled, true);
    // at most one poll (one already running when the order was placed) finished before it came
    assert.ok(polls() - placedAt <= 1, `${polls() - placedAt} polls`);
    await rt.waitFor('two more polls', () => polls() >= placedAt + 3);
    assert.equal(rt.at('got').filter((m) => (m.woocommerce as { id?: number }).id === order.id).length, 1);
    assert.ok(shop.deliveries.some((d) => d.resourceId === order.id && d.outcome === 'dropped'));
  });
});
