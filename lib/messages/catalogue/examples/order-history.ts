/**
 * The catalogue's example of Orderhistorik (order-history): the request and the response, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const orderHistoryExample: MessageExample = {
  request: {
    customerNumber: '010017',
    contactId: '000452',
    fromDate: '2026-01-01',
    toDate: '2026-11-30',
    page: 1,
    perPage: 4,
  },
  response: {
    orders: [
      {
        orderNumber: '0045871',
        externalOrderNumber: 'WC-10042',
        orderDate: '2026-11-28',
        status: 'levererad',
        total: '5222.25',
        currency: 'SEK',
        rows: [
          {
            rowNumber: 1,
            articleCode: '00123',
            description: 'Skruv rostfri M6x20 A4',
            quantity: '160',
            unitPrice: '11.205',
            deliveredQuantity: '160',
          },
          {
            rowNumber: 2,
            articleCode: '00124',
            description: 'Mutter M6 A4',
            quantity: '200',
            unitPrice: '1.90',
            deliveredQuantity: '200',
          },
          {
            rowNumber: 3,
            articleCode: '04500-SV-L',
            description: 'Arbetsjacka Vinter svart L',
            quantity: '2',
            unitPrice: '749.00',
            deliveredQuantity: '2',
          },
          {
            rowNumber: 4,
            articleCode: 'SET-00123',
            description: 'Skruvsats rostfri M6 – 100 skruv + 100 mutter',
            quantity: '1',
            unitPrice: '329.00',
            deliveredQuantity: '1',
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
        invoices: [
          {
            invoiceNumber: '0078112',
            date: '2026-11-30',
            dueDate: '2026-12-30',
            amount: '5222.25',
            paid: false,
          },
        ],
      },
      {
        orderNumber: '0045102',
        externalOrderNumber: 'WC-9871',
        orderDate: '2026-10-14',
        status: 'fakturerad',
        total: '1861.25',
        currency: 'SEK',
        rows: [
          {
            rowNumber: 1,
            articleCode: '00123',
            description: 'Skruv rostfri M6x20 A4',
            quantity: '100',
            unitPrice: '12.50',
            deliveredQuantity: '100',
          },
          {
            rowNumber: 2,
            articleCode: '00124',
            description: 'Mutter M6 A4',
            quantity: '100',
            unitPrice: '1.90',
            deliveredQuantity: '100',
          },
          {
            rowNumber: 3,
            articleCode: 'FRAKT',
            description: 'Frakt PostNord',
            quantity: '1',
            unitPrice: '49.00',
            deliveredQuantity: '1',
          },
        ],
        deliveries: [
          {
            trackingNumber: '00370712345670004471',
            carrier: 'PostNord Sverige AB',
            trackingUrl: 'https://tracking.postnord.com/se/?id=00370712345670004471&lang=sv',
            deliveryDate: '2026-10-15',
          },
        ],
        invoices: [
          {
            invoiceNumber: '0077305',
            date: '2026-10-15',
            dueDate: '2026-11-14',
            amount: '1861.25',
            paid: true,
          },
        ],
      },
      {
        orderNumber: '0044650',
        orderDate: '2026-09-02',
        status: 'dellevererad',
        total: '8237.50',
        currency: 'SEK',
        rows: [
          {
            rowNumber: 1,
            articleCode: '07700',
            description: 'Slagborrmaskin 18 V, 2×5,0 Ah',
            quantity: '3',
            unitPrice: '1890.00',
            deliveredQuantity: '2',
          },
          {
            rowNumber: 2,
            articleCode: '09100',
            description: 'Gummikabel H07RN-F 3G1,5',
            quantity: '50',
            unitPrice: '18.40',
            deliveredQuantity: '50',
          },
        ],
        deliveries: [
          {
            trackingNumber: 'JJD0001234567890',
            carrier: 'DHL Freight',
            trackingUrl: 'https://www.dhl.com/se-sv/home/tracking.html?tracking-id=JJD0001234567890&submit=1',
            deliveryDate: '2026-09-04',
          },
        ],
        invoices: [
          {
            invoiceNumber: '0076218',
            date: '2026-09-04',
            dueDate: '2026-10-04',
            amount: '5875.00',
            paid: true,
          },
        ],
      },
      {
        orderNumber: '0044391',
        externalOrderNumber: 'WC-9650',
        orderDate: '2026-08-19',
        status: 'makulerad',
        total: '161.25',
        currency: 'EUR',
        rows: [
          {
            rowNumber: 1,
            articleCode: '08800',
            description: 'Startpaket snickare – kampanjpris 129 € i Finland',
            quantity: '1',
            unitPrice: '129.00',
            deliveredQuantity: '0',
          },
        ],
        deliveries: [],
        invoices: [],
      },
    ],
    totalCount: 7,
  },
};
