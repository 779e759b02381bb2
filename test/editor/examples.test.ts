/*
 * Every example in examples/ as the editor sees it (real Node-RED, Debian's Chromium):
 * - properties: every node's type is known, it has no property its definition does not declare,
 *   every select in its dialog can show its value, every config reference resolves to a config node
 *   of the right type in the same file, and no function node is used;
 * - layout: with the widths the editor computes from the labels, no two nodes overlap, every wire
 *   runs left to right, every node lies inside its group, groups do not overlap, nothing is cut off
 *   at the canvas's left or top edge.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(repoRoot, 'scripts', 'nodered.js')) as {
  startNodeRed(o: { port: number; userDir: string; flows?: unknown[]; log?: string }): Promise<{ url: string; stop(): Promise<void> }>;
};

type FlowNode = Record<string, unknown> & { id: string; type: string };

const EXAMPLES = path.join(repoRoot, 'examples');
const exampleFiles = fs.existsSync(EXAMPLES) ? fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort() : [];
const load = (f: string): FlowNode[] => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')) as FlowNode[];

/** Keys every node may carry besides its definition's defaults. */
const STRUCTURAL = new Set(['id', 'type', 'z', 'g', 'x', 'y', 'w', 'h', 'wires', 'd', 'l', 'inputLabels', 'outputLabels', 'icon', 'info', 'credentials', 'env']);

describe('the examples in the editor', { skip: !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, () => {
  let nr: { url: string; stop(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-examples-'));
    nr = await startNodeRed({ port: 0, userDir: tmp, flows: [], log: 'warn' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(() => !!window.RED?.nodes?.getType?.('pyramid-article'), undefined, { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await nr?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Replace the editor's flows with this example and return what the editor made of each node. */
  async function importExample(flow: FlowNode[]): Promise<void> {
    await page.evaluate(async (nodes) => {
      const RED = window.RED;
      RED.nodes.clear();
      RED.nodes.import(nodes, { generateIds: false, addFlow: false });
      RED.view.redraw(true);
      await new Promise((r) => setTimeout(r, 50));
    }, flow);
  }

  for (const file of exampleFiles) {
    it(`${file}: every node's properties match its definition`, async () => {
      const flow = load(file);
      const problems: string[] = [];
      for (const n of flow.filter((x) => x.type === 'function')) problems.push(`${file}: function node "${String(n.name ?? n.id)}" (an example has no JavaScript)`);
      await importExample(flow);
      // every property passes its own definition's check as the editor makes it (a new property with
      // a validator that refuses "missing" marks every older flow's node invalid: a red triangle)
      const invalid = (await page.evaluate((ids: string[]) => {
        const out: string[] = [];
        for (const id of ids) {
          const node = window.RED.nodes.node(id);
          if (!node?._def?.defaults) continue;
          for (const [k, d] of Object.entries(node._def.defaults as Record<string, { required?: boolean; validate?: (v: unknown, o?: object) => unknown }>)) {
            const v = node[k];
            if (typeof v === 'string' && /^\$\([a-zA-Z_][a-zA-Z0-9_]*\)$/.test(v)) continue;
            let ok: unknown = true;
            if (d.required && (v === undefined || v === '')) ok = false;
            else if (typeof d.validate === 'function') {
              try {
                ok = d.validate.call(node, v, {});
              } catch (e) {
                ok = String(e);
              }
            }
            if (ok !== true) out.push(`${String(node.type)} "${String(node.name || id)}": ${k} ${JSON.stringify(v)} is invalid${typeof ok === 'string' ? ` (${ok})` : ''}`);
          }
        }
        return out;
      }, flow.filter((n) => n.type !== 'tab' && n.type !== 'group' && n.type !== 'junction').map((n) => n.id))) as string[];
      for (const i of invalid) problems.push(`${file}: ${i}`);
      const byId = new Map(flow.map((n) => [n.id, n]));
      for (const n of flow) {
        if (n.type === 'tab' || n.type === 'group' || n.type === 'junction') continue;
        const def = (await page.evaluate((t) => {
          const d = window.RED.nodes.getType(t);
          if (!d) return null;
          const defaults: Record<string, { type?: string }> = {};
          for (const [k, v] of Object.entries(d.defaults ?? {})) {
            // a config reference is a property whose type names a config node type
            const ref = (v as { type?: string }).type;
            defaults[k] = { type: ref && window.RED.nodes.getType(ref)?.category === 'config' ? ref : undefined };
          }
          return { defaults, credentials: Object.keys(d.credentials ?? {}) };
        }, n.type)) as { defaults: Record<string, { type?: string }>; credentials: string[] } | null;
        const where = `${file}: ${n.type} "${String(n.name ?? n.id)}"`;
        if (!def) {
          problems.push(`${where}: unknown type`);
          continue;
        }
        for (const k of Object.keys(n)) {
          if (!STRUCTURAL.has(k) && !(k in def.defaults)) problems.push(`${where}: property "${k}" is not in its definition`);
        }
        for (const [k, d] of Object.entries(def.defaults)) {
          if (!d.type || n[k] === undefined || n[k] === '') continue;
          const ref = byId.get(String(n[k]));
          if (!ref) problems.push(`${where}: ${k} -> ${String(n[k])} does not resolve`);
          else if (ref.type !== d.type) problems.push(`${where}: ${k} -> a ${ref.type}, not a ${d.type}`);
        }
        // every select of the dialog can show the node's value (a value that is no option shows empty)
        const selects = (await page.evaluate(async (id) => {
          const RED = window.RED;
          const until = async (ok: () => boolean): Promise<void> => {
            for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
          };
          // one dialog at a time: the previous one must be gone before this one opens
          await until(() => document.querySelectorAll('.red-ui-tray').length === 0);
          const node = RED.nodes.node(id);
          if (node.type && RED.nodes.getType(node.type)?.category === 'config') RED.editor.editConfig('', node.type, id);
          else RED.editor.edit(node);
          await until(() => document.querySelectorAll('.red-ui-tray.open, .red-ui-tray').length > 0);
          const trayNow = (): any => {
            const all = document.querySelectorAll('.red-ui-tray');
            return all[all.length - 1];
          };
          // a dialog may fill a select's options asynchronously (an admin endpoint, a preset list):
          // wait until every select shows the node's value, or 20 s pass on a loaded machine (then
          // what it shows is reported below)
          const settled = (): boolean => {
            const t = trayNow();
            if (!t) return false;
            for (const s of t.querySelectorAll('select[id^="node-input-"], select[id^="node-config-input-"]') as { id: string; value: string }[]) {
              const v = (node as Record<string, unknown>)[s.id.replace(/^node-(config-)?input-/, '')];
              if (typeof v === 'string' && v !== '' && s.value !== v) return false;
            }
            return true;
          };
          for (let i = 0; i < 800 && !settled(); i++) await new Promise((r) => setTimeout(r, 25));
          const tray = trayNow();
          const out: { prop: string; shown: unknown }[] = [];
          for (const s of tray ? tray.querySelectorAll('select[id^="node-input-"], select[id^="node-config-input-"]') : []) {
            out.push({ prop: s.id.replace(/^node-(config-)?input-/, ''), shown: s.value });
          }
          while (document.querySelectorAll('.red-ui-tray').length) {
            RED.tray.close();
            await new Promise((r) => setTimeout(r, 200));
          }
          return out;
        }, n.id)) as { prop: string; shown: unknown }[];
        for (const s of selects) {
          if (!(s.prop in n) || typeof n[s.prop] !== 'string' || def.defaults[s.prop]?.type) continue;
          if (s.shown !== n[s.prop]) problems.push(`${where}: ${s.prop} "${String(n[s.prop])}" is not one of its options`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it(`${file}: laid out left to right, nothing overlapping or cut off`, async () => {
      const flow = load(file);
      await importExample(flow);
      const tabs = flow.filter((n) => n.type === 'tab').map((t) => t.id);
      const problems: string[] = [];
      for (const tab of tabs) {
        const shapes = (await page.evaluate(async (z) => {
          const RED = window.RED;
          RED.workspaces.show(z);
          RED.view.redraw(true);
          await new Promise((r) => setTimeout(r, 100));
          const nodes = RED.nodes.filterNodes({ z }).map((n: any) => ({ id: n.id, type: n.type, name: n.name ?? '', x: n.x, y: n.y, w: n.w, h: n.h, g: n.g ?? null, wires: n.wires ?? [] }));
          const groups = RED.nodes.groups(z).map((g: any) => ({ id: g.id, name: g.name ?? '', x: g.x, y: g.y, w: g.w, h: g.h }));
          return { nodes, groups };
        }, tab)) as {
          nodes: { id: string; type: string; name: string; x: number; y: number; w: number; h: number; g: string | null; wires: string[][] }[];
          groups: { id: string; name: string; x: number; y: number; w: number; h: number }[];
        };
        const label = (n: { type: string; name: string; id: string }): string => `${n.type} "${n.name || n.id}"`;
        const byId = new Map(shapes.nodes.map((n) => [n.id, n]));
        const box = (n: { x: number; y: number; w: number; h: number }) => ({ l: n.x - n.w / 2, r: n.x + n.w / 2, t: n.y - n.h / 2, b: n.y + n.h / 2 });
        for (const n of shapes.nodes) {
          const a = box(n);
          if (a.l < 0 || a.t < 0) problems.push(`${label(n)} is cut off at the canvas edge (${Math.round(a.l)}, ${Math.round(a.t)})`);
          for (const m of shapes.nodes) {
            if (m.id <= n.id) continue;
            const b = box(m);
            if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) problems.push(`${label(n)} overlaps ${label(m)}`);
          }
          for (const port of n.wires) {
            for (const to of port) {
              const m = byId.get(to);
              if (m && box(m).l <= a.r) problems.push(`the wire ${label(n)} -> ${label(m)} does not run left to right`);
            }
          }
          if (n.g) {
            const g = shapes.groups.find((x) => x.id === n.g);
            if (g && (a.l < g.x || a.r > g.x + g.w || a.t < g.y || a.b > g.y + g.h)) problems.push(`${label(n)} sticks out of its group "${g.name}"`);
          }
        }
        for (const g of shapes.groups) {
          if (g.x < 0 || g.y < 0) problems.push(`group "${g.name}" is cut off at the canvas edge`);
          for (const h of shapes.groups) {
            if (h.id <= g.id) continue;
            if (g.x < h.x + h.w && h.x < g.x + g.w && g.y < h.y + h.h && h.y < g.y + g.h) problems.push(`group "${g.name}" overlaps group "${h.name}"`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
