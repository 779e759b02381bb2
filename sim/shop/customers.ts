/**
 * Customers (WordPress users with the `customer` role): unique e-mail and username, billing and
 * shipping addresses, meta data. Passwords are accepted as WooCommerce accepts them and never kept.
 */
import { formatGmt, formatLocal } from './dates';
import { RestError } from './http';
import {
  type Address,
  type BillingAddress,
  type CustomerRecord,
  type IdFilter,
  type ListOrder,
  type ShopState,
  emptyAddress,
  emptyBilling,
  foldForSearch,
  matchesIds,
} from './state';
import { type Schema, s } from './validate';

const addressFields = {
  first_name: s.string(),
  last_name: s.string(),
  company: s.string(),
  address_1: s.string(),
  address_2: s.string(),
  city: s.string(),
  state: s.string(),
  postcode: s.string(),
  country: s.string(),
  phone: s.string(),
};

export const addressSchema = s.object(addressFields);
export const billingSchema = s.object({ ...addressFields, email: s.string() });

export const customerProperties: Record<string, Schema> = {
  email: s.string(),
  first_name: s.string(),
  last_name: s.string(),
  username: s.string(),
  password: s.string(),
  billing: billingSchema,
  shipping: addressSchema,
  meta_data: s.array(s.object({ id: s.int(), key: s.string(), value: s.any() })),
};

export interface CustomerInput {
  email?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  password?: string;
  billing?: Partial<BillingAddress>;
  shipping?: Partial<Address>;
  meta_data?: { id?: number; key?: string; value?: unknown }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalidEmail(param: string): RestError {
  return new RestError('rest_invalid_param', `Invalid parameter(s): ${param}`, 400, {
    params: { [param]: 'Invalid email address.' },
    details: { [param]: { code: 'rest_invalid_email', message: 'Invalid email address.', data: null } },
  });
}

function byEmail(state: ShopState, email: string, exceptId: number): CustomerRecord | undefined {
  const wanted = email.trim().toLowerCase();
  return [...state.customers.values()].find((c) => c.id !== exceptId && c.email.toLowerCase() === wanted);
}

function usernameTaken(state: ShopState, username: string, exceptId: number): boolean {
  const wanted = username.toLowerCase();
  return [...state.customers.values()].some((c) => c.id !== exceptId && c.username.toLowerCase() === wanted);
}

/** WooCommerce's `wc_create_new_customer_username`: the e-mail's local part, made unique. */
function generateUsername(state: ShopState, email: string): string {
  const base = foldForSearch(email.split('@')[0]).replace(/[^a-z0-9._-]/g, '') || 'customer';
  let candidate = base;
  for (let n = 2; usernameTaken(state, candidate, 0); n += 1) candidate = `${base}${n}`;
  return candidate;
}

function applyCustomer(state: ShopState, c: CustomerRecord, input: CustomerInput): void {
  if (input.email !== undefined) {
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw invalidEmail('email');
    if (byEmail(state, email, c.id)) {
      throw new RestError(
        'registration-error-email-exists',
        'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>',
        400,
      );
    }
    c.email = email;
  }
  if (input.first_name !== undefined) c.firstName = input.first_name;
  if (input.last_name !== undefined) c.lastName = input.last_name;
  if (input.billing) {
    if (input.billing.email !== undefined && input.billing.email !== '' && !EMAIL.test(input.billing.email.trim())) {
      throw new RestError('customer_invalid_billing_email', 'Invalid billing email address', 400);
    }
    c.billing = { ...c.billing, ...input.billing };
  }
  if (input.shipping) c.shipping = { ...c.shipping, ...input.shipping };
  if (input.meta_data) state.updateMeta(c.meta, input.meta_data);
}

export function createCustomer(state: ShopState, input: CustomerInput): CustomerRecord {
  const now = Date.now();
  const c: CustomerRecord = {
    id: 0,
    email: '',
    firstName: '',
    lastName: '',
    username: '',
    billing: emptyBilling(),
    shipping: emptyAddress(),
    isPayingCustomer: false,
    meta: [],
    created: now,
    modified: now,
  };
  applyCustomer(state, c, input);
  if (!c.email) throw invalidEmail('email');
  if (input.username !== undefined && input.username.trim() !== '') {
    if (usernameTaken(state, input.username.trim(), 0)) {
      throw new RestError(
        'registration-error-username-exists',
        'An account is already registered with that username. Please choose another.',
        400,
      );
    }
    c.username = input.username.trim();
  } else c.username = generateUsername(state, c.email);
  c.id = state.nextId('user');
  state.customers.set(c.id, c);
  state.emit('customer', 'created', c.id);
  return c;
}

function customerOrThrow(state: ShopState, id: number, status: number): CustomerRecord {
  const c = state.customers.get(id);
  if (!c) throw new RestError('woocommerce_rest_invalid_id', 'Invalid resource ID.', status);
  return c;
}

export function getCustomer(state: ShopState, id: number): CustomerRecord {
  return customerOrThrow(state, id, 404);
}

export function updateCustomer(state: ShopState, id: number, input: CustomerInput): CustomerRecord {
  const c = structuredClone(customerOrThrow(state, id, 400));
  if (input.username !== undefined && input.username !== c.username) {
    throw new RestError('woocommerce_rest_customer_invalid_argument', "Username isn't editable.", 400);
  }
  applyCustomer(state, c, input);
  c.modified = Date.now();
  state.customers.set(id, c);
  state.emit('customer', 'updated', id);
  return c;
}

export function deleteCustomer(state: ShopState, id: number, force: boolean): CustomerRecord {
  if (!force) throw new RestError('woocommerce_rest_trash_not_supported', 'Customers do not support trashing.', 501);
  const c = customerOrThrow(state, id, 404);
  state.customers.delete(id);
  state.emit('customer', 'deleted', id);
  return c;
}

export function displayName(c: CustomerRecord): string {
  return `${c.firstName} ${c.lastName}`.trim() || c.username;
}

export function queryCustomers(
  state: ShopState,
  q: IdFilter & ListOrder & { email?: string; search?: string; role: string },
): CustomerRecord[] {
  const email = q.email?.trim().toLowerCase();
  const needle = q.search ? foldForSearch(q.search.replace(/\*/g, '').trim()) : '';
  const dir = q.order === 'asc' ? 1 : -1;
  // Every user the shop knows is a customer; other roles (shop managers, admins) are not modelled.
  if (q.role !== 'all' && q.role !== 'customer') return [];
  return [...state.customers.values()]
    .filter((c) => !email || c.email.toLowerCase() === email)
    .filter((c) => !needle || foldForSearch(`${c.email} ${c.username} ${displayName(c)}`).includes(needle))
    .filter((c) => matchesIds(c.id, q))
    .sort((a, b) => {
      const ka: string | number =
        q.orderby === 'id' ? a.id : q.orderby === 'registered_date' ? a.created : displayName(a).toLowerCase();
      const kb: string | number =
        q.orderby === 'id' ? b.id : q.orderby === 'registered_date' ? b.created : displayName(b).toLowerCase();
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return (a.id - b.id) * dir;
    });
}

export function customerView(state: ShopState, c: CustomerRecord): Record<string, unknown> {
  const tz = state.settings.timeZone;
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  return {
    id: c.id,
    date_created: formatLocal(c.created, tz),
    date_created_gmt: formatGmt(c.created),
    date_modified: formatLocal(c.modified, tz),
    date_modified_gmt: formatGmt(c.modified),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: 'customer',
    username: c.username,
    billing: { ...c.billing },
    shipping: { ...c.shipping },
    is_paying_customer: c.isPayingCustomer,
    avatar_url: `https://secure.gravatar.com/avatar/?s=96&d=mm&r=g`,
    meta_data: c.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    _links: { self: [{ href: `${base}/customers/${c.id}` }], collection: [{ href: `${base}/customers` }] },
  };
}
