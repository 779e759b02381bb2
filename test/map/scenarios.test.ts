/**
 * The customer changes of the next issue that belong to the mapping, each made the way a shop
 * owner makes it in the dialog: a preset loaded, then one row, the filter or a typed value edited.
 * No code besides the rows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMessage } from '../../lib';
import { getPreset, keyFieldsOf, Mapping, WOO_SAMPLES, type MapRow, type RunContext } from '../../lib/map';
import type { Preset } from '../../lib/map/presets/types';
import { fixturesDir } from '../support/paths';

type Rec = Record<string, unknown>;

function edited(id: string, edit: (p: Preset) => void): Mapping {
  const p = JSON.parse(JSON.stringify(getPreset(id))) as Preset;
  edit(p);
  const m = new Mapping({ ...p, keyFields: keyFieldsOf(p.sourceType, p.source) });
  assert.deepEqual(m.problems, []);
  return m;
}

function setRow(p: Preset, target: string, row: Partial<MapRow>): void {
  const r = p.rows.find((x) => x.target === target);
  assert.ok(r, target);
  Object.assign(r, row);
}

const env: RunContext = { env: (n) => ({ VAT_PERCENT: '25', WEB_PRICE_LIST: '01', WEB_CUSTOMER: '10500' })[n], bindings: { now: () => '2026-12-01T08:00:00.000Z' } };

describe('customer changes made by editing rows', () => {
  it("1: a customer's own field under extra reaches the shop as an attribute", async () => {
    const model = parseMessage('article', fs.readFileSync(path.join(fixturesDir, 'article.xml'))) as { articles: Rec[] };
    model.articles[0].extra = { Webbkategori: 'Rostfritt' };
    const m = edited('article-product', (p) =>
      setRow(p, 'attributes', {
        value:
          'parentArticle\n  ? [variantProperties.{"name": name, "option": value}]\n  : [$append(variantProperties, properties).{"name": name, "options": [value], "visible": true},\n     extra.Webbkategori ? {"name": "Webbkategori", "options": [extra.Webbkategori], "visible": true}]',
      }),
    );
    const out = (await m.run(model, env)).output as Rec[];
    assert.deepEqual((out[0].attributes as Rec[]).at(-1), { name: 'Webbkategori', options: ['Rostfritt'], visible: true });
    assert.equal((out[1].attributes as Rec[]).some((a) => a.name === 'Webbkategori'), false);
  });

  it("2: the shop's shipping methods map to Pyramid delivery codes through a table", async () => {
    const m = edited('woo-order-order', (p) => setRow(p, '$methods', { type: 'json', value: '{"PostNord MyPack Collect": "PN-OMB", "Budbee hemleverans": "BUDBEE"}' }));
    assert.equal(((await m.run(WOO_SAMPLES.order, env)).output as Rec).deliveryMethod, 'PN-OMB');
  });

  it('3: prices rounded to whole kronor, or to .90 endings', async () => {
    const model = parseMessage('price-list', fs.readFileSync(path.join(fixturesDir, 'price-list.xml')));
    const kronor = edited('price-list-prices', (p) => setRow(p, '$shown', { value: 'function($p) { $decRound($p.includesVat ? $p.price : $vatAdd($p.price, $vat), 1) }' }));
    const k = (await kronor.run(model, env)).output as Rec[];
    assert.deepEqual(k.find((x) => x.sku === '00123'), { sku: '00123', regular_price: '16', sale_price: '' });
    assert.deepEqual(k.find((x) => x.sku === '04500-SV-L'), { sku: '04500-SV-L', sale_price: '936' });
    const ninety = edited('price-list-prices', (p) => setRow(p, '$shown', { value: 'function($p) { $decEnding($p.includesVat ? $p.price : $vatAdd($p.price, $vat), ".90") }' }));
    const n = (await ninety.run(model, env)).output as Rec[];
    assert.deepEqual(n.find((x) => x.sku === '00123'), { sku: '00123', regular_price: '15.90', sale_price: '' });
    assert.deepEqual(n.find((x) => x.sku === '04500-SV-L'), { sku: '04500-SV-L', sale_price: '936.90' });
  });

  it('4: articles not web-active are not created, and unpublished when the shop has them', async () => {
    const m = edited('article-product', (p) => setRow(p, 'unpublish', { value: 'action = "borttagen" or webActive = false ? true' }));
    const out = (await m.run({ articles: [{ articleCode: 'A', webActive: true }, { articleCode: 'B', webActive: false }] }, env)).output as Rec[];
    assert.deepEqual(out.map((p) => [p.sku, p.unpublish]), [['A', undefined], ['B', true]]);
    // or left out altogether, by the filter
    const only = edited('article-product', (p) => (p.filter = 'webActive = true'));
    assert.deepEqual(((await only.run({ articles: [{ articleCode: 'B', webActive: false }] }, env)).output as Rec[]), []);
  });

  it('5: stock as the sum of two warehouses', async () => {
    const model = parseMessage('stock', fs.readFileSync(path.join(fixturesDir, 'stock.xml')));
    const m = edited('stock-shop', (p) => (p.filter = 'warehouse in ["01", "02"]'));
    const out = (await m.run(model, env)).output as Rec[];
    assert.deepEqual(out.find((s) => s.sku === '00123'), { sku: '00123', stock_quantity: 5860 });
    assert.equal(out.some((s) => s.sku === '04500-SV-L' && s.stock_quantity === 10), true);
  });

  it('9: guest orders placed on a default customer number', async () => {
    const m = edited('woo-order-order', (p) => setRow(p, 'customerNumber', { value: 'customer_id = 0 ? "19999" : $env("WEB_CUSTOMER")' }));
    assert.equal(((await m.run({ ...WOO_SAMPLES.order, customer_id: 0 }, env)).output as Rec).customerNumber, '19999');
    assert.equal(((await m.run(WOO_SAMPLES.order, env)).output as Rec).customerNumber, '10500');
  });
});
