/** The catalogue entry of Kund (customer, both): what it is, and the fields of its document (file <Kund>). */
import type { MessageDescriptor } from '../types';
import { fileHeader, list } from '../fields';
import { customerFields } from './customer-common';

export const customer: MessageDescriptor = {
  type: 'customer',
  name: 'Kund',
  title: 'Customers',
  direction: 'both',
  protocol: 'FTP',
  trigger: 'change (out) and registration in shop (in)',
  family: 'out',
  summary:
    "Out of Pyramid: the customer register's changes (kundnummer is the key). Into Pyramid: a customer registered " +
    'in the shop (externtKundId is the key, kundnummer empty); Pyramid assigns the number and sends it back in the next out-message.',
  fileName: { kind: 'key', keyField: 'customers.0.externalCustomerId' },
  file: {
    root: 'Kund',
    fields: [
      ...fileHeader(true),
      list('customers', '', 'Kundpost', 'The customers.', customerFields('both'), {
        stream: true,
        requireOneOf: [['customerNumber', 'externalCustomerId']],
      }),
    ],
  },
};
