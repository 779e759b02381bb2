/**
 * The message nodes' editor side, as a real Node-RED serves it: the package loaded from a user
 * directory (as from the Flow Library), every type registered from one node file, its dialog and its
 * help (generated from the catalogue) in /nodes, its icons and its locale. Then the editor
 * definitions themselves, run against a stand-in for the editor's RED object.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { catalogue, documentsOf, fieldRows, mayCollectInvalid, partsOf } from '../../lib/messages';
import { repoRoot } from '../support/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(repoRoot, 'scripts', 'nodered.js')) as {
  startNodeRed(o: { port: number; userDir: string; log?: string }): Promise<{ url: string; stop(): Promise<void> }>;
};

const MODULE = '@pyramid-connect/node-red-pyramid';
const COLOURS = { out: '#F3B567', in: '#87A980', ws: '#A6BBCF' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The text between the opening tag that contains `marker` and its </script>. */
function scriptBlock(html: string, marker: string): string {
  const start = html.indexOf(marker);
  assert.ok(start >= 0, `${marker} is in the editor HTML`);
  const open = html.indexOf('>', start) + 1;
  return html.slice(open, html.indexOf('</script>', open));
}

describe('the editor as Node-RED serves it', () => {
  let nr: { url: string; stop(): Promise<void> };
  let userDir: string;
  before(async () => {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-editor-'));
    nr = await startNodeRed({ port: 0, userDir, log: 'error' });
  });
  after(async () => {
    await nr.stop();
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('registers every catalogue type from the one node file', async () => {
    const sets = (await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'application/json' } })).json()) as { id: string; types: string[]; enabled: boolean; err?: string }[];
    const set = sets.find((s) => s.id === `${MODULE}/pyramid-messages`);
    assert.ok(set, 'the pyramid-messages node set is loaded');
    assert.equal(set.err, undefined);
    assert.equal(set.enabled, true);
    assert.deepEqual(set.types, catalogue.map((d) => `pyramid-${d.type}`));
  });

  it('serves each type\'s dialog and help: summary, direction, ports, field table and example', async () => {
    const html = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } })).text();
    for (const d of catalogue) {
      const dialog = scriptBlock(html, `data-template-name="pyramid-${d.type}"`);
      for (const id of ['mode', 'encoding', 'output', 'split', 'batchSize', 'invalid', 'name']) assert.ok(dialog.includes(`id="node-input-${id}"`), `${d.type}: ${id} in the dialog`);
      const help = scriptBlock(html, `data-help-name="pyramid-${d.type}"`);
      assert.ok(help.includes(esc(d.summary)), `${d.type}: summary`);
      assert.ok(help.includes('<dl class="message-properties">') && help.includes('<ol class="node-ports">'), `${d.type}: inputs and outputs`);
      assert.equal(help.includes('Invalid records (only with'), partsOf(d).some((p) => mayCollectInvalid(d.type, p)), `${d.type}: second output documented when it exists`);
      for (const doc of documentsOf(d)) {
        for (const r of fieldRows(doc.body)) assert.ok(help.includes(`<code>${esc(r.xml)}</code>`), `${d.type}: ${r.xml} in the field table`);
        assert.ok(help.includes(`${esc(doc.title)}: XML</h4>`) && help.includes(`${esc(doc.title)}: JSON model</h4>`), `${d.type}: example of ${doc.part}`);
      }
    }
    // the fixture's password is not in the login help
    assert.ok(!scriptBlock(html, 'data-help-name="pyramid-login"').includes('Höst'));
  });

  it('serves the three family icons and the locale', async () => {
    for (const icon of ['pyramid-msg-out.svg', 'pyramid-msg-in.svg', 'pyramid-msg-ws.svg']) {
      const r = await fetch(`${nr.url}/icons/${MODULE}/${icon}`);
      assert.equal(r.status, 200, icon);
      assert.match(await r.text(), /^<svg[^>]*viewBox="0 0 40 60"[\s\S]*stroke="#fff"/);
    }
    const r = await fetch(`${nr.url}/locales/${MODULE}/pyramid-messages?lng=en-US`);
    const locale = (await r.json()) as { 'pyramid-messages': { status: Record<string, string> } };
    assert.equal(locale['pyramid-messages'].status.progress, '__done__ / __total__');
  });
});

describe('the editor definitions', () => {
  const html = fs.readFileSync(path.join(repoRoot, 'dist', 'nodes', 'pyramid-messages.html'), 'utf8');
  interface Definition {
    category: string;
    color: string;
    icon: string;
    paletteLabel(this: object): string;
    defaults: Record<string, { value: unknown; validate?: (this: object, v: unknown) => boolean }>;
    label(this: object): string;
    oneditsave(this: Record<string, unknown>): void;
  }
  const defs = new Map<string, Definition>();
  let fields: Record<string, string> = {};
  vm.runInNewContext(scriptBlock(html, '<script type="text/javascript"'), {
    RED: { nodes: { registerType: (type: string, def: Definition) => defs.set(type, def) } },
    $: (selector: string) => ({ val: () => fields[selector] }),
  });

  it('one definition per type: palette category, colour and icon by family', () => {
    // registered in palette order: out of Pyramid, into Pyramid, web services
    const paletteOrder = ['out', 'in', 'ws'].flatMap((f) => catalogue.filter((d) => d.family === f).map((d) => `pyramid-${d.type}`));
    assert.deepEqual([...defs.keys()], paletteOrder);
    for (const d of catalogue) {
      const def = defs.get(`pyramid-${d.type}`) as Definition;
      assert.equal(def.category, 'pyramid');
      assert.equal(def.color, COLOURS[d.family]);
      assert.equal(def.icon, `pyramid-msg-${d.family}.svg`);
      // the palette label from the locale (pyramid-messages.palette.<type>); Pyramid's name without one
      assert.equal(def.paletteLabel.call({ _: (key: string) => (key === `pyramid-messages.palette.${d.type}` ? `P ${d.type}` : key) }), `P ${d.type}`);
      assert.equal(def.paletteLabel.call({ _: (key: string) => key }), d.name);
      const _ = (key: string) => key.split('.').at(-1);
      assert.equal(def.label.call({ name: '', part: partsOf(d)[0], _ }), d.name);
      assert.equal(def.label.call({ name: 'Lager till Woo', part: partsOf(d)[0], _ }), 'Lager till Woo');
      if (d.ws) assert.equal(def.label.call({ name: '', part: 'response', _ }), `${d.name} response`);
      assert.equal(def.defaults.part.value, partsOf(d)[0]);
    }
  });

  it('two outputs exactly when invalid records go to a second output and the document allows it', () => {
    for (const d of catalogue) {
      const def = defs.get(`pyramid-${d.type}`) as Definition;
      for (const part of partsOf(d)) {
        for (const invalid of ['fail', 'output']) {
          fields = { '#node-input-part': part, '#node-input-invalid': invalid };
          const node: Record<string, unknown> = {};
          def.oneditsave.call(node);
          assert.equal(node.outputs, invalid === 'output' && mayCollectInvalid(d.type, part) ? 2 : 1, `${d.type} ${part} ${invalid}`);
        }
      }
    }
  });

  it('a batch size below two is refused when batches are chosen', () => {
    const v = (defs.get('pyramid-stock') as Definition).defaults.batchSize.validate as (this: object, v: unknown) => boolean;
    assert.equal(v.call({ split: 'batch' }, '1000'), true);
    assert.equal(v.call({ split: 'batch' }, '1'), false);
    assert.equal(v.call({ split: 'batch' }, 'many'), false);
    assert.equal(v.call({ split: 'none' }, ''), true);
  });
});
