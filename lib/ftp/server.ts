/**
 * One Pyramid FTP server as the nodes of a runtime share it: the connection and its queue, the
 * uploader and its outbox, the folders, this runtime's identity, the users (the connection stays
 * open while anyone uses it, and each hears of its state), and the delivery of an upload the
 * outbox finished later to the user that asked for it, by its key.
 */
import * as path from 'node:path';
import type { Encoding } from '../xml/encoding';
import type { FtpServerOptions } from './client';
import { FtpConnection, type ConnectionState, type LogFn } from './connection';
import { errorText, scrub, type FtpError } from './errors';
import { ownerFor, runtimeId, safeFileName } from './instance';
import { checkFolder, resolveFolder } from './names';
import { storableMsg, type Msg } from './msg';
import { Outbox, type OutboxEntry } from './outbox';
import type { UploadResult, UploadTarget } from './upload';
import { FtpUploader, type SendOutcome } from './uploader';

export interface ServerFolders {
  out: string;
  in: string;
  processing: string;
  archive: string;
  error: string;
}

/**
 * The folders from a server's settings: the out- and in-folder, and processing/, archive/ and
 * error/ inside the out-folder unless set otherwise. Throws FTP_BAD_NAME for an unsafe one.
 */
export function serverFolders(s: { outFolder?: string; inFolder?: string; processingFolder?: string; archiveFolder?: string; errorFolder?: string }): ServerFolders {
  const out = checkFolder(s.outFolder ?? 'out', 'out-folder');
  return {
    out,
    in: checkFolder(s.inFolder ?? 'in', 'in-folder'),
    processing: resolveFolder(out, s.processingFolder || 'processing'),
    archive: resolveFolder(out, s.archiveFolder || 'archive'),
    error: resolveFolder(out, s.errorFolder || 'error'),
  };
}

export interface FtpServerConfig {
  /** The config node's id: the name of its outbox folder. */
  id: string;
  options: FtpServerOptions;
  folders: ServerFolders;
  /** This package's folder in the user directory: instance id, outbox/, spool/. */
  dataDir: string;
  /** Outbox retry backoff, ms. */
  retryMinMs: number;
  retryMaxMs: number;
  /** Connections uploads may use at once (1: the shared one only). */
  uploadConnections: number;
  /** Where the receiver keeps files it has taken (the duplicate check, see uploadFile). */
  takenFolders: string[];
  /** Check and rename under a lock of the name (several runtimes upload to these folders). */
  lockUploads: boolean;
}

/** An upload the outbox finished after the call that asked for it had returned. */
export interface Delivery {
  entry: OutboxEntry;
  result?: UploadResult;
  error?: FtpError;
  /** The msg the upload came with, while this runtime still holds it. */
  msg?: Msg;
  /** The copy of that msg kept in the outbox (all there is after a restart). */
  stored: Msg;
}

/** A node using the server; `key` is its id, which uploads carry to find it again. */
export interface ServerUser {
  key: string;
  /** The connection's state: at once, and at every change. */
  state?(state: ConnectionState, detail: string | undefined): void;
  /** The number of files waiting in the outbox changed. */
  queue?(size: number): void;
  /** An upload this user asked for was finished by a retry (or failed for good). */
  deliver?(d: Delivery): void;
}

/** What the server tells its config node: texts already scrubbed of the password. */
export interface ServerHooks {
  log: LogFn;
  /** A folder could not be created after the first login. */
  folderProblem(folder: string, text: string): void;
  /** A retry finished an upload whose user is gone (or never came back after a restart). */
  unclaimed(d: Delivery): void;
  /** The outbox could not be read. */
  outboxProblem(text: string): void;
}

/** How long a retry's outcome waits for its user to be created in this start of the flows. */
const EARLY_WAIT_MS = 60_000;

export class FtpServer {
  readonly conn: FtpConnection;
  readonly uploader: FtpUploader;
  readonly folders: ServerFolders;
  /** The server's code page: of file names, and of text payloads that name none. */
  readonly encoding: Encoding;
  readonly dataDir: string;
  private readonly hooks: ServerHooks;
  private readonly users = new Map<string, ServerUser>();
  /** Msgs of uploads that went to the outbox, by outbox id, for their delivery. */
  private readonly waiting = new Map<string, { key: string; msg: Msg }>();
  /** Outcomes waiting for their user to be created (retries start as soon as the outbox is loaded). */
  private readonly early = new Map<string, Array<() => void>>();
  private foldersChecked = false;
  private closed = false;

  constructor(c: FtpServerConfig, hooks: ServerHooks) {
    this.hooks = hooks;
    this.folders = c.folders;
    this.dataDir = c.dataDir;
    this.encoding = c.options.encoding ?? 'utf-8';
    this.conn = new FtpConnection(c.options, { log: (level, text) => hooks.log(level, this.clean(text)) });
    const outbox = new Outbox(path.join(c.dataDir, 'outbox', safeFileName(c.id)), { retryMinMs: c.retryMinMs, retryMaxMs: c.retryMaxMs });
    this.uploader = new FtpUploader(this.conn, outbox, {
      owner: runtimeId(c.dataDir),
      log: (_l, text) => hooks.log('info', this.clean(text)),
      connections: c.uploadConnections,
      takenFolders: c.takenFolders,
      lock: c.lockUploads,
    });
    this.conn.on('state', (state, detail) => this.stateChanged(state, detail));
    this.uploader.on('delivered', (entry, result) => this.deliver(entry, result));
    this.uploader.on('failed', (entry, err) => this.deliver(entry, undefined, err));
    this.uploader.on('queue', (size) => {
      for (const u of this.users.values()) u.queue?.(size);
    });
    this.uploader.start().catch((err: unknown) => hooks.outboxProblem(this.clean(errorText(err))));
  }

  /** A text without the server's password. */
  clean(text: string): string {
    return scrub(text, [this.conn.options.password]);
  }

  /** The claim owner of a node of this runtime. */
  ownerFor(key: string): string {
    return ownerFor(this.dataDir, key);
  }

  /** Where a node of this runtime spools big files. */
  spoolDir(key: string): string {
    return path.join(this.dataDir, 'spool', safeFileName(key));
  }

  private stateChanged(state: ConnectionState, detail: string | undefined): void {
    for (const u of this.users.values()) u.state?.(state, detail);
    if (state === 'disconnected' && detail) this.hooks.log('debug', this.clean(detail));
    if (state !== 'connected') return;
    if (!this.foldersChecked) {
      this.foldersChecked = true;
      const f = this.folders;
      // "Created when missing": once per deploy, right after the first login.
      this.conn
        .run('create folders', async (s) => {
          for (const folder of [f.out, f.in, f.processing, f.archive, f.error]) {
            try {
              await s.ensureDir(folder);
            } catch (err) {
              if ((err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
              this.hooks.folderProblem(folder, this.clean(errorText(err)));
            }
          }
        })
        .catch(() => {
          this.foldersChecked = false;
        });
    }
    if (this.uploader.outbox.size > 0) this.uploader.retryNow();
  }

  /** Start using the server; returns the call that stops it. */
  attach(user: ServerUser): () => void {
    this.users.set(user.key, user);
    user.state?.(this.conn.state, this.conn.detail);
    if (this.users.size === 1) this.conn.keepConnected(true);
    const held = this.early.get(user.key);
    if (held) {
      this.early.delete(user.key);
      for (const f of held) f();
    }
    return () => {
      if (this.users.get(user.key) === user) this.users.delete(user.key);
      if (this.users.size === 0) this.conn.keepConnected(false);
    };
  }

  /**
   * Upload for the user `key`: in the outbox when this resolves, on the server when the state is
   * `done`. When it is `queued`, a retry finishes it and the user's `deliver` hears of it with
   * this msg (or, after a restart, with the copy the outbox kept).
   */
  async upload(req: UploadTarget & { data: Buffer | { path: string }; key: string; msg: Msg }): Promise<SendOutcome> {
    const { key, msg, ...target } = req;
    const outcome = await this.uploader.send({ ...target, meta: { nodeId: key, msg: storableMsg(msg) } });
    if (outcome.state === 'queued') this.waiting.set(outcome.entry.id, { key, msg });
    return outcome;
  }

  private deliver(entry: OutboxEntry, result: UploadResult | undefined, error?: FtpError): void {
    const key = ((entry.meta ?? {}) as { nodeId?: string }).nodeId;
    // Retries start as soon as the outbox is loaded, which can be before the node that accepted
    // the file has been created in this start of the flows: its outcome waits for the node (a
    // test that lost the msg this way under load found it), at most a minute.
    if (key && !this.users.has(key) && !this.closed && this.early.size < 10_000) {
      const list = this.early.get(key) ?? [];
      if (!list.length) {
        this.early.set(key, list);
        setTimeout(() => {
          const left = this.early.get(key);
          this.early.delete(key);
          for (const f of left ?? []) f();
        }, EARLY_WAIT_MS).unref();
      }
      list.push(() => this.deliverNow(entry, result, error));
      return;
    }
    this.deliverNow(entry, result, error);
  }

  private deliverNow(entry: OutboxEntry, result: UploadResult | undefined, error?: FtpError): void {
    const meta = (entry.meta ?? {}) as { nodeId?: string; msg?: Msg };
    const kept = this.waiting.get(entry.id);
    this.waiting.delete(entry.id);
    const d: Delivery = { entry, ...(result ? { result } : {}), ...(error ? { error } : {}), ...(kept ? { msg: kept.msg } : {}), stored: meta.msg ?? {} };
    const user = meta.nodeId ? this.users.get(meta.nodeId) : undefined;
    if (user?.deliver) user.deliver(d);
    else this.hooks.unclaimed(d);
  }

  /** Close for good: outcomes still waiting for their user are given up (logged), retries stop. */
  async close(): Promise<void> {
    this.closed = true;
    for (const held of this.early.values()) for (const f of held) f();
    this.early.clear();
    this.uploader.close();
    await this.conn.close(2000).catch(() => undefined);
  }
}
