/**
 * Money and VAT for a Swedish shop. Amounts are kept in öre (integers) so totals add up to the öre;
 * WooCommerce's REST API shows them as strings with two decimals.
 */

/** Swedish VAT per WooCommerce tax class ('' is the standard class). */
export const TAX_CLASSES: Readonly<Record<string, { rateId: number; percent: number; label: string }>> = {
  '': { rateId: 1, percent: 25, label: 'Moms 25%' },
  'reduced-rate': { rateId: 2, percent: 12, label: 'Moms 12%' },
  'zero-rate': { rateId: 3, percent: 0, label: 'Moms 0%' },
};

export function taxClassFor(taxClass: string): { rateId: number; percent: number; label: string } {
  return TAX_CLASSES[taxClass === 'standard' ? '' : taxClass] ?? TAX_CLASSES[''];
}

/**
 * WooCommerce's `wc_format_decimal` for a shop whose decimal separator is a comma: "12,50" -> "12.50",
 * anything but digits, '.' and '-' removed, "" stays "".
 */
export function formatDecimal(input: string): string {
  return input.trim().replace(/,/g, '.').replace(/[^0-9.-]/g, '');
}

/** A decimal string ("12.50") to öre; "" and non-numbers give undefined. */
export function toOre(decimal: string): number | undefined {
  if (decimal === '') return undefined;
  const n = Number(decimal);
  return Number.isFinite(n) ? Math.round(n * 100) : undefined;
}

/** Öre to WooCommerce's two-decimal string ("1249.00"). */
export function oreToDecimal(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ore));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Splits an amount into net and VAT, rounding the VAT to the öre (WooCommerce rounds per line). */
export function splitVat(amountOre: number, percent: number, includesVat: boolean): { net: number; tax: number } {
  if (includesVat) {
    const tax = Math.round((amountOre * percent) / (100 + percent));
    return { net: amountOre - tax, tax };
  }
  return { net: amountOre, tax: Math.round((amountOre * percent) / 100) };
}

const sek = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' });

/** "1 249,00 kr" for the web page. */
export function formatSek(ore: number): string {
  return sek.format(ore / 100);
}
