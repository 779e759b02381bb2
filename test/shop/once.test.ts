/** woocommerce-in's "each resource once": after the hand-over, later states are not emitted again. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Deduper, MemoryStore } from '../../lib/shop/woocommerce';

describe('Deduper, each resource once', () => {
  it('with confirmation: emitted until confirmed, never again after, whatever its later states', async () => {
    let now = 1_000_000;
    const d = new Deduper(new MemoryStore(), 'o_', { confirm: true, once: true, handOverMs: 60_000, now: () => now });
    assert.equal((await d.decide('order', 7, 'a', '2026-12-01T10:00:00')).verdict, 'first');
    // a newer state while pending is handed on (the flow may not have been ready for the first one)
    assert.equal((await d.decide('order', 7, 'b', '2026-12-01T10:01:00')).verdict, 'newer');
    assert.equal(await d.confirm('order', 7, '2026-12-01T10:01:00'), true);
    // the integration's own updates of the order: not a new order
    assert.equal((await d.decide('order', 7, 'c', '2026-12-01T10:05:00')).verdict, false);
    now += 10 * 60_000;
    assert.equal((await d.decide('order', 7, 'd', '2026-12-01T11:00:00')).verdict, false);
    assert.deepEqual(await d.overdue(), []);
  });

  it('an unconfirmed resource still comes again after the hand-over time', async () => {
    let now = 1_000_000;
    const d = new Deduper(new MemoryStore(), 'o_', { confirm: true, once: true, handOverMs: 60_000, now: () => now });
    assert.equal((await d.decide('order', 8, 'a', '2026-12-01T10:00:00')).verdict, 'first');
    now += 61_000;
    assert.equal((await d.decide('order', 8, 'a2', '2026-12-01T10:00:00')).verdict, 'again');
  });

  it('without confirmation: the first emission is the hand-over', async () => {
    const d = new Deduper(new MemoryStore(), 'o_', { once: true });
    assert.equal((await d.decide('customer', 3, 'a', '2026-12-01T10:00:00')).verdict, 'first');
    assert.equal((await d.decide('customer', 3, 'b', '2026-12-01T12:00:00')).verdict, false);
  });
});
