/**
 * Money in minor units (öre, cent) as whole numbers, quantities rounded to thousandths, and
 * conversion to and from the catalogue's decimal strings ("12.50"). No binary float ever reaches
 * a file: every amount is computed on integers and written by these functions.
 */

/** "12.50" | "12,5" | "12" -> 1250. Throws on anything else. */
export function toMinor(text: string): number {
  const s = text.trim().replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`"${text}" is not an amount`);
  const frac = (m[3] ?? '').padEnd(3, '0');
  // round half away from zero on the third decimal
  let minor = Number(m[2]) * 100 + Number(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1 : 0);
  if (m[1] === '-') minor = -minor;
  return minor;
}

/** 1250 -> "12.50". */
export function fromMinor(minor: number): string {
  const neg = minor < 0;
  const a = Math.abs(Math.round(minor));
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Quantities: numbers kept to three decimals. */
export function roundQty(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** 5 -> "5", 2.5 -> "2.5", 0.125 -> "0.125". */
export function fmtQty(n: number): string {
  const r = roundQty(n);
  return Object.is(r, -0) ? '0' : String(r);
}

export function parseQty(text: string): number {
  const n = Number(text.trim().replace(',', '.'));
  if (!Number.isFinite(n)) throw new Error(`"${text}" is not a quantity`);
  return roundQty(n);
}

/** Percent to hundredths of a percent: "12.5" -> 1250. */
export function toBasisPoints(text: string | number): number {
  return Math.round(Number(String(text).replace(',', '.')) * 100);
}

export function fromBasisPoints(bp: number): string {
  return fmtQty(bp / 100);
}

/**
 * Row amount in minor units: quantity × unit price × (1 − discount), rounded once, on BigInt so
 * large quantities and prices never lose a digit.
 */
export function lineAmount(quantity: number, unitMinor: number, discountBp = 0): number {
  const qMilli = BigInt(Math.round(quantity * 1000));
  const num = qMilli * BigInt(unitMinor) * BigInt(10000 - discountBp);
  const den = 1000n * 10000n;
  const q = num / den;
  const r = num % den;
  // half away from zero
  const twice = (r < 0n ? -r : r) * 2n;
  const rounded = twice >= den ? q + (num < 0n ? -1n : 1n) : q;
  return Number(rounded);
}

/** Amount × percent / 100, rounded: VAT on an amount. */
export function percentOf(minor: number, percentBp: number): number {
  return Math.round((minor * percentBp) / 10000);
}

/** Convert minor units between currencies; rates are "SEK per unit" (EUR 11.45). */
export function convert(minor: number, fromRate: number, toRate: number): number {
  return Math.round((minor * fromRate) / toRate);
}

/** A consumer price ending the Swedish way: 249.00, 1 299.00, 89.90. */
export function psychological(minor: number): number {
  if (minor < 10000) return Math.max(90, Math.round(minor / 100) * 100 - 10); // 89.90
  if (minor < 100000) return Math.round(minor / 1000) * 1000 - 100; // 249.00
  return Math.round(minor / 10000) * 10000 - 100; // 1 299.00
}
