/** The catalogue entry of Orderstatus (order-status, out): what it is, and the fields of its document (file <Orderstatus>). */
import type { MessageDescriptor } from '../types';
import { code, datetime, decimal, deliveries, fileHeader, integer, list, oneOf, text } from '../fields';

export const ORDER_STATUSES = ['mottagen', 'registrerad', 'plockas', 'dellevererad', 'levererad', 'fakturerad', 'makulerad'] as const;

export const orderStatus: MessageDescriptor = {
  type: 'order-status',
  name: 'Orderstatus',
  title: 'Order status',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'change',
  family: 'out',
  summary:
    'The state of a shop order in Pyramid: received, registered, being picked, (partly) delivered with tracking, ' +
    'invoiced or cancelled, with delivered and back-ordered quantities per row.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Orderstatus',
    fields: [
      ...fileHeader(false),
      code('externalOrderNumber', 'ExterntOrdernummer', "The shop's order id.", { required: true, isKey: true }),
      code('pyramidOrderNumber', 'PyramidOrdernummer', "Pyramid's order number."),
      oneOf('status', 'Status', ORDER_STATUSES, 'Order state.', { required: true }),
      text('statusText', 'StatusText', 'Status as text for the buyer.'),
      datetime('time', 'Tidpunkt', 'When the status changed.'),
      list('rows', 'Rader', 'Rad', 'Rows.', [
        integer('rowNumber', 'Radnummer', 'Row number.'),
        code('articleCode', 'Artikelkod', 'Article code.', { isKey: true }),
        decimal('orderedQuantity', 'BestalltAntal', 'Quantity ordered.'),
        decimal('deliveredQuantity', 'LevereratAntal', 'Quantity delivered.'),
        decimal('backorderQuantity', 'RestAntal', 'Quantity back-ordered.'),
      ]),
      deliveries(),
      code('invoiceNumber', 'Fakturanummer', 'Invoice number.'),
      decimal('invoiceAmount', 'Fakturabelopp', 'Invoice amount including VAT.'),
    ],
  },
};
