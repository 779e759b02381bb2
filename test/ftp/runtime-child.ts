/**
 * One Node-RED runtime (node-red-node-test-helper) in its own process, running a flow with the FTP
 * nodes: what the helper nodes receive goes to the parent over IPC; the parent can inject msgs and
 * stop the runtime (or kill the process). Used by runtimes.test.ts for restarts and for several
 * runtimes polling one folder.
 */
import { recordFromStart } from '../support/nodered';
import { helper, ftpNodes, type NodeMessage } from './nodered';

interface Config {
  userDir: string;
  flow: object[];
  credentials: Record<string, Record<string, string>>;
}
type Command = { cmd: 'inject'; node: string; msg: NodeMessage } | { cmd: 'stop' };

export interface ChildMessage {
  node: string;
  filename?: string;
  size?: number;
  text?: string;
  topic?: unknown;
  pyramid?: Record<string, unknown>;
  error?: string;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;

function summary(node: string, m: NodeMessage): ChildMessage {
  const p = m.payload;
  return {
    node,
    filename: typeof m.filename === 'string' ? m.filename : undefined,
    size: typeof m.size === 'number' ? m.size : undefined,
    text: Buffer.isBuffer(p) && p.length < 4096 ? p.toString('utf8') : typeof p === 'string' ? p : undefined,
    topic: m.topic,
    pyramid: m.pyramid as Record<string, unknown> | undefined,
    error: m.error ? String((m.error as { message?: string }).message) : undefined,
  };
}

async function main(): Promise<void> {
  helper.settings({ userDir: cfg.userDir });
  // recorded from the start: an outbox retried while the flows start sends before load() resolves
  recordFromStart(['got', 'sent', 'caught'], (id, m) => process.send?.(summary(id, m)));
  await helper.load(ftpNodes, cfg.flow, cfg.credentials);
  process.on('message', (c: Command) => {
    if (c.cmd === 'inject') helper.getNode(c.node).receive(c.msg);
    else if (c.cmd === 'stop') {
      void helper.unload().then(() => process.exit(0));
    }
  });
  process.send?.({ ready: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`runtime-child: ${String(err)}\n`);
  process.exit(1);
});
