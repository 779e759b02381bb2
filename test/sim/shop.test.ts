/**
 * The simulated WooCommerce shop, tested over HTTP against a real started shop on a free loopback
 * port, with real HTTP receivers for its webhooks. Webhook delivery is asynchronous: tests wait for
 * it by polling (generous timeout) or with the shop's whenWebhooksIdle(), never by timing.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Shop, createShop } from '../../sim/shop';

const KEY = 'ck_0f3c5a0e6b1d4c2a9e8f7a6b5c4d3e2f1a0b9c8d';
const SECRET = 'cs_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b';
const BASIC = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;
const HOOK_SECRET = 'hemligt-webhook-lösenord';

interface WcError {
  code: string;
  message: string;
  data: { status: number; params?: Record<string, string>; resource_id?: number };
}

interface ProductJson {
  id: number;
  name: string;
  slug: string;
  sku: string;
  type: string;
  status: string;
  parent_id: number;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: string;
  weight: string;
  dimensions: { length: string; width: string; height: string };
  categories: { id: number; name: string }[];
  variations: number[];
  attributes: { name: string; option?: string; options?: string[] }[];
  meta_data: { key: string; value: unknown }[];
  date_modified: string;
  date_modified_gmt: string;
  error?: WcError;
}

interface LineItemJson {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  sku: string;
  subtotal: string;
  total: string;
  total_tax: string;
  price: number;
  meta_data: { key: string; value: unknown; display_key: string }[];
}

interface OrderJson {
  id: number;
  number: string;
  status: string;
  currency: string;
  created_via: string;
  total: string;
  total_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  date_paid: string | null;
  date_completed: string | null;
  date_modified_gmt: string;
  billing: { first_name: string; city: string; email: string };
  line_items: LineItemJson[];
  shipping_lines: { id: number; method_title: string; total: string; total_tax: string }[];
  tax_lines: { rate_id: number; tax_total: string; shipping_tax_total: string; rate_percent: number }[];
  meta_data: { key: string; value: unknown }[];
}

interface NoteJson {
  id: number;
  author: string;
  note: string;
  customer_note: boolean;
}

interface WebhookJson {
  id: number;
  name: string;
  status: string;
  topic: string;
  resource: string;
  event: string;
  delivery_url: string;
  secret?: string;
}

interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A REST call; `auth: 'none'` sends no credentials, a string sends it as the Authorization header. */
async function api<T>(
  shop: Shop,
  method: string,
  path: string,
  body?: unknown,
  auth: 'basic' | 'none' | string = 'basic',
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (auth === 'basic') headers.Authorization = BASIC;
  else if (auth !== 'none') headers.Authorization = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${shop.url}/wp-json/wc/v3/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T, text };
}

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  requests: Received[];
  /** Status the receiver answers with; change it to make deliveries fail or succeed. */
  answer: number;
  close(): Promise<void>;
}

async function startReceiver(answer = 200): Promise<Receiver> {
  const requests: Received[] = [];
  const receiver: Receiver = {
    url: '',
    requests,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.answer, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/woocommerce/webhook`;
  return receiver;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function signatureOf(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

async function newShop(extra: Partial<Parameters<typeof createShop>[0]> = {}): Promise<Shop> {
  return createShop({ port: 0, consumerKey: KEY, consumerSecret: SECRET, ...extra });
}

async function createSimple(shop: Shop, sku: string, name: string, price: string, stock: number): Promise<ProductJson> {
  const r = await api<ProductJson>(shop, 'POST', 'products', {
    sku,
    name,
    regular_price: price,
    manage_stock: true,
    stock_quantity: stock,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

describe('authentication', () => {
  let shop: Shop;
  before(async () => {
    shop = await newShop();
  });
  after(() => shop.close());

  test('a request without credentials is refused with WooCommerce permission errors', async () => {
    const list = await api<WcError>(shop, 'GET', 'products', undefined, 'none');
    assert.equal(list.status, 401);
    assert.deepEqual(list.body, {
      code: 'woocommerce_rest_cannot_view',
      message: 'Sorry, you cannot list resources.',
      data: { status: 401 },
    });
    const create = await api<WcError>(shop, 'POST', 'orders', { status: 'pending' }, 'none');
    assert.equal(create.status, 401);
    assert.equal(create.body.code, 'woocommerce_rest_cannot_create');
    assert.match(create.headers.get('content-type') ?? '', /^application\/json; charset=UTF-8$/);
  });

  test('a wrong key or secret gets woocommerce_rest_authentication_error', async () => {
    const badKey = `Basic ${Buffer.from(`ck_wrong:${SECRET}`).toString('base64')}`;
    const r1 = await api<WcError>(shop, 'GET', 'products', undefined, badKey);
    assert.equal(r1.status, 401);
    assert.equal(r1.body.code, 'woocommerce_rest_authentication_error');
    assert.equal(r1.body.message, 'Consumer key is invalid.');
    const badSecret = `Basic ${Buffer.from(`${KEY}:cs_wrong`).toString('base64')}`;
    const r2 = await api<WcError>(shop, 'GET', 'products', undefined, badSecret);
    assert.equal(r2.status, 401);
    assert.equal(r2.body.message, 'Consumer secret is invalid.');
  });

  test('HTTP Basic and consumer_key/consumer_secret query parameters are both accepted', async () => {
    const basic = await api<ProductJson[]>(shop, 'GET', 'products');
    assert.equal(basic.status, 200);
    assert.deepEqual(basic.body, []);
    const res = await fetch(`${shop.url}/wp-json/wc/v3/products?consumer_key=${KEY}&consumer_secret=${SECRET}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-wp-total'), '0');
    const plain = await fetch(`${shop.url}/?rest_route=/wc/v3/products&consumer_key=${KEY}&consumer_secret=${SECRET}`);
    assert.equal(plain.status, 200, 'sites without pretty permalinks answer on ?rest_route=');
  });

  test('an unknown route is rest_no_route', async () => {
    const r = await api<WcError>(shop, 'GET', 'coupons');
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'rest_no_route');
  });
});

describe('products', () => {
  let shop: Shop;
  before(async () => {
    shop = await newShop();
  });
  after(() => shop.close());

  test('create, read, filter by SKU, update and delete a product', async () => {
    const created = await api<ProductJson>(shop, 'POST', 'products', {
      sku: 'SYLT-01',
      name: 'Blåbärssylt från Norrland 400 g',
      regular_price: '49,90',
      manage_stock: true,
      stock_quantity: 10,
      weight: '0.45',
      dimensions: { length: '8', width: '8', height: '11' },
      meta_data: [{ key: 'pyramid_artikelkod', value: 'SYLT-01' }],
    });
    assert.equal(created.status, 201, created.text);
    const p = created.body;
    assert.equal(created.headers.get('location'), `${shop.url}/wp-json/wc/v3/products/${p.id}`);
    assert.equal(p.name, 'Blåbärssylt från Norrland 400 g');
    assert.equal(p.slug, 'blabarssylt-fran-norrland-400-g');
    assert.equal(p.type, 'simple');
    assert.equal(p.status, 'publish');
    assert.equal(p.regular_price, '49.90', 'a decimal comma is normalised as wc_format_decimal does');
    assert.equal(p.price, '49.90');
    assert.equal(p.stock_quantity, 10);
    assert.equal(p.stock_status, 'instock');
    assert.deepEqual(p.dimensions, { length: '8', width: '8', height: '11' });
    assert.deepEqual(p.categories.map((c) => c.name), ['Uncategorized']);
    assert.deepEqual(p.meta_data.map((m) => [m.key, m.value]), [['pyramid_artikelkod', 'SYLT-01']]);
    assert.match(created.text, /Bl\\u00e5b\\u00e4rssylt/, 'JSON is encoded as PHP json_encode writes it');

    const other = await createSimple(shop, 'KNÄCKE-02', 'Knäckebröd råg', '24.50', 30);

    const bySku = await api<ProductJson[]>(shop, 'GET', 'products?sku=SYLT-01');
    assert.equal(bySku.status, 200);
    assert.deepEqual(bySku.body.map((x) => x.id), [p.id]);
    assert.equal(bySku.headers.get('x-wp-total'), '1');
    const twoSkus = await api<ProductJson[]>(shop, 'GET', `products?sku=${encodeURIComponent('SYLT-01,KNÄCKE-02')}&orderby=id&order=asc`);
    assert.deepEqual(twoSkus.body.map((x) => x.id), [p.id, other.id]);
    const search = await api<ProductJson[]>(shop, 'GET', 'products?search=blabarssylt');
    assert.deepEqual(search.body.map((x) => x.id), [p.id], 'search ignores case and accents as MySQL does');

    const got = await api<ProductJson>(shop, 'GET', `products/${p.id}`);
    assert.equal(got.body.sku, 'SYLT-01');

    const put = await api<ProductJson>(shop, 'PUT', `products/${p.id}`, { stock_quantity: 0 });
    assert.equal(put.status, 200);
    assert.equal(put.body.stock_quantity, 0);
    assert.equal(put.body.stock_status, 'outofstock');
    const post = await api<ProductJson>(shop, 'POST', `products/${p.id}`, { sale_price: '39.90', stock_quantity: 5 });
    assert.equal(post.body.price, '39.90');
    assert.equal(post.body.on_sale, true);
    assert.equal(post.body.stock_status, 'instock');

    const trashed = await api<ProductJson>(shop, 'DELETE', `products/${p.id}`);
    assert.equal(trashed.status, 200);
    assert.equal(trashed.body.status, 'trash');
    const afterTrash = await api<ProductJson[]>(shop, 'GET', 'products?sku=SYLT-01');
    assert.deepEqual(afterTrash.body, [], 'trashed products are not listed');
    const deleted = await api<ProductJson>(shop, 'DELETE', `products/${p.id}?force=true`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.id, p.id);
    const gone = await api<WcError>(shop, 'GET', `products/${p.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'woocommerce_rest_product_invalid_id');
  });

  test('SKUs are unique across products, compared case-insensitively', async () => {
    const first = await createSimple(shop, 'SKRUV-M6', 'Skruv M6', '2.50', 100);
    const dup = await api<WcError>(shop, 'POST', 'products', { sku: 'skruv-m6', name: 'Skruv M6 (kopia)' });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, 'product_invalid_sku');
    assert.equal(dup.body.message, 'Invalid or duplicated SKU.');
    assert.equal(dup.body.data.resource_id, first.id);
    const update = await api<WcError>(shop, 'PUT', `products/${(await createSimple(shop, 'MUTTER-M6', 'Mutter M6', '1.20', 5)).id}`, {
      sku: 'SKRUV-M6',
    });
    assert.equal(update.status, 400);
    assert.equal(update.body.code, 'product_invalid_sku');
  });

  test('parameters are validated as WordPress does (a price must be a string)', async () => {
    const r = await api<WcError>(shop, 'POST', 'products', { name: 'Fel pris', regular_price: 12.5 });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'rest_invalid_param');
    assert.equal(r.body.message, 'Invalid parameter(s): regular_price');
    assert.deepEqual(r.body.data.params, { regular_price: 'regular_price is not of type string.' });
    const badStatus = await api<WcError>(shop, 'POST', 'products', { name: 'X', status: 'published' });
    assert.equal(badStatus.body.code, 'rest_invalid_param');
    assert.match(badStatus.body.data.params?.status ?? '', /^status is not one of draft, pending, private, publish/);
  });

  test('lists are paginated with X-WP-Total, X-WP-TotalPages and Link, at most 100 per page', async () => {
    const before = Number((await api<ProductJson[]>(shop, 'GET', 'products')).headers.get('x-wp-total'));
    const batch = await api<{ create: ProductJson[] }>(shop, 'POST', 'products/batch', {
      create: Array.from({ length: 12 }, (_, i) => ({ sku: `PAGE-${i}`, name: `Sida ${i}`, regular_price: '10.00' })),
    });
    assert.equal(batch.status, 200);
    const total = before + 12;
    const page2 = await api<ProductJson[]>(shop, 'GET', 'products?per_page=5&page=2&orderby=id&order=asc');
    assert.equal(page2.status, 200);
    assert.equal(page2.body.length, 5);
    assert.equal(page2.headers.get('x-wp-total'), String(total));
    assert.equal(page2.headers.get('x-wp-totalpages'), String(Math.ceil(total / 5)));
    const link = page2.headers.get('link') ?? '';
    assert.match(link, /page=1>; rel="prev"/);
    assert.match(link, /page=3>; rel="next"/);
    assert.doesNotMatch(link, /consumer_/);
    const all = await api<ProductJson[]>(shop, 'GET', 'products?per_page=100&orderby=id&order=asc');
    assert.equal(all.body.length, total);
    assert.equal(page2.body[0].id, all.body[5].id);
    const tooMany = await api<WcError>(shop, 'GET', 'products?per_page=101');
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.code, 'rest_invalid_param');
    assert.equal(tooMany.body.data.params?.per_page, 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  });

  test('products/batch refuses more than 100 items in total with 413, touching nothing', async () => {
    const before = (await api<ProductJson[]>(shop, 'GET', 'products')).headers.get('x-wp-total');
    const r = await api<WcError>(shop, 'POST', 'products/batch', {
      create: Array.from({ length: 60 }, (_, i) => ({ sku: `BIG-${i}`, name: `Stor ${i}` })),
      update: Array.from({ length: 41 }, (_, i) => ({ id: 1000 + i, name: 'x' })),
    });
    assert.equal(r.status, 413);
    assert.deepEqual(r.body, {
      code: 'woocommerce_rest_request_entity_too_large',
      message: 'Unable to accept more than 100 items for this request.',
      data: { status: 413 },
    });
    const afterCount = (await api<ProductJson[]>(shop, 'GET', 'products')).headers.get('x-wp-total');
    assert.equal(afterCount, before);
    const exactly100 = await api<{ create: ProductJson[] }>(shop, 'POST', 'products/batch', {
      create: Array.from({ length: 100 }, (_, i) => ({ sku: `HUNDRA-${i}`, name: `Hundra ${i}` })),
    });
    assert.equal(exactly100.status, 200);
    assert.equal(exactly100.body.create.length, 100);
  });

  test('a batch answers each item in place, errors included', async () => {
    const keep = await createSimple(shop, 'BATCH-KEEP', 'Behålls', '10.00', 1);
    const drop = await createSimple(shop, 'BATCH-DROP', 'Tas bort', '10.00', 1);
    const r = await api<{ create: ProductJson[]; update: ProductJson[]; delete: ProductJson[] }>(shop, 'POST', 'products/batch', {
      create: [
        { sku: 'BATCH-NEW', name: 'Ny vara', regular_price: '15.00' },
        { sku: 'BATCH-KEEP', name: 'Dubblett' },
      ],
      // Batch items skip schema validation in WooCommerce, so a numeric price is cast, not refused.
      update: [{ id: keep.id, regular_price: 59 }, { id: 999999, name: 'finns inte' }],
      delete: [drop.id],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.create[0].sku, 'BATCH-NEW');
    assert.equal(r.body.create[1].id, 0);
    assert.equal(r.body.create[1].error?.code, 'product_invalid_sku');
    assert.equal(r.body.create[1].error?.data.status, 400);
    assert.equal(r.body.update[0].regular_price, '59');
    assert.equal(r.body.update[1].id, 999999);
    assert.equal(r.body.update[1].error?.code, 'woocommerce_rest_product_invalid_id');
    assert.equal(r.body.delete[0].id, drop.id);
    assert.equal((await api<WcError>(shop, 'GET', `products/${drop.id}`)).status, 404, 'batch delete is forced');
  });

  test('variations: a variable product, its variants by SKU, derived price and stock', async () => {
    const parent = await api<ProductJson>(shop, 'POST', 'products', {
      sku: 'JACKA',
      name: 'Arbetsjacka',
      type: 'variable',
      attributes: [
        { name: 'Färg', options: ['Röd', 'Blå'], variation: true, visible: true },
        { name: 'Material', options: ['Bomull'], variation: false, visible: true },
      ],
    });
    assert.equal(parent.status, 201, parent.text);
    const id = parent.body.id;
    const batch = await api<{ create: ProductJson[] }>(shop, 'POST', `products/${id}/variations/batch`, {
      create: [
        { sku: 'JACKA-RÖD', regular_price: '899.00', manage_stock: true, stock_quantity: 4, attributes: [{ name: 'Färg', option: 'Röd' }] },
        {
          sku: 'JACKA-BLÅ',
          regular_price: '849.00',
          manage_stock: true,
          stock_quantity: 0,
          // Material is not a variation attribute of the parent, so WooCommerce ignores it.
          attributes: [{ name: 'Färg', option: 'Blå' }, { name: 'Material', option: 'Bomull' }],
        },
      ],
    });
    assert.equal(batch.status, 200, batch.text);
    const [red, blue] = batch.body.create;
    assert.deepEqual(red.attributes, [{ id: 0, name: 'Färg', option: 'Röd' }]);
    assert.deepEqual(blue.attributes, [{ id: 0, name: 'Färg', option: 'Blå' }]);

    const list = await api<ProductJson[]>(shop, 'GET', `products/${id}/variations`);
    assert.deepEqual(list.body.map((v) => v.sku).sort(), ['JACKA-BLÅ', 'JACKA-RÖD']);
    assert.equal(list.headers.get('x-wp-total'), '2');

    const p = (await api<ProductJson>(shop, 'GET', `products/${id}`)).body;
    assert.deepEqual(p.variations.sort(), [red.id, blue.id].sort());
    assert.equal(p.price, '849.00', 'a variable product shows its lowest variation price');
    assert.equal(p.stock_status, 'instock');

    const bySku = await api<ProductJson[]>(shop, 'GET', `products?sku=${encodeURIComponent('JACKA-RÖD')}`);
    assert.equal(bySku.body.length, 1, 'the products endpoint finds variations by SKU');
    assert.equal(bySku.body[0].type, 'variation');
    assert.equal(bySku.body[0].parent_id, id);
    assert.equal(bySku.body[0].name, 'Arbetsjacka - Röd');

    const dupe = await api<WcError>(shop, 'POST', `products/${id}/variations`, { sku: 'jacka' });
    assert.equal(dupe.body.code, 'product_invalid_sku', 'variation SKUs share the products SKU space');

    const upd = await api<ProductJson>(shop, 'PUT', `products/${id}/variations/${red.id}`, { stock_quantity: 0 });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.stock_status, 'outofstock');
    assert.equal((await api<ProductJson>(shop, 'GET', `products/${id}`)).body.stock_status, 'outofstock');

    const viaProducts = await api<WcError>(shop, 'PUT', `products/${red.id}`, { name: 'x' });
    assert.equal(viaProducts.status, 404);
    assert.equal(viaProducts.body.code, 'woocommerce_rest_invalid_product_id');
    const orphan = await api<WcError>(shop, 'POST', 'products/999999/variations', { sku: 'X' });
    assert.equal(orphan.status, 404);
    assert.equal(orphan.body.code, 'woocommerce_rest_product_variation_invalid_parent');
  });

  test('product categories: create, refuse a duplicate name, find by search, assign by id', async () => {
    const c = await api<{ id: number; name: string; slug: string; count: number }>(shop, 'POST', 'products/categories', {
      name: 'Fästelement',
    });
    assert.equal(c.status, 201);
    assert.equal(c.body.slug, 'fastelement');
    const dup = await api<WcError>(shop, 'POST', 'products/categories', { name: 'fästelement' });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, 'term_exists');
    assert.equal(dup.body.data.resource_id, c.body.id);
    const missing = await api<WcError>(shop, 'POST', 'products/categories', {});
    assert.equal(missing.body.code, 'rest_missing_callback_param');
    const found = await api<{ id: number }[]>(shop, 'GET', `products/categories?search=${encodeURIComponent('Fäst')}`);
    assert.deepEqual(found.body.map((x) => x.id), [c.body.id]);
    const p = await api<ProductJson>(shop, 'POST', 'products', { name: 'Bult', categories: [{ id: c.body.id }, { id: 987654 }] });
    assert.deepEqual(p.body.categories.map((x) => x.name), ['Fästelement'], 'unknown category ids are skipped');
  });
});

describe('customers', () => {
  let shop: Shop;
  before(async () => {
    shop = await newShop();
  });
  after(() => shop.close());

  test('create, find by e-mail, refuse a duplicate, update', async () => {
    interface CustomerJson {
      id: number;
      email: string;
      username: string;
      first_name: string;
      billing: { company: string; city: string };
    }
    const c = await api<CustomerJson>(shop, 'POST', 'customers', {
      email: 'inkop@bjorksoner.example.se',
      first_name: 'Björn',
      last_name: 'Ek',
      password: 'hemligt',
      billing: { company: 'Björk & Söner AB', city: 'Helsingborg', country: 'SE' },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.username, 'inkop');
    assert.doesNotMatch(c.text, /hemligt/, 'the password is never answered');
    const found = await api<CustomerJson[]>(shop, 'GET', 'customers?email=INKOP@bjorksoner.example.se');
    assert.deepEqual(found.body.map((x) => x.id), [c.body.id]);
    const none = await api<CustomerJson[]>(shop, 'GET', 'customers?email=nobody@example.se');
    assert.deepEqual(none.body, []);
    const dup = await api<WcError>(shop, 'POST', 'customers', { email: 'inkop@bjorksoner.example.se' });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, 'registration-error-email-exists');
    const noEmail = await api<WcError>(shop, 'POST', 'customers', { first_name: 'Anna' });
    assert.equal(noEmail.body.code, 'rest_missing_callback_param');
    const upd = await api<CustomerJson>(shop, 'PUT', `customers/${c.body.id}`, { billing: { city: 'Höganäs' } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.billing.city, 'Höganäs');
    assert.equal(upd.body.billing.company, 'Björk & Söner AB');
  });
});

describe('orders and order.created webhooks', () => {
  let shop: Shop;
  let receiver: Receiver;
  let jam: ProductJson;
  before(async () => {
    receiver = await startReceiver();
    shop = await newShop({
      webhooks: [{ topic: 'order.created', deliveryUrl: receiver.url, secret: HOOK_SECRET }],
      webhookDelivery: { retries: 2, backoffMs: 5 },
    });
    jam = await createSimple(shop, 'SYLT-01', 'Blåbärssylt 400 g', '49.90', 10);
  });
  after(async () => {
    await shop.close();
    await receiver.close();
  });

  let orderId = 0;

  test('an order created over REST has VAT to the öre, takes stock and fires a signed order.created', async () => {
    const r = await api<OrderJson>(shop, 'POST', 'orders', {
      set_paid: true,
      payment_method: 'kco',
      payment_method_title: 'Klarna',
      billing: { first_name: 'Åsa', last_name: 'Öhman', city: 'Östersund', email: 'asa@example.se', country: 'SE' },
      line_items: [{ sku: 'SYLT-01', quantity: 3 }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNord MyPack', total: '63.20' }],
    });
    assert.equal(r.status, 201, r.text);
    const o = r.body;
    orderId = o.id;
    assert.equal(o.status, 'processing');
    assert.equal(o.created_via, 'rest-api');
    assert.equal(o.currency, 'SEK');
    assert.notEqual(o.date_paid, null);
    assert.equal(o.line_items[0].product_id, jam.id);
    assert.equal(o.line_items[0].total, '119.76');
    assert.equal(o.line_items[0].total_tax, '29.94');
    assert.equal(o.shipping_total, '63.20');
    assert.equal(o.shipping_tax, '15.80');
    assert.equal(o.cart_tax, '29.94');
    assert.equal(o.total_tax, '45.74');
    assert.equal(o.total, '228.70', '3 × 49.90 + 79.00 shipping, all including 25 % VAT');
    assert.deepEqual(o.tax_lines.map((t) => [t.rate_percent, t.tax_total, t.shipping_tax_total]), [[25, '29.94', '15.80']]);
    assert.equal((await api<ProductJson>(shop, 'GET', `products/${jam.id}`)).body.stock_quantity, 7);

    await waitFor(() => receiver.requests.length >= 1, 'the order.created delivery');
    const delivery = receiver.requests[0];
    assert.equal(delivery.method, 'POST');
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['x-wc-webhook-topic'], 'order.created');
    assert.equal(delivery.headers['x-wc-webhook-resource'], 'order');
    assert.equal(delivery.headers['x-wc-webhook-event'], 'created');
    assert.equal(delivery.headers['x-wc-webhook-source'], `${shop.url}/`);
    assert.match(String(delivery.headers['x-wc-webhook-id']), /^\d+$/);
    assert.match(String(delivery.headers['x-wc-webhook-delivery-id']), /^[0-9a-f]{32}$/);
    assert.match(String(delivery.headers['user-agent']), /^WooCommerce\/\S+ Hookshot \(WordPress\/\S+\)$/);
    assert.equal(delivery.headers['x-wc-webhook-signature'], signatureOf(delivery.body, HOOK_SECRET));
    assert.notEqual(
      delivery.headers['x-wc-webhook-signature'],
      signatureOf(JSON.stringify(JSON.parse(delivery.body)), HOOK_SECRET),
      'the signature covers the raw PHP-encoded body, not a re-serialisation',
    );
    assert.match(delivery.body, /\\u00c5sa/);
    const payload = JSON.parse(delivery.body) as OrderJson;
    assert.equal(payload.id, o.id);
    assert.equal(payload.billing.first_name, 'Åsa');
    assert.equal(payload.line_items[0].sku, 'SYLT-01');
  });

  test('order update (status, meta data, tracking) and notes', async () => {
    const upd = await api<OrderJson>(shop, 'PUT', `orders/${orderId}`, {
      status: 'completed',
      meta_data: [
        { key: '_pyramid_order_number', value: '200731' },
        { key: '_tracking_number', value: '00370712345678901234' },
        { key: '_tracking_url', value: 'https://tracking.postnord.com/se/?id=00370712345678901234' },
      ],
    });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.body.status, 'completed');
    assert.notEqual(upd.body.date_completed, null);
    const meta = Object.fromEntries(upd.body.meta_data.map((m) => [m.key, m.value]));
    assert.equal(meta._pyramid_order_number, '200731');
    assert.equal(meta._tracking_number, '00370712345678901234');

    const reship = await api<OrderJson>(shop, 'PUT', `orders/${orderId}`, {
      shipping_lines: [{ id: upd.body.shipping_lines[0].id, method_title: 'PostNord MyPack Home', total: '79.20' }],
    });
    assert.equal(reship.status, 200, reship.text);
    assert.deepEqual(reship.body.shipping_lines.map((l) => [l.method_title, l.total, l.total_tax]), [
      ['PostNord MyPack Home', '79.20', '19.80'],
    ]);
    assert.equal(reship.body.total, '248.70', 'totals follow the changed shipping line');

    const again = await api<OrderJson>(shop, 'PUT', `orders/${orderId}`, { meta_data: [{ key: '_pyramid_order_number', value: '200732' }] });
    assert.deepEqual(
      again.body.meta_data.filter((m) => m.key === '_pyramid_order_number').map((m) => m.value),
      ['200732'],
      'updating a meta key replaces its value',
    );

    const note = await api<NoteJson>(shop, 'POST', `orders/${orderId}/notes`, {
      note: 'Skickad med PostNord, kolli-id 00370712345678901234.',
      customer_note: true,
    });
    assert.equal(note.status, 201, note.text);
    assert.equal(note.body.customer_note, true);
    assert.equal(note.body.author, 'system');
    const notes = await api<NoteJson[]>(shop, 'GET', `orders/${orderId}/notes`);
    assert.equal(notes.body[0].id, note.body.id, 'newest note first');
    assert.ok(notes.body.some((n) => n.note === 'Order status changed from Processing to Completed.'));
    assert.ok(notes.body.some((n) => n.note.startsWith('Stock levels reduced: Blåbärssylt 400 g (SYLT-01) 10→7')));
    const customerOnly = await api<NoteJson[]>(shop, 'GET', `orders/${orderId}/notes?type=customer`);
    assert.deepEqual(customerOnly.body.map((n) => n.id), [note.body.id]);
    const noNote = await api<WcError>(shop, 'POST', `orders/${orderId}/notes`, {});
    assert.equal(noNote.body.code, 'rest_missing_callback_param');
    const badOrder = await api<WcError>(shop, 'GET', 'orders/999999/notes');
    assert.equal(badOrder.body.code, 'woocommerce_rest_order_invalid_id');
  });

  test('orders are listed by status and modification date; cancelling returns the stock', async () => {
    const completed = await api<OrderJson[]>(shop, 'GET', 'orders?status=completed');
    assert.deepEqual(completed.body.map((o) => o.id), [orderId]);
    assert.deepEqual((await api<OrderJson[]>(shop, 'GET', 'orders?status=processing,on-hold')).body, []);
    const since = await api<OrderJson[]>(shop, 'GET', 'orders?modified_after=2000-01-01T00:00:00');
    assert.deepEqual(since.body.map((o) => o.id), [orderId]);
    const future = await api<OrderJson[]>(shop, 'GET', 'orders?modified_after=2999-01-01T00:00:00Z');
    assert.deepEqual(future.body, []);
    const badDate = await api<WcError>(shop, 'GET', 'orders?after=yesterday');
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.data.params?.after, 'Invalid date.');

    const second = await api<OrderJson>(shop, 'POST', 'orders', { status: 'on-hold', line_items: [{ product_id: jam.id, quantity: 2 }] });
    assert.equal(second.body.status, 'on-hold');
    assert.equal((await api<ProductJson>(shop, 'GET', `products/${jam.id}`)).body.stock_quantity, 5);
    await api<OrderJson>(shop, 'PUT', `orders/${second.body.id}`, { status: 'cancelled' });
    assert.equal((await api<ProductJson>(shop, 'GET', `products/${jam.id}`)).body.stock_quantity, 7);
    const missing = await api<WcError>(shop, 'PUT', 'orders/999999', { status: 'completed' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'woocommerce_rest_shop_order_invalid_id');
    const noProduct = await api<WcError>(shop, 'POST', 'orders', { line_items: [{ quantity: 1 }] });
    assert.equal(noProduct.body.code, 'woocommerce_rest_required_product_reference');
  });

  test('POST /sim/redeliver/:orderId delivers the same order again under a new delivery id', async () => {
    await shop.whenWebhooksIdle();
    const before = receiver.requests.length;
    const res = await fetch(`${shop.url}/sim/redeliver/${orderId}`, { method: 'POST' });
    assert.equal(res.status, 202);
    const answer = (await res.json()) as { delivery_ids: string[] };
    assert.equal(answer.delivery_ids.length, 1);
    await waitFor(() => receiver.requests.length === before + 1, 'the redelivery');
    const original = receiver.requests.find((r) => (JSON.parse(r.body) as OrderJson).id === orderId);
    const duplicate = receiver.requests[before];
    assert.ok(original);
    assert.equal(duplicate.headers['x-wc-webhook-topic'], 'order.created');
    assert.equal((JSON.parse(duplicate.body) as OrderJson).id, orderId);
    assert.equal(duplicate.headers['x-wc-webhook-delivery-id'], answer.delivery_ids[0]);
    assert.notEqual(duplicate.headers['x-wc-webhook-delivery-id'], original.headers['x-wc-webhook-delivery-id']);
    assert.equal(duplicate.headers['x-wc-webhook-signature'], signatureOf(duplicate.body, HOOK_SECRET));
    const unknown = await fetch(`${shop.url}/sim/redeliver/999999`, { method: 'POST' });
    assert.equal(unknown.status, 404);
  });
});

describe('webhooks registered over REST', () => {
  let shop: Shop;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    shop = await newShop({ webhookDelivery: { retries: 0 } });
  });
  after(async () => {
    await shop.close();
    await receiver.close();
  });

  test('a flow registers its own delivery URL, gets the ping, then signed order.updated deliveries', async () => {
    const created = await api<WebhookJson>(shop, 'POST', 'webhooks', {
      name: 'Pyramid: orderändringar',
      topic: 'order.updated',
      delivery_url: receiver.url,
      secret: HOOK_SECRET,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.resource, 'order');
    assert.equal(created.body.event, 'updated');
    assert.equal(created.body.secret, HOOK_SECRET, 'the create answer is in edit context');
    const read = await api<WebhookJson>(shop, 'GET', `webhooks/${created.body.id}`);
    assert.equal(read.body.secret, undefined, 'the secret is not shown in view context');

    await waitFor(() => receiver.requests.length >= 1, 'the ping');
    const ping = receiver.requests[0];
    assert.equal(ping.body, `webhook_id=${created.body.id}`);
    assert.match(String(ping.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.equal(ping.headers['x-wc-webhook-signature'], undefined);

    const product = await createSimple(shop, 'KAFFE-500', 'Kaffe mörkrost 500 g', '69.90', 20);
    const order = await api<OrderJson>(shop, 'POST', 'orders', { line_items: [{ product_id: product.id, quantity: 1 }] });
    await shop.whenWebhooksIdle();
    assert.equal(receiver.requests.length, 1, 'order.created is not this webhook topic');
    await api<OrderJson>(shop, 'PUT', `orders/${order.body.id}`, { status: 'processing' });
    await waitFor(() => receiver.requests.length >= 2, 'the order.updated delivery');
    const update = receiver.requests[1];
    assert.equal(update.headers['x-wc-webhook-topic'], 'order.updated');
    assert.equal(update.headers['x-wc-webhook-id'], String(created.body.id));
    assert.equal(update.headers['x-wc-webhook-signature'], signatureOf(update.body, HOOK_SECRET));
    assert.equal((JSON.parse(update.body) as OrderJson).status, 'processing');

    const invalid = await api<WcError>(shop, 'POST', 'webhooks', { topic: 'order.exploded', delivery_url: receiver.url });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'woocommerce_rest_shop_webhook_invalid_topic');
    const noTrash = await api<WcError>(shop, 'DELETE', `webhooks/${created.body.id}`);
    assert.equal(noTrash.status, 501);
    const deleted = await api<WebhookJson>(shop, 'DELETE', `webhooks/${created.body.id}?force=true`);
    assert.equal(deleted.status, 200);
    assert.deepEqual((await api<WebhookJson[]>(shop, 'GET', 'webhooks')).body, []);
  });
});

describe('failing webhook receivers', () => {
  test('failed deliveries are retried, then the webhook is disabled after repeated failures', async () => {
    const receiver = await startReceiver(500);
    const shop = await newShop({
      webhooks: [{ topic: 'order.created', deliveryUrl: receiver.url, secret: HOOK_SECRET }],
      webhookDelivery: { retries: 2, backoffMs: 5, maxBackoffMs: 20 },
    });
    try {
      const product = await createSimple(shop, 'BULT-M8', 'Bult M8', '5.00', 100);
      const hookId = (await api<WebhookJson[]>(shop, 'GET', 'webhooks')).body[0].id;
      const placeOrder = async (): Promise<void> => {
        const r = await api<OrderJson>(shop, 'POST', 'orders', { line_items: [{ product_id: product.id, quantity: 1 }] });
        assert.equal(r.status, 201);
        await shop.whenWebhooksIdle();
      };

      await placeOrder();
      assert.equal(receiver.requests.length, 3, 'one attempt and two retries');
      const ids = new Set(receiver.requests.map((r) => r.headers['x-wc-webhook-delivery-id']));
      assert.equal(ids.size, 1, 'retries carry the same delivery id');
      assert.equal(new Set(receiver.requests.map((r) => r.body)).size, 1, 'retries send the same body');
      assert.equal((await api<WebhookJson>(shop, 'GET', `webhooks/${hookId}`)).body.status, 'active');

      // WooCommerce disables a webhook when a delivery fails while more than 5 failures are counted,
      // i.e. on the 7th consecutive failure: here attempts 4-6 of the second order, then the first of the third.
      await placeOrder();
      assert.equal((await api<WebhookJson>(shop, 'GET', `webhooks/${hookId}`)).body.status, 'active');
      await placeOrder();
      assert.equal(receiver.requests.length, 7);
      assert.equal((await api<WebhookJson>(shop, 'GET', `webhooks/${hookId}`)).body.status, 'disabled');
      const last = shop.deliveries[shop.deliveries.length - 1];
      assert.equal(last.outcome, 'failed');
      assert.match(last.detail, /webhook disabled/);

      await placeOrder();
      assert.equal(receiver.requests.length, 7, 'a disabled webhook receives nothing');

      // The receiver recovers and the webhook is re-activated: deliveries flow again.
      receiver.answer = 200;
      const reactivated = await api<WebhookJson>(shop, 'PUT', `webhooks/${hookId}`, { status: 'active' });
      assert.equal(reactivated.body.status, 'active');
      await placeOrder();
      assert.equal(receiver.requests.length, 8);
      assert.equal(shop.deliveries[shop.deliveries.length - 1].outcome, 'delivered');
    } finally {
      await shop.close();
      await receiver.close();
    }
  });

  test('a receiver that cannot be reached counts as a failed delivery', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    const shop = await newShop({
      webhooks: [{ topic: 'order.created', deliveryUrl: url, secret: HOOK_SECRET }],
      webhookDelivery: { retries: 1, backoffMs: 5 },
    });
    try {
      const product = await createSimple(shop, 'BRICKA-M8', 'Bricka M8', '0.90', 100);
      await api<OrderJson>(shop, 'POST', 'orders', { line_items: [{ product_id: product.id, quantity: 10 }] });
      await shop.whenWebhooksIdle();
      const attempts = shop.deliveries.filter((d) => d.topic === 'order.created');
      assert.deepEqual(attempts.map((d) => [d.attempt, d.outcome, d.status]), [
        [1, 'failed', null],
        [2, 'failed', null],
      ]);
      assert.equal(shop.state.webhooks.get(attempts[0].webhookId)?.failureCount, 2);
    } finally {
      await shop.close();
    }
  });
});

describe('the shop page', () => {
  let shop: Shop;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    shop = await newShop({ webhooks: [{ topic: 'order.created', deliveryUrl: receiver.url, secret: HOOK_SECRET }] });
  });
  after(async () => {
    await shop.close();
    await receiver.close();
  });

  test('renders products with åäö, stock and price, and an order with its Pyramid number and tracking', async () => {
    const product = await createSimple(shop, 'ÄPPLE-1', 'Äppelmust från Österlen 1 l', '39.00', 12);
    const order = await api<OrderJson>(shop, 'POST', 'orders', {
      set_paid: true,
      billing: { first_name: 'Göran', last_name: 'Ström' },
      line_items: [{ product_id: product.id, quantity: 2 }],
    });
    await api<OrderJson>(shop, 'PUT', `orders/${order.body.id}`, {
      meta_data: [
        { key: '_pyramid_order_number', value: '300145' },
        { key: '_pyramid_status', value: 'levererad' },
        { key: '_tracking_number', value: 'JJD0001234567' },
        { key: '_tracking_url', value: 'https://www.dhl.com/se-sv/home/tracking.html?tracking-id=JJD0001234567' },
      ],
    });
    await api<NoteJson>(shop, 'POST', `orders/${order.body.id}/notes`, { note: 'Levererad till ombud i Simrishamn.' });

    const res = await fetch(`${shop.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=UTF-8');
    const html = await res.text();
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<meta http-equiv="refresh"/);
    assert.ok(html.includes('Äppelmust från Österlen 1 l'), 'åäö are written as UTF-8 text');
    assert.ok(html.includes('<code>ÄPPLE-1</code>'));
    assert.ok(html.includes('>10<'), 'stock after the sale of 2');
    assert.ok(html.includes('39,00\u00a0kr'), 'price in SEK including VAT');
    assert.ok(html.includes(`#${order.body.id}`));
    assert.ok(html.includes('300145'), 'Pyramid order number');
    assert.ok(html.includes('levererad'), 'Pyramid status');
    assert.ok(html.includes('href="https://www.dhl.com/se-sv/home/tracking.html?tracking-id=JJD0001234567"'));
    assert.ok(html.includes('>JJD0001234567</a>'));
    assert.ok(html.includes('Levererad till ombud i Simrishamn.'));
    assert.ok(html.includes('Göran Ström'));
  });

  test('"Place test order" creates an order through the checkout and fires order.created', async () => {
    await shop.whenWebhooksIdle();
    const before = shop.state.orders.size;
    const deliveredBefore = receiver.requests.length;
    const res = await fetch(`${shop.url}/sim/test-order`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/\?msg=/);
    assert.equal(shop.state.orders.size, before + 1);
    const order = [...shop.state.orders.values()].sort((a, b) => b.id - a.id)[0];
    assert.equal(order.createdVia, 'checkout');
    assert.equal(order.status, 'processing');
    assert.ok(order.lineItems.length >= 1 && order.lineItems.length <= 3);
    await waitFor(() => receiver.requests.length === deliveredBefore + 1, 'order.created for the test order');
    const payload = JSON.parse(receiver.requests[deliveredBefore].body) as OrderJson;
    assert.equal(payload.id, order.id);
    assert.equal(payload.created_via, 'checkout');

    const page = await (await fetch(`${shop.url}${res.headers.get('location') ?? '/'}`)).text();
    assert.ok(page.includes(`Test order #${order.id} placed.`));
  });

  test('with nothing in stock the test order is refused with a clear message', async () => {
    const empty = await newShop();
    try {
      const res = await fetch(`${empty.url}/sim/test-order`, { method: 'POST', headers: { Accept: 'application/json' } });
      assert.equal(res.status, 409);
      const body = (await res.json()) as WcError;
      assert.equal(body.code, 'sim_nothing_in_stock');
    } finally {
      await empty.close();
    }
  });
});

describe('test aids: call counting, injected faults, dropped deliveries', () => {
  let shop: Shop;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    shop = await newShop({
      webhooks: [{ topic: 'order.created', deliveryUrl: receiver.url, secret: HOOK_SECRET }],
      faults: [{ status: 503, count: 1, retryAfter: 7, route: 'customers' }],
    });
  });
  after(async () => {
    await shop.close();
    await receiver.close();
  });

  test('counts REST calls by route, ids as :id, and resets', async () => {
    const p = await createSimple(shop, 'CNT-1', 'Räknad', '10.00', 5);
    await api(shop, 'GET', `products/${p.id}`);
    await api(shop, 'GET', 'products?sku=CNT-1');
    await api(shop, 'POST', `products/${p.id}/variations/batch`, { create: [] });
    const res = await fetch(`${shop.url}/sim/calls`);
    const counted = (await res.json()) as { total: number; byRoute: Record<string, number> };
    assert.equal(counted.total, 4);
    assert.deepEqual(counted.byRoute, { 'POST products': 1, 'GET products/:id': 1, 'GET products': 1, 'POST products/:id/variations/batch': 1 });
    assert.deepEqual(shop.calls(), counted);
    assert.equal((await fetch(`${shop.url}/sim/calls`, { method: 'DELETE' })).status, 200);
    assert.equal(shop.calls().total, 0);
  });

  test('answers injected faults with WooCommerce-shaped errors and Retry-After', async () => {
    // from createShop's option
    const first = await api<WcError>(shop, 'GET', 'customers');
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '7');
    assert.equal((await api(shop, 'GET', 'customers')).status, 200);
    // over HTTP: two 429s, then served again
    const r = await fetch(`${shop.url}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 429, count: 2, retryAfter: 1 }) });
    assert.equal(r.status, 201);
    for (let i = 0; i < 2; i++) {
      const x = await api<WcError>(shop, 'GET', 'products');
      assert.equal(x.status, 429);
      assert.equal(x.headers.get('retry-after'), '1');
      assert.equal(x.body.code, 'woocommerce_rest_too_many_requests');
    }
    assert.equal((await api(shop, 'GET', 'products')).status, 200);
    // 'after': the shop serves the request, the answer is a 500
    shop.injectFault({ status: 500, when: 'after', route: 'products' , method: 'POST' });
    const lost = await api<WcError>(shop, 'POST', 'products', { sku: 'LOST-1', name: 'x' });
    assert.equal(lost.status, 500);
    assert.ok(shop.state.findBySku('LOST-1'), 'the product was created nonetheless');
    // a rate, repeatable: about half of 200 requests
    await fetch(`${shop.url}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 500, rate: 0.5, route: 'orders' }) });
    let failed = 0;
    for (let i = 0; i < 200; i++) if ((await api(shop, 'GET', 'orders')).status === 500) failed++;
    assert.ok(failed > 60 && failed < 140, String(failed));
    assert.equal((await fetch(`${shop.url}/sim/faults`, { method: 'DELETE' })).status, 200);
    assert.equal((await api(shop, 'GET', 'orders')).status, 200);
    const bad = await fetch(`${shop.url}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 404 }) });
    assert.equal(bad.status, 400);
  });

  test('drops the next webhook delivery on request', async () => {
    await createSimple(shop, 'DROP-1', 'Tappad', '10.00', 50);
    const r = await fetch(`${shop.url}/sim/webhooks/drop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ count: 1, topic: 'order.created' }) });
    assert.equal(r.status, 202);
    const before = receiver.requests.length;
    const dropped = shop.placeTestOrder();
    await shop.whenWebhooksIdle();
    assert.equal(receiver.requests.length, before);
    const record = shop.deliveries.find((d) => d.resourceId === dropped.id);
    assert.equal(record?.outcome, 'dropped');
    assert.equal(record?.detail, 'dropped on request');
    const next = shop.placeTestOrder();
    await waitFor(() => receiver.requests.length === before + 1, 'the next delivery');
    assert.equal((JSON.parse(receiver.requests[before].body) as OrderJson).id, next.id);
  });
});
