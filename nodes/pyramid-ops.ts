/**
 * The "Pyramid" operations sidebar, runtime half: a Node-RED plugin (package.json
 * "node-red".plugins) whose admin endpoints tell the editor, for every pyramid-ftp-server,
 * pyramid-ws-endpoint and message node in the deployed flows, what is being processed, what waits
 * in the outbox, what sits in error/ and why, and what each node did in the last hour and day;
 * and that replay or archive a file from error/ and retry the outbox on a user's request.
 * Looking needs `flows.read`, acting `flows.write`. An answer never holds a credential: the FTP
 * password is scrubbed from every server text, outbox entries are shown without the msg they
 * carry. Everything that knows FTP or counts lives in lib/ops; this file reads the deployed flows
 * and answers.
 */
import { catalogue } from '../lib/messages';
import { FtpError, scrub, type ConnectionState, type FtpConnection, type FtpUploader } from '../lib/ftp';
import { archiveErrorFile, listFtpOps, ops, outboxView, replayErrorFile, type FtpOpsListing, type MoveResult, type OpsFolders } from '../lib/ops';

import type { NodeAPI } from './red';

/** An admin route handler, as RED.auth.needsPermission makes them. */
type AdminHandler = ReturnType<NodeAPI['auth']['needsPermission']>;

/** A node definition as deployed (RED.nodes.eachNode). */
interface FlowNode {
  id: string;
  type: string;
  name?: string;
  label?: string;
  z?: string;
  d?: boolean;
  server?: string;
  folder?: string;
}

/** What a deployed pyramid-ftp-server offers (nodes/pyramid-ftp.ts). */
interface ServerNode {
  type: string;
  conn?: FtpConnection;
  uploader?: FtpUploader;
  folders?: OpsFolders & { out: string; in: string };
  password?: string;
}

const MESSAGE_TYPES = new Set(catalogue.map((d) => `pyramid-${d.type}`));
/** How long the sidebar waits for an FTP server's answer before showing what it has. */
const FTP_WAIT_MS = 12_000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** HTTP status for an FTP failure of an action. */
function statusOf(err: unknown): number {
  if (!(err instanceof FtpError)) return 500;
  if (err.code === 'FTP_BAD_NAME') return 400;
  if (err.code === 'FTP_NOT_FOUND') return 404;
  if (err.code === 'FTP_COMMAND' && /already exists/.test(err.message)) return 409;
  return 502;
}

function withTimeout<T>(p: Promise<T>, ms: number, text: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new FtpError(text, 'FTP_BUSY', { transient: true })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export = function register(RED: NodeAPI): void {
  const t = (key: string, subs?: Record<string, string | number>): string => RED._(`ops.${key}`, subs);

  /** The deployed flows: nodes by type, tab labels. */
  function deployed(): { all: FlowNode[]; tabs: Map<string, string> } {
    const all: FlowNode[] = [];
    const tabs = new Map<string, string>();
    RED.nodes.eachNode((def) => {
      const n = def as unknown as FlowNode;
      all.push(n);
      if (n.type === 'tab' || n.type === 'subflow') tabs.set(n.id, n.label || n.name || n.id);
    });
    return { all, tabs };
  }

  function serverNode(id: string): ServerNode | undefined {
    const n = RED.nodes.getNode(id) as ServerNode | null;
    return n && n.type === 'pyramid-ftp-server' && n.conn && n.folders && n.uploader ? n : undefined;
  }

  /** One FTP listing per server at a time: a second sidebar asking meanwhile shares it. */
  const listing = new Map<string, Promise<FtpOpsListing>>();
  function listServer(id: string, node: ServerNode): Promise<FtpOpsListing> {
    let p = listing.get(id);
    if (!p) {
      const conn = node.conn as FtpConnection;
      const folders = node.folders as OpsFolders;
      p = conn.run('operations sidebar: list processing/ and error/', (s) => listFtpOps(s, folders)).finally(() => listing.delete(id));
      listing.set(id, p);
    }
    return withTimeout(p, FTP_WAIT_MS, t('errors.ftpSlow', { seconds: FTP_WAIT_MS / 1000 }));
  }

  /** The folders the flow's pyramid-ftp-in nodes poll on this server: where a replayed file goes. */
  function pollFolders(all: FlowNode[], serverId: string, node: ServerNode | undefined): string[] {
    const out = new Set<string>();
    for (const n of all) {
      if (n.type === 'pyramid-ftp-in' && n.server === serverId && !n.d) out.add(n.folder || node?.folders?.out || 'out');
    }
    if (out.size === 0 && node?.folders) out.add(node.folders.out);
    return [...out];
  }

  async function serverState(n: FlowNode, all: FlowNode[]): Promise<Record<string, unknown>> {
    const node = serverNode(n.id);
    const base: Record<string, unknown> = { id: n.id, name: n.name || '', deployed: !!node };
    if (!node) return base;
    const secrets = [node.password];
    const conn = node.conn as FtpConnection;
    const folders = node.folders as OpsFolders & { out: string };
    const state: ConnectionState = conn.state;
    const result: Record<string, unknown> = {
      ...base,
      label: scrub(conn.label, secrets),
      state,
      ...(conn.detail ? { detail: scrub(conn.detail, secrets) } : {}),
      folders: { out: folders.out, processing: folders.processing, error: folders.error, archive: folders.archive },
      pollFolders: pollFolders(all, n.id, node),
      outbox: outboxView((node.uploader as FtpUploader).outbox.list(), secrets),
    };
    try {
      const l = await listServer(n.id, node);
      Object.assign(result, l);
    } catch (err) {
      result.ftpError = scrub(message(err), secrets);
    }
    return result;
  }

  RED.httpAdmin.get('/pyramid/ops/state', RED.auth.needsPermission('flows.read'), (_req, res) => {
    (async () => {
      const { all, tabs } = deployed();
      const live = new Set(all.map((n) => n.id));
      ops.prune(live);
      const where = (n: FlowNode) => (n.z ? { z: n.z, flow: tabs.get(n.z) ?? n.z } : {});
      const servers = await Promise.all(all.filter((n) => n.type === 'pyramid-ftp-server').map((n) => serverState(n, all)));
      const endpoints = all
        .filter((n) => n.type === 'pyramid-ws-endpoint')
        .map((n) => ({ ...ops.endpointSnapshot(n.id), name: n.name || '', users: all.filter((u) => u.type === 'pyramid-ws' && (u as { endpoint?: string }).endpoint === n.id).length }));
      const messageNodes = all
        .filter((n) => MESSAGE_TYPES.has(n.type))
        .map((n) => {
          const { errors: _recent, ...snap } = ops.messageSnapshot(n.id);
          return { ...snap, type: n.type, name: n.name || '', disabled: !!n.d, ...where(n) };
        })
        .sort((a, b) => String(a.flow ?? '').localeCompare(String(b.flow ?? '')) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
      res.json({ time: new Date().toISOString(), servers, endpoints, messageNodes });
    })().catch((err: unknown) => res.status(500).json({ error: message(err) }));
  });

  /**
   * Node-RED's permission check, but a user who is logged in and lacks the permission gets 403
   * (forbidden) where Node-RED's own check answers 401. Put after a check that the user is known.
   */
  function forbiddenUnless(permission: string): AdminHandler {
    const check = RED.auth.needsPermission(permission);
    return (req, res, next) => {
      const status = res.status.bind(res);
      res.status = (code: number) => status(code === 401 ? 403 : code);
      check(req, res, () => {
        res.status = status;
        next();
      });
    };
  }

  /** An action on one server: the server must be deployed; FTP errors answered with their text, scrubbed. */
  function action(name: string, fn: (node: ServerNode, body: Record<string, unknown>, id: string) => Promise<unknown>): void {
    RED.httpAdmin.post(`/pyramid/ops/ftp/:id/${name}`, RED.auth.needsPermission('flows.read'), forbiddenUnless('flows.write'), (req, res) => {
      const id = String(req.params.id ?? '');
      const node = serverNode(id);
      if (!node) {
        res.status(404).json({ error: t('errors.notDeployed') });
        return;
      }
      const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
      fn(node, body, id).then(
        (r) => res.json({ ok: true, ...(r && typeof r === 'object' ? r : {}) }),
        (err: unknown) => res.status(statusOf(err)).json({ error: scrub(message(err), [node.password]) }),
      );
    });
  }

  function fileOf(body: Record<string, unknown>): string {
    if (typeof body.file !== 'string' || body.file === '') throw new FtpError(t('errors.noFile'), 'FTP_BAD_NAME');
    return body.file;
  }

  action('replay', async (node, body, id) => {
    const file = fileOf(body);
    const folders = pollFolders(deployed().all, id, node);
    const to = typeof body.folder === 'string' && body.folder !== '' ? body.folder : folders[0];
    if (!folders.includes(to)) throw new FtpError(t('errors.notPolled', { folder: to }), 'FTP_BAD_NAME');
    const r: MoveResult = await (node.conn as FtpConnection).run(`replay ${file}`, (s) => replayErrorFile(s, node.folders as OpsFolders, file, to));
    RED.log?.info(t('log.replayed', { file, to: r.file }));
    return r;
  });

  action('remove', async (node, body) => {
    const file = fileOf(body);
    const r: MoveResult = await (node.conn as FtpConnection).run(`archive ${file}`, (s) => archiveErrorFile(s, node.folders as OpsFolders, file));
    RED.log?.info(t('log.archived', { file, to: r.file }));
    return r;
  });

  action('retry', async (node) => {
    const uploader = node.uploader as FtpUploader;
    uploader.retryNow();
    return { outbox: outboxView(uploader.outbox.list(), [node.password]) };
  });

  // the editor half (pyramid-ops.html) registers the sidebar tab; this registers the plugin itself
  RED.plugins?.registerPlugin('pyramid-ops', { type: 'pyramid-ops' });
};
