/**
 * The shop's in-memory data: records in WooCommerce's own vocabulary, the ID sequences WordPress
 * keeps (products, variations and orders share the posts sequence), and the change events that
 * webhooks subscribe to.
 */
import { RestError } from './http';
import {
  MetaEntry,
  ImageRecord,
  ProductRecord,
  CategoryRecord,
  Address,
  BillingAddress,
  CustomerRecord,
  OrderRecord,
  WebhookRecord,
  Resource,
  ResourceEvent,
  ShopEvent,
  ShopSettings,
} from './records';
export { MetaEntry, Dimensions, ImageRecord, ProductAttribute, ProductType, StockStatus, Backorders, TaxStatus, ProductRecord, CategoryRecord, Address, BillingAddress, CustomerRecord, ItemMeta, LineItem, ShippingLine, FeeLine, OrderNote, OrderStatus, OrderRecord, WebhookStatus, WebhookRecord, Resource, ResourceEvent, ShopEvent, ShopSettings } from './records';

type IdSequence = 'post' | 'user' | 'term' | 'comment' | 'meta' | 'item' | 'webhook';

export class ShopState {
  readonly products = new Map<number, ProductRecord>();
  readonly categories = new Map<number, CategoryRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly webhooks = new Map<number, WebhookRecord>();
  /** The media library (images attached to products), sharing the posts ID sequence. */
  readonly images = new Map<number, ImageRecord>();
  /** The shop's public base URL, without a trailing slash; known once the server listens. */
  baseUrl = '';

  // WordPress starts with a few posts and users of its own; products get IDs from 10 on.
  private readonly sequences: Record<IdSequence, number> = {
    post: 9,
    user: 1,
    term: 14,
    comment: 0,
    meta: 0,
    item: 0,
    webhook: 0,
  };
  private readonly listeners: ((e: ShopEvent) => void)[] = [];

  /** The "Uncategorized" category WooCommerce creates on install and gives to uncategorised products. */
  readonly defaultCategoryId: number;

  constructor(readonly settings: ShopSettings) {
    this.defaultCategoryId = this.nextId('term');
    this.categories.set(this.defaultCategoryId, {
      id: this.defaultCategoryId,
      name: 'Uncategorized',
      slug: 'uncategorized',
      parent: 0,
      description: '',
      menuOrder: 0,
    });
  }

  nextId(sequence: IdSequence): number {
    this.sequences[sequence] += 1;
    return this.sequences[sequence];
  }

  onChange(listener: (e: ShopEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(resource: Resource, event: ResourceEvent, id: number): void {
    for (const l of this.listeners) l({ resource, event, id });
  }

  /** A product or variation by SKU, compared as MySQL's case-insensitive collation does; trash excluded. */
  findBySku(sku: string, exceptId = 0): ProductRecord | undefined {
    const wanted = sku.trim().toLowerCase();
    if (!wanted) return undefined;
    for (const p of this.products.values()) {
      if (p.id !== exceptId && p.status !== 'trash' && p.sku.toLowerCase() === wanted) return p;
    }
    return undefined;
  }

  variationsOf(parentId: number): ProductRecord[] {
    return [...this.products.values()].filter((p) => p.kind === 'variation' && p.parentId === parentId);
  }

  /** WordPress-style meta update: replace the value of the entry with that id or key, else add one. */
  updateMeta(meta: MetaEntry[], entries: readonly { id?: number; key?: string; value?: unknown }[]): void {
    for (const e of entries) {
      if (typeof e.key !== 'string' || e.key === '') continue;
      const existing = (e.id ? meta.find((m) => m.id === e.id) : undefined) ?? meta.find((m) => m.key === e.key);
      if (existing) {
        existing.key = e.key;
        existing.value = e.value ?? '';
      } else meta.push({ id: this.nextId('meta'), key: e.key, value: e.value ?? '' });
    }
  }
}

export function emptyAddress(): Address {
  return {
    first_name: '',
    last_name: '',
    company: '',
    address_1: '',
    address_2: '',
    city: '',
    state: '',
    postcode: '',
    country: '',
    phone: '',
  };
}

export function emptyBilling(): BillingAddress {
  return { ...emptyAddress(), email: '' };
}

/** Latest value of a meta key as text ('' when absent). */
export function metaText(meta: readonly MetaEntry[], key: string): string {
  const entry = meta.find((m) => m.key === key);
  if (!entry || entry.value === null || entry.value === undefined) return '';
  return typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value);
}

const ACCENTS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

/** WordPress's `sanitize_title`: accents removed (å -> a, ö -> o), lowercase, dashes. */
export function sanitizeTitle(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæøœđłþð]/g, (c) => ACCENTS[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 _-]/g, '')
    .trim()
    .replace(/[\s]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Folds text for searching as MySQL's utf8mb4_unicode_ci compares it (case and accents ignored). */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæøœđłþð]/g, (c) => ACCENTS[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** A list's `orderby` and `order`. */
export interface ListOrder {
  orderby: string;
  order: 'asc' | 'desc';
}

/** A list's `include` (keep only these, when not empty) and `exclude` ids. */
export interface IdFilter {
  include?: number[];
  exclude?: number[];
}

export function matchesIds(id: number, q: IdFilter): boolean {
  return (!q.include || q.include.length === 0 || q.include.includes(id)) && !q.exclude?.includes(id);
}

/** A post list's `after`/`before` (creation) and `modified_after`/`modified_before`, epoch ms. */
export interface DateRange {
  after?: number;
  before?: number;
  modifiedAfter?: number;
  modifiedBefore?: number;
}

/** Whether a post's dates fall in the range, compared in whole seconds as WordPress stores them. */
export function inDateRange(post: { created: number; modified: number }, q: DateRange): boolean {
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  return (
    (q.after === undefined || seconds(post.created) > seconds(q.after)) &&
    (q.before === undefined || seconds(post.created) < seconds(q.before)) &&
    (q.modifiedAfter === undefined || seconds(post.modified) > seconds(q.modifiedAfter)) &&
    (q.modifiedBefore === undefined || seconds(post.modified) < seconds(q.modifiedBefore))
  );
}

/** A WordPress post that can go to the trash: a product, a variation or an order. */
export interface TrashablePost {
  id: number;
  status: string;
  modified: number;
}

/**
 * Moves a post to the trash as wp_trash_post does and fires its resource's `deleted` topic (the
 * topic hooks trashing: a forced delete does not fire it). A post already in the trash is refused
 * with WooCommerce's 410, naming the post type (`product`, `product_variation`, `order`).
 */
export function trashPost(state: ShopState, resource: 'product' | 'order', postType: string, post: TrashablePost): void {
  if (post.status === 'trash') {
    throw new RestError('woocommerce_rest_already_trashed', `The ${postType} has already been deleted.`, 410);
  }
  post.status = 'trash';
  post.modified = Date.now();
  state.emit(resource, 'deleted', post.id);
}
