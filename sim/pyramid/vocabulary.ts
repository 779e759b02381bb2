/**
 * Swedish words the data set is made of: people, places, streets, companies, colours. Everything
 * here is plain data; generation lives in articles.ts and parties.ts.
 */

export const FIRST_NAMES = [
  'Anna', 'Erik', 'Lars', 'Karin', 'Maria', 'Johan', 'Eva', 'Per', 'Lena', 'Anders', 'Sofia', 'Mikael', 'Åsa', 'Björn',
  'Märta', 'Göran', 'Ulla', 'Jörgen', 'Håkan', 'Ingrid', 'Sven', 'Linnéa', 'Emma', 'Oskar', 'Elsa', 'Nils', 'Astrid',
  'Gustav', 'Maja', 'Hugo', 'Ebba', 'Axel', 'Ida', 'Olof', 'Kjell', 'Birgitta', 'Mats', 'Agneta', 'Stefan', 'Helena',
  'Tove', 'Måns', 'Sara', 'Jonas', 'Frida', 'Rickard', 'Malin', 'Ulf', 'Ann-Sofie', 'Pär', 'Lovisa', 'Tomas', 'Gun',
  'Kerstin', 'Bo', 'Jenny', 'Fredrik', 'Cecilia', 'Petter', 'Annika', 'Zoran', 'Leila', 'Mohammed', 'Aino',
];

export const LAST_NAMES = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson',
  'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Lindström',
  'Lindqvist', 'Lindgren', 'Berg', 'Axelsson', 'Bergström', 'Lundberg', 'Lind', 'Lundgren', 'Lundqvist', 'Mattsson',
  'Berglund', 'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Eklund', 'Danielsson',
  'Håkansson', 'Sjögren', 'Öberg', 'Åberg', 'Ström', 'Nyström', 'Holmberg', 'Söderberg', 'Björk', 'Åkesson', 'Björklund',
  'Hedlund', 'Östlund', 'Ågren', 'Blomqvist', 'Falk', 'Ekström', 'Löfgren', 'Strand', 'Dahlén', 'Hammarström',
];

export interface Place {
  city: string;
  postalCode: string;
  /** Area code for phone numbers. */
  area: string;
  country: string;
  street?: string[];
}

export const SWEDISH_PLACES: Place[] = [
  { city: 'Stockholm', postalCode: '111 22', area: '08', country: 'SE' },
  { city: 'Göteborg', postalCode: '411 38', area: '031', country: 'SE' },
  { city: 'Malmö', postalCode: '211 20', area: '040', country: 'SE' },
  { city: 'Uppsala', postalCode: '753 20', area: '018', country: 'SE' },
  { city: 'Västerås', postalCode: '722 12', area: '021', country: 'SE' },
  { city: 'Örebro', postalCode: '702 10', area: '019', country: 'SE' },
  { city: 'Linköping', postalCode: '582 24', area: '013', country: 'SE' },
  { city: 'Helsingborg', postalCode: '252 21', area: '042', country: 'SE' },
  { city: 'Jönköping', postalCode: '553 15', area: '036', country: 'SE' },
  { city: 'Norrköping', postalCode: '602 24', area: '011', country: 'SE' },
  { city: 'Lund', postalCode: '222 21', area: '046', country: 'SE' },
  { city: 'Umeå', postalCode: '903 25', area: '090', country: 'SE' },
  { city: 'Gävle', postalCode: '802 50', area: '026', country: 'SE' },
  { city: 'Borås', postalCode: '503 30', area: '033', country: 'SE' },
  { city: 'Södertälje', postalCode: '151 72', area: '08', country: 'SE' },
  { city: 'Eskilstuna', postalCode: '632 20', area: '016', country: 'SE' },
  { city: 'Halmstad', postalCode: '302 42', area: '035', country: 'SE' },
  { city: 'Växjö', postalCode: '352 30', area: '0470', country: 'SE' },
  { city: 'Karlstad', postalCode: '652 24', area: '054', country: 'SE' },
  { city: 'Sundsvall', postalCode: '852 30', area: '060', country: 'SE' },
  { city: 'Luleå', postalCode: '972 31', area: '0920', country: 'SE' },
  { city: 'Östersund', postalCode: '831 30', area: '063', country: 'SE' },
  { city: 'Trollhättan', postalCode: '461 30', area: '0520', country: 'SE' },
  { city: 'Kalmar', postalCode: '392 32', area: '0480', country: 'SE' },
  { city: 'Skövde', postalCode: '541 30', area: '0500', country: 'SE' },
  { city: 'Falun', postalCode: '791 71', area: '023', country: 'SE' },
  { city: 'Kiruna', postalCode: '981 31', area: '0980', country: 'SE' },
  { city: 'Ängelholm', postalCode: '262 31', area: '0431', country: 'SE' },
  { city: 'Åre', postalCode: '837 52', area: '0647', country: 'SE' },
  { city: 'Visby', postalCode: '621 55', area: '0498', country: 'SE' },
  { city: 'Mölndal', postalCode: '431 30', area: '031', country: 'SE' },
  { city: 'Täby', postalCode: '183 30', area: '08', country: 'SE' },
  { city: 'Nässjö', postalCode: '571 31', area: '0380', country: 'SE' },
  { city: 'Värnamo', postalCode: '331 30', area: '0370', country: 'SE' },
  { city: 'Härnösand', postalCode: '871 31', area: '0611', country: 'SE' },
];

export const FOREIGN_PLACES: Place[] = [
  { city: 'Oslo', postalCode: '0150', area: '+47 22', country: 'NO', street: ['Storgata', 'Karl Johans gate', 'Industriveien'] },
  { city: 'Bergen', postalCode: '5003', area: '+47 55', country: 'NO', street: ['Strandgaten', 'Kong Oscars gate'] },
  { city: 'Trondheim', postalCode: '7011', area: '+47 73', country: 'NO', street: ['Munkegata', 'Sluppenveien'] },
  { city: 'Åbo', postalCode: '20100', area: '+358 2', country: 'FI', street: ['Slottsgatan', 'Auragatan'] },
  { city: 'Helsingfors', postalCode: '00100', area: '+358 9', country: 'FI', street: ['Mannerheimvägen', 'Industrigatan'] },
  { city: 'Vasa', postalCode: '65100', area: '+358 6', country: 'FI', street: ['Hovrättsesplanaden', 'Strandgatan'] },
  { city: 'Flensburg', postalCode: '24937', area: '+49 461', country: 'DE', street: ['Große Straße', 'Hafendamm'] },
  { city: 'Hamburg', postalCode: '20095', area: '+49 40', country: 'DE', street: ['Mönckebergstraße', 'Spitalerstraße'] },
];

export const STREETS = [
  'Storgatan', 'Drottninggatan', 'Kungsgatan', 'Industrivägen', 'Verkstadsgatan', 'Sjöbergsvägen', 'Järnvägsgatan',
  'Ängsvägen', 'Björkvägen', 'Hantverkargatan', 'Fabriksgatan', 'Östra Hamngatan', 'Södra Vägen', 'Åkervägen',
  'Skolgatan', 'Kyrkogatan', 'Lärkvägen', 'Tallvägen', 'Granvägen', 'Företagsvägen', 'Smedjegatan', 'Mästargatan',
  'Bruksgatan', 'Älvgatan', 'Strandvägen', 'Hamngatan', 'Ringvägen', 'Långgatan', 'Norra Allén', 'Snickarvägen',
];

export const COMPANY_PATTERNS = [
  '{last} Bygg AB',
  '{last}s Måleri AB',
  '{city} El & Tele AB',
  'Bygg-{last} i {city} AB',
  '{last} & Söner AB',
  '{city} Rör & Värme AB',
  'Snickeri {last} HB',
  '{last} Trädgårdsdesign AB',
  'AB {last} Verkstäder',
  '{city}s Plåtslageri AB',
  '{last} Fastighetsservice AB',
  '{last} Mark & Anläggning AB',
  'Nordiska {trade} i {city} AB',
  '{last}s Golv & Kakel AB',
  '{city} Takläggning AB',
  '{last} Entreprenad AB',
  'Fönster-{last} AB',
  '{city} Järn & Färg AB',
  'Bröderna {last} AB',
  '{last} Smide & Svets AB',
];

export const TRADES = ['Byggtjänst', 'Elinstallationer', 'Fastigheter', 'Snickerier', 'Måleriet', 'Ventilation'];

export const FOREIGN_COMPANY_PATTERNS: Record<string, string[]> = {
  NO: ['{last} Bygg AS', '{city} Rør AS', 'Snekker {last} AS'],
  FI: ['Rakennus {last} Oy', '{city} Sähkö Oy', '{last} Bygg Ab'],
  DE: ['{last} Bau GmbH', 'Tischlerei {last} GmbH', '{last} Haustechnik GmbH'],
};

export const FOREIGN_LAST_NAMES: Record<string, string[]> = {
  NO: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Haugen', 'Bakke', 'Sæther', 'Løvås'],
  FI: ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Lindholm', 'Öhman'],
  DE: ['Müller', 'Schäfer', 'Schröder', 'Weiß', 'Groß', 'Köhler', 'Krüger', 'Hoffmann'],
};

export const FOREIGN_FIRST_NAMES: Record<string, string[]> = {
  NO: ['Ola', 'Kari', 'Bjørn', 'Ingrid', 'Håvard', 'Solveig'],
  FI: ['Mikko', 'Aino', 'Juha', 'Päivi', 'Matti', 'Sanna'],
  DE: ['Jürgen', 'Anke', 'Günther', 'Bärbel', 'Lukas', 'Jörg'],
};

export const ROLES = ['Inköpare', 'VD', 'Ekonomi', 'Projektledare', 'Arbetsledare', 'Lagerchef', 'Ägare', 'Platschef'];

export const SITE_NAMES = ['Arbetsplats Norra Kajen', 'Bygget Ekbacken', 'Lager Industriområdet', 'Projekt Sjöstaden', 'Etapp 2 Älvstranden', 'Verkstaden'];

export interface Colour {
  name: string;
  code: string;
  rgb: [number, number, number];
}

export const COLOURS: Record<string, Colour> = {
  Svart: { name: 'Svart', code: 'SVA', rgb: [30, 30, 32] },
  Vit: { name: 'Vit', code: 'VIT', rgb: [240, 240, 236] },
  Grå: { name: 'Grå', code: 'GRA', rgb: [128, 130, 134] },
  Marinblå: { name: 'Marinblå', code: 'MBL', rgb: [22, 38, 84] },
  Röd: { name: 'Röd', code: 'ROD', rgb: [190, 30, 40] },
  Grön: { name: 'Grön', code: 'GRN', rgb: [40, 110, 60] },
  Blå: { name: 'Blå', code: 'BLA', rgb: [30, 90, 180] },
  Gul: { name: 'Gul', code: 'GUL', rgb: [245, 220, 30] },
  Orange: { name: 'Orange', code: 'ORA', rgb: [245, 120, 20] },
  Khaki: { name: 'Khaki', code: 'KHA', rgb: [150, 140, 100] },
  'Falu rödfärg': { name: 'Falu rödfärg', code: 'FRO', rgb: [128, 30, 24] },
  Ockragul: { name: 'Ockragul', code: 'OCK', rgb: [204, 150, 50] },
  Ljusgrå: { name: 'Ljusgrå', code: 'LGR', rgb: [200, 200, 196] },
  Skogsgrön: { name: 'Skogsgrön', code: 'SKG', rgb: [34, 70, 40] },
  Äggskal: { name: 'Äggskal', code: 'AGG', rgb: [240, 234, 214] },
};

export const BRANDS = ['Nordkraft', 'Fjällverk', 'Svea Tools', 'Åskmark'];
export const SUPPLIERS = [
  { number: '70010', prefix: 'NK', name: 'Nordkraft Verktyg AB' },
  { number: '70020', prefix: 'FV', name: 'Fjällverk AB' },
  { number: '70030', prefix: 'ST', name: 'Svea Tools AB' },
  { number: '70040', prefix: 'ÅM', name: 'Åskmark Industri AB' },
  { number: '70110', prefix: 'SF', name: 'Schäfer Befestigung GmbH' },
  { number: '70120', prefix: 'BK', name: 'Byggkläder Norden AB' },
  { number: '70130', prefix: 'FR', name: 'Färgmästarna i Sverige AB' },
  { number: '70140', prefix: 'TG', name: 'Trädgårdsgrossisten AB' },
  { number: '70150', prefix: 'EL', name: 'Elgrossen Syd AB' },
  { number: '70160', prefix: 'FJ', name: 'Fjällutrustning AB' },
];

/** å ä ö é ü -> a a o e u: for e-mail addresses and user names. */
export function ascii(s: string): string {
  return s
    .toLowerCase()
    .replace(/[åäæ]/g, 'a')
    .replace(/[öø]/g, 'o')
    .replace(/[éè]/g, 'e')
    .replace(/ü/g, 'u')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '');
}
