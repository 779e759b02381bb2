/**
 * woocommerce-in's hand-over confirmation in a real Node-RED (its own process, see runtime.ts):
 * an order emitted is pending until a msg carrying its msg.woocommerce comes back to the node's
 * input (in the example flow: pyramid-ftp-out's output once the upload is confirmed; here the test
 * source `trigger`, wired to the input, sends the msg exactly as it was emitted).
 *
 * - short hand-over time (0.02 min) and poll interval (0.02 min), file-backed context without cache
 *   (`disk`): an order never confirmed is emitted again by the poll, then confirmed and never again;
 *   a runtime SIGKILLed between emit and confirm emits the order again after the restart.
 * - default hand-over time (5 min): a redelivery of a pending order is answered 200 and not emitted;
 *   a confirmed order delivered 100 more times emits nothing.
 * - confirmation off: an order never confirmed is emitted once (today's behaviour).
 * The short times only keep the tests short; every wait is on a condition.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Shop } from '../../sim/shop';
import { KEY, products, startShop } from '../shop/support';
import { startRuntime, tmpDir, type Runtime } from './runtime';
import { HOOK_PATH, HOOK_SECRET, SECRET, credentials, wcFlow } from './support';

const AUTH = { Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/json' };

type Msg = Record<string, unknown>;
const wc = (m: Msg): { id?: number; attempt?: number; topic?: string; reconciled?: boolean; modified?: string } => m.woocommerce as never;
const statusText = (m: Msg): string => String((m.status as { text?: string } | undefined)?.text ?? '');

/** Registers the order.created webhook for `rt` (a new one, or the existing one moved to rt's URL). */
async function hookTo(shop: Shop, rt: Runtime, hookId?: number): Promise<number> {
  const url = `${rt.url}${HOOK_PATH}`;
  const res = hookId
    ? await fetch(`${shop.url}/wp-json/wc/v3/webhooks/${hookId}`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ delivery_url: url, status: 'active' }) })
    : await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, { method: 'POST', headers: AUTH, body: JSON.stringify({ topic: 'order.created', delivery_url: url, secret: HOOK_SECRET }) });
  assert.ok(res.ok, String(res.status));
  await shop.whenWebhooksIdle();
  return ((await res.json()) as { id: number }).id;
}

/** Products with stock, so the shop's test orders can be placed. */
async function stockUp(rt: Runtime, prefix: string): Promise<void> {
  rt.inject('src', { payload: products(3, prefix), resource: 'products', tag: `${prefix}-p` });
  await rt.waitFor('products', () => rt.at('done').find((m) => m.tag === `${prefix}-p`));
  rt.inject('src', { payload: products(3, prefix).map((p) => ({ sku: p.sku, stock_quantity: 500 })), resource: 'stock', tag: `${prefix}-s` });
  await rt.waitFor('stock', () => rt.at('done').find((m) => m.tag === `${prefix}-s`));
}

const ofOrder = (rt: Runtime, id: number): Msg[] => rt.at('got').filter((m) => wc(m).id === id);
/** Position in everything the runtime reported (sinks and statuses arrive in the order they happened). */
const indexOf = (rt: Runtime, pred: (r: Runtime['received'][number]) => boolean, from = 0): number => rt.received.findIndex((r, i) => i >= from && pred(r));
const isPoll = (r: Runtime['received'][number]): boolean => r.node === 'statuses' && /^reconciled /.test(statusText(r.msg));

/** Sends `msg` back to woocommerce-in's input, as the wire from pyramid-ftp-out does, and waits until it is confirmed. */
async function confirm(rt: Runtime, msg: Msg): Promise<number> {
  const id = wc(msg).id;
  const from = rt.received.length;
  rt.inject('trigger', { ...msg, pyramid: { upload: { filename: `Order_WC-${String(id)}.xml`, duplicate: false } } });
  await rt.waitFor(`the confirmation of #${String(id)}`, () => indexOf(rt, (r) => r.node === 'statuses' && statusText(r.msg).startsWith(`confirmed order #${String(id)}`), from) >= 0);
  return indexOf(rt, (r) => r.node === 'statuses' && statusText(r.msg).startsWith(`confirmed order #${String(id)}`), from);
}

/** Waits for `n` polls after position `from`; answers the position of the first one. */
async function polls(rt: Runtime, from: number, n: number): Promise<number> {
  await rt.waitFor(`${n} polls`, () => rt.received.slice(from).filter(isPoll).length >= n, 120_000);
  return indexOf(rt, isPoll, from);
}

describe('woocommerce-in hand-over confirmation: short hand-over time, restart', () => {
  let shop: Shop;
  let dir: string;
  let rt: Runtime | undefined;
  let hookId: number;
  const flow = (): object[] => wcFlow(shop.url, { contextStore: 'disk', confirm: true, handover: 0.02, interval: 0.02 });

  before(async () => {
    shop = await startShop({ webhookDelivery: { retries: 0, timeoutMs: 5000 } });
    dir = tmpDir('wc-confirm-');
    rt = await startRuntime({ userDir: path.join(dir, 'user'), flows: flow(), credentials });
    hookId = await hookTo(shop, rt);
    await stockUp(rt, 'C');
  });
  after(async () => {
    await rt?.stop();
    await shop?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('emits an order not confirmed again by the poll after the hand-over time; once confirmed, never again', async () => {
    const r = rt as Runtime;
    const order = shop.placeTestOrder();
    const first = await r.waitFor('the webhook', () => ofOrder(r, order.id)[0]);
    assert.deepEqual([wc(first).attempt, wc(first).reconciled, wc(first).topic], [1, false, 'order.created']);
    assert.equal(typeof wc(first).modified, 'string');
    await r.waitFor('the pending count in the status', () => r.at('statuses').some((m) => /(^|, )1 pending$/.test(statusText(m))));
    // nobody confirms: the poll hands it on again, read fresh from the shop, with the same topic
    const again = await r.waitFor('the order again', () => ofOrder(r, order.id)[1]);
    assert.deepEqual([wc(again).attempt, wc(again).reconciled, wc(again).topic], [2, true, 'order.created']);
    assert.equal((again.payload as { id: number }).id, order.id);
    await r.waitFor('the status of the poll', () => r.at('statuses').some((m) => /^reconciled \d+ orders?, 1 sent again, 1 pending$/.test(statusText(m))));
    // the flow confirms (the msg as emitted comes back)
    const at = await confirm(r, again);
    const firstPollAfter = await polls(r, at, 3);
    // a poll running while the confirmation arrived may still hand it on; nothing after that poll
    const lastEmit = r.received.map((x, i) => (x.node === 'got' && wc(x.msg).id === order.id ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    assert.ok(lastEmit < firstPollAfter, `emitted at ${lastEmit}, after the first poll after the confirmation (${firstPollAfter})`);
    const count = ofOrder(r, order.id).length;
    await polls(r, r.received.length, 2);
    assert.equal(ofOrder(r, order.id).length, count);
    // the status no longer counts it
    const lastStatus = r.at('statuses').map(statusText).pop() ?? '';
    assert.ok(!/pending/.test(lastStatus), lastStatus);
  });

  it('emits the order again after a restart when the runtime was killed between emit and confirm', async () => {
    const r1 = rt as Runtime;
    const order = shop.placeTestOrder();
    const first = await r1.waitFor('the webhook', () => ofOrder(r1, order.id)[0]);
    assert.equal(wc(first).attempt, 1);
    await r1.kill();
    rt = undefined;

    const r2 = await startRuntime({ userDir: path.join(dir, 'user'), flows: flow(), credentials });
    rt = r2;
    hookId = await hookTo(shop, r2, hookId);
    const again = await r2.waitFor('the order after the restart', () => ofOrder(r2, order.id)[0]);
    assert.ok((wc(again).attempt ?? 0) >= 2, JSON.stringify(again.woocommerce));
    assert.equal(wc(again).topic, 'order.created');
    assert.equal((again.payload as { id: number }).id, order.id);
    const at = await confirm(r2, again);
    const firstPollAfter = await polls(r2, at, 3);
    const lastEmit = r2.received.map((x, i) => (x.node === 'got' && wc(x.msg).id === order.id ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    assert.ok(lastEmit < firstPollAfter, `emitted at ${lastEmit}, after the first poll after the confirmation (${firstPollAfter})`);
    // the order confirmed before the kill never came back
    const earlier = r2.at('got').filter((m) => wc(m).id !== order.id);
    assert.deepEqual(earlier, []);
    // the pending state is on disk, in the store the shop configuration names
    assert.ok(fs.existsSync(path.join(dir, 'user', 'context-disk', 'global', 'global.json')));
  });
});

describe('woocommerce-in hand-over confirmation: default hand-over time', () => {
  let shop: Shop;
  let dir: string;
  let rt: Runtime;

  before(async () => {
    shop = await startShop();
    dir = tmpDir('wc-confirm5-');
    rt = await startRuntime({ userDir: path.join(dir, 'user'), flows: wcFlow(shop.url, { confirm: true }), credentials });
    await hookTo(shop, rt);
    await stockUp(rt, 'D');
  });
  after(async () => {
    await rt?.stop();
    await shop?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a redelivery of a pending order 200 without a msg, and a confirmed order delivered 100 more times emits nothing', async () => {
    const order = shop.placeTestOrder();
    const first = await rt.waitFor('the webhook', () => ofOrder(rt, order.id)[0]);
    // pending, within the hand-over time: the flow is still working on it
    for (let i = 0; i < 5; i++) shop.redeliver(order.id, 'order.created');
    await shop.whenWebhooksIdle();
    assert.equal(ofOrder(rt, order.id).length, 1);
    await confirm(rt, first);
    for (let i = 0; i < 100; i++) shop.redeliver(order.id, 'order.created');
    await shop.whenWebhooksIdle();
    const delivered = shop.deliveries.filter((d) => d.resourceId === order.id && d.topic === 'order.created' && d.outcome === 'delivered' && d.status === 200);
    assert.equal(delivered.length, 106);
    // and a poll now finds nothing either
    const from = rt.received.length;
    rt.inject('trigger', { payload: 'poll' });
    await polls(rt, from, 1);
    assert.equal(ofOrder(rt, order.id).length, 1);
  });

  it('a msg without msg.woocommerce still polls; a confirmation of an unknown resource is harmless', async () => {
    const from = rt.received.length;
    rt.inject('trigger', { payload: 'x', woocommerce: { resource: 'order', id: 99999999 } });
    rt.inject('trigger', { payload: 'poll' });
    await polls(rt, from, 1);
    assert.equal(rt.at('caught').length, 0);
  });
});

describe('woocommerce-in with confirmation off', () => {
  let shop: Shop;
  let dir: string;
  let rt: Runtime;

  before(async () => {
    shop = await startShop();
    dir = tmpDir('wc-noconfirm-');
    rt = await startRuntime({ userDir: path.join(dir, 'user'), flows: wcFlow(shop.url, { confirm: false, handover: 0.01, interval: 0.02 }), credentials });
    await hookTo(shop, rt);
    await stockUp(rt, 'E');
  });
  after(async () => {
    await rt?.stop();
    await shop?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands an order on once, confirmed or not (today\'s behaviour)', async () => {
    const order = shop.placeTestOrder();
    const first = await rt.waitFor('the webhook', () => ofOrder(rt, order.id)[0]);
    assert.equal(wc(first).attempt, 1);
    await polls(rt, rt.received.length, 3);
    for (let i = 0; i < 3; i++) shop.redeliver(order.id, 'order.created');
    await shop.whenWebhooksIdle();
    await polls(rt, rt.received.length, 1);
    assert.equal(ofOrder(rt, order.id).length, 1);
    assert.ok(!rt.at('statuses').some((m) => /pending|sent again/.test(statusText(m))));
  });
});
