/**
 * The FTP suites' Node-RED harness: the shared test helper (../support/nodered), the compiled FTP
 * nodes and a flow with the three FTP nodes:
 *   pyramid-ftp-in "in" -> helper "got";  pyramid-ftp-out "out" -> helper "sent";  catch -> helper "caught".
 */
import { helper, nodeFile, type NodeMessage } from '../support/nodered';
import type { FtpTestServer } from './fixtures';

export { helper, type NodeMessage };

/** The compiled node file, as Node-RED loads it. */
export const ftpNodes = nodeFile('pyramid-ftp');

export interface FlowOptions {
  server?: Record<string, unknown>;
  in?: Record<string, unknown> | false;
  out?: Record<string, unknown>;
}

export function ftpFlow(server: Pick<FtpTestServer, 'host' | 'port'>, o: FlowOptions = {}): object[] {
  const nodes: object[] = [
    { id: 'f1', type: 'tab', label: 'ftp' },
    {
      id: 'srv',
      type: 'pyramid-ftp-server',
      name: 'pyramid',
      host: server.host,
      port: server.port,
      secure: 'none',
      verify: true,
      transfer: 'auto',
      timeout: 10,
      encoding: 'utf-8',
      outFolder: '/out',
      inFolder: '/in',
      processingFolder: 'processing',
      archiveFolder: 'archive',
      errorFolder: 'error',
      retryMin: 0.1,
      retryMax: 0.3,
      ...o.server,
    },
    { id: 'out', z: 'f1', type: 'pyramid-ftp-out', server: 'srv', action: 'msg', folder: '', filename: '', overwrite: false, wires: [['sent']], ...o.out },
    { id: 'sent', z: 'f1', type: 'helper', wires: [] },
    { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper', wires: [] },
  ];
  if (o.in !== false) {
    nodes.push(
      {
        id: 'in',
        z: 'f1',
        type: 'pyramid-ftp-in',
        server: 'srv',
        folder: '',
        pattern: '*.xml',
        interval: 0.2,
        stable: 'look',
        settle: 0,
        marker: '.done',
        maxPerCycle: 50,
        ack: 'auto',
        lease: 600,
        spoolMb: 16,
        wires: [['got']],
        ...o.in,
      },
      { id: 'got', z: 'f1', type: 'helper', wires: [] },
    );
  }
  return nodes;
}

export function credentials(server: Pick<FtpTestServer, 'user' | 'password'>): Record<string, Record<string, string>> {
  return { srv: { user: server.user, password: server.password } };
}

/** Collect what the helper nodes receive. */
export function collect(id: string): NodeMessage[] {
  const got: NodeMessage[] = [];
  helper.getNode(id).on('input', (m) => got.push(m));
  return got;
}

/** Every status a node showed, as text. */
export function statuses(id: string): string[] {
  return helper._NodePrototype.status
    .getCalls()
    .filter((c) => (c.thisValue as { id?: string } | undefined)?.id === id)
    .map((c) => String((c.args[0] as { text?: string }).text ?? ''));
}
