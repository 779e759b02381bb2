/**
 * What an order or order-note request may carry: the statuses and their labels, the parameter
 * schemas WooCommerce validates and the input shapes.
 */
import { addressSchema, billingSchema } from './customers';
import { type Address, type BillingAddress, type OrderStatus, type TaxStatus } from './state';
import { type Schema, s } from './validate';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'trash',
  'checkout-draft',
];

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  trash: 'Trash',
  'checkout-draft': 'Draft',
};

export const TAKES_STOCK: readonly OrderStatus[] = ['processing', 'completed', 'on-hold'];
export const RETURNS_STOCK: readonly OrderStatus[] = ['cancelled', 'pending'];
export const PAYABLE: readonly OrderStatus[] = ['pending', 'on-hold', 'failed', 'cancelled'];

export const metaSchema = s.array(s.object({ id: s.int(), key: s.string(), value: s.any() }));

export const orderProperties: Record<string, Schema> = {
  parent_id: s.int(),
  status: s.string(ORDER_STATUSES),
  currency: s.string(),
  customer_id: s.int(),
  customer_note: s.string(),
  billing: billingSchema,
  shipping: addressSchema,
  payment_method: s.string(),
  payment_method_title: s.string(),
  transaction_id: s.string(),
  meta_data: metaSchema,
  line_items: s.array(
    s.object({
      id: s.int(),
      name: s.string(),
      product_id: s.int(),
      variation_id: s.int(),
      quantity: s.int(),
      sku: s.string(),
      tax_class: s.string(),
      subtotal: s.string(),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  shipping_lines: s.array(
    s.object({
      id: s.int(),
      method_id: s.nullableString(),
      method_title: s.string(),
      instance_id: s.string(),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  fee_lines: s.array(
    s.object({
      id: s.int(),
      name: s.nullableString(),
      tax_class: s.string(),
      tax_status: s.string(['taxable', 'none']),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  coupon_lines: s.array(s.object({ id: s.int(), code: s.string() })),
  set_paid: s.bool(),
};

export const noteProperties: Record<string, Schema> = {
  note: s.string(),
  customer_note: s.bool(),
  added_by_user: s.bool(),
};

export type MetaInput = { id?: number; key?: string; value?: unknown };

export interface LineItemInput {
  id?: number;
  name?: string;
  product_id?: number;
  variation_id?: number;
  quantity?: number;
  sku?: string;
  tax_class?: string;
  subtotal?: string;
  total?: string;
  meta_data?: MetaInput[];
}

export interface ShippingLineInput {
  id?: number;
  method_id?: string | null;
  method_title?: string;
  instance_id?: string;
  total?: string;
  meta_data?: MetaInput[];
}

export interface FeeLineInput {
  id?: number;
  name?: string | null;
  tax_class?: string;
  tax_status?: TaxStatus;
  total?: string;
  meta_data?: MetaInput[];
}

export interface OrderInput {
  parent_id?: number;
  status?: OrderStatus;
  currency?: string;
  customer_id?: number;
  customer_note?: string;
  billing?: Partial<BillingAddress>;
  shipping?: Partial<Address>;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  meta_data?: MetaInput[];
  line_items?: LineItemInput[];
  shipping_lines?: ShippingLineInput[];
  fee_lines?: FeeLineInput[];
  coupon_lines?: { id?: number; code?: string }[];
  set_paid?: boolean;
}

export interface NoteInput {
  note?: string;
  customer_note?: boolean;
  added_by_user?: boolean;
}
