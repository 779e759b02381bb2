/** The catalogue entry of Lagersaldo (stock, out): what it is, and the fields of its document (file <Lagersaldo>). */
import type { MessageDescriptor } from '../types';
import { code, date, datetime, decimal, fileHeader, list } from '../fields';

export const stock: MessageDescriptor = {
  type: 'stock',
  name: 'Lagersaldo',
  title: 'Stock',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'change',
  family: 'out',
  summary:
    'Stock per article and warehouse: on hand, available, reserved, incoming and the next delivery date. ' +
    'A full file means "anything absent is 0"; a delta file carries only changes.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Lagersaldo',
    fields: [
      ...fileHeader(true),
      list(
        'stock',
        '',
        'Artikelsaldo',
        'Stock rows.',
        [
          code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
          code('warehouse', 'Lagerstalle', 'Warehouse code.', { required: true, isKey: true }),
          decimal('onHand', 'Saldo', 'Quantity on hand.'),
          decimal('available', 'Disponibelt', 'Quantity available to sell.', { required: true }),
          decimal('reserved', 'Reserverat', 'Quantity reserved for orders.'),
          decimal('incoming', 'Bestallt', 'Quantity on purchase orders.'),
          date('nextDeliveryDate', 'NastaLeveransdatum', 'Expected date of the next delivery.'),
          datetime('changed', 'Andrad', 'When the stock changed.'),
        ],
        { stream: true },
      ),
    ],
  },
};
