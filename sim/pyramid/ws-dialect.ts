/**
 * The simulated Pyramid's own map of its web-service messages: operation, request and response
 * element names and nesting of Orderhistorik, KontaktRegistrering, Inloggning, KundPris and Bilder,
 * written from the domain sheet (shared/design/messages.md, "Fields" 7, 9, 10, 12, 14 and "The web
 * service side") and nothing else: like dialect.ts for the files, it never looks at lib/messages,
 * so the web-service tests compare two readings of the sheet. Where the sheet is silent (a list's
 * item element, the fields of an order row) the package's published reference (docs/messages.md,
 * wsdl/pyramid-eshop.wsdl) is followed. Every value is a string on the wire (xsd:string).
 */
import type { Field, Kind } from './dialect';

/** SOAP 1.1 document/literal, the namespace of Pyramid's WTS services. */
export const PWS_NAMESPACE = 'http://www.unikum.se/pws';

export interface WsMessage {
  /** The Body's child element: `<Op>Request` / `<Op>Response`. */
  root: string;
  fields: Field[];
}

export interface WsOperation {
  /** Operation name = soapAction. */
  name: string;
  /** The sheet's type id. */
  type: string;
  request: WsMessage;
  response: WsMessage;
}

interface Opts {
  required?: boolean;
  values?: readonly string[];
  min?: number;
  secret?: boolean;
}

const s = (xml: string, key: string, kind: Kind = 'text', o: Opts = {}): Field => ({ xml, key, kind, ...o });
const records = (container: string, item: string, key: string, fields: Field[], o: Opts = {}): Field => ({ xml: container, item, key, fields, ...o });
const values = (container: string, item: string, key: string, kind: Kind): Field => ({ xml: container, item, key, kind });
const required: Opts = { required: true };

/** Sheet 6: the order states. */
export const ORDER_STATES = ['mottagen', 'registrerad', 'plockas', 'dellevererad', 'levererad', 'fakturerad', 'makulerad'] as const;

/** Sheet 7: Orderhistorik. The sheet lists franDatum/tillDatum without "?"; the WSDL has every element minOccurs 0 (an open range). */
const orderhistorik: WsOperation = {
  name: 'Orderhistorik',
  type: 'order-history',
  request: {
    root: 'OrderhistorikRequest',
    fields: [
      s('Kundnummer', 'customerNumber', 'code', required),
      s('KontaktId', 'contactId', 'code'),
      s('FranDatum', 'fromDate', 'date'),
      s('TillDatum', 'toDate', 'date'),
      s('Status', 'status', 'code', { values: ORDER_STATES }),
      s('Sida', 'page', 'int', { min: 1 }),
      s('PerSida', 'perPage', 'int', { min: 1 }),
    ],
  },
  response: {
    root: 'OrderhistorikResponse',
    fields: [
      records('Ordrar', 'Order', 'orders', [
        s('Ordernummer', 'orderNumber', 'code', required),
        s('ExterntOrdernummer', 'externalOrderNumber', 'code'),
        s('Orderdatum', 'orderDate', 'date'),
        s('Status', 'status', 'code', { values: ORDER_STATES }),
        s('Summa', 'total', 'dec'),
        s('Valuta', 'currency', 'code'),
        records('Rader', 'Rad', 'rows', [
          s('Radnummer', 'rowNumber', 'int'),
          s('Artikelkod', 'articleCode', 'code'),
          s('Benamning', 'description'),
          s('Antal', 'quantity', 'dec'),
          s('APris', 'unitPrice', 'dec'),
          s('LevereratAntal', 'deliveredQuantity', 'dec'),
        ]),
        // sheet 6: leveranser[] (sparningsnummer, transportor, sparningsUrl, leveransdatum)
        records('Leveranser', 'Leverans', 'deliveries', [
          s('Sparningsnummer', 'trackingNumber', 'code'),
          s('Transportor', 'carrier'),
          s('SparningsUrl', 'trackingUrl'),
          s('Leveransdatum', 'deliveryDate', 'date'),
        ]),
        records('Fakturor', 'Faktura', 'invoices', [
          s('Fakturanummer', 'invoiceNumber', 'code'),
          s('Datum', 'date', 'date'),
          s('Forfallodatum', 'dueDate', 'date'),
          s('Belopp', 'amount', 'dec'),
          s('Betald', 'paid', 'bool'),
        ]),
      ]),
      s('TotaltAntal', 'totalCount', 'int'),
    ],
  },
};

/** Sheet 9, registration (WS): kundnummer, fornamn, efternamn, epost, telefon, anvandarnamn -> kontaktId, status. */
const kontaktRegistrering: WsOperation = {
  name: 'KontaktRegistrering',
  type: 'contact',
  request: {
    root: 'KontaktRegistreringRequest',
    fields: [
      s('Kundnummer', 'customerNumber', 'code', required),
      s('Fornamn', 'firstName', 'text', required),
      s('Efternamn', 'lastName', 'text', required),
      s('Epost', 'email', 'text', required),
      s('Telefon', 'phone'),
      s('Anvandarnamn', 'username'),
    ],
  },
  response: {
    root: 'KontaktRegistreringResponse',
    fields: [
      s('KontaktId', 'contactId', 'code'),
      s('Status', 'status', 'code', { required: true, values: ['registrerad', 'finns-redan', 'avvisad'] }),
      s('Meddelande', 'message'),
    ],
  },
};

/** Sheet 10: Inloggningsmeddelande. The password is never logged, echoed or kept. */
const inloggning: WsOperation = {
  name: 'Inloggning',
  type: 'login',
  request: {
    root: 'InloggningRequest',
    fields: [s('Anvandarnamn', 'username', 'text', required), s('Losenord', 'password', 'text', { required: true, secret: true })],
  },
  response: {
    root: 'InloggningResponse',
    fields: [
      s('Godkand', 'approved', 'bool', required),
      s('Orsak', 'reason', 'code', { values: ['fel-uppgifter', 'last', 'ej-aktiverad'] }),
      s('KontaktId', 'contactId', 'code'),
      s('Kundnummer', 'customerNumber', 'code'),
      s('Namn', 'name'),
      s('Foretagsnamn', 'companyName'),
      s('Prislista', 'priceList', 'code'),
      values('Behorigheter', 'Behorighet', 'permissions', 'code'),
    ],
  },
};

/** Sheet 12: Pris (kund/artikel). */
const kundPris: WsOperation = {
  name: 'KundPris',
  type: 'customer-price',
  request: {
    root: 'KundPrisRequest',
    fields: [
      s('Kundnummer', 'customerNumber', 'code', required),
      s('Valuta', 'currency', 'code'),
      records('Rader', 'Rad', 'rows', [s('Artikelkod', 'articleCode', 'code', required), s('Antal', 'quantity', 'dec')], required),
    ],
  },
  response: {
    root: 'KundPrisResponse',
    fields: [
      records('Rader', 'Rad', 'rows', [
        s('Artikelkod', 'articleCode', 'code', required),
        s('Antal', 'quantity', 'dec'),
        s('Listpris', 'listPrice', 'dec'),
        s('RabattProcent', 'discountPercent', 'dec'),
        s('Nettopris', 'netPrice', 'dec', required),
        s('Valuta', 'currency', 'code'),
        s('InklMoms', 'includesVat', 'bool'),
        s('MomsProcent', 'vatPercent', 'dec'),
        s('Priskalla', 'priceSource', 'code', { values: ['avtal', 'prislista', 'kampanj', 'grundpris'] }),
        s('GiltigTill', 'validUntil', 'date'),
      ]),
    ],
  },
};

/** Sheet 14: Bilder; data (base64) or url per image. */
const bilder: WsOperation = {
  name: 'Bilder',
  type: 'images',
  request: {
    root: 'BilderRequest',
    fields: [s('Artikelkod', 'articleCode', 'code', required), s('AndradEfter', 'changedAfter', 'ts')],
  },
  response: {
    root: 'BilderResponse',
    fields: [
      s('Artikelkod', 'articleCode', 'code'),
      records('Bilder', 'Bild', 'images', [
        s('Filnamn', 'fileName', 'text', required),
        s('MimeTyp', 'mimeType'),
        s('Data', 'data'),
        s('Url', 'url'),
        s('Sortering', 'sortOrder', 'int'),
        s('Huvudbild', 'main', 'bool'),
        s('Andrad', 'changed', 'ts'),
        s('Md5', 'md5', 'code'),
      ]),
    ],
  },
};

/** Operation name (= soapAction) -> its messages. */
export const WS_OPERATIONS: Record<string, WsOperation> = Object.fromEntries(
  [orderhistorik, kontaktRegistrering, inloggning, kundPris, bilder].map((op) => [op.name, op]),
);

/** The operation whose request element is `root`, if the service offers it. */
export function operationByRequest(root: string): WsOperation | undefined {
  return Object.values(WS_OPERATIONS).find((op) => op.request.root === root);
}
