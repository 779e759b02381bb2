/**
 * The catalogue's example of Lagersaldo (stock): its file, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const stockExample: MessageExample = {
  file: {
    version: '1',
    created: '2026-11-28T10:15:00+01:00',
    scope: 'delta',
    stock: [
      {
        articleCode: '00123',
        warehouse: '01',
        onHand: '4820',
        available: '4660',
        reserved: '160',
        incoming: '5000',
        nextDeliveryDate: '2026-12-07',
        changed: '2026-11-28T10:14:02+01:00',
      },
      {
        articleCode: '00123',
        warehouse: '02',
        onHand: '1200',
        available: '1200',
        reserved: '0',
        changed: '2026-11-27T17:02:00+01:00',
      },
      {
        articleCode: '00123',
        warehouse: '03',
        onHand: '35',
        available: '35',
        changed: '2026-11-28T09:12:45+01:00',
      },
      {
        articleCode: '00124',
        warehouse: '01',
        onHand: '9650',
        available: '9450',
        reserved: '200',
        incoming: '0',
        changed: '2026-11-28T10:14:02+01:00',
      },
      {
        articleCode: '04500-R-M',
        warehouse: '01',
        onHand: '3',
        available: '0',
        reserved: '4',
        incoming: '40',
        nextDeliveryDate: '2026-12-15',
        changed: '2026-11-28T11:05:30+01:00',
      },
      {
        articleCode: '04500-SV-L',
        warehouse: '01',
        onHand: '12',
        available: '10',
        reserved: '2',
        changed: '2026-11-28T10:20:11+01:00',
      },
    ],
  },
};
