/**
 * The REST views of products and variations (WooCommerce's JSON shapes: prices, stock, images,
 * attributes, meta and links).
 */
import { dateFields } from './dates';
import {
  type CategoryRecord,
  type ImageRecord,
  type ProductRecord,
  type ShopState,
  sanitizeTitle,
} from './state';
import {
  stockOf,
  priceOf,
  isOnSale,
  variationName,
  isPurchasable,
} from './catalog-derived';

// ---------------------------------------------------------------------------------------------
// Views (the REST API's JSON)

export function imagesOf(state: ShopState, p: ProductRecord): ImageRecord[] {
  return p.imageIds.map((id) => state.images.get(id)).filter((img): img is ImageRecord => img !== undefined);
}

export function imageView(state: ShopState, img: ImageRecord): Record<string, unknown> {
  return {
    id: img.id,
    ...dateFields(state, 'date_created', img.created),
    ...dateFields(state, 'date_modified', img.created),
    src: img.src,
    name: img.name,
    alt: img.alt,
  };
}

export function metaView(meta: ProductRecord['meta']): { id: number; key: string; value: unknown }[] {
  return meta.map((m) => ({ id: m.id, key: m.key, value: m.value }));
}

export function links(state: ShopState, self: string, collection: string, extra: Record<string, string> = {}) {
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  return {
    self: [{ href: `${base}/${self}` }],
    collection: [{ href: `${base}/${collection}` }],
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [{ href: `${base}/${v}` }]])),
  };
}

export function variationAttributesView(state: ShopState, v: ProductRecord): { id: number; name: string; option: string }[] {
  const parent = state.products.get(v.parentId);
  return v.variationAttributes.map((a) => ({
    id: 0,
    name: parent?.attributes.find((pa) => sanitizeTitle(pa.name) === a.slug)?.name ?? a.slug,
    option: a.option,
  }));
}

export function priceHtml(state: ShopState, p: ProductRecord): string {
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
