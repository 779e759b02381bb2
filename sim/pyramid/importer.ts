/**
 * Pyramid's import job: polls the in-folder for Order_*.xml, Offert_*.xml and Kund_*.xml, takes a
 * file once its size and time have not changed between two looks, imports it, and moves it to
 * `imported/` (or `duplicate/`, or `error/` with `<name>.reason.txt` holding the reasons, like
 * the import work register). Temporary names (`*.tmp`, `*.part`, names starting with `.` or `~`)
 * are never touched. The poll re-arms after each cycle, so a slow cycle never overlaps the next.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LogFn, PyramidSim } from './sim';

const PATTERN = /^(Order|Offert|Kund)_[^/\\]+\.xml$/i;
const TYPES: Record<string, 'order' | 'quote' | 'customer'> = { order: 'order', offert: 'quote', kund: 'customer' };

export const IN_FOLDERS = { imported: 'imported', error: 'error', duplicate: 'duplicate' } as const;

export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || /\.(tmp|part|partial|filepart|crdownload)$/i.test(name);
}

export interface ImporterOptions {
  dir: string;
  pollMs: number;
  sim: PyramidSim;
  log: LogFn;
}

export class Importer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;
  private readonly looks = new Map<string, string>();

  constructor(private readonly o: ImporterOptions) {}

  start(): void {
    this.arm(0);
  }

  private arm(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.running = this.cycle()
        .catch((e: unknown) => this.o.log('error', `import poll: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = undefined;
          this.arm(this.o.pollMs);
        });
    }, ms);
  }

  /** One look at the in-folder; files seen unchanged since the last look are imported. */
  async cycle(): Promise<void> {
    const dir = this.o.dir;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(dir, { recursive: true });
        return;
      }
      throw e;
    }
    const seen = new Set<string>();
    for (const name of names.sort()) {
      if (this.closed) return;
      if (isTemporaryName(name) || !PATTERN.test(name)) continue;
      let st;
      try {
        st = await stat(path.join(dir, name));
      } catch {
        continue; // renamed or removed meanwhile
      }
      if (!st.isFile()) continue;
      seen.add(name);
      const look = `${st.size}|${st.mtimeMs}`;
      if (this.looks.get(name) !== look) {
        this.looks.set(name, look);
        continue;
      }
      this.looks.delete(name);
      await this.importOne(name);
    }
    for (const n of [...this.looks.keys()]) if (!seen.has(n)) this.looks.delete(n);
  }

  private async importOne(name: string): Promise<void> {
    const dir = this.o.dir;
    const file = path.join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return;
    }
    const prefix = (/^([A-Za-z]+)_/.exec(name) as RegExpExecArray)[1].toLowerCase();
    const outcome = await this.o.sim.importFile(name, bytes, TYPES[prefix]);
    if (outcome.kind === 'imported') {
      await this.move(name, IN_FOLDERS.imported);
    } else if (outcome.kind === 'duplicate') {
      const moved = await this.move(name, IN_FOLDERS.duplicate);
      if (moved) await writeFile(path.join(dir, IN_FOLDERS.duplicate, `${moved}.reason.txt`), `${name}: ${outcome.summary}\n`, 'utf8');
    } else {
      const moved = await this.move(name, IN_FOLDERS.error);
      if (moved) await writeFile(path.join(dir, IN_FOLDERS.error, `${moved}.reason.txt`), `${outcome.reason}\n`, 'utf8');
    }
  }

  /** Move a file into a sub-folder under a free name (`Order_1.xml`, then `Order_1~2.xml`, ...). */
  private async move(name: string, folder: string): Promise<string | undefined> {
    const target = path.join(this.o.dir, folder);
    await mkdir(target, { recursive: true });
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let i = 1; i < 10_000; i++) {
      const candidate = i === 1 ? name : `${stem}~${i}${ext}`;
      try {
        await stat(path.join(target, candidate));
        continue;
      } catch {
        // free
      }
      try {
        await rename(path.join(this.o.dir, name), path.join(target, candidate));
        return candidate;
      } catch (e) {
        this.o.log('warn', `could not move ${name} to ${folder}/: ${(e as Error).message}`);
        return undefined;
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
