/**
 * What every part of the simulated Pyramid shares: the register (data, price index), the clock, the
 * log and events, the lists the state views show, and the errors a caller can cause.
 */
import { EventEmitter } from 'node:events';
import { Random } from './random';
import { isoDate, type DataSet } from './dataset';
import { localStamp } from './xmlfile';
import type { PriceIndex } from './pricing';
import type { Outbox } from './outbox';
import type { CustomerRegistration, DuplicateImport, ImportError, SimData, WrittenFile } from './types';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

export type Action = 'ny' | 'andrad' | 'borttagen';

/** A problem the caller caused (bad admin request, refused import): its text says what and where. */
export class SimError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** An import refused with reasons, as Pyramid's import work register lists them. */
export class ImportRejected extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('\n'));
    this.name = 'ImportRejected';
  }
}

export type ImportOutcome =
  | { kind: 'imported'; type: string; summary: string; orderNumber?: string; quoteNumber?: string; customerNumbers?: string[] }
  | { kind: 'duplicate'; type: string; summary: string; duplicate: DuplicateImport }
  | { kind: 'error'; type?: string; reason: string };

export interface SimOptions {
  seed: string | number;
  outbox: Outbox;
  statusStepMs: number;
  activityMs: number;
  log: LogFn;
  now?: () => Date;
}

const MAX_KEPT = 1000;

/** Append to a bounded list (the newest MAX_KEPT stay). */
export function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
}

/** Drop the keys whose value is undefined (the file writer leaves them out). */
export function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export class SimCore {
  readonly events = new EventEmitter();
  readonly data: SimData;
  readonly prices: PriceIndex;
  readonly files: WrittenFile[] = [];
  filesWritten = 0;
  readonly duplicates: DuplicateImport[] = [];
  readonly importErrors: ImportError[] = [];
  readonly registrations: CustomerRegistration[] = [];
  /** In-files that held elements the sheet does not know: `{file, elements, at}`. */
  readonly unknownElements: { file: string; elements: string[]; at: string }[] = [];
  readonly rng: Random;
  closed = false;

  constructor(
    ds: DataSet,
    readonly o: SimOptions,
  ) {
    this.data = ds.data;
    this.prices = ds.prices;
    this.rng = new Random(o.seed, 'runtime');
  }

  now(): Date {
    return this.o.now?.() ?? new Date();
  }

  today(): string {
    return isoDate(this.now());
  }

  stamp(): string {
    return localStamp(this.now());
  }

  log(level: LogLevel, message: string): void {
    this.o.log(level, message);
  }
}
