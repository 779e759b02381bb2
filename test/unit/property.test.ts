/*
 * A seeded property test over every fixture in test/fixtures/messages: each is mutated (elements
 * deleted, duplicated, renamed, moved; values changed to odd strings; unknown elements and
 * attributes with prototype names inserted; whitespace, -0, truncations, code-page bytes, BOMs)
 * and every mutant must satisfy:
 *   1. reading it throws nothing but a MessageError;
 *   2. what is accepted is plain data and round-trips: parse -> build -> parse gives an equal model
 *      (the builder fills in `version` and `skapad` when the model has none);
 *   3. for out-messages with records, a whole read and a streamed read give the same records,
 *      the same invalid records and the same header, or both refuse the file.
 * Two runs: a fixed seed, and one that changes per run (printed; on a failure the message says how
 * to rerun exactly that: PROPERTY_SEED=<seed>). PROPERTY_MUTANTS sets the mutants per seed (3,000:
 * 6,000 a run), PROPERTY_ONLY=<n> runs mutant n alone and prints it whole, PROPERTY_PROFILE=1 lists
 * the slowest mutants.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import {
  bodyOf,
  buildMessage,
  getDescriptor,
  localTimestamp,
  MessageError,
  messageRecordLists,
  readMessage,
  recordLists,
  streamRecords,
  xml,
  type Part,
} from '../../lib';
import { fixturesDir } from '../support/paths';

const FIXED_SEED = 0x5eed1428;
const PER_SEED = Number(process.env.PROPERTY_MUTANTS ?? 3000);
const RUN_SEED = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
const NOW = new Date('2026-11-28T10:15:00+01:00');

// ---------------------------------------------------------------------------------------------
// a small seeded generator (mulberry32)

type Rng = { next(): number; int(n: number): number; pick<T>(a: readonly T[]): T; chance(p: number): boolean };

function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// a mutable tree and its serialisation (not the library's writer: mutants may hold what it refuses)

interface Node {
  name: string;
  attrs: [string, string][];
  children: Node[];
  text: string;
}

function fromXml(el: xml.XmlElement): Node {
  return { name: el.name, attrs: Object.keys(el.attrs).map((k) => [k, el.attrs[k]]), children: el.children.map(fromXml), text: el.text };
}

function clone(n: Node): Node {
  return { name: n.name, attrs: n.attrs.map(([k, v]) => [k, v]), children: n.children.map(clone), text: n.text };
}

const esc = (s: string, attr: boolean): string =>
  s.replace(attr ? /[&<>"\r\n\t]/g : /[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[c] as string);

function serialize(n: Node, r: Rng, out: string[] = []): string[] {
  out.push(`<${n.name}`);
  for (const [k, v] of n.attrs) out.push(` ${k}="${esc(v, true)}"`);
  if (!n.children.length && n.text === '') {
    out.push('/>');
    return out;
  }
  out.push('>');
  const cdata = n.text && !n.text.includes(']]>') && r.chance(0.05);
  const text = cdata ? `<![CDATA[${n.text}]]>` : esc(n.text, false);
  const before = r.chance(0.5);
  if (before) out.push(text);
  for (const c of n.children) serialize(c, r, out);
  if (!before) out.push(text);
  out.push(`</${n.name}>`);
  return out;
}

function allNodes(root: Node): { node: Node; parent?: Node }[] {
  const out: { node: Node; parent?: Node }[] = [];
  const walk = (n: Node, p?: Node): void => {
    out.push({ node: n, parent: p });
    for (const c of n.children) walk(c, n);
  };
  walk(root);
  return out;
}

// ---------------------------------------------------------------------------------------------
// what mutants are made of

const PROTO_NAMES = [
  'toString', 'valueOf', 'hasOwnProperty', 'constructor', '__proto__', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__defineGetter__', '__lookupGetter__', 'prototype', 'then',
];
const ODD_NAMES = ['Okand', 'extra', 'EgenKod', 'Åtgärd', 'x:Okand', '_', 'a.b-c', 'Rad', 'Artikel', 'ÄndradAv'];
const ODD_VALUES = [
  '', ' ', '\u00a0', '\u00a0\u00a0', '\t', '\n', ' \n ', '-0', '+0', '0', '-0.00', '-1', '1e5', 'NaN', 'Infinity', '12,50', '1 234,5',
  '1\u00a0234,50', '  7  ', '.5', '5.', ',', '.', '-', '+', '9007199254740993', '99999999999999999999', '0x10', 'J', 'n', 'ja',
  'TRUE', 'sant', 'false', '2026-02-29', '2024-02-29', '20261128', '2026-11-28T10:15:00+01:00', '2026-11-28 25:00', 'ny',
  'ANDRAD', 'borttagen', 'full', 'DELTA', 'toString', '__proto__', 'constructor', '&', '<', '>', ']]>', '"', "'", 'ÅÄÖåäö',
  '€', '😀', '\u200b', 'x'.repeat(300), '\r\n', 'a\u0085b', '\u0001', 'Kött & fläsk', '00123', ' 00123 ',
];
const ATTR_NAMES = ['atgard', 'version', 'skapad', 'omfattning', 'valuta', 'typ', ...PROTO_NAMES, 'Okand'];

function mutateTree(root: Node, names: readonly string[], r: Rng): void {
  const ops = 1 + r.int(3);
  for (let i = 0; i < ops; i++) {
    const nodes = allNodes(root);
    const { node, parent } = r.pick(nodes);
    const leaves = nodes.filter((x) => !x.node.children.length);
    switch (r.int(11)) {
      case 0: // delete
        if (parent) parent.children.splice(parent.children.indexOf(node), 1);
        break;
      case 1: // duplicate (a list wrapper, a record, a field)
        if (parent) parent.children.splice(parent.children.indexOf(node) + 1, 0, clone(node));
        break;
      case 2: // rename: to a name of the same message, a prototype name or an odd one
        if (parent || r.chance(0.1)) node.name = r.chance(0.5) ? r.pick(names) : r.pick([...PROTO_NAMES, ...ODD_NAMES]);
        break;
      case 3:
      case 4: // an odd value
        r.pick(leaves.length ? leaves : nodes).node.text = r.pick(ODD_VALUES);
        break;
      case 5: {
        // unknown elements, possibly many, possibly with attributes and children
        const n = r.chance(0.1) ? 1 + r.int(40) : 1;
        for (let k = 0; k < n; k++) {
          const u: Node = { name: r.pick([...PROTO_NAMES, ...ODD_NAMES]), attrs: [], children: [], text: r.pick(ODD_VALUES) };
          if (r.chance(0.3)) u.attrs.push([r.pick(ATTR_NAMES), r.pick(ODD_VALUES)]);
          if (r.chance(0.3)) u.children.push({ name: r.pick(PROTO_NAMES), attrs: [], children: [], text: r.pick(ODD_VALUES) });
          node.children.splice(r.int(node.children.length + 1), 0, u);
        }
        break;
      }
      case 6: {
        // an attribute set (possibly a duplicate name: not well-formed)
        const name = r.pick(ATTR_NAMES);
        const at = node.attrs.findIndex(([k]) => k === name);
        if (at >= 0 && r.chance(0.9)) node.attrs[at][1] = r.pick(ODD_VALUES);
        else node.attrs.push([name, r.pick(ODD_VALUES)]);
        break;
      }
      case 7: // an attribute removed
        if (node.attrs.length) node.attrs.splice(r.int(node.attrs.length), 1);
        break;
      case 8: // siblings swapped
        if (node.children.length > 1) {
          const a = r.int(node.children.length);
          const b = r.int(node.children.length);
          [node.children[a], node.children[b]] = [node.children[b], node.children[a]];
        }
        break;
      case 9: {
        // an element moved elsewhere
        if (!parent) break;
        parent.children.splice(parent.children.indexOf(node), 1);
        const targets = allNodes(root);
        r.pick(targets).node.children.push(node);
        break;
      }
      default: {
        // whitespace around a value, a non-breaking space among it
        const l = r.pick(leaves.length ? leaves : nodes).node;
        l.text = r.pick([' ', '\u00a0', '\n\t', '']) + l.text + r.pick([' ', '\u00a0', '']);
      }
    }
  }
}

/** The mutant's bytes: mostly UTF-8, sometimes a code page, a BOM, a stray byte or a truncation. */
function toBytes(root: Node, r: Rng): Buffer {
  const body = serialize(root, r).join('');
  const pick = r.int(20);
  if (pick === 0) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0"?>\n${body}`)]);
  if (pick === 1 || pick === 2) {
    // Windows-1252 (declared or not); characters it cannot hold become '?' as a careless writer would
    const decl = r.chance(0.5) ? '<?xml version="1.0" encoding="windows-1252"?>\n' : '';
    return iconv.encode(decl + body, 'windows-1252');
  }
  if (pick === 3) return iconv.encode(`<?xml version="1.0" encoding="${r.pick(['IBM850', 'ISO-8859-1', 'UTF-8', 'utf-16', 'x-nonsense'])}"?>\n${body}`, 'cp850');
  const b = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  if (pick === 4 || pick === 5) return b.subarray(0, r.int(b.length)); // truncated
  if (pick === 6) {
    // a stray code-page byte in UTF-8 (å, é, €, an undefined 1252 byte, a lone continuation)
    const at = r.int(b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.from([r.pick([0xe5, 0xe9, 0x80, 0x81, 0xbf, 0xc3, 0xff])]), b.subarray(at)]);
  }
  if (pick === 7) return Buffer.from(body); // no declaration at all: auto detection
  return b;
}

// ---------------------------------------------------------------------------------------------
// the properties

interface Fixture {
  file: string;
  type: string;
  part: Part;
  tree: Node;
  names: string[];
  /** An out-message with records: whole read and streaming must agree. */
  streamable: boolean;
}

function loadFixtures(): Fixture[] {
  return fs
    .readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((file) => {
      const [type, part = 'file'] = file.replace(/\.xml$/, '').split('.');
      const d = getDescriptor(type);
      const root = xml.parseXml(fs.readFileSync(path.join(fixturesDir, file))).root;
      const tree = fromXml(root);
      const names = [...new Set(allNodes(tree).map((x) => x.node.name))];
      const streamable = part === 'file' && d.direction === 'out' && messageRecordLists(type, 'file').length > 0;
      return { file, type, part: part as Part, tree, names, streamable };
    });
}

/** Plain data: objects of Object.prototype, arrays, strings, finite numbers (never -0), booleans. */
function plainProblem(v: unknown, at: string): string | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? undefined : `${at} is ${Object.is(v, -0) ? '-0' : v}`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = plainProblem(v[i], `${at}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (v && typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype) return `${at} has a prototype other than Object.prototype`;
    for (const k of Object.keys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k) as PropertyDescriptor;
      if (!('value' in d)) return `${at}.${k} is a getter`;
      const p = plainProblem(d.value, `${at}.${k}`);
      if (p) return p;
    }
    return undefined;
  }
  return `${at} is ${typeof v}`;
}

type Outcome = { error: MessageError } | { records: Record<string, unknown[]>; invalid: unknown[]; header?: Record<string, unknown> };

function chunks(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

async function streamed(f: Fixture, input: Buffer, r: Rng): Promise<Outcome> {
  const lists = recordLists(bodyOf(getDescriptor(f.type), 'file'));
  const records: Record<string, unknown[]> = Object.fromEntries(lists.map((l) => [l.key, []]));
  const invalid: unknown[] = [];
  let header: Record<string, unknown> | undefined;
  try {
    const size = r.pick([64, 1000, 4096, 65536]);
    for await (const b of streamRecords(f.type, chunks(input, size), { invalid: 'collect', batchSize: 1 + r.int(7) })) {
      records[b.list].push(...b.records);
      invalid.push(...b.invalid.map((x) => ({ list: x.list, index: x.index, reason: x.reason })));
      header = b.header;
    }
  } catch (e) {
    if (e instanceof MessageError) return { error: e };
    throw e;
  }
  return { records, invalid, header };
}

function whole(f: Fixture, input: Buffer): Outcome {
  const lists = recordLists(bodyOf(getDescriptor(f.type), 'file'));
  try {
    const res = readMessage(f.type, input, { invalid: 'collect' });
    const header = { ...res.model };
    const records: Record<string, unknown[]> = {};
    for (const l of lists) {
      records[l.key] = (res.model[l.key] as unknown[] | undefined) ?? [];
      delete header[l.key];
    }
    return { records, invalid: res.invalid.map((x) => ({ list: x.list, index: x.index, reason: x.reason })), header };
  } catch (e) {
    if (e instanceof MessageError) return { error: e };
    throw e;
  }
}

interface Tally {
  mutants: number;
  accepted: number;
  compared: number;
  failures: string[];
}

async function checkMutant(f: Fixture, input: Buffer, r: Rng, tally: Tally, label: string): Promise<void> {
  const fail = (what: string): void => {
    const cut = process.env.PROPERTY_ONLY !== undefined ? Infinity : 1500;
    tally.failures.push(`${label} (${f.file}): ${what}\n    mutant: ${JSON.stringify(input.toString('latin1').slice(0, cut))}`);
  };
  // 1. only MessageError
  let model: Record<string, unknown> | undefined;
  try {
    model = readMessage(f.type, input, { part: f.part }).model;
  } catch (e) {
    if (!(e instanceof MessageError)) return fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  if (model) {
    tally.accepted++;
    // 2. plain data, and parse -> build -> parse gives an equal model
    const plain = plainProblem(model, 'model');
    if (plain) return fail(`the model is not plain data: ${plain}`);
    const opts = {
      part: f.part,
      now: NOW,
      decimalSeparator: r.pick(['.', ','] as const),
      booleanStyle: r.pick(['JN', '10', 'truefalse'] as const),
      pretty: r.chance(0.5),
      encoding: r.pick(['utf-8', 'utf-8', 'windows-1252', 'cp850']),
      unencodable: 'reference' as const,
    };
    let built: Buffer;
    try {
      built = buildMessage(f.type, model, opts);
    } catch (e) {
      return fail(`accepted but not built back: ${e instanceof Error ? e.message : String(e)}\n    model: ${JSON.stringify(model).slice(0, 1500)}`);
    }
    let again: Record<string, unknown>;
    try {
      again = readMessage(f.type, built, { part: f.part }).model;
    } catch (e) {
      return fail(`built back but not read again: ${e instanceof Error ? e.message : String(e)}\n    built: ${built.toString('latin1').slice(0, 1500)}`);
    }
    const expected = f.part === 'file' ? { ...model, version: model.version ?? '1', created: model.created ?? localTimestamp(NOW) } : model;
    try {
      assert.deepStrictEqual(again, expected);
    } catch (e) {
      return fail(`the round trip changed the model: ${(e as Error).message.slice(0, 1500)}`);
    }
  }
  // 3. whole read = streaming
  if (f.streamable) {
    tally.compared++;
    const w = whole(f, input);
    const s = await streamed(f, input, r);
    if ('error' in w || 'error' in s) {
      if (!('error' in w && 'error' in s)) {
        return fail(`whole read ${'error' in w ? `refused (${w.error.message})` : 'accepted'}, streaming ${'error' in s ? `refused (${s.error.message})` : 'accepted'}`);
      }
      return;
    }
    try {
      assert.deepStrictEqual(s.records, w.records);
      assert.deepStrictEqual(s.invalid, w.invalid);
      if (s.header) assert.deepStrictEqual(s.header, w.header);
    } catch (e) {
      return fail(`whole read and streaming disagree: ${(e as Error).message.slice(0, 1500)}`);
    }
  }
}

const slow: [number, string][] = [];

async function run(seed: number, count: number): Promise<Tally> {
  const fixtures = loadFixtures();
  const tally: Tally = { mutants: 0, accepted: 0, compared: 0, failures: [] };
  const only = process.env.PROPERTY_ONLY !== undefined ? Number(process.env.PROPERTY_ONLY) : undefined;
  for (let i = only ?? 0; i < (only !== undefined ? only + 1 : count) && tally.failures.length < 5; i++) {
    const f = fixtures[i % fixtures.length];
    // each mutant its own stream of numbers: a failure is reproducible by seed and number alone
    const r = rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const tree = clone(f.tree);
    mutateTree(tree, f.names, r);
    const input = toBytes(tree, r);
    tally.mutants++;
    const t0 = process.env.PROPERTY_PROFILE ? process.hrtime.bigint() : 0n;
    try {
      await checkMutant(f, input, r, tally, `mutant #${i}`);
      if (process.env.PROPERTY_PROFILE) slow.push([Number(process.hrtime.bigint() - t0) / 1e6, `#${i} ${f.file} ${input.length} B`]);
    } catch (e) {
      tally.failures.push(`mutant #${i} (${f.file}): the check itself threw ${(e as Error).stack ?? String(e)}`);
    }
  }
  return tally;
}

async function property(seed: number, what: string): Promise<void> {
  const t0 = Date.now();
  const tally = await run(seed, PER_SEED);
  const ms = Date.now() - t0;
  if (process.env.PROPERTY_PROFILE) {
    const byFile = new Map<string, number>();
    for (const [t, w] of slow) byFile.set(w.split(' ')[1], (byFile.get(w.split(' ')[1]) ?? 0) + t);
    process.stdout.write(`# slowest: ${slow.sort((a, b) => b[0] - a[0]).slice(0, 8).map(([t, w]) => `${w} ${t.toFixed(0)} ms`).join('; ')}\n# by fixture: ${[...byFile].map(([f, t]) => `${f} ${t.toFixed(0)}`).join(', ')}\n`);
    slow.length = 0;
  }
  process.stdout.write(
    `# ${what} seed ${seed}: ${tally.mutants} mutants over ${loadFixtures().length} fixtures, ${tally.accepted} accepted, ` +
      `${tally.compared} read whole and streamed, ${ms} ms\n`,
  );
  assert.equal(
    tally.failures.length,
    0,
    `seed ${seed} (rerun: PROPERTY_SEED=${seed} node scripts/run-tests.js test/unit/property):\n  ${tally.failures.join('\n  ')}`,
  );
}

describe('property: every fixture, mutated', () => {
  it(`fixed seed ${FIXED_SEED}`, async () => property(FIXED_SEED, 'fixed'));
  it(`changing seed ${RUN_SEED} (rerun with PROPERTY_SEED=${RUN_SEED})`, async () => property(RUN_SEED, 'changing'));
});
