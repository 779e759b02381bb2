/**
 * The Swedish locale is complete: every key of every en-US message catalogue exists in sv and
 * vice versa, with the same __placeholders__; every help page of the hand-written editor files has
 * its Swedish page in locales/sv/<file>.html, and every message type's generated help its Swedish
 * one; every description in the message catalogue has its Swedish (lib/messages/docs-sv.ts).
 * Reads the built files in dist/nodes, as Node-RED does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue, fieldDocsOf, missingSwedish } from '../../lib';
import { repoRoot } from '../support/paths';

const nodesDir = path.join(repoRoot, 'dist', 'nodes');
const localeDir = (lang: string): string => path.join(nodesDir, 'locales', lang);

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

function catalogueOf(lang: string, file: string): Map<string, string> {
  return flatten(JSON.parse(fs.readFileSync(path.join(localeDir(lang), file), 'utf8')) as Tree);
}

const placeholders = (s: string): string[] => [...s.matchAll(/__([a-zA-Z0-9_]+)__/g)].map((m) => m[1]).sort();

function helpNames(html: string): string[] {
  return [...html.matchAll(/<script[^>]*data-help-name="([^"]+)"/g)].map((m) => m[1]).sort();
}

describe('Swedish locale (sv)', () => {
  const files = fs.readdirSync(localeDir('en-US')).filter((f) => f.endsWith('.json')).sort();

  it('has a message catalogue for every en-US one, and no other', () => {
    assert.ok(files.length >= 6, files.join(', '));
    assert.deepEqual(fs.readdirSync(localeDir('sv')).filter((f) => f.endsWith('.json')).sort(), files);
  });

  for (const file of files) {
    it(`${file}: the same keys and placeholders in en-US and sv, every sv text filled in`, () => {
      const en = catalogueOf('en-US', file);
      const sv = catalogueOf('sv', file);
      const missing = [...en.keys()].filter((k) => !sv.has(k));
      const extra = [...sv.keys()].filter((k) => !en.has(k));
      assert.deepEqual(missing, [], `keys missing in sv/${file}`);
      assert.deepEqual(extra, [], `keys only in sv/${file}`);
      for (const [k, v] of en) {
        const s = sv.get(k) ?? '';
        assert.ok(s.trim() !== '' || v.trim() === '', `${file} ${k}: empty in sv`);
        assert.deepEqual(placeholders(s), placeholders(v), `${file} ${k}: placeholders`);
      }
    });
  }

  it('every hand-written help page has its Swedish page, and no other', () => {
    const htmlFiles = fs.readdirSync(path.join(repoRoot, 'nodes')).filter((f) => f.endsWith('.html'));
    for (const f of htmlFiles) {
      const en = helpNames(fs.readFileSync(path.join(repoRoot, 'nodes', f), 'utf8'));
      if (en.length === 0) continue;
      const svFile = path.join(localeDir('sv'), f);
      assert.ok(fs.existsSync(svFile), `locales/sv/${f}`);
      assert.deepEqual(helpNames(fs.readFileSync(svFile, 'utf8')), en, f);
    }
  });

  it('every message type has its generated Swedish help, with Swedish around Pyramid\'s field names', () => {
    const html = fs.readFileSync(path.join(localeDir('sv'), 'pyramid-messages.html'), 'utf8');
    assert.deepEqual(helpNames(html), catalogue.map((d) => `pyramid-${d.type}`).sort());
    const stock = html.slice(html.indexOf('data-help-name="pyramid-stock"'));
    for (const s of ['Riktning', 'Indata', 'Utdata', 'Fält', 'Lagersaldo', 'Antal i lager.', 'Disponibelt antal.', 'ut från Pyramid']) {
      assert.ok(stock.includes(s), `pyramid-stock sv help has "${s}"`);
    }
    for (const s of ['Quantity on hand', 'Direction:', '<h3>Inputs</h3>', 'Key fields in']) assert.ok(!html.includes(s), `no English "${s}" in the sv help`);
  });

  it('every description in the message catalogue has its Swedish', () => {
    assert.deepEqual(missingSwedish(catalogue, fieldDocsOf), []);
  });
});
