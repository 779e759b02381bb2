/**
 * Product queries as WooCommerce's REST API answers them: search, SKU, type, status, category,
 * stock status, featured and on-sale filters, date ranges and ordering.
 */
import { toOre } from './money';
import {
  type ProductRecord,
  type ShopState,
  type DateRange,
  type IdFilter,
  type ListOrder,
  foldForSearch,
  inDateRange,
  matchesIds,
} from './state';
import { stockOf, priceOf, variationName } from './catalog-derived';
export { PRODUCT_STATUSES, VARIATION_STATUSES, productProperties, variationProperties, categoryProperties, ProductInput, VariationInput, CategoryInput } from './catalog-schema';
export { StockInfo, stockOf, priceOf, variationName, isPurchasable } from './catalog-derived';
export { imagesOf, productView, variationView } from './catalog-views';
export { getCategory, createCategory, updateCategory, deleteCategory, categoryCount, queryCategories, categoryView } from './catalog-categories';

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
