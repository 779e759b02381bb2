/** The catalogue entry of Order (order, in): what it is, and the fields of its document (file <Order>). */
import type { MessageDescriptor } from '../types';
import { code } from '../fields';
import { orderFields } from './order-common';

export const order: MessageDescriptor = {
  type: 'order',
  name: 'Order',
  title: 'Order',
  direction: 'in',
  protocol: 'FTP',
  trigger: 'registration in shop',
  family: 'in',
  summary:
    "An order placed in the shop, for Pyramid's order import. The shop's order id is the key: the same order " +
    'always gets the same file name (Order_<id>.xml), so it is never imported twice.',
  fileName: { kind: 'key', keyField: 'externalOrderNumber' },
  file: {
    root: 'Order',
    requireOneOf: [['customerNumber', 'newCustomer']],
    fields: orderFields(
      code('externalOrderNumber', 'ExterntOrdernummer', "The shop's order id (the dedupe key).", { required: true, isKey: true }),
    ),
  },
};
