/**
 * Flow control for a split file: at most N msgs of a sequence in flight, so a big file behind a slow
 * shop never floods the runtime's message queue (memory then grows with the file, which is what
 * streaming was for).
 *
 * A msg is "in flight" from the moment it is sent until every node it was delivered to, and every
 * node a msg carrying the same `msg.parts` entry was delivered to after it, has called done(): the
 * runtime's messaging hooks (postDeliver, onComplete) say when. A msg is released at once when it
 * reaches a node that holds msgs until their group is complete (join, batch, sort: they call done()
 * only then), when it reaches a node whose input handler takes no done() (the runtime then never
 * reports its completion), when it reaches no node at all, or after `timeoutMs` without a done()
 * (a node that forgets it): the file then goes on, and `onTimeout` says so.
 *
 * No node-red import: the runtime's hooks object is handed in.
 */
import { randomBytes } from 'node:crypto';

/** The part of Node-RED's hooks API used here (RED.hooks). */
export interface Hooks {
  add(hookId: string, cb: (event: HookEvent) => void): void;
  remove(hookId: string): void;
}

export interface HookEvent {
  msg?: unknown;
  /** `_expectedDoneCount`: the runtime's count of input handlers that take done() (0: it is never called). */
  destination?: { node?: { type?: string; _expectedDoneCount?: unknown } };
}

/** Node types that hold msgs until their group is complete: reaching one counts as consumed. */
export const HOLDING_NODES: ReadonlySet<string> = new Set(['join', 'batch', 'sort']);

interface Entry {
  deliveries: number;
  sentAt: number;
}

/** Which of our msgs a msg is: the key of its (possibly nested) `msg.parts` entry of our sequence. */
function keyOf(msg: unknown, ids: ReadonlySet<string>): string | undefined {
  let p = (msg as { parts?: unknown } | null)?.parts;
  for (let depth = 0; depth < 8 && p && typeof p === 'object'; depth++) {
    const { id, index } = p as { id?: unknown; index?: unknown; parts?: unknown };
    if (typeof id === 'string' && ids.has(id)) return `${id}:${String(index)}`;
    p = (p as { parts?: unknown }).parts;
  }
  return undefined;
}

let labels = 0;

export class InFlightWindow {
  private readonly entries = new Map<string, Entry>();
  /** Delivered msg objects of ours and how many of their deliveries are not done yet (a msg passed on is delivered again). */
  private readonly delivered = new WeakMap<object, { key: string; open: number }>();
  private readonly ids = new Set<string>();
  /** Sequences whose last msg has left: forgotten once none of theirs is in flight. */
  private readonly ended = new Set<string>();
  /** A hook label of its own (unique also when this module is loaded twice). */
  private readonly label = `pyramidWindow${++labels}${randomBytes(4).toString('hex')}`;
  private hooked = false;
  private wake: (() => void) | undefined;
  /** Most msgs seen in flight at once (for tests and the bench). */
  peak = 0;

  constructor(
    private readonly hooks: Hooks,
    readonly size: number,
    readonly timeoutMs: number,
    private readonly onTimeout: (key: string, ms: number) => void = () => undefined,
  ) {}

  /** Start tracking the msgs of a sequence (msg.parts.id). */
  open(sequenceId: string): void {
    this.ids.add(sequenceId);
    if (this.hooked) return;
    this.hooked = true;
    this.hooks.add(`postDeliver.${this.label}`, (e) => this.onDeliver(e));
    this.hooks.add(`onComplete.${this.label}`, (e) => this.onComplete(e));
  }

  /** The sequence's last msg has left: it is tracked until none of its msgs is in flight. */
  end(sequenceId: string): void {
    this.ended.add(sequenceId);
    this.forgetIfDone(sequenceId);
  }

  private forgetIfDone(sequenceId: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(`${sequenceId}:`)) return;
    this.close(sequenceId);
  }

  /** The sequence is abandoned: nothing of it is waited for any more. */
  close(sequenceId: string): void {
    this.ended.delete(sequenceId);
    this.ids.delete(sequenceId);
    for (const k of [...this.entries.keys()]) if (k.startsWith(`${sequenceId}:`)) this.entries.delete(k);
    if (!this.ids.size) this.unhook();
    this.notify();
  }

  /** Stop everything (the node closes): waiters wake up and see that they are stopped. */
  stop(): void {
    this.ids.clear();
    this.ended.clear();
    this.entries.clear();
    this.unhook();
    this.notify();
  }

  get inFlight(): number {
    return this.entries.size;
  }

  /**
   * Send `msg` (a msg of an open sequence) and track it. `send` delivers synchronously to the
   * runtime's router, which runs postDeliver for each destination before it returns.
   */
  send(msg: unknown, send: () => void): void {
    const key = keyOf(msg, this.ids);
    if (key === undefined) {
      send();
      return;
    }
    const entry: Entry = { deliveries: 0, sentAt: Date.now() };
    this.entries.set(key, entry);
    send();
    if (entry.deliveries === 0) this.release(key);
    else this.peak = Math.max(this.peak, this.entries.size);
  }

  /** Resolves when fewer than `size` msgs are in flight; `checkStop` throws to give up. */
  async ready(checkStop: () => void): Promise<void> {
    while (this.entries.size >= this.size) {
      checkStop();
      const oldest = this.entries.entries().next().value as [string, Entry];
      const left = oldest[1].sentAt + this.timeoutMs - Date.now();
      if (left <= 0) {
        this.release(oldest[0]);
        this.onTimeout(oldest[0], this.timeoutMs);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = undefined;
          resolve();
        }, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      });
    }
    checkStop();
  }

  private onDeliver(e: HookEvent): void {
    const msg = e.msg;
    if (!msg || typeof msg !== 'object' || !this.ids.size) return;
    const key = keyOf(msg, this.ids);
    if (key === undefined) return;
    const entry = this.entries.get(key);
    if (!entry) return;
    const node = e.destination?.node;
    if (node?.type !== undefined && HOLDING_NODES.has(node.type)) return;
    if (node?._expectedDoneCount === 0) return;
    const d = this.delivered.get(msg);
    if (d && d.key === key) d.open++;
    else this.delivered.set(msg, { key, open: 1 });
    entry.deliveries++;
  }

  private onComplete(e: HookEvent): void {
    const msg = e.msg;
    if (!msg || typeof msg !== 'object') return;
    const d = this.delivered.get(msg);
    if (!d || d.open <= 0) return;
    if (--d.open === 0) this.delivered.delete(msg);
    const entry = this.entries.get(d.key);
    if (!entry) return;
    if (--entry.deliveries <= 0) this.release(d.key);
  }

  private release(key: string): void {
    if (!this.entries.delete(key)) return;
    const id = key.slice(0, key.lastIndexOf(':'));
    if (this.ended.has(id)) this.forgetIfDone(id);
    this.notify();
  }

  private notify(): void {
    this.wake?.();
  }

  private unhook(): void {
    if (!this.hooked) return;
    this.hooked = false;
    this.hooks.remove(`*.${this.label}`);
  }
}
