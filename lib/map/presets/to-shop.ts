/**
 * Pyramid -> WooCommerce: the shapes of the contract with woocommerce-out (products with
 * parent_sku / unpublish, stock, prices, order updates), as the example flow's functions made them.
 */
import { row, typed, type Preset } from './types';

const VAT = row('$vat', '$env("VAT_PERCENT") ? $env("VAT_PERCENT") : 25');

export const articleToProduct: Preset = {
  id: 'article-product',
  name: 'Artikel → WooCommerce product',
  doc:
    'Each Artikel becomes a product upserted by SKU: a simple product, the variable parent of its variants (an article ' +
    'another article names as Huvudartikel), or a variation (parent_sku). Not web-active: status draft; removed ' +
    '(borttagen): unpublished. Prices come from Pris fullständig.',
  sourceType: 'article',
  list: true,
  source: 'articles',
  filter: '',
  rows: [
    row('$parents', 'articles.parentArticle'),
    row('sku', 'articleCode', true),
    row('name', 'description ? description : articleCode'),
    row('type', '$not($exists(parentArticle)) ? (articleCode in $parents ? "variable" : "simple")'),
    row('parent_sku', 'parentArticle'),
    row('status', 'webActive = false ? "draft" : "publish"'),
    row('unpublish', 'action = "borttagen" ? true'),
    row('description', 'longText ? longText : ""'),
    row('short_description', 'description2 ? description2 : ""'),
    row('manage_stock', '$not(stocked = false)'),
    row('weight', 'weight ? weight : ""'),
    row(
      'attributes',
      'parentArticle\n  ? [variantProperties.{"name": name, "option": value}]\n  : [$append(variantProperties, properties).{"name": name, "options": [value], "visible": true}]',
    ),
    row(
      'meta_data',
      '[\n  {"key": "_pyramid_article_group", "value": articleGroup ? articleGroup : ""},\n  {"key": "_pyramid_unit", "value": unit ? unit : ""},\n  {"key": "_ean", "value": ean ? ean : ""},\n  {"key": "_pyramid_parent", "value": parentArticle ? parentArticle : ""}\n]',
    ),
  ],
};

export const kitToProduct: Preset = {
  id: 'kit-product',
  name: 'Setartikel → WooCommerce product',
  doc:
    'Each Setartikel becomes a simple product marked as a kit (meta _pyramid_kit = "yes", its components in ' +
    '_pyramid_components); a kit with its own price (pristyp eget) gets it with VAT; removed kits are unpublished. ' +
    'The shop does not manage a kit\'s stock (Lagersaldo has no rows for kits: Pyramid reserves the components when ' +
    'the order is imported), so a kit stays orderable; set manage_stock and a stock row to show one.',
  sourceType: 'kit-article',
  list: true,
  source: 'kits',
  filter: '',
  rows: [
    VAT,
    row('sku', 'articleCode', true),
    row('name', 'description ? description : articleCode'),
    typed('type', 'str', 'simple'),
    typed('status', 'str', 'publish'),
    row('unpublish', 'action = "borttagen" ? true'),
    row('description', '"Set: " & $join(components.(quantity & " × " & articleCode), ", ")'),
    row('regular_price', 'priceType = "eget" ? $vatAdd(price, $vat)'),
    typed('manage_stock', 'bool', 'false'),
    row(
      'meta_data',
      '[\n  {"key": "_pyramid_kit", "value": "yes"},\n  {"key": "_pyramid_components", "value": $string([components.{"sku": articleCode, "quantity": quantity}])}\n]',
    ),
  ],
};

export const stockToShop: Preset = {
  id: 'stock-shop',
  name: 'Lagersaldo → stock',
  doc:
    'Stock per SKU: the sum of Disponibelt over the web warehouses (all, or those listed in the environment variable ' +
    'WEB_WAREHOUSES, e.g. "01,02"), whole units, never below 0. To count other warehouses, edit the filter: ' +
    'warehouse in ["01", "02"].',
  sourceType: 'stock',
  list: true,
  source: 'stock',
  filter: '$env("WEB_WAREHOUSES") ? warehouse in $split($env("WEB_WAREHOUSES"), ",") : true',
  groupBy: 'articleCode',
  rows: [row('sku', 'articleCode', true), row('stock_quantity', '$number($decRound($decMax($decSum($group.available), "0"), 1, "floor"))')],
};

export const priceListToPrices: Preset = {
  id: 'price-list-prices',
  name: 'Pris fullständig → prices',
  doc:
    "The web price list (WEB_PRICE_LIST, default BAS) at quantity 1, with VAT (VAT_PERCENT, default 25) unless the " +
    'price already includes it: a price without an end date is the regular price, one with an end date running today ' +
    'is the sale price (otherwise the sale is cleared). Round with $decRound($p, 1) or $decEnding($p, ".90").',
  sourceType: 'price-list',
  list: true,
  source: 'priceListPrices',
  filter: 'priceList = ($env("WEB_PRICE_LIST") ? $env("WEB_PRICE_LIST") : "BAS") and $decCompare(fromQuantity ? fromQuantity : "1", "1") <= 0',
  groupBy: 'articleCode',
  rows: [
    VAT,
    row('$today', '$substring($now(), 0, 10)'),
    row('$shown', 'function($p) { $p.includesVat ? $p.price : $vatAdd($p.price, $vat) }'),
    row('sku', 'articleCode', true),
    row('regular_price', '$shown($group[$not($exists(validUntil)) and (validFrom ? validFrom <= $today : true)][-1])'),
    row('sale_price', '($s := $group[validUntil and (validFrom ? validFrom <= $today : true) and validUntil >= $today][-1];\n $s ? $shown($s) : "")'),
  ],
};

export const orderStatusToOrder: Preset = {
  id: 'order-status-order',
  name: 'Orderstatus → order update',
  doc:
    'The shop order "WC-<id>" gets the status (registrerad/plockas → processing, levererad/fakturerad → completed, ' +
    'makulerad → cancelled), Pyramid\'s order number, status and tracking as meta data, and a note the customer sees. ' +
    'A status of an order that did not come from the shop gives an empty list.',
  sourceType: 'order-status',
  list: true,
  source: '$',
  filter: '$contains(externalOrderNumber, /^WC-\\d+$/)',
  rows: [
    row('id', '$number($substringAfter(externalOrderNumber, "WC-"))', true),
    row(
      'status',
      '$lookup({\n  "mottagen": "processing", "registrerad": "processing", "plockas": "processing",\n  "dellevererad": "processing", "levererad": "completed", "fakturerad": "completed",\n  "makulerad": "cancelled"\n}, status)',
    ),
    row('$d', 'deliveries[0]'),
    row('note', '"Pyramid: " & (statusText ? statusText : status)\n  & ($d.trackingNumber ? " (" & $d.carrier & " " & $d.trackingNumber & ")" : "")'),
    typed('customer_note', 'bool', 'true'),
    row(
      'meta_data',
      '$append(\n  [{"key": "_pyramid_order_number", "value": pyramidOrderNumber ? pyramidOrderNumber : ""},\n   {"key": "_pyramid_status", "value": status}],\n  $d.trackingNumber ? [\n    {"key": "_tracking_number", "value": $d.trackingNumber},\n    {"key": "_tracking_url", "value": $d.trackingUrl ? $d.trackingUrl : ""},\n    {"key": "_carrier", "value": $d.carrier ? $d.carrier : ""}\n  ] : []\n)',
    ),
  ],
};
