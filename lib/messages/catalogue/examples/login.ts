/**
 * The catalogue's example of Inloggningsmeddelande (login): the request and the response, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const loginExample: MessageExample = {
  request: {
    username: 'asa.lindqvist',
    password: 'Höst€2026!&Åsa',
  },
  response: {
    approved: true,
    contactId: '000452',
    customerNumber: '010017',
    name: 'Åsa Lindqvist',
    companyName: 'Björk & Söner AB',
    priceList: '01',
    permissions: ['se-priser', 'lagga-order', 'se-fakturor'],
  },
};
