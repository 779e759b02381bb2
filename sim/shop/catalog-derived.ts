/**
 * Values WooCommerce derives instead of storing: stock status and quantity (own, parent's or a
 * variable product's variations), price and sale state, a variation's name, purchasability.
 */
import { toOre } from './money';
import { type Backorders, type ProductRecord, type ShopState, type StockStatus } from './state';

// ---------------------------------------------------------------------------------------------
// Derived values

export function deriveStockStatus(quantity: number | null, backorders: Backorders): StockStatus {
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
export function managedStock(holder: ProductRecord, manage: true | 'parent'): StockInfo {
  return {
    manage,
    quantity: holder.stockQuantity,
    status: deriveStockStatus(holder.stockQuantity, holder.backorders),
    backorders: holder.backorders,
    holder,
  };
}

/** No stock counted: the status is the one set by hand. */
export function unmanagedStock(p: ProductRecord): StockInfo {
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

export function ownPrice(p: ProductRecord): string {
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

export function isOnSale(p: ProductRecord): boolean {
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
