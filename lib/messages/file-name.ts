/** The file name of a message, by Pyramid's naming rule for its type. */
import { getDescriptor } from './registry';
import { fileStamp } from './timestamp';

function pathValue(model: unknown, path: string): unknown {
  let cur: unknown = model;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const UNSAFE_NAME = /[^A-Za-z0-9._-]/g;

/**
 * The file name of a message. Into Pyramid: `<Root>_<key>.xml` (the same order always the same
 * name); out of Pyramid: `<Root>_<yyyyMMddTHHmmssSSS>_<seq>.xml` (names sort by time).
 */
export function fileNameFor(type: string, model: unknown, opts: { now?: Date; seq?: number } = {}): string {
  const d = getDescriptor(type);
  if (!d.file) throw new Error(`${d.name} is not sent as a file`);
  if (d.fileName?.kind === 'key') {
    const k = pathValue(model, d.fileName.keyField);
    if (k !== undefined && k !== null && String(k).trim() !== '') {
      return `${d.file.root}_${String(k).trim().replace(UNSAFE_NAME, '_')}.xml`;
    }
  }
  return `${d.file.root}_${fileStamp(opts.now ?? new Date())}_${String(opts.seq ?? 1).padStart(4, '0')}.xml`;
}
