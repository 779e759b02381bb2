/**
 * Node-RED adapters for the FTP transport: pyramid-ftp-server (config: one connection, one queue,
 * one outbox per server), pyramid-ftp-in (poll, claim, emit) and pyramid-ftp-out (upload, ack,
 * reject, delete, list). Everything that knows FTP lives in lib/ftp; this file reads the config,
 * calls lib, and sends, sets status and calls done.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_SETTLE_MS,
  FtpConnection,
  FtpError,
  FtpPoller,
  FtpUploader,
  Outbox,
  ackClaim,
  checkFileName,
  checkFolder,
  forgetClaim,
  heldClaims,
  joinPath,
  parseTakenFolders,
  reasonText,
  rejectClaim,
  releaseClaim,
  renderNameTemplate,
  resolveFolder,
  scrub,
  testConnection,
  type ConnectionState,
  type CycleResult,
  type FtpServerOptions,
  type OutboxEntry,
  type PolledFile,
  type UploadResult,
} from '../lib/ftp';
import { encode, normalizeEncoding, type Encoding } from '../lib/xml/encoding';
import { describeProperty, evaluateText, typedProperty, type TypedUtil } from './typed-property';

// ---- the part of the Node-RED API used here ---------------------------------------------------

interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}
type SendFn = (msg: NodeMessage | NodeMessage[]) => void;
type DoneFn = (err?: Error) => void;
interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}
interface RedNode {
  id: string;
  type: string;
  name?: string;
  credentials?: { user?: string; password?: string };
  on(event: 'input', cb: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage): void;
  status(s: NodeStatus): void;
  log(m: string): void;
  warn(m: string): void;
  debug(m: string): void;
  error(m: string | Error, msg?: NodeMessage): void;
}
interface AdminRequest {
  body?: Record<string, unknown>;
}
interface AdminResponse {
  json(body: unknown): void;
  status(code: number): AdminResponse;
}
type AdminHandler = (req: AdminRequest, res: AdminResponse, next: () => void) => void;
interface NodeAPI {
  nodes: {
    createNode(node: object, def: object): void;
    registerType(type: string, ctor: (this: never, def: never) => void, opts?: object): void;
    getNode(id: string): unknown;
    getCredentials(id: string): { user?: string; password?: string } | undefined;
  };
  settings: { userDir?: string };
  util: TypedUtil & { generateId(): string; getMessageProperty(msg: object, path: string): unknown };
  httpAdmin: { post(path: string, ...handlers: AdminHandler[]): void };
  auth: { needsPermission(permission: string): AdminHandler };
  _(key: string, subs?: Record<string, unknown>): string;
}

// ---- config shapes (as saved in the flow) ------------------------------------------------------

interface ServerDef {
  id: string;
  name?: string;
  host?: string;
  port?: string | number;
  secure?: string;
  verify?: boolean | string;
  ca?: string;
  fingerprint?: string;
  servername?: string;
  transfer?: string;
  separateHost?: boolean | string;
  timeout?: string | number;
  encoding?: string;
  outFolder?: string;
  inFolder?: string;
  processingFolder?: string;
  archiveFolder?: string;
  errorFolder?: string;
  retryMin?: string | number;
  retryMax?: string | number;
  /** Connections uploads may use at once (default 3; 1 = the shared connection only). */
  uploadConnections?: string | number;
  /** Sub-folders of the folder uploaded to where Pyramid keeps files it has taken (duplicate check); absent: imported, duplicate, error. */
  takenFolders?: string;
  /** Several Node-RED instances upload to these folders: the duplicate check and rename run under a lock of the name. */
  lockUploads?: boolean | string;
}
interface InDef {
  id: string;
  server: string;
  folder?: string;
  pattern?: string;
  interval?: string | number;
  stable?: string;
  settle?: string | number;
  marker?: string;
  maxPerCycle?: string | number;
  ack?: string;
  lease?: string | number;
  /** Renew the lease of a file not yet acknowledged for at most this many minutes (0: never). */
  renewMax?: string | number;
  spoolMb?: string | number;
  /** A file is delivered at most this often; then it goes to error/ (poison). Default 5. */
  maxDeliveries?: string | number;
  /** 2 (default): a second connection checks, hands over and archives while the shared one downloads; 1: the shared one only. */
  connections?: string | number;
}
interface OutDef {
  id: string;
  server: string;
  action?: string;
  folder?: string;
  /** TypedInput type of `folder` (str, msg, flow, global, env); absent in older flows: str. */
  folderType?: string;
  filename?: string;
  /** TypedInput type of `filename`; absent in older flows: str (a name template). */
  filenameType?: string;
  overwrite?: boolean | string;
}

interface Folders {
  out: string;
  in: string;
  processing: string;
  archive: string;
  error: string;
}

interface ServerNode extends RedNode {
  conn: FtpConnection;
  uploader: FtpUploader;
  folders: Folders;
  encoding: Encoding;
  password: string | undefined;
  register(user: RedNode): void;
  deregister(user: RedNode, done: () => void): void;
  /** Messages of uploads that went to the outbox, by outbox id, to send once delivered. */
  waiting: Map<string, { nodeId: string; msg: NodeMessage }>;
}
interface OutNode extends RedNode {
  deliverFromOutbox(entry: OutboxEntry, result: UploadResult | undefined, err?: FtpError): void;
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
function bool(v: unknown, fallback: boolean): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return fallback;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}
function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function serverOptions(n: ServerDef, creds: { user?: string; password?: string }): FtpServerOptions {
  const secure = oneOf(n.secure, ['none', 'explicit', 'implicit'] as const, 'none');
  return {
    host: String(n.host ?? '').trim(),
    port: num(n.port, secure === 'implicit' ? 990 : 21),
    user: creds.user || undefined,
    password: creds.password || undefined,
    secure,
    rejectUnauthorized: bool(n.verify, true),
    ca: n.ca || undefined,
    fingerprint: n.fingerprint || undefined,
    servername: n.servername || undefined,
    transferMode: oneOf(n.transfer, ['auto', 'epsv', 'pasv'] as const, 'auto'),
    allowSeparateTransferHost: bool(n.separateHost, false),
    timeoutMs: Math.max(1, num(n.timeout, 30)) * 1000,
    encoding: normalizeEncoding(n.encoding || 'utf-8'),
    reconnectMinMs: 1000,
    reconnectMaxMs: 60000,
  };
}

function serverFolders(n: ServerDef): Folders {
  const out = checkFolder(n.outFolder ?? 'out', 'out-folder');
  return {
    out,
    in: checkFolder(n.inFolder ?? 'in', 'in-folder'),
    processing: resolveFolder(out, n.processingFolder || 'processing'),
    archive: resolveFolder(out, n.archiveFolder || 'archive'),
    error: resolveFolder(out, n.errorFolder || 'error'),
  };
}

/** A copy of a msg that can be written as JSON (for the outbox): no payload, no req/res. */
function persistable(msg: NodeMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(msg)) {
    if (k === 'payload' || k === 'req' || k === 'res') continue;
    try {
      const j = JSON.stringify(v);
      if (j !== undefined && j.length <= 64 * 1024) out[k] = JSON.parse(j);
    } catch {
      // not serialisable (a socket, a circular object): it cannot survive a restart anyway
    }
  }
  return out;
}

export = function register(RED: NodeAPI): void {
  const t = (key: string, subs?: Record<string, unknown>): string => RED._(`pyramid-ftp.${key}`, subs);

  function userDir(): string {
    return RED.settings.userDir || path.join(os.homedir(), '.node-red');
  }
  function dataDir(...parts: string[]): string {
    return path.join(userDir(), 'pyramid-ftp', ...parts);
  }
  function safeId(id: string): string {
    return id.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  /**
   * This runtime's identity in claim and temporary names. Kept in the user directory, so a
   * restarted Node-RED recognises its own claims at once, and two instances (two user
   * directories, or two hosts, see runtimeId) never take each other's claims for their own.
   */
  const instanceIds = new Map<string, string>();
  function instanceId(): string {
    const dir = userDir();
    const known = instanceIds.get(dir);
    if (known) return known;
    const file = dataDir('instance-id');
    let id: string | undefined;
    try {
      id = fs.readFileSync(file, 'utf8').trim();
    } catch {
      id = undefined;
    }
    if (!id || !/^[a-f0-9]{8}$/.test(id)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fresh = randomBytes(4).toString('hex');
      try {
        fs.writeFileSync(file, fresh + '\n', { flag: 'wx' });
        id = fresh;
      } catch {
        id = fs.readFileSync(file, 'utf8').trim();
      }
    }
    instanceIds.set(dir, id);
    return id;
  }
  /**
   * The runtime's identity: the user directory's id plus the host name, so that two containers
   * started from one image, or sharing one mounted user directory, are still two owners.
   */
  function runtimeId(): string {
    return instanceId() + createHash('sha1').update(os.hostname()).digest('hex').slice(0, 4);
  }
  function ownerFor(nodeId: string): string {
    return runtimeId() + createHash('sha1').update(nodeId).digest('hex').slice(0, 6);
  }

  const STATUS: Record<ConnectionState, NodeStatus> = {
    idle: { fill: 'grey', shape: 'ring', text: 'pyramid-ftp.status.idle' },
    connecting: { fill: 'yellow', shape: 'ring', text: 'pyramid-ftp.status.connecting' },
    connected: { fill: 'green', shape: 'dot', text: 'pyramid-ftp.status.connected' },
    disconnected: { fill: 'red', shape: 'ring', text: 'pyramid-ftp.status.disconnected' },
    closed: { fill: 'grey', shape: 'ring', text: 'pyramid-ftp.status.closed' },
  };
  function connectionStatus(state: ConnectionState): NodeStatus {
    const s = STATUS[state];
    return { ...s, text: RED._(s.text as string) };
  }

  // ---- pyramid-ftp-server -----------------------------------------------------------------------

  function PyramidFtpServerNode(this: ServerNode, n: ServerDef): void {
    RED.nodes.createNode(this, n);
    setupServer(this, n);
  }

  function setupServer(node: ServerNode, n: ServerDef): void {
    const creds = node.credentials ?? {};
    node.password = creds.password;
    const users = new Map<string, RedNode>();
    node.waiting = new Map();
    let options: FtpServerOptions;
    try {
      options = serverOptions(n, creds);
      node.folders = serverFolders(n);
    } catch (err) {
      node.error(t('errors.config', { error: scrub(message(err), [creds.password]) }));
      options = { ...serverOptions({ ...n, encoding: 'utf-8' }, creds), host: '' };
      node.folders = serverFolders({ id: n.id });
    }
    node.encoding = options.encoding ?? 'utf-8';
    const clean = (text: string): string => scrub(text, [creds.password]);
    node.conn = new FtpConnection(options, {
      log: (level, text) => (level === 'warn' ? node.warn(clean(text)) : level === 'info' ? node.log(clean(text)) : node.debug(clean(text))),
    });
    const outbox = new Outbox(dataDir('outbox', safeId(node.id)), {
      retryMinMs: Math.max(0.1, num(n.retryMin, 5)) * 1000,
      retryMaxMs: Math.max(1, num(n.retryMax, 300)) * 1000,
    });
    // uploads run over up to `uploadConnections` connections (the shared one and extra ones opened while files queue up)
    // an upload whose name is already in the folder, or in a folder where Pyramid keeps what it has
    // taken, is a duplicate (a resend after a crash or by another instance never makes a second file)
    let takenFolders: string[];
    try {
      takenFolders = parseTakenFolders(n.takenFolders);
    } catch (err) {
      node.error(t('errors.config', { error: message(err) }));
      takenFolders = parseTakenFolders(undefined);
    }
    node.uploader = new FtpUploader(node.conn, outbox, {
      owner: runtimeId(),
      log: (_l, text) => node.log(clean(text)),
      connections: num(n.uploadConnections, 3),
      takenFolders,
      lock: bool(n.lockUploads, false),
    });

    let foldersChecked = false;
    node.conn.on('state', (state, detail) => {
      for (const u of users.values()) u.status(connectionStatus(state));
      if (state === 'disconnected' && detail) node.debug(clean(detail));
      if (state !== 'connected') return;
      if (!foldersChecked) {
        foldersChecked = true;
        const f = node.folders;
        // "Created when missing": once per deploy, right after the first login.
        node.conn
          .run('create folders', async (s) => {
            for (const folder of [f.out, f.in, f.processing, f.archive, f.error]) {
              try {
                await s.ensureDir(folder);
              } catch (err) {
                if ((err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
                node.warn(clean(t('errors.folder', { folder, error: message(err) })));
              }
            }
          })
          .catch(() => {
            foldersChecked = false;
          });
      }
      if (node.uploader.outbox.size > 0) node.uploader.retryNow();
    });

    node.uploader.on('delivered', (entry, result) => deliver(entry, result));
    node.uploader.on('failed', (entry, err) => deliver(entry, undefined, err));
    node.uploader.on('queue', (size) => {
      for (const u of users.values()) {
        if (u.type === 'pyramid-ftp-out' && size > 0) u.status({ fill: 'yellow', shape: 'ring', text: t('status.outbox', { count: size }) });
      }
    });
    node.uploader.start().catch((err: unknown) => node.error(clean(message(err))));

    /** A retried upload finished: the ftp-out node that accepted it sends the msg (or the error). */
    // Retries start as soon as the outbox is loaded, which can be before the ftp-out node that
    // accepted the file has been created in this start of the flows: its outcome waits here for
    // the node to register (a test that lost the msg this way under load found it), at most a minute.
    const early = new Map<string, Array<() => void>>();
    let serverClosed = false;
    function deliver(entry: OutboxEntry, result: UploadResult | undefined, err?: FtpError): void {
      const meta = (entry.meta ?? {}) as { nodeId?: string };
      const user = meta.nodeId ? users.get(meta.nodeId) : undefined;
      if (!user && meta.nodeId && !serverClosed && early.size < 10_000) {
        const id = meta.nodeId;
        const list = early.get(id) ?? [];
        if (!list.length) {
          early.set(id, list);
          setTimeout(() => {
            const left = early.get(id);
            early.delete(id);
            for (const f of left ?? []) f();
          }, 60_000).unref();
        }
        list.push(() => deliverNow(entry, result, err));
        return;
      }
      deliverNow(entry, result, err);
    }
    function deliverNow(entry: OutboxEntry, result: UploadResult | undefined, err?: FtpError): void {
      const meta = (entry.meta ?? {}) as { nodeId?: string };
      const user = meta.nodeId ? users.get(meta.nodeId) : undefined;
      if (user && user.type === 'pyramid-ftp-out') {
        (user as OutNode).deliverFromOutbox(entry, result, err);
      } else if (err) {
        node.error(clean(err.message));
        node.waiting.delete(entry.id);
      } else {
        node.log(t('log.delivered', { file: entry.filename }));
        node.waiting.delete(entry.id);
      }
    }

    node.register = (user: RedNode): void => {
      users.set(user.id, user);
      user.status(connectionStatus(node.conn.state));
      if (users.size === 1) node.conn.keepConnected(true);
      const held = early.get(user.id);
      if (held) {
        early.delete(user.id);
        for (const f of held) f();
      }
    };
    node.deregister = (user: RedNode, done: () => void): void => {
      users.delete(user.id);
      if (users.size === 0) node.conn.keepConnected(false);
      done();
    };

    node.on('close', (_removed: boolean, done: () => void) => {
      serverClosed = true;
      for (const held of early.values()) for (const f of held) f();
      early.clear();
      node.uploader.close();
      node.conn.close(2000).then(
        () => done(),
        () => done(),
      );
    });
  }
  RED.nodes.registerType('pyramid-ftp-server', PyramidFtpServerNode, {
    credentials: { user: { type: 'text' }, password: { type: 'password' } },
  });

  /** Test connection from the editor: settings from the dialog, password from it or from the deployed node. */
  RED.httpAdmin.post('/pyramid-ftp-server/test', RED.auth.needsPermission('pyramid-ftp-server.write'), (req, res) => {
    const body = (req.body ?? {}) as unknown as ServerDef & { user?: string; password?: string };
    let password = typeof body.password === 'string' ? body.password : undefined;
    let user = typeof body.user === 'string' ? body.user : undefined;
    if (body.id && typeof body.id === 'string' && (!password || password === '__PWRD__')) {
      // The stored password only goes to the server it was saved for: a dialog whose host or
      // port was changed must have the password typed again.
      const deployed = RED.nodes.getNode(body.id) as ServerNode | null;
      const stored = RED.nodes.getCredentials(body.id);
      const o = deployed?.conn?.options;
      if (o && stored && o.host === String(body.host ?? '').trim() && o.port === num(body.port, body.secure === 'implicit' ? 990 : 21)) {
        password = stored.password;
        if (!user) user = stored.user;
      }
    }
    if (password === '__PWRD__') password = undefined;
    let options: FtpServerOptions;
    let folders: Folders;
    try {
      options = { ...serverOptions(body, { user, password }), timeoutMs: Math.min(15000, Math.max(1000, num(body.timeout, 10) * 1000)) };
      folders = serverFolders(body);
    } catch (err) {
      res.status(400).json({ ok: false, message: scrub(message(err), [password]) });
      return;
    }
    testConnection(options, { ...folders }).then(
      (report) => res.json(report),
      (err: unknown) => res.json({ ok: false, message: scrub(message(err), [password]) }),
    );
  });

  // ---- pyramid-ftp-in ---------------------------------------------------------------------------

  function PyramidFtpInNode(this: RedNode, n: InDef): void {
    RED.nodes.createNode(this, n);
    setupIn(this, n);
  }

  function setupIn(node: RedNode, n: InDef): void {
    const server = RED.nodes.getNode(n.server) as ServerNode | null;
    if (!server || !server.conn) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.noServer') });
      node.on('input', (_msg, _send, done) => done(new Error(t('errors.noServer'))));
      return;
    }
    const clean = (text: string): string => scrub(text, [server.password]);
    const intervalMs = num(n.interval, 10) > 0 ? Math.max(0.2, num(n.interval, 10)) * 1000 : 0;
    const ack = oneOf(n.ack, ['auto', 'manual'] as const, 'auto');
    const owner = ownerFor(node.id);
    let poller: FtpPoller;
    // Its own second connection (opened on the first file, closed with the node): downloads on
    // the shared one overlap with checking and archiving the file before on this one.
    const transferConn = num(n.connections, 2) >= 2 ? new FtpConnection(server.conn.options, { log: (level, text) => (level === 'warn' ? node.warn(clean(text)) : node.debug(clean(text))) }) : undefined;
    try {
      poller = new FtpPoller(server.conn, {
        folder: n.folder ? checkFolder(n.folder) : server.folders.out,
        processing: server.folders.processing,
        archive: server.folders.archive,
        error: server.folders.error,
        pattern: n.pattern || '*',
        stable: oneOf(n.stable, ['look', 'marker'] as const, 'look'),
        settleMs: Math.max(0, num(n.settle, DEFAULT_SETTLE_MS / 1000)) * 1000,
        markerSuffix: n.marker || '.done',
        maxPerCycle: Math.max(1, Math.floor(num(n.maxPerCycle, 50))),
        ack,
        leaseMs: Math.max(1, num(n.lease, 600)) * 1000,
        maxHoldMs: Math.max(0, num(n.renewMax, 24 * 60)) * 60 * 1000,
        spoolThreshold: Math.max(0, num(n.spoolMb, 16)) * 1024 * 1024,
        spoolDir: dataDir('spool', safeId(node.id)),
        owner,
        maxDeliveries: Math.max(1, Math.floor(num(n.maxDeliveries, 5))),
        transferConn,
        log: (level, text) => (level === 'warn' ? node.warn(clean(text)) : node.debug(clean(text))),
      });
    } catch (err) {
      void transferConn?.close(0);
      node.status({ fill: 'red', shape: 'ring', text: t('status.error') });
      node.error(clean(message(err)));
      return;
    }
    server.register(node);
    poller.sweepSpool().catch(() => undefined);

    let timer: NodeJS.Timeout | undefined;
    let renewTimer: NodeJS.Timeout | undefined;
    let closing = false;
    let lastProblem = '';

    /**
     * Keep the leases of the files this node has emitted and not yet seen acknowledged (a slow
     * flow, a big file): renewed well before they run out, also between polls. Only while this
     * runtime lives: a runtime that died renews nothing and its files come back after the lease.
     */
    function armRenewal(): void {
      if (closing) return;
      if (renewTimer) clearTimeout(renewTimer);
      const due = poller.nextRenewalInMs();
      const lease = poller.options.leaseMs;
      // Nothing due: look again later (new claims come with polls). Due: at once, but never busier than lease/8.
      const delay = due === undefined ? Math.min(lease / 4, 60000) : Math.max(Math.min(1000, lease / 8), due);
      renewTimer = setTimeout(() => {
        renewTimer = undefined;
        poller
          .renewLeases()
          .catch((err: unknown) => {
            node.debug(clean(message(err)));
            return 0;
          })
          .finally(armRenewal);
      }, delay);
    }

    function emit(file: PolledFile): void {
      const msg: NodeMessage = {
        _msgid: RED.util.generateId(),
        topic: file.filename,
        filename: file.filename,
        size: file.size,
        mtime: file.mtime ? file.mtime.toISOString() : undefined,
        payload: file.payload,
        pyramid: {
          type: file.type,
          claim: file.claim,
          folder: file.folder,
          server: server?.id,
          ack,
          leaseUntil: new Date(file.leaseUntil).toISOString(),
          redelivered: file.redelivered,
          deliveries: file.deliveries,
          encoding: server?.encoding,
        },
      };
      if (file.filepath) msg.filepath = file.filepath;
      node.send(msg);
    }

    function report(r: CycleResult): void {
      for (const p of r.problems) {
        if (p.transient) {
          if (p.message !== lastProblem) node.warn(clean(p.message));
          lastProblem = p.message;
        } else {
          node.error(clean(p.message), { payload: undefined, error: { message: clean(p.message) }, topic: 'pyramid-ftp-in' });
        }
      }
      if (r.emitted > 0) {
        lastProblem = '';
        node.status({ fill: 'green', shape: 'dot', text: t('status.emitted', { count: r.emitted }) });
      }
      for (const q of r.quarantined) {
        // Poison: said once in the log, shown in the status, and to Catch nodes as an error msg.
        const text = clean(`${q.filename} moved to ${q.movedTo} and never delivered again: ${q.reason}`);
        node.warn(text);
        node.status({ fill: 'yellow', shape: 'ring', text: t('status.poison', { file: q.filename, count: q.deliveries }) });
        node.error(text, {
          payload: undefined,
          topic: q.filename,
          filename: q.filename,
          error: { message: text, code: 'FTP_POISON' },
          pyramid: { deliveries: q.deliveries, quarantined: q.movedTo, reasonFile: q.reasonFile, lastOwner: q.lastOwner, leaseUntil: new Date(q.leaseUntil).toISOString(), server: server?.id },
        });
      }
    }

    /** One poll. Errors go to `done` when a msg asked for the poll, else to the log (once). */
    async function cycle(done?: DoneFn): Promise<CycleResult | undefined> {
      try {
        const r = await poller.cycle(emit);
        report(r);
        return r;
      } catch (err) {
        if (closing) return undefined; // the connection was closed under a running poll: redeploy
        const text = clean(message(err));
        if (done) {
          done(new Error(text));
        } else if (!(err instanceof FtpError) || !err.transient) {
          node.error(text);
        } else if (text !== lastProblem) {
          node.warn(text);
        }
        lastProblem = text;
        if (!(err instanceof FtpError && err.code === 'FTP_CLOSED')) node.status({ fill: 'red', shape: 'ring', text: t('status.error') });
        return undefined;
      }
    }

    /** Re-arm after each cycle (never an interval timer: a slow server must not stack cycles). */
    function arm(delay: number | undefined): void {
      if (closing || delay === undefined) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void cycle().then((r) => arm(nextDelay(r)));
      }, delay);
    }

    function nextDelay(r: CycleResult | undefined): number | undefined {
      if (!r) return intervalMs > 0 ? intervalMs : undefined;
      if (r.more) return 0;
      const candidates = [intervalMs > 0 ? intervalMs : Infinity, r.nextInMs ?? Infinity];
      const d = Math.min(...candidates);
      return Number.isFinite(d) ? d : undefined;
    }

    node.on('input', (_msg, _send, done) => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      let finished = false;
      const once: DoneFn = (err) => {
        if (!finished) {
          finished = true;
          done(err);
        }
      };
      cycle(once).then(
        (r) => {
          arm(nextDelay(r));
          once();
        },
        (err: unknown) => once(err instanceof Error ? err : new Error(String(err))),
      );
    });

    if (intervalMs > 0) arm(0);
    armRenewal();

    node.on('close', (removed: boolean, done: () => void) => {
      closing = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (renewTimer) clearTimeout(renewTimer);
      renewTimer = undefined;
      poller.close();
      // A deleted node's claims are nobody's now: after their lease another poller takes them.
      if (removed) heldClaims(owner).clear();
      // An archive in flight on the second connection gets a moment to land.
      const closed = transferConn ? transferConn.close(2000) : Promise.resolve();
      closed.then(
        () => server.deregister(node, done),
        () => server.deregister(node, done),
      );
    });
  }
  RED.nodes.registerType('pyramid-ftp-in', PyramidFtpInNode);

  // ---- pyramid-ftp-out --------------------------------------------------------------------------

  function PyramidFtpOutNode(this: OutNode, n: OutDef): void {
    RED.nodes.createNode(this, n);
    setupOut(this, n);
  }

  function setupOut(node: OutNode, n: OutDef): void {
    const server = RED.nodes.getNode(n.server) as ServerNode | null;
    if (!server || !server.conn) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.noServer') });
      node.on('input', (_msg, _send, done) => done(new Error(t('errors.noServer'))));
      return;
    }
    const srv: ServerNode = server;
    const clean = (text: string): string => scrub(text, [srv.password]);
    const configured = oneOf(n.action, ['msg', 'upload', 'ack', 'reject', 'release', 'delete', 'list'] as const, 'msg');
    const overwrite = bool(n.overwrite, false);
    let folderProp: ReturnType<typeof typedProperty>;
    let nameProp: ReturnType<typeof typedProperty>;
    try {
      folderProp = typedProperty(n as unknown as Record<string, unknown>, 'folder');
      nameProp = typedProperty(n as unknown as Record<string, unknown>, 'filename');
    } catch (err) {
      const e = new FtpError(message(err), 'FTP_BAD_CONFIG');
      node.status({ fill: 'red', shape: 'ring', text: t('status.failed') });
      node.on('input', (_msg, _send, done) => done(e));
      return;
    }
    const template = nameProp.type === 'str' ? nameProp.value.trim() : '';

    /** The folder for this msg: the node's (a fixed text or a msg/flow/global/env value), else the server's in-folder. */
    function fixedFolder(): string {
      return folderProp.value ? checkFolder(folderProp.value, 'folder') : srv.folders.in;
    }
    async function typedFolder(msg: NodeMessage): Promise<string> {
      const v = await evaluateText(RED.util, folderProp, node, msg);
      return v ? checkFolder(v, describeProperty(folderProp)) : srv.folders.in;
    }
    // a fixed value is resolved at once, as before types existed (no extra turn of the event loop)
    const folder = (msg: NodeMessage): string | Promise<string> => (folderProp.type === 'str' ? fixedFolder() : typedFolder(msg));

    /** The upload's file name: the template, a msg/flow/global/env value, or msg.filename. */
    function fixedName(msg: NodeMessage): string {
      return template
        ? renderNameTemplate(template, (p) => RED.util.getMessageProperty(msg, p))
        : checkFileName(msg.filename, 'msg.filename');
    }
    async function typedName(msg: NodeMessage): Promise<string> {
      const v = await evaluateText(RED.util, nameProp, node, msg);
      return checkFileName(v ?? '', describeProperty(nameProp));
    }
    const fileName = (msg: NodeMessage): string | Promise<string> => (nameProp.type === 'str' ? fixedName(msg) : typedName(msg));

    function uploaded(msg: NodeMessage, result: UploadResult): NodeMessage {
      msg.filename = result.filename;
      const prev = msg.pyramid && typeof msg.pyramid === 'object' ? (msg.pyramid as Record<string, unknown>) : {};
      msg.pyramid = { ...prev, upload: { ...result } };
      node.status(
        result.duplicate
          ? { fill: 'yellow', shape: 'dot', text: t('status.duplicate') }
          : { fill: 'green', shape: 'dot', text: t('status.uploaded') },
      );
      if (result.duplicate) node.warn(t('log.duplicate', { file: result.path }));
      return msg;
    }

    node.deliverFromOutbox = (entry, result, err) => {
      const kept = server.waiting.get(entry.id);
      server.waiting.delete(entry.id);
      const meta = (entry.meta ?? {}) as { msg?: NodeMessage };
      const msg: NodeMessage = kept?.msg ?? { ...(meta.msg ?? {}), _msgid: RED.util.generateId() };
      if (err || !result) {
        node.status({ fill: 'red', shape: 'ring', text: t('status.failed') });
        node.error(clean(t('errors.uploadFailed', { file: entry.filename, error: err ? err.message : '?' })), msg);
        return;
      }
      node.send(uploaded(msg, result));
      if (server.uploader.outbox.size > 0) {
        node.status({ fill: 'yellow', shape: 'ring', text: t('status.outbox', { count: server.uploader.outbox.size }) });
      }
    };

    function payloadData(msg: NodeMessage): Buffer | { path: string } {
      const p = msg.payload;
      if (Buffer.isBuffer(p)) return p;
      if (typeof p === 'string') return encode(p, srv.encoding, 'error');
      if (p === undefined && typeof msg.filepath === 'string') return { path: msg.filepath };
      throw new FtpError(t('errors.payload', { type: p === null ? 'null' : typeof p }), 'FTP_BAD_CONFIG');
    }

    function claimOf(msg: NodeMessage): string {
      const py = msg.pyramid as { claim?: unknown } | undefined;
      const claim = py && typeof py === 'object' ? py.claim : undefined;
      if (typeof claim !== 'string' || claim === '') throw new FtpError(t('errors.noClaim'), 'FTP_BAD_NAME');
      return claim;
    }

    async function handle(msg: NodeMessage, send: SendFn): Promise<void> {
      const action = configured === 'msg' ? (typeof msg.action === 'string' && msg.action !== '' ? msg.action : 'upload') : configured;
      const f = srv.folders;
      switch (action) {
        case 'upload': {
          const named = fileName(msg);
          const filename = typeof named === 'string' ? named : await named;
          const data = payloadData(msg);
          const where = folder(msg);
          const outcome = await srv.uploader.send({
            folder: typeof where === 'string' ? where : await where,
            filename,
            overwrite,
            data,
            meta: { nodeId: node.id, msg: persistable(msg) },
          });
          if (outcome.state === 'done') {
            send(uploaded(msg, outcome.result));
          } else {
            // Safe on disk; the msg goes out once the retry has put the file on the server.
            srv.waiting.set(outcome.entry.id, { nodeId: node.id, msg });
            node.status({ fill: 'yellow', shape: 'ring', text: t('status.outbox', { count: srv.uploader.outbox.size }) });
            node.warn(clean(t('log.queued', { file: filename, error: outcome.error.message })));
          }
          return;
        }
        case 'ack': {
          const claim = claimOf(msg);
          const r = await srv.conn.run(`ack ${claim}`, (s) => ackClaim(s, f, claim));
          await forgetClaim(claim);
          msg.pyramid = { ...(msg.pyramid as object), acked: r.archivedAs };
          node.status({ fill: 'green', shape: 'dot', text: t('status.acked') });
          send(msg);
          return;
        }
        case 'reject': {
          const claim = claimOf(msg);
          const reason = reasonText(msg.reason ?? msg.error);
          const r = await srv.conn.run(`reject ${claim}`, (s) => rejectClaim(s, f, claim, reason));
          await forgetClaim(claim);
          msg.pyramid = { ...(msg.pyramid as object), rejected: r.movedTo, reasonFile: r.reasonFile };
          node.status({ fill: 'yellow', shape: 'dot', text: t('status.rejected') });
          send(msg);
          return;
        }
        case 'release': {
          // Not done with it, not failed for good (e.g. the shop is down): stop renewing its
          // lease, so the file is delivered again when the lease ends.
          const claim = claimOf(msg);
          const current = releaseClaim(claim);
          if (!current) throw new FtpError(t('errors.notHeld', { claim }), 'FTP_CLAIM_LOST');
          msg.pyramid = { ...(msg.pyramid as object), released: current };
          node.status({ fill: 'yellow', shape: 'ring', text: t('status.released') });
          send(msg);
          return;
        }
        case 'delete': {
          const name = checkFileName(msg.filename, 'msg.filename');
          const where = folder(msg);
          const dir = typeof where === 'string' ? where : await where;
          await srv.conn.run(`delete ${name}`, (s) => s.remove(joinPath(s.abs(dir), name)));
          node.status({ fill: 'green', shape: 'dot', text: t('status.deleted') });
          send(msg);
          return;
        }
        case 'list': {
          const where = folder(msg);
          const dir = typeof where === 'string' ? where : await where;
          const entries = await srv.conn.run(`list ${dir}`, (s) => s.list(dir));
          msg.payload = entries
            .filter((e) => e.type === 'file')
            .map((e) => ({ name: e.name, size: e.size, mtime: e.mtime ? e.mtime.toISOString() : undefined }))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          node.status({ fill: 'green', shape: 'dot', text: t('status.listed', { count: (msg.payload as unknown[]).length }) });
          send(msg);
          return;
        }
        default:
          throw new FtpError(t('errors.action', { action: String(action) }), 'FTP_BAD_CONFIG');
      }
    }

    server.register(node);

    node.on('input', (msg, send, done) => {
      handle(msg, send).then(
        () => done(),
        (err: unknown) => {
          node.status({ fill: 'red', shape: 'ring', text: t('status.failed') });
          done(new Error(clean(message(err))));
        },
      );
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      server.deregister(node, done);
    });
  }
  RED.nodes.registerType('pyramid-ftp-out', PyramidFtpOutNode);
};
