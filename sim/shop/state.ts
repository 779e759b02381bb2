/**
 * The shop's in-memory data: records in WooCommerce's own vocabulary, the ID sequences WordPress
 * keeps (products, variations and orders share the posts sequence), and the change events that
 * webhooks subscribe to.
 */
import { RestError } from './http';

export interface MetaEntry {
  id: number;
  key: string;
  value: unknown;
}

export interface Dimensions {
  length: string;
  width: string;
  height: string;
}

export interface ImageRecord {
  id: number;
  src: string;
  name: string;
  alt: string;
  created: number;
}

export interface ProductAttribute {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export type ProductType = 'simple' | 'variable' | 'grouped';
export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';
export type Backorders = 'no' | 'notify' | 'yes';
export type TaxStatus = 'taxable' | 'shipping' | 'none';

/** A product or a product variation (WordPress keeps both as posts with one ID sequence). */
export interface ProductRecord {
  id: number;
  kind: 'product' | 'variation';
  /** Variable parent of a variation; 0 for products. */
  parentId: number;
  type: ProductType;
  status: string;
  name: string;
  slug: string;
  description: string;
  shortDescription: string;
  sku: string;
  globalUniqueId: string;
  regularPrice: string;
  salePrice: string;
  taxStatus: TaxStatus;
  taxClass: string;
  manageStock: boolean;
  stockQuantity: number | null;
  stockStatus: StockStatus;
  backorders: Backorders;
  lowStockAmount: number | null;
  soldIndividually: boolean;
  virtual: boolean;
  featured: boolean;
  catalogVisibility: string;
  weight: string;
  dimensions: Dimensions;
  categoryIds: number[];
  /** Media library ids; the first is the featured image. */
  imageIds: number[];
  /** Product attributes (products only). */
  attributes: ProductAttribute[];
  defaultAttributes: { id: number; name: string; option: string }[];
  /** A variation's chosen option per parent attribute, keyed by the attribute's slug. */
  variationAttributes: { slug: string; option: string }[];
  groupedProducts: number[];
  menuOrder: number;
  purchaseNote: string;
  totalSales: number;
  meta: MetaEntry[];
  created: number;
  modified: number;
}

export interface CategoryRecord {
  id: number;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menuOrder: number;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  phone: string;
}

export interface BillingAddress extends Address {
  email: string;
}

export interface CustomerRecord {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  username: string;
  billing: BillingAddress;
  shipping: Address;
  isPayingCustomer: boolean;
  meta: MetaEntry[];
  created: number;
  modified: number;
}

export interface ItemMeta extends MetaEntry {
  displayKey: string;
  displayValue: string;
}

/** Amounts on order items are öre, net of VAT; the VAT is kept beside them. */
export interface LineItem {
  id: number;
  name: string;
  productId: number;
  variationId: number;
  quantity: number;
  taxClass: string;
  ratePercent: number;
  rateId: number;
  subtotal: number;
  subtotalTax: number;
  total: number;
  totalTax: number;
  sku: string;
  parentName: string | null;
  meta: ItemMeta[];
}

export interface ShippingLine {
  id: number;
  methodTitle: string;
  methodId: string;
  instanceId: string;
  total: number;
  totalTax: number;
  meta: ItemMeta[];
}

export interface FeeLine {
  id: number;
  name: string;
  taxClass: string;
  taxStatus: TaxStatus;
  ratePercent: number;
  rateId: number;
  total: number;
  totalTax: number;
  meta: ItemMeta[];
}

export interface OrderNote {
  id: number;
  author: string;
  note: string;
  customerNote: boolean;
  created: number;
}

export type OrderStatus =
  | 'pending'
  | 'processing'
  | 'on-hold'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'failed'
  | 'trash'
  | 'checkout-draft';

export interface OrderRecord {
  id: number;
  parentId: number;
  orderKey: string;
  createdVia: string;
  status: OrderStatus;
  currency: string;
  pricesIncludeTax: boolean;
  customerId: number;
  customerNote: string;
  billing: BillingAddress;
  shipping: Address;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  meta: MetaEntry[];
  notes: OrderNote[];
  /** Whether this order's stock has been taken (WooCommerce's `order_stock_reduced`). */
  stockReduced: boolean;
  /** Whether the sale has been counted in the products' total_sales. */
  salesRecorded: boolean;
  /** Item id of the tax line per tax rate id (WooCommerce keeps tax lines as order items). */
  taxLineIds: Record<number, number>;
  created: number;
  modified: number;
  paid: number | null;
  completed: number | null;
}

export type WebhookStatus = 'active' | 'paused' | 'disabled';

export interface WebhookRecord {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  failureCount: number;
  /** Configured at start (createShop's `webhooks` option) rather than registered over REST. */
  configured: boolean;
  created: number;
  modified: number;
}

export type Resource = 'order' | 'product' | 'customer';
export type ResourceEvent = 'created' | 'updated' | 'deleted';

export interface ShopEvent {
  resource: Resource;
  event: ResourceEvent;
  id: number;
}

export interface ShopSettings {
  shopName: string;
  timeZone: string;
  currency: string;
  pricesIncludeTax: boolean;
  /** Display name of the user that owns the REST API key (author of notes added by the API user). */
  apiUserName: string;
}

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
