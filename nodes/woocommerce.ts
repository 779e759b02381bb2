/**
 * Node-RED adapters for WooCommerce: woocommerce-store (config: shop URL, keys and webhook secret
 * as credentials, API version, timeout, extra CA; a Test connection admin endpoint),
 * woocommerce-in (signed webhooks on a path, dedupe in the context store, reconciliation poll) and
 * woocommerce-out (push products, stock, prices, order updates, customers in batches).
 * Everything that knows WooCommerce lives in lib/shop/woocommerce.
 */
import { keepRawBody } from './raw-body';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join as joinPath } from 'node:path';
import {
  Deduper,
  PushBatcher,
  WooClient,
  WooError,
  errorInfo,
  isPingBody,
  modifiedOf,
  reconcileOrders,
  resendPending,
  shopPrefix,
  verifySignature,
  webhookMeta,
  type KeyValueStore,
  type Resource,
} from '../lib/shop/woocommerce';

// ---- the part of the Node-RED API used here ---------------------------------------------------

type NodeMessage = Record<string, unknown> & { payload?: unknown; _msgid?: string };
type SendFn = (msgs: NodeMessage | (NodeMessage | null)[]) => void;
type DoneFn = (err?: Error) => void;
interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}
type Callback = (err: Error | null | undefined, value?: unknown) => void;
interface ContextScope {
  get(key: string, store: string | undefined, cb: Callback): void;
  set(key: string, value: unknown, store: string | undefined, cb: (err?: Error | null) => void): void;
}
interface RedNode {
  id: string;
  type: string;
  name?: string;
  on(event: 'input', cb: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | (NodeMessage | null)[]): void;
  status(s: NodeStatus): void;
  log(m: string): void;
  warn(m: string): void;
  error(m: string | Error, msg?: NodeMessage): void;
  context(): { flow: ContextScope; global: ContextScope };
}
interface AdminRequest {
  body?: Record<string, unknown>;
}
interface AdminResponse {
  json(body: unknown): void;
  status(code: number): AdminResponse;
}
type AdminHandler = (req: AdminRequest, res: AdminResponse, next: () => void) => void;
type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;
interface RouterLayer {
  route?: { path?: string; methods?: Record<string, boolean>; stack?: { handle?: unknown }[] };
}
interface NodeAPI {
  nodes: {
    createNode(node: object, def: object): void;
    registerType(type: string, ctor: (this: never, def: never) => void, opts?: object): void;
    getNode(id: string): unknown;
    getCredentials(id: string): Record<string, string> | undefined;
  };
  util: { cloneMessage<T>(msg: T): T };
  httpAdmin: { post(path: string, ...handlers: AdminHandler[]): void };
  httpNode: {
    post(path: string, handler: HttpHandler): void;
    _router?: { stack: RouterLayer[] };
    router?: { stack: RouterLayer[] };
  };
  auth: { needsPermission(permission: string): AdminHandler };
  _(key: string, subs?: Record<string, unknown>): string;
}

// ---- config shapes -----------------------------------------------------------------------------

interface StoreDef {
  id: string;
  name?: string;
  url?: string;
  version?: string;
  timeout?: string | number;
  ca?: string;
  contextStore?: string;
}
interface StoreCredentials {
  consumerKey?: string;
  consumerSecret?: string;
  webhookSecret?: string;
}
interface InDef {
  id: string;
  store: string;
  path?: string;
  topics?: string;
  maxBodyKb?: string | number;
  reconcile?: boolean | string;
  interval?: string | number;
  confirm?: boolean | string;
  handover?: string | number;
  /** "each" (every new state is emitted) or "once" (a resource is not emitted again once handed over). */
  states?: string;
  scope?: string;
}
interface OutDef {
  id: string;
  store: string;
  resource?: string;
  unknownSku?: string;
  scope?: string;
}

interface StoreNode extends RedNode {
  url: string;
  contextStore?: string;
  credentials?: StoreCredentials;
  /** A client for this shop, or the reason there is none (the message names no secret). */
  client(): WooClient;
  options: { url: string; version: string; timeoutMs: number; ca?: string };
  close?: () => void;
}
interface InNode extends RedNode {
  storeNode?: StoreNode;
}
interface OutNode extends RedNode {
  storeNode?: StoreNode;
}

const RESOURCES: readonly Resource[] = ['products', 'stock', 'prices', 'orders', 'customers'];
const DEFAULT_TOPICS = 'order.created,order.updated,customer.created,customer.updated';
const DEFAULT_MAX_BODY_KB = 1024;
const DEFAULT_HANDOVER_MIN = 5;
/** Least time between two statuses of woocommerce-in for webhooks and confirmations, ms. */
const STATUS_MS = 250;

function num(v: unknown, fallback: number, min = 0): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= min ? n : fallback;
}

/** Node-RED's context (global or flow scope, a named store) as the lib's key-value store. */
function contextStore(node: RedNode, scope: string | undefined, storeName: string | undefined): KeyValueStore {
  const ctx = scope === 'flow' ? node.context().flow : node.context().global;
  const name = storeName && storeName.trim() !== '' ? storeName.trim() : undefined;
  return {
    get: (key) =>
      new Promise((resolve, reject) => {
        ctx.get(key, name, (err, value) => (err ? reject(err) : resolve(value)));
      }),
    set: (key, value) =>
      new Promise((resolve, reject) => {
        ctx.set(key, value, name, (err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** An Error for done()/Catch: message without secrets, `code` kept. */
function nodeError(err: unknown, prefix: string): Error & { code: string } {
  const info = errorInfo(err);
  return Object.assign(new Error(`${prefix}: ${info.message}`), { code: info.code });
}

function shortCount(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

module.exports = function (RED: NodeAPI): void {
  /**
   * A status text from the locale (woocommerce.status.*), in the runtime's language. Node-RED reads
   * no locales for a node file loaded from a plain nodes directory (RED._ then gives the key back):
   * there the English catalogue beside this file is used.
   */
  let english: Record<string, string> | undefined;
  const st = (key: string, subs: Record<string, unknown> = {}): string => {
    const full = `woocommerce.status.${key}`;
    const text = RED._(full, subs);
    if (text !== full) return text;
    if (!english) {
      try {
        const file = JSON.parse(readFileSync(joinPath(__dirname, 'locales', 'en-US', 'woocommerce.json'), 'utf8')) as { woocommerce?: { status?: Record<string, string> } };
        english = file.woocommerce?.status ?? {};
      } catch {
        english = {};
      }
    }
    const template = english[key];
    return template === undefined ? full : template.replace(/__(\w+)__/g, (m, name: string) => (name in subs ? String(subs[name]) : m));
  };
  // ---- woocommerce-store ------------------------------------------------------------------------

  function WooStoreNode(this: StoreNode, n: StoreDef): void {
    RED.nodes.createNode(this, n);
    const url = String(n.url ?? '').trim().replace(/\/+$/, '');
    this.url = url;
    this.contextStore = n.contextStore;
    this.options = {
      url,
      version: String(n.version || 'wc/v3'),
      timeoutMs: num(n.timeout, 30, 1) * 1000,
      ca: n.ca && n.ca.trim() !== '' ? n.ca : undefined,
    };
    let client: WooClient | undefined;
    this.client = () => {
      if (client) return client;
      const c = this.credentials ?? {};
      client = new WooClient({
        url,
        consumerKey: c.consumerKey ?? '',
        consumerSecret: c.consumerSecret ?? '',
        version: this.options.version,
        timeoutMs: this.options.timeoutMs,
        ca: this.options.ca,
      });
      return client;
    };
    this.on('close', (_removed, done) => {
      client?.close();
      client = undefined;
      done();
    });
  }
  RED.nodes.registerType('woocommerce-store', WooStoreNode, {
    credentials: { consumerKey: { type: 'text' }, consumerSecret: { type: 'password' }, webhookSecret: { type: 'password' } },
  });

  /**
   * Test connection from the dialog: the URL and keys typed there; a secret left as stored
   * ("__PWRD__") is taken from the deployed node only when the URL is the one it was saved for.
   * The answer never contains a key or secret.
   */
  RED.httpAdmin.post('/woocommerce-store/test', RED.auth.needsPermission('woocommerce-store.write'), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const url = str(b.url).trim().replace(/\/+$/, '');
    let key = str(b.consumerKey);
    let secret = str(b.consumerSecret);
    const id = str(b.id);
    if (id && (!secret || secret === '__PWRD__' || !key)) {
      const deployed = RED.nodes.getNode(id) as StoreNode | null;
      const stored = RED.nodes.getCredentials(id);
      if (deployed && stored && deployed.url === url) {
        if (!secret || secret === '__PWRD__') secret = stored.consumerSecret ?? '';
        if (!key) key = stored.consumerKey ?? '';
      } else if (secret === '__PWRD__') secret = '';
    }
    let client: WooClient;
    try {
      client = new WooClient({
        url,
        consumerKey: key,
        consumerSecret: secret,
        version: str(b.version) || 'wc/v3',
        timeoutMs: num(b.timeout, 30, 1) * 1000,
        ca: str(b.ca).trim() || undefined,
        maxAttempts: 1,
      });
    } catch (err) {
      res.json({ ok: false, ...errorInfo(err) });
      return;
    }
    client
      .request('GET', 'products', { query: { per_page: 1 } })
      .then((r) => {
        const total = Number(r.headers['x-wp-total'] ?? NaN);
        res.json({ ok: true, message: Number.isFinite(total) ? `Connected: ${shortCount(total, 'product')} in the shop.` : 'Connected.' });
      })
      .catch((err: unknown) => res.json({ ok: false, ...errorInfo(err) }))
      .finally(() => client.close());
  });

  function storeOf(node: RedNode, id: string): StoreNode | undefined {
    const s = RED.nodes.getNode(id) as StoreNode | null;
    if (!s || !s.url) {
      node.status({ fill: 'red', shape: 'ring', text: st('noShop') });
      return undefined;
    }
    return s;
  }

  // ---- woocommerce-in ---------------------------------------------------------------------------

  function WooInNode(this: InNode, n: InDef): void {
    RED.nodes.createNode(this, n);
    setupIn(this, n);
  }

  function setupIn(node: InNode, n: InDef): void {
    const shop = storeOf(node, n.store);
    let routePath = String(n.path ?? '').trim();
    if (!routePath.startsWith('/')) routePath = `/${routePath}`;
    const topics = new Set(
      String(n.topics ?? DEFAULT_TOPICS)
        .split(/[\s,]+/)
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    );
    const accepts = (topic: string): boolean => topics.has(topic) || topics.has(`${topic.split('.')[0]}.*`) || topics.has('*');
    const maxBody = Math.round(num(n.maxBodyKb, DEFAULT_MAX_BODY_KB, 1) * 1024);
    const reconcileOn = (n.reconcile === true || n.reconcile === 'true') && (accepts('order.created') || accepts('order.updated'));
    const intervalMs = num(n.interval, 1, 0.01) * 60_000;
    // a flow deployed before the option existed has no `confirm`: it keeps handing on without it
    const confirmOn = n.confirm === true || n.confirm === 'true';
    const handOverMs = num(n.handover, DEFAULT_HANDOVER_MIN, 0) * 60_000;
    if (!shop) return;
    node.storeNode = shop;
    const store = contextStore(node, n.scope, shop.contextStore);
    const prefix = shopPrefix(shop.url);
    const deduper = new Deduper(store, prefix, { confirm: confirmOn, handOverMs, once: n.states === 'once' });
    let closed = false;
    let pending = 0;
    const handOverText = `${+(handOverMs / 60_000).toFixed(2)} min`;

    /** The status `text`, with the pending count when there is one. */
    const showStatus = async (text: string | undefined, fill: NodeStatus['fill'] = 'green'): Promise<void> => {
      if (confirmOn) {
        try {
          pending = await deduper.pendingCount();
        } catch {
          // the count is only for the status
        }
      }
      if (closed) return;
      const parts = [text, pending > 0 ? st('pending', { count: pending }) : undefined].filter((x): x is string => !!x);
      node.status({ fill, shape: pending > 0 ? 'ring' : 'dot', text: parts.join(', ') || st('listening', { path: routePath }) });
    };
    // per webhook and per confirmation: at most one status per STATUS_MS, the latest shown at the end
    // of the interval (in a burst of hundreds a second, a status each cost more than the dedupe)
    let statusAt = 0;
    let statusTimer: NodeJS.Timeout | undefined;
    let latest: [string | undefined, NodeStatus['fill']] | undefined;
    const showFrequent = (text: string | undefined, fill: NodeStatus['fill'] = 'green'): void => {
      latest = [text, fill];
      if (statusTimer) return;
      const wait = statusAt + STATUS_MS - Date.now();
      const show = (): void => {
        statusTimer = undefined;
        statusAt = Date.now();
        const [t, f] = latest ?? [undefined, 'green'];
        latest = undefined;
        void showStatus(t, f);
      };
      if (wait <= 0) show();
      else statusTimer = setTimeout(show, wait);
    };
    const emitted = (resource: string, id: number | null, attempt: number): void => {
      if (attempt > 1) {
        node.warn(`${resource} #${id ?? '?'} handed on again (attempt ${attempt}): not confirmed within ${handOverText}. Wire the end of the flow back to this node's input, or untick "Confirm".`);
      }
    };

    const answer = (res: ServerResponse, status: number, body: Record<string, unknown>, close = false): void => {
      if (res.headersSent) return;
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        ...(close ? { Connection: 'close' } : {}),
      });
      res.end(text);
    };

    const readCapped = (req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        req.on('data', (c: Buffer) => {
          if (over) return;
          size += c.length;
          if (size > limit) {
            over = true;
            req.pause();
            resolve('too_large');
            return;
          }
          chunks.push(c);
        });
        req.on('end', () => {
          if (!over) resolve(Buffer.concat(chunks));
        });
        req.on('error', reject);
      });

    const handler: HttpHandler = (req, res) => {
      void (async () => {
        try {
          const signature = req.headers['x-wc-webhook-signature'];
          const length = Number(req.headers['content-length'] ?? NaN);
          if (typeof signature !== 'string' || signature.trim() === '') {
            // WooCommerce's ping (form body "webhook_id=<n>", unsigned) is the only unsigned request
            // whose body is read, and only when it says it is that small
            const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
            if (form && Number.isFinite(length) && length > 0 && length <= 64) {
              const raw = await readCapped(req, 64);
              if (raw !== 'too_large' && isPingBody(raw)) {
                answer(res, 200, { ok: true, ping: true });
                return;
              }
            }
            answer(res, 401, { error: 'signature_missing', message: 'The X-WC-Webhook-Signature header is missing.' }, true);
            return;
          }
          if (Number.isFinite(length) && length > maxBody) {
            answer(res, 413, { error: 'body_too_large', message: `The body exceeds ${maxBody} bytes.` }, true);
            return;
          }
          if (req.readableEnded) {
            answer(res, 500, { error: 'body_consumed', message: 'The raw body was read before this node (httpNodeMiddleware).' });
            return;
          }
          const raw = await readCapped(req, maxBody);
          if (raw === 'too_large') {
            answer(res, 413, { error: 'body_too_large', message: `The body exceeds ${maxBody} bytes.` }, true);
            return;
          }
          const secret = shop.credentials?.webhookSecret ?? '';
          if (!secret) {
            node.status({ fill: 'red', shape: 'ring', text: st('noWebhookSecret') });
            answer(res, 401, { error: 'signature_invalid', message: 'The signature does not match.' });
            return;
          }
          if (!verifySignature(raw, signature, secret)) {
            node.status({ fill: 'yellow', shape: 'ring', text: st('badSignature') });
            answer(res, 401, { error: 'signature_invalid', message: 'The signature does not match.' });
            return;
          }
          let body: unknown;
          try {
            body = JSON.parse(raw.toString('utf8')) as unknown;
          } catch {
            answer(res, 400, { error: 'invalid_json', message: 'The body is not JSON.' });
            return;
          }
          const meta = webhookMeta(req.headers as Record<string, string | string[] | undefined>, body);
          if (!accepts(meta.topic)) {
            answer(res, 200, { ok: true, ignored: meta.topic });
            return;
          }
          const d = await deduper.decide(meta.resource, meta.id, meta.delivery, meta.modified, meta.topic);
          if (!d.verdict) {
            answer(res, 200, { ok: true, duplicate: true });
            return;
          }
          answer(res, 200, { ok: true });
          if (closed) return;
          const topic = d.topic ?? meta.topic;
          const [resource, event] = topic.split('.');
          emitted(meta.resource, meta.id, d.attempt);
          node.send({
            payload: body,
            topic,
            woocommerce: {
              topic,
              resource: resource || meta.resource,
              event: event || meta.event,
              id: meta.id,
              delivery: meta.delivery,
              reconciled: false,
              modified: meta.modified,
              attempt: d.attempt,
            },
          });
          showFrequent(`${topic} #${meta.id ?? '?'}`, d.attempt > 1 ? 'yellow' : 'green');
        } catch (err) {
          const e = nodeError(err, 'webhook');
          node.error(e);
          answer(res, 500, { error: e.code, message: 'The webhook could not be handled.' });
        }
      })();
    };
    RED.httpNode.post(routePath, handler);
    // the editor's body parsers must leave this route's body to the signature check
    const forgetRoute = keepRawBody(RED, 'post', handler);

    // ---- reconciliation ----
    let timer: NodeJS.Timeout | undefined;
    let polling: Promise<void> | undefined;
    const ordersAccepted = accepts('order.created') || accepts('order.updated');
    const poll = (msg?: NodeMessage, done?: DoneFn): Promise<void> => {
      if (polling) {
        done?.();
        return polling;
      }
      polling = (async () => {
        try {
          // the timer lists orders only when reconciliation is on; "poll now" whenever orders are accepted
          const listOrders = msg ? ordersAccepted : reconcileOn;
          const result = listOrders ? await reconcileOrders({ client: shop.client(), store, prefix, deduper, accepts }) : undefined;
          if (closed) return;
          const out = (payload: Record<string, unknown>, topic: string, id: number | null, attempt: number): void => {
            const [resource, event] = topic.split('.');
            emitted(resource, id, attempt);
            node.send({
              ...(msg ? { _msgid: msg._msgid } : {}),
              payload,
              topic,
              woocommerce: { topic, resource, event, id, delivery: null, reconciled: true, modified: modifiedOf(payload), attempt },
            });
          };
          for (const o of result?.orders ?? []) out(o.order, o.topic, typeof o.order.id === 'number' ? o.order.id : null, o.attempt);
          // confirmation: pending resources not confirmed within the hand-over time come again
          const again = confirmOn ? await resendPending({ client: shop.client(), deduper, accepts }) : undefined;
          if (closed) return;
          for (const r of again?.resent ?? []) out(r.body, r.topic, r.id, r.attempt);
          for (const g of again?.gone ?? []) node.warn(`${g.resource} #${g.id} was pending but the shop no longer has it: no longer tracked`);
          // new orders found by the listing, and what was handed on again (by the listing or the sweep)
          const fresh = (result?.orders ?? []).filter((o) => o.attempt === 1).length;
          const repeated = (result?.orders ?? []).length - fresh + (again?.resent.length ?? 0);
          const parts: string[] = [];
          if (result) parts.push(st(fresh === 1 ? 'reconciledOne' : 'reconciled', { count: fresh }));
          if (repeated > 0) parts.push(st('sentAgain', { count: repeated }));
          await showStatus(parts.join(', '), repeated > 0 ? 'yellow' : 'green');
          done?.();
        } catch (err) {
          const e = nodeError(err, 'reconciliation');
          node.status({ fill: 'red', shape: 'ring', text: st('reconcileFailed', { code: e.code }) });
          if (done) done(e);
          else node.error(e, { payload: undefined, error: { code: e.code } } as NodeMessage);
        } finally {
          polling = undefined;
        }
      })();
      return polling;
    };
    if (reconcileOn || confirmOn) {
      timer = setInterval(() => void poll(), intervalMs);
      setImmediate(() => {
        if (!closed) void poll();
      });
    }
    node.on('input', (msg, _send, done) => {
      // a msg carrying msg.woocommerce as this node emitted it confirms that resource as handed over
      const w = msg.woocommerce;
      if (typeof w === 'object' && w !== null && !Array.isArray(w)) {
        const c = w as Record<string, unknown>;
        const id = typeof c.id === 'number' ? c.id : typeof c.id === 'string' && /^\d+$/.test(c.id) ? Number(c.id) : NaN;
        if (typeof c.resource === 'string' && c.resource !== '' && Number.isSafeInteger(id)) {
          const modified = typeof c.modified === 'string' ? c.modified : null;
          deduper
            .confirm(c.resource, id, modified)
            .then(async (confirmed) => {
              if (confirmed) showFrequent(st('confirmed', { resource: c.resource as string, id }));
              done();
            })
            .catch((err: unknown) => done(nodeError(err, 'confirmation')));
          return;
        }
      }
      // any other msg starts a reconciliation poll now
      if (!ordersAccepted && !confirmOn) {
        done();
        return;
      }
      void poll(msg, done);
    });
    node.status({ fill: 'grey', shape: 'ring', text: st('listening', { path: routePath }) });
    if (confirmOn) void showStatus(undefined, 'grey');

    node.on('close', (_removed, done) => {
      closed = true;
      if (statusTimer) clearTimeout(statusTimer);
      forgetRoute();
      if (timer) clearInterval(timer);
      const stack = RED.httpNode._router?.stack ?? RED.httpNode.router?.stack;
      if (stack) {
        for (let i = stack.length - 1; i >= 0; i--) {
          const r = stack[i].route;
          if (r && r.path === routePath && r.stack?.some((l) => l.handle === handler)) stack.splice(i, 1);
        }
      }
      const finish = (): void => done();
      if (polling) void polling.then(finish, finish);
      else finish();
    });
  }
  RED.nodes.registerType('woocommerce-in', WooInNode);

  // ---- woocommerce-out --------------------------------------------------------------------------

  function WooOutNode(this: OutNode, n: OutDef): void {
    RED.nodes.createNode(this, n);
    setupOut(this, n);
  }

  function setupOut(node: OutNode, n: OutDef): void {
    const shop = storeOf(node, n.store);
    const configured = String(n.resource ?? 'products') as Resource;
    const unknownSku = n.unknownSku === 'skip' ? 'skip' : 'fail';
    if (shop) node.storeNode = shop;

    /** One msg being answered: `early` once done() was called while its records were held. */
    interface Pending {
      msg: NodeMessage;
      send: SendFn;
      done: DoneFn;
      early: boolean;
    }
    const failure = (err: unknown): Error & { code?: string } => {
      const e = err instanceof WooError ? nodeError(err, `woocommerce-out ${configured}`) : (err as Error & { code?: string });
      if (!(err instanceof WooError) && !e.code) Object.assign(e, { code: 'error' });
      return e;
    };
    // changed records of several msgs (a split file's, or msgs close together) share batch calls
    const batcher = new PushBatcher<Pending>({
      context: (force) => {
        if (!shop) throw Object.assign(new Error('woocommerce-out: no shop configured'), { code: 'config' });
        return {
          client: shop.client(),
          store: contextStore(node, n.scope, shop.contextStore),
          prefix: shopPrefix(shop.url),
          force,
          unknownSku,
          onBatch: (i, of) => node.status({ fill: 'blue', shape: 'dot', text: st('batch', { index: i, of }) }),
        };
      },
      onResult: (p, result) => {
        const { msg } = p;
        const summary = {
          resource: result.resource,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          failed: result.failed.length,
          skipped: result.skipped,
          calls: result.calls,
        };
        const failedMsg = result.failed.length > 0 ? { ...RED.util.cloneMessage(msg), payload: result.failed, woocommerce: summary } : null;
        msg.payload = result.ok;
        msg.woocommerce = summary;
        const parts = [st('created', { count: result.created }), st('updated', { count: result.updated }), st('unchanged', { count: result.unchanged })];
        if (result.failed.length > 0) parts.push(st('failedCount', { count: result.failed.length }));
        if (result.skipped > 0) parts.push(st('skipped', { count: result.skipped }));
        node.status({ fill: result.failed.length > 0 ? 'yellow' : 'green', shape: 'dot', text: `${result.resource}: ${parts.join(', ')}` });
        p.send([msg, failedMsg]);
        if (!p.early) p.done();
      },
      onError: (p, err) => {
        const e = failure(err);
        node.status({ fill: 'red', shape: 'ring', text: st('failed', { code: String(e.code) }) });
        // a msg already done() (held with its file's other msgs) reaches Catch nodes by node.error
        if (p.early) node.error(e, p.msg);
        else p.done(e);
      },
    });

    node.on('input', (msg, send, done) => {
      let resource: Resource;
      let records: unknown[];
      try {
        if (!shop) throw Object.assign(new Error('woocommerce-out: no shop configured'), { code: 'config' });
        resource = (typeof msg.resource === 'string' && RESOURCES.includes(msg.resource as Resource) ? msg.resource : configured) as Resource;
        if (!RESOURCES.includes(resource)) throw Object.assign(new Error(`woocommerce-out: unknown resource "${resource}"`), { code: 'config' });
        const p = msg.payload;
        if (p === undefined || p === null) records = [];
        else if (Array.isArray(p)) records = p;
        else if (typeof p === 'object') records = [p];
        else throw Object.assign(new Error(`woocommerce-out: msg.payload must be a record or an array of records, not ${typeof p}`), { code: 'invalid_payload' });
      } catch (err) {
        const e = failure(err);
        node.status({ fill: 'red', shape: 'ring', text: st('failed', { code: String(e.code) }) });
        done(e);
        return;
      }
      const parts = msg.parts as { id?: unknown; index?: unknown; count?: unknown } | undefined;
      const sequence =
        parts && typeof parts === 'object' && typeof parts.id === 'string' && typeof parts.index === 'number'
          ? { id: parts.id, last: typeof parts.count === 'number' && parts.index >= parts.count - 1 }
          : undefined;
      const pending: Pending = { msg, send, done, early: false };
      void batcher.submit({ resource, records, force: msg.force === true, sequence, tag: pending }).then((state) => {
        if (state === 'held') {
          node.status({ fill: 'blue', shape: 'ring', text: st('held', { count: batcher.heldRecords }) });
          // a msg of a split file is done when its records are held: the file's next msgs may come
          // (flow control upstream waits for done()); its answer follows with the batch
          if (sequence) {
            pending.early = true;
            done();
          }
        }
      });
    });
    node.on('close', (_removed, done) => {
      void batcher.close().then(
        () => done(),
        () => done(),
      );
    });
  }
  RED.nodes.registerType('woocommerce-out', WooOutNode);
};
