/**
 * What a product, variation or category request may carry: the parameter schemas WooCommerce
 * validates, the input shapes, and a blank product record with WooCommerce's defaults.
 */
import {
  type Backorders,
  type ProductRecord,
  type ProductType,
  type StockStatus,
  type TaxStatus,
} from './state';
import { type Schema, s } from './validate';

export const PRODUCT_STATUSES = ['draft', 'pending', 'private', 'publish', 'future', 'auto-draft', 'trash'] as const;
export const VARIATION_STATUSES = ['draft', 'pending', 'private', 'publish'] as const;
export const STOCK_STATUSES = ['instock', 'outofstock', 'onbackorder'] as const;
export const BACKORDERS = ['no', 'notify', 'yes'] as const;
export const TAX_STATUSES = ['taxable', 'shipping', 'none'] as const;
export const VALID_TAX_CLASSES = ['', 'reduced-rate', 'zero-rate'];

export const metaDataSchema = s.array(s.object({ id: s.int(), key: s.string(), value: s.any() }));
export const dimensionsSchema = s.object({ length: s.string(), width: s.string(), height: s.string() });
export const imageSchema = s.object({ id: s.int(), src: s.string(), name: s.string(), alt: s.string() });

// Fields products and variations share, in the schemas' order (which is the order of a 400's list).
export const skuAndPriceProperties: Record<string, Schema> = {
  sku: s.string(),
  global_unique_id: s.string(),
  regular_price: s.string(),
  sale_price: s.string(),
};
export const taxAndStockProperties: Record<string, Schema> = {
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

export interface MetaInput {
  id?: number;
  key?: string;
  value?: unknown;
}
export interface ImageInput {
  id?: number;
  src?: string;
  name?: string;
  alt?: string;
}

/** Common to products and variations. */
export interface StockAndPriceInput {
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

export function blankProduct(kind: ProductRecord['kind'], parentId: number, now: number): ProductRecord {
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
