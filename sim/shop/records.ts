/**
 * The shape of the shop's records in WooCommerce's own vocabulary: products and variations,
 * categories, images, customers, orders with their lines and notes, webhooks, change events.
 */

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
