/**
 * The shop's own page at `/`: what an integrator wants to see while the demo runs — products with
 * stock and price, orders with what Pyramid sent back (order number, status, tracking, notes), the
 * webhooks and their last deliveries, and a button that places a test order through the checkout.
 * Server-rendered, refreshed every few seconds, no scripts.
 */
import { formatLocal } from './dates';
import { escapeHtml } from './http';
import { priceOf, stockOf, variationName } from './catalog';
import { formatSek, splitVat, taxClassFor, toOre } from './money';
import { STATUS_LABELS, orderTotals } from './orders';
import { type OrderRecord, type ProductRecord, type ShopState, metaText } from './state';
import type { DeliveryRecord } from './webhooks';

/** Order meta keys the integration writes back and the page shows. */
export const PYRAMID_META = {
  orderNumber: '_pyramid_order_number',
  status: '_pyramid_status',
  trackingNumber: '_tracking_number',
  trackingUrl: '_tracking_url',
} as const;

const PRODUCTS_PER_PAGE = 100;
const ORDERS_SHOWN = 30;
const DELIVERIES_SHOWN = 12;

const e = escapeHtml;

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f7;color:#1d2327}
header{background:#7f54b3;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;font-size:13px;opacity:.9}
main{padding:16px 24px}section{background:#fff;border:1px solid #dcdcde;border-radius:4px;margin-bottom:18px;padding:12px 16px}
h2{font-size:16px;margin:0 0 10px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #f0f0f1;vertical-align:top}th{background:#f6f7f7}
td.num{text-align:right;white-space:nowrap}.variation td:nth-child(2){padding-left:24px;color:#50575e}
.st{display:inline-block;padding:1px 8px;border-radius:10px;background:#e5e5e5;font-size:12px}
.st-processing{background:#c6e1c6}.st-completed{background:#c8d7e1}.st-on-hold{background:#f8dda7}.st-cancelled,.st-failed{background:#eba3a3}
.out{color:#b32d2e}.muted{color:#787c82}.notes{margin:0;padding-left:16px;font-size:12px;color:#50575e}
.msg{background:#fff8e5;border:1px solid #f0c33c;padding:8px 12px;margin-bottom:16px;border-radius:4px}
button{background:#2271b1;color:#fff;border:0;border-radius:3px;padding:8px 14px;font-size:14px;cursor:pointer}
nav a{margin-right:8px}code{font-size:12px}
`;

function statusBadge(status: string, label: string): string {
  return `<span class="st st-${e(status)}">${e(label)}</span>`;
}

function safeLink(url: string, text: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noopener noreferrer">${e(text)}</a>` : e(text);
}

function priceWithVat(state: ShopState, p: ProductRecord): string {
  const ore = toOre(priceOf(state, p));
  if (ore === undefined) return '<span class="muted">–</span>';
  if (state.settings.pricesIncludeTax) return e(formatSek(ore));
  const parent = p.kind === 'variation' ? state.products.get(p.parentId) : undefined;
  const taxClass = p.taxClass === 'parent' ? (parent?.taxClass ?? '') : p.taxClass;
  const rate = (parent ?? p).taxStatus === 'taxable' ? taxClassFor(taxClass).percent : 0;
  return e(formatSek(ore + splitVat(ore, rate, false).tax));
}

function stockCell(state: ShopState, p: ProductRecord): string {
  const stock = stockOf(state, p);
  const label = { instock: 'In stock', outofstock: 'Out of stock', onbackorder: 'On backorder' }[stock.status];
  const cls = stock.status === 'instock' ? '' : ' class="out"';
  if (stock.manage === true && stock.quantity !== null) return `<span${cls}>${stock.quantity}</span>`;
  return `<span${cls}>${e(label)}${stock.manage === 'parent' ? ' (parent)' : ''}</span>`;
}

function productRow(state: ShopState, p: ProductRecord): string {
  const name = p.kind === 'variation' ? variationName(state, p) : p.name;
  const type = p.kind === 'variation' ? 'variation' : p.type;
  return `<tr class="${p.kind}"><td><code>${e(p.sku) || '<span class="muted">–</span>'}</code></td><td>${e(name)}</td><td>${e(type)}</td><td class="num">${stockCell(state, p)}</td><td class="num">${priceWithVat(state, p)}</td><td>${e(p.status)}</td></tr>`;
}

function productsSection(state: ShopState, page: number): string {
  const products = [...state.products.values()]
    .filter((p) => p.kind === 'product' && p.status !== 'trash')
    .sort((a, b) => a.sku.localeCompare(b.sku, 'sv') || a.id - b.id);
  const pages = Math.max(1, Math.ceil(products.length / PRODUCTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const rows: string[] = [];
  for (const p of products.slice((current - 1) * PRODUCTS_PER_PAGE, current * PRODUCTS_PER_PAGE)) {
    rows.push(productRow(state, p));
    if (p.type === 'variable') {
      for (const v of state.variationsOf(p.id).filter((x) => x.status !== 'trash')) rows.push(productRow(state, v));
    }
  }
  const nav =
    pages > 1
      ? `<nav>Page: ${Array.from({ length: pages }, (_, i) => i + 1)
          .map((n) => (n === current ? `<strong>${n}</strong>` : `<a href="/?page=${n}">${n}</a>`))
          .join(' ')}</nav>`
      : '';
  const body =
    rows.length > 0
      ? `<table><thead><tr><th>SKU</th><th>Name</th><th>Type</th><th class="num">Stock</th><th class="num">Price (incl. VAT)</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p class="muted">No products yet. They arrive when the integration sends articles from Pyramid.</p>';
  return `<section><h2>Products (${products.length})</h2>${nav}${body}${nav}</section>`;
}

function orderRow(state: ShopState, o: OrderRecord): string {
  const b = o.billing;
  const buyer = [`${b.first_name} ${b.last_name}`.trim(), b.company].filter((x) => x).join(', ');
  const items = o.lineItems.map((li) => `${li.quantity} × ${e(li.name)}${li.sku ? ` <code>${e(li.sku)}</code>` : ''}`).join('<br>');
  const pyramidNo = metaText(o.meta, PYRAMID_META.orderNumber);
  const pyramidStatus = metaText(o.meta, PYRAMID_META.status);
  const trackingNo = metaText(o.meta, PYRAMID_META.trackingNumber);
  const trackingUrl = metaText(o.meta, PYRAMID_META.trackingUrl);
  const tracking = trackingNo ? safeLink(trackingUrl, trackingNo) : trackingUrl ? safeLink(trackingUrl, trackingUrl) : '';
  const notes = [...o.notes]
    .sort((a, z) => z.created - a.created || z.id - a.id)
    .slice(0, 3)
    .map((n) => `<li>${e(n.note)}${n.customerNote ? ' <span class="muted">(to customer)</span>' : ''}</li>`)
    .join('');
  const dash = '<span class="muted">–</span>';
  return `<tr><td>#${o.id}</td><td>${e(formatLocal(o.created, state.settings.timeZone).replace('T', ' '))}</td><td>${e(buyer) || dash}</td><td>${items}</td><td class="num">${e(formatSek(orderTotals(o).total))}</td><td>${statusBadge(o.status, STATUS_LABELS[o.status])}</td><td>${e(pyramidNo) || dash}</td><td>${e(pyramidStatus) || dash}</td><td>${tracking || dash}</td><td>${notes ? `<ul class="notes">${notes}</ul>` : ''}</td></tr>`;
}

function ordersSection(state: ShopState): string {
  const orders = [...state.orders.values()].sort((a, b) => b.created - a.created || b.id - a.id);
  const body =
    orders.length > 0
      ? `<table><thead><tr><th>Order</th><th>Date</th><th>Customer</th><th>Items</th><th class="num">Total</th><th>Status</th><th>Pyramid order no.</th><th>Pyramid status</th><th>Tracking</th><th>Latest notes</th></tr></thead><tbody>${orders
          .slice(0, ORDERS_SHOWN)
          .map((o) => orderRow(state, o))
          .join('')}</tbody></table>`
      : '<p class="muted">No orders yet.</p>';
  return `<section><h2>Orders (${orders.length})</h2><form method="post" action="/sim/test-order"><button type="submit">Place test order</button></form><br>${body}</section>`;
}

function webhooksSection(state: ShopState, deliveries: readonly DeliveryRecord[]): string {
  const hooks = [...state.webhooks.values()];
  const hookRows = hooks
    .map(
      (w) =>
        `<tr><td>${w.id}</td><td>${e(w.name)}</td><td><code>${e(w.topic)}</code></td><td><code>${e(w.deliveryUrl)}</code></td><td>${statusBadge(w.status, w.status)}</td><td class="num">${w.failureCount}</td></tr>`,
    )
    .join('');
  const recent = deliveries
    .slice(-DELIVERIES_SHOWN)
    .reverse()
    .map(
      (d) =>
        `<tr><td>${e(new Date(d.at).toISOString().slice(11, 19))}</td><td>${d.webhookId}</td><td><code>${e(d.topic)}</code></td><td>${d.resourceId || ''}</td><td>${d.attempt}</td><td>${e(d.outcome)}</td><td>${e(d.detail)}</td></tr>`,
    )
    .join('');
  return `<section><h2>Webhooks (${hooks.length})</h2>${
    hooks.length > 0
      ? `<table><thead><tr><th>ID</th><th>Name</th><th>Topic</th><th>Delivery URL</th><th>Status</th><th class="num">Failures</th></tr></thead><tbody>${hookRows}</tbody></table>`
      : '<p class="muted">No webhooks registered.</p>'
  }${
    recent
      ? `<h2 style="margin-top:12px">Latest deliveries (UTC)</h2><table><thead><tr><th>Time</th><th>Webhook</th><th>Topic</th><th>Resource</th><th>Attempt</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>${recent}</tbody></table>`
      : ''
  }</section>`;
}

export function renderPage(
  state: ShopState,
  deliveries: readonly DeliveryRecord[],
  view: { page: number; message?: string },
): string {
  const restUrl = `${state.baseUrl}/wp-json/wc/v3`;
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(state.settings.shopName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${e(state.settings.shopName)}</h1><p>Simulated WooCommerce shop · REST API <code>${e(restUrl)}</code> · prices in ${e(state.settings.currency)} ${state.settings.pricesIncludeTax ? 'including' : 'excluding'} VAT</p></header>
<main>
${view.message ? `<div class="msg">${e(view.message)}</div>` : ''}
${ordersSection(state)}
${productsSection(state, view.page)}
${webhooksSection(state, deliveries)}
</main>
</body>
</html>
`;
}
