/** The catalogue entry of Pris (kund/artikel) (customer-price, request-response): what it is, and the fields of its documents (request, response). */
import type { MessageDescriptor } from '../types';
import { boolean, code, date, decimal, list, oneOf } from '../fields';

export const customerPrice: MessageDescriptor = {
  type: 'customer-price',
  name: 'Pris (kund/artikel)',
  title: 'Customer price',
  direction: 'request-response',
  protocol: 'WS',
  trigger: 'on demand',
  family: 'ws',
  summary:
    "A logged-in customer's net prices for articles and quantities, as Pyramid computes them from agreements, " +
    'price lists, campaigns and base prices.',
  ws: {
    operation: 'KundPris',
    doc: "Returns a customer's prices for a set of articles and quantities.",
    readOnly: true,
    request: {
      root: 'KundPrisRequest',
      fields: [
        code('customerNumber', 'Kundnummer', 'Customer number.', { required: true, isKey: true }),
        code('currency', 'Valuta', 'Currency (default: the customer\'s).'),
        list(
          'rows',
          'Rader',
          'Rad',
          'Articles and quantities.',
          [
            code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
            decimal('quantity', 'Antal', 'Quantity (for tier prices).'),
          ],
          { required: true },
        ),
      ],
    },
    response: {
      root: 'KundPrisResponse',
      fields: [
        list('rows', 'Rader', 'Rad', 'Prices.', [
          code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
          decimal('quantity', 'Antal', 'Quantity.'),
          decimal('listPrice', 'Listpris', 'List price before discount.'),
          decimal('discountPercent', 'RabattProcent', 'Discount in percent.'),
          decimal('netPrice', 'Nettopris', 'Net unit price.', { required: true }),
          code('currency', 'Valuta', 'Currency.'),
          boolean('includesVat', 'InklMoms', 'Prices include VAT.'),
          decimal('vatPercent', 'MomsProcent', 'VAT rate in percent.'),
          oneOf('priceSource', 'Priskalla', ['avtal', 'prislista', 'kampanj', 'grundpris'], 'Where the price comes from: agreement, price list, campaign, base price.'),
          date('validUntil', 'GiltigTill', 'The price is valid until.'),
        ]),
      ],
    },
  },
};
