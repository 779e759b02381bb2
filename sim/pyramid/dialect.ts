/**
 * The simulated Pyramid's own map of the files it exchanges: element names and nesting of every
 * file message, written from the domain sheet (shared/design/messages.md, "Fields") and nothing
 * else: this file never looks at lib/messages, so the end-to-end tests compare two readings of the
 * sheet. Where the sheet is silent (the name of a record element, a list's item element) the
 * package's published message reference (docs/messages.md) is followed.
 */

/** How a value is written: text as it is, codes trimmed, decimals with ".", yes/no as J/N. */
export type Kind = 'text' | 'code' | 'dec' | 'int' | 'bool' | 'date' | 'ts';

export interface Field {
  /** The key in the sim's model (English camelCase, as the shop-facing JSON has it). */
  key: string;
  /** Element name; `@name` for an attribute of the record; `#text` for the record's own text; '' for a list without a container. */
  xml: string;
  kind?: Kind;
  required?: boolean;
  /** A group (one nested record) or, with `item`, a list of records. */
  fields?: Field[];
  /** A list: the element of each item (inside the container `xml`). */
  item?: string;
  /** An attribute on a scalar element that holds a sibling key (`<Grundpris valuta="SEK">`). */
  attr?: { name: string; key: string; kind: Kind };
  /** The only values the sheet allows (matched without regard to case); web-service messages. */
  values?: readonly string[];
  /** The smallest whole number allowed; web-service messages. */
  min?: number;
  /** A password: its value is never echoed in an error or a log. */
  secret?: boolean;
}

export interface FileSpec {
  type: string;
  root: string;
  /** Out-messages say `omfattning="full|delta"`. */
  scoped: boolean;
  body: Field[];
}

const s = (xml: string, key: string, kind: Kind = 'text', required = false): Field => ({ xml, key, kind, required });
const group = (xml: string, key: string, fields: Field[]): Field => ({ xml, key, fields });
const records = (container: string, item: string, key: string, fields: Field[]): Field => ({ xml: container, item, key, fields });
const values = (container: string, item: string, key: string, kind: Kind): Field => ({ xml: container, item, key, kind });
const action = (): Field => s('@atgard', 'action', 'code');

/** Sheet: "addr" = {namn, co, adress1, adress2, postnummer, ort, land, telefon}. */
const addr = (): Field[] => [
  s('Namn', 'name'),
  s('Co', 'co'),
  s('Adress1', 'address1'),
  s('Adress2', 'address2'),
  s('Postnummer', 'postalCode'),
  s('Ort', 'city'),
  s('Land', 'country', 'code'),
  s('Telefon', 'phone'),
];

const codeList = (container: string, item: string, key: string, more: Field[] = []): Field =>
  records(container, item, key, [s('Kod', 'code', 'code', true), s('Benamning', 'description'), ...more]);

/** Sheet 1: Grunddata. */
const baseData: Field[] = [
  codeList('Valutor', 'Valuta', 'currencies', [s('Kurs', 'rate', 'dec')]),
  records('Momskoder', 'Momskod', 'vatCodes', [s('Kod', 'code', 'code', true), s('Procent', 'percent', 'dec'), s('Benamning', 'description')]),
  codeList('Enheter', 'Enhet', 'units'),
  codeList('Artikelgrupper', 'Artikelgrupp', 'articleGroups', [s('Overordnad', 'parent', 'code')]),
  codeList('Lagerstallen', 'Lagerstalle', 'warehouses'),
  codeList('Leveranssatten', 'Leveranssatt', 'deliveryMethods'),
  codeList('Leveransvillkoren', 'Leveransvillkor', 'deliveryTerms'),
  codeList('Betalningsvillkoren', 'Betalningsvillkor', 'paymentTerms', [s('Dagar', 'days', 'int')]),
  codeList('Prislistor', 'Prislista', 'priceLists', [s('Valuta', 'currency', 'code'), s('InklMoms', 'includesVat', 'bool')]),
  codeList('Kundkategorier', 'Kundkategori', 'customerCategories'),
  codeList('Lander', 'Land', 'countries', [s('EU', 'euMember', 'bool')]),
];

/** Sheet 2: Artikel. */
export const ARTICLE_FIELDS: Field[] = [
  action(),
  s('Artikelkod', 'articleCode', 'code', true),
  s('Benamning', 'description'),
  s('Benamning2', 'description2'),
  s('LangText', 'longText'),
  s('Enhet', 'unit', 'code'),
  s('Artikelgrupp', 'articleGroup', 'code'),
  s('Momskod', 'vatCode', 'code'),
  s('Ean', 'ean', 'code'),
  s('Leverantor', 'supplier', 'code'),
  s('LeverantorsArtikelkod', 'supplierArticleCode', 'code'),
  s('Vikt', 'weight', 'dec'),
  s('Volym', 'volume', 'dec'),
  s('Langd', 'length', 'dec'),
  s('Bredd', 'width', 'dec'),
  s('Hojd', 'height', 'dec'),
  { xml: 'Grundpris', key: 'basePrice', kind: 'dec', attr: { name: 'valuta', key: 'basePriceCurrency', kind: 'code' } },
  s('Webbaktiv', 'webActive', 'bool'),
  s('Lagerford', 'stocked', 'bool'),
  s('Utgaende', 'discontinued', 'bool'),
  s('Sokord', 'searchWords'),
  values('Webbkategorier', 'Kategori', 'webCategories', 'text'),
  records('Egenskaper', 'Egenskap', 'properties', [s('@namn', 'name'), s('#text', 'value')]),
  s('Huvudartikel', 'parentArticle', 'code'),
  records('Variantegenskaper', 'Variantegenskap', 'variantProperties', [s('@namn', 'name'), s('#text', 'value')]),
  values('Bilder', 'Bild', 'images', 'text'),
  s('Andrad', 'changed', 'ts'),
];

/** Sheet 3: Setartikel. */
const kit: Field[] = [
  action(),
  s('Artikelkod', 'articleCode', 'code', true),
  s('Benamning', 'description'),
  s('Pristyp', 'priceType', 'code'),
  s('Pris', 'price', 'dec'),
  records('Komponenter', 'Komponent', 'components', [s('Artikelkod', 'articleCode', 'code', true), s('Antal', 'quantity', 'dec', true)]),
  s('Andrad', 'changed', 'ts'),
];

/** Sheet 8: Kund (out with kundnummer; in with externtKundId, kundnummer empty). */
const customer = (): Field[] => [
  s('Kundnummer', 'customerNumber', 'code'),
  s('ExterntKundId', 'externalCustomerId', 'code'),
  s('Namn', 'name'),
  s('Organisationsnummer', 'organisationNumber', 'code'),
  s('Momsregistreringsnummer', 'vatNumber', 'code'),
  s('Privatperson', 'privatePerson', 'bool'),
  s('Kundkategori', 'customerCategory', 'code'),
  s('Prislista', 'priceList', 'code'),
  s('RabattProcent', 'discountPercent', 'dec'),
  s('Betalningsvillkor', 'paymentTerms', 'code'),
  s('Leveransvillkor', 'deliveryTerms', 'code'),
  s('Leveranssatt', 'deliveryMethod', 'code'),
  s('Valuta', 'currency', 'code'),
  s('Sprak', 'language', 'code'),
  s('Kreditgrans', 'creditLimit', 'dec'),
  s('Sparrad', 'blocked', 'bool'),
  s('Epost', 'email'),
  s('FakturaEpost', 'invoiceEmail'),
  s('Telefon', 'phone'),
  group('Fakturaadress', 'invoiceAddress', addr()),
  records('Leveransadresser', 'Leveransadress', 'deliveryAddresses', [s('Id', 'id', 'code'), ...addr()]),
  s('Andrad', 'changed', 'ts'),
];

/** Sheet 9: Kontakt. */
const contact: Field[] = [
  action(),
  s('KontaktId', 'contactId', 'code', true),
  s('Kundnummer', 'customerNumber', 'code'),
  s('Fornamn', 'firstName'),
  s('Efternamn', 'lastName'),
  s('Roll', 'role'),
  s('Epost', 'email'),
  s('Telefon', 'phone'),
  s('Mobil', 'mobile'),
  s('Webbinloggning', 'webLogin', 'bool'),
  s('Anvandarnamn', 'username'),
  values('Behorigheter', 'Behorighet', 'permissions', 'code'),
  s('Andrad', 'changed', 'ts'),
];

/** Sheet 4 and 5: Order and Offert (the same body; Offert keyed by externtOffertnummer, plus giltigTill). */
const orderBody = (key: Field, extra: Field[]): Field[] => [
  key,
  s('Orderdatum', 'orderDate', 'date'),
  ...extra,
  s('Kundnummer', 'customerNumber', 'code'),
  group('NyKund', 'newCustomer', customer()),
  group('Kontakt', 'contact', [s('KontaktId', 'contactId', 'code'), s('Namn', 'name'), s('Epost', 'email'), s('Telefon', 'phone')]),
  s('ErtOrdernummer', 'customerOrderNumber'),
  s('ErReferens', 'customerReference'),
  group('Fakturaadress', 'invoiceAddress', addr()),
  group('Leveransadress', 'deliveryAddress', addr()),
  s('Leveranssatt', 'deliveryMethod', 'code'),
  s('Leveransvillkor', 'deliveryTerms', 'code'),
  s('Betalningssatt', 'paymentMethod', 'code'),
  s('Betalningsreferens', 'paymentReference'),
  s('Valuta', 'currency', 'code'),
  s('Prislista', 'priceList', 'code'),
  s('PriserInklMoms', 'pricesIncludeVat', 'bool'),
  records('Rader', 'Rad', 'rows', [
    s('Radnummer', 'rowNumber', 'int'),
    s('Artikelkod', 'articleCode', 'code', true),
    s('Benamning', 'description'),
    s('Antal', 'quantity', 'dec', true),
    s('APris', 'unitPrice', 'dec'),
    s('RabattProcent', 'discountPercent', 'dec'),
    s('MomsProcent', 'vatPercent', 'dec'),
    s('Radtext', 'rowText'),
    s('Enhet', 'unit', 'code'),
  ]),
  group('Frakt', 'freight', [s('Belopp', 'amount', 'dec'), s('MomsProcent', 'vatPercent', 'dec')]),
  s('Fakturaavgift', 'invoiceFee', 'dec'),
  s('Rabattkod', 'discountCode', 'code'),
  s('Meddelande', 'message'),
  s('OnskatLeveransdatum', 'requestedDeliveryDate', 'date'),
  s('SummaExklMoms', 'totalExclVat', 'dec'),
  s('SummaMoms', 'totalVat', 'dec'),
  s('SummaInklMoms', 'totalInclVat', 'dec'),
];

/** Sheet 6: Orderstatus. */
const orderStatus: Field[] = [
  s('ExterntOrdernummer', 'externalOrderNumber', 'code', true),
  s('PyramidOrdernummer', 'pyramidOrderNumber', 'code'),
  s('Status', 'status', 'code', true),
  s('StatusText', 'statusText'),
  s('Tidpunkt', 'time', 'ts'),
  records('Rader', 'Rad', 'rows', [
    s('Radnummer', 'rowNumber', 'int'),
    s('Artikelkod', 'articleCode', 'code'),
    s('BestalltAntal', 'orderedQuantity', 'dec'),
    s('LevereratAntal', 'deliveredQuantity', 'dec'),
    s('RestAntal', 'backorderQuantity', 'dec'),
  ]),
  records('Leveranser', 'Leverans', 'deliveries', [
    s('Sparningsnummer', 'trackingNumber', 'code'),
    s('Transportor', 'carrier'),
    s('SparningsUrl', 'trackingUrl'),
    s('Leveransdatum', 'deliveryDate', 'date'),
  ]),
  s('Fakturanummer', 'invoiceNumber', 'code'),
  s('Fakturabelopp', 'invoiceAmount', 'dec'),
];

/** Sheet 11: Lagersaldo. */
const stock: Field[] = [
  s('Artikelkod', 'articleCode', 'code', true),
  s('Lagerstalle', 'warehouse', 'code', true),
  s('Saldo', 'onHand', 'dec'),
  s('Disponibelt', 'available', 'dec'),
  s('Reserverat', 'reserved', 'dec'),
  s('Bestallt', 'incoming', 'dec'),
  s('NastaLeveransdatum', 'nextDeliveryDate', 'date'),
  s('Andrad', 'changed', 'ts'),
];

/** Sheet 13: Pris (fullständig). */
const prices: Field[] = [
  records('Prislistepriser', 'Prislistepris', 'priceListPrices', [
    s('Prislista', 'priceList', 'code', true),
    s('Artikelkod', 'articleCode', 'code', true),
    s('FranAntal', 'fromQuantity', 'dec'),
    s('Pris', 'price', 'dec'),
    s('Valuta', 'currency', 'code'),
    s('InklMoms', 'includesVat', 'bool'),
    s('GiltigFran', 'validFrom', 'date'),
    s('GiltigTill', 'validUntil', 'date'),
  ]),
  records('Kundpriser', 'Kundpris', 'customerPrices', [
    s('Kundnummer', 'customerNumber', 'code', true),
    s('Artikelkod', 'articleCode', 'code', true),
    s('FranAntal', 'fromQuantity', 'dec'),
    s('Pris', 'price', 'dec'),
    s('RabattProcent', 'discountPercent', 'dec'),
    s('GiltigFran', 'validFrom', 'date'),
    s('GiltigTill', 'validUntil', 'date'),
  ]),
];

export const FILES: Record<string, FileSpec> = {
  'base-data': { type: 'base-data', root: 'Grunddata', scoped: true, body: baseData },
  article: { type: 'article', root: 'Artikeldata', scoped: true, body: [records('', 'Artikel', 'articles', ARTICLE_FIELDS)] },
  'kit-article': { type: 'kit-article', root: 'Setartikel', scoped: true, body: [records('', 'Artikel', 'kits', kit)] },
  order: { type: 'order', root: 'Order', scoped: false, body: orderBody(s('ExterntOrdernummer', 'externalOrderNumber', 'code', true), []) },
  quote: { type: 'quote', root: 'Offert', scoped: false, body: orderBody(s('ExterntOffertnummer', 'externalQuoteNumber', 'code', true), [s('GiltigTill', 'validUntil', 'date')]) },
  'order-status': { type: 'order-status', root: 'Orderstatus', scoped: false, body: orderStatus },
  customer: { type: 'customer', root: 'Kund', scoped: true, body: [records('', 'Kundpost', 'customers', [action(), ...customer()])] },
  contact: { type: 'contact', root: 'Kontakt', scoped: true, body: [records('', 'Kontaktpost', 'contacts', contact)] },
  stock: { type: 'stock', root: 'Lagersaldo', scoped: true, body: [records('', 'Artikelsaldo', 'stock', stock)] },
  'price-list': { type: 'price-list', root: 'PrisFullstandig', scoped: true, body: prices },
};

export function fileSpec(type: string): FileSpec {
  const f = FILES[type];
  if (!f) throw new Error(`the simulator has no file message "${type}"`);
  return f;
}
