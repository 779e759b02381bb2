/**
 * One FTP connection and one queue of operations per server.
 *
 * basic-ftp runs one command at a time on a client, and FTP servers limit connections per user, so
 * every node that uses a server shares this object: operations queue up and run one after the
 * other on a single logged-in client. The connection reconnects by itself (with backoff) after a
 * timeout or a dropped socket while anyone still needs it, and reports its state as events so the
 * config node can show it on every node that uses it.
 */
import { EventEmitter } from 'node:events';
import type { Client } from 'basic-ftp';
import { describeConnectError, openClient, type FtpServerOptions } from './client';
import { FtpError, classify, errorText } from './errors';
import { nameCodec, type NameCodec } from './names';
import { FtpSession } from './session';
import type { WireCaps } from './wire';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'closed';

export type LogFn = (level: 'debug' | 'info' | 'warn', text: string) => void;

interface Task {
  label: string;
  fn: (s: FtpSession) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface FtpConnectionEvents {
  state: [state: ConnectionState, detail: string | undefined];
}

export class FtpConnection extends EventEmitter<FtpConnectionEvents> {
  readonly options: Readonly<FtpServerOptions>;
  private readonly codec: NameCodec;
  private readonly log: LogFn;
  private client: Client | undefined;
  private home = '/';
  private ensured = new Set<string>();
  /** Survives reconnects: a server that cannot take RNFR and RNTO in one write is not asked again. */
  private readonly caps: WireCaps = { pipelineRename: true };
  private queue: Task[] = [];
  private running: Promise<void> | undefined;
  private lastUsed = 0;
  private failures = 0;
  private nextConnectAt = 0;
  private lastError: FtpError | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keep = false;
  private closedFlag = false;
  private stateValue: ConnectionState = 'idle';
  private stateDetail: string | undefined;

  constructor(options: FtpServerOptions, deps: { log?: LogFn } = {}) {
    super();
    this.options = { ...options };
    this.codec = nameCodec(options.encoding ?? 'utf-8');
    this.log = deps.log ?? (() => undefined);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get detail(): string | undefined {
    return this.stateDetail;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Where this connection points, for messages (never the password). */
  get label(): string {
    return `ftp://${this.options.user ? `${this.options.user}@` : ''}${this.options.host}:${this.options.port ?? 21}`;
  }

  private setState(s: ConnectionState, detail?: string): void {
    if (s === this.stateValue && detail === this.stateDetail) return;
    this.stateValue = s;
    this.stateDetail = detail;
    this.emit('state', s, detail);
  }

  /**
   * While true (someone uses this server), a dropped connection is re-established in the
   * background with backoff; while false the connection is opened on demand and closed when idle.
   */
  keepConnected(keep: boolean): void {
    this.keep = keep;
    if (keep) {
      if (!this.client || this.client.closed) this.scheduleReconnect(Math.max(0, this.nextConnectAt - Date.now()));
    } else {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      if (!this.running && this.queue.length === 0) this.dropClient('idle');
    }
  }

  /** Queue an operation; it runs alone on the logged-in client. */
  run<T>(label: string, fn: (s: FtpSession) => Promise<T>): Promise<T> {
    if (this.closedFlag) return Promise.reject(new FtpError(`${label}: the FTP connection is closed`, 'FTP_CLOSED', { transient: true }));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ label, fn, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Number of operations waiting (not counting the running one). */
  get pending(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const task = this.queue.shift() as Task;
    this.running = this.execute(task).finally(() => {
      this.running = undefined;
      setImmediate(() => this.pump());
    });
  }

  private async execute(task: Task): Promise<void> {
    let client: Client;
    try {
      client = await this.ensureClient();
    } catch (err) {
      task.reject(err);
      return;
    }
    const session = new FtpSession(client, this.codec, this.home, this.ensured, this.caps);
    try {
      task.resolve(await task.fn(session));
    } catch (err) {
      if (client.closed && this.client === client) {
        this.dropClient('lost', errorText(err));
        this.scheduleReconnect(this.options.reconnectMinMs ?? 1000);
      }
      task.reject(err instanceof FtpError ? err : classify(err, task.label, client.closed));
    } finally {
      session.invalidate();
      this.lastUsed = Date.now();
    }
  }

  private async ensureClient(): Promise<Client> {
    if (this.closedFlag) throw new FtpError('the FTP connection is closed', 'FTP_CLOSED', { transient: true });
    const c = this.client;
    if (c && !c.closed) {
      const idleCheck = this.options.idleCheckMs ?? 10000;
      if (Date.now() - this.lastUsed < idleCheck) return c;
      try {
        await c.send('NOOP');
        return c;
      } catch (err) {
        this.log('debug', `${this.label}: idle connection is gone (${errorText(err)}), reconnecting`);
        this.dropClient('stale');
      }
    } else if (c) {
      this.dropClient('lost');
    }
    if (this.failures > 0 && Date.now() < this.nextConnectAt && this.lastError) {
      // Do not hammer a server that just refused us: fail fast until the backoff has passed.
      this.scheduleReconnect(this.nextConnectAt - Date.now());
      throw this.lastError;
    }
    this.setState('connecting');
    try {
      const client = await openClient(this.options);
      if (this.closedFlag) {
        client.close();
        throw new FtpError('the FTP connection is closed', 'FTP_CLOSED', { transient: true });
      }
      this.home = this.codec.fromWire(await client.pwd());
      this.client = client;
      this.ensured = new Set();
      this.failures = 0;
      this.lastError = undefined;
      this.lastUsed = Date.now();
      // basic-ftp removes every socket listener when it closes the context, but a listener
      // registered for the event being emitted still runs: so listen to each way a socket ends.
      const dropped = (): void => {
        if (this.client === client && !this.closedFlag) {
          this.dropClient('lost', 'the server closed the connection');
          this.scheduleReconnect(this.options.reconnectMinMs ?? 1000);
        }
      };
      for (const ev of ['end', 'close', 'error'] as const) client.ftp.socket.once(ev, dropped);
      this.setState('connected');
      return client;
    } catch (err) {
      const e = err instanceof FtpError ? err : describeConnectError(err, this.options);
      this.failures++;
      const min = this.options.reconnectMinMs ?? 1000;
      const max = this.options.reconnectMaxMs ?? 60000;
      const delay = Math.min(max, min * 2 ** Math.min(this.failures - 1, 20));
      this.nextConnectAt = Date.now() + delay;
      this.lastError = e;
      if (!this.closedFlag) {
        this.setState('disconnected', e.message);
        this.log('warn', `${this.label}: ${e.message}; next attempt in ${Math.round(delay / 1000)} s`);
        this.scheduleReconnect(delay);
      }
      throw e;
    }
  }

  private dropClient(why: 'lost' | 'stale' | 'idle' | 'closed', detail?: string): void {
    const c = this.client;
    this.client = undefined;
    if (c) c.close();
    if (this.closedFlag) return;
    if (why === 'lost') this.setState('disconnected', detail);
    else if (why === 'idle') this.setState('idle');
  }

  /**
   * Someone asked to try now (a user's "Retry outbox now", the outbox after the server came back):
   * the next operation connects instead of failing fast until the reconnect backoff has passed.
   * Without this a retry asked for within the backoff failed at once with the last error, and the
   * upload waited for its own next attempt (an hour, with a long retry setting).
   */
  tryNow(): void {
    this.nextConnectAt = 0;
  }

  private scheduleReconnect(delay: number): void {
    if (!this.keep || this.closedFlag || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.client && !this.client.closed) return;
      // A no-op task: connecting happens in the queue, so it never races a running operation.
      this.run('reconnect', async () => undefined).catch(() => undefined);
    }, Math.max(0, delay));
  }

  /** Connect now (if not connected) and resolve when logged in; rejects with the reason otherwise. */
  async connect(): Promise<void> {
    await this.run('connect', async () => undefined);
  }

  /**
   * Close for good: queued operations are rejected, the running one gets `graceMs` to finish (an
   * ack in flight should land), then the socket is closed.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const queued = this.queue;
    this.queue = [];
    for (const t of queued) t.reject(new FtpError(`${t.label}: the FTP connection was closed`, 'FTP_CLOSED', { transient: true }));
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      if (timer) clearTimeout(timer);
    }
    const c = this.client;
    this.client = undefined;
    if (c) c.close();
    this.setState('closed');
    this.removeAllListeners();
  }
}
