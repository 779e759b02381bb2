/**
 * The WooCommerce REST API v3 subset under /wp-json/wc/v3: authentication with the consumer key and
 * secret, routing, parameter validation, pagination headers, batch endpoints and WordPress's error
 * shapes. Resource rules live in catalog.ts, customers.ts, orders.ts and webhooks.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  PRODUCT_STATUSES,
  VARIATION_STATUSES,
  type CategoryInput,
  type ProductInput,
  type VariationInput,
  categoryProperties,
  categoryView,
  createCategory,
  createProduct,
  createVariation,
  deleteCategory,
  deleteProduct,
  deleteVariation,
  getCategory,
  getProduct,
  getVariation,
  productProperties,
  productView,
  queryCategories,
  queryProducts,
  queryVariations,
  updateCategory,
  updateProduct,
  updateVariation,
  variationProperties,
  variationView,
} from './catalog';
import {
  type CustomerInput,
  createCustomer,
  customerProperties,
  customerView,
  deleteCustomer,
  getCustomer,
  queryCustomers,
  updateCustomer,
} from './customers';
import { parseRestDate } from './dates';
import { RestError, parsePhpQuery, readBody, sendJson } from './http';
import {
  ORDER_STATUSES,
  type NoteInput,
  type OrderInput,
  createNote,
  createOrder,
  deleteNote,
  deleteOrder,
  getNote,
  getOrder,
  listNotes,
  noteProperties,
  noteView,
  orderProperties,
  orderView,
  queryOrders,
  updateOrder,
} from './orders';
import type { CategoryRecord, CustomerRecord, OrderRecord, ProductRecord, ShopState, WebhookRecord } from './state';
import type { CallCounter, FaultInjector } from './faults';
import { type Schema, s, validateParams } from './validate';
import {
  type WebhookDispatcher,
  type WebhookInput,
  createWebhook,
  deleteWebhook,
  getWebhook,
  queryWebhooks,
  updateWebhook,
  webhookProperties,
  webhookView,
} from './webhooks';

export const REST_PREFIX = '/wp-json/wc/v3';
const MAX_BODY = 32 * 1024 * 1024;
const BATCH_LIMIT = 100;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Kind = 'list' | 'read' | 'create' | 'edit' | 'delete' | 'batch';

interface Result {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  state: ShopState;
  dispatcher: WebhookDispatcher;
  url: URL;
  /** Path groups of the matched route (ids). */
  ids: number[];
  /** Query and body parameters merged, the body winning, as WP_REST_Request::get_params does. */
  params: Record<string, unknown>;
}

interface Endpoint {
  kind: Kind;
  handle: (ctx: Ctx) => Result;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<Method, Endpoint>>;
}

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
}

const PERMISSION_ERRORS: Record<Kind, [string, string]> = {
  list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  read: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
  create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
  batch: ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.'],
};

// ---------------------------------------------------------------------------------------------
// Authentication

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * WooCommerce's basic authentication: an `Authorization: Basic` header, else the `consumer_key` and
 * `consumer_secret` query parameters. A real shop accepts these only over HTTPS (plain HTTP needs
 * OAuth 1.0a); the simulator serves loopback HTTP and accepts them there.
 * Returns true when authenticated, false when no credentials were given.
 */
function authenticate(req: IncomingMessage, query: Record<string, unknown>, creds: Credentials): boolean {
  let key: string | undefined;
  let secret: string | undefined;
  const header = req.headers.authorization;
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon < 0 ? decoded : decoded.slice(0, colon);
    secret = colon < 0 ? '' : decoded.slice(colon + 1);
  } else if (typeof query.consumer_key === 'string' && query.consumer_key && typeof query.consumer_secret === 'string' && query.consumer_secret) {
    key = query.consumer_key;
    secret = query.consumer_secret;
  }
  if (key === undefined || secret === undefined) return false;
  if (!sameSecret(key, creds.consumerKey)) {
    throw new RestError('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401);
  }
  if (!sameSecret(secret, creds.consumerSecret)) {
    throw new RestError('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Parameters, pagination, batches

const paging = { page: s.int(1), per_page: s.int(1, 100), offset: s.int(0) };
const idList = s.array(s.int());
const order = s.string(['asc', 'desc']);

interface Page {
  page: number;
  perPage: number;
  offset?: number;
}

function readParams(ctx: Ctx, props: Record<string, Schema>, required: readonly string[] = []): Record<string, unknown> {
  return validateParams(props, ctx.params, 'strict', required);
}

function pageOf(p: Record<string, unknown>): Page {
  return {
    page: (p.page as number | undefined) ?? 1,
    perPage: (p.per_page as number | undefined) ?? 10,
    offset: p.offset as number | undefined,
  };
}

/** An ISO 8601 query date as epoch ms, read in the site's zone unless `dates_are_gmt`. */
function dateParam(ctx: Ctx, p: Record<string, unknown>, name: string): number | undefined {
  const raw = p[name];
  if (raw === undefined || raw === '') return undefined;
  const ms = typeof raw === 'string' ? parseRestDate(raw, { timeZone: ctx.state.settings.timeZone, gmt: p.dates_are_gmt === true }) : undefined;
  if (ms === undefined) {
    throw new RestError('rest_invalid_param', `Invalid parameter(s): ${name}`, 400, {
      params: { [name]: 'Invalid date.' },
      details: { [name]: { code: 'rest_invalid_date', message: 'Invalid date.', data: null } },
    });
  }
  return ms;
}

function paged<T>(ctx: Ctx, items: readonly T[], view: (item: T) => unknown, page: Page): Result {
  const total = items.length;
  const totalPages = Math.ceil(total / page.perPage);
  const start = page.offset ?? (page.page - 1) * page.perPage;
  const slice = items.slice(start, start + page.perPage);
  const current = page.offset !== undefined ? Math.floor(page.offset / page.perPage) + 1 : page.page;
  const base = new URL(`${ctx.state.baseUrl}${ctx.url.pathname}${ctx.url.search}`);
  for (const k of ['page', 'consumer_key', 'consumer_secret']) base.searchParams.delete(k);
  const link = (n: number): string => {
    const u = new URL(base);
    u.searchParams.set('page', String(n));
    return u.toString();
  };
  const links: string[] = [];
  if (current > 1) links.push(`<${link(Math.min(current - 1, Math.max(totalPages, 1)))}>; rel="prev"`);
  if (totalPages > current) links.push(`<${link(current + 1)}>; rel="next"`);
  const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(totalPages) };
  if (links.length > 0) headers.Link = links.join(', ');
  return { status: 200, body: slice.map(view), headers };
}

function created(ctx: Ctx, body: Record<string, unknown>, path: string): Result {
  return { status: 201, body, headers: { Location: `${ctx.state.baseUrl}${REST_PREFIX}/${path}` } };
}

function forceOf(ctx: Ctx): boolean {
  return readParams(ctx, { force: s.bool() }).force === true;
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

interface BatchOps {
  create: (item: Record<string, unknown>) => unknown;
  update: (id: number, item: Record<string, unknown>) => unknown;
  delete: (id: number) => unknown;
}

function runItem(id: unknown, fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RestError) return { id, error: err.toJSON() };
    throw err;
  }
}

/**
 * WC_REST_Controller::batch_items: more than 100 items in total is refused with 413 before any is
 * touched; each item then succeeds or fails on its own (failures answered in place as
 * `{ id, error: { code, message, data } }`). Items skip schema validation, as in WooCommerce.
 */
function batch(ctx: Ctx, props: Record<string, Schema>, ops: BatchOps): Result {
  const list = (k: string): unknown[] => (Array.isArray(ctx.params[k]) ? (ctx.params[k] as unknown[]) : []);
  const creates = list('create');
  const updates = list('update');
  const deletes = list('delete');
  if (creates.length + updates.length + deletes.length > BATCH_LIMIT) {
    throw new RestError(
      'woocommerce_rest_request_entity_too_large',
      `Unable to accept more than ${BATCH_LIMIT} items for this request.`,
      413,
    );
  }
  const out: Record<string, unknown[]> = {};
  if (creates.length > 0) {
    out.create = creates.map((item) => runItem(0, () => ops.create(validateParams(props, asObject(item), 'lenient'))));
  }
  if (updates.length > 0) {
    out.update = updates.map((item) => {
      const input = validateParams({ ...props, id: s.int() }, asObject(item), 'lenient');
      const id = typeof input.id === 'number' ? input.id : 0;
      return runItem(asObject(item).id ?? null, () => ops.update(id, input));
    });
  }
  if (deletes.length > 0) {
    out.delete = deletes
      .map((x) => Math.trunc(Number(x)))
      .filter((id) => Number.isFinite(id) && id !== 0)
      .map((id) => runItem(id, () => ops.delete(id)));
  }
  return { status: 200, body: out };
}

// ---------------------------------------------------------------------------------------------
// Routes

/** POST, PUT and PATCH: the methods WordPress routes to an edit (WP_REST_Server::EDITABLE). */
function editable(endpoint: Endpoint): Partial<Record<Method, Endpoint>> {
  return { POST: endpoint, PUT: endpoint, PATCH: endpoint };
}

function ok(body: unknown): Result {
  return { status: 200, body };
}

/** The id of the addressed item: the last path group (the groups before it are its parents'). */
function itemId(ctx: Ctx): number {
  return ctx.ids[ctx.ids.length - 1];
}

/** The include/exclude id filters of the list endpoints. */
const idFilters = { include: idList, exclude: idList };

/** The date filters of the product and order lists. */
const dateFilters = {
  after: s.string(),
  before: s.string(),
  modified_after: s.string(),
  modified_before: s.string(),
  dates_are_gmt: s.bool(),
};

function idsOf(p: Record<string, unknown>): { include?: number[]; exclude?: number[] } {
  return { include: p.include as number[] | undefined, exclude: p.exclude as number[] | undefined };
}

function datesOf(
  ctx: Ctx,
  p: Record<string, unknown>,
): { after?: number; before?: number; modifiedAfter?: number; modifiedBefore?: number } {
  return {
    after: dateParam(ctx, p, 'after'),
    before: dateParam(ctx, p, 'before'),
    modifiedAfter: dateParam(ctx, p, 'modified_after'),
    modifiedBefore: dateParam(ctx, p, 'modified_before'),
  };
}

/** `orderby` and `order`, with the resource's defaults. */
function sortOf(p: Record<string, unknown>, orderby: string, order: 'asc' | 'desc'): { orderby: string; order: 'asc' | 'desc' } {
  return { orderby: (p.orderby as string | undefined) ?? orderby, order: (p.order as 'asc' | 'desc' | undefined) ?? order };
}

/**
 * A resource served by WooCommerce's standard controller routes: `<path>` (list, create),
 * `<path>/batch` and `<path>/<id>` (read, edit, delete).
 */
interface Resource<T extends { id: number }> {
  /** The collection's route pattern after the prefix, unanchored; `(\d+)` groups for parents' ids. */
  path: string;
  /** The collection's path after the prefix, for a created item's Location header. */
  location: (ctx: Ctx) => string;
  props: Record<string, Schema>;
  /** Parameters a create needs. */
  required?: readonly string[];
  list: (ctx: Ctx) => Result;
  view: (ctx: Ctx, item: T) => Record<string, unknown>;
  get: (ctx: Ctx, id: number) => T;
  create: (ctx: Ctx, input: Record<string, unknown>) => T;
  update: (ctx: Ctx, id: number, input: Record<string, unknown>) => T;
  delete: (ctx: Ctx, id: number, force: boolean) => T;
  /** The answer to a GET of one item, where it is not the item's view. */
  read?: (ctx: Ctx) => Result;
  /** The answer to a DELETE of one item, where it is not the view of what `delete` returns. */
  remove?: (ctx: Ctx) => Result;
  /** Runs before a batch is looked at (a missing parent fails the whole batch). */
  beforeBatch?: (ctx: Ctx) => void;
}

function resourceRoutes<T extends { id: number }>(r: Resource<T>): Route[] {
  const edit: Endpoint = {
    kind: 'edit',
    handle: (ctx) => ok(r.view(ctx, r.update(ctx, itemId(ctx), readParams(ctx, r.props)))),
  };
  const batchEndpoint: Endpoint = {
    kind: 'batch',
    handle: (ctx) => {
      r.beforeBatch?.(ctx);
      return batch(ctx, r.props, {
        create: (item) => r.view(ctx, r.create(ctx, item)),
        update: (id, item) => r.view(ctx, r.update(ctx, id, item)),
        delete: (id) => r.view(ctx, r.delete(ctx, id, true)),
      });
    },
  };
  return [
    {
      pattern: new RegExp(`^${r.path}$`),
      methods: {
        GET: { kind: 'list', handle: r.list },
        POST: {
          kind: 'create',
          handle: (ctx) => {
            const item = r.create(ctx, readParams(ctx, r.props, r.required));
            return created(ctx, r.view(ctx, item), `${r.location(ctx)}/${item.id}`);
          },
        },
      },
    },
    { pattern: new RegExp(`^${r.path}/batch$`), methods: editable(batchEndpoint) },
    {
      pattern: new RegExp(`^${r.path}/(\\d+)$`),
      methods: {
        GET: { kind: 'read', handle: r.read ?? ((ctx) => ok(r.view(ctx, r.get(ctx, itemId(ctx))))) },
        ...editable(edit),
        DELETE: { kind: 'delete', handle: r.remove ?? ((ctx) => ok(r.view(ctx, r.delete(ctx, itemId(ctx), forceOf(ctx))))) },
      },
    },
  ];
}

function productRoutes(): Route[] {
  const listProps: Record<string, Schema> = {
    ...paging,
    search: s.string(),
    status: s.string(['any', ...PRODUCT_STATUSES]),
    type: s.string(['simple', 'grouped', 'external', 'variable']),
    sku: s.string(),
    category: s.string(),
    stock_status: s.string(['instock', 'outofstock', 'onbackorder']),
    parent: idList,
    ...idFilters,
    ...dateFilters,
    order,
    orderby: s.string(['date', 'modified', 'id', 'include', 'title', 'slug', 'price', 'popularity', 'rating', 'menu_order']),
  };
  const products = resourceRoutes<ProductRecord>({
    path: 'products',
    location: () => 'products',
    props: productProperties,
    list: (ctx) => {
      const p = readParams(ctx, listProps);
      const category = p.category === undefined ? undefined : Number(p.category);
      const items = queryProducts(ctx.state, {
        status: p.status as string | undefined,
        type: p.type as string | undefined,
        sku: p.sku as string | undefined,
        search: p.search as string | undefined,
        category: category !== undefined && Number.isFinite(category) ? category : undefined,
        stockStatus: p.stock_status as string | undefined,
        parent: p.parent as number[] | undefined,
        ...idsOf(p),
        ...datesOf(ctx, p),
        ...sortOf(p, 'date', 'desc'),
      });
      return paged(ctx, items, (x) => productView(ctx.state, x), pageOf(p));
    },
    view: (ctx, p) => productView(ctx.state, p),
    get: (ctx, id) => getProduct(ctx.state, id),
    create: (ctx, input) => createProduct(ctx.state, input as ProductInput),
    update: (ctx, id, input) => updateProduct(ctx.state, id, input as ProductInput),
    delete: (ctx, id, force) => deleteProduct(ctx.state, id, force),
    remove: (ctx) => {
      const force = forceOf(ctx);
      const view = force ? productView(ctx.state, getProduct(ctx.state, ctx.ids[0])) : undefined;
      const p = deleteProduct(ctx.state, ctx.ids[0], force);
      return ok(view ?? productView(ctx.state, p));
    },
  });
  const categories = resourceRoutes<CategoryRecord>({
    path: 'products/categories',
    location: () => 'products/categories',
    props: categoryProperties,
    required: ['name'],
    list: (ctx) => {
      const p = readParams(ctx, {
        ...paging,
        search: s.string(),
        slug: s.string(),
        parent: s.int(0),
        hide_empty: s.bool(),
        ...idFilters,
        order,
        orderby: s.string(['id', 'include', 'name', 'slug', 'term_group', 'description', 'count']),
      });
      const items = queryCategories(ctx.state, {
        search: p.search as string | undefined,
        slug: p.slug as string | undefined,
        parent: p.parent as number | undefined,
        hideEmpty: p.hide_empty === true,
        ...idsOf(p),
        ...sortOf(p, 'name', 'asc'),
      });
      return paged(ctx, items, (c) => categoryView(ctx.state, c), pageOf(p));
    },
    view: (ctx, c) => categoryView(ctx.state, c),
    get: (ctx, id) => getCategory(ctx.state, id),
    create: (ctx, input) => createCategory(ctx.state, input as CategoryInput),
    update: (ctx, id, input) => updateCategory(ctx.state, id, input as CategoryInput),
    delete: (ctx, id, force) => deleteCategory(ctx.state, id, force),
    remove: (ctx) => {
      const view = categoryView(ctx.state, getCategory(ctx.state, ctx.ids[0]));
      deleteCategory(ctx.state, ctx.ids[0], forceOf(ctx));
      return ok(view);
    },
  });
  const variations = resourceRoutes<ProductRecord>({
    path: 'products/(\\d+)/variations',
    location: (ctx) => `products/${ctx.ids[0]}/variations`,
    props: variationProperties,
    list: (ctx) => {
      const p = readParams(ctx, {
        ...paging,
        sku: s.string(),
        status: s.string(['any', ...VARIATION_STATUSES]),
        order,
        orderby: s.string(['date', 'id', 'include', 'title', 'slug', 'modified', 'menu_order']),
      });
      const items = queryVariations(ctx.state, ctx.ids[0], {
        sku: p.sku as string | undefined,
        status: p.status as string | undefined,
        ...sortOf(p, 'menu_order', 'asc'),
      });
      return paged(ctx, items, (v) => variationView(ctx.state, v), pageOf(p));
    },
    view: (ctx, v) => variationView(ctx.state, v),
    get: (ctx, id) => getVariation(ctx.state, ctx.ids[0], id),
    create: (ctx, input) => createVariation(ctx.state, ctx.ids[0], input as VariationInput),
    update: (ctx, id, input) => updateVariation(ctx.state, ctx.ids[0], id, input as VariationInput),
    delete: (ctx, id, force) => deleteVariation(ctx.state, ctx.ids[0], id, force),
    remove: (ctx) => {
      const view = variationView(ctx.state, getVariation(ctx.state, ctx.ids[0], ctx.ids[1]));
      const v = deleteVariation(ctx.state, ctx.ids[0], ctx.ids[1], forceOf(ctx));
      return ok(v.status === 'trash' ? variationView(ctx.state, v) : view);
    },
    beforeBatch: (ctx) => {
      getProduct(ctx.state, ctx.ids[0]);
    },
  });
  return [...products, ...categories, ...variations];
}

function customerRoutes(): Route[] {
  return resourceRoutes<CustomerRecord>({
    path: 'customers',
    location: () => 'customers',
    props: customerProperties,
    required: ['email'],
    list: (ctx) => {
      const p = readParams(ctx, {
        ...paging,
        search: s.string(),
        email: s.string(),
        role: s.string(['all', 'administrator', 'editor', 'author', 'contributor', 'subscriber', 'customer', 'shop_manager']),
        ...idFilters,
        order,
        orderby: s.string(['id', 'include', 'name', 'registered_date']),
      });
      const items = queryCustomers(ctx.state, {
        email: p.email as string | undefined,
        search: p.search as string | undefined,
        role: (p.role as string | undefined) ?? 'customer',
        ...idsOf(p),
        ...sortOf(p, 'name', 'asc'),
      });
      return paged(ctx, items, (c) => customerView(ctx.state, c), pageOf(p));
    },
    view: (ctx, c) => customerView(ctx.state, c),
    get: (ctx, id) => getCustomer(ctx.state, id),
    create: (ctx, input) => createCustomer(ctx.state, input as CustomerInput),
    update: (ctx, id, input) => updateCustomer(ctx.state, id, input as CustomerInput),
    delete: (ctx, id, force) => deleteCustomer(ctx.state, id, force),
  });
}

function orderRoutes(): Route[] {
  const orders = resourceRoutes<OrderRecord>({
    path: 'orders',
    location: () => 'orders',
    props: orderProperties,
    list: (ctx) => {
      const p = readParams(ctx, {
        ...paging,
        search: s.string(),
        status: s.array(s.string(['any', ...ORDER_STATUSES])),
        customer: s.int(),
        product: s.int(),
        ...idFilters,
        parent: idList,
        ...dateFilters,
        order,
        orderby: s.string(['date', 'modified', 'id', 'include', 'title', 'slug']),
      });
      const items = queryOrders(ctx.state, {
        statuses: (p.status as string[] | undefined) ?? ['any'],
        customer: p.customer as number | undefined,
        product: p.product as number | undefined,
        search: p.search as string | undefined,
        ...idsOf(p),
        parent: p.parent as number[] | undefined,
        ...datesOf(ctx, p),
        ...sortOf(p, 'date', 'desc'),
      });
      return paged(ctx, items, (o) => orderView(ctx.state, o), pageOf(p));
    },
    view: (ctx, o) => orderView(ctx.state, o),
    get: (ctx, id) => getOrder(ctx.state, id),
    create: (ctx, input) => createOrder(ctx.state, input as OrderInput, 'rest-api'),
    update: (ctx, id, input) => updateOrder(ctx.state, id, input as OrderInput),
    delete: (ctx, id, force) => deleteOrder(ctx.state, id, force),
  });
  return [
    ...orders,
    {
      pattern: /^orders\/(\d+)\/notes$/,
      methods: {
        GET: {
          kind: 'list',
          handle: (ctx) => {
            const p = readParams(ctx, { type: s.string(['any', 'customer', 'internal']) });
            const { order: o, notes } = listNotes(ctx.state, ctx.ids[0], (p.type as string | undefined) ?? 'any');
            return ok(notes.map((n) => noteView(ctx.state, o, n)));
          },
        },
        POST: {
          kind: 'create',
          handle: (ctx) => {
            const input = readParams(ctx, noteProperties, ['note']) as NoteInput;
            const note = createNote(ctx.state, ctx.ids[0], input);
            const o = getOrder(ctx.state, ctx.ids[0]);
            return created(ctx, noteView(ctx.state, o, note), `orders/${o.id}/notes/${note.id}`);
          },
        },
      },
    },
    {
      pattern: /^orders\/(\d+)\/notes\/(\d+)$/,
      methods: {
        GET: {
          kind: 'read',
          handle: (ctx) => {
            const { order: o, note } = getNote(ctx.state, ctx.ids[0], ctx.ids[1]);
            return ok(noteView(ctx.state, o, note));
          },
        },
        DELETE: {
          kind: 'delete',
          handle: (ctx) => {
            const { order: o, note } = deleteNote(ctx.state, ctx.ids[0], ctx.ids[1], forceOf(ctx));
            return ok(noteView(ctx.state, o, note));
          },
        },
      },
    },
  ];
}

function webhookRoutes(): Route[] {
  const contextParam = { context: s.string(['view', 'edit']) };
  return resourceRoutes<WebhookRecord>({
    path: 'webhooks',
    location: () => 'webhooks',
    props: webhookProperties,
    required: ['topic', 'delivery_url'],
    list: (ctx) => {
      const p = readParams(ctx, {
        ...paging,
        search: s.string(),
        status: s.string(['all', 'active', 'paused', 'disabled']),
        ...idFilters,
        ...contextParam,
        order,
        orderby: s.string(['date', 'id', 'title']),
      });
      const items = queryWebhooks(ctx.state, {
        status: (p.status as string | undefined) ?? 'all',
        search: p.search as string | undefined,
        ...idsOf(p),
        ...sortOf(p, 'date', 'desc'),
      });
      const context = p.context === 'edit' ? 'edit' : 'view';
      return paged(ctx, items, (w) => webhookView(ctx.state, w, context), pageOf(p));
    },
    view: (ctx, w) => webhookView(ctx.state, w, 'edit'),
    get: (ctx, id) => getWebhook(ctx.state, id),
    create: (ctx, input) => {
      const w = createWebhook(ctx.state, input as WebhookInput);
      ctx.dispatcher.ping(w);
      return w;
    },
    update: (ctx, id, input) => updateWebhook(ctx.state, id, input as WebhookInput),
    delete: (ctx, id, force) => deleteWebhook(ctx.state, id, force),
    read: (ctx) => {
      const p = readParams(ctx, contextParam);
      return ok(webhookView(ctx.state, getWebhook(ctx.state, ctx.ids[0]), p.context === 'edit' ? 'edit' : 'view'));
    },
  });
}

const ROUTES: readonly Route[] = [...productRoutes(), ...customerRoutes(), ...orderRoutes(), ...webhookRoutes()];

// ---------------------------------------------------------------------------------------------
// Entry

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return parsePhpQuery(text);
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return asObject(JSON.parse(text));
    } catch (err) {
      throw new RestError('rest_invalid_json', 'Invalid JSON body passed.', 400, {
        json_error_code: 4,
        json_error_message: err instanceof Error ? err.message : 'Syntax error',
      });
    }
  }
  return {};
}

/**
 * Serves one request under /wp-json/wc/v3. `route` is the path after the prefix (no leading slash).
 * Order of checks as in WordPress: bad credentials, unknown route, anonymous access, body, parameters.
 */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
  env: {
    state: ShopState;
    dispatcher: WebhookDispatcher;
    credentials: Credentials;
    log: (line: string) => void;
    /** Test aids: injected faults and the call counter (see faults.ts). */
    faults?: FaultInjector;
    calls?: CallCounter;
  },
): Promise<void> {
  let status = 500;
  let method = (req.method ?? 'GET').toUpperCase();
  try {
    const query = parsePhpQuery(url.search.slice(1)) as Record<string, unknown>;
    const override = (req.headers['x-http-method-override'] as string | undefined) ?? (typeof query._method === 'string' ? query._method : undefined);
    if (method === 'POST' && override) method = override.toUpperCase();
    env.calls?.count(method, route);
    const before = env.faults?.take('before', method, route);
    if (before) {
      req.resume();
      status = before.error.status;
      sendJson(res, status, before.error.toJSON(), before.headers);
      return;
    }
    const authenticated = authenticate(req, query, env.credentials);

    const normalized = route.replace(/\/+$/, '');
    let endpoint: Endpoint | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of ROUTES) {
      match = r.pattern.exec(normalized);
      if (match) {
        endpoint = r.methods[method as Method];
        break;
      }
    }
    if (!match || !endpoint) {
      throw new RestError('rest_no_route', 'No route was found matching the URL and request method.', 404);
    }
    if (!authenticated) {
      const [code, message] = PERMISSION_ERRORS[endpoint.kind];
      throw new RestError(code, message, 401);
    }
    const body = parseBody(req, await readBody(req, MAX_BODY));
    const params: Record<string, unknown> = { ...query, ...body };
    for (const k of ['consumer_key', 'consumer_secret', '_method']) delete params[k];
    const result = endpoint.handle({
      state: env.state,
      dispatcher: env.dispatcher,
      url,
      ids: match.slice(1).map(Number),
      params,
    });
    const lost = env.faults?.take('after', method, route);
    if (lost) {
      // served, but the answer is replaced: the caller cannot tell whether it reached the shop
      status = lost.error.status;
      sendJson(res, status, lost.error.toJSON(), lost.headers);
      return;
    }
    status = result.status;
    sendJson(res, result.status, result.body, result.headers);
  } catch (err) {
    if (err instanceof RestError) {
      status = err.status;
      sendJson(res, err.status, err.toJSON());
    } else {
      status = 500;
      env.log(`error: ${method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendJson(res, 500, {
        code: 'internal_server_error',
        message: 'There has been a critical error on this website.',
        data: { status: 500 },
      });
    }
  } finally {
    env.log(`${method} ${url.pathname} ${status}`);
  }
}
