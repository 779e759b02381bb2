/**
 * The woocommerce-in node: the shop's signed webhooks on an HTTP path (checked and deduped by
 * lib/shop/woocommerce), the reconciliation poll, confirmations of handed-over resources wired
 * back to its input, and its status with the pending count.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Deduper, answerJson, modifiedOf, receiveWebhook, reconcileOrders, resendPending, shopPrefix } from '../../lib/shop/woocommerce';
import { keepRawBody } from '../raw-body';
import { booleanProperty, numberProperty, type Done, type NodeAPI, type NodeMessage, type NodeStatus } from '../red';
import { contextStore, nodeError, type InDef, type ShopUserNode, type StatusText, type StoreNode } from './shared';

const DEFAULT_TOPICS = 'order.created,order.updated,customer.created,customer.updated';
const DEFAULT_MAX_BODY_KB = 1024;
const DEFAULT_HANDOVER_MIN = 5;
/** Least time between two statuses of woocommerce-in for webhooks and confirmations, ms. */
const STATUS_MS = 250;

interface RouterLayer {
  route?: { path?: string; stack?: { handle?: unknown }[] };
}

export function setupIn(RED: NodeAPI, st: StatusText, node: ShopUserNode, n: InDef, shop: StoreNode | undefined): void {
  let routePath = String(n.path ?? '').trim();
  if (!routePath.startsWith('/')) routePath = `/${routePath}`;
  const topics = new Set(
    String(n.topics ?? DEFAULT_TOPICS)
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  );
  const accepts = (topic: string): boolean => topics.has(topic) || topics.has(`${topic.split('.')[0]}.*`) || topics.has('*');
  const maxBody = Math.round(numberProperty(n.maxBodyKb, DEFAULT_MAX_BODY_KB, 1) * 1024);
  const reconcileOn = booleanProperty(n.reconcile, false) && (accepts('order.created') || accepts('order.updated'));
  const intervalMs = numberProperty(n.interval, 1, 0.01) * 60_000;
  // a flow deployed before the option existed has no `confirm`: it keeps handing on without it
  const confirmOn = booleanProperty(n.confirm, false);
  const handOverMs = numberProperty(n.handover, DEFAULT_HANDOVER_MIN, 0) * 60_000;
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
  // the text may be a function: only the shown one is made (a translated text per confirmation
  // cost more than the confirmation's store writes)
  let latest: [string | (() => string) | undefined, NodeStatus['fill']] | undefined;
  const showFrequent = (text: string | (() => string) | undefined, fill: NodeStatus['fill'] = 'green'): void => {
    latest = [text, fill];
    if (statusTimer) return;
    const wait = statusAt + STATUS_MS - Date.now();
    const show = (): void => {
      statusTimer = undefined;
      statusAt = Date.now();
      const [t, f] = latest ?? [undefined, 'green'];
      latest = undefined;
      void showStatus(typeof t === 'function' ? t() : t, f);
    };
    if (wait <= 0) show();
    else statusTimer = setTimeout(show, wait);
  };
  const emitted = (resource: string, id: number | null, attempt: number): void => {
    if (attempt > 1) {
      node.warn(`${resource} #${id ?? '?'} handed on again (attempt ${attempt}): not confirmed within ${handOverText}. Wire the end of the flow back to this node's input, or untick "Confirm".`);
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        const r = await receiveWebhook(req, res, { maxBody, secret: shop.credentials?.webhookSecret ?? '', accepts, deduper });
        if (r.kind === 'problem') {
          node.status(r.problem === 'noWebhookSecret' ? { fill: 'red', shape: 'ring', text: st('noWebhookSecret') } : { fill: 'yellow', shape: 'ring', text: st('badSignature') });
          return;
        }
        if (r.kind !== 'delivery' || closed) return;
        emitted(r.deliveredResource, r.id, r.attempt);
        node.send({
          payload: r.body,
          topic: r.topic,
          woocommerce: { topic: r.topic, resource: r.resource, event: r.event, id: r.id, delivery: r.delivery, reconciled: false, modified: r.modified, attempt: r.attempt },
        });
        showFrequent(`${r.topic} #${r.id ?? '?'}`, r.attempt > 1 ? 'yellow' : 'green');
      } catch (err) {
        const e = nodeError(err, 'webhook');
        node.error(e);
        answerJson(res, 500, { error: e.code, message: 'The webhook could not be handled.' });
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
  const poll = (msg?: NodeMessage, done?: Done): Promise<void> => {
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
        else node.error(e, { payload: undefined, error: { code: e.code } });
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
            if (confirmed) showFrequent(() => st('confirmed', { resource: c.resource as string, id }));
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

  node.on('close', (_removed: boolean, done: () => void) => {
    closed = true;
    if (statusTimer) clearTimeout(statusTimer);
    forgetRoute();
    if (timer) clearInterval(timer);
    const app = RED.httpNode as unknown as { _router?: { stack: RouterLayer[] }; router?: { stack: RouterLayer[] } };
    const stack = app._router?.stack ?? app.router?.stack;
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
