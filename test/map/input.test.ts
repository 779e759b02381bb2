/** A split file's batch is read as the file it came from, so file presets work on batches. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileMapping, getPreset, mappingInput } from '../../lib/map';

describe('mappingInput', () => {
  it('wraps a batch in its list and header', () => {
    assert.deepEqual(mappingInput([{ a: 1 }], { list: 'articles', header: { scope: 'delta' } }), { scope: 'delta', articles: [{ a: 1 }] });
  });

  it('leaves whole models, single-record batches and msgs from elsewhere alone', () => {
    const model = { articles: [] };
    assert.equal(mappingInput(model, { list: 'articles' }), model);
    const one = [{ status: 'levererad' }];
    assert.equal(mappingInput(one, { list: '' }), one);
    assert.equal(mappingInput(one, undefined), one);
  });

  it('maps a batch of Artikel records with the file preset, and a Kundpriser batch to nothing', async () => {
    const p = getPreset('article-product');
    assert.ok(p);
    const m = compileMapping({ rows: p.rows, list: p.list, source: p.source, filter: p.filter, groupBy: p.groupBy });
    const batch = [
      { articleCode: '100', description: 'Skruv', webActive: true },
      { articleCode: '100-R', description: 'Skruv röd', parentArticle: '100', webActive: true, variantProperties: [{ name: 'Färg', value: 'röd' }] },
    ];
    const r = await m.run(mappingInput(batch, { list: 'articles', header: { scope: 'delta' } }), {});
    const out = r.output as { sku: string; type?: string; parent_sku?: string }[];
    assert.deepEqual(out.map((x) => x.sku), ['100', '100-R']);
    assert.equal(out[0].type, 'variable');
    assert.equal(out[1].parent_sku, '100');

    const prices = getPreset('price-list-prices');
    assert.ok(prices);
    const pm = compileMapping({ rows: prices.rows, list: true, source: prices.source, filter: prices.filter, groupBy: prices.groupBy });
    const none = await pm.run(mappingInput([{ customerNumber: '10001', articleCode: '100', price: '9.00' }], { list: 'customerPrices' }), { env: () => undefined });
    assert.deepEqual(none.output, []);
  });
});
