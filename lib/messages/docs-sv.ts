/**
 * The Swedish of the catalogue's documentation, in one place: every English description of the
 * catalogue (field docs, titles, summaries, when a message is sent) keyed by its English text, for
 * the Swedish editor help. The field names are Pyramid's own (Swedish) already. A catalogue text
 * with no entry here is reported by `missingSwedish()` (and fails the unit test), so a new field
 * cannot ship without its Swedish.
 */
import type { MessageDescriptor } from './types';

/** Field descriptions: English → Swedish. */
export const FIELD_DOCS_SV: Readonly<Record<string, string>> = {
  'Version of the message format (this dialect: 1).': 'Meddelandeformatets version (denna dialekt: 1).',
  'When the file was written (ISO 8601).': 'När filen skrevs (ISO 8601).',
  'full: a complete snapshot (anything absent no longer exists / is 0); delta: only the changes.':
    'full: en komplett ögonblicksbild (det som saknas finns inte längre / är 0); delta: bara ändringarna.',
  'Currencies.': 'Valutor.',
  'Code.': 'Kod.',
  'Description.': 'Benämning.',
  'Exchange rate against the company currency.': 'Kurs mot företagets valuta.',
  'VAT codes.': 'Momskoder.',
  'VAT rate in percent (25, 12, 6, 0).': 'Momssats i procent (25, 12, 6, 0).',
  'Units (st, m, kg, ...).': 'Enheter (st, m, kg, ...).',
  'Article groups, a tree.': 'Artikelgrupper, ett träd.',
  'Code of the parent group (empty at the top).': 'Överordnad grupps kod (tom överst).',
  'Warehouses.': 'Lager.',
  'Delivery methods (carriers and services).': 'Leveranssätt (transportörer och tjänster).',
  'Delivery terms (Incoterms-like).': 'Leveransvillkor (i stil med Incoterms).',
  'Payment terms.': 'Betalningsvillkor.',
  'Days until due.': 'Dagar till förfallodag.',
  'Price lists.': 'Prislistor.',
  'Currency of the price list.': 'Prislistans valuta.',
  'Prices include VAT.': 'Priserna är inklusive moms.',
  'Customer categories.': 'Kundkategorier.',
  'Countries (ISO 3166 alpha-2 codes).': 'Länder (ISO 3166 alpha-2-koder).',
  'Member of the EU, for VAT rules.': 'Medlem i EU, för momsreglerna.',
  'The articles.': 'Artiklarna.',
  'Article code (SKU in the shop); leading zeros kept.': 'Artikelkod (SKU i butiken); inledande nollor behålls.',
  'What happened to the record: ny (new), andrad (changed), borttagen (removed).':
    'Vad som hände med posten: ny, andrad (ändrad) eller borttagen.',
  'Name.': 'Benämning.',
  'Second name line.': 'Andra benämningsraden.',
  'Long description (may span lines).': 'Lång beskrivning (kan gå över flera rader).',
  'Unit code (see Grunddata Enheter).': 'Enhetskod (se Grunddata Enheter).',
  'Article group code.': 'Artikelgruppens kod.',
  'VAT code (see Grunddata Momskoder).': 'Momskod (se Grunddata Momskoder).',
  'EAN/GTIN barcode.': 'Streckkod EAN/GTIN.',
  'Supplier number.': 'Leverantörsnummer.',
  "Supplier's article code.": 'Leverantörens artikelkod.',
  'Weight in kg.': 'Vikt i kg.',
  'Volume in m³.': 'Volym i m³.',
  'Length in mm.': 'Längd i mm.',
  'Width in mm.': 'Bredd i mm.',
  'Height in mm.': 'Höjd i mm.',
  'Base price excluding VAT.': 'Grundpris exklusive moms.',
  'Currency of the base price.': 'Grundprisets valuta.',
  'Shown in the web shop.': 'Visas i webbutiken.',
  'Stock-keeping article.': 'Lagerförd artikel.',
  'Being phased out (sell remaining stock).': 'Utgående (sälj slut på lagret).',
  'Search words.': 'Sökord.',
  'Web shop categories, as paths ("Fästelement/Skruv").': 'Kategorier i webbutiken, som sökvägar ("Fästelement/Skruv").',
  'Properties shown in the shop.': 'Egenskaper som visas i butiken.',
  'Property name.': 'Egenskapens namn.',
  'Property value.': 'Egenskapens värde.',
  'Article code of the variant parent (for a variant).': 'Huvudartikelns artikelkod (för en variant).',
  'What makes this variant (Farg=Röd, Storlek=M).': 'Vad som gör detta till en variant (Farg=Röd, Storlek=M).',
  'Variant dimension.': 'Variantdimension.',
  'Value.': 'Värde.',
  'Image file names (fetch them with the Bilder web service).': 'Bildernas filnamn (hämta dem med webbtjänsten Bilder).',
  'When the article last changed in Pyramid.': 'När artikeln senast ändrades i Pyramid.',
  'The kit articles.': 'Setartiklarna.',
  'Article code of the kit.': 'Setartikelns artikelkod.',
  'summa: the sum of the components; eget: the kit has its own price.': 'summa: summan av komponenterna; eget: setet har ett eget pris.',
  'Own price excluding VAT (pristyp eget).': 'Eget pris exklusive moms (pristyp eget).',
  'The components.': 'Komponenterna.',
  'Article code of the component.': 'Komponentens artikelkod.',
  'Quantity per kit.': 'Antal per set.',
  'When the kit last changed.': 'När setet senast ändrades.',
  "The shop's order id (the dedupe key).": 'Butikens order-id (nyckeln mot dubbletter).',
  'Order date.': 'Orderdatum.',
  'Pyramid customer number (empty for a new buyer: then NyKund is given).': 'Kundnummer i Pyramid (tomt för en ny köpare: då anges NyKund).',
  'A new buyer, registered by Pyramid together with the order.': 'En ny köpare, som Pyramid registrerar tillsammans med ordern.',
  'Pyramid customer number (empty in a registration: Pyramid assigns it).': 'Kundnummer i Pyramid (tomt vid registrering: Pyramid tilldelar det).',
  "The shop's customer id (the key of a registration).": 'Butikens kund-id (nyckeln vid registrering).',
  'Name (company, or the person for a private customer).': 'Namn (företaget, eller personen för en privatkund).',
  'Swedish organisation number (556677-8899) or personal identity number.': 'Svenskt organisationsnummer (556677-8899) eller personnummer.',
  'VAT registration number (SE556677889901).': 'Momsregistreringsnummer (SE556677889901).',
  'A consumer rather than a company.': 'En privatperson, inte ett företag.',
  'Customer category.': 'Kundkategori.',
  'Price list.': 'Prislista.',
  'General discount in percent.': 'Generell rabatt i procent.',
  'Delivery terms.': 'Leveransvillkor.',
  'Delivery method.': 'Leveranssätt.',
  'Currency.': 'Valuta.',
  'Language (sv, en, ...).': 'Språk (sv, en, ...).',
  'Credit limit.': 'Kreditgräns.',
  'Blocked from ordering.': 'Spärrad för order.',
  'E-mail.': 'E-post.',
  'E-mail for invoices.': 'E-post för fakturor.',
  'Phone.': 'Telefon.',
  'Invoice address.': 'Fakturaadress.',
  'Name (company or person).': 'Namn (företag eller person).',
  'c/o line.': 'c/o-rad.',
  'Street address, line 1.': 'Gatuadress, rad 1.',
  'Street address, line 2.': 'Gatuadress, rad 2.',
  'Postal code (kept as written, e.g. "411 38").': 'Postnummer (behålls som det skrivs, t.ex. "411 38").',
  'City.': 'Ort.',
  'Country, ISO 3166 alpha-2 (SE, NO, FI, DK, ...).': 'Land, ISO 3166 alpha-2 (SE, NO, FI, DK, ...).',
  'Phone number.': 'Telefonnummer.',
  'Delivery addresses.': 'Leveransadresser.',
  'Address id.': 'Adress-id.',
  'When the customer last changed.': 'När kunden senast ändrades.',
  'The person ordering.': 'Personen som beställer.',
  'Pyramid contact id.': 'Kontakt-id i Pyramid.',
  "The buyer's purchase order number.": 'Köparens inköpsordernummer.',
  "The buyer's reference.": 'Köparens referens.',
  'Delivery address.': 'Leveransadress.',
  'Delivery method code.': 'Leveranssättets kod.',
  'Delivery terms code.': 'Leveransvillkorets kod.',
  'Payment method (KLARNA, KORT, FAKTURA, ...).': 'Betalningssätt (KLARNA, KORT, FAKTURA, ...).',
  'Payment provider transaction id.': 'Betalleverantörens transaktions-id.',
  'Row prices include VAT.': 'Radpriserna är inklusive moms.',
  'Order rows.': 'Orderrader.',
  'Row number.': 'Radnummer.',
  'Article code.': 'Artikelkod.',
  'Name as shown in the shop.': 'Benämning som den visas i butiken.',
  'Quantity.': 'Antal.',
  'Unit price (excl. or incl. VAT, see PriserInklMoms).': 'À-pris (exkl. eller inkl. moms, se PriserInklMoms).',
  'Discount in percent.': 'Rabatt i procent.',
  'VAT rate in percent.': 'Momssats i procent.',
  'Row text.': 'Radtext.',
  'Unit.': 'Enhet.',
  'Freight.': 'Frakt.',
  'Freight amount.': 'Fraktbelopp.',
  'VAT rate on freight.': 'Momssats på frakten.',
  'Invoice fee.': 'Fakturaavgift.',
  'Discount (voucher) code.': 'Rabattkod.',
  "The buyer's message.": 'Köparens meddelande.',
  'Requested delivery date.': 'Önskat leveransdatum.',
  'Total excluding VAT (for Pyramid to verify).': 'Summa exklusive moms (för Pyramids kontroll).',
  'Total VAT.': 'Summa moms.',
  'Total including VAT.': 'Summa inklusive moms.',
  "The shop's quote id (the dedupe key).": 'Butikens offert-id (nyckeln mot dubbletter).',
  'The offer is valid until this date.': 'Offerten gäller till och med detta datum.',
  "The shop's order id.": 'Butikens order-id.',
  "Pyramid's order number.": 'Ordernummer i Pyramid.',
  'Order state.': 'Orderns status.',
  'Status as text for the buyer.': 'Status som text för köparen.',
  'When the status changed.': 'När statusen ändrades.',
  'Rows.': 'Rader.',
  'Quantity ordered.': 'Beställt antal.',
  'Quantity delivered.': 'Levererat antal.',
  'Quantity back-ordered.': 'Restnoterat antal.',
  'Shipments.': 'Leveranser.',
  'Tracking number.': 'Spårningsnummer.',
  'Carrier.': 'Transportör.',
  'Tracking URL.': 'Spårningslänk.',
  'Shipping date.': 'Leveransdatum.',
  'Invoice number.': 'Fakturanummer.',
  'Invoice amount including VAT.': 'Fakturabelopp inklusive moms.',
  'Customer number.': 'Kundnummer.',
  'Only orders placed by this contact.': 'Bara order lagda av denna kontakt.',
  'From date (inclusive).': 'Från datum (inklusive).',
  'To date (inclusive).': 'Till datum (inklusive).',
  'Only orders in this state.': 'Bara order med denna status.',
  'Page number, from 1.': 'Sidnummer, från 1.',
  'Orders per page.': 'Order per sida.',
  'The orders.': 'Ordrarna.',
  "The shop's order id, when placed in the shop.": 'Butikens order-id, när ordern lades i butiken.',
  'Order total including VAT.': 'Orderns summa inklusive moms.',
  'Unit price.': 'À-pris.',
  'Invoices.': 'Fakturor.',
  'Invoice date.': 'Fakturadatum.',
  'Due date.': 'Förfallodatum.',
  'Amount including VAT.': 'Belopp inklusive moms.',
  'Paid.': 'Betald.',
  'Number of orders matching, over all pages.': 'Antal order som matchar, över alla sidor.',
  'The customers.': 'Kunderna.',
  'The contacts.': 'Kontakterna.',
  'The customer the contact belongs to.': 'Kunden som kontakten tillhör.',
  'First name.': 'Förnamn.',
  'Last name.': 'Efternamn.',
  'Role (inköpare, ekonomi, ...).': 'Roll (inköpare, ekonomi, ...).',
  'Mobile phone.': 'Mobiltelefon.',
  'Allowed to log in to the shop.': 'Får logga in i butiken.',
  'User name for the shop login.': 'Användarnamn för inloggning i butiken.',
  'Permissions (se-priser, lagga-order, se-fakturor).': 'Behörigheter (se-priser, lagga-order, se-fakturor).',
  'When the contact last changed.': 'När kontakten senast ändrades.',
  'Requested user name for the shop login.': 'Önskat användarnamn för inloggning i butiken.',
  'The new contact id (empty when refused).': 'Den nya kontaktens id (tomt när den avvisats).',
  'registrerad: created; finns-redan: a contact with this e-mail exists; avvisad: refused.':
    'registrerad: skapad; finns-redan: en kontakt med denna e-post finns; avvisad: nekad.',
  'Why, when not registered.': 'Varför, när den inte registrerades.',
  'User name.': 'Användarnamn.',
  'Password (never logged or echoed).': 'Lösenord (loggas eller återges aldrig).',
  'Login approved.': 'Inloggningen godkänd.',
  'Why not: wrong credentials, locked, not activated.': 'Varför inte: fel uppgifter, spärrad, inte aktiverad.',
  'Contact id.': 'Kontakt-id.',
  "The contact's name.": 'Kontaktens namn.',
  "The customer's name.": 'Kundens namn.',
  'Price list to show.': 'Prislista som ska visas.',
  'Stock rows.': 'Lagersaldorader.',
  'Warehouse code.': 'Lagrets kod.',
  'Quantity on hand.': 'Antal i lager.',
  'Quantity available to sell.': 'Disponibelt antal.',
  'Quantity reserved for orders.': 'Antal reserverat för order.',
  'Quantity on purchase orders.': 'Antal på inköpsorder.',
  'Expected date of the next delivery.': 'Väntat datum för nästa inleverans.',
  'When the stock changed.': 'När lagersaldot ändrades.',
  "Currency (default: the customer's).": 'Valuta (standard: kundens).',
  'Articles and quantities.': 'Artiklar och antal.',
  'Quantity (for tier prices).': 'Antal (för stafflade priser).',
  'Prices.': 'Priser.',
  'List price before discount.': 'Listpris före rabatt.',
  'Net unit price.': 'Nettopris per enhet.',
  'Where the price comes from: agreement, price list, campaign, base price.': 'Var priset kommer ifrån: avtal, prislista, kampanj, grundpris.',
  'The price is valid until.': 'Priset gäller till och med.',
  'Price-list prices.': 'Prislistepriser.',
  'Tier: from this quantity.': 'Staffling: från detta antal.',
  'Price includes VAT.': 'Priset är inklusive moms.',
  'Valid from.': 'Gäller från.',
  'Valid until.': 'Gäller till.',
  'Customer agreement prices (a net price or a discount).': 'Kundavtalspriser (ett nettopris eller en rabatt).',
  'Net unit price (or use rabattProcent).': 'Nettopris per enhet (eller använd rabattProcent).',
  'Discount in percent off the price list.': 'Rabatt i procent på prislistan.',
  'Only images changed after this time.': 'Bara bilder ändrade efter denna tidpunkt.',
  'The images.': 'Bilderna.',
  'File name.': 'Filnamn.',
  'MIME type (image/jpeg, image/png).': 'MIME-typ (image/jpeg, image/png).',
  'The image, base64 encoded (or use url).': 'Bilden, base64-kodad (eller använd url).',
  'Where to fetch the image (instead of data).': 'Var bilden hämtas (i stället för data).',
  'Position in the gallery.': 'Plats i galleriet.',
  'The main image.': 'Huvudbilden.',
  'When the image changed.': 'När bilden ändrades.',
  'MD5 of the image bytes (hex).': 'MD5 av bildens byte (hex).',
};

/** Per message type: its title, summary and when it is sent, in Swedish. */
export const MESSAGES_SV: Readonly<Record<string, { title: string; summary: string; trigger: string }>> = {
  'base-data': {
    title: 'Grunddata',
    trigger: 'enligt schema',
    summary:
      'Grunddata som butiken behöver för att tolka Pyramids koder: valutor, momskoder, enheter, artikelgrupper, lager, leveranssätt och leveransvillkor, ' +
      'betalningsvillkor, prislistor, kundkategorier och länder. Skrivs enligt schema.',
  },
  article: {
    title: 'Artiklar',
    trigger: 'vid ändring',
    summary:
      'Artiklar som butiken visar dem: benämningar, texter, enheter, grupper, EAN, leverantör, vikter och mått, grundpris, ' +
      'webbflaggor, kategorier, egenskaper, varianter och bilder. Skrivs när artiklar ändras (delta) eller i sin helhet.',
  },
  'kit-article': {
    title: 'Setartiklar',
    trigger: 'vid ändring',
    summary:
      'Setartiklar (paket) och deras komponenter. Ett sets lagersaldo är det minsta över komponenterna av floor(komponentens saldo / antal); ' +
      'dess pris är summan av komponenterna eller ett eget pris.',
  },
  order: {
    title: 'Order',
    trigger: 'vid registrering i butiken',
    summary:
      'En order lagd i butiken, för Pyramids orderimport. Butikens order-id är nyckeln: samma order får alltid samma filnamn (Order_<id>.xml), ' +
      'så den importeras aldrig två gånger.',
  },
  quote: {
    title: 'Offert',
    trigger: 'vid registrering i butiken',
    summary: 'En offertförfrågan från butiken (B2B): som en order, med butikens offert-id som nyckel och ett giltighetsdatum.',
  },
  'order-status': {
    title: 'Orderstatus',
    trigger: 'vid ändring',
    summary:
      'En butiksorders läge i Pyramid: mottagen, registrerad, plockas, (del)levererad med spårning, fakturerad eller makulerad, ' +
      'med levererat och restnoterat antal per rad.',
  },
  'order-history': {
    title: 'Orderhistorik',
    trigger: 'på begäran',
    summary: 'En kunds order med rader, leveranser och fakturor, sida för sida, för butikens Mina sidor.',
  },
  customer: {
    title: 'Kunder',
    trigger: 'vid ändring (ut) och vid registrering i butiken (in)',
    summary:
      'Ut från Pyramid: kundregistrets ändringar (kundnummer är nyckeln). In till Pyramid: en kund som registrerats i butiken (externtKundId är nyckeln, ' +
      'kundnummer tomt); Pyramid tilldelar numret och skickar tillbaka det i nästa utgående meddelande.',
  },
  contact: {
    title: 'Kontakter',
    trigger: 'vid ändring (ut, FTP) och vid registrering (webbtjänst)',
    summary:
      'Kunders kontaktpersoner, med deras webbinloggning och behörigheter (B2B). Ut från Pyramid som fil vid ändring; en ny kontakt som registreras i butiken ' +
      'går till Pyramid via webbtjänsten KontaktRegistrering, som svarar med kontaktId.',
  },
  login: {
    title: 'Inloggning',
    trigger: 'på begäran',
    summary:
      'B2B-inloggning mot Pyramids kontaktregister: användarnamn och lösenord in, kontakten, dess kund, prislista och behörigheter ut. ' +
      'Lösenordet loggas, återges eller sparas aldrig.',
  },
  stock: {
    title: 'Lagersaldo',
    trigger: 'vid ändring',
    summary:
      'Lagersaldo per artikel och lager: i lager, disponibelt, reserverat, beställt och nästa leveransdatum. En fullständig fil betyder "det som saknas är 0"; ' +
      'en deltafil innehåller bara ändringar.',
  },
  'customer-price': {
    title: 'Kundpris',
    trigger: 'på begäran',
    summary: 'En inloggad kunds nettopriser för artiklar och antal, som Pyramid räknar fram dem ur avtal, prislistor, kampanjer och grundpriser.',
  },
  'price-list': {
    title: 'Fullständig prislista',
    trigger: 'enligt schema',
    summary:
      'Alla priser: prislistepriser med staffling och kundavtalspriser. Verkliga filer blir hundratals MB (artiklar × prislistor × stafflingar × avtal), ' +
      'så detta meddelande läses som en ström i omgångar.',
  },
  images: {
    title: 'Bilder',
    trigger: 'på begäran',
    summary: 'En artikels bilder (base64-data eller en URL), med ordning, markering av huvudbild och en MD5 för att hoppa över oförändrade uppladdningar.',
  },
};

/** A field description in Swedish (the English when the table has none: `missingSwedish` reports it). */
export function fieldDocSv(en: string): string {
  return Object.prototype.hasOwnProperty.call(FIELD_DOCS_SV, en) ? FIELD_DOCS_SV[en] : en;
}

/** Catalogue texts with no Swedish yet: `field <xml>: <doc>` or `<type>`. */
export function missingSwedish(catalogue: readonly MessageDescriptor[], docs: (d: MessageDescriptor) => string[]): string[] {
  const out: string[] = [];
  for (const d of catalogue) {
    if (!Object.prototype.hasOwnProperty.call(MESSAGES_SV, d.type)) out.push(`message ${d.type}`);
    for (const doc of docs(d)) if (!Object.prototype.hasOwnProperty.call(FIELD_DOCS_SV, doc)) out.push(`${d.type}: ${doc}`);
  }
  return out;
}
