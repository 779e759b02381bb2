/**
 * Writes to products, product variations and their stock, with WooCommerce's rules: SKUs unique
 * across products and variations (case-insensitively, trash excluded), stock status derived from
 * the quantity when stock is managed, "Uncategorized" for a product created without a category;
 * and the variation list of a product. The other product parts are re-exported from here.
 */
import { RestError } from './http';
import { formatDecimal } from './money';
import {
  type ImageRecord,
  type ProductAttribute,
  type ProductRecord,
  type ShopState,
  type ListOrder,
  sanitizeTitle,
  trashPost,
} from './state';
import {
  VALID_TAX_CLASSES,
  ImageInput,
  StockAndPriceInput,
  ProductInput,
  VariationInput,
  blankProduct,
} from './catalog-schema';
import { deriveStockStatus } from './catalog-derived';
export { PRODUCT_STATUSES, VARIATION_STATUSES, productProperties, variationProperties, categoryProperties, ProductInput, VariationInput, CategoryInput } from './catalog-schema';
export { StockInfo, stockOf, priceOf, variationName, isPurchasable } from './catalog-derived';
export { imagesOf, productView, variationView } from './catalog-views';
export { type ProductQuery, queryProducts } from './catalog-query';
export { getCategory, createCategory, updateCategory, deleteCategory, categoryCount, queryCategories, categoryView } from './catalog-categories';

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

