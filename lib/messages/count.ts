/** Counting a big file's records without parsing it, for progress ("40 000 / 1 000 000"). */
import { bodyOf, getDescriptor } from './registry';
import { recordLists } from './walk';

/** Bytes that may follow a record's name in its start tag: `>`, `/` or whitespace. */
function endsName(b: number): boolean {
  return b === 0x3e || b === 0x2f || b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

/** Start tags `<name` + one of endsName in `buf` that begin before `before` and end inside it. */
function countIn(buf: Buffer, pat: Buffer, before: number): number {
  let n = 0;
  const last = buf.length - pat.length; // the byte after the name must be in buf too
  for (let i = buf.indexOf(pat); i >= 0 && i < before && i < last; i = buf.indexOf(pat, i + pat.length)) {
    if (endsName(buf[i + pat.length])) n++;
  }
  return n;
}

/**
 * Count the records of a big file without parsing it: occurrences of the record start tags.
 * Cheap (one byte search per record list, nothing copied but a few bytes at each chunk's edge), for
 * progress such as "40 000 / 1 000 000".
 */
export async function countRecords(type: string, source: AsyncIterable<Buffer | string> | Buffer): Promise<number> {
  const d = getDescriptor(type);
  const body = bodyOf(d, 'file');
  const pats = recordLists(body).map((l) => Buffer.from(`<${l.item}`));
  const chunks: AsyncIterable<Buffer | string> | Buffer[] = Buffer.isBuffer(source) ? [source] : source;
  const edge = Math.max(1, ...pats.map((p) => p.length));
  let count = 0;
  /** The last `edge` bytes of the chunk before: a tag cut by the chunk's end is counted across the edge. */
  let tail = Buffer.alloc(0);
  for await (const c of chunks) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    if (chunk.length < edge) {
      // a short chunk joins the tail; a tail grown long gives up its beginning
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 2 * edge) {
        for (const p of pats) count += countIn(tail, p, tail.length - edge);
        tail = Buffer.from(tail.subarray(tail.length - edge));
      }
      continue;
    }
    if (tail.length) {
      const across = Buffer.concat([tail, chunk.subarray(0, edge)]);
      for (const p of pats) count += countIn(across, p, tail.length);
    }
    // tags that start in the last `edge` bytes are left to the next edge
    for (const p of pats) count += countIn(chunk, p, chunk.length - edge);
    tail = Buffer.from(chunk.subarray(chunk.length - edge));
  }
  for (const p of pats) count += countIn(tail, p, tail.length);
  return count;
}
