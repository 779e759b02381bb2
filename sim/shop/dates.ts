/**
 * WordPress date handling: every resource carries a site-local date (`date_created`, no offset) and a
 * GMT one (`date_created_gmt`), both as `YYYY-MM-DDTHH:mm:ss`. Query dates without an offset are read
 * in the site's time zone unless `dates_are_gmt` is set, as `rest_parse_date` and WP_Date_Query do.
 */
import type { ShopState } from './state';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DDTHH:mm:ss` in the given zone. */
export function formatLocal(ms: number, timeZone: string): string {
  const p = partsIn(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `YYYY-MM-DDTHH:mm:ss` in UTC. */
export function formatGmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A REST date pair: `<name>` in the site's zone and `<name>_gmt` in UTC, both null for no date. */
export function dateFields(state: ShopState, name: string, ms: number | null): Record<string, string | null> {
  return {
    [name]: ms === null ? null : formatLocal(ms, state.settings.timeZone),
    [`${name}_gmt`]: ms === null ? null : formatGmt(ms),
  };
}

function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const REST_DATE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date as WordPress's `rest_parse_date` accepts it (a time part is required).
 * Returns epoch milliseconds, or undefined when the text is not such a date.
 */
export function parseRestDate(text: string, opts: { timeZone: string; gmt: boolean }): number | undefined {
  const m = REST_DATE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const fraction = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) + fraction;
  const zone = m[8];
  if (zone) {
    if (zone === 'Z' || zone === 'z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
    return wall - sign * offset;
  }
  if (opts.gmt) return wall;
  // Local wall-clock time: guess with the offset at that instant, then correct once across a DST edge.
  const first = wall - zoneOffsetMs(wall, opts.timeZone);
  return wall - zoneOffsetMs(first, opts.timeZone);
}
