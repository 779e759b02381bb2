/**
 * The woocommerce node suites' harness: a full Node-RED in a child process (runtime-child.ts) with
 * the compiled woocommerce nodes laid out as Node-RED finds them, test nodes that forward msgs over
 * IPC, and helpers to wait for msgs (conditions, never fixed times).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import type { ChildConfig } from './runtime-child';

export interface Received {
  node: string;
  msg: Record<string, unknown> & { payload?: unknown };
}

export interface Runtime {
  url: string;
  received: Received[];
  /** msgs that reached the sink `node`. */
  at(node: string): Received['msg'][];
  inject(node: string, msg: Record<string, unknown>): void;
  waitFor<T>(what: string, fn: () => T | undefined | false, limitMs?: number): Promise<T>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const SINK = `module.exports = function (RED) {
  function Sink(n) {
    RED.nodes.createNode(this, n);
    this.on('input', (msg, send, done) => {
      let copy;
      try { copy = JSON.parse(JSON.stringify(msg)); } catch (e) { copy = { unserialisable: String(e) }; }
      if (process.send) process.send({ node: n.id, msg: copy });
      done();
    });
  }
  RED.nodes.registerType('wc-sink', Sink);
  function Source(n) {
    RED.nodes.createNode(this, n);
    const node = this;
    const onMessage = (c) => { if (c && c.cmd === 'inject' && c.node === n.id) node.send(c.msg); };
    process.on('message', onMessage);
    this.on('close', () => process.off('message', onMessage));
  }
  RED.nodes.registerType('wc-source', Source);
};
`;
const SINK_HTML = `<script type="text/javascript">
RED.nodes.registerType('wc-sink', { category: 'test', defaults: {}, inputs: 1, outputs: 0 });
RED.nodes.registerType('wc-source', { category: 'test', defaults: {}, inputs: 0, outputs: 1 });
</script>`;

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The woocommerce node files (and the test nodes) in `nodesDir`, as Node-RED loads a node. */
export function layoutNodes(nodesDir: string): void {
  fs.mkdirSync(path.join(nodesDir, 'locales', 'en-US'), { recursive: true });
  fs.mkdirSync(path.join(nodesDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(nodesDir, 'woocommerce.js'), `module.exports = require(${JSON.stringify(path.join(repoRoot, 'dist', 'nodes', 'woocommerce.js'))});\n`);
  fs.copyFileSync(path.join(repoRoot, 'nodes', 'woocommerce.html'), path.join(nodesDir, 'woocommerce.html'));
  fs.copyFileSync(path.join(repoRoot, 'nodes', 'locales', 'en-US', 'woocommerce.json'), path.join(nodesDir, 'locales', 'en-US', 'woocommerce.json'));
  for (const f of fs.readdirSync(path.join(repoRoot, 'icons'))) {
    if (f.startsWith('woocommerce')) fs.copyFileSync(path.join(repoRoot, 'icons', f), path.join(nodesDir, 'icons', f));
  }
  fs.writeFileSync(path.join(nodesDir, 'wc-test.js'), SINK);
  fs.writeFileSync(path.join(nodesDir, 'wc-test.html'), SINK_HTML);
}

/**
 * Starts Node-RED on `userDir` with `flows` (a function of the runtime's own URL, for webhook
 * paths) and plain `credentials`. `onListening` runs once the URL is known, before the flows start.
 */
export async function startRuntime(o: {
  userDir: string;
  flows: object[];
  credentials: Record<string, Record<string, string>>;
}): Promise<Runtime> {
  const nodesDir = path.join(o.userDir, '..', 'nodes');
  if (!fs.existsSync(path.join(nodesDir, 'woocommerce.js'))) layoutNodes(nodesDir);
  fs.mkdirSync(o.userDir, { recursive: true });
  const cfg: ChildConfig = { userDir: o.userDir, nodesDir, flows: o.flows, credentials: o.credentials };
  const child: ChildProcess = fork(path.join(__dirname, 'runtime-child.js'), [JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const received: Received[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: Received | { ready: string } | { listening: string }) => {
      if ('ready' in m) resolve(m.ready);
      else if ('node' in m) received.push(m);
    });
    child.once('exit', (code) => reject(new Error(`Node-RED ended before it was ready (${String(code)})`)));
  });
  const rt: Runtime = {
    url,
    received,
    at: (node) => received.filter((r) => r.node === node).map((r) => r.msg),
    inject: (node, msg) => child.send({ cmd: 'inject', node, msg }),
    async waitFor(what, fn, limitMs = 60_000) {
      const end = Date.now() + limitMs;
      for (;;) {
        const v = fn();
        if (v !== undefined && v !== false) return v;
        if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ cmd: 'stop' });
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return rt;
}
