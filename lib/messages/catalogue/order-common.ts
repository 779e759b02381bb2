/** Fields shared by Order and Offert (an offer is an order that is not yet placed). */
import type { Field } from '../types';
import { address, boolean, code, date, decimal, fileHeader, group, integer, list, text } from '../fields';
import { customerFields } from './customer-common';

export function orderFields(keyField: Field): Field[] {
  return [
    ...fileHeader(false),
    keyField,
    date('orderDate', 'Orderdatum', 'Order date.'),
    code('customerNumber', 'Kundnummer', 'Pyramid customer number (empty for a new buyer: then NyKund is given).'),
    group('newCustomer', 'NyKund', 'A new buyer, registered by Pyramid together with the order.', customerFields('in')),
    group('contact', 'Kontakt', 'The person ordering.', [
      code('contactId', 'KontaktId', 'Pyramid contact id.'),
      text('name', 'Namn', 'Name.'),
      text('email', 'Epost', 'E-mail.'),
      text('phone', 'Telefon', 'Phone.'),
    ]),
    text('customerOrderNumber', 'ErtOrdernummer', "The buyer's purchase order number."),
    text('customerReference', 'ErReferens', "The buyer's reference."),
    address('invoiceAddress', 'Fakturaadress', 'Invoice address.'),
    address('deliveryAddress', 'Leveransadress', 'Delivery address.'),
    code('deliveryMethod', 'Leveranssatt', 'Delivery method code.'),
    code('deliveryTerms', 'Leveransvillkor', 'Delivery terms code.'),
    code('paymentMethod', 'Betalningssatt', 'Payment method (KLARNA, KORT, FAKTURA, ...).'),
    text('paymentReference', 'Betalningsreferens', 'Payment provider transaction id.'),
    code('currency', 'Valuta', 'Currency.'),
    code('priceList', 'Prislista', 'Price list.'),
    boolean('pricesIncludeVat', 'PriserInklMoms', 'Row prices include VAT.'),
    list(
      'rows',
      'Rader',
      'Rad',
      'Order rows.',
      [
        integer('rowNumber', 'Radnummer', 'Row number.'),
        code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
        text('description', 'Benamning', 'Name as shown in the shop.'),
        decimal('quantity', 'Antal', 'Quantity.', { required: true }),
        decimal('unitPrice', 'APris', 'Unit price (excl. or incl. VAT, see PriserInklMoms).'),
        decimal('discountPercent', 'RabattProcent', 'Discount in percent.'),
        decimal('vatPercent', 'MomsProcent', 'VAT rate in percent.'),
        text('rowText', 'Radtext', 'Row text.'),
        code('unit', 'Enhet', 'Unit.'),
      ],
      { required: true },
    ),
    group('freight', 'Frakt', 'Freight.', [
      decimal('amount', 'Belopp', 'Freight amount.'),
      decimal('vatPercent', 'MomsProcent', 'VAT rate on freight.'),
    ]),
    decimal('invoiceFee', 'Fakturaavgift', 'Invoice fee.'),
    code('discountCode', 'Rabattkod', 'Discount (voucher) code.'),
    text('message', 'Meddelande', "The buyer's message."),
    date('requestedDeliveryDate', 'OnskatLeveransdatum', 'Requested delivery date.'),
    decimal('totalExclVat', 'SummaExklMoms', 'Total excluding VAT (for Pyramid to verify).'),
    decimal('totalVat', 'SummaMoms', 'Total VAT.'),
    decimal('totalInclVat', 'SummaInklMoms', 'Total including VAT.'),
  ];
}
