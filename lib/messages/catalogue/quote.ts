/** The catalogue entry of Offert (quote, in): what it is, and the fields of its document (file <Offert>). */
import type { MessageDescriptor } from '../types';
import { code, date } from '../fields';
import { orderFields } from './order-common';

const fields = orderFields(
  code('externalQuoteNumber', 'ExterntOffertnummer', "The shop's quote id (the dedupe key).", { required: true, isKey: true }),
);
// an offer is valid until a date: after the order date
fields.splice(fields.findIndex((f) => f.key === 'orderDate') + 1, 0, date('validUntil', 'GiltigTill', 'The offer is valid until this date.'));

export const quote: MessageDescriptor = {
  type: 'quote',
  name: 'Offert',
  title: 'Quote',
  direction: 'in',
  protocol: 'FTP',
  trigger: 'registration in shop',
  family: 'in',
  summary: 'A quote request from the shop (B2B): like an order, keyed by the shop\'s quote id, with a validity date.',
  fileName: { kind: 'key', keyField: 'externalQuoteNumber' },
  file: { root: 'Offert', fields, requireOneOf: [['customerNumber', 'newCustomer']] },
};
