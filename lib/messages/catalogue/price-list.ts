/** The catalogue entry of Pris (fullständig) (price-list, out): what it is, and the fields of its document (file <PrisFullstandig>). */
import type { MessageDescriptor } from '../types';
import { boolean, code, date, decimal, fileHeader, list } from '../fields';

export const priceList: MessageDescriptor = {
  type: 'price-list',
  name: 'Pris (fullständig)',
  title: 'Full price list',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'schedule',
  family: 'out',
  summary:
    'Every price: price-list prices with quantity tiers, and customer agreement prices. Real files reach hundreds of MB ' +
    '(articles × price lists × tiers × agreements), so this message is read as a stream in batches.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'PrisFullstandig',
    fields: [
      ...fileHeader(true),
      list(
        'priceListPrices',
        'Prislistepriser',
        'Prislistepris',
        'Price-list prices.',
        [
          code('priceList', 'Prislista', 'Price list.', { required: true, isKey: true }),
          code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
          decimal('fromQuantity', 'FranAntal', 'Tier: from this quantity.'),
          decimal('price', 'Pris', 'Unit price.', { required: true }),
          code('currency', 'Valuta', 'Currency.'),
          boolean('includesVat', 'InklMoms', 'Price includes VAT.'),
          date('validFrom', 'GiltigFran', 'Valid from.'),
          date('validUntil', 'GiltigTill', 'Valid until.'),
        ],
        { stream: true },
      ),
      list(
        'customerPrices',
        'Kundpriser',
        'Kundpris',
        'Customer agreement prices (a net price or a discount).',
        [
          code('customerNumber', 'Kundnummer', 'Customer number.', { required: true, isKey: true }),
          code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
          decimal('fromQuantity', 'FranAntal', 'Tier: from this quantity.'),
          decimal('price', 'Pris', 'Net unit price (or use rabattProcent).'),
          decimal('discountPercent', 'RabattProcent', 'Discount in percent off the price list.'),
          date('validFrom', 'GiltigFran', 'Valid from.'),
          date('validUntil', 'GiltigTill', 'Valid until.'),
        ],
        { stream: true },
      ),
    ],
  },
};
