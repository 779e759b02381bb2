/**
 * The msgs of one split file as a Node-RED sequence (`msg.parts`, as the core split node writes
 * it), so a join node in automatic mode reassembles the records. When the number of msgs is known
 * up front every msg carries it; otherwise (invalid records set aside as they come) the last msg is
 * held back until the end and carries it, which is how the core split node streams too and what
 * join expects. Each msg is counted in the in-flight window until the flow is done with it.
 */
import type { InFlightWindow } from './window';
import type { Msg } from './msgs';

export class Sequence {
  private index = 0;
  private held: Msg | undefined;

  /**
   * `id`: the sequence's id (the runtime's generateId); `len`: records per msg (1 per record, N per
   * batch); `count`: the number of msgs when known; `emit`: sends a msg out of the first output.
   */
  constructor(
    readonly id: string,
    private readonly len: number,
    private readonly count: number | undefined,
    private readonly emitNow: (m: Msg) => void,
    private readonly win?: InFlightWindow,
  ) {
    win?.open(id);
  }

  /** Out of the first output, counted in the window until the flow is done with it. */
  private emit(m: Msg): void {
    if (this.win) this.win.send(m, () => this.emitNow(m));
    else this.emitNow(m);
  }

  /** `outer`: the msg's own copy of an incoming msg.parts, which join restores at the end. */
  private parts(outer: unknown, i: number, c?: number): Record<string, unknown> {
    const p: Record<string, unknown> = { id: this.id, index: i, type: 'array', len: this.len };
    if (c !== undefined) p.count = c;
    if (outer !== undefined) p.parts = outer;
    return p;
  }

  push(m: Msg): void {
    if (this.count) {
      m.parts = this.parts(m.parts, this.index++, this.count);
      this.emit(m);
      return;
    }
    if (this.held) this.emit(this.held);
    m.parts = this.parts(m.parts, this.index++);
    this.held = m;
  }

  /** The file is read: the held msg goes with the count; `empty` makes the one msg of an empty file. */
  end(empty: () => Msg): void {
    if (this.index === 0) {
      // an empty file still makes one msg (an empty list), so the flow sees every file;
      // len > 1 makes join concatenate, so the empty segment joins to []
      const m = empty();
      m.parts = { ...this.parts(m.parts, 0, 1), len: Math.max(2, this.len) };
      this.emit(m);
      this.win?.end(this.id);
      return;
    }
    if (this.held) {
      (this.held.parts as Record<string, unknown>).count = this.index;
      this.emit(this.held);
    }
    this.win?.end(this.id);
  }

  /** The file failed or was stopped: nothing of it is waited for. */
  abandon(): void {
    this.win?.close(this.id);
  }
}
