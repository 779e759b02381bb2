/**
 * A Node-RED runtime in a process of its own, for the P4 and P5 rows: this package loaded as
 * `npm start` loads it (scripts/nodered.js), the flows and credentials given, the context store
 * the demo uses ('file', localfilesystem). Its CPU time and peak RSS are the runtime's alone.
 *
 * Forked with a config file path; talks over IPC:
 *   -> { ready: true, port }                         once the flows run
 *   <- { cmd: 'stats' }       -> { stats: {...} }    CPU ms, peak RSS MB, msgs counted by the hooks
 *   <- { cmd: 'inject', node, msgs: [...] }          msgs into a node's input (node.receive)
 *   <- { cmd: 'stop' }                               stops the runtime and exits
 *
 * The runtime's messaging hooks count, without a node in the flow: msgs received by each node
 * (`received[id]`), msgs each node completed (`completed[id]`, `failed[id]`), and for the node
 * `countBy.node` the values of `msg[countBy.property]` it completed without error (to find doubles).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Config {
  userDir: string;
  flows: object[];
  credentials: Record<string, unknown>;
  countBy?: { node: string; property: string };
  /** A node whose completions also record their msg.woocommerce (woocommerce-out's summary). */
  summaries?: string;
}

interface HookEvent {
  msg: Record<string, unknown>;
  destination?: { id: string };
  node?: { id: string };
  error?: unknown;
}

interface Red {
  hooks: { add(name: string, fn: (e: HookEvent) => void): void };
  nodes: { getNode(id: string): { receive(msg: object): void } | null };
}

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(root, 'scripts', 'nodered.js')) as {
  startNodeRed(o: { port: number; userDir: string; flows: object[]; credentials: object; credentialSecret: false; contextDefault: 'file'; log: string }): Promise<{
    port: number;
    RED: Red;
    stop(): Promise<void>;
  }>;
};

async function main(): Promise<void> {
  const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Config;
  fs.rmSync(process.argv[2], { force: true });
  const received: Record<string, number> = {};
  const completed: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const byValue = new Map<string, number>();
  const summaries: unknown[] = [];
  const errors: string[] = [];
  const nr = await startNodeRed({ port: 0, userDir: cfg.userDir, flows: cfg.flows, credentials: cfg.credentials, credentialSecret: false, contextDefault: 'file', log: 'warn' });
  nr.RED.hooks.add('onReceive.bench', (e) => {
    const id = e.destination?.id;
    if (id) received[id] = (received[id] ?? 0) + 1;
  });
  nr.RED.hooks.add('onComplete.bench', (e) => {
    const id = e.node?.id;
    if (!id) return;
    if (e.error) {
      failed[id] = (failed[id] ?? 0) + 1;
      if (errors.length < 20) errors.push(`${id}: ${String((e.error as Error)?.message ?? e.error)}`);
      return;
    }
    completed[id] = (completed[id] ?? 0) + 1;
    if (cfg.countBy && id === cfg.countBy.node) {
      const v = String(e.msg[cfg.countBy.property]);
      byValue.set(v, (byValue.get(v) ?? 0) + 1);
    }
    if (cfg.summaries && id === cfg.summaries) summaries.push(e.msg.woocommerce);
  });
  const send = (m: object): void => {
    process.send?.(m);
  };
  process.on('message', (m: { cmd: string; node?: string; msgs?: object[] }) => {
    if (m.cmd === 'stats') {
      const cpu = process.cpuUsage();
      let doubled = 0;
      for (const n of byValue.values()) if (n > 1) doubled += n - 1;
      send({
        stats: {
          cpuMs: (cpu.user + cpu.system) / 1000,
          rssMB: process.resourceUsage().maxRSS / 1024,
          received,
          completed,
          failed,
          distinct: byValue.size,
          doubled,
          summaries: summaries.splice(0),
          errors,
        },
      });
    } else if (m.cmd === 'inject' && m.node) {
      const n = nr.RED.nodes.getNode(m.node);
      if (!n) throw new Error(`no node ${m.node}`);
      for (const msg of m.msgs ?? []) n.receive(msg);
    } else if (m.cmd === 'stop') {
      void nr.stop().finally(() => process.exit(0));
    }
  });
  send({ ready: true, port: nr.port });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
