/**
 * The routes of the WooCommerce REST API v3 subset: products (with variations and categories),
 * customers, orders (with notes) and webhooks, each endpoint tied to its resource's rules.
 */
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
import type {
  CategoryRecord,
  CustomerRecord,
  OrderRecord,
  ProductRecord,
  WebhookRecord,
} from './state';
import { type Schema, s } from './validate';
import {
  type WebhookInput,
  createWebhook,
  deleteWebhook,
  getWebhook,
  queryWebhooks,
  updateWebhook,
  webhookProperties,
  webhookView,
} from './webhooks';
import {
  Route,
  paging,
  idList,
  order,
  readParams,
  pageOf,
  paged,
  created,
  forceOf,
  ok,
  idFilters,
  dateFilters,
  idsOf,
  datesOf,
  sortOf,
  resourceRoutes,
} from './rest-kit';

export function productRoutes(): Route[] {
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

export function customerRoutes(): Route[] {
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

export function orderRoutes(): Route[] {
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

export function webhookRoutes(): Route[] {
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

export const ROUTES: readonly Route[] = [...productRoutes(), ...customerRoutes(), ...orderRoutes(), ...webhookRoutes()];
