/**
 * Reconciliation: orders created or modified since the last one seen, so a webhook the shop never
 * delivered (or that was refused while Node-RED was down) never loses an order.
 *
 * Each poll asks `GET orders?modified_after=<cursor - overlap>&dates_are_gmt=true&orderby=modified
 * &order=asc`, page by page (100 per page), and hands each order to the deduper shared with the
 * webhook receiver: an order whose state was already handed on (by a webhook or an earlier poll) is
 * skipped; one never seen comes as `order.created`, a newer state of a known one as `order.updated`.
 * The cursor (the newest `date_modified_gmt` seen) is kept in the store, so a restart goes on where
 * the last poll ended; with no cursor yet, the first poll starts `initialLookbackMs` before now.
 * The overlap (default 60 s) covers clock skew and orders saved in the same second as the cursor.
 */
import type { WooClient } from './client';
import type { KeyValueStore } from './store';
import { WooError } from './errors';
import { type Deduper, modifiedOf } from './webhook';

export interface ReconcileOptions {
  client: WooClient;
  store: KeyValueStore;
  prefix: string;
  deduper: Deduper;
  /** Whether the node hands on orders on this topic (order.created / order.updated). */
  accepts: (topic: string) => boolean;
  overlapMs?: number;
  initialLookbackMs?: number;
  now?: () => number;
}

export interface ReconciledOrder {
  topic: string;
  order: Record<string, unknown>;
  /** 1, or 2+ when a pending order not confirmed in time is handed on again. */
  attempt: number;
}

export interface ReconcileResult {
  /** Orders not seen before (in modification order). */
  orders: ReconciledOrder[];
  /** Orders the shop listed (including those already seen). */
  scanned: number;
  calls: number;
  /** The cursor after this poll (ISO 8601, GMT). */
  cursor: string;
}

export async function reconcileOrders(o: ReconcileOptions): Promise<ReconcileResult> {
  const now = o.now ?? Date.now;
  const startCalls = o.client.calls;
  const key = `${o.prefix}cursor_orders`;
  const stored = await o.store.get(key);
  let cursor = typeof stored === 'string' && !Number.isNaN(Date.parse(stored)) ? Date.parse(stored) : now() - (o.initialLookbackMs ?? 5 * 60_000);
  const since = new Date(Math.max(0, cursor - (o.overlapMs ?? 60_000))).toISOString().slice(0, 19);
  const list = await o.client.list<Record<string, unknown>>('orders', {
    modified_after: since,
    dates_are_gmt: true,
    orderby: 'modified',
    order: 'asc',
  });
  const orders: ReconciledOrder[] = [];
  for (const order of list) {
    const id = typeof order.id === 'number' ? order.id : null;
    const modified = modifiedOf(order);
    const ms = modified ? Date.parse(modified) : NaN;
    if (!Number.isNaN(ms) && ms > cursor) cursor = ms;
    if (id === null) continue;
    // only a topic the node hands on is recorded as seen
    const known = await o.deduper.wasSeen('order', id);
    const topic = known ? 'order.updated' : 'order.created';
    if (!o.accepts(topic)) continue;
    const d = await o.deduper.decide('order', id, null, modified, topic);
    if (d.verdict) orders.push({ topic: d.topic ?? topic, order, attempt: d.attempt });
  }
  const iso = new Date(cursor).toISOString();
  await o.store.set(key, iso);
  return { orders, scanned: list.length, calls: o.client.calls - startCalls, cursor: iso };
}

export interface ResentResource {
  topic: string;
  resource: string;
  id: number;
  /** The resource as the shop has it now (a deleted one: `{id}` as WooCommerce's delete webhook sends). */
  body: Record<string, unknown>;
  attempt: number;
}

export interface ResendResult {
  resent: ResentResource[];
  /** Pending resources the shop no longer has: no longer tracked. */
  gone: { resource: string; id: number }[];
  calls: number;
}

const ROUTES: Record<string, string> = { order: 'orders', customer: 'customers', product: 'products', coupon: 'coupons' };

/**
 * Confirmation mode: the pending resources whose hand-over time ran out, read again from the shop
 * (orders in lists of up to 100 by `include=`, others one GET each), to be handed on again. A
 * resource the shop no longer has (404, or missing from the list) is dropped from the pending set
 * and reported in `gone`. An error of the shop (unreachable) leaves them pending for the next poll.
 * `accepts` (the node's topics) keeps a node from handing on what another node of the same shop
 * handed on: the customers node resending pending orders into the customer flow lost them for
 * Pyramid (measured in the kill test before this).
 */
export async function resendPending(o: { client: WooClient; deduper: Deduper; accepts?: (topic: string) => boolean }): Promise<ResendResult> {
  const startCalls = o.client.calls;
  // only what this node hands on: the pending index is shared by every node of the shop
  const accepts = o.accepts;
  const due = await o.deduper.overdue(accepts ? (_resource, topic) => accepts(topic) : undefined);
  const resent: ResentResource[] = [];
  const gone: ResendResult['gone'] = [];
  const fetched = new Map<string, Record<string, unknown>>();
  const orderIds = due.filter((e) => e.resource === 'order' && !e.topic.endsWith('.deleted')).map((e) => e.id);
  for (let i = 0; i < orderIds.length; i += 100) {
    const group = orderIds.slice(i, i + 100);
    const list = await o.client.list<Record<string, unknown>>('orders', { include: group.join(','), status: 'any' });
    for (const order of list) if (typeof order.id === 'number') fetched.set(`order_${order.id}`, order);
  }
  for (const e of due) {
    let body: Record<string, unknown> | undefined;
    if (e.topic.endsWith('.deleted')) body = { id: e.id };
    else if (e.resource === 'order') body = fetched.get(`order_${e.id}`);
    else if (ROUTES[e.resource]) {
      try {
        body = (await o.client.request<Record<string, unknown>>('GET', `${ROUTES[e.resource]}/${e.id}`)).body;
      } catch (err) {
        if (!(err instanceof WooError && err.status === 404)) throw err;
      }
    }
    if (!body || typeof body !== 'object') {
      await o.deduper.drop(e.resource, e.id);
      gone.push({ resource: e.resource, id: e.id });
      continue;
    }
    await o.deduper.noteModified(e.resource, e.id, modifiedOf(body));
    resent.push({ topic: e.topic, resource: e.resource, id: e.id, body, attempt: e.attempt });
  }
  return { resent, gone, calls: o.client.calls - startCalls };
}
