/**
 * Batches across msgs: the changed records of several msgs (the msgs of one split file, or msgs
 * arriving close together) go to the shop in one batch call of up to 100, so n changes spread over
 * a file cost ceil(n/100) calls, not one call per msg that happens to carry a change.
 *
 * Per msg (`submit`): its records are classified (classify in ./upsert: no call). A msg with nothing
 * to send is answered at once. Otherwise the msg is held with all its records (its unchanged ones
 * too: a parent and its variations stay together) until the held msgs carry `size` changed records,
 * until the last msg of its sequence (msg.parts: `last`) arrives, or until `holdMs` pass without
 * another msg (at most 4 x holdMs after the first held one); then one push of every held record is
 * made and each msg gets its own records back (`onResult`, in arrival order). Order per key: a msg
 * naming a key that a held msg names flushes the held ones first, so a later state of a SKU is never
 * sent before, or answered as unchanged ahead of, an earlier one. Msgs of another resource, with
 * `force`, of a resource that cannot be classified (orders, customers), or with `size` changes or
 * more of their own, flush what is held and are pushed alone, as before.
 *
 * Everything runs one at a time (one chain), so pushes never overlap and answers keep arrival order.
 */
import { classify, push, type FailedRecord, type OkRecord, type PushContext, type PushResult, type Resource } from './upsert';

export interface BatchInput<T> {
  resource: Resource;
  records: unknown[];
  force?: boolean;
  /** The msg's sequence (msg.parts.id) and whether it is the sequence's last msg. */
  sequence?: { id: string; last: boolean };
  /** The caller's handle for the msg, given back to onResult / onError. */
  tag: T;
}

export interface BatcherOptions<T> {
  /** The push context for one push (client, store, prefix, ...): called per push. */
  context: (force: boolean) => PushContext;
  /** Changed records per batch call (default and at most 100). */
  size?: number;
  /** How long held records wait for more (default 1,000 ms). */
  holdMs?: number;
  /** A msg's records are all answered: its own result (calls: the push's calls, given to the last msg of a push). */
  onResult: (tag: T, result: PushResult) => void;
  /** The push that carried a msg's records failed as a whole (e.g. the shop is down). */
  onError: (tag: T, err: unknown) => void;
}

interface Slot<T> {
  tag: T;
  records: unknown[];
  result: PushResult;
}

function emptyResult(resource: Resource): PushResult {
  return { resource, ok: [], failed: [], created: 0, updated: 0, unchanged: 0, skipped: 0, calls: 0 };
}

export class PushBatcher<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private held: Slot<T>[] = [];
  private heldResource: Resource | undefined;
  private heldChanged = 0;
  private readonly heldKeys = new Set<string>();
  private firstHeldAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly size: number;
  readonly holdMs: number;
  /** Pushes made (for tests and the bench). */
  pushes = 0;

  constructor(private readonly o: BatcherOptions<T>) {
    this.size = Math.min(100, Math.max(1, Math.floor(o.size ?? 100)));
    this.holdMs = Math.max(0, o.holdMs ?? 1000);
  }

  /** Records held now (for the status). */
  get heldRecords(): number {
    return this.heldChanged;
  }

  private enqueue<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Takes a msg's records: 'held' when they wait for more (the answer comes by onResult later),
   * 'done' when the msg was answered (onResult or onError) before this resolves.
   */
  submit(input: BatchInput<T>): Promise<'held' | 'done'> {
    return this.enqueue(() => this.take(input));
  }

  /** Pushes whatever is held now. */
  flush(): Promise<void> {
    return this.enqueue(() => this.flushHeld());
  }

  /** Pushes what is held and takes no timer any more. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush();
  }

  private async take(input: BatchInput<T>): Promise<'held' | 'done'> {
    const { resource, records, tag } = input;
    try {
      if (records.length === 0) {
        this.o.onResult(tag, emptyResult(resource));
        return 'done';
      }
      const holdable = !input.force && !this.closed && records.every((r) => typeof r === 'object' && r !== null);
      let c = holdable ? await classify(this.o.context(false), resource, records) : undefined;
      if (c && c.keys.length > 0 && c.keys.some((k) => this.heldKeys.has(k))) {
        // a later state of a held key: what is held goes first, then this msg is judged afresh
        await this.flushHeld();
        c = await classify(this.o.context(false), resource, records);
      }
      if (c?.result) {
        this.o.onResult(tag, c.result);
        if (input.sequence?.last) await this.flushHeld();
        return 'done';
      }
      if (!c || c.keys.length === 0 || c.changed >= this.size) {
        // pushed alone (after what is held): not classifiable, forced, or a batch of its own
        await this.flushHeld();
        await this.pushSlots(resource, [{ tag, records, result: emptyResult(resource) }], input.force === true);
        return 'done';
      }
      if (this.held.length > 0 && (this.heldResource !== resource || this.heldChanged + c.changed > this.size)) await this.flushHeld();
      if (this.held.length === 0) this.firstHeldAt = Date.now();
      this.held.push({ tag, records, result: emptyResult(resource) });
      this.heldResource = resource;
      this.heldChanged += c.changed;
      for (const k of c.keys) this.heldKeys.add(k);
      if (this.heldChanged >= this.size || input.sequence?.last) {
        await this.flushHeld();
        return 'done';
      }
      this.arm();
      return 'held';
    } catch (err) {
      this.o.onError(tag, err);
      return 'done';
    }
  }

  /** A flush `holdMs` after the last msg, at most 4 x holdMs after the first one held. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.holdMs, this.firstHeldAt + 4 * this.holdMs - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
  }

  private async flushHeld(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.length === 0) return;
    const slots = this.held;
    const resource = this.heldResource as Resource;
    this.held = [];
    this.heldResource = undefined;
    this.heldChanged = 0;
    this.heldKeys.clear();
    await this.pushSlots(resource, slots, false);
  }

  /** One push of the slots' records; each slot gets its own records' outcomes. Never throws. */
  private async pushSlots(resource: Resource, slots: Slot<T>[], force: boolean): Promise<void> {
    const owner = new Map<unknown, Slot<T>>();
    const records: unknown[] = [];
    for (const s of slots) {
      for (const r of s.records) {
        owner.set(r, s);
        records.push(r);
      }
    }
    const ctx: PushContext = {
      ...this.o.context(force),
      onRecord: (record: unknown, kind: 'ok' | 'failed' | 'skipped', outcome?: OkRecord | FailedRecord) => {
        const s = owner.get(record) ?? slots[slots.length - 1];
        if (kind === 'skipped') s.result.skipped += 1;
        else if (kind === 'failed') s.result.failed.push(outcome as FailedRecord);
        else {
          const ok = outcome as OkRecord;
          s.result.ok.push(ok);
          s.result[ok.result] += 1;
        }
      },
    };
    let total: PushResult;
    try {
      this.pushes++;
      total = await push(ctx, resource, records);
    } catch (err) {
      for (const s of slots) this.o.onError(s.tag, err);
      return;
    }
    slots[slots.length - 1].result.calls = total.calls;
    for (const s of slots) this.o.onResult(s.tag, s.result);
  }
}
