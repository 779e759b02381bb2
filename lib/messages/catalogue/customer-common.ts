/** The customer record, shared by the Kund file (both directions) and an order's new buyer. */
import type { Field } from '../types';
import { action, address, boolean, code, datetime, decimal, list, text } from '../fields';

/** `out`: Pyramid's register (kundnummer is the key); `in`: a registration from the shop (externtKundId). */
export function customerFields(direction: 'out' | 'in' | 'both'): Field[] {
  return [
    code('customerNumber', 'Kundnummer', 'Pyramid customer number (empty in a registration: Pyramid assigns it).', {
      isKey: direction !== 'in',
    }),
    code('externalCustomerId', 'ExterntKundId', "The shop's customer id (the key of a registration).", { isKey: direction !== 'out' }),
    ...(direction === 'in' ? [] : [action()]),
    text('name', 'Namn', 'Name (company, or the person for a private customer).'),
    code('organisationNumber', 'Organisationsnummer', 'Swedish organisation number (556677-8899) or personal identity number.'),
    code('vatNumber', 'Momsregistreringsnummer', 'VAT registration number (SE556677889901).'),
    boolean('privatePerson', 'Privatperson', 'A consumer rather than a company.'),
    code('customerCategory', 'Kundkategori', 'Customer category.'),
    code('priceList', 'Prislista', 'Price list.'),
    decimal('discountPercent', 'RabattProcent', 'General discount in percent.'),
    code('paymentTerms', 'Betalningsvillkor', 'Payment terms.'),
    code('deliveryTerms', 'Leveransvillkor', 'Delivery terms.'),
    code('deliveryMethod', 'Leveranssatt', 'Delivery method.'),
    code('currency', 'Valuta', 'Currency.'),
    code('language', 'Sprak', 'Language (sv, en, ...).'),
    decimal('creditLimit', 'Kreditgrans', 'Credit limit.'),
    boolean('blocked', 'Sparrad', 'Blocked from ordering.'),
    text('email', 'Epost', 'E-mail.'),
    text('invoiceEmail', 'FakturaEpost', 'E-mail for invoices.'),
    text('phone', 'Telefon', 'Phone.'),
    address('invoiceAddress', 'Fakturaadress', 'Invoice address.'),
    list('deliveryAddresses', 'Leveransadresser', 'Leveransadress', 'Delivery addresses.', [
      code('id', 'Id', 'Address id.', { isKey: true }),
      ...address('address', 'x', '').fields,
    ]),
    datetime('changed', 'Andrad', 'When the customer last changed.'),
  ];
}
