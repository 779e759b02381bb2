/** The mapping engine: rows, typed values, list mode, filters, groups, nested lists, empty results and errors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMessage } from '../../lib';
import { Mapping, MapError, keyFieldsOf, type MapConfig } from '../../lib/map';
import { fixturesDir } from '../support/paths';

const articles = parseMessage('article', fs.readFileSync(path.join(fixturesDir, 'article.xml'))) as { articles: Record<string, unknown>[] };

function map(config: MapConfig, sourceType = 'article'): Mapping {
  const m = new Mapping({ ...config, keyFields: keyFieldsOf(sourceType, config.source) });
  assert.deepEqual(m.problems, []);
  return m;
}

describe('mapping rows', () => {
  it('sets fields, nested fields and leaves undefined values out', async () => {
    const m = map({
      rows: [
        { target: 'sku', value: 'articleCode' },
        { target: 'meta.unit', value: 'unit' },
        { target: 'meta_data[0].value', value: 'ean' },
        { target: 'missing', value: 'noSuchField' },
        { target: 'price', value: '$vatAdd(basePrice, 25)' },
      ],
    });
    const r = await m.run(articles.articles[0]);
    assert.deepEqual(r.output, { sku: '00123', meta: { unit: 'st' }, meta_data: [{ value: '07350012300123' }], price: '15.63' });
    assert.equal('missing' in (r.output as object), false);
  });

  it('takes typed values: string, number, boolean, JSON, and msg/flow/global/env through the resolver', async () => {
    const asked: string[] = [];
    const m = map({
      rows: [
        { target: 's', value: 'simple', type: 'str' },
        { target: 'n', value: '42', type: 'num' },
        { target: 'b', value: 'false', type: 'bool' },
        { target: 'j', value: '{"a":[1,2]}', type: 'json' },
        { target: 'm', value: 'topic', type: 'msg' },
        { target: 'f', value: 'shopName', type: 'flow' },
        { target: 'e', value: 'VAT_PERCENT', type: 'env' },
        { target: 'x', value: '$env("WEB_CUSTOMER") & "/" & $flowContext("shopName") & "/" & $msg.topic' },
      ],
    }, 'any');
    const r = await m.run({}, {
      msg: { topic: 'T' },
      typed: (type, value) => {
        asked.push(`${type}:${value}`);
        const known: Record<string, string> = { 'msg:topic': 'T', 'flow:shopName': 'Butik', 'env:VAT_PERCENT': '25' };
        return known[`${type}:${value}`];
      },
      env: (n) => (n === 'WEB_CUSTOMER' ? '10500' : undefined),
      flow: (k) => (k === 'shopName' ? 'Butik' : undefined),
    });
    assert.deepEqual(r.output, { s: 'simple', n: 42, b: false, j: { a: [1, 2] }, m: 'T', f: 'Butik', e: '25', x: '10500/Butik/T' });
    assert.deepEqual(asked, ['msg:topic', 'flow:shopName', 'env:VAT_PERCENT']);
  });

  it('has variables, functions in variables, $out and msg properties', async () => {
    const m = map({
      rows: [
        { target: '$vat', value: '25' },
        { target: '$gross', value: 'function($p) { $vatAdd($p, $vat) }' },
        { target: 'regular_price', value: '$gross(basePrice)' },
        { target: 'rounded', value: '$decRound($out.regular_price, 1)' },
        { target: 'msg.statusCode', value: '201' },
      ],
    });
    const r = await m.run(articles.articles[0]);
    assert.deepEqual(r.output, { regular_price: '15.63', rounded: '16' });
    assert.deepEqual(r.msg, [{ path: ['statusCode'], value: 201 }]);
  });

  it('maps nested lists with rows of their own', async () => {
    const m = map({
      rows: [
        { target: 'id', value: 'id' },
        { target: 'rows[]', value: 'lines' },
        { target: 'rows[].rowNumber', value: '$index + 1' },
        { target: 'rows[].articleCode', value: 'sku' },
        { target: 'rows[].order', value: '$parent.id' },
      ],
    }, 'any');
    const r = await m.run({ id: 7, lines: [{ sku: 'A' }, { sku: 'B' }] });
    assert.deepEqual(r.output, { id: 7, rows: [{ rowNumber: 1, articleCode: 'A', order: 7 }, { rowNumber: 2, articleCode: 'B', order: 7 }] });
    const none = await m.run({ id: 8 });
    assert.deepEqual(none.output, { id: 8, rows: [] });
  });
});

describe('list mode', () => {
  it('maps each record, keeps only what the filter holds', async () => {
    const m = map({ list: true, source: 'articles', filter: 'webActive = true and $exists(basePrice)', rows: [{ target: 'sku', value: 'articleCode' }] });
    const r = await m.run(articles);
    const expected = articles.articles.filter((a) => a.webActive === true && a.basePrice !== undefined).map((a) => ({ sku: a.articleCode }));
    assert.ok(expected.length > 0 && expected.length < articles.articles.length);
    assert.deepEqual(r.output, expected);
    assert.equal(r.read, articles.articles.length);
    assert.equal(r.filtered, articles.articles.length - expected.length);
  });

  it('an empty source or a filter that keeps nothing gives an empty list, not an error', async () => {
    const m = map({ list: true, source: 'articles', filter: 'webActive = true', rows: [{ target: 'sku', value: 'articleCode' }] });
    for (const input of [{ articles: [] }, {}, undefined, null, { articles: [{ articleCode: 'X', webActive: false }] }]) {
      const r = await m.run(input);
      assert.deepEqual(r.output, [], JSON.stringify(input));
      assert.deepEqual(r.invalid, []);
    }
  });

  it('groups records by a key: the rows see the first and $group', async () => {
    const stock = parseMessage('stock', fs.readFileSync(path.join(fixturesDir, 'stock.xml'))) as { stock: { articleCode: string; available: string }[] };
    const m = map({ list: true, source: 'stock', groupBy: 'articleCode', rows: [{ target: 'sku', value: 'articleCode' }, { target: 'n', value: '$count($group)' }, { target: 'sum', value: '$decSum($group.available)' }] }, 'stock');
    const r = await m.run(stock);
    const out = r.output as { sku: string; n: number; sum: string }[];
    assert.deepEqual(out[0], { sku: '00123', n: 3, sum: '5895' });
    assert.equal(out.length, new Set(stock.stock.map((s) => s.articleCode)).size);
  });

  it('variable rows at the top are worked out once per msg against the whole input; further down, per record', async () => {
    let once = 0;
    let each = 0;
    const m = map({
      list: true,
      source: 'articles',
      filter: 'articleCode in $wanted',
      rows: [
        { target: '$wanted', value: '($once(); articles[webActive].articleCode)' },
        { target: 'sku', value: 'articleCode' },
        { target: '$e', value: '$each()' },
        { target: 'n', value: '$count($wanted)' },
      ],
    });
    const r = await m.run(
      { articles: [{ articleCode: 'A', webActive: true }, { articleCode: 'B', webActive: false }, { articleCode: 'C', webActive: true }] },
      { bindings: { once: () => ++once, each: () => ++each } },
    );
    assert.deepEqual(r.output, [{ sku: 'A', n: 2 }, { sku: 'C', n: 2 }]);
    assert.equal(once, 1);
    assert.equal(each, 2);
  });

  it('a single object as the source is a list of one', async () => {
    const m = map({ list: true, source: '$', filter: 'ok', rows: [{ target: 'id', value: 'id' }] }, 'any');
    assert.deepEqual((await m.run({ id: 1, ok: true })).output, [{ id: 1 }]);
    assert.deepEqual((await m.run({ id: 1, ok: false })).output, []);
  });
});

describe('errors', () => {
  it('a failing row names the row, the record by its key field and the value; the other records go on', async () => {
    const input = { articles: [{ articleCode: '00123', basePrice: '12.50' }, { articleCode: '00124', basePrice: '12,5x' }, { articleCode: '00125', basePrice: '3' }] };
    const m = map({ list: true, source: 'articles', rows: [{ target: 'sku', value: 'articleCode' }, { target: 'regular_price', value: '$decRound(basePrice, 1)' }] });
    const r = await m.run(input);
    assert.deepEqual(r.output, [{ sku: '00123', regular_price: '13' }, { sku: '00125', regular_price: '3' }]);
    assert.equal(r.invalid.length, 1);
    const bad = r.invalid[0];
    assert.equal(bad.index, 1);
    assert.equal(bad.key, 'articleCode 00124');
    assert.deepEqual(bad.record, input.articles[1]);
    assert.match(bad.reason, /^row 2 \(regular_price\), record 2 \(articleCode 00124\): \$decRound: value "12,5x" is not a decimal/);
    assert.equal(bad.errors[0].value, '12,5x');
    assert.equal(r.rowErrors[2].row, 2);
  });

  it('the key field comes from the catalogue for the list mapped', async () => {
    assert.deepEqual(keyFieldsOf('stock', 'stock'), ['articleCode', 'warehouse']);
    assert.deepEqual(keyFieldsOf('order-status'), ['externalOrderNumber']);
    assert.deepEqual(keyFieldsOf('woocommerce-product'), ['sku', 'id']);
    const m = map({ list: true, source: 'stock', rows: [{ target: 'q', value: '$decAdd(available, "x")' }] }, 'stock');
    const r = await m.run({ stock: [{ articleCode: '00123', warehouse: '02', available: '1' }] });
    assert.match(r.invalid[0].reason, /record 1 \(articleCode 00123, warehouse 02\): \$decAdd: argument 2 "x" is not a decimal/);
  });

  it('required rows, values no target can take, and a path in the way fail the record', async () => {
    const m = map({
      rows: [
        { target: 'sku', value: 'articleCode', required: true },
        { target: 'f', value: '$sum' },
        { target: 'inf', value: '1/0' },
        { target: 'a', value: '"text"' },
        { target: 'a.b', value: '1' },
      ],
    });
    const r = await m.run({ description: 'no code' });
    assert.equal(r.output, undefined);
    const texts = r.invalid[0].errors.map((e) => `${e.row} ${e.target}: ${e.message}`);
    assert.match(texts[0], /^1 sku: has no value, and the row is required/);
    assert.match(texts[1], /^2 f: the value is a function/);
    assert.match(texts[2], /^3 inf: /);
    assert.match(texts[3], /^5 a\.b: a already holds "text"/);
  });

  it('a bad expression or target is a problem of the row, found once when compiling', async () => {
    const m = new Mapping({ list: true, source: 'articles', filter: 'webActive = ', rows: [{ target: 'sku', value: 'articleCode' }, { target: 'x', value: '$decRound(basePrice, ' }, { target: 'a..b', value: '1' }, { target: 'rows[].x', value: '1' }, { target: 'msg.x', value: '1' }] });
    const byRow = m.problems.map((p) => `${p.row} ${p.target}`);
    assert.deepEqual(byRow, ['0 filter', '2 x', '3 a..b', '4 rows[].x', '5 msg.x']);
    await assert.rejects(m.run({ articles: [] }), (e: unknown) => e instanceof MapError && e.code === 'MAP_CONFIG' && /row 2 \(x\): bad expression/.test(e.message));
  });

  it('compiles expressions once per configuration, not per msg', async () => {
    const m = map({ list: true, source: 'articles', rows: [{ target: 'sku', value: 'articleCode' }] });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) await m.run(articles);
    const perRun = Number(process.hrtime.bigint() - t0) / 200 / 1e6;
    assert.ok(perRun < 50, `${perRun.toFixed(2)} ms per run`);
  });
});
