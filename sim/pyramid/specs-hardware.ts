/**
 * What the article register is made from, part 1: fasteners and tools (the Spec each article is
 * drawn from: description, group, price and weight ranges, properties, text, supplier).
 */
import { BRANDS } from './vocabulary';
import type { NameValue } from './types';

/** What an article is made from, before codes, EANs and prices are drawn. */
export interface Spec {
  description: string;
  group: string;
  unit?: string;
  vatCode?: string;
  /** Base price range in kronor excl. VAT. */
  price: [number, number];
  weight: [number, number];
  dims?: [number, number, number];
  properties?: NameValue[];
  text: string;
  supplier: number;
  description2?: string;
  stocked?: boolean;
  searchWords?: string;
}

export const p = (name: string, value: string): NameValue => ({ name, value });

export function fastenerSpecs(): Spec[] {
  const out: Spec[] = [];
  const woodD = ['3,0', '3,5', '4,0', '4,5', '5,0', '6,0'];
  const lengths = [16, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100, 120];
  for (const d of woodD) {
    const dn = Number(d.replace(',', '.'));
    for (const l of lengths) {
      if (l < dn * 5 || l > dn * 25) continue;
      const small = l <= 40 ? 200 : 100;
      for (const [pack, mult, label] of [
        [small, 1, ''],
        [small * 5, 4.2, ' storpack'],
      ] as const) {
        out.push({
          description: `Träskruv ${d}x${l} förzinkad, ${pack} st${label}`,
          group: 'FAST-SKR',
          unit: 'ask',
          price: [0.25 * dn * (l / 20) * (pack / 100) * (mult / (pack / small)) * 10, 0.3 * dn * (l / 20) * (pack / 100) * (mult / (pack / small)) * 10 + 5],
          weight: [(dn * dn * l * pack) / 1_400_000, (dn * dn * l * pack) / 1_200_000],
          dims: [150, 100, pack > 300 ? 90 : 45],
          properties: [p('Diameter', `${d} mm`), p('Längd', `${l} mm`), p('Ytbehandling', 'Elförzinkad'), p('Spår', dn >= 5 ? 'Torx T25' : 'Torx T20')],
          text: `Förzinkad träskruv med torxspår och skärande spets – förborrning behövs sällan.\nFörpackning: ${pack} st.`,
          supplier: 4,
          searchWords: 'skruv trä torx',
        });
      }
      out.push({
        description: `Träskruv rostfri A4 ${d}x${l}, ${small} st`,
        group: 'FAST-SKR',
        unit: 'ask',
        price: [dn * (l / 20) * (small / 100) * 7, dn * (l / 20) * (small / 100) * 9],
        weight: [(dn * dn * l * small) / 1_400_000, (dn * dn * l * small) / 1_200_000],
        dims: [150, 100, 45],
        properties: [p('Diameter', `${d} mm`), p('Längd', `${l} mm`), p('Material', 'Rostfritt stål A4'), p('Användning', 'Utomhus, kustnära miljö')],
        text: `Syrafast träskruv i rostfritt stål A4 för trall, fasad och bryggor.\nFörpackning: ${small} st.`,
        supplier: 4,
        searchWords: 'skruv rostfri syrafast',
      });
    }
  }
  const metric = [6, 8, 10, 12, 16];
  const mlen = [20, 25, 30, 40, 50, 60, 80, 100];
  for (const d of metric) {
    for (const l of mlen) {
      if (l < d * 2) continue;
      out.push({
        description: `Sexkantskruv M${d}x${l} 8.8 förzinkad, 25 st`,
        group: 'FAST-SKR',
        unit: 'frp',
        price: [d * l * 0.03 + 12, d * l * 0.04 + 18],
        weight: [(d * d * l * 25) / 150_000, (d * d * l * 25) / 120_000],
        properties: [p('Gänga', `M${d}`), p('Längd', `${l} mm`), p('Hållfasthetsklass', '8.8'), p('Standard', 'DIN 933')],
        text: 'Helgängad sexkantskruv, hållfasthetsklass 8.8, elförzinkad.',
        supplier: 4,
      });
      out.push({
        description: `Sexkantskruv rostfri M${d}x${l} A4, 10 st`,
        group: 'FAST-SKR',
        unit: 'frp',
        price: [d * l * 0.05 + 20, d * l * 0.07 + 25],
        weight: [(d * d * l * 10) / 150_000, (d * d * l * 10) / 120_000],
        properties: [p('Gänga', `M${d}`), p('Längd', `${l} mm`), p('Material', 'Rostfritt stål A4'), p('Standard', 'DIN 933')],
        text: 'Sexkantskruv i syrafast rostfritt stål A4.',
        supplier: 4,
      });
      if (d <= 12 && l <= 60) {
        out.push({
          description: `Insexskruv M${d}x${l} 12.9 svart, 10 st`,
          group: 'FAST-SKR',
          unit: 'frp',
          price: [d * l * 0.04 + 15, d * l * 0.05 + 20],
          weight: [(d * d * l * 10) / 150_000, (d * d * l * 10) / 120_000],
          properties: [p('Gänga', `M${d}`), p('Längd', `${l} mm`), p('Hållfasthetsklass', '12.9')],
          text: 'Insexskruv med cylindriskt huvud, svartoxiderad.',
          supplier: 4,
        });
      }
    }
  }
  const nuts = [4, 5, 6, 8, 10, 12, 16, 20];
  for (const d of nuts) {
    out.push({ description: `Sexkantmutter M${d} förzinkad, 100 st`, group: 'FAST-MUT', unit: 'frp', price: [d * 2 + 10, d * 3 + 14], weight: [d * d * 0.0012, d * d * 0.0016], properties: [p('Gänga', `M${d}`), p('Standard', 'DIN 934')], text: 'Sexkantmutter klass 8, elförzinkad.', supplier: 4 });
    out.push({ description: `Sexkantmutter rostfri M${d} A4, 50 st`, group: 'FAST-MUT', unit: 'frp', price: [d * 4 + 20, d * 5 + 30], weight: [d * d * 0.0006, d * d * 0.0008], properties: [p('Gänga', `M${d}`), p('Material', 'Rostfritt stål A4')], text: 'Sexkantmutter i syrafast rostfritt stål.', supplier: 4 });
    out.push({ description: `Låsmutter M${d} med nylonring, 50 st`, group: 'FAST-MUT', unit: 'frp', price: [d * 3 + 15, d * 4 + 20], weight: [d * d * 0.0007, d * d * 0.0009], properties: [p('Gänga', `M${d}`), p('Standard', 'DIN 985')], text: 'Självlåsande mutter med nylonring: lossnar inte av vibrationer.', supplier: 4 });
    out.push({ description: `Planbricka M${d} förzinkad, 100 st`, group: 'FAST-MUT', unit: 'frp', price: [d + 8, d * 2 + 10], weight: [d * d * 0.0004, d * d * 0.0006], properties: [p('För gänga', `M${d}`), p('Standard', 'DIN 125')], text: 'Planbricka, elförzinkad.', supplier: 4 });
    if (d >= 6) out.push({ description: `Karosseribricka M${d}, 50 st`, group: 'FAST-MUT', unit: 'frp', price: [d * 2 + 12, d * 3 + 14], weight: [d * d * 0.0005, d * d * 0.0007], properties: [p('För gänga', `M${d}`)], text: 'Bricka med stor ytterdiameter för mjuka material.', supplier: 4 });
    if (d >= 6 && d <= 16) out.push({ description: `Gängstång M${d} förzinkad, 1 m`, group: 'FAST-SKR', price: [d * 3 + 10, d * 4 + 14], weight: [d * d * 0.006, d * d * 0.0065], properties: [p('Gänga', `M${d}`), p('Längd', '1000 mm')], text: 'Gängstång 4.8, kapas till önskad längd.', supplier: 4 });
  }
  for (const d of [5, 6, 8, 10, 12]) {
    out.push({ description: `Universalplugg ${d} mm, 100 st`, group: 'FAST-PLU', unit: 'frp', price: [d * 3 + 20, d * 4 + 25], weight: [0.05 * d, 0.06 * d], properties: [p('Diameter', `${d} mm`), p('Material', 'Nylon')], text: 'Plugg för betong, tegel, lättbetong och gips.', supplier: 4 });
    out.push({ description: `Betongplugg ${d} mm, 50 st`, group: 'FAST-PLU', unit: 'frp', price: [d * 3 + 15, d * 4 + 20], weight: [0.04 * d, 0.05 * d], properties: [p('Diameter', `${d} mm`)], text: 'Expanderplugg för betong och tegel.', supplier: 4 });
    if (d <= 10) out.push({ description: `Expanderbult M${d}x${d * 10}, 10 st`, group: 'FAST-PLU', unit: 'frp', price: [d * 8 + 30, d * 10 + 40], weight: [d * 0.03, d * 0.04], properties: [p('Gänga', `M${d}`), p('Längd', `${d * 10} mm`)], text: 'Genomgående expanderbult för tunga infästningar i betong.', supplier: 4 });
  }
  for (const t of ['Gipsplugg metall', 'Gipsplugg nylon', 'Spiralplugg gips', 'Fönsterplugg']) {
    out.push({ description: `${t}, 50 st`, group: 'FAST-PLU', unit: 'frp', price: [35, 79], weight: [0.1, 0.3], text: `${t} för skivmaterial.`, supplier: 4 });
  }
  for (const l of [40, 50, 60, 75, 90, 100, 125, 150]) {
    out.push({ description: `Trådspik varmförzinkad ${l} mm, 5 kg`, group: 'FAST-SPI', unit: 'frp', price: [169, 239], weight: [5, 5.1], properties: [p('Längd', `${l} mm`), p('Ytbehandling', 'Varmförzinkad')], text: 'Trådspik för utomhusbruk, 5 kg hink.', supplier: 4 });
    if (l <= 100) out.push({ description: `Dyckertspik ${l} mm, 2 000 st`, group: 'FAST-SPI', unit: 'frp', price: [179, 299], weight: [3, 5], properties: [p('Längd', `${l} mm`)], text: 'Band- och lösspik för spikpistol, 34°.', supplier: 4 });
  }
  for (const d of ['40x4,0', '50x4,0', '60x4,0', '75x4,0']) {
    out.push({ description: `Kamspik ${d} mm, 250 st`, group: 'FAST-SPI', unit: 'frp', price: [89, 149], weight: [1, 1.5], properties: [p('Dimension', `${d} mm`)], text: 'Ankarspik för beslag i trä.', supplier: 4 });
  }
  for (const [w, h] of [[40, 40], [50, 50], [60, 60], [70, 70], [90, 90], [105, 105], [40, 90], [60, 120]]) {
    out.push({ description: `Vinkelbeslag ${w}x${h} mm`, group: 'FAST-BES', price: [6, 24], weight: [0.03, 0.12], properties: [p('Mått', `${w}x${h} mm`), p('Material', 'Sendzimirförzinkat stål')], text: 'Vinkelbeslag med förstärkning.', supplier: 4 });
    out.push({ description: `Balksko ${w}x${h * 2} mm`, group: 'FAST-BES', price: [14, 45], weight: [0.08, 0.25], properties: [p('Mått', `${w}x${h * 2} mm`)], text: 'Balksko för regelverk och bjälklag.', supplier: 4 });
  }
  for (const [w, h] of [[60, 120], [80, 160], [100, 200], [120, 240], [140, 280], [160, 320]]) {
    out.push({ description: `Spikplåt ${w}x${h} mm`, group: 'FAST-BES', price: [9, 29], weight: [0.05, 0.2], properties: [p('Mått', `${w}x${h} mm`)], text: 'Perforerad spikplåt.', supplier: 4 });
  }
  return out;
}

export function toolSpecs(): Spec[] {
  const out: Spec[] = [];
  const brandSupplier = (i: number) => i; // suppliers 0..3 are the four tool brands
  BRANDS.forEach((brand, bi) => {
    for (const w of [300, 450, 600, 800]) {
      out.push({ description: `Snickarhammare ${brand} ${w} g`, group: 'VERK-HAND', price: [w / 4, w / 3], weight: [w / 1000 + 0.15, w / 1000 + 0.25], properties: [p('Huvudvikt', `${w} g`), p('Skaft', 'Glasfiber')], text: `Snickarhammare från ${brand} med vibrationsdämpande skaft.`, supplier: brandSupplier(bi), searchWords: 'hammare' });
    }
    const power: [string, [number, number], [number, number]][] = [
      ['Skruvdragare 18V', [990, 1690], [1.2, 1.6]],
      ['Slagborrmaskin 18V', [1290, 2190], [1.6, 2.1]],
      ['Slagskruvdragare 18V', [1190, 1990], [1.2, 1.5]],
      ['Sticksåg 18V', [1190, 1890], [2, 2.5]],
      ['Cirkelsåg 18V 165 mm', [1490, 2490], [2.8, 3.4]],
      ['Vinkelslip 18V 125 mm', [1090, 1790], [2, 2.4]],
      ['Multiverktyg 18V', [990, 1590], [1.1, 1.4]],
      ['Tigersåg 18V', [1390, 2290], [2.6, 3.2]],
      ['Excenterslip 18V 125 mm', [990, 1490], [1.4, 1.8]],
      ['Borrhammare SDS-plus 18V', [1990, 3290], [2.5, 3.1]],
    ];
    for (const [name, price, weight] of power) {
      out.push({ description: `${name} ${brand}, utan batteri`, description2: 'Naken maskin', group: 'VERK-EL', price, weight, dims: [300, 250, 110], properties: [p('Spänning', '18 V'), p('Batterisystem', `${brand} 18V`), p('Garanti', '3 år')], text: `${name} från ${brand}. Levereras utan batteri och laddare – passar alla ${brand} 18V-batterier.`, supplier: brandSupplier(bi) });
      out.push({ description: `${name} ${brand}, 2x2,0 Ah`, group: 'VERK-EL', price: [price[0] + 900, price[1] + 1100], weight: [weight[0] + 0.9, weight[1] + 1.1], dims: [400, 330, 120], properties: [p('Spänning', '18 V'), p('Batteri', '2 x 2,0 Ah'), p('Garanti', '3 år')], text: `${name} från ${brand} i väska med två batterier 2,0 Ah och snabbladdare.`, supplier: brandSupplier(bi) });
    }
    for (const ah of ['2,0', '4,0', '5,0']) {
      out.push({ description: `Batteri ${brand} 18V ${ah} Ah`, group: 'VERK-EL', price: [390 + Number(ah.replace(',', '.')) * 110, 450 + Number(ah.replace(',', '.')) * 130], weight: [0.4, 0.7], properties: [p('Spänning', '18 V'), p('Kapacitet', `${ah} Ah`)], text: `Litiumjonbatteri för ${brand} 18V-systemet.`, supplier: brandSupplier(bi) });
    }
    out.push({ description: `Snabbladdare ${brand} 18V`, group: 'VERK-EL', price: [390, 590], weight: [0.5, 0.7], properties: [p('Spänning', '18 V')], text: `Laddare för alla ${brand} 18V-batterier.`, supplier: brandSupplier(bi) });
  });
  for (const [type, sizes] of [
    ['Spår', ['0,5x3,0', '0,8x4,0', '1,0x5,5', '1,2x6,5']],
    ['PH', ['0', '1', '2', '3']],
    ['PZ', ['0', '1', '2', '3']],
    ['Torx', ['T10', 'T15', 'T20', 'T25', 'T30']],
  ] as const) {
    for (const s of sizes) out.push({ description: `Skruvmejsel ${type} ${s}`, group: 'VERK-HAND', price: [39, 89], weight: [0.05, 0.15], properties: [p('Typ', type), p('Storlek', s)], text: 'Skruvmejsel med tvåkomponentshandtag och härdad klinga.', supplier: 2 });
  }
  for (const b of ['PH1', 'PH2', 'PH3', 'PZ1', 'PZ2', 'PZ3', 'T10', 'T15', 'T20', 'T25', 'T27', 'T30', 'T40']) {
    out.push({ description: `Bits ${b} 25 mm, 10-pack`, group: 'VERK-TILL', unit: 'frp', price: [39, 69], weight: [0.03, 0.05], properties: [p('Typ', b), p('Längd', '25 mm')], text: 'Bits i S2-stål för skruvdragare.', supplier: 2 });
    out.push({ description: `Bits ${b} 50 mm, 5-pack`, group: 'VERK-TILL', unit: 'frp', price: [45, 79], weight: [0.03, 0.05], properties: [p('Typ', b), p('Längd', '50 mm')], text: 'Långa bits för slagskruvdragare.', supplier: 2 });
  }
  for (let d = 1; d <= 13; d += 0.5) {
    const ds = String(d).replace('.', ',');
    out.push({ description: `Metallborr HSS-G ${ds} mm`, group: 'VERK-TILL', price: [8 + d * 3, 12 + d * 4], weight: [0.005 + d * 0.002, 0.01 + d * 0.003], properties: [p('Diameter', `${ds} mm`), p('Material', 'HSS-G')], text: 'Slipad metallborr, DIN 338.', supplier: 3 });
  }
  for (const d of [5, 6, 8, 10, 12, 14, 16]) {
    out.push({ description: `Stenborr SDS-plus ${d}x160 mm`, group: 'VERK-TILL', price: [29 + d * 3, 39 + d * 4], weight: [0.05, 0.2], properties: [p('Diameter', `${d} mm`), p('Fäste', 'SDS-plus')], text: 'Hammarborr med hårdmetallskär.', supplier: 3 });
    out.push({ description: `Träborr ${d} mm`, group: 'VERK-TILL', price: [19 + d * 2, 29 + d * 3], weight: [0.02, 0.1], properties: [p('Diameter', `${d} mm`)], text: 'Spiralborr för trä med centrumspets.', supplier: 3 });
  }
  for (const [d, t] of [[165, 24], [165, 48], [190, 24], [190, 48], [210, 40], [254, 60]]) {
    out.push({ description: `Sågklinga ${d} mm ${t}T`, group: 'VERK-TILL', price: [149 + d / 2, 229 + d / 2], weight: [0.3, 0.9], properties: [p('Diameter', `${d} mm`), p('Tänder', String(t))], text: 'Hårdmetallklinga för trä.', supplier: 3 });
  }
  for (const k of [40, 60, 80, 120, 180, 240]) {
    out.push({ description: `Slippapper korn ${k}, 10-pack`, group: 'VERK-TILL', unit: 'frp', price: [39, 59], weight: [0.1, 0.15], properties: [p('Korn', `P${k}`)], text: 'Slipark 115x230 mm.', supplier: 3 });
    out.push({ description: `Slipsticker 125 mm korn ${k}, 25-pack`, group: 'VERK-TILL', unit: 'frp', price: [79, 119], weight: [0.1, 0.15], properties: [p('Korn', `P${k}`), p('Diameter', '125 mm')], text: 'Kardborreslippapper med 8 hål.', supplier: 3 });
  }
  for (const l of [2, 3, 5, 8, 10]) out.push({ description: `Måttband ${l} m`, group: 'VERK-HAND', price: [39 + l * 8, 59 + l * 10], weight: [0.1 + l * 0.03, 0.15 + l * 0.04], properties: [p('Längd', `${l} m`)], text: 'Måttband med magnetkrok och stoppknapp.', supplier: 2 });
  for (const l of [40, 60, 80, 100, 120, 180]) out.push({ description: `Vattenpass ${l} cm`, group: 'VERK-HAND', price: [89 + l, 129 + l * 1.5], weight: [0.2 + l / 200, 0.3 + l / 150], properties: [p('Längd', `${l} cm`), p('Libeller', '3')], text: 'Vattenpass i aluminium med tre libeller.', supplier: 2 });
  for (const w of [6, 10, 12, 16, 20, 25, 32]) out.push({ description: `Stämjärn ${w} mm`, group: 'VERK-HAND', price: [89, 169], weight: [0.15, 0.25], properties: [p('Bredd', `${w} mm`)], text: 'Stämjärn med slagtåligt handtag.', supplier: 1 });
  for (const s of [8, 10, 11, 12, 13, 14, 15, 16, 17, 19, 22, 24]) {
    out.push({ description: `U-ringnyckel ${s} mm`, group: 'VERK-HAND', price: [39 + s * 2, 59 + s * 3], weight: [0.05 + s * 0.01, 0.06 + s * 0.012], properties: [p('Nyckelvidd', `${s} mm`)], text: 'Kombinationsnyckel i krom-vanadinstål.', supplier: 2 });
  }
  for (const s of [8, 10, 11, 12, 13, 14, 15, 16, 17, 19, 22, 24]) {
    out.push({ description: `Hylsa 1/2" ${s} mm`, group: 'VERK-HAND', price: [29 + s, 45 + s * 1.5], weight: [0.03 + s * 0.004, 0.04 + s * 0.005], properties: [p('Nyckelvidd', `${s} mm`), p('Fattning', '1/2"')], text: 'Sexkantshylsa i krom-vanadinstål.', supplier: 2 });
    out.push({ description: `Blocknyckel ${s}x${s + 2} mm`, group: 'VERK-HAND', price: [39 + s * 2, 59 + s * 3], weight: [0.05 + s * 0.01, 0.06 + s * 0.012], properties: [p('Nyckelvidd', `${s}x${s + 2} mm`)], text: 'Dubbel blocknyckel.', supplier: 2 });
  }
  for (const s of ['1,5', '2', '2,5', '3', '4', '5', '6', '8', '10']) out.push({ description: `Insexnyckel ${s} mm med kulände`, group: 'VERK-HAND', price: [12, 39], weight: [0.01, 0.08], properties: [p('Storlek', `${s} mm`)], text: 'Insexnyckel med kulände för vinklad åtkomst.', supplier: 2 });
  for (const [n, price] of [[24, [299, 399]], [46, [499, 699]], [94, [999, 1390]]] as const) {
    out.push({ description: `Hylsnyckelsats ${n} delar`, group: 'VERK-HAND', price: [price[0], price[1]], weight: [1.5 + n / 40, 2 + n / 30], dims: [400, 300, 80], properties: [p('Antal delar', String(n))], text: `Hylsnyckelsats med ${n} delar i väska: spärrskaft, förlängningar och hylsor.`, supplier: 2 });
  }
  for (const t of ['Kombinationstång', 'Polygrip', 'Spetstång', 'Sidavbitare', 'Armeringstång', 'Rörtång', 'Siebertång', 'Bomavbitare']) {
    out.push({ description: `${t} 200 mm`, group: 'VERK-HAND', price: [119, 299], weight: [0.2, 0.5], text: `${t} i härdat verktygsstål.`, supplier: 1 });
  }
  for (const [name, price, w, text] of [
    ['Tumstock 2 m trä', [49, 69], 0.2, 'Klassisk tumstock i björk, 2 m.'],
    ['Tumstock 2 m "Proffs" glasfiber', [89, 129], 0.25, 'Tumstock i glasfiber som inte spricker.'],
    ['Fogsvans 475 mm', [149, 229], 0.45, 'Fogsvans med härdade tänder, 7 tpi.'],
    ['Fogsvans 550 mm', [169, 249], 0.5, 'Fogsvans med härdade tänder, 7 tpi.'],
    ['Bågfil 300 mm', [139, 199], 0.5, 'Bågfil med justerbar bladspänning.'],
    ['Brytjärn 600 mm', [129, 189], 1.2, 'Brytjärn med kloändar.'],
    ['Brytjärn 900 mm', [169, 249], 1.8, 'Brytjärn med kloändar.'],
    ['Slägga 3 kg', [289, 389], 3.4, 'Slägga med glasfiberskaft.'],
    ['Murslev 180 mm', [89, 139], 0.3, 'Murslev i härdat stål.'],
    ['Hobbykniv 18 mm', [39, 69], 0.1, 'Brytbladskniv med låsning.'],
    ['Brytblad 18 mm, 10-pack', [29, 49], 0.05, 'Reservblad till hobbykniv.'],
    ['Snickarpenna, 10-pack', [29, 45], 0.1, 'Oval snickarpenna.'],
    ['Insexnyckelsats 9 delar', [89, 149], 0.3, 'Insexnycklar 1,5–10 mm med kulände.'],
    ['Kniv Arbetare', [79, 139], 0.15, 'Arbetskniv med kolstålsblad och slida – ”en kniv för allt”.'],
  ] as const) {
    out.push({ description: name, group: 'VERK-HAND', price: [price[0], price[1]], weight: [w, w + 0.05], text, supplier: 1 });
  }
  for (const w of [40, 60, 80, 100, 120]) out.push({ description: `Spackelspade ${w} mm`, group: 'VERK-HAND', price: [35, 79], weight: [0.08, 0.15], properties: [p('Bredd', `${w} mm`)], text: 'Spackelspade med flexibelt blad.', supplier: 6 });
  return out;
}

