/**
 * Seeded generator of realistic Pyramid files of any size, for the benchmarks: the same shape
 * Pyramid writes (the catalogue's XML names, one record per line or indented blocks), mixed "," and
 * "." decimals, both date styles, J/N, 1/0 and true/false flags, åäö in texts, Windows-1252 or UTF-8.
 * The same seed and size always give the same bytes. Files go to a temp dir, never into the repo.
 *
 *   node dist/bench/generate.js price-list|article <rows> <file> [utf-8|windows-1252] [seed]
 */
import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
// mulberry32, the generator the tests use: the same seed gives the same file
import { rng } from '../test/support/rng';

export type Kind = 'price-list' | 'article';


const WORDS = ['Skruv', 'Mutter', 'Bricka', 'Arbetsjacka', 'Handske', 'Borrmaskin', 'Sågklinga', 'Fästelement', 'Hörnjärn', 'Vägglampa', 'Kökskniv', 'Målarfärg', 'Blåkläder', 'Säkerhetssko', 'Öronskydd'];
const ADJ = ['rostfri', 'förzinkad', 'vattentät', 'fodrad', 'svart', 'röd', 'grön', 'syrafast', 'lätt', 'tålig', 'ädelträ'];
const UNITS = ['st', 'par', 'kg', 'm', 'förp'];

export interface GenOptions {
  kind: Kind;
  rows: number;
  encoding?: 'utf-8' | 'windows-1252';
  seed?: number;
}

/** The file as chunks of text (about 64 KB each), so any size can be written without holding it. */
export function* generateText(o: GenOptions): Generator<string> {
  const r = rng(o.seed ?? 1);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const dec = (v: number, places: number): string => {
    const s = v.toFixed(places);
    return r() < 0.5 ? s.replace('.', ',') : s;
  };
  const date = (y: number, m: number, d: number): string => {
    const p = (n: number) => String(n).padStart(2, '0');
    return r() < 0.5 ? `${y}-${p(m)}-${p(d)}` : `${y}${p(m)}${p(d)}`;
  };
  const flag = (b: boolean): string => {
    const style = Math.floor(r() * 3);
    return style === 0 ? (b ? 'J' : 'N') : style === 1 ? (b ? '1' : '0') : b ? 'true' : 'false';
  };
  const enc = o.encoding ?? 'utf-8';
  const code = (i: number) => String(i).padStart(5, '0');
  let out = `<?xml version="1.0" encoding="${enc === 'utf-8' ? 'UTF-8' : 'windows-1252'}"?>\n`;
  if (o.kind === 'price-list') {
    out += '<!-- Fullständig prislista: 01 = grundpris exkl. moms, 02 = butikspris inkl. moms, EUR = Finland och Åland -->\n';
    out += '<PrisFullstandig version="1" skapad="2026-11-28T02:30:00+01:00" omfattning="full">\n  <Prislistepriser>\n';
    const lists = ['01', '02', 'EUR'];
    const customers = Math.floor(o.rows / 20);
    const prices = o.rows - customers;
    for (let i = 0; i < prices; i++) {
      const list = lists[i % 3];
      const art = Math.floor(i / 6);
      const tier = [1, 10, 100][Math.floor(i / 3) % 2 === 0 ? 0 : 1 + (i % 2)];
      const variant = art % 7 === 0 ? `-${pick(['SV', 'R', 'GR'])}-${pick(['S', 'M', 'L', 'XL'])}` : '';
      const price = 1 + r() * 2000;
      const until = r() < 0.3 ? `<GiltigTill>${date(2027, 1 + (i % 12), 1 + (i % 28))}</GiltigTill>` : r() < 0.5 ? '<GiltigTill/>' : '';
      out +=
        `    <Prislistepris><Prislista>${list}</Prislista><Artikelkod>${code(art)}${variant}</Artikelkod><FranAntal>${tier}</FranAntal>` +
        `<Pris>${dec(list === '02' ? price * 1.25 : price, 2)}</Pris><Valuta>${list === 'EUR' ? 'EUR' : 'SEK'}</Valuta><InklMoms>${flag(list === '02')}</InklMoms>` +
        `<GiltigFran>${date(2026, 1 + (i % 12), 1 + (i % 28))}</GiltigFran>${until}</Prislistepris>\n`;
      if (out.length > 65536) {
        yield out;
        out = '';
      }
    }
    out += '  </Prislistepriser>\n  <Kundpriser>\n';
    for (let i = 0; i < customers; i++) {
      const net = r() < 0.6;
      out +=
        `    <Kundpris><Kundnummer>0${10000 + (i % 5000)}</Kundnummer><Artikelkod>${code(Math.floor(r() * (prices / 6 + 1)))}</Artikelkod><FranAntal>${1 + (i % 3) * 50}</FranAntal>` +
        (net ? `<Pris>${dec(1 + r() * 1500, 2)}</Pris>` : `<RabattProcent>${dec(r() * 40, 1)}</RabattProcent>`) +
        `<GiltigFran>${date(2026, 1 + (i % 12), 1 + (i % 28))}</GiltigFran><GiltigTill>${date(2026, 12, 31)}</GiltigTill></Kundpris>\n`;
      if (out.length > 65536) {
        yield out;
        out = '';
      }
    }
    out += '  </Kundpriser>\n</PrisFullstandig>\n';
  } else {
    out += '<Artikeldata version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n';
    for (let i = 0; i < o.rows; i++) {
      const name = `${pick(WORDS)} ${pick(ADJ)} ${pick(['M6x20', 'storlek L', '18 V', '2×5,0 Ah', 'Ø 35 mm', '10 l'])}`;
      const variant = i % 10 >= 7;
      const parent = code(i - (i % 10) + 6);
      const lines = [
        `  <Artikel atgard="${pick(['ny', 'andrad', 'andrad'])}">`,
        `    <Artikelkod>${code(i)}</Artikelkod>`,
        `    <Benamning>${name}</Benamning>`,
        r() < 0.5 ? `    <Benamning2>${pick(ADJ)}, ${pick(ADJ)} &amp; ${pick(ADJ)}</Benamning2>` : '    <Benamning2/>',
      ];
      if (r() < 0.4) lines.push(`    <LangText>${name} i ${pick(ADJ)} utförande.\nLämplig för utomhusmiljö och kustnära klimat.\nPris i € på begäran.</LangText>`);
      lines.push(
        `    <Enhet>${pick(UNITS)}</Enhet>`,
        `    <Artikelgrupp>00${100 + (i % 40) * 10}</Artikelgrupp>`,
        '    <Momskod>1</Momskod>',
        `    <Ean>0735001${String(2300000 + i).padStart(7, '0')}</Ean>`,
        `    <Leverantor>00${400 + (i % 90)}</Leverantor>`,
        `    <Vikt>${dec(r() * 20, 3)}</Vikt>`,
        `    <Langd>${Math.floor(r() * 500)}</Langd>`,
        `    <Grundpris valuta="${r() < 0.9 ? 'SEK' : 'EUR'}">${dec(1 + r() * 3000, 2)}</Grundpris>`,
        `    <Webbaktiv>${flag(r() < 0.9)}</Webbaktiv>`,
        `    <Lagerford>${flag(r() < 0.8)}</Lagerford>`,
        `    <Utgaende>${flag(r() < 0.05)}</Utgaende>`,
        `    <Sokord>${pick(WORDS).toLowerCase()}, ${pick(ADJ)}, ${pick(WORDS).toLowerCase()}</Sokord>`,
        `    <Webbkategorier><Kategori>${pick(WORDS)}/${pick(WORDS)}</Kategori><Kategori>${pick(WORDS)}</Kategori></Webbkategorier>`,
        `    <Egenskaper><Egenskap namn="Material">${pick(ADJ)} stål</Egenskap><Egenskap namn="Längd">${Math.floor(r() * 100)} mm</Egenskap></Egenskaper>`,
      );
      if (variant) {
        lines.push(
          `    <Huvudartikel>${parent}</Huvudartikel>`,
          `    <Variantegenskaper><Variantegenskap namn="Farg">${pick(['Röd', 'Svart', 'Grön'])}</Variantegenskap><Variantegenskap namn="Storlek">${pick(['S', 'M', 'L'])}</Variantegenskap></Variantegenskaper>`,
        );
      }
      lines.push(`    <Bilder><Bild>${code(i)}.jpg</Bild><Bild>${code(i)}-måttskiss.png</Bild></Bilder>`);
      lines.push(`    <Andrad>2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:14:02+01:00</Andrad>`, '  </Artikel>\n');
      out += lines.join('\n');
      if (out.length > 65536) {
        yield out;
        out = '';
      }
    }
    out += '</Artikeldata>\n';
  }
  yield out;
}

/** Write a generated file; returns its size in bytes. */
export function writeFile(file: string, o: GenOptions): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    for (const text of generateText(o)) {
      const b = (o.encoding ?? 'utf-8') === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252');
      fs.writeSync(fd, b);
      bytes += b.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** Rows that make about `bytes` bytes (measured on a small sample of the same kind). */
export function rowsFor(kind: Kind, bytes: number, encoding: 'utf-8' | 'windows-1252' = 'utf-8'): number {
  const sample = 2000;
  let size = 0;
  for (const t of generateText({ kind, rows: sample, encoding })) size += encoding === 'utf-8' ? Buffer.byteLength(t) : t.length;
  return Math.max(1, Math.round((bytes / size) * sample));
}

if (require.main === module) {
  const [kind, rows, file, encoding, seed] = process.argv.slice(2);
  if ((kind !== 'price-list' && kind !== 'article') || !file) {
    console.error('usage: node dist/bench/generate.js price-list|article <rows> <file> [utf-8|windows-1252] [seed]');
    process.exit(2);
  }
  const n = writeFile(file, { kind, rows: Number(rows), encoding: encoding === 'windows-1252' ? 'windows-1252' : 'utf-8', seed: seed ? Number(seed) : 1 });
  console.log(`${file}: ${n} bytes`);
}
