/*
 * The Redis context store (lib/context/redis.ts) against Debian's redis-server started here on a
 * free port with its own directory: Node-RED's Context Store API (get/set/keys/delete/clean, nested
 * keys, several keys at once), two store instances (two Node-RED processes) sharing one Redis
 * without losing each other's writes, a Redis that dies and comes back, and a Redis that is not
 * there at start. Skipped with a message where redis-server is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import redisContextStore from '../../lib/context/redis';
import { REDIS_MISSING, redisServerPath, startRedis, type RedisServer } from './redis-server';

type Store = ReturnType<typeof redisContextStore>;

const get = (s: Store, scope: string, key: string | string[]): Promise<unknown[]> =>
  new Promise((resolve, reject) => s.get(scope, key, (err, ...values) => (err ? reject(err) : resolve(values))));
const get1 = async (s: Store, scope: string, key: string): Promise<unknown> => (await get(s, scope, key))[0];
const set = (s: Store, scope: string, key: string | string[], value: unknown): Promise<void> =>
  new Promise((resolve, reject) => s.set(scope, key, value, (err) => (err ? reject(err) : resolve())));
const keys = (s: Store, scope: string): Promise<string[]> =>
  new Promise((resolve, reject) => s.keys(scope, (err, k) => (err ? reject(err) : resolve(k ?? []))));

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const skip = redisServerPath() ? false : REDIS_MISSING;

describe('Redis context store', { skip }, () => {
  let redis: RedisServer;
  let a: Store;
  let b: Store;
  let n = 0;
  const prefix = (): string => `t${++n}:`;

  const open: Store[] = [];
  const store = (cfg: Parameters<typeof redisContextStore>[0]): Store => {
    const s = redisContextStore(cfg);
    open.push(s);
    return s;
  };

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    // every store closed (also after a failed test), then the server
    await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    await redis?.stop();
  });

  it('is a module function Node-RED can call with its config, named in its log', () => {
    assert.equal(typeof redisContextStore, 'function');
    assert.equal(String(redisContextStore), 'pyramid context-redis');
    assert.throws(() => redisContextStore({ url: 'http://x' }), /url must start with redis:\/\//);
  });

  it('gets, sets, lists and deletes keys per scope, as Node-RED stores do', async () => {
    const p = prefix();
    a = store({ url: redis.url, prefix: p });
    await a.open();
    await set(a, 'global', 'count', 1);
    await set(a, 'flow1', 'seen', { 'd-1': 1700000000000 });
    await set(a, 'n1:flow1', 'buf', Buffer.from('hi'));
    await set(a, 'n1:flow1', 'text', 'åäö');
    assert.equal(await get1(a, 'global', 'count'), 1);
    assert.deepEqual(await get1(a, 'flow1', 'seen'), { 'd-1': 1700000000000 });
    // a Buffer reads back as Node-RED's file store gives it back: its JSON form
    assert.deepEqual(await get1(a, 'n1:flow1', 'buf'), { type: 'Buffer', data: [104, 105] });
    assert.equal(await get1(a, 'n1:flow1', 'text'), 'åäö');
    assert.equal(await get1(a, 'flow1', 'missing'), undefined);
    assert.deepEqual((await keys(a, 'n1:flow1')).sort(), ['buf', 'text']);
    assert.deepEqual(await keys(a, 'empty-scope'), []);
    // undefined deletes the key
    await set(a, 'n1:flow1', 'text', undefined);
    assert.deepEqual(await keys(a, 'n1:flow1'), ['buf']);
    await a.delete('n1:flow1');
    assert.deepEqual(await keys(a, 'n1:flow1'), []);
    assert.equal(await get1(a, 'global', 'count'), 1);
  });

  it('handles nested keys and several keys at once', async () => {
    await set(a, 'f', 'a.b[1]["c.d"]', 'x');
    assert.deepEqual(await get1(a, 'f', 'a'), { b: [null, { 'c.d': 'x' }] });
    assert.equal(await get1(a, 'f', 'a.b[1]["c.d"]'), 'x');
    assert.equal(await get1(a, 'f', 'a.nope.deeper'), undefined);
    await set(a, 'f', 'a.b', undefined);
    assert.deepEqual(await get1(a, 'f', 'a'), {});
    await set(a, 'f', ['k1', 'k2', 'k3'], [1, 'two']);
    // like Node-RED's stores: a key without a value gets null
    assert.deepEqual(await get(a, 'f', ['k1', 'k2', 'k3', 'k4']), [1, 'two', null, undefined]);
    await assert.rejects(get(a, 'f', 'a..b'), (e: Error & { code?: string }) => e.code === 'INVALID_EXPR' && /invalid context key "a\.\.b"/.test(e.message));
    await assert.rejects(set(a, 'f', 'a[x]', 1), /invalid context key/);
    // a prototype key changes nothing
    await set(a, 'f', 'p.__proto__.polluted', 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('offers only asynchronous access, and says so', () => {
    assert.throws(() => a.get('f', 'k1'), /only supports asynchronous access/);
    assert.throws(() => a.keys('f'), /only supports asynchronous access/);
  });

  it('refuses a value that has no JSON form, naming the key', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(set(a, 'f', 'loop', circular), /context f key "loop" cannot be stored in Redis/);
  });

  it('shares the context between two store instances (two Node-RED processes), also after a close and open', async () => {
    const p = prefix();
    const one = store({ url: redis.url, prefix: p });
    const two = store({ url: redis.url, prefix: p });
    await Promise.all([one.open(), two.open()]);
    await set(one, 'flowX', 'cursor', '2026-12-01T00:00:00Z');
    assert.equal(await get1(two, 'flowX', 'cursor'), '2026-12-01T00:00:00Z');
    // 2 x 200 concurrent writes of different parts of one key: the compare-and-set loses none
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      writes.push(set(one, 'flowX', `seen.one-${i}`, i));
      writes.push(set(two, 'flowX', `seen.two-${i}`, i));
    }
    await Promise.all(writes);
    const seen = (await get1(one, 'flowX', 'seen')) as Record<string, number>;
    const count = Object.keys(seen).length;
    process.stdout.write(`# concurrent nested writes from two instances: ${count} of 400 kept\n`);
    assert.equal(count, 400);
    // the same process keeps its own order on one key
    const order: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) order.push(set(one, 'flowX', i % 2 ? `last.v` : 'last', i % 2 ? i : { v: i }));
    await Promise.all(order);
    assert.deepEqual(await get1(one, 'flowX', 'last'), { v: 99 });
    await one.close();
    const again = store({ url: redis.url, prefix: p });
    await again.open();
    assert.equal(await get1(again, 'flowX', 'cursor'), '2026-12-01T00:00:00Z');
    await Promise.all([two.close(), again.close()]);
  });

  it('cleans the context of removed flows and nodes, keeping global and other prefixes', async () => {
    const p = prefix();
    b = store({ url: redis.url, prefix: p });
    await b.open();
    for (const scope of ['global', 'flowA', 'flowB', 'n1:flowA', 'n2:flowA', 'n3:flowB']) await set(b, scope, 'k', 1);
    await b.clean(['flowA', 'n1']);
    const left: string[] = [];
    for (const scope of ['global', 'flowA', 'flowB', 'n1:flowA', 'n2:flowA', 'n3:flowB']) if ((await keys(b, scope)).length) left.push(scope);
    assert.deepEqual(left, ['global', 'flowA', 'n1:flowA']);
    // another prefix (another group of instances) is not touched
    assert.equal(await get1(a, 'global', 'count'), 1);
    const keep = store({ url: redis.url, prefix: prefix(), cleanOnDeploy: false });
    await keep.open();
    await set(keep, 'gone-flow', 'k', 1);
    await keep.clean([]);
    assert.equal(await get1(keep, 'gone-flow', 'k'), 1);
    await keep.close();
  });

  it('fails each call at once with a clear error while Redis is down, and works again when it is back', async () => {
    await redis.kill();
    await waitFor('the store to notice', async () => {
      try {
        await get1(b, 'global', 'k');
        return false;
      } catch (e) {
        assert.match((e as Error).message, new RegExp(`Redis context store: not connected to redis://127\\.0\\.0\\.1:${redis.port}`));
        return true;
      }
    });
    await assert.rejects(set(b, 'global', 'k', 2), /not connected/);
    await redis.start();
    await waitFor('the store to reconnect', async () => (await get1(b, 'global', 'k')) === 1);
    await set(b, 'global', 'k', 3);
    assert.equal(await get1(b, 'global', 'k'), 3);
  });

  it('with cache: true, synchronous access works and two instances see each other\'s changes', async () => {
    const p = prefix();
    const seed = store({ url: redis.url, prefix: p });
    await seed.open();
    await set(seed, 'flowC', 'before', { v: 1 });
    await seed.close();
    const one = store({ url: redis.url, prefix: p, cache: true });
    const two = store({ url: redis.url, prefix: p, cache: true });
    await Promise.all([one.open(), two.open()]);
    // loaded at open, read synchronously as a function node does with flow.get('before')
    assert.deepEqual(one.get('flowC', 'before'), { v: 1 });
    one.set('flowC', 'sentOrders', { 'WC-1': 1 });
    assert.deepEqual(one.get('flowC', 'sentOrders'), { 'WC-1': 1 }, 'a synchronous write is read back at once');
    await waitFor('the other instance to see it', async () => JSON.stringify(two.get('flowC', 'sentOrders')) === '{"WC-1":1}');
    // 2 x 100 writes of their own keys, interleaved: both copies end equal to Redis
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      writes.push(set(one, 'flowC', `a${i}`, i));
      writes.push(set(two, 'flowC', `b${i}`, i));
    }
    await Promise.all(writes);
    const plain = store({ url: redis.url, prefix: p });
    await plain.open();
    const inRedis = (await keys(plain, 'flowC')).sort();
    await waitFor('both copies equal to Redis', async () => JSON.stringify((one.keys('flowC') ?? []).sort()) === JSON.stringify(inRedis) && JSON.stringify((two.keys('flowC') ?? []).sort()) === JSON.stringify(inRedis));
    assert.equal(inRedis.length, 202); // before, sentOrders, a0..a99, b0..b99
    // the same key written by both at once: the copies agree with Redis afterwards (the last write wins)
    await Promise.all(Array.from({ length: 50 }, (_, i) => set(i % 2 ? one : two, 'flowC', 'contended', i)));
    const final = await get1(plain, 'flowC', 'contended');
    await waitFor('the contended key to converge', async () => one.get('flowC', 'contended') === final && two.get('flowC', 'contended') === final);
    await two.delete('flowC');
    await waitFor('the deleted scope to go everywhere', async () => (one.keys('flowC') ?? []).length === 0);
    await Promise.all([one.close(), two.close(), plain.close()]);
  });

  it('refuses to open without Redis, naming the URL but never its password', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const s = store({ url: `redis://user:s3cret-pw@127.0.0.1:${port}`, connectTimeoutMs: 2000 });
    await assert.rejects(s.open(), (e: Error) => {
      assert.match(e.message, new RegExp(`cannot connect to redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
      assert.equal(e.message.includes('s3cret-pw'), false);
      return true;
    });
    await s.close();
  });
});
