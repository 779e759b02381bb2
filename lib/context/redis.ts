/**
 * A Node-RED context store kept in Redis, so that several Node-RED instances share their context
 * (the nodes' dedupe and progress state) and it survives restarts of any of them.
 *
 * It implements Node-RED's Context Store API (https://nodered.org/docs/api/context/): the module is
 * a function of the store's `config` that returns an object with open, close, get, set, keys,
 * delete and clean. In settings.js:
 *
 *   contextStorage: {
 *     default: { module: 'localfilesystem' },
 *     shared: { module: require('@pyramid-connect/node-red-pyramid/context-redis'), config: { url: 'redis://redis:6379' } },
 *   }
 *
 * Layout: one Redis hash per context scope (`<prefix><scope>`: `global`, a flow id, or
 * `<node id>:<flow id>`), one field per top-level key, its value as JSON (what Node-RED's file store
 * writes, so a Buffer reads back as `{ type: 'Buffer', data: [...] }` there too). A nested key
 * (`a.b[0]`) is read-modify-written with a compare-and-set script, so two instances writing parts
 * of one key never lose each other's write. By default only asynchronous access is offered
 * (`flow.get(key, store, callback)`): a synchronous `flow.get('x', 'shared')` throws, as with the
 * file store without its cache.
 *
 * `cache: true` also allows synchronous access (function nodes written for the memory or file
 * store): the whole store is read at open, reads are served from memory, every write goes to Redis
 * (the whole top-level key) and is announced on a pub/sub channel, and each instance re-reads a key
 * another one changed. The copies converge within milliseconds, but two instances writing one
 * top-level key at the same moment keep the last write: keep one key per item (`seen.<id>` is
 * still one key `seen`; the woocommerce nodes use one key per delivery) when instances share it.
 *
 * While Redis is unreachable every call fails at once with an error (the flow's catch nodes see it)
 * instead of queueing without bound; the client reconnects with backoff by itself.
 */
import { CAS, escapeGlob, makeClient, safeUrl, type Client } from './connection';
import { fromJson, getPath, parseKey, setPath, toJson } from './keys';
import type { Callback, ContextStore, RedisContextConfig } from './types';

class RedisContextStore implements ContextStore {
  private readonly url: string;
  private readonly prefix: string;
  private readonly cleanOnDeploy: boolean;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private client: Client | undefined;
  private lastError: Error | undefined;
  /** Writes to one field, in the order they were asked for (a nested write is read-modify-write). */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** cache mode: scope -> field -> value, the subscriber connection and this instance's id. */
  private readonly cache: Map<string, Map<string, unknown>> | undefined;
  private sub: Client | undefined;
  /** cache mode: local writes of a field not yet in Redis, and fields changed elsewhere meanwhile. */
  private readonly pendingLocal = new Map<string, number>();
  private readonly changedMeanwhile = new Set<string>();
  private readonly origin = Math.random().toString(36).slice(2) + Date.now().toString(36);

  constructor(config: RedisContextConfig = {}) {
    this.url = config.url ?? 'redis://127.0.0.1:6379';
    this.prefix = config.prefix ?? 'nodered:context:';
    this.cleanOnDeploy = config.cleanOnDeploy ?? true;
    this.connectTimeoutMs = config.connectTimeoutMs ?? 10_000;
    this.commandTimeoutMs = config.commandTimeoutMs ?? 10_000;
    this.cache = config.cache ? new Map() : undefined;
    if (!/^rediss?:\/\//.test(this.url)) throw new Error(`Redis context store: url must start with redis:// or rediss://, not ${safeUrl(this.url)}`);
  }

  private hash(scope: string): string {
    return this.prefix + scope;
  }

  private get channel(): string {
    // outside the key space clean() scans
    return `${this.prefix.replace(/:$/, '')}#changes`;
  }

  /** cache mode: read one field (or a whole scope, field undefined) from Redis into the cache. */
  private async refresh(scope: string, field: string | undefined): Promise<void> {
    const cache = this.cache as Map<string, Map<string, unknown>>;
    if (field === undefined) {
      const all = await this.c().hGetAll(this.hash(scope));
      const m = new Map<string, unknown>();
      for (const [f, raw] of Object.entries(all)) m.set(f, fromJson(scope, f, raw));
      if (m.size) cache.set(scope, m);
      else cache.delete(scope);
      return;
    }
    const raw = await this.c().hGet(this.hash(scope), field);
    let m = cache.get(scope);
    if (raw === null || raw === undefined) {
      m?.delete(field);
      return;
    }
    if (!m) cache.set(scope, (m = new Map()));
    m.set(field, fromJson(scope, field, raw));
  }

  private announce(scope: string, field: string | undefined): Promise<unknown> {
    return this.c().publish(this.channel, JSON.stringify({ o: this.origin, s: scope, f: field ?? null }));
  }

  private c(): Client {
    if (!this.client?.isReady) {
      const why = this.lastError ? `: ${this.lastError.message}` : '';
      throw new Error(`Redis context store: not connected to ${safeUrl(this.url)}${why}`);
    }
    return this.client;
  }

  async open(): Promise<void> {
    const client = makeClient(this.url, this.connectTimeoutMs, this.commandTimeoutMs);
    // without a listener an unreachable Redis would crash Node-RED; the error is kept for the next call's message
    client.on('error', (err: Error) => {
      this.lastError = err;
    });
    client.on('ready', () => {
      this.lastError = undefined;
    });
    this.client = client;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no connection within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
        }),
      ]);
    } catch (e) {
      this.client = undefined;
      client.destroy();
      const why = this.lastError?.message ?? (e as Error).message;
      throw new Error(`Redis context store: cannot connect to ${safeUrl(this.url)}: ${why}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
    if (this.cache) {
      // subscribe first, then load: a change made meanwhile is read again, never missed
      const sub = client.duplicate();
      sub.on('error', (err: Error) => {
        this.lastError = err;
      });
      // after a reconnect of the subscriber, changes may have been missed: read everything again
      let connectedOnce = false;
      sub.on('ready', () => {
        if (connectedOnce) void this.loadAll().catch((e: Error) => (this.lastError = e));
        connectedOnce = true;
      });
      await sub.connect();
      await sub.subscribe(this.channel, (message: string) => {
        let m: { o?: string; s?: string; f?: string | null };
        try {
          m = JSON.parse(message) as typeof m;
        } catch {
          return;
        }
        if (m.o === this.origin || typeof m.s !== 'string') return;
        const scope = m.s;
        const field = m.f ?? undefined;
        if (field === undefined) {
          void this.refresh(scope, undefined).catch((e: Error) => (this.lastError = e));
          return;
        }
        // in line with this instance's own writes of the field: while one is on its way the local
        // copy is newer than what Redis said a moment ago, so read it again after that write
        const id = `${scope}\u0000${field}`;
        void this.queue(scope, field, async () => {
          if (this.pendingLocal.get(id)) this.changedMeanwhile.add(id);
          else await this.refresh(scope, field);
        }).catch((e: Error) => (this.lastError = e));
      });
      this.sub = sub;
      await this.loadAll();
    }
  }

  private async loadAll(): Promise<void> {
    for await (const batch of this.c().scanIterator({ MATCH: escapeGlob(this.prefix) + '*', COUNT: 500 })) {
      for (const k of batch as string[]) await this.refresh(k.slice(this.prefix.length), undefined);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await Promise.allSettled([...this.chains.values()]);
    const sub = this.sub;
    this.sub = undefined;
    // a connection that is not ready (Redis gone, reconnecting) is dropped, not waited for
    for (const c of [sub, client]) {
      if (!c?.isOpen) continue;
      if (!c.isReady) {
        c.destroy();
        continue;
      }
      try {
        await c.close();
      } catch {
        c.destroy();
      }
    }
  }

  get(scope: string, key: string | string[], callback?: Callback): unknown {
    if (this.cache) {
      const keys = Array.isArray(key) ? key : [key];
      let values: unknown[];
      try {
        values = keys.map((k) => {
          const p = parseKey(k);
          return getPath(this.cache?.get(scope)?.get(String(p[0])), p.slice(1));
        });
      } catch (e) {
        if (callback) return callback(e as Error);
        throw e;
      }
      if (!callback) return Array.isArray(key) ? values : values[0];
      return Array.isArray(key) ? callback(null, ...values) : callback(null, values[0]);
    }
    if (typeof callback !== 'function') {
      throw new Error('The Redis context store only supports asynchronous access: give get() a callback');
    }
    const keys = Array.isArray(key) ? key : [key];
    void (async () => {
      const paths = keys.map((k) => parseKey(k));
      const fields = paths.map((p) => String(p[0]));
      const raws = fields.length ? await this.c().hmGet(this.hash(scope), fields) : [];
      return paths.map((p, i) => getPath(fromJson(scope, fields[i], raws[i] as string | null), p.slice(1)));
    })().then(
      (values) => (Array.isArray(key) ? callback(null, ...values) : callback(null, values[0])),
      (err: Error) => callback(err),
    );
  }

  set(scope: string, key: string | string[], value: unknown, callback?: (err?: Error | null) => void): void {
    if (callback !== undefined && typeof callback !== 'function' && !this.cache) {
      throw new Error('The Redis context store only supports asynchronous access: give set() a callback');
    }
    const keys = Array.isArray(key) ? key : [key];
    const values = Array.isArray(key) ? (Array.isArray(value) ? value : [value]) : [value];
    let paths: (string | number)[][];
    try {
      paths = keys.map((k) => parseKey(k));
    } catch (e) {
      if (callback) return callback(e as Error);
      throw e;
    }
    if (this.cache) {
      // the local copy changes at once (synchronous access reads it); Redis gets the whole key
      let m = this.cache.get(scope);
      if (!m) this.cache.set(scope, (m = new Map()));
      const local = m;
      let writes: Promise<void>[];
      try {
        writes = this.cachedWrites(scope, local, paths, values);
      } catch (e) {
        if (typeof callback === 'function') return callback(e as Error);
        throw e;
      }
      Promise.all(writes).then(
        () => (typeof callback === 'function' ? callback(null) : undefined),
        (err: Error) => {
          this.lastError = err;
          if (typeof callback === 'function') callback(err);
        },
      );
      return;
    }
    const writes = paths.map((p, i) => this.queue(scope, String(p[0]), () => this.writeOne(scope, p, i < values.length ? values[i] : null)));
    Promise.all(writes).then(
      () => callback?.(null),
      (err: Error) => callback?.(err),
    );
  }

  private cachedWrites(scope: string, local: Map<string, unknown>, paths: (string | number)[][], values: unknown[]): Promise<void>[] {
    return paths.map((p, i) => {
      const field = String(p[0]);
      const root: Record<string, unknown> = local.has(field) ? { [field]: local.get(field) } : {};
      setPath(root, p, i < values.length ? values[i] : null);
      if (root[field] === undefined) local.delete(field);
      else local.set(field, root[field]);
      const json = root[field] === undefined ? undefined : toJson(scope, field, root[field]);
      const id = `${scope}\u0000${field}`;
      this.pendingLocal.set(id, (this.pendingLocal.get(id) ?? 0) + 1);
      return this.queue(scope, field, async () => {
        try {
          if (json === undefined) await this.c().hDel(this.hash(scope), field);
          else await this.c().hSet(this.hash(scope), field, json);
          await this.announce(scope, field);
        } finally {
          const left = (this.pendingLocal.get(id) ?? 1) - 1;
          if (left > 0) this.pendingLocal.set(id, left);
          else {
            this.pendingLocal.delete(id);
            if (this.changedMeanwhile.delete(id)) await this.refresh(scope, field).catch((e: Error) => (this.lastError = e));
          }
        }
      });
    });
  }

  /** Runs `fn` after every earlier write to this field (the same process keeps its own order). */
  private queue(scope: string, field: string, fn: () => Promise<void>): Promise<void> {
    const id = `${scope}\u0000${field}`;
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.chains.set(id, next);
    const forget = (): void => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  private async writeOne(scope: string, path: (string | number)[], value: unknown): Promise<void> {
    const hash = this.hash(scope);
    const field = String(path[0]);
    if (path.length === 1) {
      if (value === undefined) await this.c().hDel(hash, field);
      else await this.c().hSet(hash, field, toJson(scope, field, value));
      return;
    }
    // a nested key: read, change, write back only if nobody wrote the field meanwhile
    for (let attempt = 0; attempt < 100; attempt++) {
      const raw = await this.c().hGet(hash, field);
      const current = fromJson(scope, field, raw);
      const root: Record<string, unknown> = { [field]: current };
      if (!setPath(root, path, value)) return; // a parent is not an object: Node-RED leaves it as it is
      const next = root[field];
      const del = next === undefined;
      const done = await this.c().eval(CAS, {
        keys: [hash],
        arguments: [field, raw === null || raw === undefined ? '1' : '0', raw ?? '', del ? '1' : '0', del ? '' : toJson(scope, field, next)],
      });
      if (Number(done) === 1) return;
    }
    throw new Error(`context ${scope} key "${path.join('.')}": too many concurrent writers`);
  }

  keys(scope: string, callback?: (err: Error | null, keys?: string[]) => void): string[] | undefined {
    if (this.cache) {
      const k = [...(this.cache.get(scope)?.keys() ?? [])];
      if (!callback) return k;
      callback(null, k);
      return undefined;
    }
    if (typeof callback !== 'function') throw new Error('The Redis context store only supports asynchronous access: give keys() a callback');
    void (async () => this.c().hKeys(this.hash(scope)))().then(
      (k) => callback(null, k),
      (err: Error) => callback(err),
    );
    return undefined;
  }

  async delete(scope: string): Promise<void> {
    this.cache?.delete(scope);
    await this.c().unlink(this.hash(scope));
    if (this.cache) await this.announce(scope, undefined);
  }

  /** Same rule as Node-RED's file store: global is kept, a flow's context goes with the flow, a
   *  node's with the node or its flow. */
  async clean(activeNodes: string[]): Promise<void> {
    if (!this.cleanOnDeploy) return;
    const active = new Set(activeNodes);
    const gone: string[] = [];
    for await (const batch of this.c().scanIterator({ MATCH: escapeGlob(this.prefix) + '*', COUNT: 500 })) {
      for (const k of batch as string[]) {
        const scope = k.slice(this.prefix.length);
        if (scope === 'global') continue;
        const [node, flow] = scope.includes(':') ? scope.split(':') : [undefined, scope];
        if (!active.has(flow) || (node !== undefined && !active.has(node))) {
          gone.push(k);
          this.cache?.delete(scope);
        }
      }
    }
    for (let i = 0; i < gone.length; i += 500) await this.c().unlink(gone.slice(i, i + 500));
    if (this.cache) for (const k of gone) await this.announce(k.slice(this.prefix.length), undefined);
  }
}

/** Node-RED calls the module with the store's config (plus copied settings such as userDir). */
function redisContextStore(config: RedisContextConfig = {}): ContextStore {
  return new RedisContextStore(config);
}
// Node-RED names a store's module in its log by its own toString
redisContextStore.toString = (): string => 'pyramid context-redis';

// CommonJS `module.exports = function`, as Node-RED's contextStorage `module:` setting expects
// (require('@pyramid-connect/node-red-pyramid/context-redis')); the helpers ride along on it.
const api = Object.assign(redisContextStore, { parseKey, safeUrl });
export = api;
