/**
 * A real Node-RED runtime (node-red-node-test-helper) around one message node, with the core nodes
 * a flow would use around it: catch, status and complete nodes scoped to it, and (when asked) a
 * core join node in automatic mode on its first output. Every msg, status and error is captured.
 */
import { after, before } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as {
  init(runtimePath: string): void;
  load(nodes: unknown[], flow: object[]): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): { receive(msg: object): void; on(event: string, fn: (msg: Msg & { args: unknown[] }) => void): void };
  log(): { args: unknown[][] };
  clearFlows(): Promise<void>;
};
helper.init(require.resolve('node-red'));

export const distNodes = path.join(repoRoot, 'dist', 'nodes');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const messagesModule = require(path.join(distNodes, 'pyramid-messages.js')) as (red: object) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sequenceModule = require('@node-red/nodes/core/sequence/17-split.js') as (red: object) => void;

export interface Parts {
  id: string;
  index: number;
  count?: number;
  type: string;
  len: number;
  parts?: unknown;
}

export interface Status {
  fill?: string;
  shape?: string;
  text?: string;
}

export interface Msg {
  payload?: unknown;
  parts?: Parts;
  pyramid?: Record<string, unknown>;
  error?: { message: string; code?: string; source?: { id: string } };
  filename?: string;
  status?: Status;
  [key: string]: unknown;
}

const locale = JSON.parse(fs.readFileSync(path.join(distNodes, 'locales', 'en-US', 'pyramid-messages.json'), 'utf8')) as Record<string, unknown>;

/**
 * The locale file as Node-RED's i18n would apply it (`__name__` substitutions). The test helper's
 * own RED._ returns the key, which would hide a missing or wrong text; a missing key of ours throws.
 */
export function translate(key: string, subs: Record<string, unknown> = {}): string {
  let cur: unknown = locale;
  for (const k of key.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  if (typeof cur !== 'string') {
    if (key.startsWith('pyramid-messages.')) throw new Error(`no locale text for ${key}`);
    return key;
  }
  return cur.replace(/__(\w+)__/g, (_m, k: string) => String(subs[k] ?? ''));
}

function localisedMessages(red: { _?: unknown }): void {
  red._ = translate;
  messagesModule(red);
}

export interface Captured {
  out: Msg[];
  bad: Msg[];
  caught: Msg[];
  statuses: Status[];
  joined: Msg[];
  completed: number;
  /** Arrivals in order: `out` for a msg on the first output, `status:<text>` for a status. */
  events: string[];
  /** The node's error() calls (done(err) ends in one), also after its flow stopped. */
  errors: string[];
  /** Everything the runtime logged while the flow ran (JSON per log call). */
  logs: string[];
  /** How many msgs the first output had sent when the node called done() for the first time. */
  outAtFirstComplete?: number;
}

export interface RunOptions {
  /** Put a core join node (automatic mode) after the first output. */
  join?: boolean;
  /** Also wait for this (beyond every input being done or caught). */
  until?: (c: Captured) => boolean;
  /** Stop the flows (as a redeploy does) when the first msg leaves the first output; then wait for `until` only. */
  stopOnFirstOut?: boolean;
}

/** Wait for a condition on captured events; the deadline only stops a broken test from hanging. */
export async function waitFor(cond: () => boolean, what: () => string, deadlineMs = 120_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Run inputs through one message node (id n1) in a real runtime and capture what comes out. */
export async function runNode(type: string, config: Record<string, unknown>, inputs: Msg[], o: RunOptions = {}): Promise<Captured> {
  const flow: object[] = [
    { id: 'n1', type: `pyramid-${type}`, name: '', ...config, wires: [o.join ? ['out', 'j1'] : ['out'], ['bad']] },
    { id: 'out', type: 'helper' },
    { id: 'bad', type: 'helper' },
    { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
    { id: 's1', type: 'status', scope: ['n1'], wires: [['st']] },
    { id: 'st', type: 'helper' },
    { id: 'k1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['done']] },
    { id: 'done', type: 'helper' },
  ];
  if (o.join) {
    flow.push(
      { id: 'j1', type: 'join', mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: false, timeout: '', count: '', reduceRight: false, wires: [['joined']] },
      { id: 'joined', type: 'helper' },
    );
  }
  await helper.load([localisedMessages, sequenceModule], flow);
  const c: Captured = { out: [], bad: [], caught: [], statuses: [], joined: [], completed: 0, logs: [], events: [], errors: [] };
  try {
    helper.getNode('out').on('input', (m) => {
      c.out.push(m);
      c.events.push('out');
      if (o.stopOnFirstOut && c.out.length === 1) void helper.clearFlows();
    });
    helper.getNode('bad').on('input', (m) => c.bad.push(m));
    helper.getNode('caught').on('input', (m) => c.caught.push(m));
    helper.getNode('st').on('input', (m) => {
      c.statuses.push(m.status ?? {});
      c.events.push(`status:${m.status?.text ?? ''}`);
    });
    helper.getNode('done').on('input', () => {
      c.outAtFirstComplete ??= c.out.length;
      c.completed++;
    });
    helper.getNode('n1').on('call:error', (call) => c.errors.push(String(call.args[0])));
    if (o.join) helper.getNode('joined').on('input', (m) => c.joined.push(m));
    for (const m of inputs) helper.getNode('n1').receive(m);
    await waitFor(
      () => (o.stopOnFirstOut || c.completed + c.caught.length >= inputs.length) && (o.until?.(c) ?? true),
      () => `${type}: ${c.completed} done, ${c.caught.length} caught, ${c.out.length} out, ${c.joined.length} joined, statuses ${JSON.stringify(c.statuses)}`,
    );
    // msgs sent just before done() may still be on their way
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    return c;
  } finally {
    c.logs = helper.log().args.map((a) => JSON.stringify(a));
    await helper.unload();
  }
}

/** Status texts in order. */
export function texts(c: Captured): string[] {
  return c.statuses.map((s) => s.text ?? '');
}

/** 1234567 -> "1 234 567", as the node writes counts. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A temporary directory for the files of one test file, removed afterwards. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
