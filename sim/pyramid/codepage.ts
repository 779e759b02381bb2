/**
 * Code pages as Pyramid writes and reads its files: the encoding named by a BOM or the XML
 * declaration (else UTF-8), text decoded and encoded with iconv-lite, and a character the target
 * code page cannot hold written as a character reference (`&#8364;`) instead of a lost letter.
 */
import * as iconv from 'iconv-lite';

/** The code pages the sheet names: UTF-8, Windows-1252, ISO-8859-1, CP437, CP850. */
export type CodePage = 'utf-8' | 'windows-1252' | 'iso-8859-1' | 'cp437' | 'cp850';

const ALIASES: Record<string, CodePage> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  iso88591: 'iso-8859-1',
  cp437: 'cp437',
  ibm437: 'cp437',
  cp850: 'cp850',
  ibm850: 'cp850',
};

/** A code page name as a person writes it (`CP1252`, `latin1`, `UTF8`), or undefined when unknown. */
export function codePage(name: string | undefined): CodePage | undefined {
  if (!name) return undefined;
  return ALIASES[name.trim().toLowerCase()];
}

/** Bytes -> text: a BOM first, then the XML declaration's encoding, else UTF-8. */
export function decodeFile(bytes: Buffer): { text: string; codePage: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), codePage: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), codePage: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), codePage: 'utf-16be' };
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    const cp = codePage(declared) ?? (iconv.encodingExists(declared) ? declared : undefined);
    if (!cp) throw new Error(`the XML declaration names the encoding "${declared}", which the simulator cannot read`);
    return { text: iconv.decode(bytes, cp), codePage: cp };
  }
  return { text: bytes.toString('utf8'), codePage: 'utf-8' };
}

const fits = new Map<string, Map<string, boolean>>();

function canHold(cp: CodePage, ch: string): boolean {
  let m = fits.get(cp);
  if (!m) fits.set(cp, (m = new Map()));
  let ok = m.get(ch);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, cp), cp) === ch;
    m.set(ch, ok);
  }
  return ok;
}

/** Text -> bytes in `cp`; characters outside it become character references (the text must be XML). */
export function encodeFile(text: string, cp: CodePage): Buffer {
  if (cp === 'utf-8') return Buffer.from(text, 'utf8');
  const safe = text.replace(/[\u0080-\u{10ffff}]/gu, (ch) => (canHold(cp, ch) ? ch : `&#${ch.codePointAt(0)};`));
  return iconv.encode(safe, cp);
}
