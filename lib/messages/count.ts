/** Counting a big file's records without parsing it, for progress ("40 000 / 1 000 000"). */
import { bodyOf, getDescriptor } from './registry';
import { recordLists } from './walk';

/**
 * Count the records of a big file without parsing it: occurrences of the record start tags.
 * Cheap (a byte search), for progress such as "40 000 / 1 000 000".
 */
export async function countRecords(type: string, source: AsyncIterable<Buffer | string> | Buffer): Promise<number> {
  const d = getDescriptor(type);
  const body = bodyOf(d, 'file');
  const needles = recordLists(body).map((l) => l.item);
  const chunks: AsyncIterable<Buffer | string> | Buffer[] = Buffer.isBuffer(source) ? [source] : source;
  let count = 0;
  let carry = Buffer.alloc(0);
  const pats = needles.flatMap((n) => [Buffer.from(`<${n}>`), Buffer.from(`<${n} `), Buffer.from(`<${n}/`)]);
  const maxLen = Math.max(...pats.map((p) => p.length));
  for await (const c of chunks) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (const p of pats) {
      let i = buf.indexOf(p);
      while (i >= 0) {
        count++;
        i = buf.indexOf(p, i + p.length);
      }
    }
    // keep a tail shorter than any pattern, so no match is counted twice or missed
    carry = Buffer.from(buf.subarray(Math.max(0, buf.length - (maxLen - 1))));
  }
  return count;
}
