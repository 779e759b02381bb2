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
  topic: 'order.created' | 'order.updated';
  order: Record<string, unknown>;
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
    const verdict = await o.deduper.accept('order', id, null, modified);
    if (verdict) orders.push({ topic, order });
  }
  const iso = new Date(cursor).toISOString();
  await o.store.set(key, iso);
  return { orders, scanned: list.length, calls: o.client.calls - startCalls, cursor: iso };
}
