/**
 * What the woocommerce nodes remember survives a restart of Node-RED when the shop configuration
 * names a file-backed context store (localfilesystem): webhook deliveries seen (a redelivery after
 * the restart emits nothing), the hashes of what was pushed (the same catalogue costs 0 calls), and
 * the reconciliation cursor (an order placed while Node-RED was down comes with the first poll).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Shop, signWebhookBody } from '../../sim/shop';
import { KEY, products, startShop } from '../shop/support';
import { startRuntime, tmpDir, type Runtime } from './runtime';
import { HOOK_PATH, HOOK_SECRET, SECRET, credentials, post, signedHeaders, wcFlow } from './support';

const AUTH = { Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/json' };

describe('woocommerce nodes across a Node-RED restart (file-backed context)', () => {
  let shop: Shop;
  let dir: string;
  let rt: Runtime | undefined;
  let hookId = 0;

  before(async () => {
    // no delivery retries: a webhook sent while Node-RED is down is simply lost
    shop = await startShop({ webhookDelivery: { retries: 0, timeoutMs: 5000 } });
    dir = tmpDir('wc-restart-');
  });
  after(async () => {
    await rt?.stop();
    await shop.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<Runtime> {
    const r = await startRuntime({ userDir: path.join(dir, 'user'), flows: wcFlow(shop.url, { contextStore: 'file' }), credentials });
    const url = `${r.url}${HOOK_PATH}`;
    const res = hookId
      ? await fetch(`${shop.url}/wp-json/wc/v3/webhooks/${hookId}`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ delivery_url: url, status: 'active' }) })
      : await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, { method: 'POST', headers: AUTH, body: JSON.stringify({ topic: 'order.created', delivery_url: url, secret: HOOK_SECRET }) });
    assert.ok(res.ok, String(res.status));
    hookId = ((await res.json()) as { id: number }).id;
    await shop.whenWebhooksIdle();
    return r;
  }

  const ofOrder = (r: Runtime, id: number): Record<string, unknown>[] => r.at('got').filter((m) => (m.woocommerce as { id?: number }).id === id);

  it('keeps deliveries seen, push hashes and the reconciliation cursor', async () => {
    rt = await start();
    const first = rt;
    // a catalogue pushed once
    first.inject('src', { payload: products(120, 'R'), resource: 'products', tag: 'p1' });
    const pushed = await first.waitFor('the first push', () => first.at('done').find((m) => m.tag === 'p1'));
    assert.equal((pushed.woocommerce as { created: number }).created, 120);
    first.inject('src', { payload: products(3, 'R').map((p) => ({ sku: p.sku, stock_quantity: 50 })), resource: 'stock', tag: 's1' });
    await first.waitFor('the stock push', () => first.at('done').find((m) => m.tag === 's1'));
    const order = shop.placeTestOrder();
    await first.waitFor('the order webhook', () => ofOrder(first, order.id).length === 1);
    await first.stop();

    // while Node-RED is down: an order whose webhook fails
    const missed = shop.placeTestOrder();
    await shop.whenWebhooksIdle();
    assert.ok(shop.deliveries.some((d) => d.resourceId === missed.id && d.outcome === 'failed'));

    rt = await start();
    const second = rt;
    // the first poll (at start) brings the missed order, as reconciled
    const rec = await second.waitFor('the missed order', () => ofOrder(second, missed.id)[0]);
    assert.equal((rec.woocommerce as { reconciled: boolean }).reconciled, true);
    // the order seen before the restart, delivered again: nothing (a later delivery is the barrier)
    shop.redeliver(order.id, 'order.created');
    await shop.whenWebhooksIdle();
    const barrier = JSON.stringify({ id: 989898, date_modified_gmt: '2026-12-01T12:00:00' });
    const ok = await post(`${second.url}${HOOK_PATH}`, barrier, signedHeaders(barrier, signWebhookBody(barrier, HOOK_SECRET), 'order.created', 'barrier-1'));
    assert.equal(ok.status, 200);
    await second.waitFor('the barrier', () => ofOrder(second, 989898).length === 1);
    assert.equal(ofOrder(second, order.id).length, 0);
    assert.equal(ofOrder(second, missed.id).length, 1);
    // the same catalogue again: nothing to send
    shop.resetCalls();
    second.inject('src', { payload: products(120, 'R'), resource: 'products', tag: 'p2' });
    const again = await second.waitFor('the second push', () => second.at('done').find((m) => m.tag === 'p2'));
    assert.equal((again.woocommerce as { unchanged: number; calls: number }).unchanged, 120);
    assert.equal((again.woocommerce as { calls: number }).calls, 0);
    assert.equal(shop.calls().byRoute['POST products/batch'] ?? 0, 0);
    // the memory is in the user dir's context files
    assert.ok(fs.existsSync(path.join(dir, 'user', 'context', 'global', 'global.json')));
  });
});
