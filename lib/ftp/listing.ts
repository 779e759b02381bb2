/**
 * Directory listings of the FTP server: the text of LIST/MLSD parsed into entries (one odd name
 * never spoils the others) and the time of a Unix LIST line read as a date.
 */
import type { FileInfo } from 'basic-ftp';
import * as dosList from 'basic-ftp/dist/parseListDOS';
import * as mlsdList from 'basic-ftp/dist/parseListMLSD';
import * as unixList from 'basic-ftp/dist/parseListUnix';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Best-effort parse of a Unix LIST time (`Nov 28 23:54` or `Nov 28  2025`), as UTC. */
export function parseListTime(raw: string, now: Date = new Date()): Date | undefined {
  const m = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec(raw.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return undefined;
  const day = Number(m[2]);
  if (m[5]) return new Date(Date.UTC(Number(m[5]), month, day));
  let year = now.getUTCFullYear();
  let d = new Date(Date.UTC(year, month, day, Number(m[3]), Number(m[4])));
  // A listing without a year means "within the last six months"; a date ahead of now is last year's.
  if (d.getTime() > now.getTime() + 24 * 3600 * 1000) {
    year -= 1;
    d = new Date(Date.UTC(year, month, day, Number(m[3]), Number(m[4])));
  }
  return d;
}

interface ListParser {
  testLine(line: string): boolean;
  parseLine(line: string): FileInfo | undefined;
  transformList(files: FileInfo[]): FileInfo[];
}
const LIST_PARSERS: readonly ListParser[] = [dosList, unixList, mlsdList];

/**
 * A directory listing, parsed so that one odd name cannot spoil the others. basic-ftp's own parser
 * picks the format from the last line and throws when that line fits none, so a file whose name
 * holds a line feed (its name continues on a line of its own) made the whole folder unreadable
 * when it sorted last, and otherwise showed up as a shorter name that does not exist. Here the
 * format comes from the last line that fits one, a line that fits none continues the name of the
 * entry before it, and a name cut at a carriage return keeps the rest: such an entry carries its
 * CR or LF, so the poller knows the name cannot be sent back to the server and says so once.
 */
export function parseListing(raw: string): FileInfo[] {
  const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^total\b/.test(l));
  let parser: ListParser | undefined;
  for (let i = lines.length - 1; i >= 0 && !parser; i--) parser = LIST_PARSERS.find((p) => p.testLine(lines[i]));
  if (!parser) {
    if (lines.length === 0) return [];
    throw new Error(`unknown directory listing format (first line: ${JSON.stringify(lines[0].slice(0, 120))})`);
  }
  const files: FileInfo[] = [];
  let last: FileInfo | undefined;
  for (const line of lines) {
    if (!parser.testLine(line)) {
      // The rest of the previous entry's name, after a line feed in it.
      if (last) last.name += `\n${line}`;
      continue;
    }
    const info = parser.parseLine(line);
    last = info;
    if (!info) continue;
    if (/[\r\0]/.test(line) && !/[\r\0]/.test(info.name)) {
      const at = line.lastIndexOf(`${info.name}\r`);
      info.name = at >= 0 ? line.slice(at) : `${info.name}\r`;
    }
    files.push(info);
  }
  return parser.transformList(files);
}
