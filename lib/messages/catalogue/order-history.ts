/** The catalogue entry of Orderhistorik (order-history, request-response): what it is, and the fields of its documents (request, response). */
import type { MessageDescriptor } from '../types';
import { boolean, code, date, decimal, deliveries, integer, list, oneOf, text } from '../fields';
import { ORDER_STATUSES } from './order-status';

export const orderHistory: MessageDescriptor = {
  type: 'order-history',
  name: 'Orderhistorik',
  title: 'Order history',
  direction: 'request-response',
  protocol: 'WS',
  trigger: 'on demand',
  family: 'ws',
  summary: "A customer's orders with rows, deliveries and invoices, page by page, for the shop's My pages.",
  ws: {
    operation: 'Orderhistorik',
    doc: "Returns a customer's orders between two dates, newest first, one page at a time.",
    readOnly: true,
    request: {
      root: 'OrderhistorikRequest',
      fields: [
        code('customerNumber', 'Kundnummer', 'Customer number.', { required: true, isKey: true }),
        code('contactId', 'KontaktId', 'Only orders placed by this contact.'),
        date('fromDate', 'FranDatum', 'From date (inclusive).'),
        date('toDate', 'TillDatum', 'To date (inclusive).'),
        oneOf('status', 'Status', ORDER_STATUSES, 'Only orders in this state.'),
        integer('page', 'Sida', 'Page number, from 1.', { min: 1 }),
        integer('perPage', 'PerSida', 'Orders per page.', { min: 1 }),
      ],
    },
    response: {
      root: 'OrderhistorikResponse',
      fields: [
        list('orders', 'Ordrar', 'Order', 'The orders.', [
          code('orderNumber', 'Ordernummer', "Pyramid's order number.", { required: true, isKey: true }),
          code('externalOrderNumber', 'ExterntOrdernummer', "The shop's order id, when placed in the shop."),
          date('orderDate', 'Orderdatum', 'Order date.'),
          oneOf('status', 'Status', ORDER_STATUSES, 'Order state.'),
          decimal('total', 'Summa', 'Order total including VAT.'),
          code('currency', 'Valuta', 'Currency.'),
          list('rows', 'Rader', 'Rad', 'Rows.', [
            integer('rowNumber', 'Radnummer', 'Row number.'),
            code('articleCode', 'Artikelkod', 'Article code.', { isKey: true }),
            text('description', 'Benamning', 'Name.'),
            decimal('quantity', 'Antal', 'Quantity.'),
            decimal('unitPrice', 'APris', 'Unit price.'),
            decimal('deliveredQuantity', 'LevereratAntal', 'Quantity delivered.'),
          ]),
          deliveries(),
          list('invoices', 'Fakturor', 'Faktura', 'Invoices.', [
            code('invoiceNumber', 'Fakturanummer', 'Invoice number.', { isKey: true }),
            date('date', 'Datum', 'Invoice date.'),
            date('dueDate', 'Forfallodatum', 'Due date.'),
            decimal('amount', 'Belopp', 'Amount including VAT.'),
            boolean('paid', 'Betald', 'Paid.'),
          ]),
        ]),
        integer('totalCount', 'TotaltAntal', 'Number of orders matching, over all pages.'),
      ],
    },
  },
};
