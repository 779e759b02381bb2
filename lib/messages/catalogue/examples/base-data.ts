/**
 * The catalogue's example of Grunddata (base-data): its file, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const baseDataExample: MessageExample = {
  file: {
    version: '1',
    created: '2026-11-28T02:00:00+01:00',
    scope: 'full',
    currencies: [
      {
        code: 'SEK',
        description: 'Svensk krona',
        rate: '1.0000',
      },
      {
        code: 'EUR',
        description: 'Euro (€)',
        rate: '11.4820',
      },
      {
        code: 'NOK',
        description: 'Norsk krone',
        rate: '0.9875',
      },
      {
        code: 'DKK',
        description: 'Dansk krone',
        rate: '1.5394',
      },
    ],
    vatCodes: [
      {
        code: '1',
        description: 'Utgående moms 25 %',
        percent: '25',
      },
      {
        code: '2',
        description: 'Utgående moms 12 % (livsmedel)',
        percent: '12.00',
      },
      {
        code: '3',
        description: 'Utgående moms 6 % (böcker)',
        percent: '6',
      },
      {
        code: '4',
        description: 'Momsfri försäljning (export, omvänd skattskyldighet)',
        percent: '0.00',
      },
    ],
    units: [
      {
        code: 'st',
        description: 'Styck',
      },
      {
        code: 'm',
        description: 'Meter',
      },
      {
        code: 'kg',
        description: 'Kilogram',
      },
      {
        code: 'frp',
        description: 'Förpackning',
      },
      {
        code: 'ask',
        description: 'Ask à 100 st',
      },
    ],
    articleGroups: [
      {
        code: '00100',
        description: 'Fästelement',
      },
      {
        code: '00110',
        description: 'Skruv',
        parent: '00100',
      },
      {
        code: '00120',
        description: 'Bult & mutter',
        parent: '00100',
      },
      {
        code: '00200',
        description: 'Verktyg',
      },
      {
        code: '00210',
        description: 'Elverktyg',
        parent: '00200',
      },
      {
        code: '00300',
        description: 'Arbetskläder',
      },
    ],
    warehouses: [
      {
        code: '01',
        description: 'Huvudlager Göteborg',
      },
      {
        code: '02',
        description: 'Lager Malmö',
      },
      {
        code: '03',
        description: 'Butik Örebro',
      },
    ],
    deliveryMethods: [
      {
        code: 'PN-MB',
        description: 'PostNord MyPack Home',
      },
      {
        code: 'DHL-PAL',
        description: 'DHL Freight pall',
      },
      {
        code: 'HAMT',
        description: 'Hämtas i butik (Örebro)',
      },
    ],
    deliveryTerms: [
      {
        code: 'FVL',
        description: 'Fritt vårt lager',
      },
      {
        code: 'FK',
        description: 'Fritt kund',
      },
      {
        code: 'DAP',
        description: 'Levererat till angiven plats (Incoterms 2020)',
      },
    ],
    paymentTerms: [
      {
        code: '30',
        description: '30 dagar netto',
        days: 30,
      },
      {
        code: '015',
        description: '15 dagar netto',
        days: 15,
      },
      {
        code: 'KF',
        description: 'Kontant / förskott',
        days: 0,
      },
      {
        code: 'K10',
        description: 'Kortbetalning i webbshoppen',
      },
    ],
    priceLists: [
      {
        code: '01',
        description: 'Grundprislista exkl. moms',
        currency: 'SEK',
        includesVat: false,
      },
      {
        code: '02',
        description: 'Butikspris inkl. moms',
        currency: 'SEK',
        includesVat: true,
      },
      {
        code: '05',
        description: 'Återförsäljare',
        currency: 'SEK',
        includesVat: false,
      },
      {
        code: 'EUR',
        description: 'Euro-prislista (€) Finland & Åland',
        currency: 'EUR',
        includesVat: false,
      },
    ],
    customerCategories: [
      {
        code: '001',
        description: 'Återförsäljare',
      },
      {
        code: '002',
        description: 'Bygg & entreprenad',
      },
      {
        code: '003',
        description: 'Privatkund',
      },
    ],
    countries: [
      {
        code: 'SE',
        description: 'Sverige',
        euMember: true,
      },
      {
        code: 'FI',
        description: 'Finland',
        euMember: true,
      },
      {
        code: 'AX',
        description: 'Åland',
        euMember: true,
      },
      {
        code: 'DK',
        description: 'Danmark',
        euMember: true,
      },
      {
        code: 'NO',
        description: 'Norge',
        euMember: false,
      },
    ],
  },
};
