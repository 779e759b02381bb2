/** The catalogue entry of Grunddata (base-data, out): what it is, and the fields of its document (file <Grunddata>). */
import type { MessageDescriptor } from '../types';
import { boolean, code, codeList, decimal, fileHeader, integer } from '../fields';

export const baseData: MessageDescriptor = {
  type: 'base-data',
  name: 'Grunddata',
  title: 'Base data',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'schedule',
  family: 'out',
  summary:
    'Reference data the shop needs to map Pyramid codes: currencies, VAT codes, units, article groups, warehouses, ' +
    'delivery methods and terms, payment terms, price lists, customer categories and countries. Written on a schedule.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Grunddata',
    fields: [
      ...fileHeader(true),
      codeList('currencies', 'Valutor', 'Valuta', 'Currencies.', [decimal('rate', 'Kurs', 'Exchange rate against the company currency.')]),
      codeList('vatCodes', 'Momskoder', 'Momskod', 'VAT codes.', [decimal('percent', 'Procent', 'VAT rate in percent (25, 12, 6, 0).')]),
      codeList('units', 'Enheter', 'Enhet', 'Units (st, m, kg, ...).'),
      codeList('articleGroups', 'Artikelgrupper', 'Artikelgrupp', 'Article groups, a tree.', [
        code('parent', 'Overordnad', 'Code of the parent group (empty at the top).'),
      ]),
      codeList('warehouses', 'Lagerstallen', 'Lagerstalle', 'Warehouses.'),
      codeList('deliveryMethods', 'Leveranssatten', 'Leveranssatt', 'Delivery methods (carriers and services).'),
      codeList('deliveryTerms', 'Leveransvillkoren', 'Leveransvillkor', 'Delivery terms (Incoterms-like).'),
      codeList('paymentTerms', 'Betalningsvillkoren', 'Betalningsvillkor', 'Payment terms.', [
        integer('days', 'Dagar', 'Days until due.'),
      ]),
      codeList('priceLists', 'Prislistor', 'Prislista', 'Price lists.', [
        code('currency', 'Valuta', 'Currency of the price list.'),
        boolean('includesVat', 'InklMoms', 'Prices include VAT.'),
      ]),
      codeList('customerCategories', 'Kundkategorier', 'Kundkategori', 'Customer categories.'),
      codeList('countries', 'Lander', 'Land', 'Countries (ISO 3166 alpha-2 codes).', [
        boolean('euMember', 'EU', 'Member of the EU, for VAT rules.'),
      ]),
    ],
  },
};
