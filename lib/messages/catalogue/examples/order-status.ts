/**
 * The catalogue's example of Orderstatus (order-status): its file, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const orderStatusExample: MessageExample = {
  file: {
    version: '1',
    created: '2026-11-30T16:42:07+01:00',
    externalOrderNumber: 'WC-10042',
    pyramidOrderNumber: '0045871',
    status: 'levererad',
    statusText: 'Levererad i två kollin med PostNord. Fakturan skickas per e-post (ej möjligt att betala i €).',
    time: '2026-11-30T16:41:55+01:00',
    rows: [
      {
        rowNumber: 1,
        articleCode: '00123',
        orderedQuantity: '160',
        deliveredQuantity: '160.00',
        backorderQuantity: '0',
      },
      {
        rowNumber: 2,
        articleCode: '00124',
        orderedQuantity: '200',
        deliveredQuantity: '200',
        backorderQuantity: '0.00',
      },
      {
        rowNumber: 3,
        articleCode: '04500-SV-L',
        orderedQuantity: '2',
        deliveredQuantity: '2',
      },
      {
        rowNumber: 4,
        articleCode: 'SET-00123',
        orderedQuantity: '1',
        deliveredQuantity: '1',
        backorderQuantity: '0',
      },
    ],
    deliveries: [
      {
        trackingNumber: '00370712345678901234',
        carrier: 'PostNord Sverige AB',
        trackingUrl: 'https://tracking.postnord.com/se/?id=00370712345678901234&lang=sv',
        deliveryDate: '2026-11-29',
      },
      {
        trackingNumber: '00370712345678901241',
        carrier: 'PostNord Sverige AB',
        trackingUrl: 'https://tracking.postnord.com/se/?id=00370712345678901241&lang=sv',
        deliveryDate: '2026-11-30',
      },
    ],
    invoiceNumber: '0078112',
    invoiceAmount: '5222.25',
  },
};
