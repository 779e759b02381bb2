/**
 * Pyramid's export: out-messages written into the FTP out-folder, one at a time, in the configured
 * code page, named `<Root>_<yyyyMMddTHHmmssSSS>_<seq>.xml`. A file is written under a temporary
 * name (`<name>.tmp`) and renamed into place, so a reader never sees half a file; the `slow` mode
 * instead writes the final name in small pieces with pauses, to exercise a consumer's
 * stable-file check.
 */
import { open, rename, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { outFileName, writeFile as buildFile } from './xmlfile';
import type { CodePage } from './codepage';
import type { WrittenFile } from './types';

export interface SlowWrite {
  /** Bytes per piece (default 2048). */
  chunkBytes?: number;
  /** Pause between pieces in ms (default 100). */
  delayMs?: number;
}

export interface OutboxOptions {
  /** The out-folder on disk. */
  dir: string;
  encoding: CodePage;
  /** Write slowly under the final name instead of temp name + rename. */
  slowWrite?: SlowWrite;
  now?: () => Date;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Outbox {
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: OutboxOptions) {}

  /** Queue a file; resolves when it is in place. Files are written in the order asked for. */
  write(type: string, model: Record<string, unknown>, records: number): Promise<WrittenFile> {
    const job = this.chain.then(() => this.writeNow(type, model, records));
    this.chain = job.catch(() => undefined);
    return job;
  }

  /** Resolves when every queued file is written. */
  async idle(): Promise<void> {
    await this.chain;
  }

  close(): void {
    this.closed = true;
  }

  private async writeNow(type: string, model: Record<string, unknown>, records: number): Promise<WrittenFile> {
    if (this.closed) throw new Error(`the simulator is closed: ${type} not written`);
    const now = this.o.now?.() ?? new Date();
    const seq = ++this.seq;
    const name = outFileName(type, now, seq);
    // written by the simulator's own map (dialect.ts), never by the package's catalogue; a
    // character outside the code page becomes a character reference rather than a lost file
    const bytes = buildFile(type, model, { codePage: this.o.encoding, now });
    await mkdir(this.o.dir, { recursive: true });
    const final = path.join(this.o.dir, name);
    if (this.o.slowWrite) {
      const chunk = Math.max(1, this.o.slowWrite.chunkBytes ?? 2048);
      const delay = Math.max(0, this.o.slowWrite.delayMs ?? 100);
      const fh = await open(final, 'w');
      try {
        for (let i = 0; i < bytes.length; i += chunk) {
          await fh.write(bytes.subarray(i, i + chunk));
          await fh.sync();
          if (i + chunk < bytes.length) await sleep(delay);
        }
      } finally {
        await fh.close();
      }
    } else {
      const tmp = `${final}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, final);
    }
    const scope = model.scope === 'full' || model.scope === 'delta' ? model.scope : undefined;
    return { name, type, scope, records, bytes: bytes.length, at: now.toISOString() };
  }
}
