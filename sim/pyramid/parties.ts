/**
 * The customer register (500 customers: companies, private persons, a few abroad) and their
 * contact persons, some with a web login. Three fixed demo customers come first.
 */
import { Random } from './random';
import {
  ascii,
  COMPANY_PATTERNS,
  FIRST_NAMES,
  FOREIGN_COMPANY_PATTERNS,
  FOREIGN_FIRST_NAMES,
  FOREIGN_LAST_NAMES,
  FOREIGN_PLACES,
  LAST_NAMES,
  ROLES,
  SITE_NAMES,
  STREETS,
  SWEDISH_PLACES,
  TRADES,
  type Place,
} from './vocabulary';
import type { Address, ContactRecord, CustomerRecord } from './types';

export const CUSTOMER_COUNT = 500;
export const FIRST_CUSTOMER = 10001;
/** The customer an order without kundnummer and without NyKund is booked on. */
export const CASH_CUSTOMER = '10500';

export type LoginState = 'aktiv' | 'ej-aktiverad' | 'last';

export interface DemoSpec {
  username: string;
  contactId: string;
  customerNumber: string;
  description: string;
}

export interface Parties {
  customers: CustomerRecord[];
  contacts: ContactRecord[];
  /** Web-login contacts and the state of their login. */
  logins: Map<string, LoginState>;
  demo: DemoSpec[];
}

function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function orgNumber(rng: Random, firstDigits = '55'): string {
  const body = firstDigits + rng.digits(7);
  const full = body + luhn(body);
  return `${full.slice(0, 6)}-${full.slice(6)}`;
}

function phone(rng: Random, area: string): string {
  if (area.startsWith('+')) return `${area} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`;
  const n = area.length <= 3 ? `${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}` : `${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`;
  return `${area}-${n}`;
}

function mobile(rng: Random): string {
  return `07${rng.pick(['0', '2', '3', '6', '9'])}-${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`;
}

function address(rng: Random, place: Place, name: string): Address {
  const street = place.street ? rng.pick(place.street) : rng.pick(STREETS);
  return {
    name,
    address1: `${street} ${rng.int(1, 120)}${rng.chance(0.1) ? rng.pick(['A', 'B', 'C']) : ''}`,
    postalCode: place.postalCode,
    city: place.city,
    country: place.country,
  };
}

function companyName(rng: Random, place: Place, last: string, used: Set<string>): string {
  const patterns = place.country === 'SE' ? COMPANY_PATTERNS : FOREIGN_COMPANY_PATTERNS[place.country];
  const lasts = place.country === 'SE' ? LAST_NAMES : FOREIGN_LAST_NAMES[place.country];
  let n = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    n = rng
      .pick(patterns)
      .replace('{last}', last)
      .replace('{city}', place.city)
      .replace('{trade}', rng.pick(TRADES));
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
    last = rng.pick(lasts);
  }
  // a small country's names run out: real registers then tell firms apart by a number
  for (let i = 2; ; i++) {
    const numbered = `${n.replace(/ (AB|HB|AS|Oy|Ab|GmbH)$/, '')} ${i} ${/ (AB|HB|AS|Oy|Ab|GmbH)$/.exec(n)?.[1] ?? ''}`.trim();
    if (!used.has(numbered)) {
      used.add(numbered);
      return numbered;
    }
  }
}

function domainOf(company: string, country: string): string {
  const tld = country === 'SE' ? 'se' : country.toLowerCase();
  const base = ascii(company.replace(/\b(AB|HB|AS|Oy|Ab|GmbH|i)\b/g, '')).slice(0, 24);
  return `${base}.${tld}`;
}

const PERMISSIONS_BY_ROLE: Record<string, string[]> = {
  VD: ['se-priser', 'lagga-order', 'se-fakturor'],
  Ägare: ['se-priser', 'lagga-order', 'se-fakturor'],
  Ekonomi: ['se-priser', 'se-fakturor'],
  Inköpare: ['se-priser', 'lagga-order'],
  Projektledare: ['se-priser', 'lagga-order'],
  Arbetsledare: ['lagga-order'],
  Platschef: ['lagga-order'],
  Lagerchef: ['se-priser'],
};

export function generateParties(seed: string | number, changed: (rng: Random) => string): Parties {
  const rng = new Random(seed, 'parties');
  const customers: CustomerRecord[] = [];
  const contacts: ContactRecord[] = [];
  const logins = new Map<string, LoginState>();
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  let contactNo = 20001;

  const uniqueEmail = (local: string, domain: string): string => {
    let e = `${local}@${domain}`;
    for (let i = 2; usedEmails.has(e); i++) e = `${local}${i}@${domain}`;
    usedEmails.add(e);
    return e;
  };

  const addContact = (c: Omit<ContactRecord, 'contactId' | 'changed' | 'permissions' | 'webLogin'> & { webLogin?: boolean; permissions?: string[] }, login?: LoginState): ContactRecord => {
    const rec: ContactRecord = {
      contactId: String(contactNo++),
      webLogin: false,
      permissions: [],
      changed: changed(rng),
      ...c,
    };
    if (!login) rec.permissions = [];
    if (login) {
      rec.webLogin = true;
      rec.username ??= rec.email;
      logins.set(rec.contactId, login);
    }
    contacts.push(rec);
    return rec;
  };

  // --- the demo customers -------------------------------------------------------------------
  const umea = SWEDISH_PLACES.find((p) => p.city === 'Umeå') as Place;
  const abo = FOREIGN_PLACES.find((p) => p.city === 'Åbo') as Place;
  const demoCompany: CustomerRecord = {
    customerNumber: '10001',
    name: 'Björklunds Bygg & Snickeri AB',
    organisationNumber: '556677-8899',
    vatNumber: 'SE556677889901',
    privatePerson: false,
    customerCategory: 'BYGG',
    priceList: 'BAS',
    discountPercent: '5',
    paymentTerms: '30',
    deliveryTerms: 'FCA',
    deliveryMethod: 'DHL-FR',
    currency: 'SEK',
    language: 'sv',
    creditLimit: '250000.00',
    blocked: false,
    email: 'info@bjorklundsbygg.se',
    invoiceEmail: 'faktura@bjorklundsbygg.se',
    phone: '036-12 34 56',
    invoiceAddress: { name: 'Björklunds Bygg & Snickeri AB', address1: 'Box 2041', postalCode: '550 02', city: 'Jönköping', country: 'SE' },
    deliveryAddresses: [
      { id: '1', name: 'Björklunds Bygg & Snickeri AB', address1: 'Snickarvägen 12', postalCode: '553 15', city: 'Jönköping', country: 'SE' },
      { id: '2', name: 'Bygget Ekbacken', co: 'Björklunds Bygg', address1: 'Ekbacksvägen 3', postalCode: '561 39', city: 'Huskvarna', country: 'SE', phone: '070-123 45 67' },
    ],
    changed: changed(rng),
  };
  const demoPrivate: CustomerRecord = {
    customerNumber: '10002',
    name: 'Åsa Öberg',
    privatePerson: true,
    customerCategory: 'PRIV',
    priceList: 'KONS',
    paymentTerms: 'KLARNA',
    deliveryMethod: 'PN-MB',
    currency: 'SEK',
    language: 'sv',
    blocked: false,
    email: 'asa.oberg@exempel.se',
    phone: '070-987 65 43',
    invoiceAddress: { name: 'Åsa Öberg', address1: 'Östra Kyrkogatan 7', postalCode: '903 25', city: umea.city, country: 'SE' },
    deliveryAddresses: [],
    changed: changed(rng),
  };
  const demoExport: CustomerRecord = {
    customerNumber: '10003',
    name: 'Rakennus Virtanen Oy',
    organisationNumber: '2345678-9',
    vatNumber: 'FI23456789',
    privatePerson: false,
    customerCategory: 'EXP',
    priceList: 'EUR',
    paymentTerms: '30',
    deliveryTerms: 'DAP',
    deliveryMethod: 'SCH',
    currency: 'EUR',
    language: 'fi',
    creditLimit: '20000.00',
    blocked: false,
    email: 'tilaukset@virtanen.fi',
    invoiceEmail: 'laskut@virtanen.fi',
    phone: '+358 2 251 44 00',
    invoiceAddress: { name: 'Rakennus Virtanen Oy', address1: 'Slottsgatan 41', postalCode: abo.postalCode, city: abo.city, country: 'FI' },
    deliveryAddresses: [{ id: '1', name: 'Rakennus Virtanen Oy', address1: 'Auragatan 8', postalCode: '20100', city: 'Åbo', country: 'FI' }],
    changed: changed(rng),
  };
  customers.push(demoCompany, demoPrivate, demoExport);
  usedNames.add(demoCompany.name).add(demoExport.name);
  const demo: DemoSpec[] = [];
  const anna = addContact(
    { customerNumber: '10001', firstName: 'Anna', lastName: 'Björklund', role: 'Inköpare', email: uniqueEmail('anna.bjorklund', 'bjorklundsbygg.se'), phone: '036-12 34 50', mobile: '070-123 45 67', username: 'anna.bjorklund', permissions: ['se-priser', 'lagga-order', 'se-fakturor'] },
    'aktiv',
  );
  addContact({ customerNumber: '10001', firstName: 'Göran', lastName: 'Björklund', role: 'VD', email: uniqueEmail('goran.bjorklund', 'bjorklundsbygg.se'), mobile: '070-123 45 60' });
  addContact(
    { customerNumber: '10001', firstName: 'Jörgen', lastName: 'Ek', role: 'Arbetsledare', email: uniqueEmail('jorgen.ek', 'bjorklundsbygg.se'), mobile: '073-555 12 12', permissions: ['lagga-order'] },
    'ej-aktiverad',
  );
  const asa = addContact(
    { customerNumber: '10002', firstName: 'Åsa', lastName: 'Öberg', email: 'asa.oberg@exempel.se', mobile: '070-987 65 43', username: 'asa.oberg', permissions: ['se-priser', 'lagga-order', 'se-fakturor'] },
    'aktiv',
  );
  usedEmails.add('asa.oberg@exempel.se');
  const mikko = addContact(
    { customerNumber: '10003', firstName: 'Mikko', lastName: 'Virtanen', role: 'Inköpare', email: uniqueEmail('mikko.virtanen', 'virtanen.fi'), phone: '+358 2 251 44 01', username: 'mikko.virtanen', permissions: ['se-priser', 'lagga-order'] },
    'aktiv',
  );
  demo.push(
    { username: 'anna.bjorklund', contactId: anna.contactId, customerNumber: '10001', description: 'B2B buyer, Björklunds Bygg & Snickeri AB (price list BAS, agreements, 5 % discount)' },
    { username: 'asa.oberg', contactId: asa.contactId, customerNumber: '10002', description: 'private customer Åsa Öberg (price list KONS, prices incl. VAT)' },
    { username: 'mikko.virtanen', contactId: mikko.contactId, customerNumber: '10003', description: 'export customer Rakennus Virtanen Oy, Åbo (price list EUR)' },
  );

  // --- everybody else -----------------------------------------------------------------------
  for (let n = FIRST_CUSTOMER + 3; n < FIRST_CUSTOMER + CUSTOMER_COUNT; n++) {
    const customerNumber = String(n);
    if (customerNumber === CASH_CUSTOMER) {
      customers.push({
        customerNumber,
        name: 'Webbkund kontant',
        privatePerson: true,
        customerCategory: 'PRIV',
        priceList: 'KONS',
        paymentTerms: 'KORT',
        deliveryMethod: 'PN-MB',
        currency: 'SEK',
        language: 'sv',
        blocked: false,
        invoiceAddress: { name: 'Webbkund kontant', address1: 'Snickarvägen 12', postalCode: '553 15', city: 'Jönköping', country: 'SE' },
        deliveryAddresses: [],
        changed: changed(rng),
      });
      continue;
    }
    const foreign = rng.chance(0.08);
    const place = foreign ? rng.pick(FOREIGN_PLACES) : rng.pick(SWEDISH_PLACES);
    const country = place.country;
    const company = foreign || rng.chance(0.6);
    const lasts = country === 'SE' ? LAST_NAMES : FOREIGN_LAST_NAMES[country];
    const firsts = country === 'SE' ? FIRST_NAMES : FOREIGN_FIRST_NAMES[country];
    const currency = country === 'NO' ? 'NOK' : country === 'SE' ? 'SEK' : 'EUR';
    const language = { SE: 'sv', NO: 'no', FI: rng.chance(0.5) ? 'sv' : 'fi', DE: 'de' }[country] ?? 'en';
    if (company) {
      const name = companyName(rng, place, rng.pick(lasts), usedNames);
      const domain = domainOf(name, country);
      const category = foreign ? 'EXP' : rng.weighted([['FTG', 4], ['BYGG', 5], ['ATER', 1], ['OFF', 1]] as const);
      const c: CustomerRecord = {
        customerNumber,
        name,
        organisationNumber: country === 'SE' ? orgNumber(rng) : country === 'NO' ? `9${rng.digits(8)}` : country === 'FI' ? `${rng.digits(7)}-${rng.digits(1)}` : `HRB ${rng.digits(5)}`,
        privatePerson: false,
        customerCategory: category,
        priceList: currency === 'EUR' ? 'EUR' : 'BAS',
        paymentTerms: category === 'OFF' ? '30' : rng.pick(['10', '20', '30', '30']),
        deliveryTerms: rng.pick(['FVL', 'FCA', 'DAP', 'FRI']),
        deliveryMethod: foreign ? rng.pick(['SCH', 'DHL-FR']) : rng.pick(['PN-MB', 'DHL-SP', 'DHL-FR', 'SCH', 'UPH', 'BUD']),
        currency,
        language,
        creditLimit: `${rng.pick([10, 25, 50, 100, 200])}000.00`,
        blocked: false,
        email: `info@${domain}`,
        invoiceEmail: rng.chance(0.7) ? `faktura@${domain}` : undefined,
        phone: phone(rng, place.area),
        invoiceAddress: address(rng, place, name),
        deliveryAddresses: [],
        changed: changed(rng),
      };
      if (c.organisationNumber && country === 'SE') c.vatNumber = `SE${c.organisationNumber.replace('-', '')}01`;
      else if (country === 'FI') c.vatNumber = `FI${(c.organisationNumber ?? '').replace('-', '')}`;
      else if (country === 'NO') c.vatNumber = `NO${c.organisationNumber}MVA`;
      else if (country === 'DE') c.vatNumber = `DE${rng.digits(9)}`;
      if (category === 'ATER') c.discountPercent = String(rng.pick([10, 15, 20, 25]));
      else if (rng.chance(0.15)) c.discountPercent = String(rng.pick([2, 3, 5, 7.5]));
      if (!c.invoiceEmail) delete c.invoiceEmail;
      const sites = rng.weighted([[0, 4], [1, 4], [2, 2], [3, 1]] as const);
      c.deliveryAddresses.push({ id: '1', ...address(rng, place, name) });
      for (let s = 0; s < sites; s++) {
        const sp = country === 'SE' ? rng.pick(SWEDISH_PLACES) : place;
        c.deliveryAddresses.push({ id: String(s + 2), ...address(rng, sp, rng.pick(SITE_NAMES)), co: name, phone: mobile(rng) });
      }
      customers.push(c);
      const nContacts = rng.weighted([[1, 4], [2, 4], [3, 2]] as const);
      const roles = rng.sample(ROLES, nContacts);
      for (const role of roles) {
        const first = rng.pick(firsts);
        const lastClean = rng.pick(lasts);
        const login: LoginState | undefined = rng.chance(0.35) ? rng.weighted([['aktiv', 17], ['ej-aktiverad', 2], ['last', 1]] as const) : undefined;
        addContact(
          {
            customerNumber,
            firstName: first,
            lastName: lastClean,
            role,
            email: uniqueEmail(`${ascii(first)}.${ascii(lastClean)}`, domain),
            phone: rng.chance(0.6) ? phone(rng, place.area) : undefined,
            mobile: rng.chance(0.8) ? mobile(rng) : undefined,
            permissions: login ? PERMISSIONS_BY_ROLE[role] ?? ['se-priser'] : [],
          },
          login,
        );
      }
      if (rng.chance(0.01)) c.blocked = true;
    } else {
      const first = rng.pick(firsts);
      const last = rng.pick(lasts);
      const name = `${first} ${last}`;
      const email = uniqueEmail(`${ascii(first)}.${ascii(last)}`, rng.pick(['exempel.se', 'post.exempel.se', 'hemma.exempel.nu']));
      const c: CustomerRecord = {
        customerNumber,
        name,
        privatePerson: true,
        customerCategory: 'PRIV',
        priceList: 'KONS',
        paymentTerms: rng.pick(['KLARNA', 'KORT', 'KORT', 'FORS']),
        deliveryMethod: rng.pick(['PN-MB', 'PN-MB', 'PN-HD', 'DHL-SP', 'UPH']),
        currency: 'SEK',
        language: 'sv',
        blocked: false,
        email,
        phone: mobile(rng),
        invoiceAddress: address(rng, place, name),
        deliveryAddresses: [],
        changed: changed(rng),
      };
      customers.push(c);
      if (rng.chance(0.35)) {
        addContact(
          { customerNumber, firstName: first, lastName: last, email, mobile: c.phone, permissions: ['se-priser', 'lagga-order', 'se-fakturor'] },
          rng.chance(0.5) ? 'aktiv' : undefined,
        );
      }
    }
  }
  for (const c of contacts) {
    if (c.phone === undefined) delete c.phone;
    if (c.mobile === undefined) delete c.mobile;
  }
  return { customers, contacts, logins, demo };
}
