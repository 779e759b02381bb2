/** The catalogue entry of Inloggningsmeddelande (login, request-response): what it is, and the fields of its documents (request, response). */
import type { MessageDescriptor } from '../types';
import { boolean, code, oneOf, text, valueList } from '../fields';

export const login: MessageDescriptor = {
  type: 'login',
  name: 'Inloggningsmeddelande',
  title: 'Login',
  direction: 'request-response',
  protocol: 'WS',
  trigger: 'on demand',
  family: 'ws',
  summary:
    "B2B login against Pyramid's contact register: user name and password in, the contact, its customer, price list and " +
    'permissions out. The password is never logged, echoed or kept.',
  ws: {
    operation: 'Inloggning',
    doc: 'Checks a user name and password against the contact register.',
    readOnly: true,
    request: {
      root: 'InloggningRequest',
      fields: [
        text('username', 'Anvandarnamn', 'User name.', { required: true, isKey: true }),
        text('password', 'Losenord', 'Password (never logged or echoed).', { required: true, secret: true }),
      ],
    },
    response: {
      root: 'InloggningResponse',
      fields: [
        boolean('approved', 'Godkand', 'Login approved.', { required: true }),
        oneOf('reason', 'Orsak', ['fel-uppgifter', 'last', 'ej-aktiverad'], 'Why not: wrong credentials, locked, not activated.'),
        code('contactId', 'KontaktId', 'Contact id.', { isKey: true }),
        code('customerNumber', 'Kundnummer', 'Customer number.'),
        text('name', 'Namn', "The contact's name."),
        text('companyName', 'Foretagsnamn', "The customer's name."),
        code('priceList', 'Prislista', 'Price list to show.'),
        valueList('permissions', 'Behorigheter', 'Behorighet', 'Permissions (se-priser, lagga-order, se-fakturor).', 'code'),
      ],
    },
  },
};
