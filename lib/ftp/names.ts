/**
 * File and folder names on the FTP server: safety checks, paths, glob patterns, name templates and
 * the code page of names on the control connection.
 *
 * Pyramid runs on Windows, so a name is checked against what Windows accepts as well: a name that
 * an FTP server on Linux would store but Pyramid could not open is refused here, not discovered
 * later in an import log.
 */
import { createHash } from 'node:crypto';
import * as iconv from 'iconv-lite';
import { encode, type Encoding } from '../xml/encoding';
import { FtpError } from './errors';

const MAX_NAME_LENGTH = 255;
// C0 controls, DEL and C1 controls: never part of a real file name, and CR/LF would end an FTP command.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function describeChar(c: string): string {
  const cp = c.codePointAt(0) as number;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A single file name (no folder part). Returns the name, or throws FtpError FTP_BAD_NAME saying
 * what is wrong. `what` names the source of the name in the message (e.g. `msg.filename`).
 */
export function checkFileName(name: unknown, what = 'file name'): string {
  if (typeof name !== 'string') throw new FtpError(`${what} must be a string, got ${name === null ? 'null' : typeof name}`, 'FTP_BAD_NAME');
  const shown = JSON.stringify(name.length > 80 ? name.slice(0, 80) + '…' : name);
  if (name.length === 0) throw new FtpError(`${what} is empty`, 'FTP_BAD_NAME');
  if (name.length > MAX_NAME_LENGTH) throw new FtpError(`${what} ${shown} is longer than ${MAX_NAME_LENGTH} characters`, 'FTP_BAD_NAME');
  const ctl = CONTROL.exec(name);
  if (ctl) throw new FtpError(`${what} ${shown} contains the control character ${describeChar(ctl[0])}`, 'FTP_BAD_NAME');
  if (name === '.' || name === '..') throw new FtpError(`${what} ${shown} is not a file name`, 'FTP_BAD_NAME');
  if (name.includes('/') || name.includes('\\')) {
    throw new FtpError(`${what} ${shown} contains a path separator: only a name inside the configured folder is allowed`, 'FTP_BAD_NAME');
  }
  const bad = WINDOWS_FORBIDDEN.exec(name);
  if (bad) throw new FtpError(`${what} ${shown} contains "${bad[0]}", which Windows does not allow in a file name`, 'FTP_BAD_NAME');
  if (/^\s|[\s.]$/.test(name)) throw new FtpError(`${what} ${shown} starts with a space or ends with a space or a dot`, 'FTP_BAD_NAME');
  if (WINDOWS_RESERVED.test(name)) throw new FtpError(`${what} ${shown} is a reserved device name on Windows`, 'FTP_BAD_NAME');
  return name;
}

/** Longest name the poller claims: the claim suffix (owner and lease) must fit within 255 characters. */
export const MAX_CLAIMABLE_NAME = 200;

/**
 * What is wrong with a name found in a listing, or undefined when it can be claimed. `movable`
 * says whether the name can at least be sent back to the server (to move the file to error/):
 * CR, LF and NUL cannot travel on the control connection at all, and U+FFFD means the listing
 * held bytes that are not valid in the server's name encoding, so the real name is unknown.
 */
export function listedNameProblem(name: string): { reason: string; movable: boolean } | undefined {
  if (/[\r\n\0]/.test(name)) {
    return { reason: `the name ${JSON.stringify(name)} contains a line break or NUL, which cannot be sent to an FTP server`, movable: false };
  }
  if (name.includes('\ufffd')) {
    return { reason: `the name ${JSON.stringify(name)} holds bytes that are not valid in the server's name encoding`, movable: false };
  }
  try {
    checkFileName(name);
  } catch (err) {
    return { reason: (err as Error).message, movable: true };
  }
  if (name.length > MAX_CLAIMABLE_NAME) {
    return { reason: `the name is longer than ${MAX_CLAIMABLE_NAME} characters (${name.length}): no room for the claim suffix`, movable: true };
  }
  return undefined;
}

/**
 * A safe name for a file whose own name cannot be handled: the name with every character Windows
 * refuses replaced by `_`, shortened, plus a short hash of the original (two different bad names
 * never meet), keeping a short extension. Always passes checkFileName.
 */
export function quarantineName(original: string, suffix = ''): string {
  const hash = createHash('sha256').update(original, 'utf8').digest('hex').slice(0, 8);
  // eslint-disable-next-line no-control-regex
  const clean = original.replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\ufffd]/g, '_').trim().replace(/[. ]+$/, '');
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 && /^\.[A-Za-z0-9_-]+$/.test(clean.slice(dot)) ? clean.slice(dot) : '';
  let stem = (ext ? clean.slice(0, dot) : clean).slice(0, 100).replace(/[. ]+$/, '');
  if (stem === '' || /^[. ]/.test(stem)) stem = `file${stem}`;
  // "CON.old~1a2b3c4d.xml" would still be the device CON on Windows
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])\./i.test(stem)) stem = `_${stem}`;
  const tail = suffix.replace(/[^A-Za-z0-9_-]/g, '_');
  return checkFileName(`${stem}~${hash}${tail ? `~${tail}` : ''}${ext}`, 'quarantine name');
}

/**
 * A folder path as configured: absolute (`/pyramid/out`) or relative to the login directory
 * (`out`). Segments are checked like file names; `.`, `..` and empty segments are refused so a
 * configured folder can never point somewhere else than it says.
 */
export function checkFolder(folder: unknown, what = 'folder'): string {
  if (typeof folder !== 'string') throw new FtpError(`${what} must be a string`, 'FTP_BAD_NAME');
  const f = folder.trim();
  if (f === '' || f === '/') return f === '/' ? '/' : '';
  if (f.includes('\\')) throw new FtpError(`${what} ${JSON.stringify(f)}: use "/" to separate folders`, 'FTP_BAD_NAME');
  const absolute = f.startsWith('/');
  const segments = f.split('/').filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  for (const s of segments) {
    if (s === '') throw new FtpError(`${what} ${JSON.stringify(f)} contains an empty segment`, 'FTP_BAD_NAME');
    if (s === '.' || s === '..') throw new FtpError(`${what} ${JSON.stringify(f)} must not contain "${s}"`, 'FTP_BAD_NAME');
    const ctl = CONTROL.exec(s);
    if (ctl) throw new FtpError(`${what} ${JSON.stringify(f)} contains the control character ${describeChar(ctl[0])}`, 'FTP_BAD_NAME');
  }
  return (absolute ? '/' : '') + segments.join('/');
}

/** Resolve a folder against a base: absolute stays, relative is appended, empty means the base. */
export function resolveFolder(base: string, folder: string): string {
  const f = checkFolder(folder);
  if (f === '') return base;
  if (f.startsWith('/')) return f;
  if (base === '' || base === '/') return (base === '/' ? '/' : '') + f;
  return `${base.replace(/\/$/, '')}/${f}`;
}

/** Join an absolute folder and a checked file name. */
export function joinPath(folder: string, name: string): string {
  checkFileName(name);
  if (folder === '') return name;
  return folder.endsWith('/') ? folder + name : `${folder}/${name}`;
}

/** The last segment of a path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * A glob pattern as a predicate: `*` any run of characters, `?` one character, `[abc]`/`[a-z]`/`[!x]`
 * a class, `{a,b}` alternatives; several patterns may be separated by `;` or `|`. Matching is
 * case-insensitive by default because the Windows side (Pyramid) does not distinguish case.
 */
export function globMatcher(pattern: string, caseSensitive = false): (name: string) => boolean {
  const parts = pattern
    .split(/[;|]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return () => true;
  // dotAll: `*` must match a name with a line break in it too, so such a file is reported, not overlooked
  const res = parts.map((p) => new RegExp(`^${globToRegExpSource(p)}$`, caseSensitive ? 'su' : 'isu'));
  return (name: string) => res.some((r) => r.test(name));
}

function globToRegExpSource(glob: string): string {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      body = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
      out += `[${negate ? '^' : ''}${body}]`;
      i = end;
    } else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces > 0) out += '|';
    else out += c.replace(/[.+^${}()|\\]/g, (m) => `\\${m}`);
  }
  while (inBraces-- > 0) out += ')';
  return out;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Pyramid's file-name timestamp: yyyyMMddTHHmmssSSS in local time. */
export function fileTimestamp(d: Date): string {
  return (
    `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}T` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}${pad(d.getMilliseconds(), 3)}`
  );
}

/**
 * Render a file-name template: `{{timestamp}}` (yyyyMMddTHHmmssSSS), `{{date}}` (yyyyMMdd) and
 * `{{some.msg.property}}` looked up with `lookup`. The result is checked like any file name.
 */
export function renderNameTemplate(template: string, lookup: (path: string) => unknown, now: Date = new Date()): string {
  const name = template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_m, key: string) => {
    if (key === 'timestamp') return fileTimestamp(now);
    if (key === 'date') return fileTimestamp(now).slice(0, 8);
    const path = key.startsWith('msg.') ? key.slice(4) : key;
    const v = lookup(path);
    if (v === undefined || v === null || v === '') {
      throw new FtpError(`file name template ${JSON.stringify(template)}: msg.${path} is missing`, 'FTP_BAD_NAME');
    }
    if (typeof v === 'object') throw new FtpError(`file name template ${JSON.stringify(template)}: msg.${path} is not a text or number`, 'FTP_BAD_NAME');
    return String(v);
  });
  return checkFileName(name, `file name from template ${JSON.stringify(template)}`);
}

/**
 * Names on the control connection. basic-ftp reads and writes the control socket with a Node
 * string encoding, which has no Windows code pages; with `latin1` every byte maps to one char, so
 * a name is converted to the code page's bytes and carried as a latin1 string, and back.
 */
export interface NameCodec {
  readonly encoding: Encoding;
  /** What basic-ftp's control socket must use. */
  readonly controlEncoding: 'utf8' | 'latin1';
  toWire(text: string): string;
  fromWire(wire: string): string;
}

export function nameCodec(encoding: Encoding = 'utf-8'): NameCodec {
  if (encoding === 'utf-8') {
    return { encoding, controlEncoding: 'utf8', toWire: (t) => t, fromWire: (w) => w };
  }
  return {
    encoding,
    controlEncoding: 'latin1',
    toWire(text: string): string {
      try {
        return encode(text, encoding, 'error').toString('latin1');
      } catch (err) {
        throw new FtpError(`name ${JSON.stringify(text)} cannot be written in ${encoding}: ${(err as Error).message}`, 'FTP_BAD_NAME', { cause: err });
      }
    },
    fromWire(wire: string): string {
      return iconv.decode(Buffer.from(wire, 'latin1'), encoding);
    },
  };
}
