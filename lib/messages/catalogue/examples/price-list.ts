/**
 * The catalogue's example of Pris (fullständig) (price-list): its file, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const priceListExample: MessageExample = {
  file: {
    version: '1',
    created: '2026-11-28T02:30:00+01:00',
    scope: 'full',
    priceListPrices: [
      {
        priceList: '01',
        articleCode: '00123',
        fromQuantity: '1',
        price: '12.50',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-01-01',
      },
      {
        priceList: '01',
        articleCode: '00123',
        fromQuantity: '100',
        price: '11.25',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-01-01',
      },
      {
        priceList: '01',
        articleCode: '00123',
        fromQuantity: '1000',
        price: '9.90',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-01-01',
      },
      {
        priceList: '01',
        articleCode: '00124',
        fromQuantity: '1',
        price: '1.90',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-01-01',
      },
      {
        priceList: '01',
        articleCode: '04500-SV-L',
        fromQuantity: '1',
        price: '749.00',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-09-01',
        validUntil: '2027-08-31',
      },
      {
        priceList: '01',
        articleCode: '04500-SV-L',
        fromQuantity: '10',
        price: '699.00',
        currency: 'SEK',
        includesVat: false,
        validFrom: '2026-09-01',
        validUntil: '2027-08-31',
      },
    ],
    customerPrices: [
      {
        customerNumber: '010017',
        articleCode: '00123',
        fromQuantity: '1',
        price: '10.95',
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      },
      {
        customerNumber: '010017',
        articleCode: '00123',
        fromQuantity: '500',
        price: '9.80',
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      },
      {
        customerNumber: '010017',
        articleCode: '04500-SV-L',
        fromQuantity: '1',
        discountPercent: '15',
        validFrom: '2026-09-01',
      },
      {
        customerNumber: '010245',
        articleCode: '07700',
        discountPercent: '12.5',
        validFrom: '2026-11-01',
        validUntil: '2026-12-31',
      },
      {
        customerNumber: '020881',
        articleCode: '04500-R-M',
        fromQuantity: '1',
        price: '599.20',
        validFrom: '2026-11-27',
        validUntil: '2026-11-30',
      },
    ],
  },
};
