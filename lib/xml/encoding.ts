/**
 * Bytes <-> text for the code pages Pyramid writes. Pyramid installations export in UTF-8,
 * Windows-1252, ISO-8859-1 or an OEM code page (CP437/CP850, from old DOS-era routines), so every
 * path through this package must keep åäöÅÄÖ and € intact, and must fail loudly instead of writing '?'.
 */
import * as iconv from 'iconv-lite';
import { XmlError } from './errors';

export type Encoding = 'utf-8' | 'windows-1252' | 'iso-8859-1' | 'cp437' | 'cp850';
export type EncodingOption = Encoding | 'auto';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252', 'iso-8859-1', 'cp437', 'cp850'];

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'win-1252': 'windows-1252',
  'x-cp1252': 'windows-1252',
  ansi: 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'l1': 'iso-8859-1',
  cp437: 'cp437',
  ibm437: 'cp437',
  '437': 'cp437',
  cp850: 'cp850',
  ibm850: 'cp850',
  '850': 'cp850',
};

/** Canonical name for a user- or document-supplied encoding label; throws on an unsupported one. */
export function normalizeEncoding(label: string): Encoding {
  const e = ALIASES[label.trim().toLowerCase()];
  if (!e) {
    throw new XmlError(
      `unsupported encoding "${label}" (supported: ${ENCODINGS.join(', ')})`,
      'ENCODING_UNSUPPORTED',
    );
  }
  return e;
}

export function normalizeEncodingOption(label: string | undefined | null): EncodingOption {
  if (label === undefined || label === null || label === '' || label.toLowerCase() === 'auto') return 'auto';
  return normalizeEncoding(label);
}

/** Windows-1252 leaves five bytes undefined; a file that contains one was not written in 1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export interface Detected {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** Where the answer came from, for error messages and msg.encoding. */
  source: 'bom' | 'declaration' | 'configured' | 'detected';
}

const DECL_RE = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** The encoding named by an XML declaration at the start of the bytes (ASCII-compatible code pages). */
export function declaredEncoding(head: Buffer): string | undefined {
  const text = head.subarray(0, Math.min(head.length, 200)).toString('latin1');
  const m = DECL_RE.exec(text);
  return m ? m[1] : undefined;
}

/**
 * Decide the encoding: a BOM wins, then the XML declaration, then the configured one. With `auto`
 * and neither present: UTF-8 when the first non-ASCII bytes are UTF-8, else Windows-1252 (what
 * Pyramid on a Swedish Windows server writes by default); see autoEncoding.
 */
export function detectEncoding(bytes: Buffer, configured: EncodingOption = 'auto', sampleIsComplete = true): Detected {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3, source: 'bom' };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new XmlError('UTF-16 files are not supported: ask for UTF-8 or a single-byte code page', 'ENCODING_UNSUPPORTED');
  }
  const declared = declaredEncoding(bytes);
  if (declared) return { encoding: normalizeEncoding(declared), bomLength: 0, source: 'declaration' };
  if (configured !== 'auto') return { encoding: configured, bomLength: 0, source: 'configured' };
  return { encoding: autoEncoding(bytes, sampleIsComplete) ?? 'utf-8', bomLength: 0, source: 'detected' };
}

/**
 * `auto` without a BOM or declaration: the first non-ASCII byte decides. If it starts a well-formed
 * UTF-8 sequence the file is UTF-8 (an invalid byte later is an error), otherwise Windows-1252.
 * Undefined while no non-ASCII byte has been seen (or, in an incomplete sample, the deciding
 * sequence is cut at its end). A stream can apply this rule as the bytes come, so a whole read
 * and a streamed read of the same bytes always decode them alike.
 */
export function autoEncoding(bytes: Buffer, complete = true): Encoding | undefined {
  let p = 0;
  while (p < bytes.length && bytes[p] < 0x80) p++;
  if (p === bytes.length) return undefined;
  const c = bytes[p];
  const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
  if (need < 0) return 'windows-1252';
  const seq = bytes.subarray(p, p + need + 1);
  if (seq.length < need + 1) {
    for (let k = 1; k < seq.length; k++) if ((seq[k] & 0xc0) !== 0x80) return 'windows-1252';
    return complete ? 'windows-1252' : undefined;
  }
  return firstInvalidUtf8(seq, true) < 0 ? 'utf-8' : 'windows-1252';
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. When the
 * buffer is only a prefix of the file (`complete` false) a sequence cut at the end is not an error.
 */
export function firstInvalidUtf8(b: Buffer, complete = true): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= n) {
      // the sequence runs past the end of the buffer
      if (complete) return i;
      for (let k = i + 1; k < n; k++) if ((b[k] & 0xc0) !== 0x80) return i;
      return -1;
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Offset of the first byte the code page does not define, or -1. */
export function firstInvalidByte(bytes: Buffer, encoding: Encoding, complete = true): number {
  if (encoding === 'utf-8') return firstInvalidUtf8(bytes, complete);
  if (encoding === 'windows-1252') {
    // five native byte searches: a Set lookup per byte cost 1.4 s CPU per 100 MB
    let first = -1;
    for (const b of CP1252_UNDEFINED) {
      const i = bytes.indexOf(b);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    return first;
  }
  return -1;
}

/** Decode a whole buffer. Invalid bytes under the chosen encoding are an error naming the offset. */
export function decode(bytes: Buffer, configured: EncodingOption = 'auto'): { text: string; encoding: Encoding; source: Detected['source'] } {
  const d = detectEncoding(bytes, configured);
  const body = d.bomLength ? bytes.subarray(d.bomLength) : bytes;
  const bad = firstInvalidByte(body, d.encoding);
  if (bad >= 0) {
    throw new XmlError(
      `byte 0x${body[bad].toString(16).padStart(2, '0')} at offset ${bad + d.bomLength} is not valid ${d.encoding}` +
        (d.source === 'declaration' ? ' (the XML declaration names this encoding)' : '') +
        (d.source === 'detected' ? ' (the first non-ASCII bytes of the file were UTF-8)' : ''),
      'ENCODING_INVALID_BYTES',
      { offset: bad + d.bomLength },
    );
  }
  const text = d.encoding === 'utf-8' ? body.toString('utf8') : decodeSingleByte(body, d.encoding);
  return { text, encoding: d.encoding, source: d.source };
}

const encodableCache = new Map<Encoding, Set<number>>();

/** Code points above 0x7F that the single-byte code page can hold. */
function encodableSet(encoding: Encoding): Set<number> {
  let s = encodableCache.get(encoding);
  if (!s) {
    s = new Set<number>();
    const all = Buffer.alloc(128);
    for (let i = 0; i < 128; i++) all[i] = 0x80 + i;
    const text = iconv.decode(all, encoding);
    for (let i = 0; i < 128; i++) {
      if (encoding === 'windows-1252' && CP1252_UNDEFINED.has(0x80 + i)) continue;
      const cp = text.codePointAt(i);
      if (cp !== undefined && cp !== 0xfffd) s.add(cp);
    }
    encodableCache.set(encoding, s);
  }
  return s;
}

export type Unencodable = 'error' | 'reference';

/**
 * Encode text into the code page. A character the code page cannot hold is an error naming the
 * character and its position, or (with `unencodable: 'reference'`) is written as an XML numeric
 * character reference, which any XML reader turns back into the same character.
 */
export function encode(text: string, encoding: Encoding, unencodable: Unencodable = 'error'): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const ok = encodableSet(encoding);
  let out: string | undefined;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const cp = text.codePointAt(i) as number;
    if (ok.has(cp)) continue;
    if (unencodable === 'error') {
      const line = text.slice(0, i).split('\n').length;
      throw new XmlError(
        `character "${String.fromCodePoint(cp)}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) on line ${line} cannot be written in ${encoding}`,
        'ENCODING_UNENCODABLE',
        { offset: i },
      );
    }
    out = (out ?? '') + text.slice(last, i) + `&#${cp};`;
    last = i + (cp > 0xffff ? 2 : 1);
    if (cp > 0xffff) i++;
  }
  const final = out === undefined ? text : out + text.slice(last);
  return iconv.encode(final, encoding);
}

const C1 = /[\x80-\x9f]/g;
const latin1Cache = new Map<Encoding, string[] | null>();

/**
 * For a single-byte code page that is Latin-1 except for bytes 0x80-0x9F (Windows-1252): the
 * characters of those 32 bytes; else null. Such text decodes natively as Latin-1 with those few
 * characters replaced afterwards: several times faster than a table lookup per byte in JavaScript,
 * and the text stays a one-byte string where it holds none of them.
 */
function latin1Except(encoding: Encoding): string[] | null {
  let t = latin1Cache.get(encoding);
  if (t === undefined) {
    t = null;
    if (encoding !== 'utf-8') {
      const all = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, k) => k)), encoding);
      let same = all.length === 256;
      for (let k = 0; same && k < 256; k++) if ((k < 0x80 || k >= 0xa0) && all.charCodeAt(k) !== k) same = false;
      if (same) t = Array.from(all.slice(0x80, 0xa0));
    }
    latin1Cache.set(encoding, t);
  }
  return t;
}

/** Bytes of a single-byte code page (validated) -> text: iconv's result, faster where the code page allows. */
function decodeSingleByte(bytes: Buffer, encoding: Encoding): string {
  const t = latin1Except(encoding);
  if (!t) return iconv.decode(bytes, encoding);
  return bytes.toString('latin1').replace(C1, (c) => t[c.charCodeAt(0) - 0x80]);
}

const C1_RUN = /[\x80-\x9f]+/g;

/**
 * Bytes of a code page that latin1Except serves (validated) -> the same text as decodeSingleByte,
 * handed to `sink` in runs, in order: the runs of bytes 0x80-0x9F apart from the rest. One `€` makes
 * a string two-byte, and with it every name and value later sliced from it (twice the memory, slower
 * comparisons); this way only the run that holds it is. False (nothing sunk) for other code pages.
 */
export function decodeInRuns(bytes: Buffer, encoding: Encoding, sink: (text: string) => void): boolean {
  const t = latin1Except(encoding);
  if (!t) return false;
  const s = bytes.toString('latin1');
  let from = 0;
  C1_RUN.lastIndex = 0;
  for (let m = C1_RUN.exec(s); m; m = C1_RUN.exec(s)) {
    if (m.index > from) sink(s.slice(from, m.index));
    let run = '';
    for (let i = 0; i < m[0].length; i++) run += t[m[0].charCodeAt(i) - 0x80];
    sink(run);
    from = m.index + m[0].length;
  }
  if (from < s.length) sink(from === 0 ? s : s.slice(from));
  return true;
}

/** A streaming decoder for the chosen encoding (keeps multi-byte sequences cut between chunks). */
export function decoderStream(encoding: Encoding): { write(chunk: Buffer): string; end(): string } {
  if (latin1Except(encoding)) return { write: (chunk: Buffer) => decodeSingleByte(chunk, encoding), end: () => '' };
  const d = iconv.getDecoder(encoding);
  return {
    write: (chunk: Buffer) => d.write(chunk),
    end: () => d.end() ?? '',
  };
}

/**
 * The code page a msg's text travels in (`msg.pyramid.encoding`: the one the message node read the
 * bytes in, or wrote them in and named in the XML declaration): its `pyramid.encoding` when that is a known code page,
 * else undefined (the transport then uses its own setting). For turning a string payload back into
 * the bytes its XML declaration promises.
 */
export function travellingCodePage(msg: { pyramid?: unknown }): Encoding | undefined {
  const py = msg.pyramid;
  const e = py && typeof py === 'object' ? (py as { encoding?: unknown }).encoding : undefined;
  if (typeof e !== 'string' || !e) return undefined;
  try {
    return normalizeEncoding(e);
  } catch {
    return undefined;
  }
}
