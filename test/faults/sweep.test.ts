/*
 * The hand-over sweep of woocommerce-in (confirmation mode) shares one pending index per shop with
 * every woocommerce-in node of that shop. Measured in the kill test: the customers node's sweep took
 * pending orders and handed them on into the customer flow, so they never reached Pyramid (12 of 84
 * orders lost after 6 kills). Each node hands on again only what it handles (its topics).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Deduper, MemoryStore } from '../../lib/shop/woocommerce';

describe('faults: the hand-over sweep takes only its own node\'s resources', () => {
  it('a pending order is handed on again by the orders node, never by the customers node', async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    const prefix = 'wc_test_';
    const opts = { confirm: true, handOverMs: 1000, once: true, now: () => now };
    const orders = new Deduper(store, prefix, opts);
    const customers = new Deduper(store, prefix, opts);
    const ordersTopic = (t: string): boolean => t === 'order.created' || t === 'order.updated';
    const customersTopic = (t: string): boolean => t === 'customer.created';

    assert.equal((await orders.decide('order', 7, 'd1', '2026-12-01T10:00:00Z', 'order.created')).verdict, 'first');
    assert.equal((await customers.decide('customer', 9, 'd2', '2026-12-01T10:00:00Z', 'customer.created')).verdict, 'first');
    now += 5000;
    // the customers node's sweep first (whichever node polls first must not matter)
    const byCustomers = await customers.overdue((_r, topic) => customersTopic(topic));
    assert.deepEqual(
      byCustomers.map((e) => `${e.resource}#${e.id}`),
      ['customer#9'],
    );
    const byOrders = await orders.overdue((_r, topic) => ordersTopic(topic));
    assert.deepEqual(
      byOrders.map((e) => [`${e.resource}#${e.id}`, e.topic, e.attempt]),
      [['order#7', 'order.created', 2]],
    );
    // confirmed by the orders flow: nothing pending for anyone
    assert.equal(await orders.confirm('order', 7, '2026-12-01T10:00:00Z'), true);
    now += 5000;
    assert.deepEqual(await orders.overdue((_r, topic) => ordersTopic(topic)), []);
  });
});
