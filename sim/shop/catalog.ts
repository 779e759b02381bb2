/**
 * Products, product variations and product categories, with WooCommerce's rules: SKUs unique across
 * products and variations (case-insensitively, trash excluded), stock status derived from the
 * quantity when stock is managed, a variable product's price and stock status derived from its
 * variations, and "Uncategorized" for a product created without a category.
 */
import { dateFields } from './dates';
import { RestError } from './http';
import { formatDecimal, toOre } from './money';
import {
  type Backorders,
  type CategoryRecord,
  type ImageRecord,
  type ProductAttribute,
  type ProductRecord,
  type ProductType,
  type ShopState,
  type StockStatus,
  type TaxStatus,
  type DateRange,
  type IdFilter,
  type ListOrder,
  foldForSearch,
  inDateRange,
  matchesIds,
  sanitizeTitle,
  trashPost,
} from './state';
import { type Schema, s } from './validate';

export const PRODUCT_STATUSES = ['draft', 'pending', 'private', 'publish', 'future', 'auto-draft', 'trash'] as const;
export const VARIATION_STATUSES = ['draft', 'pending', 'private', 'publish'] as const;
const STOCK_STATUSES = ['instock', 'outofstock', 'onbackorder'] as const;
const BACKORDERS = ['no', 'notify', 'yes'] as const;
const TAX_STATUSES = ['taxable', 'shipping', 'none'] as const;
const VALID_TAX_CLASSES = ['', 'reduced-rate', 'zero-rate'];

const metaDataSchema = s.array(s.object({ id: s.int(), key: s.string(), value: s.any() }));
const dimensionsSchema = s.object({ length: s.string(), width: s.string(), height: s.string() });
const imageSchema = s.object({ id: s.int(), src: s.string(), name: s.string(), alt: s.string() });

// Fields products and variations share, in the schemas' order (which is the order of a 400's list).
const skuAndPriceProperties: Record<string, Schema> = {
  sku: s.string(),
  global_unique_id: s.string(),
  regular_price: s.string(),
  sale_price: s.string(),
};
const taxAndStockProperties: Record<string, Schema> = {
  virtual: s.bool(),
  tax_status: s.string(TAX_STATUSES),
  tax_class: s.string(),
  manage_stock: s.bool(),
  stock_quantity: s.int(),
  inventory_delta: s.int(),
  stock_status: s.string(STOCK_STATUSES),
  backorders: s.string(BACKORDERS),
  low_stock_amount: s.nullableInt(),
};

/** Writable product fields and their types, as in WooCommerce's product schema. */
export const productProperties: Record<string, Schema> = {
  name: s.string(),
  slug: s.string(),
  type: s.string(['simple', 'grouped', 'variable']),
  status: s.string(PRODUCT_STATUSES),
  featured: s.bool(),
  catalog_visibility: s.string(['visible', 'catalog', 'search', 'hidden']),
  description: s.string(),
  short_description: s.string(),
  ...skuAndPriceProperties,
  ...taxAndStockProperties,
  sold_individually: s.bool(),
  weight: s.string(),
  dimensions: dimensionsSchema,
  purchase_note: s.string(),
  categories: s.array(s.object({ id: s.int(), name: s.string(), slug: s.string() })),
  images: s.array(imageSchema),
  attributes: s.array(
    s.object({
      id: s.int(),
      name: s.string(),
      position: s.int(),
      visible: s.bool(),
      variation: s.bool(),
      options: s.array(s.string()),
    }),
  ),
  default_attributes: s.array(s.object({ id: s.int(), name: s.string(), option: s.string() })),
  grouped_products: s.array(s.int()),
  menu_order: s.int(),
  meta_data: metaDataSchema,
};

/** Writable variation fields, as in WooCommerce's product_variation schema. */
export const variationProperties: Record<string, Schema> = {
  description: s.string(),
  ...skuAndPriceProperties,
  status: s.string(VARIATION_STATUSES),
  ...taxAndStockProperties,
  weight: s.string(),
  dimensions: dimensionsSchema,
  image: imageSchema,
  attributes: s.array(s.object({ id: s.int(), name: s.string(), option: s.string() })),
  menu_order: s.int(),
  meta_data: metaDataSchema,
};

export const categoryProperties: Record<string, Schema> = {
  name: s.string(),
  slug: s.string(),
  parent: s.int(0),
  description: s.string(),
  menu_order: s.int(),
};

interface MetaInput {
  id?: number;
  key?: string;
  value?: unknown;
}
interface ImageInput {
  id?: number;
  src?: string;
  name?: string;
  alt?: string;
}

/** Common to products and variations. */
interface StockAndPriceInput {
  description?: string;
  sku?: string;
  global_unique_id?: string;
  regular_price?: string;
  sale_price?: string;
  virtual?: boolean;
  tax_status?: TaxStatus;
  tax_class?: string;
  manage_stock?: boolean;
  stock_quantity?: number;
  inventory_delta?: number;
  stock_status?: StockStatus;
  backorders?: Backorders;
  low_stock_amount?: number | null;
  weight?: string;
  dimensions?: { length?: string; width?: string; height?: string };
  menu_order?: number;
  meta_data?: MetaInput[];
}

export interface ProductInput extends StockAndPriceInput {
  name?: string;
  slug?: string;
  type?: ProductType;
  status?: string;
  featured?: boolean;
  catalog_visibility?: string;
  short_description?: string;
  sold_individually?: boolean;
  purchase_note?: string;
  categories?: { id?: number }[];
  images?: ImageInput[];
  attributes?: {
    id?: number;
    name?: string;
    position?: number;
    visible?: boolean;
    variation?: boolean;
    options?: string[];
  }[];
  default_attributes?: { id?: number; name?: string; option?: string }[];
  grouped_products?: number[];
}

export interface VariationInput extends StockAndPriceInput {
  status?: string;
  image?: ImageInput;
  attributes?: { id?: number; name?: string; option?: string }[];
}

export interface CategoryInput {
  name?: string;
  slug?: string;
  parent?: number;
  description?: string;
  menu_order?: number;
}

function blankProduct(kind: ProductRecord['kind'], parentId: number, now: number): ProductRecord {
  return {
    id: 0,
    kind,
    parentId,
    type: 'simple',
    status: 'publish',
    name: '',
    slug: '',
    description: '',
    shortDescription: '',
    sku: '',
    globalUniqueId: '',
    regularPrice: '',
    salePrice: '',
    taxStatus: 'taxable',
    taxClass: '',
    manageStock: false,
    stockQuantity: null,
    stockStatus: 'instock',
    backorders: 'no',
    lowStockAmount: null,
    soldIndividually: false,
    virtual: false,
    featured: false,
    catalogVisibility: 'visible',
    weight: '',
    dimensions: { length: '', width: '', height: '' },
    categoryIds: [],
    imageIds: [],
    attributes: [],
    defaultAttributes: [],
    variationAttributes: [],
    groupedProducts: [],
    menuOrder: 0,
    purchaseNote: '',
    totalSales: 0,
    meta: [],
    created: now,
    modified: now,
  };
}

// ---------------------------------------------------------------------------------------------
// Derived values

function deriveStockStatus(quantity: number | null, backorders: Backorders): StockStatus {
  if (quantity !== null && quantity > 0) return 'instock';
  return backorders === 'no' ? 'outofstock' : 'onbackorder';
}

export interface StockInfo {
  manage: boolean | 'parent';
  quantity: number | null;
  status: StockStatus;
  backorders: Backorders;
  /** The record whose quantity a sale reduces (a variation may use its parent's stock). */
  holder: ProductRecord | undefined;
}

/** Stock counted on `holder` (the product itself, or a variation's parent). */
function managedStock(holder: ProductRecord, manage: true | 'parent'): StockInfo {
  return {
    manage,
    quantity: holder.stockQuantity,
    status: deriveStockStatus(holder.stockQuantity, holder.backorders),
    backorders: holder.backorders,
    holder,
  };
}

/** No stock counted: the status is the one set by hand. */
function unmanagedStock(p: ProductRecord): StockInfo {
  return { manage: false, quantity: null, status: p.stockStatus, backorders: 'no', holder: undefined };
}

export function stockOf(state: ShopState, p: ProductRecord): StockInfo {
  if (p.kind === 'variation') {
    if (p.manageStock) return managedStock(p, true);
    const parent = state.products.get(p.parentId);
    return parent?.manageStock ? managedStock(parent, 'parent') : unmanagedStock(p);
  }
  if (p.type === 'variable') {
    const statuses = state
      .variationsOf(p.id)
      .filter((v) => v.status === 'publish')
      .map((v) => stockOf(state, v).status);
    const status: StockStatus = statuses.includes('instock')
      ? 'instock'
      : statuses.includes('onbackorder')
        ? 'onbackorder'
        : 'outofstock';
    return {
      manage: p.manageStock,
      quantity: p.manageStock ? p.stockQuantity : null,
      status,
      backorders: p.backorders,
      holder: p.manageStock ? p : undefined,
    };
  }
  return p.manageStock && p.type === 'simple' ? managedStock(p, true) : unmanagedStock(p);
}

function ownPrice(p: ProductRecord): string {
  const regular = toOre(p.regularPrice);
  const sale = toOre(p.salePrice);
  if (sale !== undefined && (regular === undefined || sale < regular)) return p.salePrice;
  return p.regularPrice;
}

/** The current price as WooCommerce shows it: the sale price when lower, a variable product's lowest. */
export function priceOf(state: ShopState, p: ProductRecord): string {
  if (p.kind === 'product' && (p.type === 'variable' || p.type === 'grouped')) {
    const children =
      p.type === 'variable'
        ? state.variationsOf(p.id).filter((v) => v.status === 'publish')
        : p.groupedProducts.map((id) => state.products.get(id)).filter((c): c is ProductRecord => !!c);
    let best: { ore: number; text: string } | undefined;
    for (const c of children) {
      const text = priceOf(state, c);
      const ore = toOre(text);
      if (ore !== undefined && (!best || ore < best.ore)) best = { ore, text };
    }
    return best?.text ?? '';
  }
  return ownPrice(p);
}

function isOnSale(p: ProductRecord): boolean {
  const regular = toOre(p.regularPrice);
  const sale = toOre(p.salePrice);
  return sale !== undefined && regular !== undefined && sale < regular;
}

/** A variation's title as WooCommerce generates it: "Parent - Option, Option". */
export function variationName(state: ShopState, v: ProductRecord): string {
  const parent = state.products.get(v.parentId);
  const options = v.variationAttributes.map((a) => a.option).filter((o) => o !== '');
  const base = parent?.name ?? '';
  return options.length > 0 ? `${base} - ${options.join(', ')}` : base;
}

/** Can a customer buy it: published, with a price (variations also need a published parent). */
export function isPurchasable(state: ShopState, p: ProductRecord): boolean {
  if (p.kind === 'variation') {
    const parent = state.products.get(p.parentId);
    return p.status === 'publish' && parent?.status === 'publish' && ownPrice(p) !== '';
  }
  return p.type === 'simple' && p.status === 'publish' && ownPrice(p) !== '';
}

// ---------------------------------------------------------------------------------------------
// Writes

function skuError(state: ShopState, sku: string, conflictingId: number): RestError {
  let n = 1;
  while (state.findBySku(`${sku}-${n}`)) n += 1;
  return new RestError('product_invalid_sku', 'Invalid or duplicated SKU.', 400, {
    resource_id: conflictingId,
    unique_sku: `${sku}-${n}`,
  });
}

function uniqueSlug(state: ShopState, wanted: string, selfId: number): string {
  const taken = (slug: string): boolean =>
    [...state.products.values()].some((p) => p.kind === 'product' && p.id !== selfId && p.slug === slug);
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted}-${n}`)) n += 1;
  return `${wanted}-${n}`;
}

function resolveImage(state: ShopState, input: ImageInput, now: number): number | undefined {
  if (input.id) {
    const known = state.images.get(input.id);
    if (!known) throw new RestError('woocommerce_product_invalid_image_id', `#${input.id} is an invalid image ID.`, 400);
    if (input.name) known.name = input.name;
    if (input.alt) known.alt = input.alt;
    return known.id;
  }
  if (!input.src) return undefined;
  // A real shop downloads the file into its media library; the simulator keeps the given URL.
  const name = input.name || decodeURIComponent(input.src.split('/').pop() ?? '').replace(/\.[a-z0-9]+$/i, '');
  const image: ImageRecord = { id: state.nextId('post'), src: input.src, name, alt: input.alt ?? '', created: now };
  state.images.set(image.id, image);
  return image.id;
}

/** Fields products and variations share; throws before anything is stored. */
function applyCommon(state: ShopState, p: ProductRecord, input: StockAndPriceInput): void {
  if (input.description !== undefined) p.description = input.description;
  if (input.sku !== undefined) {
    const sku = input.sku.trim();
    const other = sku ? state.findBySku(sku, p.id) : undefined;
    if (other) throw skuError(state, sku, other.id);
    p.sku = sku;
  }
  if (input.global_unique_id !== undefined) {
    const gtin = input.global_unique_id.trim();
    const other = gtin
      ? [...state.products.values()].find((x) => x.id !== p.id && x.status !== 'trash' && x.globalUniqueId === gtin)
      : undefined;
    if (other) {
      throw new RestError('product_invalid_global_unique_id', 'Invalid or duplicated GTIN, UPC, EAN or ISBN.', 400, {
        resource_id: other.id,
      });
    }
    p.globalUniqueId = gtin;
  }
  if (input.virtual !== undefined) p.virtual = input.virtual;
  if (input.tax_status !== undefined) p.taxStatus = input.tax_status;
  if (input.tax_class !== undefined) {
    const cls = input.tax_class === 'standard' ? '' : input.tax_class;
    p.taxClass = VALID_TAX_CLASSES.includes(cls) || (p.kind === 'variation' && cls === 'parent') ? cls : '';
  }
  if (input.weight !== undefined) p.weight = formatDecimal(input.weight);
  if (input.dimensions) {
    for (const k of ['length', 'width', 'height'] as const) {
      const v = input.dimensions[k];
      if (v !== undefined) p.dimensions[k] = formatDecimal(v);
    }
  }
  if (input.menu_order !== undefined) p.menuOrder = input.menu_order;
  if (input.meta_data) state.updateMeta(p.meta, input.meta_data);

  const hasOwnPrice = p.kind === 'variation' || p.type === 'simple';
  if (hasOwnPrice) {
    if (input.regular_price !== undefined) p.regularPrice = formatDecimal(input.regular_price);
    if (input.sale_price !== undefined) p.salePrice = formatDecimal(input.sale_price);
  } else {
    p.regularPrice = '';
    p.salePrice = '';
  }

  const requestedStatus = input.stock_status ?? p.stockStatus;
  if (input.manage_stock !== undefined) p.manageStock = input.manage_stock;
  if (input.backorders !== undefined) p.backorders = input.backorders;
  if (p.kind === 'product' && p.type === 'grouped') {
    p.manageStock = false;
    p.backorders = 'no';
    p.stockQuantity = null;
    p.stockStatus = requestedStatus;
  } else if (p.manageStock) {
    if (input.stock_quantity !== undefined) p.stockQuantity = input.stock_quantity;
    else if (input.inventory_delta !== undefined) p.stockQuantity = (p.stockQuantity ?? 0) + input.inventory_delta;
    if (input.low_stock_amount !== undefined) p.lowStockAmount = input.low_stock_amount;
    p.stockStatus = deriveStockStatus(p.stockQuantity, p.backorders);
  } else {
    p.stockQuantity = null;
    p.lowStockAmount = null;
    if (p.kind === 'variation') p.backorders = 'no';
    p.stockStatus = requestedStatus;
  }
}

function applyProduct(state: ShopState, p: ProductRecord, input: ProductInput, now: number): void {
  if (input.type !== undefined) p.type = input.type;
  if (input.name !== undefined) p.name = input.name;
  if (input.status !== undefined) p.status = input.status;
  if (input.featured !== undefined) p.featured = input.featured;
  if (input.catalog_visibility !== undefined) p.catalogVisibility = input.catalog_visibility;
  if (input.short_description !== undefined) p.shortDescription = input.short_description;
  if (input.sold_individually !== undefined) p.soldIndividually = input.sold_individually;
  if (input.purchase_note !== undefined) p.purchaseNote = input.purchase_note;
  if (input.slug !== undefined && input.slug.trim() !== '') p.slug = uniqueSlug(state, sanitizeTitle(input.slug), p.id);
  applyCommon(state, p, input);
  if (input.categories) {
    // WooCommerce assigns categories by id only; unknown ids are skipped as wp_set_object_terms does.
    p.categoryIds = [
      ...new Set(input.categories.map((c) => c.id ?? 0).filter((id) => state.categories.has(id))),
    ];
  }
  if (input.images) {
    p.imageIds = input.images
      .map((img) => resolveImage(state, img, now))
      .filter((id): id is number => id !== undefined);
  }
  if (input.attributes) {
    const attributes: ProductAttribute[] = [];
    for (const a of input.attributes) {
      if (!a.name) continue;
      attributes.push({
        id: 0,
        name: a.name.trim(),
        position: a.position ?? 0,
        visible: a.visible ?? false,
        variation: a.variation ?? false,
        options: (a.options ?? []).map((o) => o.trim()).filter((o) => o !== ''),
      });
    }
    p.attributes = attributes;
  }
  if (input.default_attributes) {
    p.defaultAttributes = input.default_attributes
      .filter((a) => a.name)
      .map((a) => ({ id: 0, name: a.name ?? '', option: a.option ?? '' }));
  }
  if (input.grouped_products && p.type === 'grouped') {
    p.groupedProducts = input.grouped_products.filter((id) => state.products.get(id)?.kind === 'product');
  }
}

function applyVariation(state: ShopState, v: ProductRecord, input: VariationInput, now: number): void {
  if (input.status !== undefined) v.status = input.status;
  applyCommon(state, v, input);
  if (input.image) {
    const image = resolveImage(state, input.image, now);
    v.imageIds = image === undefined ? [] : [image];
  }
  if (input.attributes) {
    // Only attributes the parent has, and marks "used for variations", are kept (as WooCommerce does).
    const parent = state.products.get(v.parentId);
    const chosen: { slug: string; option: string }[] = [];
    for (const a of input.attributes) {
      const slug = sanitizeTitle(a.name ?? '');
      const attr = parent?.attributes.find((pa) => sanitizeTitle(pa.name) === slug && pa.variation);
      if (!slug || !attr) continue;
      chosen.push({ slug, option: (a.option ?? '').trim() });
    }
    v.variationAttributes = chosen;
  }
}

export function createProduct(state: ShopState, input: ProductInput): ProductRecord {
  const now = Date.now();
  const p = blankProduct('product', 0, now);
  applyProduct(state, p, input, now);
  p.id = state.nextId('post');
  if (!p.name) p.name = 'Product';
  if (!p.slug) p.slug = uniqueSlug(state, sanitizeTitle(p.name) || String(p.id), p.id);
  if (p.categoryIds.length === 0) p.categoryIds = [state.defaultCategoryId];
  state.products.set(p.id, p);
  state.emit('product', 'created', p.id);
  return p;
}

function productOrThrow(state: ShopState, id: number, status: number): ProductRecord {
  const p = state.products.get(id);
  if (p?.kind === 'variation') {
    throw new RestError(
      'woocommerce_rest_invalid_product_id',
      'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
      404,
    );
  }
  if (!p) throw new RestError('woocommerce_rest_product_invalid_id', 'Invalid ID.', status);
  return p;
}

export function getProduct(state: ShopState, id: number): ProductRecord {
  const p = state.products.get(id);
  if (!p) throw new RestError('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404);
  return p;
}

export function updateProduct(state: ShopState, id: number, input: ProductInput): ProductRecord {
  const existing = productOrThrow(state, id, 400);
  const now = Date.now();
  const p = structuredClone(existing);
  applyProduct(state, p, input, now);
  p.modified = now;
  state.products.set(id, p);
  if (existing.type === 'variable' && p.type !== 'variable') {
    // WooCommerce deletes the variations when a variable product changes type.
    for (const v of state.variationsOf(id)) state.products.delete(v.id);
  }
  state.emit('product', 'updated', id);
  return p;
}

/** Trash (default) or delete for good (`force`); returns the record as it was answered. */
export function deleteProduct(state: ShopState, id: number, force: boolean): ProductRecord {
  const p = productOrThrow(state, id, 404);
  if (force) {
    state.products.delete(id);
    for (const v of state.variationsOf(id)) state.products.delete(v.id);
  } else {
    trashPost(state, 'product', 'product', p);
  }
  return p;
}

function parentOrThrow(state: ShopState, parentId: number): ProductRecord {
  const parent = state.products.get(parentId);
  if (!parent || parent.kind !== 'product') {
    throw new RestError('woocommerce_rest_product_variation_invalid_parent', 'Invalid parent product.', 404);
  }
  return parent;
}

function variationOrThrow(state: ShopState, parentId: number, id: number, status: number): ProductRecord {
  parentOrThrow(state, parentId);
  const v = state.products.get(id);
  if (!v || v.kind !== 'variation' || v.parentId !== parentId) {
    throw new RestError('woocommerce_rest_product_variation_invalid_id', 'Invalid ID.', status);
  }
  return v;
}

export function getVariation(state: ShopState, parentId: number, id: number): ProductRecord {
  return variationOrThrow(state, parentId, id, 404);
}

export function createVariation(state: ShopState, parentId: number, input: VariationInput): ProductRecord {
  parentOrThrow(state, parentId);
  const now = Date.now();
  const v = blankProduct('variation', parentId, now);
  v.categoryIds = [];
  applyVariation(state, v, input, now);
  v.id = state.nextId('post');
  state.products.set(v.id, v);
  state.emit('product', 'created', v.id);
  return v;
}

export function updateVariation(state: ShopState, parentId: number, id: number, input: VariationInput): ProductRecord {
  const existing = variationOrThrow(state, parentId, id, 400);
  const now = Date.now();
  const v = structuredClone(existing);
  applyVariation(state, v, input, now);
  v.modified = now;
  state.products.set(id, v);
  state.emit('product', 'updated', id);
  return v;
}

export function deleteVariation(state: ShopState, parentId: number, id: number, force: boolean): ProductRecord {
  const v = variationOrThrow(state, parentId, id, 404);
  if (force) state.products.delete(id);
  else trashPost(state, 'product', 'product_variation', v);
  return v;
}

/** Stock change from an order (WooCommerce's wc_update_product_stock); returns [before, after]. */
export function adjustStock(p: ProductRecord, delta: number): [number, number] {
  const before = p.stockQuantity ?? 0;
  p.stockQuantity = before + delta;
  p.stockStatus = deriveStockStatus(p.stockQuantity, p.backorders);
  return [before, p.stockQuantity];
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface ProductQuery extends IdFilter, DateRange, ListOrder {
  status?: string;
  type?: string;
  sku?: string;
  search?: string;
  category?: number;
  stockStatus?: string;
  parent?: number[];
}

/** Filters and sorts as WooCommerce's product collection does; `sku` also finds variations. */
export function queryProducts(state: ShopState, q: ProductQuery): ProductRecord[] {
  const skus = q.sku ? q.sku.split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '') : [];
  if (q.sku && q.sku.includes(',')) skus.push(q.sku.trim().toLowerCase());
  const tokens = q.search ? foldForSearch(q.search).split(/\s+/).filter((t) => t !== '') : [];
  const out = [...state.products.values()].filter((p) => {
    if (p.kind === 'variation' && skus.length === 0) return false;
    const statusMatches =
      q.status && q.status !== 'any' ? p.status === q.status : p.status !== 'trash' && p.status !== 'auto-draft';
    if (!statusMatches) return false;
    if (q.type && (p.kind !== 'product' || p.type !== q.type)) return false;
    if (skus.length > 0 && !skus.includes(p.sku.toLowerCase())) return false;
    if (tokens.length > 0) {
      const name = p.kind === 'variation' ? variationName(state, p) : p.name;
      const haystack = foldForSearch(`${name}\n${p.description}\n${p.shortDescription}`);
      if (!tokens.every((t) => haystack.includes(t))) return false;
    }
    if (q.category !== undefined && !p.categoryIds.includes(q.category)) return false;
    if (q.stockStatus && stockOf(state, p).status !== q.stockStatus) return false;
    if (q.parent && q.parent.length > 0 && !q.parent.includes(p.parentId)) return false;
    return matchesIds(p.id, q) && inDateRange(p, q);
  });
  const dir = q.order === 'asc' ? 1 : -1;
  const key = (p: ProductRecord): number | string => {
    switch (q.orderby) {
      case 'id':
        return p.id;
      case 'title':
        return p.name.toLowerCase();
      case 'slug':
        return p.slug;
      case 'modified':
        return p.modified;
      case 'include':
        return q.include ? q.include.indexOf(p.id) : p.id;
      case 'price':
        return toOre(priceOf(state, p)) ?? 0;
      case 'popularity':
        return p.totalSales;
      case 'menu_order':
        return p.menuOrder;
      default:
        return p.created;
    }
  };
  return out.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return (a.id - b.id) * dir;
  });
}

export function queryVariations(
  state: ShopState,
  parentId: number,
  q: ListOrder & { sku?: string; status?: string },
): ProductRecord[] {
  parentOrThrow(state, parentId);
  const dir = q.order === 'asc' ? 1 : -1;
  return state
    .variationsOf(parentId)
    .filter((v) => (q.status && q.status !== 'any' ? v.status === q.status : v.status !== 'trash'))
    .filter((v) => !q.sku || v.sku.toLowerCase() === q.sku.trim().toLowerCase())
    .sort((a, b) => {
      if (q.orderby === 'menu_order' && a.menuOrder !== b.menuOrder) return (a.menuOrder - b.menuOrder) * dir;
      if (q.orderby === 'id') return (a.id - b.id) * dir;
      return (a.created - b.created || a.id - b.id) * dir;
    });
}

// ---------------------------------------------------------------------------------------------
// Views (the REST API's JSON)

export function imagesOf(state: ShopState, p: ProductRecord): ImageRecord[] {
  return p.imageIds.map((id) => state.images.get(id)).filter((img): img is ImageRecord => img !== undefined);
}

function imageView(state: ShopState, img: ImageRecord): Record<string, unknown> {
  return {
    id: img.id,
    ...dateFields(state, 'date_created', img.created),
    ...dateFields(state, 'date_modified', img.created),
    src: img.src,
    name: img.name,
    alt: img.alt,
  };
}

function metaView(meta: ProductRecord['meta']): { id: number; key: string; value: unknown }[] {
  return meta.map((m) => ({ id: m.id, key: m.key, value: m.value }));
}

function links(state: ShopState, self: string, collection: string, extra: Record<string, string> = {}) {
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  return {
    self: [{ href: `${base}/${self}` }],
    collection: [{ href: `${base}/${collection}` }],
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [{ href: `${base}/${v}` }]])),
  };
}

function variationAttributesView(state: ShopState, v: ProductRecord): { id: number; name: string; option: string }[] {
  const parent = state.products.get(v.parentId);
  return v.variationAttributes.map((a) => ({
    id: 0,
    name: parent?.attributes.find((pa) => sanitizeTitle(pa.name) === a.slug)?.name ?? a.slug,
    option: a.option,
  }));
}

function priceHtml(state: ShopState, p: ProductRecord): string {
  const price = priceOf(state, p);
  if (price === '') return '';
  const amount = Number(price).toFixed(2).replace('.', ',');
  return `<span class="woocommerce-Price-amount amount"><bdi>${amount}&nbsp;<span class="woocommerce-Price-currencySymbol">&#107;&#114;</span></bdi></span>`;
}

/** A product (or a variation reached through /products) as GET /products/<id> returns it. */
export function productView(state: ShopState, p: ProductRecord): Record<string, unknown> {
  const stock = stockOf(state, p);
  const price = priceOf(state, p);
  const isVariation = p.kind === 'variation';
  const parent = isVariation ? state.products.get(p.parentId) : undefined;
  return {
    id: p.id,
    name: isVariation ? variationName(state, p) : p.name,
    slug: isVariation ? (parent?.slug ?? '') : p.slug,
    permalink: `${state.baseUrl}/product/${isVariation ? (parent?.slug ?? '') : p.slug}/`,
    ...dateFields(state, 'date_created', p.created),
    ...dateFields(state, 'date_modified', p.modified),
    type: isVariation ? 'variation' : p.type,
    status: p.status,
    featured: p.featured,
    catalog_visibility: p.catalogVisibility,
    description: p.description,
    short_description: p.shortDescription,
    sku: p.sku,
    global_unique_id: p.globalUniqueId,
    price,
    regular_price: p.regularPrice,
    sale_price: p.salePrice,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: isOnSale(p),
    purchasable: isPurchasable(state, p),
    total_sales: p.totalSales,
    virtual: p.virtual,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: '',
    button_text: '',
    tax_status: p.taxStatus,
    tax_class: p.taxClass,
    manage_stock: stock.manage,
    stock_quantity: stock.quantity,
    backorders: stock.backorders,
    backorders_allowed: stock.backorders !== 'no',
    backordered: false,
    low_stock_amount: p.lowStockAmount,
    sold_individually: p.soldIndividually,
    weight: p.weight,
    dimensions: { ...p.dimensions },
    shipping_required: !p.virtual,
    shipping_taxable: p.taxStatus === 'taxable' || p.taxStatus === 'shipping',
    shipping_class: '',
    shipping_class_id: 0,
    reviews_allowed: true,
    average_rating: '0.00',
    rating_count: 0,
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: p.parentId,
    purchase_note: p.purchaseNote,
    categories: p.categoryIds
      .map((id) => state.categories.get(id))
      .filter((c): c is CategoryRecord => !!c)
      .map((c) => ({ id: c.id, name: c.name, slug: c.slug })),
    tags: [],
    images: imagesOf(state, p).map((img) => imageView(state, img)),
    attributes: isVariation
      ? variationAttributesView(state, p)
      : p.attributes.map((a) => ({ ...a, slug: sanitizeTitle(a.name), options: [...a.options] })),
    default_attributes: p.defaultAttributes.map((a) => ({ ...a })),
    variations: isVariation ? [] : state.variationsOf(p.id).filter((v) => v.status !== 'trash').map((v) => v.id),
    grouped_products: [...p.groupedProducts],
    menu_order: p.menuOrder,
    price_html: priceHtml(state, p),
    related_ids: [],
    meta_data: metaView(p.meta),
    stock_status: stock.status,
    has_options: p.type === 'variable' && !isVariation,
    post_password: '',
    _links: isVariation
      ? links(state, `products/${p.id}`, 'products', { up: `products/${p.parentId}` })
      : links(state, `products/${p.id}`, 'products'),
  };
}

/** A variation as GET /products/<parent>/variations/<id> returns it. */
export function variationView(state: ShopState, v: ProductRecord): Record<string, unknown> {
  const stock = stockOf(state, v);
  const parent = state.products.get(v.parentId);
  return {
    id: v.id,
    type: 'variation',
    ...dateFields(state, 'date_created', v.created),
    ...dateFields(state, 'date_modified', v.modified),
    description: v.description,
    permalink: `${state.baseUrl}/product/${parent?.slug ?? ''}/?${v.variationAttributes
      .map((a) => `attribute_${a.slug}=${encodeURIComponent(a.option)}`)
      .join('&')}`,
    sku: v.sku,
    global_unique_id: v.globalUniqueId,
    price: priceOf(state, v),
    regular_price: v.regularPrice,
    sale_price: v.salePrice,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: isOnSale(v),
    status: v.status,
    purchasable: isPurchasable(state, v),
    virtual: v.virtual,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    tax_status: v.taxStatus,
    tax_class: v.taxClass,
    manage_stock: stock.manage,
    stock_quantity: stock.quantity,
    stock_status: stock.status,
    backorders: stock.backorders,
    backorders_allowed: stock.backorders !== 'no',
    backordered: false,
    low_stock_amount: v.lowStockAmount,
    weight: v.weight,
    dimensions: { ...v.dimensions },
    shipping_class: '',
    shipping_class_id: 0,
    image: imagesOf(state, v).map((img) => imageView(state, img))[0] ?? null,
    attributes: variationAttributesView(state, v),
    menu_order: v.menuOrder,
    meta_data: metaView(v.meta),
    name: variationName(state, v),
    parent_id: v.parentId,
    _links: links(state, `products/${v.parentId}/variations/${v.id}`, `products/${v.parentId}/variations`, {
      up: `products/${v.parentId}`,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Categories

function categoryOrThrow(state: ShopState, id: number, status: number): CategoryRecord {
  const c = state.categories.get(id);
  if (!c) throw new RestError('woocommerce_rest_term_invalid', 'Resource does not exist.', status);
  return c;
}

function uniqueCategorySlug(state: ShopState, wanted: string, selfId: number): string {
  const taken = (slug: string): boolean => [...state.categories.values()].some((c) => c.id !== selfId && c.slug === slug);
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted}-${n}`)) n += 1;
  return `${wanted}-${n}`;
}

function assertNoSibling(state: ShopState, name: string, parent: number, selfId: number): void {
  const folded = foldForSearch(name.trim());
  const sibling = [...state.categories.values()].find(
    (c) => c.id !== selfId && c.parent === parent && foldForSearch(c.name) === folded,
  );
  if (sibling) {
    throw new RestError('term_exists', 'A term with the name provided already exists with this parent.', 400, {
      resource_id: sibling.id,
    });
  }
}

export function getCategory(state: ShopState, id: number): CategoryRecord {
  return categoryOrThrow(state, id, 404);
}

export function createCategory(state: ShopState, input: CategoryInput): CategoryRecord {
  const name = (input.name ?? '').trim();
  if (!name) throw new RestError('empty_term_name', 'A name is required for this term.', 400);
  const parent = input.parent ?? 0;
  if (parent !== 0) categoryOrThrow(state, parent, 400);
  assertNoSibling(state, name, parent, 0);
  const id = state.nextId('term');
  const c: CategoryRecord = {
    id,
    name,
    slug: uniqueCategorySlug(state, sanitizeTitle(input.slug || name) || String(id), id),
    parent,
    description: input.description ?? '',
    menuOrder: input.menu_order ?? 0,
  };
  state.categories.set(id, c);
  return c;
}

export function updateCategory(state: ShopState, id: number, input: CategoryInput): CategoryRecord {
  const c = { ...categoryOrThrow(state, id, 400) };
  if (input.parent !== undefined) {
    if (input.parent !== 0) categoryOrThrow(state, input.parent, 400);
    c.parent = input.parent;
  }
  if (input.name !== undefined && input.name.trim() !== '') c.name = input.name.trim();
  assertNoSibling(state, c.name, c.parent, id);
  if (input.slug !== undefined && input.slug.trim() !== '') c.slug = uniqueCategorySlug(state, sanitizeTitle(input.slug), id);
  if (input.description !== undefined) c.description = input.description;
  if (input.menu_order !== undefined) c.menuOrder = input.menu_order;
  state.categories.set(id, c);
  return c;
}

export function deleteCategory(state: ShopState, id: number, force: boolean): CategoryRecord {
  if (!force) throw new RestError('woocommerce_rest_trash_not_supported', 'Resource does not support trashing.', 501);
  const c = categoryOrThrow(state, id, 404);
  if (id === state.defaultCategoryId) {
    throw new RestError('woocommerce_rest_cannot_delete', 'Default product category cannot be deleted.', 500);
  }
  state.categories.delete(id);
  for (const p of state.products.values()) {
    if (!p.categoryIds.includes(id)) continue;
    p.categoryIds = p.categoryIds.filter((x) => x !== id);
    if (p.categoryIds.length === 0 && p.kind === 'product') p.categoryIds = [state.defaultCategoryId];
  }
  for (const child of state.categories.values()) if (child.parent === id) child.parent = c.parent;
  return c;
}

export function categoryCount(state: ShopState, id: number): number {
  let n = 0;
  for (const p of state.products.values()) if (p.status === 'publish' && p.categoryIds.includes(id)) n += 1;
  return n;
}

export function queryCategories(
  state: ShopState,
  q: IdFilter & ListOrder & { search?: string; slug?: string; parent?: number; hideEmpty: boolean },
): CategoryRecord[] {
  const needle = q.search ? foldForSearch(q.search.trim()) : '';
  const dir = q.order === 'asc' ? 1 : -1;
  return [...state.categories.values()]
    .filter((c) => !needle || foldForSearch(`${c.name} ${c.slug}`).includes(needle))
    .filter((c) => !q.slug || q.slug.split(',').map((x) => x.trim()).includes(c.slug))
    .filter((c) => q.parent === undefined || c.parent === q.parent)
    .filter((c) => !q.hideEmpty || categoryCount(state, c.id) > 0)
    .filter((c) => matchesIds(c.id, q))
    .sort((a, b) => {
      const key = (c: CategoryRecord): string | number => {
        if (q.orderby === 'id') return c.id;
        if (q.orderby === 'slug') return c.slug;
        if (q.orderby === 'count') return categoryCount(state, c.id);
        if (q.orderby === 'include' && q.include) return q.include.indexOf(c.id);
        return c.name.toLowerCase();
      };
      const ka = key(a);
      const kb = key(b);
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return (a.id - b.id) * dir;
    });
}

export function categoryView(state: ShopState, c: CategoryRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    parent: c.parent,
    description: c.description,
    display: 'default',
    image: null,
    menu_order: c.menuOrder,
    count: categoryCount(state, c.id),
    _links: links(state, `products/categories/${c.id}`, 'products/categories'),
  };
}
