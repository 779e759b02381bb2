/**
 * lib/ops counters: hour and day windows, latency quantiles, bounded memory. The clock is an
 * argument of every call, so time is stepped exactly instead of waited for.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BucketRing, ErrorRing, LatencyWindow, OpsRegistry, WindowCounters } from '../../lib/ops';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

describe('BucketRing and WindowCounters', () => {
  it('sums only the buckets inside the window and reuses a bucket for a later slot', () => {
    const r = new BucketRing(MIN, 60, 1);
    r.add(T0, 0, 2);
    r.add(T0 + 30 * MIN, 0, 3);
    assert.equal(r.sum(T0 + 30 * MIN, 0), 5);
    assert.equal(r.sum(T0 + 59 * MIN, 0), 5);
    // 60 minutes after the first add its bucket has left the window
    assert.equal(r.sum(T0 + 60 * MIN, 0), 3);
    // the same ring slot, one hour later: the old count is gone, not added to
    r.add(T0 + 60 * MIN, 0, 7);
    assert.equal(r.sum(T0 + 60 * MIN, 0), 10);
    assert.equal(r.sum(T0 + 3 * HOUR, 0), 0);
    // a clock that went back does not count the future
    assert.equal(r.sum(T0 - 5 * MIN, 0), 0);
  });

  it('counts the last hour to the minute and the last day to the quarter hour', () => {
    const c = new WindowCounters(['files', 'records'] as const);
    c.add('files', 1, T0);
    c.add('records', 100, T0);
    c.add('files', 1, T0 + 2 * HOUR);
    c.add('records', 0, T0 + 2 * HOUR);
    c.add('records', -5, T0 + 2 * HOUR);
    const at = T0 + 2 * HOUR + 10 * MIN;
    assert.deepEqual(c.snapshot(at), { hour: { files: 1, records: 0 }, day: { files: 2, records: 100 } });
    assert.deepEqual(c.snapshot(T0 + 24 * HOUR + 15 * MIN), { hour: { files: 0, records: 0 }, day: { files: 1, records: 0 } });
    assert.deepEqual(c.snapshot(T0 + 3 * 24 * HOUR), { hour: { files: 0, records: 0 }, day: { files: 0, records: 0 } });
  });
});

describe('LatencyWindow', () => {
  function exact(values: number[], q: number): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.max(0, Math.ceil(q * s.length) - 1)];
  }

  it('gives median and p95 within 5 % of the exact values, for any number of calls', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [1, 7, 100, 50_000]) {
      const w = new LatencyWindow();
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        // a long-tailed mix: most calls fast, some slow
        const v = rnd() < 0.9 ? 20 + rnd() * 80 : 500 + rnd() * 4500;
        values.push(v);
        w.add(v, T0 + (i % 50) * MIN);
      }
      const s = w.summary(T0 + 50 * MIN);
      assert.equal(s.count, n);
      for (const [q, got] of [[0.5, s.median], [0.95, s.p95]] as const) {
        const want = exact(values, q);
        assert.ok(got !== undefined && Math.abs(got - want) <= want * 0.05 + 1, `n=${n} q=${q}: ${got} vs ${want}`);
      }
      assert.equal(s.min, Math.round(Math.min(...values)));
      assert.equal(s.max, Math.round(Math.max(...values)));
    }
  });

  it('forgets calls older than an hour and handles 0 ms and very long calls', () => {
    const w = new LatencyWindow();
    w.add(5000, T0);
    w.add(0, T0 + 61 * MIN);
    w.add(10 * 24 * HOUR, T0 + 61 * MIN);
    const s = w.summary(T0 + 61 * MIN);
    assert.equal(s.count, 2);
    assert.equal(s.min, 0);
    assert.ok(s.median !== undefined && s.median <= 1, 'the median call is in the <= 1 ms bin');
    assert.equal(s.p95, 10 * 24 * HOUR);
    assert.deepEqual(new LatencyWindow().summary(T0), { count: 0 });
  });
});

describe('ErrorRing and OpsRegistry', () => {
  it('keeps the newest errors only, texts cut', () => {
    const r = new ErrorRing(3, 20);
    for (let i = 0; i < 10; i++) r.add(`error ${i} ${'x'.repeat(i * 5)}`, T0 + i * 1000, 'E');
    const l = r.list();
    assert.equal(l.length, 3);
    assert.match(l[0].text, /^error 7/);
    assert.equal(r.last?.time, new Date(T0 + 9000).toISOString());
    assert.ok(l.every((e) => e.text.length <= 20));
  });

  it('counts per node, forgets nodes that left the flows, and stays bounded', () => {
    let now = T0;
    const reg = new OpsRegistry(3, () => now);
    reg.messageDone('a', 10, 2);
    reg.messageDone('a', 5, 0);
    reg.messageFailed('a', 'Artikelsaldo[2]: saldo "tolv" is not a number', 'MESSAGE_INVALID');
    reg.wsCall('ep', 120);
    reg.wsCall('ep', 80, { text: 'soap:Client Okänd kund', code: 'WS_FAULT' });
    const a = reg.messageSnapshot('a');
    assert.deepEqual(a.hour, { files: 3, records: 15, invalid: 2, failed: 1 });
    assert.equal(a.lastError?.code, 'MESSAGE_INVALID');
    const ep = reg.endpointSnapshot('ep');
    assert.equal(ep.calls, 2);
    assert.equal(ep.faults, 1);
    assert.equal(ep.lastFault?.text, 'soap:Client Okänd kund');
    // an unknown node: zeros, no entry made
    assert.equal(reg.messageSnapshot('zz').hour.files, 0);
    assert.deepEqual(reg.size, { messages: 1, endpoints: 1 });

    reg.prune(new Set(['ep']));
    assert.deepEqual(reg.size, { messages: 0, endpoints: 1 });

    for (const id of ['b', 'c', 'd']) {
      now += 1000;
      reg.messageDone(id, 1, 0);
    }
    now += 1000;
    reg.messageDone('e', 1, 0);
    assert.equal(reg.size.messages, 3);
    // the least recently active one went
    assert.equal(reg.messageSnapshot('b').hour.files, 0);
    assert.equal(reg.messageSnapshot('e').hour.files, 1);
    now += 2 * HOUR;
    assert.deepEqual(reg.messageSnapshot('e').hour, { files: 0, records: 0, invalid: 0, failed: 0 });
    assert.equal(reg.messageSnapshot('e').day.files, 1);
  });
});
