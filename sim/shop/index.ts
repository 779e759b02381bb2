/**
 * A simulated WooCommerce shop for the demo (`npm start`) and the end-to-end tests: the REST API v3
 * subset a Pyramid integration uses, signed webhooks with retries, and a web page. A flow written
 * against it works against a real shop after changing the URL and the keys.
 *
 * Besides the REST API it serves:
 *   GET  /                       the shop page (products, orders with Pyramid number/tracking, webhooks)
 *   POST /sim/test-order         place a paid test order via the checkout (303 to /, or JSON with
 *                                `Accept: application/json`)
 *   POST /sim/redeliver/:orderId deliver the order again to the webhooks on `?topic=` (default
 *                                order.created), as an at-least-once shop may
 *   GET  /sim/deliveries         every webhook delivery attempt (JSON)
 *   GET  /sim/calls              REST calls counted by route; DELETE (or POST /sim/calls/reset) resets
 *   POST /sim/faults             inject a fault rule ({status, count|rate, retryAfter, when, route,
 *                                method}); GET lists the active rules, DELETE clears them
 *   POST /sim/webhooks/drop      lose the next `count` webhook deliveries (`topic` optional)
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getProduct, productView } from './catalog';
import { customerView, getCustomer } from './customers';
import { CallCounter, FaultInjector, type FaultRule } from './faults';
import { RestError, escapeHtml, readBody, sendHtml, sendJson } from './http';
import { getOrder, orderView } from './orders';
import { placeTestOrder } from './checkout';
import { renderPage } from './page';
import { REST_PREFIX, handleRest } from './rest';
import { seedDemoCatalogue } from './seed';
import { type OrderRecord, type Resource, ShopState } from './state';
import {
  type DeliveryOptions,
  type DeliveryRecord,
  WEBHOOK_TOPICS,
  WebhookDispatcher,
  createWebhook,
} from './webhooks';

export { ShopState } from './state';
export type { OrderRecord, ProductRecord, CustomerRecord, WebhookRecord, ShopEvent } from './state';
export type { DeliveryOptions, DeliveryRecord } from './webhooks';
export type { FaultRule } from './faults';
export { sign as signWebhookBody } from './webhooks';
export { PYRAMID_META } from './page';

export interface ConfiguredWebhook {
  topic: 'order.created' | 'order.updated' | 'order.deleted' | 'product.created' | 'product.updated' | 'product.deleted' | 'customer.created' | 'customer.updated' | 'customer.deleted';
  deliveryUrl: string;
  secret: string;
  name?: string;
}

export interface ShopOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  consumerKey: string;
  consumerSecret: string;
  /** Webhooks that exist from the start (they also show under GET /webhooks). */
  webhooks?: ConfiguredWebhook[];
  /** Receives one line per request and per webhook delivery attempt; never secrets. */
  log?: (line: string) => void;
  shopName?: string;
  /** The site time zone for `date_*` fields and query dates; default Europe/Stockholm. */
  timeZone?: string;
  /** Whether product prices include VAT (a Swedish consumer shop: yes, the default). */
  pricesIncludeTax?: boolean;
  /** Start with a small Swedish demo catalogue instead of an empty shop. */
  seed?: boolean;
  /** Webhook retry and failure policy; defaults: 3 retries from 1 s doubling up to 30 s, 30 s timeout, 5. */
  webhookDelivery?: Partial<DeliveryOptions>;
  /** Fault rules active from the start (test aid; see faults.ts and POST /sim/faults). */
  faults?: FaultRule[];
}

export interface Shop {
  /** Base URL, e.g. http://127.0.0.1:40123 (the REST API is under /wp-json/wc/v3). */
  readonly url: string;
  readonly port: number;
  /** The shop's data, for tests and the demo to inspect. */
  readonly state: ShopState;
  /** Every webhook delivery attempt so far, newest last. */
  readonly deliveries: readonly DeliveryRecord[];
  /** The page's "Place test order": a paid order through the checkout, firing order.created. */
  placeTestOrder(): OrderRecord;
  /** Delivers an order again to the active webhooks on the topic; returns the new delivery ids. */
  redeliver(orderId: number, topic?: string): string[];
  /** Resolves once all queued webhook deliveries (with retries) are done. */
  whenWebhooksIdle(): Promise<void>;
  /** REST calls so far, counted by route (`GET products`, `POST products/batch`, ...). */
  calls(): { total: number; byRoute: Record<string, number> };
  resetCalls(): void;
  /** Answers matching REST requests with a fault (429/500/502/503); see faults.ts. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Faults answered so far, by status. */
  readonly faultsAnswered: Readonly<Record<string, number>>;
  /** Loses the next `count` webhook deliveries (on `topic`, or any). */
  dropWebhooks(count: number, topic?: string): void;
  close(): Promise<void>;
}

const DEFAULT_DELIVERY: DeliveryOptions = {
  retries: 3,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  timeoutMs: 30_000,
  maxFailures: 5,
};

function payloadFor(state: ShopState, resource: Resource, id: number): unknown {
  // What WooCommerce would get from its own REST API for the resource; an error body if it is gone.
  try {
    if (resource === 'order') return orderView(state, getOrder(state, id));
    if (resource === 'product') return productView(state, getProduct(state, id));
    return customerView(state, getCustomer(state, id));
  } catch (err) {
    if (err instanceof RestError) return err.toJSON();
    throw err;
  }
}

export async function createShop(options: ShopOptions): Promise<Shop> {
  if (!options.consumerKey || !options.consumerSecret) {
    throw new Error('createShop: consumerKey and consumerSecret are required');
  }
  const log = options.log ?? (() => undefined);
  const state = new ShopState({
    shopName: options.shopName ?? 'Demobutiken',
    timeZone: options.timeZone ?? 'Europe/Stockholm',
    currency: 'SEK',
    pricesIncludeTax: options.pricesIncludeTax ?? true,
    apiUserName: 'Pyramid Connect',
  });
  const dispatcher = new WebhookDispatcher(
    state,
    { ...DEFAULT_DELIVERY, ...options.webhookDelivery },
    (resource, id) => payloadFor(state, resource, id),
    log,
  );
  for (const hook of options.webhooks ?? []) {
    if (!WEBHOOK_TOPICS.includes(hook.topic)) throw new Error(`createShop: unsupported webhook topic "${hook.topic}"`);
    try {
      createWebhook(
        state,
        { topic: hook.topic, delivery_url: hook.deliveryUrl, secret: hook.secret, name: hook.name ?? `Configured: ${hook.topic}` },
        true,
      );
    } catch (err) {
      throw new Error(`createShop: webhook ${hook.topic}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
  const credentials = { consumerKey: options.consumerKey, consumerSecret: options.consumerSecret };
  const faults = new FaultInjector();
  for (const rule of options.faults ?? []) faults.add(rule);
  const calls = new CallCounter();

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof RestError && !res.headersSent) {
        sendJson(res, err.status, err.toJSON());
        return;
      }
      // The path only: a query string may carry consumer_secret.
      const path = (req.url ?? '/').split('?')[0];
      log(`error: ${req.method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 'internal_server_error', message: 'Internal error', data: { status: 500 } });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', state.baseUrl);
    const path = url.pathname;
    if (path === REST_PREFIX || path.startsWith(`${REST_PREFIX}/`)) {
      await handleRest(req, res, path.slice(REST_PREFIX.length + 1), url, { state, dispatcher, credentials, log, faults, calls });
      return;
    }
    const restRoute = url.searchParams.get('rest_route');
    if (path === '/' && restRoute !== null) {
      // Sites without pretty permalinks expose the API as /?rest_route=/wc/v3/...
      const prefix = '/wc/v3/';
      await handleRest(req, res, restRoute.startsWith(prefix) ? restRoute.slice(prefix.length) : '\u0000', url, {
        state,
        dispatcher,
        credentials,
        log,
        faults,
        calls,
      });
      return;
    }
    const method = req.method ?? 'GET';
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const message = url.searchParams.get('msg') ?? undefined;
      sendHtml(res, 200, renderPage(state, dispatcher.deliveries, { page: Number.isFinite(page) ? page : 1, message }));
      return;
    }
    if (path === '/sim/test-order' && method === 'POST') {
      await readBody(req, 64 * 1024);
      const wantsJson = (req.headers.accept ?? '').includes('application/json');
      try {
        const order = placeTestOrder(state);
        log(`test order #${order.id} placed`);
        if (wantsJson) sendJson(res, 201, orderView(state, order));
        else redirect(res, `/?msg=${encodeURIComponent(`Test order #${order.id} placed.`)}`);
      } catch (err) {
        if (!(err instanceof RestError)) throw err;
        if (wantsJson) sendJson(res, err.status, err.toJSON());
        else redirect(res, `/?msg=${encodeURIComponent(err.message)}`);
      }
      return;
    }
    const redeliver = /^\/sim\/redeliver\/(\d+)$/.exec(path);
    if (redeliver && method === 'POST') {
      await readBody(req, 64 * 1024);
      const orderId = Number(redeliver[1]);
      const topic = url.searchParams.get('topic') ?? 'order.created';
      if (!state.orders.has(orderId)) {
        sendJson(res, 404, new RestError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404).toJSON());
        return;
      }
      if (!topic.startsWith('order.') || !WEBHOOK_TOPICS.includes(topic)) {
        sendJson(res, 400, new RestError('sim_invalid_topic', `Cannot redeliver an order on topic "${topic}".`, 400).toJSON());
        return;
      }
      const deliveries = dispatcher.redeliver(topic, orderId);
      log(`redelivery of order #${orderId} on ${topic} to ${deliveries.length} webhook(s)`);
      sendJson(res, 202, { order_id: orderId, topic, delivery_ids: deliveries });
      return;
    }
    if (path === '/sim/deliveries' && method === 'GET') {
      sendJson(res, 200, dispatcher.deliveries);
      return;
    }
    if (path === '/sim/calls' && method === 'GET') {
      sendJson(res, 200, calls.snapshot());
      return;
    }
    if ((path === '/sim/calls' && method === 'DELETE') || (path === '/sim/calls/reset' && method === 'POST')) {
      await readBody(req, 64 * 1024);
      calls.reset();
      sendJson(res, 200, calls.snapshot());
      return;
    }
    if (path === '/sim/faults') {
      if (method === 'GET') {
        sendJson(res, 200, { rules: faults.list(), answered: faults.answered });
        return;
      }
      if (method === 'DELETE') {
        await readBody(req, 64 * 1024);
        faults.clear();
        sendJson(res, 200, { rules: [] });
        return;
      }
      if (method === 'POST') {
        const rules = simJson(await readBody(req, 64 * 1024));
        try {
          for (const rule of Array.isArray(rules) ? rules : [rules]) faults.add(rule as FaultRule);
        } catch (err) {
          sendJson(res, 400, new RestError('sim_invalid_fault', err instanceof Error ? err.message : String(err), 400).toJSON());
          return;
        }
        sendJson(res, 201, { rules: faults.list() });
        return;
      }
    }
    if (path === '/sim/webhooks/drop' && method === 'POST') {
      const body = simJson(await readBody(req, 64 * 1024)) as { count?: unknown; topic?: unknown } | null;
      const count = body?.count === undefined ? 1 : Number(body.count);
      try {
        dispatcher.drop(count, typeof body?.topic === 'string' ? body.topic : undefined);
      } catch (err) {
        sendJson(res, 400, new RestError('sim_invalid_drop', err instanceof Error ? err.message : String(err), 400).toJSON());
        return;
      }
      sendJson(res, 202, { pending: dispatcher.pendingDrops });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' });
    res.end(`<!DOCTYPE html><meta charset="utf-8"><title>Not found</title><p>Nothing at ${escapeHtml(path)}.</p>`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.baseUrl = `http://${host}:${address.port}`;
  if (options.seed) seedDemoCatalogue(state);

  let closing: Promise<void> | undefined;
  return {
    url: state.baseUrl,
    port: address.port,
    state,
    get deliveries() {
      return dispatcher.deliveries;
    },
    placeTestOrder: () => placeTestOrder(state),
    redeliver: (orderId, topic = 'order.created') => {
      getOrder(state, orderId);
      return dispatcher.redeliver(topic, orderId);
    },
    whenWebhooksIdle: () => dispatcher.whenIdle(),
    calls: () => calls.snapshot(),
    resetCalls: () => calls.reset(),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    get faultsAnswered() {
      return faults.answered;
    },
    dropWebhooks: (count, topic) => dispatcher.drop(count, topic),
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await dispatcher.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

/** A simulator endpoint's JSON body (empty -> {}); malformed JSON is answered 400 by the caller's catch. */
function simJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new RestError('rest_invalid_json', 'Invalid JSON body passed.', 400);
  }
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': '0' });
  res.end();
}
