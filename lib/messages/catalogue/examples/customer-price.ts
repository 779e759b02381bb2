/**
 * The catalogue's example of Pris (kund/artikel) (customer-price): the request and the response, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const customerPriceExample: MessageExample = {
  request: {
    customerNumber: '010245',
    currency: 'EUR',
    rows: [
      {
        articleCode: '00123',
        quantity: '100',
      },
      {
        articleCode: '07700',
        quantity: '1',
      },
      {
        articleCode: '04500-SV-L',
        quantity: '2.0',
      },
      {
        articleCode: '00124',
        quantity: '500',
      },
      {
        articleCode: '09100',
        quantity: '12.5',
      },
    ],
  },
  response: {
    rows: [
      {
        articleCode: '00123',
        quantity: '100',
        listPrice: '1.15',
        discountPercent: '10.0',
        netPrice: '1.035',
        currency: 'EUR',
        includesVat: false,
        vatPercent: '0',
        priceSource: 'avtal',
        validUntil: '2026-12-31',
      },
      {
        articleCode: '07700',
        quantity: '1',
        listPrice: '169.00',
        discountPercent: '15',
        netPrice: '143.65',
        currency: 'EUR',
        includesVat: false,
        vatPercent: '0.00',
        priceSource: 'kampanj',
        validUntil: '2026-12-31',
      },
      {
        articleCode: '04500-SV-L',
        quantity: '2',
        listPrice: '89.00',
        netPrice: '89.00',
        currency: 'EUR',
        includesVat: false,
        vatPercent: '0',
        priceSource: 'prislista',
        validUntil: '2027-08-31',
      },
      {
        articleCode: '00124',
        quantity: '500',
        listPrice: '0.17',
        discountPercent: '0',
        netPrice: '0.17',
        currency: 'EUR',
        includesVat: false,
        vatPercent: '0',
        priceSource: 'grundpris',
      },
      {
        articleCode: '09100',
        quantity: '12.5',
        listPrice: '1.60',
        netPrice: '1.60',
        currency: 'EUR',
        includesVat: false,
        vatPercent: '0',
        priceSource: 'grundpris',
      },
    ],
  },
};
