/*
 * The pyramid-map dialog in a real Node-RED editor, driven by a real headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core): it lists the chosen message's fields from the
 * catalogue, a click inserts one into the focused row, the live preview shows the result and a
 * row's error beside the row, a preset loads its rows; no console errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { noChromium, openEditorPage } from '../support/chromium';
import { repoRoot } from '../support/paths';


// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
}

describe('the pyramid-map dialog in Chromium', { skip: noChromium }, () => {
  let RED: RedRuntime;
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-map-editor-'));
    // the node as a module in the user dir (as from the Flow Library), so its locale and icon load
    // as they will from the package; only this node set, whatever else package.json lists
    const userDir = path.join(dir, 'user');
    const moduleDir = path.join(userDir, 'node_modules', 'pyramid-map-under-test');
    fs.mkdirSync(moduleDir, { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'dist', 'nodes'), path.join(moduleDir, 'nodes'), 'dir');
    fs.writeFileSync(
      path.join(moduleDir, 'package.json'),
      JSON.stringify({ name: 'pyramid-map-under-test', version: '1.0.0', keywords: ['node-red'], 'node-red': { nodes: { 'pyramid-map': 'nodes/pyramid-map.js' } } }),
    );
    fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'map-editor-test', private: true, dependencies: { 'pyramid-map-under-test': '1.0.0' } }));
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify([{ id: 'tab1', type: 'tab', label: 'map' }]));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RED = require('node-red') as RedRuntime;
    server = http.createServer();
    RED.init(server, {
      userDir,
      flowFile: 'flows.json',
      credentialSecret: false,
      httpAdminRoot: '/',
      httpNodeRoot: '/api',
      uiHost: '127.0.0.1',
      logging: { console: { level: 'off' } },
      editorTheme: { projects: { enabled: false }, tours: false },
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
      telemetry: { enabled: false, updateNotification: false },
    });
    server.on('request', RED.httpAdmin);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    await RED.start();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ browser, page } = await openEditorPage(`${url}/`, { width: 1600, height: 1100 }, consoleErrors));
    await page.waitForFunction(() => !!window.RED?.nodes?.getType?.('pyramid-map') && document.querySelector('#red-ui-palette-container-pyramid') !== null, undefined, { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await RED?.stop();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the source fields, inserts one, previews the result and shows a row error beside the row', async () => {
    await page.evaluate(() => {
      const RED = window.RED;
      RED.workspaces.show('tab1');
      RED.nodes.import([
        {
          id: 'map1',
          type: 'pyramid-map',
          z: 'tab1',
          x: 300,
          y: 200,
          name: '',
          sourceType: 'article',
          property: 'payload',
          output: 'payload',
          list: true,
          source: 'articles',
          filter: '',
          groupBy: '',
          rows: [{ target: 'sku', value: 'articleCode', type: 'jsonata' }],
          outputs: 2,
          wires: [[], []],
        },
      ]);
      RED.editor.edit(RED.nodes.node('map1'));
    });

    // the catalogue's fields of Artikeldata: English key, Swedish XML name, meaning
    // the dialog speaks English (the locale loads)
    assert.equal(await page.locator('label[for="node-input-filter"] span').textContent(), 'Keep when');
    const field = page.locator('#pyramid-map-fields .pyramid-map-field[data-key="articles[].description"]');
    await field.waitFor({ timeout: 30_000 });
    assert.equal(await field.locator('.pyramid-map-field-xml').textContent(), 'Artikeldata/Artikel/Benamning');
    assert.equal(await field.locator('.pyramid-map-field-doc').textContent(), 'Name.');
    assert.ok((await page.locator('#pyramid-map-fields .pyramid-map-field').count()) > 30);

    // the preview of the first row
    const output = page.locator('#pyramid-map-preview-output');
    await page.waitForFunction(() => /"sku": "00123"/.test(document.querySelector('#pyramid-map-preview-output')?.textContent ?? ''), undefined, { timeout: 30_000 });

    // a new row: type its target, focus its value, click a field
    await page.locator('.red-ui-editableList-addButton').first().click();
    const rows = page.locator('#node-input-rows-container .red-ui-editableList-item-content');
    await assert.doesNotReject(rows.nth(1).waitFor());
    await rows.nth(1).locator('input.pyramid-map-target').fill('name');
    await rows.nth(1).locator('input.red-ui-typedInput-input').click();
    await field.click();
    const inserted = await page.evaluate(() => window.$('#node-input-rows-container .red-ui-editableList-item-content').eq(1).find('input.pyramid-map-value').typedInput('value'));
    assert.equal(inserted, 'description');
    await page.waitForFunction(() => /"name": "Skruv rostfri M6x20 A4"/.test(document.querySelector('#pyramid-map-preview-output')?.textContent ?? ''), undefined, { timeout: 30_000 });

    // a row that fails: its error beside it, naming the row, the record and the value
    await page.locator('.red-ui-editableList-addButton').first().click();
    await rows.nth(2).locator('input.pyramid-map-target').fill('price');
    await rows.nth(2).locator('input.red-ui-typedInput-input').click();
    await page.keyboard.type('$decRound(description, 1)');
    const error = rows.nth(2).locator('.pyramid-map-error');
    await page.waitForFunction(() => /is not a decimal/.test(document.querySelectorAll('#node-input-rows-container .pyramid-map-error')[2]?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.match((await error.textContent()) ?? '', /^row 3 \(price\), record 1 \(articleCode 00123\): \$decRound: value "Skruv rostfri M6x20 A4" is not a decimal/);
    assert.equal(await rows.nth(0).locator('.pyramid-map-error').textContent(), '');
    assert.ok(((await output.textContent()) ?? '').length > 0);
    // MAP_SCREENSHOT=<file.png> keeps a picture of the dialog (for docs/customizing.md)
    const shot = process.env.MAP_SCREENSHOT ?? path.join(dir, 'map-dialog.png');
    await page.screenshot({ path: shot });
    assert.ok(fs.statSync(shot).size > 10_000);

    // another message: its fields
    await page.selectOption('#node-input-sourceType', 'stock');
    await page.locator('#pyramid-map-fields .pyramid-map-field[data-key="stock[].available"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#pyramid-map-fields .pyramid-map-field[data-key="stock[].available"] .pyramid-map-field-xml').textContent(), 'Lagersaldo/Artikelsaldo/Disponibelt');

    // a preset replaces the rows; its preview is the stock per SKU
    await page.selectOption('#pyramid-map-preset', 'stock-shop');
    await page.locator('#pyramid-map-load').click();
    await page.waitForFunction(() => /"stock_quantity": 5895/.test(document.querySelector('#pyramid-map-preview-output')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(await rows.count(), 2);

    // Done keeps the rows in the node
    await page.locator('#node-dialog-ok').click();
    const saved = await page.evaluate(() => {
      const n = window.RED.nodes.node('map1');
      return { rows: n.rows, sourceType: n.sourceType, list: n.list, groupBy: n.groupBy };
    });
    assert.equal(saved.sourceType, 'stock');
    assert.equal(saved.groupBy, 'articleCode');
    assert.equal(saved.list, true);
    assert.deepEqual(saved.rows.map((r: { target: string }) => r.target), ['sku', 'stock_quantity']);
    assert.deepEqual(consoleErrors, []);
  });

  it('in a row of a list, a field of the list inserts relative to its element', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#pyramid-map-preset').length === 0, undefined, { timeout: 30_000 });
    await page.evaluate(() => window.RED.editor.edit(window.RED.nodes.node('map1')));
    await page.locator('#pyramid-map-preset').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#pyramid-map-preset option[value="woo-order-order"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.selectOption('#pyramid-map-preset', 'woo-order-order');
    await page.locator('#pyramid-map-load').click();
    await page.waitForFunction(() => /"externalOrderNumber": "WC-10042"/.test(document.querySelector('#pyramid-map-preview-output')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const field = page.locator('#pyramid-map-fields .pyramid-map-field[data-key="line_items[].sku"]');
    await field.waitFor({ timeout: 30_000 });
    await page.locator('.red-ui-editableList-addButton').first().click();
    const last = page.locator('#node-input-rows-container .red-ui-editableList-item-content').last();
    await last.locator('input.pyramid-map-target').fill('rows[].supplierSku');
    await last.locator('input.red-ui-typedInput-input').click();
    await field.click();
    const value = await page.evaluate(() => window.$('#node-input-rows-container .red-ui-editableList-item-content').last().find('input.pyramid-map-value').typedInput('value'));
    assert.equal(value, 'sku');
    await page.waitForFunction(() => /"supplierSku": "00123"/.test(document.querySelector('#pyramid-map-preview-output')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.locator('#node-dialog-cancel').click();
    assert.deepEqual(consoleErrors, []);
  });
});
