/**
 * Webhooks as WooCommerce keeps them: topics, statuses, the REST schema, create/read/update/delete
 * with WooCommerce's URL and topic rules, queries and the REST view.
 */
import { randomBytes } from 'node:crypto';
import { formatGmt, formatLocal } from './dates';
import { RestError } from './http';
import {
  type IdFilter,
  type ListOrder,
  type ShopState,
  type WebhookRecord,
  type WebhookStatus,
  foldForSearch,
  matchesIds,
} from './state';
import { type Schema, s } from './validate';

export const WEBHOOK_TOPICS: readonly string[] = (['order', 'product', 'customer'] as const).flatMap((r) =>
  ['created', 'updated', 'deleted'].map((e) => `${r}.${e}`),
);
export const STATUSES: readonly WebhookStatus[] = ['active', 'paused', 'disabled'];

/** Matches WooCommerce's User-Agent format; the versions are the ones this simulator models. */
export const USER_AGENT = 'WooCommerce/9.4.0 Hookshot (WordPress/6.7.1)';

export const webhookProperties: Record<string, Schema> = {
  name: s.string(),
  status: s.string(STATUSES),
  topic: s.string(),
  delivery_url: s.string(),
  secret: s.string(),
};

export interface WebhookInput {
  name?: string;
  status?: WebhookStatus;
  topic?: string;
  delivery_url?: string;
  secret?: string;
}

export function validUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export const invalidTopic = (message: string): RestError =>
  new RestError('woocommerce_rest_shop_webhook_invalid_topic', message, 400);
export const invalidUrl = (): RestError =>
  new RestError(
    'woocommerce_rest_shop_webhook_invalid_delivery_url',
    'Webhook delivery URL must be a valid URL starting with http:// or https://.',
    400,
  );

export function generateSecret(): string {
  return randomBytes(36).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 50);
}

export function createWebhook(state: ShopState, input: WebhookInput, configured = false): WebhookRecord {
  const topic = (input.topic ?? '').toLowerCase().trim();
  if (!WEBHOOK_TOPICS.includes(topic)) throw invalidTopic('Webhook topic is required and must be valid.');
  if (!input.delivery_url || !validUrl(input.delivery_url)) throw invalidUrl();
  const now = Date.now();
  const w: WebhookRecord = {
    id: state.nextId('webhook'),
    name: input.name || `Webhook created on ${formatLocal(now, state.settings.timeZone).replace('T', ' ')}`,
    status: input.status ?? 'active',
    topic,
    deliveryUrl: input.delivery_url,
    secret: input.secret || generateSecret(),
    failureCount: 0,
    configured,
    created: now,
    modified: now,
  };
  state.webhooks.set(w.id, w);
  return w;
}

export function getWebhook(state: ShopState, id: number): WebhookRecord {
  const w = state.webhooks.get(id);
  if (!w) throw new RestError('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.', 404);
  return w;
}

export function updateWebhook(state: ShopState, id: number, input: WebhookInput): WebhookRecord {
  const existing = state.webhooks.get(id);
  if (!existing) throw new RestError('woocommerce_rest_shop_webhook_invalid_id', 'ID is invalid.', 400);
  const w = { ...existing };
  if (input.topic) {
    const topic = input.topic.toLowerCase().trim();
    if (!WEBHOOK_TOPICS.includes(topic)) throw invalidTopic('Webhook topic must be valid.');
    w.topic = topic;
  }
  if (input.delivery_url) {
    if (!validUrl(input.delivery_url)) throw invalidUrl();
    w.deliveryUrl = input.delivery_url;
  }
  if (input.secret) w.secret = input.secret;
  if (input.status) {
    // Re-activating starts a fresh failure count (the simulator's choice; WooCommerce only resets it
    // on a successful delivery).
    if (input.status === 'active' && w.status !== 'active') w.failureCount = 0;
    w.status = input.status;
  }
  if (input.name) w.name = input.name;
  w.modified = Date.now();
  state.webhooks.set(id, w);
  return w;
}

export function deleteWebhook(state: ShopState, id: number, force: boolean): WebhookRecord {
  if (!force) throw new RestError('woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.', 501);
  const w = state.webhooks.get(id);
  if (!w) throw new RestError('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.', 404);
  state.webhooks.delete(id);
  return w;
}

export function queryWebhooks(
  state: ShopState,
  q: IdFilter & ListOrder & { status: string; search?: string },
): WebhookRecord[] {
  const needle = q.search ? foldForSearch(q.search) : '';
  const dir = q.order === 'asc' ? 1 : -1;
  return [...state.webhooks.values()]
    .filter((w) => q.status === 'all' || w.status === q.status)
    .filter((w) => !needle || foldForSearch(w.name).includes(needle))
    .filter((w) => matchesIds(w.id, q))
    .sort((a, b) => {
      if (q.orderby === 'title') return a.name.localeCompare(b.name) * dir || (a.id - b.id) * dir;
      if (q.orderby === 'id') return (a.id - b.id) * dir;
      return (a.created - b.created || a.id - b.id) * dir;
    });
}

export function webhookView(state: ShopState, w: WebhookRecord, context: 'view' | 'edit'): Record<string, unknown> {
  const [resource, event] = w.topic.split('.');
  const tz = state.settings.timeZone;
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  return {
    id: w.id,
    name: w.name,
    status: w.status,
    topic: w.topic,
    resource,
    event,
    hooks: hooksFor(w.topic),
    delivery_url: w.deliveryUrl,
    ...(context === 'edit' ? { secret: w.secret } : {}),
    date_created: formatLocal(w.created, tz),
    date_created_gmt: formatGmt(w.created),
    date_modified: formatLocal(w.modified, tz),
    date_modified_gmt: formatGmt(w.modified),
    _links: { self: [{ href: `${base}/webhooks/${w.id}` }], collection: [{ href: `${base}/webhooks` }] },
  };
}

export function hooksFor(topic: string): string[] {
  const [resource, event] = topic.split('.');
  if (event === 'deleted') return resource === 'customer' ? ['delete_user'] : ['wp_trash_post'];
  if (resource === 'order') return event === 'created' ? ['woocommerce_new_order'] : ['woocommerce_update_order'];
  if (resource === 'customer') {
    return event === 'created' ? ['user_register', 'woocommerce_created_customer'] : ['profile_update'];
  }
  return event === 'created'
    ? ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation']
    : ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'];
}
