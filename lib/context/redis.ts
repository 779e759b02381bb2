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
import type { createClient as CreateClient } from '@redis/client';

interface RedisContextConfig {
  /** redis[s]://[[user]:password@]host[:port][/db]. Default redis://127.0.0.1:6379. */
  url?: string;
  /** Prefix of every Redis key this store writes. Default `nodered:context:`. Instances that run
   *  different flows against one Redis need different prefixes (see `clean`). */
  prefix?: string;
  /** Remove the context of deleted flows and nodes when flows are (re)deployed, as Node-RED's own
   *  stores do. Default true. */
  cleanOnDeploy?: boolean;
  /** How long open() waits for the first connection, ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** How long one command may take before it fails, ms. Default 10,000. */
  commandTimeoutMs?: number;
  /** Keep a local copy, kept current through pub/sub, and allow synchronous access. Default false. */
  cache?: boolean;
}

type Callback = (err?: Error | null, ...values: unknown[]) => void;

interface ContextStore {
  open(): Promise<void>;
  close(): Promise<void>;
  get(scope: string, key: string | string[], callback?: Callback): unknown;
  set(scope: string, key: string | string[], value: unknown, callback?: (err?: Error | null) => void): void;
  keys(scope: string, callback?: (err: Error | null, keys?: string[]) => void): string[] | undefined;
  delete(scope: string): Promise<void>;
  clean(activeNodes: string[]): Promise<void>;
}

// Compare-and-set of one hash field: KEYS[1] the hash, ARGV = field, expected-absent flag,
// expected value, delete flag, new value. 1 when written, 0 when the field changed meanwhile.
const CAS = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then
  return 0
end
if ARGV[4] == '1' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[5]) end
return 1`;

/** A context key's parts: `a.b[0]["c.d"]` → ['a', 'b', 0, 'c.d'] (Node-RED's property expressions). */
function parseKey(expr: string): (string | number)[] {
  const invalid = (why: string): Error => Object.assign(new Error(`invalid context key "${expr}": ${why}`), { code: 'INVALID_EXPR' });
  if (typeof expr !== 'string' || expr.length === 0) throw invalid('empty');
  const parts: (string | number)[] = [];
  let i = 0;
  let token = '';
  let afterBracket = false;
  const flush = (): void => {
    if (token !== '') parts.push(token);
    token = '';
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '.') {
      if (token === '' && !afterBracket) throw invalid(`empty part at ${i}`);
      flush();
      afterBracket = false;
      i += 1;
      if (i >= expr.length) throw invalid('ends with "."');
    } else if (c === '[') {
      flush();
      const q = expr[i + 1];
      if (q === '"' || q === "'") {
        const end = expr.indexOf(q + ']', i + 2);
        if (end < 0) throw invalid(`unterminated string at ${i}`);
        parts.push(expr.slice(i + 2, end));
        i = end + 2;
      } else {
        const end = expr.indexOf(']', i);
        const inner = end < 0 ? '' : expr.slice(i + 1, end);
        if (!/^\d+$/.test(inner)) throw invalid(`index at ${i} is not a number or a quoted string`);
        parts.push(Number(inner));
        i = end + 1;
      }
      afterBracket = true;
      if (i < expr.length && expr[i] !== '.' && expr[i] !== '[') throw invalid(`unexpected "${expr[i]}" at ${i}`);
    } else {
      if (afterBracket) throw invalid(`unexpected "${c}" at ${i}`);
      token += c;
      i += 1;
    }
  }
  flush();
  if (parts.length === 0) throw invalid('empty');
  return parts;
}

function getPath(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  }
  return v;
}

/** Node-RED's setObjectProperty: missing parents are made (objects, or arrays before an index);
 *  undefined deletes. Returns false when a parent is not an object (nothing is changed). */
function setPath(root: Record<string, unknown>, path: (string | number)[], value: unknown): boolean {
  let obj: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') return false;
    let next = Object.hasOwn(obj, k) ? obj[k] : undefined;
    if (next === undefined) {
      if (value === undefined) return false;
      next = typeof path[i + 1] === 'number' ? [] : {};
      obj[k] = next;
    } else if (next === null || typeof next !== 'object') {
      return false;
    }
    obj = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') return false;
  if (value === undefined) {
    if (typeof last === 'number' && Array.isArray(obj)) obj.splice(last, 1);
    else delete obj[last];
  } else {
    obj[last] = value;
  }
  return true;
}

function toJson(scope: string, key: string, value: unknown): string {
  try {
    const s = JSON.stringify(value);
    // functions and symbols have no JSON: Node-RED's file store drops them the same way
    return s === undefined ? 'null' : s;
  } catch (e) {
    throw new Error(`context ${scope} key "${key}" cannot be stored in Redis: ${(e as Error).message}`, { cause: e });
  }
}

function fromJson(scope: string, key: string, raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new Error(`context ${scope} key "${key}" in Redis is not JSON`);
  }
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => '\\' + c);
}

/** @redis/client is an optional peer dependency: loaded when a Redis store is configured. */
function redisClient(): typeof CreateClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@redis/client') as { createClient: typeof CreateClient }).createClient;
  } catch {
    throw new Error('the Redis context store needs the package @redis/client: run `npm install @redis/client` in the Node-RED user directory');
  }
}

function makeClient(url: string, connectTimeout: number, timeout: number) {
  const createClient = redisClient();
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout },
    socket: {
      connectTimeout,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5_000),
    },
  });
}
type Client = ReturnType<typeof makeClient>;

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
