/**
 * The REST layer's building blocks: endpoint and route types, parameter reading, paging, dates,
 * batch requests and the generic list/read/create/edit/delete routes of one resource.
 */
import { parseRestDate } from './dates';
import { RestError } from './http';
import type { ShopState } from './state';
import { type Schema, s, validateParams } from './validate';
import { type WebhookDispatcher } from './webhooks';

export const REST_PREFIX = '/wp-json/wc/v3';
export const MAX_BODY = 32 * 1024 * 1024;
export const BATCH_LIMIT = 100;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Kind = 'list' | 'read' | 'create' | 'edit' | 'delete' | 'batch';

export interface Result {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  state: ShopState;
  dispatcher: WebhookDispatcher;
  url: URL;
  /** Path groups of the matched route (ids). */
  ids: number[];
  /** Query and body parameters merged, the body winning, as WP_REST_Request::get_params does. */
  params: Record<string, unknown>;
}

export interface Endpoint {
  kind: Kind;
  handle: (ctx: Ctx) => Result;
}

export interface Route {
  pattern: RegExp;
  methods: Partial<Record<Method, Endpoint>>;
}

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
}

export const PERMISSION_ERRORS: Record<Kind, [string, string]> = {
  list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  read: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
  create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
  batch: ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.'],
};


// ---------------------------------------------------------------------------------------------
// Parameters, pagination, batches

export const paging = { page: s.int(1), per_page: s.int(1, 100), offset: s.int(0) };
export const idList = s.array(s.int());
export const order = s.string(['asc', 'desc']);

export interface Page {
  page: number;
  perPage: number;
  offset?: number;
}

export function readParams(ctx: Ctx, props: Record<string, Schema>, required: readonly string[] = []): Record<string, unknown> {
  return validateParams(props, ctx.params, 'strict', required);
}

export function pageOf(p: Record<string, unknown>): Page {
  return {
    page: (p.page as number | undefined) ?? 1,
    perPage: (p.per_page as number | undefined) ?? 10,
    offset: p.offset as number | undefined,
  };
}

/** An ISO 8601 query date as epoch ms, read in the site's zone unless `dates_are_gmt`. */
export function dateParam(ctx: Ctx, p: Record<string, unknown>, name: string): number | undefined {
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

export function paged<T>(ctx: Ctx, items: readonly T[], view: (item: T) => unknown, page: Page): Result {
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

export function created(ctx: Ctx, body: Record<string, unknown>, path: string): Result {
  return { status: 201, body, headers: { Location: `${ctx.state.baseUrl}${REST_PREFIX}/${path}` } };
}

export function forceOf(ctx: Ctx): boolean {
  return readParams(ctx, { force: s.bool() }).force === true;
}

export function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export interface BatchOps {
  create: (item: Record<string, unknown>) => unknown;
  update: (id: number, item: Record<string, unknown>) => unknown;
  delete: (id: number) => unknown;
}

export function runItem(id: unknown, fn: () => unknown): unknown {
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
export function batch(ctx: Ctx, props: Record<string, Schema>, ops: BatchOps): Result {
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
export function editable(endpoint: Endpoint): Partial<Record<Method, Endpoint>> {
  return { POST: endpoint, PUT: endpoint, PATCH: endpoint };
}

export function ok(body: unknown): Result {
  return { status: 200, body };
}

/** The id of the addressed item: the last path group (the groups before it are its parents'). */
export function itemId(ctx: Ctx): number {
  return ctx.ids[ctx.ids.length - 1];
}

/** The include/exclude id filters of the list endpoints. */
export const idFilters = { include: idList, exclude: idList };

/** The date filters of the product and order lists. */
export const dateFilters = {
  after: s.string(),
  before: s.string(),
  modified_after: s.string(),
  modified_before: s.string(),
  dates_are_gmt: s.bool(),
};

export function idsOf(p: Record<string, unknown>): { include?: number[]; exclude?: number[] } {
  return { include: p.include as number[] | undefined, exclude: p.exclude as number[] | undefined };
}

export function datesOf(
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
export function sortOf(p: Record<string, unknown>, orderby: string, order: 'asc' | 'desc'): { orderby: string; order: 'asc' | 'desc' } {
  return { orderby: (p.orderby as string | undefined) ?? orderby, order: (p.order as 'asc' | 'desc' | undefined) ?? order };
}

/**
 * A resource served by WooCommerce's standard controller routes: `<path>` (list, create),
 * `<path>/batch` and `<path>/<id>` (read, edit, delete).
 */
export interface Resource<T extends { id: number }> {
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

export function resourceRoutes<T extends { id: number }>(r: Resource<T>): Route[] {
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
