#!/usr/bin/env node
'use strict';
/*
 * Writes examples/complete-integration.json: the whole Pyramid <-> WooCommerce integration as
 * one Node-RED flow. Built by a script so the layout stays tidy and every node is wired on
 * purpose; the JSON it writes is what users import (Import > Examples) and edit.
 * Run: node scripts/build-examples.js
 */
const fs = require('node:fs');
const path = require('node:path');

const TAB = 'c0a1d3e5f7091b2d';
let seq = 0;
const nodes = [];
const groups = [];

function id() {
  seq++;
  return (0x5a000000 + seq).toString(16).padStart(16, 'a');
}

/** Columns are laid out for short labels; spread them so the longer Swedish labels do not overlap. */
const SPREAD = 1.22;

function add(n) {
  n.id = n.id || id();
  n.z = TAB;
  if (typeof n.x === 'number' && n.x > 200) n.x = Math.round(200 + (n.x - 200) * SPREAD);
  nodes.push(n);
  return n;
}

/** A group with a title and the nodes placed in it. */
function group(name, color, build) {
  const g = { id: id(), type: 'group', z: TAB, name, style: { label: true, fill: color, 'fill-opacity': '0.25', color: '#000000' }, nodes: [] };
  const before = nodes.length;
  build();
  for (const n of nodes.slice(before)) {
    if (!n.type.startsWith('pyramid-ftp-server') && !n.type.startsWith('pyramid-ws-endpoint')) {
      n.g = g.id;
      g.nodes.push(n.id);
    }
  }
  scopeCatches(nodes.slice(before));
  const xs = nodes.slice(before).filter((n) => n.x !== undefined);
  g.x = Math.min(...xs.map((n) => n.x)) - 100;
  g.y = Math.min(...xs.map((n) => n.y)) - 40;
  g.w = Math.max(...xs.map((n) => n.x)) - g.x + 120;
  g.h = Math.max(...xs.map((n) => n.y)) - g.y + 40;
  groups.push(g);
  return g;
}

/**
 * A catch node with the whole tab as its scope also catches what the other groups' error paths
 * throw, and two catch nodes answering one request loop forever (issue 14). So each catch node
 * watches only the nodes of its own group that are not on an error path: never an answering node,
 * never another catch node or what a catch node feeds.
 */
function scopeCatches(inGroup) {
  const byId = new Map(inGroup.map((n) => [n.id, n]));
  const onErrorPath = new Set();
  const visit = (n) => {
    for (const port of n.wires || []) {
      for (const to of port) {
        if (!onErrorPath.has(to) && byId.has(to)) {
          onErrorPath.add(to);
          visit(byId.get(to));
        }
      }
    }
  };
  for (const c of inGroup.filter((n) => n.type === 'catch')) {
    onErrorPath.add(c.id);
    visit(c);
  }
  const watched = inGroup
    .filter((n) => !onErrorPath.has(n.id) && n.type !== 'http response' && n.type !== 'comment' && n.type !== 'debug')
    .map((n) => n.id);
  for (const c of inGroup.filter((n) => n.type === 'catch')) c.scope = watched;
}

function wire(from, to, port = 0) {
  from.wires = from.wires || [];
  while (from.wires.length <= port) from.wires.push([]);
  from.wires[port].push(to.id);
}

function chain(...list) {
  for (let i = 0; i < list.length - 1; i++) wire(list[i], list[i + 1]);
  return list[list.length - 1];
}

function fn(name, x, y, code, opts = {}) {
  return add({
    type: 'function',
    name,
    func: code.trim(),
    outputs: opts.outputs || 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: opts.libs || [],
    x,
    y,
    wires: [],
  });
}

function comment(name, info, x, y) {
  return add({ type: 'comment', name, info: info.trim(), x, y, wires: [] });
}

function httpRequest(name, x, y) {
  return add({ type: 'http request', name, method: 'use', ret: 'obj', paytoqs: 'ignore', url: '', tls: '', persist: true, proxy: '', insecureHTTPParser: false, authType: '', senderr: false, headers: [], x, y, wires: [] });
}

function httpIn(name, url, method, x, y, opts = {}) {
  return add({ type: 'http in', name, url, method, upload: false, skipBodyParsing: !!opts.raw, swaggerDoc: '', x, y, wires: [] });
}

function httpResponse(name, x, y) {
  return add({ type: 'http response', name, statusCode: '', headers: {}, x, y, wires: [] });
}

function msgNode(type, name, x, y, o = {}) {
  return add({
    type: `pyramid-${type}`,
    name,
    mode: o.mode || 'auto',
    part: o.part || (o.ws ? 'request' : 'file'),
    encoding: o.encoding || 'auto',
    output: 'buffer',
    split: o.split || 'none',
    batchSize: o.batchSize || 100,
    invalid: o.invalid || 'fail',
    outputs: o.invalid === 'output' ? 2 : 1,
    x,
    y,
    wires: [],
  });
}

function debug(name, x, y, prop = 'payload') {
  return add({ type: 'debug', name, active: true, tosidebar: true, console: false, tostatus: true, complete: prop, targetType: prop === 'true' ? 'full' : 'msg', statusVal: '', statusType: 'auto', x, y, wires: [] });
}

function change(name, rules, x, y) {
  return add({ type: 'change', name, rules, x, y, wires: [] });
}

function setRule(p, to, tot = 'str') {
  return { t: 'set', p, pt: 'msg', to, tot };
}

function join(name, x, y) {
  return add({ type: 'join', name, mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', useparts: true, accumulate: false, timeout: '', count: '', reduceRight: false, reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', x, y, wires: [] });
}

// ---------------------------------------------------------------------------------------------
// code shared by the function nodes (each node carries what it needs: flows stay importable)

const SHOP = `
const shop = env.get('SHOP_URL');
const auth = 'Basic ' + Buffer.from(env.get('SHOP_KEY') + ':' + env.get('SHOP_SECRET')).toString('base64');
`;

const CHECK = `
if (msg.statusCode < 200 || msg.statusCode >= 300) {
    const text = typeof msg.payload === 'object' ? JSON.stringify(msg.payload) : String(msg.payload);
    throw new Error(\`\${msg.filename || 'shop'}: the shop answered \${msg.statusCode}: \${text.slice(0, 300)}\`);
}
`;

// exact money: decimal strings <-> integer öre, no binary floats
const MONEY = `
function ore(s) {
    const m = /^(-?)(\\d*)(?:\\.(\\d*))?$/.exec(String(s ?? '0').trim().replace(',', '.'));
    if (!m) throw new Error('not an amount: ' + s);
    const frac = ((m[3] || '') + '00');
    const rest = frac.slice(2);
    let v = BigInt((m[2] || '0') + frac.slice(0, 2)) + (rest && rest[0] >= '5' ? 1n : 0n);
    return m[1] ? -v : v;
}
function kr(o) {
    const neg = o < 0n; const a = neg ? -o : o;
    return (neg ? '-' : '') + (a / 100n).toString() + '.' + (a % 100n).toString().padStart(2, '0');
}
function withVat(price, vatPercent) {
    // price * (100 + vat) / 100, rounded half up to the öre
    const p = ore(price) * BigInt(100 + Number(vatPercent));
    return kr((p + 50n) / 100n);
}
`;

// ---------------------------------------------------------------------------------------------

const ftp = add({
  type: 'pyramid-ftp-server',
  name: 'Pyramid FTP (simulator)',
  host: '127.0.0.1',
  port: 2121,
  secure: 'none',
  verify: true,
  ca: '',
  fingerprint: '',
  servername: '',
  transfer: 'passive',
  separateHost: false,
  timeout: 30,
  encoding: 'windows-1252',
  outFolder: '/out',
  inFolder: '/in',
  processingFolder: 'processing',
  archiveFolder: 'archive',
  errorFolder: 'error',
  retryMin: 2,
  retryMax: 60,
});
delete ftp.z;

const wts = add({
  type: 'pyramid-ws-endpoint',
  name: 'Pyramid WTS (simulator)',
  wsdl: 'http://127.0.0.1:8088/wts/eshop?WSQUERY',
  endpoint: 'http://127.0.0.1:8088/wts/eshop',
  auth: 'none',
  routine: '',
  wssPasswordType: 'text',
  wssTimestamp: true,
  verifyTls: true,
  ca: '',
  timeout: 30,
  retries: 2,
  debug: false,
});
delete wts.z;

comment(
  'Pyramid ⇄ WooCommerce: read me first',
  `
The complete integration between Pyramid Business Studio and a WooCommerce shop.

Against the simulator (npm start) it runs as it is. For a real installation:
1. Open "Pyramid FTP (simulator)": host, port, user and password of Pyramid's FTP server,
   and the out- and in-folders Pyramid's export/import routines use; its code page (Pyramid on
   Windows usually writes windows-1252).
2. Open "Pyramid WTS (simulator)": the WSDL URL of your WTS web service host
   (http://<host>/<service>/<n>?WSQUERY) and its authentication.
3. Flow properties (double-click this tab > Environment): SHOP_URL (…/wp-json/wc/v3),
   SHOP_KEY and SHOP_SECRET (WooCommerce > Settings > Advanced > REST API; set them as
   *credential* type so they are stored encrypted), WEBHOOK_SECRET (the secret of the
   order.created webhook pointing at /shop/webhook/order), WEB_PRICE_LIST (the Pyramid price
   list the shop shows), WEB_CUSTOMER (the Pyramid customer number B2C orders go to),
   VAT_PERCENT (the shop's standard rate), DELIVERY_METHODS (the shop's shipping method titles
   -> Pyramid's delivery method codes).
The simulator's shop keys and webhook secret below are public demo values, not secrets.
Orders already handed to Pyramid are remembered in flow context; configure a persistent (or, for
several Node-RED instances, a shared) context store so that this survives a restart. Pyramid's
file name rule (Order_<id>.xml) and pyramid-ftp-out's duplicate check are the second line.
`,
  200,
  40,
);

// ---------------------------------------------------------------------------------------------
// 1. Out of Pyramid -> shop

let ftpIn, typeSwitch, ack, reject;
group('1. Out of Pyramid → shop (FTP): articles, kits, stock, prices, order status, customers, contacts, base data', '#ffefbf', () => {
  ftpIn = add({
    type: 'pyramid-ftp-in',
    name: "Pyramid's out-folder",
    server: ftp.id,
    folder: '',
    pattern: '*.xml',
    interval: 3,
    stable: 'look',
    settle: 1,
    marker: '.done',
    maxPerCycle: 20,
    ack: 'manual',
    lease: 300,
    spoolMb: 16,
    x: 170,
    y: 200,
    wires: [],
  });
  typeSwitch = add({
    type: 'switch',
    name: 'message type',
    property: 'pyramid.type',
    propertyType: 'msg',
    rules: ['article', 'kit-article', 'stock', 'price-list', 'order-status', 'customer', 'contact', 'base-data'].map((v) => ({ t: 'eq', v, vt: 'str' })).concat([{ t: 'else' }]),
    checkall: 'false',
    repair: false,
    outputs: 9,
    x: 390,
    y: 200,
    wires: [],
  });
  wire(ftpIn, typeSwitch);

  ack = add({ type: 'pyramid-ftp-out', name: 'ack: archive the file', server: ftp.id, action: 'ack', folder: '', filename: '', overwrite: false, x: 1890, y: 200, wires: [] });
  reject = add({ type: 'pyramid-ftp-out', name: 'reject: to error/ with reason', server: ftp.id, action: 'reject', folder: '', filename: '', overwrite: false, x: 1890, y: 620, wires: [] });
  const done = join('all batches of the file done', 1650, 200);
  wire(done, ack);

  // articles: look the SKUs up, then create or update in one batch call
  const art = msgNode('article', 'Artikeldata', 620, 100, { split: 'batch', batchSize: 100, invalid: 'output' });
  wire(typeSwitch, art, 0);
  const lookup = fn(
    'look up SKUs in the shop',
    860,
    100,
    `${SHOP}
// the batch is kept on the msg; the lookup answer comes back beside it
msg.records = msg.payload;
// variant parents too: a parent is sold through its variants, so it must not be a simple product
const skus = [...new Set(msg.records.flatMap((r) => [r.articleCode, r.parentArticle]).filter(Boolean))];
msg.method = 'GET';
msg.url = shop + '/products?per_page=100&sku=' + encodeURIComponent(skus.join(','));
msg.headers = { Authorization: auth };
msg.payload = undefined;
return msg;`,
  );
  const lookupReq = httpRequest('GET products by sku', 1070, 100);
  const toProducts = fn(
    'Artikel → WooCommerce products',
    1290,
    100,
    `${SHOP}${CHECK}${MONEY}
const ids = {}, types = {};
for (const p of msg.payload) { ids[p.sku] = p.id; types[p.sku] = p.type; }
const pending = flow.get('pending') || {};
const webPrices = flow.get('webPrices') || {};
const parents = flow.get('variantParents') || {};
const vat = env.get('VAT_PERCENT') || 25;
const create = [], update = [], del = [];
for (const a of msg.records) if (a.parentArticle) parents[a.parentArticle] = true;
flow.set('variantParents', parents);
const inBatch = new Set(msg.records.map((a) => a.articleCode));
for (const [sku, id] of Object.entries(ids)) {
    // a parent met before its variants was created as a simple product: make it a variable one
    if (parents[sku] && !inBatch.has(sku) && types[sku] !== 'variable') update.push({ id, type: 'variable' });
}
for (const a of msg.records) {
    const id = ids[a.articleCode];
    if (a.action === 'borttagen') { if (id) del.push(id); continue; }
    const p = {
        sku: a.articleCode,
        name: a.description || a.articleCode,
        type: parents[a.articleCode] ? 'variable' : 'simple',
        status: a.webActive === false ? 'draft' : 'publish',
        description: a.longText || '',
        short_description: a.description2 || '',
        manage_stock: a.stocked !== false,
        weight: a.weight || '',
        attributes: (a.variantProperties || []).concat(a.properties || []).map((e) => ({ name: e.name, options: [e.value], visible: true })),
        meta_data: [
            { key: '_pyramid_article_group', value: a.articleGroup || '' },
            { key: '_pyramid_unit', value: a.unit || '' },
            { key: '_ean', value: a.ean || '' },
            { key: '_pyramid_parent', value: a.parentArticle || '' },
        ],
    };
    // the web price list's price; a new article without one shows its base price (with VAT) until the price list comes
    if (webPrices[a.articleCode]) Object.assign(p, webPrices[a.articleCode]);
    else if (!id && a.basePrice && (!a.basePriceCurrency || a.basePriceCurrency === 'SEK')) p.regular_price = withVat(a.basePrice, vat);
    Object.assign(p, pending[a.articleCode]);
    delete pending[a.articleCode];
    if (id) { p.id = id; update.push(p); } else create.push(p);
}
flow.set('pending', pending);
msg.method = 'POST';
msg.url = shop + '/products/batch';
msg.headers = { Authorization: auth };
msg.payload = { create, update, delete: del };
return msg;`,
  );
  const batchReq = httpRequest('POST products/batch', 1500, 100);
  const batchCheck = fn(
    'check the batch answer',
    1500,
    150,
    `${CHECK}
// WooCommerce answers 200 with an error per failed item: name them, keep the rest
for (const kind of ['create', 'update', 'delete']) {
    for (const item of msg.payload[kind] || []) {
        if (item.error) node.warn(\`\${msg.filename}: \${kind} \${item.sku || item.id}: \${item.error.message}\`);
    }
}
return msg;`,
  );
  chain(art, lookup, lookupReq, toProducts, batchReq, batchCheck, done);
  const badArticles = debug('invalid articles (with reason)', 860, 150, 'true');
  wire(art, badArticles, 1);

  // kit articles
  const kits = msgNode('kit-article', 'Setartikel', 620, 240, { split: 'batch', batchSize: 100 });
  wire(typeSwitch, kits, 1);
  const kitLookup = fn(
    'remember kits, look up SKUs',
    860,
    240,
    `${SHOP}
// kits are sold as products of their own; their stock follows their components
const kitsByCode = flow.get('kits') || {};
for (const k of msg.payload) {
    if (k.action === 'borttagen') delete kitsByCode[k.articleCode];
    else kitsByCode[k.articleCode] = k.components || [];
}
flow.set('kits', kitsByCode);
msg.records = msg.payload.map((k) => ({
    articleCode: k.articleCode,
    action: k.action,
    description: k.description,
    basePrice: k.priceType === 'eget' ? k.price : undefined,
    longText: 'Set: ' + (k.components || []).map((c) => c.quantity + ' × ' + c.articleCode).join(', '),
}));
msg.method = 'GET';
msg.url = shop + '/products?per_page=100&sku=' + encodeURIComponent(msg.records.map((r) => r.articleCode).join(','));
msg.headers = { Authorization: auth };
msg.payload = undefined;
return msg;`,
  );
  const kitReq = httpRequest('GET products by sku', 1070, 240);
  chain(kits, kitLookup, kitReq, toProducts);

  // stock
  const stock = msgNode('stock', 'Lagersaldo', 620, 330, { split: 'batch', batchSize: 100 });
  wire(typeSwitch, stock, 2);
  const stockLookup = fn(
    'available per article',
    860,
    330,
    `${SHOP}
// the shop sells from every warehouse: available = sum over warehouses
const levels = flow.get('stockLevels') || {};
const per = {};
for (const r of msg.payload) {
    const key = r.articleCode;
    per[key] = per[key] || {};
    per[key][r.warehouse] = Number(r.available);
}
for (const [code, byWh] of Object.entries(per)) levels[code] = Object.assign(msg.pyramid.header.scope === 'full' ? {} : (levels[code] || {}), byWh);
flow.set('stockLevels', levels);
// kits: min over components of floor(component stock / quantity)
const kits = flow.get('kits') || {};
const totals = {};
const total = (code) => Object.values(levels[code] || {}).reduce((a, b) => a + b, 0);
for (const code of Object.keys(per)) totals[code] = Math.max(0, Math.floor(total(code)));
for (const [kit, comps] of Object.entries(kits)) {
    if (!comps.some((c) => per[c.articleCode])) continue;
    totals[kit] = Math.max(0, Math.min(...comps.map((c) => Math.floor(total(c.articleCode) / Number(c.quantity)))));
}
msg.updates = Object.entries(totals).map(([sku, qty]) => ({ sku, stock_quantity: qty, manage_stock: true }));
msg.method = 'GET';
msg.url = shop + '/products?per_page=100&sku=' + encodeURIComponent(Object.keys(totals).join(','));
msg.headers = { Authorization: auth };
msg.payload = undefined;
return msg;`,
  );
  const stockReq = httpRequest('GET products by sku', 1070, 330);
  const applyUpdates = fn(
    'update known products, keep the rest',
    1290,
    330,
    `${SHOP}${CHECK}
// products not in the shop yet get their values when the article arrives
const ids = {};
for (const p of msg.payload) ids[p.sku] = p.id;
const pending = flow.get('pending') || {};
const update = [];
for (const u of msg.updates) {
    const { sku, ...fields } = u;
    if (ids[sku]) update.push(Object.assign({ id: ids[sku] }, fields));
    else pending[sku] = Object.assign(pending[sku] || {}, fields);
}
flow.set('pending', pending);
msg.method = 'POST';
msg.url = shop + '/products/batch';
msg.headers = { Authorization: auth };
msg.payload = { update };
return msg;`,
  );
  chain(stock, stockLookup, stockReq, applyUpdates, batchReq);

  // prices
  const prices = msgNode('price-list', 'Pris (fullständig)', 620, 420, { split: 'batch', batchSize: 100 });
  wire(typeSwitch, prices, 3);
  const priceLookup = fn(
    'web price list → regular_price',
    860,
    420,
    `${SHOP}${MONEY}
// the shop shows one price list (tier 1, with VAT); customer agreements come from KundPris on demand
const list = env.get('WEB_PRICE_LIST') || 'BAS';
const vat = env.get('VAT_PERCENT') || 25;
const today = new Date().toISOString().slice(0, 10);
const webPrices = flow.get('webPrices') || {};
const prices = {};
if (msg.pyramid.list === 'priceListPrices') {
    for (const p of msg.payload) {
        if (p.priceList !== list) continue;
        if (p.fromQuantity && Number(p.fromQuantity) > 1) continue;
        const price = p.includesVat ? p.price : withVat(p.price, vat);
        const e = prices[p.articleCode] = prices[p.articleCode] || { regular_price: '', sale_price: '' };
        // a price with an end date is a campaign: the shop's sale price while it lasts
        if (!p.validUntil) { if (!p.validFrom || p.validFrom <= today) e.regular_price = price; }
        else if ((!p.validFrom || p.validFrom <= today) && p.validUntil >= today) e.sale_price = price;
    }
}
for (const [sku, e] of Object.entries(prices)) {
    if (!e.regular_price) delete e.regular_price;
    webPrices[sku] = e;
}
flow.set('webPrices', webPrices);
msg.updates = Object.entries(prices).map(([sku, e]) => Object.assign({ sku }, e));
if (!msg.updates.length) { msg.payload = []; msg.statusCode = 200; return [null, msg]; }
msg.method = 'GET';
msg.url = shop + '/products?per_page=100&sku=' + encodeURIComponent(Object.keys(prices).join(','));
msg.headers = { Authorization: auth };
msg.payload = undefined;
return [msg, null];`,
    { outputs: 2 },
  );
  const priceReq = httpRequest('GET products by sku', 1070, 420);
  chain(prices, priceLookup, priceReq, applyUpdates);
  wire(priceLookup, done, 1);

  // order status
  const status = msgNode('order-status', 'Orderstatus', 620, 510);
  wire(typeSwitch, status, 4);
  const toOrder = fn(
    'Orderstatus → WooCommerce order',
    860,
    510,
    `${SHOP}
const s = msg.payload;
const m = /^WC-(\\d+)$/.exec(s.externalOrderNumber);
if (!m) { node.warn(\`\${msg.filename}: \${s.externalOrderNumber} is not a shop order; archived\`); return [null, msg]; }
const woo = { mottagen: 'processing', registrerad: 'processing', plockas: 'processing', dellevererad: 'processing', levererad: 'completed', fakturerad: 'completed', makulerad: 'cancelled' }[s.status];
const d = (s.deliveries || [])[0] || {};
const meta = [
    { key: '_pyramid_order_number', value: s.pyramidOrderNumber || '' },
    { key: '_pyramid_status', value: s.status },
];
if (d.trackingNumber) meta.push({ key: '_tracking_number', value: d.trackingNumber }, { key: '_tracking_url', value: d.trackingUrl || '' }, { key: '_carrier', value: d.carrier || '' });
msg.note = 'Pyramid: ' + (s.statusText || s.status) + (d.trackingNumber ? ' (' + (d.carrier || '') + ' ' + d.trackingNumber + ')' : '');
msg.orderId = m[1];
msg.method = 'PUT';
msg.url = shop + '/orders/' + m[1];
msg.headers = { Authorization: auth };
msg.payload = { status: woo, meta_data: meta };
return [msg, null];`,
    { outputs: 2 },
  );
  const orderPut = httpRequest('PUT order', 1070, 510);
  const notePost = fn(
    'add an order note',
    1290,
    510,
    `${SHOP}${CHECK}
msg.method = 'POST';
msg.url = shop + '/orders/' + msg.orderId + '/notes';
msg.headers = { Authorization: auth };
msg.payload = { note: msg.note, customer_note: true };
return msg;`,
  );
  const noteReq = httpRequest('POST order note', 1500, 510);
  const noteCheck = fn('check', 1650, 510, `${CHECK}\nreturn msg;`);
  chain(status, toOrder, orderPut, notePost, noteReq, noteCheck, ack);
  wire(toOrder, ack, 1);

  // customers and contacts: kept in global context for order mapping and B2B login
  const customers = msgNode('customer', 'Kund', 620, 580, { split: 'batch', batchSize: 500, invalid: 'output' });
  wire(typeSwitch, customers, 5);
  const keepCustomers = fn(
    'remember customers',
    860,
    580,
    `
// who is who: orders from the shop are matched to a Pyramid customer by e-mail
const byEmail = global.get('pyramidCustomersByEmail') || {};
const byNumber = global.get('pyramidCustomers') || {};
for (const c of msg.payload) {
    if (!c.customerNumber) continue;
    if (c.action === 'borttagen') { delete byNumber[c.customerNumber]; continue; }
    byNumber[c.customerNumber] = { name: c.name, priceList: c.priceList, blocked: !!c.blocked, email: c.email };
    if (c.email) byEmail[c.email.toLowerCase()] = c.customerNumber;
}
global.set('pyramidCustomersByEmail', byEmail);
global.set('pyramidCustomers', byNumber);
return msg;`,
  );
  chain(customers, keepCustomers, done);
  wire(customers, reject, 1);
  const contacts = msgNode('contact', 'Kontakt', 620, 640, { split: 'batch', batchSize: 500 });
  wire(typeSwitch, contacts, 6);
  const keepContacts = fn(
    'remember contacts',
    860,
    640,
    `
const byEmail = global.get('pyramidCustomersByEmail') || {};
for (const c of msg.payload) {
    if (c.email && c.customerNumber && c.action !== 'borttagen') byEmail[c.email.toLowerCase()] = c.customerNumber;
}
global.set('pyramidCustomersByEmail', byEmail);
return msg;`,
  );
  chain(contacts, keepContacts, done);

  // base data
  const base = msgNode('base-data', 'Grunddata', 620, 700);
  wire(typeSwitch, base, 7);
  const keepBase = change('keep base data', [{ t: 'set', p: 'pyramidBaseData', pt: 'global', to: 'payload', tot: 'msg' }], 860, 700);
  chain(base, keepBase, ack);

  // anything else: not for this flow
  const unknown = change('reason: not handled', [setRule('reason', 'no branch of this flow handles this file')], 620, 760);
  chain(unknown, reject);
  wire(typeSwitch, unknown, 8);

  comment(
    'for a real installation: here',
    `
- Folders, code page and credentials: the "Pyramid FTP" config node.
- "message type" has a branch per file Pyramid writes; remove the ones your Pyramid does not export.
- The functions map Pyramid's fields to WooCommerce's: the web price list (WEB_PRICE_LIST), which
  warehouses count as sellable stock ("available per article"), what a variant or kit becomes.
- A file is archived only when every batch reached the shop; a shop outage leaves it claimed, and it
  comes back after the lease (5 minutes). A file the flow cannot handle goes to error/ with the reason.
`,
    1290,
    660,
  );
  const oops = add({ type: 'catch', name: 'a file failed', scope: null, uncaught: false, x: 1650, y: 620, wires: [] });
  const why = fn(
    'reject it, unless the shop is down',
    1650,
    670,
    `
// only a claimed file can be rejected; a shop outage leaves it claimed, so it comes back after the lease
if (!msg.pyramid || !msg.pyramid.claim) return null;
if (/ECONNREFUSED|ETIMEDOUT|answered 5\\d\\d/.test(msg.error.message)) return null;
msg.reason = msg.error.message.replace(/^\\w*Error: /, '');
return msg;`,
  );
  chain(oops, why, reject);
  debug('files archived / rejected', 1890, 700, 'pyramid');
  wire(ack, nodes[nodes.length - 1]);
  wire(reject, nodes[nodes.length - 1]);
});

// ---------------------------------------------------------------------------------------------
// 2. Shop -> Pyramid

group('2. Shop → Pyramid (FTP): orders, quotes, customer registrations', '#dfefdf', () => {
  const hook = httpIn('WooCommerce webhook order.created', '/shop/webhook/order', 'post', 190, 860, { raw: true });
  const verify = fn(
    'verify the signature',
    450,
    860,
    `
// WooCommerce signs the raw body: base64(HMAC-SHA256(secret, body))
const raw = Buffer.isBuffer(msg.payload) ? msg.payload : Buffer.from(String(msg.payload || ''));
const given = msg.req.headers['x-wc-webhook-signature'];
if (!given) {
    // WooCommerce's ping when a webhook is created: no signature, nothing to do
    msg.statusCode = 200; msg.payload = 'ok';
    return [null, msg];
}
const want = crypto.createHmac('sha256', env.get('WEBHOOK_SECRET')).update(raw).digest('base64');
const a = Buffer.from(given), b = Buffer.from(want);
if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
    msg.statusCode = 401; msg.payload = 'bad signature';
    return [null, msg];
}
msg.payload = JSON.parse(raw.toString('utf8'));
return [msg, null];`,
    { outputs: 2, libs: [{ var: 'crypto', module: 'crypto' }] },
  );
  const reply = httpResponse('answer the shop', 1890, 860);
  wire(verify, reply, 1);
  chain(hook, verify);

  const seen = fn(
    'sent before?',
    680,
    860,
    `
// webhooks are at-least-once: an order already handed to Pyramid (or on its way) is answered, not sent again
const sent = flow.get('sentOrders') || {};
const sending = flow.get('sendingOrders') || {};
const key = 'WC-' + msg.payload.id;
const busy = sending[key] && Date.now() - sending[key] < 5 * 60 * 1000;
if (sent[key] || busy) { msg.statusCode = 200; msg.payload = { duplicate: key }; return [null, msg]; }
if (['pending', 'failed', 'cancelled', 'checkout-draft'].includes(msg.payload.status)) { msg.statusCode = 200; msg.payload = { skipped: msg.payload.status }; return [null, msg]; }
// on its way: the reconciliation poll leaves it alone for five minutes (after that, a failed hand-over is retried)
sending[key] = Date.now();
flow.set('sendingOrders', sending);
return [msg, null];`,
    { outputs: 2 },
  );
  wire(verify, seen);
  wire(seen, reply, 1);

  const mapOrder = fn(
    'WooCommerce order → Pyramid Order',
    920,
    860,
    `${MONEY}
const o = msg.payload;
const email = (o.billing && o.billing.email || '').toLowerCase();
const customerNumber = (global.get('pyramidCustomersByEmail') || {})[email] || env.get('WEB_CUSTOMER');
const addr = (a) => ({
    name: a.company || [a.first_name, a.last_name].filter(Boolean).join(' '),
    co: a.company ? [a.first_name, a.last_name].filter(Boolean).join(' ') : undefined,
    address1: a.address_1, address2: a.address_2 || undefined,
    postalCode: a.postcode, city: a.city, country: a.country, phone: a.phone || undefined,
});
const vatOf = (net, tax) => ore(net) === 0n ? '0' : String(Number((ore(tax) * 100n * 10n / ore(net) + 5n) / 10n));
const rows = o.line_items.map((l, i) => ({
    rowNumber: i + 1,
    articleCode: l.sku,
    description: l.name,
    quantity: String(l.quantity),
    // WooCommerce's line total is excl. VAT after coupons; Pyramid gets the unit price to the öre
    unitPrice: kr((ore(l.total) + BigInt(l.quantity) / 2n) / BigInt(l.quantity)),
    vatPercent: vatOf(l.total, l.total_tax),
}));
// the shop's shipping methods -> Pyramid's delivery method codes (Grunddata Leveranssatt)
const methods = env.get('DELIVERY_METHODS') || {};
const ship = (o.shipping_lines || []).reduce((s, l) => ({ net: s.net + ore(l.total), tax: s.tax + ore(l.total_tax), id: s.id || methods[l.method_title] || methods[l.method_id] }), { net: 0n, tax: 0n, id: undefined });
msg.payload = {
    externalOrderNumber: 'WC-' + o.id,
    orderDate: o.date_created.slice(0, 10),
    customerNumber,
    contact: { name: [o.billing.first_name, o.billing.last_name].filter(Boolean).join(' '), email: o.billing.email, phone: o.billing.phone || undefined },
    customerOrderNumber: (o.meta_data || []).filter((m) => m.key === '_po_number').map((m) => m.value)[0],
    invoiceAddress: addr(o.billing),
    deliveryAddress: addr(o.shipping && o.shipping.address_1 ? o.shipping : o.billing),
    deliveryMethod: ship.id,
    paymentMethod: (o.payment_method || '').toUpperCase() || undefined,
    paymentReference: o.transaction_id || undefined,
    currency: o.currency,
    pricesIncludeVat: false,
    rows,
    freight: ship.net > 0n ? { amount: kr(ship.net), vatPercent: vatOf(kr(ship.net), kr(ship.tax)) } : undefined,
    message: o.customer_note || undefined,
    totalExclVat: kr(ore(o.total) - ore(o.total_tax)),
    totalVat: o.total_tax,
    totalInclVat: o.total,
};
return msg;`,
  );
  const buildOrder = msgNode('order', 'Order', 1150, 860, { mode: 'build', encoding: 'windows-1252' });
  const upload = add({ type: 'pyramid-ftp-out', name: "to Pyramid's in-folder", server: ftp.id, action: 'upload', folder: '', filename: '', overwrite: false, x: 1390, y: 860, wires: [] });
  const remember = fn(
    'remember it was sent',
    1640,
    860,
    `
// the file is on Pyramid's FTP server (or safe in the outbox): from now on it is a duplicate
if (msg.pyramid && msg.pyramid.type === 'order' || /^Order_/.test(msg.filename)) {
    const key = msg.filename.replace(/^Order_|\\.xml$/g, '');
    const sent = flow.get('sentOrders') || {};
    sent[key] = new Date().toISOString();
    flow.set('sentOrders', sent);
    const sending = flow.get('sendingOrders') || {};
    delete sending[key];
    flow.set('sendingOrders', sending);
}
// a reconciled order has no HTTP request to answer
if (!msg.res) return null;
msg.statusCode = 200;
msg.payload = { sent: msg.filename, duplicate: !!(msg.pyramid && msg.pyramid.upload && msg.pyramid.upload.duplicate) };
return msg;`,
  );
  chain(seen, mapOrder, buildOrder, upload, remember, reply);

  // reconciliation: webhooks can be lost or disabled; every minute, look for processing orders not yet sent
  const every = add({ type: 'inject', name: 'every minute', props: [], repeat: '60', crontab: '', once: true, onceDelay: '10', topic: '', x: 160, y: 930, wires: [] });
  const poll = fn(
    'orders not sent yet',
    450,
    930,
    `${SHOP}
msg.method = 'GET';
msg.url = shop + '/orders?status=processing&per_page=100&orderby=date&order=asc';
msg.headers = { Authorization: auth };
return msg;`,
  );
  const pollReq = httpRequest('GET orders', 680, 930);
  const each = fn(
    'each unsent order',
    920,
    930,
    `${CHECK}
const sent = flow.get('sentOrders') || {};
const sending = flow.get('sendingOrders') || {};
const recent = (k) => sending[k] && Date.now() - sending[k] < 5 * 60 * 1000;
const out = (Array.isArray(msg.payload) ? msg.payload : []).filter((o) => !sent['WC-' + o.id] && !recent('WC-' + o.id)).map((o) => ({ payload: o, reconciled: true }));
return [out];`,
  );
  chain(every, poll, pollReq, each, mapOrder);

  // quote requests from the shop's B2B pages
  const quoteIn = httpIn('quote request', '/shop/quote', 'post', 150, 1000);
  const mapQuote = fn(
    'request → Pyramid Offert',
    450,
    1000,
    `
const q = msg.payload || {};
msg.payload = {
    externalQuoteNumber: 'WQ-' + (q.id || Date.now()),
    orderDate: new Date().toISOString().slice(0, 10),
    validUntil: q.validUntil,
    customerNumber: q.customerNumber || env.get('WEB_CUSTOMER'),
    contact: { name: q.name, email: q.email },
    rows: (q.rows || []).map((r, i) => ({ rowNumber: i + 1, articleCode: r.articleCode, quantity: String(r.quantity) })),
    message: q.message,
};
return msg;`,
  );
  const buildQuote = msgNode('quote', 'Offert', 680, 1000, { mode: 'build', encoding: 'windows-1252' });
  const quoteUpload = add({ type: 'pyramid-ftp-out', name: "to Pyramid's in-folder", server: ftp.id, action: 'upload', folder: '', filename: '', overwrite: false, x: 920, y: 1000, wires: [] });
  const quoteReply = change('201 Created', [setRule('statusCode', '201', 'num'), { t: 'set', p: 'payload', pt: 'msg', to: '{"quote": filename}', tot: 'jsonata' }], 1150, 1000);
  chain(quoteIn, mapQuote, buildQuote, quoteUpload, quoteReply);
  chain(quoteReply, reply);

  // customer registrations (customer.created webhook)
  const custHook = httpIn('WooCommerce webhook customer.created', '/shop/webhook/customer', 'post', 200, 1070, { raw: true });
  const custVerify = fn(
    'verify the signature',
    450,
    1070,
    `
const raw = Buffer.isBuffer(msg.payload) ? msg.payload : Buffer.from(String(msg.payload || ''));
const given = msg.req.headers['x-wc-webhook-signature'];
if (!given) { msg.statusCode = 200; msg.payload = 'ok'; return [null, msg]; }
const want = crypto.createHmac('sha256', env.get('WEBHOOK_SECRET')).update(raw).digest('base64');
if (given.length !== want.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(want))) { msg.statusCode = 401; msg.payload = 'bad signature'; return [null, msg]; }
msg.payload = JSON.parse(raw.toString('utf8'));
return [msg, null];`,
    { outputs: 2, libs: [{ var: 'crypto', module: 'crypto' }] },
  );
  const mapCustomer = fn(
    'WooCommerce customer → Pyramid Kund',
    680,
    1070,
    `
const c = msg.payload;
const b = c.billing || {};
msg.payload = { customers: [{
    externalCustomerId: 'WC-' + c.id,
    name: b.company || [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email,
    privatePerson: !b.company,
    email: c.email,
    phone: b.phone || undefined,
    invoiceAddress: { name: b.company || [b.first_name, b.last_name].filter(Boolean).join(' '), address1: b.address_1, postalCode: b.postcode, city: b.city, country: b.country || 'SE' },
}] };
return msg;`,
  );
  const buildCustomer = msgNode('customer', 'Kund (registration)', 920, 1070, { mode: 'build', encoding: 'windows-1252' });
  const custUpload = add({ type: 'pyramid-ftp-out', name: "to Pyramid's in-folder", server: ftp.id, action: 'upload', folder: '', filename: '', overwrite: false, x: 1150, y: 1070, wires: [] });
  const custReply = change('200 OK', [setRule('statusCode', '200', 'num'), { t: 'set', p: 'payload', pt: 'msg', to: '{"sent": filename}', tot: 'jsonata' }], 1390, 1070);
  chain(custHook, custVerify, mapCustomer, buildCustomer, custUpload, custReply, reply);
  wire(custVerify, reply, 1);

  comment(
    'for a real installation: here',
    `
- In WooCommerce (Settings > Advanced > Webhooks) create order.created -> <this Node-RED>/shop/webhook/order
  and customer.created -> /shop/webhook/customer, both with WEBHOOK_SECRET as their secret.
- DELIVERY_METHODS maps the shop's shipping methods to Pyramid's delivery codes; B2C buyers not
  known to Pyramid are booked on WEB_CUSTOMER.
- The reconciliation poll catches orders whose webhook was lost (WooCommerce disables a webhook after
  repeated failures).
`,
    1640,
    1000,
  );
  const failed = add({ type: 'catch', name: 'could not hand over', scope: null, uncaught: false, x: 1390, y: 930, wires: [] });
  const failReply = fn(
    'tell the shop to retry',
    1640,
    930,
    `
// only answer HTTP requests (the reconciliation poll has none) that nobody answered yet; the order
// is picked up again later
if (!msg.res || !msg.res._res || msg.res._res.headersSent) return null;
msg.statusCode = 503;
msg.payload = { error: 'not_handed_over', message: 'The order could not be handed to Pyramid now; deliver it again later.' };
return msg;`,
  );
  chain(failed, failReply, reply);
});

// ---------------------------------------------------------------------------------------------
// 3. Web services for the shop's pages

group('3. Shop ⇄ Pyramid web services: B2B login, customer prices, order history, contact registration, images', '#dfe7f3', () => {
  const reply = httpResponse('answer', 1390, 1200);
  const rows = [
    { url: '/shop/login', method: 'post', type: 'login', name: 'Inloggning', op: 'Inloggning', y: 1200, pick: 'msg.payload = { username: msg.payload.username, password: msg.payload.password };', after: "msg.statusCode = msg.payload.approved ? 200 : 401;" },
    { url: '/shop/prices', method: 'post', type: 'customer-price', name: 'Pris kund/artikel', op: 'KundPris', y: 1260, pick: 'msg.payload = { customerNumber: msg.payload.customerNumber, currency: msg.payload.currency, rows: msg.payload.rows };', after: '' },
    { url: '/shop/orders/:customerNumber', method: 'get', type: 'order-history', name: 'Orderhistorik', op: 'Orderhistorik', y: 1320, pick: 'msg.payload = { customerNumber: msg.req.params.customerNumber, page: Number(msg.req.query.page || 1), perPage: Number(msg.req.query.perPage || 20) };', after: '' },
    { url: '/shop/contacts', method: 'post', type: 'contact', name: 'Kontakt (registration)', op: 'KontaktRegistrering', y: 1380, pick: 'msg.payload = { customerNumber: msg.payload.customerNumber, firstName: msg.payload.firstName, lastName: msg.payload.lastName, email: msg.payload.email, phone: msg.payload.phone, username: msg.payload.username };', after: "msg.statusCode = msg.payload.status === 'registrerad' ? 201 : 409;" },
    { url: '/shop/images/:articleCode', method: 'get', type: 'images', name: 'Bilder', op: 'Bilder', y: 1440, pick: 'msg.payload = { articleCode: msg.req.params.articleCode };', after: '' },
  ];
  for (const r of rows) {
    const inn = httpIn(`${r.method.toUpperCase()} ${r.url}`, r.url, r.method, 180, r.y);
    const pick = fn(`${r.name}: request`, 420, r.y, `${r.pick}\nreturn msg;`);
    const check = msgNode(r.type, `${r.name} (request)`, 640, r.y, { mode: 'validate', ws: true, part: 'request' });
    const call = add({ type: 'pyramid-ws', name: r.op, endpoint: wts.id, operation: r.op, debugXml: false, x: 860, y: r.y, wires: [] });
    const answer = fn(`${r.name}: answer`, 1110, r.y, `${r.after}\nreturn msg;`);
    chain(inn, pick, check, call, answer, reply);
  }
  comment(
    'for a real installation: here',
    `
- Point "Pyramid WTS" at your WTS host's WSDL (http://<host>/<service>/<n>?WSQUERY) and set its
  authentication; the operations' names must match docs/web-services.md (or change them here).
- These endpoints are what the shop's B2B pages call from the shop's server: do not expose them to
  browsers directly (put them behind the shop, or protect them with Node-RED's httpNodeAuth).
`,
    1390,
    1320,
  );
  const wsFail = add({ type: 'catch', name: 'web service failed', scope: null, uncaught: false, x: 860, y: 1500, wires: [] });
  const wsFailReply = fn(
    '502 with the reason',
    1110,
    1500,
    `
// answer only a request nobody answered yet: a second answer would throw, and be caught again
if (!msg.res || !msg.res._res || msg.res._res.headersSent) return null;
// validation errors are the caller's; anything else is Pyramid's side. No internal text goes out.
const invalid = msg.error && /MESSAGE_INVALID|invalid/.test(String(msg.error.code || msg.error.message));
msg.statusCode = invalid ? 400 : 502;
msg.payload = invalid
    ? { error: 'invalid_request', message: String(msg.error.message || '').replace(/^\\w*Error: /, '').slice(0, 300) }
    : { error: 'pyramid_unavailable', message: 'Pyramid did not answer this request; try again later.' };
return msg;`,
  );
  chain(wsFail, wsFailReply, reply);
});

// ---------------------------------------------------------------------------------------------

const tab = {
  id: TAB,
  type: 'tab',
  label: 'Pyramid ⇄ WooCommerce',
  disabled: false,
  info: 'The complete integration: see the comment "read me first".',
  env: [
    { name: 'SHOP_URL', value: 'http://127.0.0.1:8090/wp-json/wc/v3', type: 'str' },
    { name: 'SHOP_KEY', value: 'ck_pyramid_demo_simulator', type: 'str' },
    { name: 'SHOP_SECRET', value: 'cs_pyramid_demo_simulator', type: 'str' },
    { name: 'WEBHOOK_SECRET', value: 'whsec_pyramid_demo_simulator', type: 'str' },
    { name: 'WEB_PRICE_LIST', value: 'KONS', type: 'str' },
    { name: 'WEB_CUSTOMER', value: '10500', type: 'str' },
    {
      name: 'DELIVERY_METHODS',
      value: JSON.stringify({ 'PostNord MyPack Collect': 'PN-MB', 'DHL Service Point': 'DHL-SP', 'Budbee hemleverans': 'PN-HD' }),
      type: 'json',
    },
    { name: 'VAT_PERCENT', value: '25', type: 'num' },
  ],
};

const flow = [tab, ...groups, ...nodes.filter((n) => n.type !== 'pyramid-ftp-server' && n.type !== 'pyramid-ws-endpoint'), ftp, wts];
for (const n of flow) {
  if (n.wires === undefined && n.type !== 'tab' && n.type !== 'group' && !n.type.endsWith('-server') && !n.type.endsWith('-endpoint') && n.type !== 'link out') n.wires = [];
}
const out = path.join(__dirname, '..', 'examples', 'complete-integration.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(flow, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)} (${flow.length} nodes)`);

module.exports = { DEMO: { shopKey: 'ck_pyramid_demo_simulator', shopSecret: 'cs_pyramid_demo_simulator', webhookSecret: 'whsec_pyramid_demo_simulator' } };
