/**
 * Node-RED adapters for the FTP transport: pyramid-ftp-server (config: one lib/ftp FtpServer),
 * pyramid-ftp-in (an FtpInbox) and pyramid-ftp-out (upload, ack, reject, release, delete, list),
 * and the editor's Test connection endpoint. Everything that knows FTP lives in lib/ftp; this
 * file reads the config, calls lib, and sends, sets status and calls done.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as ftp from '../lib/ftp';
import { detectTypeFromFileName } from '../lib/messages';
import { normalizeEncoding } from '../lib/xml/encoding';
import { booleanProperty as bool, cachedTranslate, numberProperty as num, type Node, type NodeAPI, type NodeDef, type NodeMessage, type NodeStatus, type Send } from './red';
import { describeProperty, evaluateText, typedProperty, type TypedProperty } from './typed-property';

/** The config as saved in the flow (the help texts explain each field). */
type ServerDef = Partial<NodeDef> &
  Partial<Record<'host' | 'secure' | 'ca' | 'fingerprint' | 'servername' | 'transfer' | 'encoding' | 'takenFolders', string>> &
  Partial<Record<'outFolder' | 'inFolder' | 'processingFolder' | 'archiveFolder' | 'errorFolder', string>> &
  Partial<Record<'port' | 'timeout' | 'retryMin' | 'retryMax' | 'uploadConnections', string | number>> &
  Partial<Record<'verify' | 'separateHost' | 'lockUploads', boolean | string>>;
type InDef = NodeDef & { server: string } & Partial<Record<'folder' | 'pattern' | 'stable' | 'marker' | 'ack', string>> &
  Partial<Record<'interval' | 'settle' | 'maxPerCycle' | 'lease' | 'renewMax' | 'spoolMb' | 'maxDeliveries' | 'connections', string | number>>;
type OutDef = NodeDef & { server: string; action?: string; overwrite?: boolean | string } & Record<string, unknown>;
type Creds = { user?: string; password?: string };
/** A deployed pyramid-ftp-server: its FtpServer, and what the operations sidebar (nodes/pyramid-ops.ts) reads. */
type ServerNode = Node<Creds> & { server?: ftp.FtpServer } & Partial<Pick<ftp.FtpServer, 'conn' | 'uploader' | 'folders'>> & { password?: string };

/** A node constructor (Node-RED calls it with the node as `this`) from a setup function of the node. */
const construct = <N extends Node, D extends NodeDef>(setup: (node: N, def: D) => void) =>
  function (this: N, def: D): void {
    setup(this, def);
  };
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function serverOptions(n: ServerDef, creds: Creds): ftp.FtpServerOptions {
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
  };
}

export = function register(RED: NodeAPI): void {
  const t = cachedTranslate((key, subs) => RED._(`pyramid-ftp.${key}`, subs));
  const dataDir = (): string => path.join(RED.settings.userDir || path.join(os.homedir(), '.node-red'), 'pyramid-ftp');
  // the status of every user of a server (status.connected, ...), and after an action (status.acked, ...)
  const [ring, dot] = [{ shape: 'ring' }, { shape: 'dot' }] as const;
  const STATUS: Record<ftp.ConnectionState, NodeStatus> = { idle: { fill: 'grey', ...ring }, connecting: { fill: 'yellow', ...ring }, connected: { fill: 'green', ...dot }, disconnected: { fill: 'red', ...ring }, closed: { fill: 'grey', ...ring } };
  const DONE: Record<ftp.ActionDone, NodeStatus> = { acked: { fill: 'green', ...dot }, rejected: { fill: 'yellow', ...dot }, released: { fill: 'yellow', ...ring }, deleted: { fill: 'green', ...dot }, listed: { fill: 'green', ...dot } };
  const connectionStatus = (state: ftp.ConnectionState): NodeStatus => ({ ...STATUS[state], text: t(`status.${state}`) });
  const texts: ftp.ActionTexts = {
    payload: (type) => t('errors.payload', { type }),
    noClaim: () => t('errors.noClaim'),
    notHeld: (claim) => t('errors.notHeld', { claim }),
    unknownAction: (action) => t('errors.action', { action }),
  };
  /** The deployed server of an in/out node; without one the node fails every msg. */
  function serverOf(node: Node, id: string): ftp.FtpServer | undefined {
    const server = (RED.nodes.getNode(id) as ServerNode | null)?.server;
    if (server) return server;
    node.status({ fill: 'red', shape: 'ring', text: t('status.noServer') });
    node.on('input', (_msg, _send, done) => done(new Error(t('errors.noServer'))));
    return undefined;
  }

  // ---- pyramid-ftp-server -----------------------------------------------------------------------

  function serverNode(node: ServerNode, n: ServerDef & NodeDef): void {
    RED.nodes.createNode(node, n);
    const creds = node.credentials ?? {};
    /** A setting that cannot work is said once, and replaced (a bad host or folder: no server at all). */
    const settled = <T>(read: () => T, fallback: () => T): T => {
      try {
        return read();
      } catch (err) {
        node.error(t('errors.config', { error: ftp.scrub(message(err), [creds.password]) }));
        return fallback();
      }
    };
    const [options, folders] = settled(
      () => [serverOptions(n, creds), ftp.serverFolders(n)] as const,
      () => [{ ...serverOptions({ ...n, encoding: 'utf-8' }, creds), host: '' }, ftp.serverFolders({})] as const,
    );
    const takenFolders = settled(() => ftp.parseTakenFolders(n.takenFolders), () => ftp.parseTakenFolders(undefined));
    const server = new ftp.FtpServer(
      { id: node.id, options, folders, dataDir: dataDir(), retryMinMs: Math.max(0.1, num(n.retryMin, 5)) * 1000, retryMaxMs: Math.max(1, num(n.retryMax, 300)) * 1000, uploadConnections: num(n.uploadConnections, 3), takenFolders, lockUploads: bool(n.lockUploads, false) },
      {
        log: (level, text) => (level === 'warn' ? node.warn(text) : level === 'info' ? node.log(text) : node.debug(text)),
        folderProblem: (folder, error) => node.warn(server.clean(t('errors.folder', { folder, error }))),
        unclaimed: (d) => (d.error ? node.error(server.clean(d.error.message)) : node.log(t('log.delivered', { file: d.entry.filename }))),
        outboxProblem: (text) => node.error(text),
      },
    );
    Object.assign(node, { server, conn: server.conn, uploader: server.uploader, folders: server.folders, password: creds.password });
    node.on('close', (_removed: boolean, done: () => void) => void server.close().then(done, done));
  }
  RED.nodes.registerType<ServerNode, ServerDef & NodeDef, unknown, Creds>('pyramid-ftp-server', construct(serverNode), {
    credentials: { user: { type: 'text' }, password: { type: 'password' } },
  });

  /** Test connection from the editor: settings from the dialog, password from it or from the deployed node. */
  RED.httpAdmin.post('/pyramid-ftp-server/test', RED.auth.needsPermission('pyramid-ftp-server.write'), (req, res) => {
    const body = (req.body ?? {}) as ServerDef & Creds;
    const id = typeof body.id === 'string' ? body.id : '';
    const saved = id ? { options: (RED.nodes.getNode(id) as ServerNode | null)?.server?.conn.options, credentials: RED.nodes.getCredentials(id) as Creds | undefined } : undefined;
    const { user, password } = ftp.testCredentials(body, { host: String(body.host ?? '').trim(), port: num(body.port, body.secure === 'implicit' ? 990 : 21) }, saved);
    const refused = (err: unknown): unknown => ({ ok: false, message: ftp.scrub(message(err), [password]) });
    let test: Promise<ftp.ConnectionReport>;
    try {
      const timeoutMs = Math.min(15000, Math.max(1000, num(body.timeout, 10) * 1000));
      test = ftp.testConnection({ ...serverOptions(body, { user, password }), timeoutMs }, { ...ftp.serverFolders(body) });
    } catch (err) {
      return void res.status(400).json(refused(err));
    }
    test.then((report) => res.json(report), (err: unknown) => res.json(refused(err)));
  });

  // ---- pyramid-ftp-in ---------------------------------------------------------------------------

  function inNode(node: Node, n: InDef): void {
    RED.nodes.createNode(node, n);
    const server = serverOf(node, n.server);
    if (!server) return;
    const ack = oneOf(n.ack, ['auto', 'manual'] as const, 'auto');
    let inbox: ftp.FtpInbox;
    try {
      inbox = new ftp.FtpInbox(
        server,
        {
          key: node.id,
          folder: n.folder,
          intervalMs: num(n.interval, 10) > 0 ? Math.max(0.2, num(n.interval, 10)) * 1000 : 0,
          connections: num(n.connections, 2),
          classify: detectTypeFromFileName,
          pattern: n.pattern || '*',
          markerSuffix: n.marker || '.done',
          stable: oneOf(n.stable, ['look', 'marker'] as const, 'look'),
          settleMs: Math.max(0, num(n.settle, ftp.DEFAULT_SETTLE_MS / 1000)) * 1000,
          maxPerCycle: Math.max(1, Math.floor(num(n.maxPerCycle, 50))),
          ack,
          leaseMs: Math.max(1, num(n.lease, 600)) * 1000,
          maxHoldMs: Math.max(0, num(n.renewMax, 24 * 60)) * 60 * 1000,
          spoolThreshold: Math.max(0, num(n.spoolMb, 16)) * 1024 * 1024,
          maxDeliveries: Math.max(1, Math.floor(num(n.maxDeliveries, 5))),
        },
        {
          file: (f) => node.send({ _msgid: RED.util.generateId(), ...ftp.polledMsg(f, { server: n.server, ack, encoding: server.encoding }) }),
          emitted: (count) => node.status({ fill: 'green', shape: 'dot', text: t('status.emitted', { count }) }),
          state: (state) => node.status(connectionStatus(state)),
          problem: (text) => node.error(text, { payload: undefined, error: { message: text }, topic: 'pyramid-ftp-in' }),
          error: (text) => node.error(text),
          failed: () => node.status({ fill: 'red', shape: 'ring', text: t('status.error') }),
          poison: (q, text) => {
            node.status({ fill: 'yellow', shape: 'ring', text: t('status.poison', { file: q.filename, count: q.deliveries }) });
            node.error(text, ftp.poisonMsg(q, text, n.server));
          },
          log: (level, text) => (level === 'warn' ? node.warn(text) : node.debug(text)),
        },
      );
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.error') });
      node.error(server.clean(message(err)));
      return;
    }
    inbox.start();
    node.on('input', (_msg, _send, done) => void inbox.poll().then(() => done(), done));
    node.on('close', (removed: boolean, done: () => void) => void inbox.close(removed).finally(done));
  }
  RED.nodes.registerType('pyramid-ftp-in', construct(inNode));

  // ---- pyramid-ftp-out --------------------------------------------------------------------------

  function outNode(node: Node, n: OutDef): void {
    RED.nodes.createNode(node, n);
    const server = serverOf(node, n.server);
    if (!server) return;
    const configured = oneOf(n.action, ['msg', ...ftp.FILE_ACTIONS] as const, 'msg');
    const overwrite = bool(n.overwrite, false);
    let props: [TypedProperty, TypedProperty];
    try {
      props = [typedProperty(n, 'folder'), typedProperty(n, 'filename')];
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.failed') });
      return void node.on('input', (_msg, _send, done) => done(new ftp.FtpError(message(err), 'FTP_BAD_CONFIG')));
    }
    const [folderProp, nameProp] = props;
    const template = nameProp.type === 'str' ? nameProp.value.trim() : '';
    // a fixed value is resolved at once, as before types existed (no extra turn of the event loop)
    const folder = (msg: NodeMessage): string | Promise<string> =>
      folderProp.type === 'str'
        ? folderProp.value ? ftp.checkFolder(folderProp.value, 'folder') : server.folders.in
        : evaluateText(RED.util, folderProp, node, msg).then((v) => (v ? ftp.checkFolder(v, describeProperty(folderProp)) : server.folders.in));
    /** The upload's file name: the template, a msg/flow/global/env value, or msg.filename. */
    const fileName = (msg: NodeMessage): string | Promise<string> =>
      nameProp.type !== 'str'
        ? evaluateText(RED.util, nameProp, node, msg).then((v) => ftp.checkFileName(v ?? '', describeProperty(nameProp)))
        : template ? ftp.renderNameTemplate(template, (p) => RED.util.getMessageProperty(msg, p)) : ftp.checkFileName(msg.filename, 'msg.filename');
    const status = (fill: NodeStatus['fill'], shape: NodeStatus['shape'], text: string): void => node.status({ fill, shape, text });
    const uploaded = (msg: NodeMessage, result: ftp.UploadResult): NodeMessage => {
      status(result.duplicate ? 'yellow' : 'green', 'dot', t(result.duplicate ? 'status.duplicate' : 'status.uploaded'));
      if (result.duplicate) node.warn(t('log.duplicate', { file: result.path }));
      return ftp.withUpload(msg, result);
    };

    const handle = async (msg: NodeMessage, send: Send): Promise<void> => {
      const action = ftp.actionOf(msg, configured);
      const r = await ftp.handleMsg(server, msg, { action, key: node.id, overwrite, folder: () => folder(msg), fileName: () => fileName(msg), texts });
      if (r.done === 'uploaded') return send(uploaded(msg, r.result));
      if (r.done === 'queued') {
        // Safe on disk; the msg goes out once the retry has put the file on the server.
        status('yellow', 'ring', t('status.outbox', { count: server.uploader.outbox.size }));
        return node.warn(server.clean(t('log.queued', { file: r.filename, error: r.error.message })));
      }
      node.status({ ...DONE[r.done], text: t(`status.${r.done}`, r.count === undefined ? undefined : { count: r.count }) });
      send(msg);
    };

    // the outbox count changes twice per upload: shown at most every 250 ms (the last change included)
    let queueTimer: NodeJS.Timeout | undefined;
    let queueShown = 0;
    const showQueue = (): void => {
      queueTimer = undefined;
      queueShown = Date.now();
      const size = server.uploader.outbox.size;
      if (size > 0) status('yellow', 'ring', t('status.outbox', { count: size }));
    };
    const detach = server.attach({
      key: node.id,
      state: (s) => node.status(connectionStatus(s)),
      queue: () => {
        if (queueTimer) return;
        const wait = queueShown + 250 - Date.now();
        if (wait <= 0) showQueue();
        else queueTimer = setTimeout(showQueue, wait);
      },
      deliver: (d) => {
        const msg: NodeMessage = d.msg ?? { ...d.stored, _msgid: RED.util.generateId() };
        if (d.error || !d.result) {
          status('red', 'ring', t('status.failed'));
          return node.error(server.clean(t('errors.uploadFailed', { file: d.entry.filename, error: d.error ? d.error.message : '?' })), msg);
        }
        node.send(uploaded(msg, d.result));
        if (server.uploader.outbox.size > 0) status('yellow', 'ring', t('status.outbox', { count: server.uploader.outbox.size }));
      },
    });
    const failed = (err: unknown): Error => (status('red', 'ring', t('status.failed')), new Error(server.clean(message(err))));
    node.on('input', (msg, send, done) => void handle(msg, send).then(() => done(), (err: unknown) => done(failed(err))));
    node.on('close', (_removed: boolean, done: () => void) => (clearTimeout(queueTimer), detach(), done()));
  }
  RED.nodes.registerType('pyramid-ftp-out', construct(outNode));
};
