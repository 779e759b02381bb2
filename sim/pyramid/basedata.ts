/** Grunddata: the reference codes every other message uses. */
import type { BaseData } from './types';

export const PRICE_LISTS = {
  /** Company list price, SEK excl. VAT. */
  base: 'BAS',
  /** Consumer price, SEK incl. VAT. */
  consumer: 'KONS',
  /** Export, EUR excl. VAT. */
  export: 'EUR',
} as const;

export const WAREHOUSES = ['HUV', 'GBG', 'MMA'] as const;

export function baseData(): BaseData {
  return {
    currencies: [
      { code: 'SEK', description: 'Svensk krona', rate: '1' },
      { code: 'EUR', description: 'Euro', rate: '11.45' },
      { code: 'NOK', description: 'Norsk krona', rate: '1.02' },
    ],
    vatCodes: [
      { code: '1', description: 'Moms 25 %', percent: '25' },
      { code: '2', description: 'Moms 12 % (livsmedel)', percent: '12' },
      { code: '3', description: 'Moms 6 % (böcker)', percent: '6' },
      { code: '4', description: 'Momsfri', percent: '0' },
    ],
    units: [
      { code: 'st', description: 'Styck' },
      { code: 'par', description: 'Par' },
      { code: 'm', description: 'Meter' },
      { code: 'kg', description: 'Kilogram' },
      { code: 'l', description: 'Liter' },
      { code: 'frp', description: 'Förpackning' },
      { code: 'ask', description: 'Ask' },
      { code: 'rle', description: 'Rulle' },
      { code: 'set', description: 'Set' },
    ],
    articleGroups: [
      { code: 'VERK', description: 'Verktyg' },
      { code: 'VERK-HAND', description: 'Handverktyg', parent: 'VERK' },
      { code: 'VERK-EL', description: 'Elverktyg', parent: 'VERK' },
      { code: 'VERK-TILL', description: 'Tillbehör för verktyg', parent: 'VERK' },
      { code: 'FAST', description: 'Fästelement' },
      { code: 'FAST-SKR', description: 'Skruv', parent: 'FAST' },
      { code: 'FAST-MUT', description: 'Muttrar & brickor', parent: 'FAST' },
      { code: 'FAST-PLU', description: 'Plugg & ankare', parent: 'FAST' },
      { code: 'FAST-SPI', description: 'Spik', parent: 'FAST' },
      { code: 'FAST-BES', description: 'Beslag', parent: 'FAST' },
      { code: 'KLAD', description: 'Arbetskläder' },
      { code: 'KLAD-JAC', description: 'Jackor', parent: 'KLAD' },
      { code: 'KLAD-BYX', description: 'Byxor', parent: 'KLAD' },
      { code: 'KLAD-TRO', description: 'Tröjor', parent: 'KLAD' },
      { code: 'KLAD-HAN', description: 'Handskar', parent: 'KLAD' },
      { code: 'KLAD-SKO', description: 'Skor', parent: 'KLAD' },
      { code: 'KLAD-ACC', description: 'Accessoarer', parent: 'KLAD' },
      { code: 'SKYD', description: 'Skyddsutrustning' },
      { code: 'MAL', description: 'Färg & målning' },
      { code: 'TRAD', description: 'Trädgård' },
      { code: 'EL', description: 'Belysning & el' },
      { code: 'KEM', description: 'Kemteknik' },
      { code: 'FRIL', description: 'Friluftsliv' },
      { code: 'METV', description: 'Metervara' },
      { code: 'TRA', description: 'Trävaror & skivor' },
      { code: 'VVS', description: 'Rör & VVS' },
      { code: 'OVR', description: 'Övrigt' },
    ],
    warehouses: [
      { code: 'HUV', description: 'Huvudlager Jönköping' },
      { code: 'GBG', description: 'Lager Göteborg' },
      { code: 'MMA', description: 'Butikslager Malmö' },
    ],
    deliveryMethods: [
      { code: 'PN-MB', description: 'PostNord MyPack Collect' },
      { code: 'PN-HD', description: 'PostNord MyPack Home' },
      { code: 'DHL-SP', description: 'DHL Service Point' },
      { code: 'DHL-FR', description: 'DHL Freight (pall)' },
      { code: 'SCH', description: 'DB Schenker System' },
      { code: 'BUD', description: 'Budbil inom Jönköping' },
      { code: 'UPH', description: 'Upphämtning Huvudlager Jönköping' },
    ],
    deliveryTerms: [
      { code: 'FVL', description: 'Fritt vårt lager (EXW)' },
      { code: 'FCA', description: 'Fritt transportör (FCA)' },
      { code: 'DAP', description: 'Levererat till plats (DAP)' },
      { code: 'FRI', description: 'Fri frakt' },
    ],
    paymentTerms: [
      { code: '10', description: '10 dagar netto', days: 10 },
      { code: '20', description: '20 dagar netto', days: 20 },
      { code: '30', description: '30 dagar netto', days: 30 },
      { code: 'KONT', description: 'Kontant', days: 0 },
      { code: 'FORS', description: 'Förskottsbetalning', days: 0 },
      { code: 'KORT', description: 'Kortbetalning i webbutiken', days: 0 },
      { code: 'KLARNA', description: 'Klarna faktura', days: 14 },
    ],
    priceLists: [
      { code: 'BAS', description: 'Baspris företag', currency: 'SEK', includesVat: false },
      { code: 'KONS', description: 'Konsumentpris inkl. moms', currency: 'SEK', includesVat: true },
      { code: 'EUR', description: 'Export EUR', currency: 'EUR', includesVat: false },
    ],
    customerCategories: [
      { code: 'FTG', description: 'Företag' },
      { code: 'BYGG', description: 'Byggföretag' },
      { code: 'ATER', description: 'Återförsäljare' },
      { code: 'OFF', description: 'Offentlig sektor' },
      { code: 'PRIV', description: 'Privatperson' },
      { code: 'EXP', description: 'Export' },
    ],
    countries: [
      { code: 'SE', description: 'Sverige', euMember: 'J' },
      { code: 'NO', description: 'Norge', euMember: 'N' },
      { code: 'FI', description: 'Finland', euMember: 'J' },
      { code: 'DK', description: 'Danmark', euMember: 'J' },
      { code: 'DE', description: 'Tyskland', euMember: 'J' },
      { code: 'EE', description: 'Estland', euMember: 'J' },
      { code: 'PL', description: 'Polen', euMember: 'J' },
      { code: 'NL', description: 'Nederländerna', euMember: 'J' },
      { code: 'IS', description: 'Island', euMember: 'N' },
      { code: 'GB', description: 'Storbritannien', euMember: 'N' },
    ],
  };
}

export function vatPercentOf(bd: BaseData, vatCode: string): number {
  const v = bd.vatCodes.find((c) => c.code === vatCode);
  return v ? Number(v.percent) : 25;
}

/** SEK per unit of the currency. */
export function rateOf(bd: BaseData, currency: string): number {
  const c = bd.currencies.find((x) => x.code === currency);
  if (!c) throw new Error(`unknown currency ${currency}`);
  return Number(c.rate);
}
