/** The catalogue entry of Kontakt (contact, both): what it is, and the fields of its documents (file <Kontakt>, request, response). */
import type { MessageDescriptor } from '../types';
import { action, boolean, code, datetime, fileHeader, list, oneOf, text, valueList } from '../fields';

export const contact: MessageDescriptor = {
  type: 'contact',
  name: 'Kontakt',
  title: 'Contacts',
  direction: 'both',
  protocol: 'FTP+WS',
  trigger: 'change (out, FTP) and registration (web service)',
  family: 'out',
  summary:
    "Contact persons of customers, with their web login and permissions (B2B). Out of Pyramid as a file on change; " +
    'a new contact registered in the shop goes to Pyramid through the KontaktRegistrering web service, which answers with the kontaktId.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Kontakt',
    fields: [
      ...fileHeader(true),
      list(
        'contacts',
        '',
        'Kontaktpost',
        'The contacts.',
        [
          code('contactId', 'KontaktId', 'Pyramid contact id.', { required: true, isKey: true }),
          code('customerNumber', 'Kundnummer', 'The customer the contact belongs to.', { required: true }),
          action(),
          text('firstName', 'Fornamn', 'First name.'),
          text('lastName', 'Efternamn', 'Last name.'),
          text('role', 'Roll', 'Role (inköpare, ekonomi, ...).'),
          text('email', 'Epost', 'E-mail.'),
          text('phone', 'Telefon', 'Phone.'),
          text('mobile', 'Mobil', 'Mobile phone.'),
          boolean('webLogin', 'Webbinloggning', 'Allowed to log in to the shop.'),
          text('username', 'Anvandarnamn', 'User name for the shop login.'),
          valueList('permissions', 'Behorigheter', 'Behorighet', 'Permissions (se-priser, lagga-order, se-fakturor).', 'code'),
          datetime('changed', 'Andrad', 'When the contact last changed.'),
        ],
        { stream: true },
      ),
    ],
  },
  ws: {
    operation: 'KontaktRegistrering',
    doc: 'Registers a new contact person for a customer; answers with the new contact id.',
    readOnly: false,
    request: {
      root: 'KontaktRegistreringRequest',
      fields: [
        code('customerNumber', 'Kundnummer', 'The customer the contact belongs to.', { required: true, isKey: true }),
        text('firstName', 'Fornamn', 'First name.', { required: true }),
        text('lastName', 'Efternamn', 'Last name.', { required: true }),
        text('email', 'Epost', 'E-mail.', { required: true }),
        text('phone', 'Telefon', 'Phone.'),
        text('username', 'Anvandarnamn', 'Requested user name for the shop login.'),
      ],
    },
    response: {
      root: 'KontaktRegistreringResponse',
      fields: [
        code('contactId', 'KontaktId', 'The new contact id (empty when refused).', { isKey: true }),
        oneOf('status', 'Status', ['registrerad', 'finns-redan', 'avvisad'], 'registrerad: created; finns-redan: a contact with this e-mail exists; avvisad: refused.', {
          required: true,
        }),
        text('message', 'Meddelande', 'Why, when not registered.'),
      ],
    },
  },
};
