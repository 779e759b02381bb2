/** Small constructors for field definitions, so each message module reads like the domain sheet. */
import type { Field, GroupField, ListField, ValueField, ValueKind } from './types';

type Opts = Partial<Pick<ValueField, 'required' | 'isKey' | 'secret' | 'values' | 'min'>>;

function value(kind: ValueKind) {
  return (key: string, xml: string, doc: string, o: Opts = {}): ValueField => ({ kind, key, xml, doc, ...o });
}

export const text = value('text');
export const code = value('code');
export const decimal = value('decimal');
export const integer = value('integer');
export const boolean = value('boolean');
export const date = value('date');
export const datetime = value('datetime');

export function oneOf(key: string, xml: string, values: readonly string[], doc: string, o: Opts = {}): ValueField {
  return { kind: 'enum', key, xml, doc, values, ...o };
}

/** The change action of a record: `atgard="ny|andrad|borttagen"`. */
export function action(doc = 'What happened to the record: ny (new), andrad (changed), borttagen (removed).'): ValueField {
  return { kind: 'action', key: 'action', xml: '@atgard', doc };
}

export function group(key: string, xml: string, doc: string, fields: readonly Field[], o: { required?: boolean } = {}): GroupField {
  return { kind: 'group', key, xml, doc, fields, ...o };
}

export function list(
  key: string,
  xml: string,
  item: string,
  doc: string,
  fields: readonly Field[],
  o: Partial<Pick<ListField, 'required' | 'stream' | 'label' | 'requireOneOf'>> = {},
): ListField {
  return { kind: 'list', key, xml, item, doc, fields, ...o };
}

export function valueList(key: string, xml: string, item: string, doc: string, itemKind: ValueKind = 'text'): ListField {
  return { kind: 'list', key, xml, item, doc, itemKind };
}

/** Root attributes of every file: version, created and (for out-messages) full|delta. */
export function fileHeader(withScope: boolean): Field[] {
  const h: Field[] = [
    text('version', '@version', 'Version of the message format (this dialect: 1).'),
    datetime('created', '@skapad', 'When the file was written (ISO 8601).'),
  ];
  if (withScope) {
    h.push(
      oneOf('scope', '@omfattning', ['full', 'delta'], 'full: a complete snapshot (anything absent no longer exists / is 0); delta: only the changes.'),
    );
  }
  return h;
}

/** Pyramid's address block. */
export function address(key: string, xml: string, doc: string): GroupField {
  return group(key, xml, doc, [
    text('name', 'Namn', 'Name (company or person).'),
    text('co', 'Co', 'c/o line.'),
    text('address1', 'Adress1', 'Street address, line 1.'),
    text('address2', 'Adress2', 'Street address, line 2.'),
    text('postalCode', 'Postnummer', 'Postal code (kept as written, e.g. "411 38").'),
    text('city', 'Ort', 'City.'),
    code('country', 'Land', 'Country, ISO 3166 alpha-2 (SE, NO, FI, DK, ...).'),
    text('phone', 'Telefon', 'Phone number.'),
  ]);
}

/** Shipments of an order, as Orderstatus and Orderhistorik carry them. */
export function deliveries(): ListField {
  return list('deliveries', 'Leveranser', 'Leverans', 'Shipments.', [
    code('trackingNumber', 'Sparningsnummer', 'Tracking number.', { isKey: true }),
    text('carrier', 'Transportor', 'Carrier.'),
    text('trackingUrl', 'SparningsUrl', 'Tracking URL.'),
    date('deliveryDate', 'Leveransdatum', 'Shipping date.'),
  ]);
}

/** Lists of {kod, benamning} as Grunddata carries them. */
export function codeList(key: string, xml: string, item: string, doc: string, more: Field[] = []): ListField {
  return list(key, xml, item, doc, [
    code('code', 'Kod', 'Code.', { required: true, isKey: true }),
    text('description', 'Benamning', 'Description.'),
    ...more,
  ]);
}
