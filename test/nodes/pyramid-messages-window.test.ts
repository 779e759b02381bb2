/**
 * Flow control of a split file in a real runtime: never more than N msgs in flight behind a consumer
 * that holds them (a test node that calls done() only when the test says so: no timing), every
 * record delivered exactly once and in order, a msg passed on stays in flight until the last node
 * is done, the default window works with a core join, and a consumer that never calls done() slows
 * the file to the timeout but never stops it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { distNodes, helper, translate, useTempDir, waitFor, type Msg } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const messagesModule = require(path.join(distNodes, 'pyramid-messages.js')) as (red: object) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sequenceModule = require('@node-red/nodes/core/sequence/17-split.js') as (red: object) => void;

interface Held {
  msg: Msg;
  send: (m: Msg) => void;
  done: () => void;
}

/** Msgs each `holder` node has and has not yet released, by node id. */
const held = new Map<string, Held[]>();
/** Everything each holder received, in order. */
const received = new Map<string, Msg[]>();

interface RedLike {
  _: unknown;
  nodes: { createNode(n: object, c: object): void; registerType(t: string, f: (this: NodeLike, c: { id: string; wires?: string[][]; pass?: boolean; never?: boolean }) => void): void };
}
interface NodeLike {
  id: string;
  on(e: 'input', f: (m: Msg, send: (m: Msg) => void, done: () => void) => void): void;
}

/** A consumer that takes msgs and calls done() when the test releases them (`never`: not even then). */
function holderModule(red: RedLike): void {
  red.nodes.registerType('holder', function (this: NodeLike, config) {
    red.nodes.createNode(this, config);
    const id = config.id;
    held.set(id, []);
    received.set(id, []);
    this.on('input', (msg, send, done) => {
      received.get(id)?.push(msg);
      held.get(id)?.push({ msg, send, done });
    });
  });
}

function localised(red: { _?: unknown }): void {
  red._ = translate;
  messagesModule(red);
}

/** Release the oldest msg a holder has: pass it on (when asked) and call done(). */
function release(id: string, passOn = false): void {
  const h = held.get(id)?.shift();
  assert.ok(h, `${id} holds nothing`);
  if (passOn) h.send(h.msg);
  h.done();
}

/** A few turns of the event loop: what the node would do on its own, it has done by then. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

const tmp = useTempDir('pyramid-window-');
const code = (i: number) => String(i).padStart(6, '0');

function stockFile(name: string, rows: number): string {
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n';
  for (let i = 0; i < rows; i++) s += `  <Artikelsaldo><Artikelkod>${code(i)}</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>${i % 50}</Saldo><Disponibelt>${i % 40}</Disponibelt></Artikelsaldo>\n`;
  const file = path.join(tmp(), name);
  fs.writeFileSync(file, s + '</Lagersaldo>\n');
  return file;
}

const codesOf = (msgs: Msg[]): string[] => msgs.flatMap((m) => (m.payload as { articleCode: string }[]).map((r) => r.articleCode));

describe('flow control of a split file (msgs in flight)', () => {
  it('a consumer that holds its msgs: never more than the window in flight, every record once, in order', async () => {
    const file = stockFile('Lagersaldo_1.xml', 200);
    await helper.load(
      [localised, holderModule],
      [
        { id: 'n1', type: 'pyramid-stock', split: 'batch', batchSize: 10, window: 3, wires: [['h1']] },
        { id: 'h1', type: 'holder' },
        { id: 'k1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['done']] },
        { id: 'done', type: 'helper' },
      ],
    );
    try {
      let completed = 0;
      helper.getNode('done').on('input', () => completed++);
      helper.getNode('n1').receive({ filepath: file });
      let most = 0;
      while (received.get('h1')!.length < 20) {
        await waitFor(
          () => held.get('h1')!.length === 3 || received.get('h1')!.length === 20,
          () => `held ${held.get('h1')!.length}, received ${received.get('h1')!.length}`,
        );
        await settle();
        most = Math.max(most, held.get('h1')!.length);
        assert.ok(held.get('h1')!.length <= 3, `${held.get('h1')!.length} in flight`);
        if (received.get('h1')!.length < 20) release('h1');
      }
      while (held.get('h1')!.length) release('h1');
      await waitFor(() => completed === 1, () => `completed ${completed}`);
      assert.equal(most, 3);
      const codes = codesOf(received.get('h1')!);
      assert.deepEqual(codes, Array.from({ length: 200 }, (_, i) => code(i)));
      assert.deepEqual(received.get('h1')!.map((m) => m.parts?.index), Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await helper.unload();
    }
  });

  it('a msg passed on stays in flight until the last node that got it is done', async () => {
    const file = stockFile('Lagersaldo_2.xml', 60);
    await helper.load(
      [localised, holderModule],
      [
        { id: 'n1', type: 'pyramid-stock', split: 'batch', batchSize: 10, window: 2, wires: [['a']] },
        { id: 'a', type: 'holder', wires: [['b']] },
        { id: 'b', type: 'holder' },
      ],
    );
    try {
      helper.getNode('n1').receive({ filepath: file });
      await waitFor(() => held.get('a')!.length === 2, () => `a holds ${held.get('a')!.length}`);
      // a passes both on: still two in flight (now at b), so nothing new leaves the message node
      release('a', true);
      release('a', true);
      await waitFor(() => held.get('b')!.length === 2, () => `b holds ${held.get('b')!.length}`);
      await settle();
      assert.equal(received.get('a')!.length, 2);
      // b is done with one: one more leaves
      release('b');
      await waitFor(() => received.get('a')!.length === 3, () => `a received ${received.get('a')!.length}`);
      await settle();
      assert.equal(received.get('a')!.length, 3);
      // drain
      while (received.get('b')!.length < 6 || held.get('a')!.length || held.get('b')!.length) {
        await waitFor(() => held.get('a')!.length > 0 || held.get('b')!.length > 0, () => 'nothing held');
        while (held.get('a')!.length) release('a', true);
        while (held.get('b')!.length) release('b');
        await settle();
      }
      assert.deepEqual(codesOf(received.get('b')!), Array.from({ length: 60 }, (_, i) => code(i)));
    } finally {
      await helper.unload();
    }
  });

  it('the default window with a core join after a holding consumer: the file is joined whole', async () => {
    const file = stockFile('Lagersaldo_3.xml', 300);
    await helper.load(
      [localised, holderModule, sequenceModule],
      [
        // no window configured: the default (8) applies
        { id: 'n1', type: 'pyramid-stock', split: 'batch', batchSize: 10, wires: [['h1']] },
        { id: 'h1', type: 'holder', wires: [['j1']] },
        { id: 'j1', type: 'join', mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: false, timeout: '', count: '', reduceRight: false, wires: [['joined']] },
        { id: 'joined', type: 'helper' },
      ],
    );
    try {
      const joined: Msg[] = [];
      helper.getNode('joined').on('input', (m) => joined.push(m));
      helper.getNode('n1').receive({ filepath: file });
      let most = 0;
      while (!joined.length) {
        await waitFor(() => held.get('h1')!.length > 0 || joined.length > 0, () => `received ${received.get('h1')!.length}`);
        await settle();
        most = Math.max(most, held.get('h1')!.length);
        while (held.get('h1')!.length) release('h1', true);
        await settle();
      }
      assert.equal(most, 8);
      assert.equal(received.get('h1')!.length, 30);
      assert.deepEqual(
        (joined[0].payload as { articleCode: string }[]).map((r) => r.articleCode),
        Array.from({ length: 300 }, (_, i) => code(i)),
      );
    } finally {
      await helper.unload();
    }
  });

  it('a consumer that never calls done: each msg counts as done after the timeout, with one warning', async () => {
    const file = stockFile('Lagersaldo_4.xml', 30);
    await helper.load(
      [localised, holderModule],
      [
        { id: 'n1', type: 'pyramid-stock', split: 'batch', batchSize: 10, window: 1, windowTimeout: 1, wires: [['h1']] },
        { id: 'h1', type: 'holder' },
      ],
    );
    try {
      const warnings: string[] = [];
      helper.getNode('n1').on('call:warn', (call) => warnings.push(String(call.args[0])));
      helper.getNode('n1').receive({ filepath: file });
      await waitFor(() => received.get('h1')!.length === 3, () => `received ${received.get('h1')!.length}`);
      assert.deepEqual(codesOf(received.get('h1')!), Array.from({ length: 30 }, (_, i) => code(i)));
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.match(warnings[0], /not reported done within 1 s/);
    } finally {
      await helper.unload();
    }
  });

  it('window 0: no limit, every batch leaves while the consumer holds them all', async () => {
    const file = stockFile('Lagersaldo_5.xml', 100);
    await helper.load(
      [localised, holderModule],
      [
        { id: 'n1', type: 'pyramid-stock', split: 'batch', batchSize: 10, window: 0, wires: [['h1']] },
        { id: 'h1', type: 'holder' },
      ],
    );
    try {
      helper.getNode('n1').receive({ filepath: file });
      await waitFor(() => received.get('h1')!.length === 10, () => `received ${received.get('h1')!.length}`);
      assert.equal(held.get('h1')!.length, 10);
    } finally {
      await helper.unload();
    }
  });
});
