/**
 * pyramid-map in a real Node-RED runtime (node-red-node-test-helper): rows, typed values from
 * msg/flow/env, the second output, an empty list that flows on, a configuration error reaching
 * Catch, and the dialog's admin endpoints (sources, fields, preview against a sample and against
 * the last msg, with secrets masked).
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMessage } from '../../lib';
import { getPreset } from '../../lib/map';
import { helper, nodeFile, type NodeMessage } from '../support/nodered';
import { fixturesDir } from '../support/paths';

const mapNode = nodeFile('pyramid-map');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catchNode = require('@node-red/nodes/core/common/25-catch.js') as (red: object) => void;

interface Wired {
  out: NodeMessage[];
  bad: NodeMessage[];
  caught: NodeMessage[];
}

async function load(config: Record<string, unknown>, tabEnv: object[] = []): Promise<Wired> {
  const flow = [
    { id: 'tab', type: 'tab', label: 'map', env: tabEnv },
    { id: 'm', z: 'tab', type: 'pyramid-map', name: 'map', property: 'payload', output: 'payload', sourceType: 'any', rows: [], wires: [['ok'], ['bad']], ...config },
    { id: 'ok', z: 'tab', type: 'helper' },
    { id: 'bad', z: 'tab', type: 'helper' },
    { id: 'c', z: 'tab', type: 'catch', scope: ['m'], uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ];
  await helper.load([mapNode, catchNode], flow);
  const w: Wired = { out: [], bad: [], caught: [] };
  helper.getNode('ok').on('input', (m) => w.out.push(m));
  helper.getNode('bad').on('input', (m) => w.bad.push(m));
  helper.getNode('caught').on('input', (m) => w.caught.push(m));
  return w;
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('pyramid-map in Node-RED', () => {
  before(async () => {
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('maps rows with typed values from msg, flow and env', async () => {
    const w = await load(
      {
        rows: [
          { target: 'sku', value: 'articleCode', type: 'jsonata' },
          { target: 'price', value: '$vatAdd(basePrice, $env("VAT_PERCENT"))', type: 'jsonata' },
          { target: 'shop', value: 'shopName', type: 'flow' },
          { target: 'topic', value: 'topic', type: 'msg' },
          { target: 'vat', value: 'VAT_PERCENT', type: 'env' },
          { target: 'kind', value: 'simple', type: 'str' },
        ],
      },
      [{ name: 'VAT_PERCENT', value: '25', type: 'str' }],
    );
    (helper.getNode('m') as unknown as { context(): { flow: { set(k: string, v: unknown): void } } }).context().flow.set('shopName', 'Butiken');
    helper.getNode('m').receive({ payload: { articleCode: '00123', basePrice: '12.50' }, topic: 'artiklar' });
    await waitFor(() => w.out.length === 1, 'the mapped msg');
    assert.deepEqual(w.out[0].payload, { sku: '00123', price: '15.63', shop: 'Butiken', topic: 'artiklar', vat: '25', kind: 'simple' });
    assert.equal(w.out[0].topic, 'artiklar');
    assert.deepEqual(w.out[0].mapping, { read: 1, written: 1, filtered: 0, invalid: 0 });
  });

  it('runs a preset: Artikel → products, invalid records to the second output with their reason', async () => {
    const p = getPreset('article-product');
    assert.ok(p);
    const rows = [...p.rows, { target: 'regular_price', value: '$decRound($vatAdd(basePrice, 25), 1)', type: 'jsonata' }];
    const w = await load({ sourceType: 'article', list: true, source: p.source, filter: p.filter, rows, output: 'products' });
    const model = parseMessage('article', fs.readFileSync(path.join(fixturesDir, 'article.xml'))) as { articles: Record<string, unknown>[] };
    model.articles[1].basePrice = '12,5x';
    helper.getNode('m').receive({ payload: model, filename: 'Artikeldata_1.xml' });
    await waitFor(() => w.out.length === 1 && w.bad.length === 1, 'valid and invalid output');
    const products = w.out[0].products as Record<string, unknown>[];
    assert.equal(products.length, model.articles.length - 1);
    assert.equal(products[0].regular_price, '16');
    assert.equal(w.out[0].payload, model);
    const bad = w.bad[0];
    assert.equal(bad.filename, 'Artikeldata_1.xml');
    const payload = bad.payload as { key: string; reason: string; index: number };
    assert.equal(payload.key, 'articleCode 00124');
    assert.equal(payload.index, 1);
    assert.match(payload.reason, /^row 14 \(regular_price\), record 2 \(articleCode 00124\): \$vatAdd: value "12,5x" is not a decimal/);
    assert.equal((bad.error as { code: string }).code, 'MAP_INVALID');
    assert.equal(w.caught.length, 0);
  });

  it('an empty result is an empty list that flows on', async () => {
    const w = await load({ list: true, source: 'articles', filter: 'webActive = true', rows: [{ target: 'sku', value: 'articleCode', type: 'jsonata' }] });
    helper.getNode('m').receive({ payload: { articles: [{ articleCode: '1', webActive: false }] } });
    helper.getNode('m').receive({ payload: {} });
    await waitFor(() => w.out.length === 2, 'two msgs');
    assert.deepEqual(w.out.map((m) => m.payload), [[], []]);
    assert.equal(w.bad.length, 0);
  });

  it('sets msg properties and sends a single failed record to output 2', async () => {
    const w = await load({ rows: [{ target: 'approved', value: 'approved', type: 'jsonata', required: true }, { target: 'msg.statusCode', value: 'approved ? 200 : 401', type: 'jsonata' }] });
    helper.getNode('m').receive({ payload: { approved: false } });
    helper.getNode('m').receive({ payload: {} });
    await waitFor(() => w.out.length === 1 && w.bad.length === 1, 'one each');
    assert.equal(w.out[0].statusCode, 401);
    assert.match((w.bad[0].payload as { reason: string }).reason, /^row 1 \(approved\): has no value/);
  });

  it('a row that does not compile reaches Catch with the row named', async () => {
    const w = await load({ rows: [{ target: 'sku', value: 'articleCode &', type: 'jsonata' }] });
    helper.getNode('m').receive({ payload: { articleCode: '1' } });
    await waitFor(() => w.caught.length === 1, 'the caught error');
    assert.match((w.caught[0].error as { message: string }).message, /row 1 \(sku\): bad expression/);
    assert.equal(w.out.length, 0);
  });

  it('serves sources, fields and presets to the dialog', async () => {
    await load({});
    const s = await helper.request().get('/pyramid-map/sources');
    assert.equal(s.status, 200);
    const ids = (s.body.sources as { id: string }[]).map((x) => x.id);
    assert.ok(ids.includes('article') && ids.includes('login.request') && ids.includes('woocommerce-order') && ids.includes('any'));
    assert.equal((s.body.presets as unknown[]).length, 18);
    const f = await helper.request().get('/pyramid-map/sources/article');
    const field = (f.body.fields as { key: string; xml: string; doc: string }[]).find((x) => x.key === 'articles[].basePrice');
    assert.deepEqual(field && { xml: field.xml, doc: field.doc }, { xml: 'Artikeldata/Artikel/Grundpris', doc: 'Base price excluding VAT.' });
    assert.ok(f.body.sample);
    const login = await helper.request().get('/pyramid-map/sources/login.request');
    assert.equal((login.body.sample as { password: string }).password, '••••••');
  });

  it('previews against the sample and the last msg, with row errors and secrets masked', async () => {
    await load({ rows: [{ target: 'user', value: 'username', type: 'jsonata' }] });
    const preview = await helper
      .request()
      .post('/pyramid-map/preview')
      .send({ sourceType: 'article', list: true, source: 'articles', rows: [{ target: 'sku', value: 'articleCode' }, { target: 'p', value: '$decRound(description, 1)' }] });
    assert.equal(preview.status, 200);
    assert.equal(preview.body.from, 'sample');
    assert.deepEqual(preview.body.output, []);
    const rowErrors = preview.body.rowErrors as Record<string, { text: string }>;
    assert.match(rowErrors['2'].text, /^row 2 \(p\), record 1 \(articleCode 00123\): \$decRound: value "Skruv rostfri M6x20 A4" is not a decimal/);

    helper.getNode('m').receive({ payload: { username: 'asa', password: 'Höst€2026!' }, req: { params: {}, query: {}, headers: { authorization: 'Basic c2VjcmV0' } } });
    await waitFor(() => !!(helper.getNode('m') as unknown as { lastSeen?: unknown }).lastSeen, 'the last msg kept');
    const last = await helper.request().post('/pyramid-map/preview').send({ id: 'm', sample: 'last', sourceType: 'any', rows: [{ target: 'user', value: 'username' }, { target: 'pw', value: 'password' }, { target: 'auth', value: '$msg.req.headers.authorization' }] });
    assert.equal(last.body.from, 'last');
    assert.deepEqual(last.body.output, { user: 'asa', pw: '••••••', auth: '••••••' });
    assert.equal(JSON.stringify(last.body).includes('Höst'), false);
    // a secret taken from the environment is masked in the preview as well
    const fromEnv = await helper.request().post('/pyramid-map/preview').send({ id: 'm', sample: 'last', sourceType: 'any', rows: [{ target: 'consumer_secret', value: '"cs_live_1234"' }] });
    assert.deepEqual(fromEnv.body.output, { consumer_secret: '••••••' });

    const broken = await helper.request().post('/pyramid-map/preview').send({ sourceType: 'article', rows: [{ target: 'x', value: '$decRound(' }] });
    assert.match((broken.body.problems as { text: string }[])[0].text, /^row 1 \(x\): bad expression/);
  });
});
