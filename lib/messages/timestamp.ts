/** Timestamps as Pyramid writes them: in a file's `skapad` (ISO 8601 with offset) and in a file name. */

/** Local ISO 8601 with offset, as Pyramid writes it: 2026-11-28T10:15:00+01:00. */
export function localTimestamp(d: Date = new Date()): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  );
}

/** `yyyyMMddTHHmmssSSS` in local time, as in `Artikeldata_20261128T101500000_0001.xml`. */
export function fileStamp(t: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${t.getFullYear()}${p(t.getMonth() + 1)}${p(t.getDate())}T${p(t.getHours())}${p(t.getMinutes())}${p(t.getSeconds())}${p(t.getMilliseconds(), 3)}`;
}
