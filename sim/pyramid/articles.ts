/**
 * The article register: about 2,000 articles of a Swedish builders' merchant (tools, fasteners,
 * work wear, paint, garden, electrical, outdoor), product families with colour/size variants,
 * 20 kit articles built from real articles, some articles not shown on the web.
 */
import { Random } from './random';
import { fromMinor } from './money';
import { COLOURS, SUPPLIERS, type Colour } from './vocabulary';
import type { ArticleKind, ArticleRecord, KitRecord } from './types';
import { fastenerSpecs, toolSpecs, type Spec } from './specs-hardware';
import { buildingSpecs, otherSpecs, FAMILIES } from './specs-range';

export const TOTAL_ARTICLES = 2000;
export const KIT_COUNT = 20;

export const GROUP_CATEGORY: Record<string, string> = {
  'VERK-HAND': 'Verktyg/Handverktyg',
  'VERK-EL': 'Verktyg/Elverktyg',
  'VERK-TILL': 'Verktyg/Tillbehör',
  'FAST-SKR': 'Fästelement/Skruv',
  'FAST-MUT': 'Fästelement/Muttrar & brickor',
  'FAST-PLU': 'Fästelement/Plugg & ankare',
  'FAST-SPI': 'Fästelement/Spik',
  'FAST-BES': 'Fästelement/Beslag',
  'KLAD-JAC': 'Arbetskläder/Jackor',
  'KLAD-BYX': 'Arbetskläder/Byxor',
  'KLAD-TRO': 'Arbetskläder/Tröjor',
  'KLAD-HAN': 'Arbetskläder/Handskar',
  'KLAD-SKO': 'Arbetskläder/Skor',
  'KLAD-ACC': 'Arbetskläder/Accessoarer',
  SKYD: 'Skyddsutrustning',
  MAL: 'Färg & målning',
  TRAD: 'Trädgård',
  EL: 'Belysning & el',
  KEM: 'Kemtekniska produkter',
  FRIL: 'Friluftsliv',
  METV: 'Metervara',
  OVR: 'Övrigt',
  TRA: 'Trävaror & skivor',
  VVS: 'Rör & VVS',
  SET: 'Paket & set',
};

function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

function priceMinor(rng: Random, range: [number, number]): number {
  const kr = range[0] + rng.next() * Math.max(0, range[1] - range[0]);
  if (kr < 100) return Math.max(10, Math.round(kr * 10) * 10); // to 10 öre
  if (kr < 1000) return Math.round(kr * 2) * 50; // to 50 öre
  return Math.round(kr) * 100;
}

function decimal(n: number, places: number): string {
  return n.toFixed(places).replace(/\.?0+$/, '') || '0';
}

export interface ArticleSet {
  articles: ArticleRecord[];
  kinds: Map<string, ArticleKind>;
  kits: KitRecord[];
  /** Variant colour (for images). */
  colourOf: Map<string, Colour>;
}

export function generateArticles(seed: string | number, changed: (rng: Random) => string): ArticleSet {
  const rng = new Random(seed, 'articles');
  const articles: ArticleRecord[] = [];
  const kinds = new Map<string, ArticleKind>();
  const colourOf = new Map<string, Colour>();
  let eanSeq = 1000;
  const nextEan = () => ean13(`7350042${String(eanSeq++).padStart(5, '0')}`);

  const fill = (s: Spec & { description2?: string }, code: string, kind: ArticleKind): ArticleRecord => {
    const supplier = SUPPLIERS[s.supplier % SUPPLIERS.length];
    const w = s.weight[0] + rng.next() * (s.weight[1] - s.weight[0]);
    const rec: ArticleRecord = {
      articleCode: code,
      description: s.description,
      unit: s.unit ?? 'st',
      articleGroup: s.group,
      vatCode: s.vatCode ?? '1',
      ean: nextEan(),
      supplier: supplier.number,
      supplierArticleCode: `${supplier.prefix}-${rng.digits(2)}-${rng.digits(4)}`,
      weight: decimal(Math.max(0.001, w), 3),
      basePrice: fromMinor(priceMinor(rng, s.price)),
      basePriceCurrency: 'SEK',
      webActive: true,
      stocked: s.stocked ?? true,
      discontinued: false,
      webCategories: [GROUP_CATEGORY[s.group]],
      properties: s.properties ? [...s.properties] : [],
      variantProperties: [],
      images: [],
      longText: s.text,
      changed: changed(rng),
    };
    if (s.description2) rec.description2 = s.description2;
    if (s.searchWords) rec.searchWords = s.searchWords;
    if (s.dims) {
      const [l, wd, h] = s.dims;
      rec.length = String(l);
      rec.width = String(wd);
      rec.height = String(h);
      rec.volume = decimal((l * wd * h) / 1e9, 6);
    }
    kinds.set(code, kind);
    return rec;
  };

  // 1. variant families: a parent (not stocked, no EAN) and its variants
  let familyNo = 1;
  for (const f of FAMILIES) {
    for (const model of f.models) {
      const parentCode = `2${String(familyNo++).padStart(3, '0')}0`;
      const nColours = f.colours.length ? rng.int(f.coloursPerModel[0], f.coloursPerModel[1]) : 0;
      const colours = f.colours.length ? rng.sample(f.colours, nColours) : [undefined];
      const sizes = f.sizes.length ? f.sizes : [undefined];
      const familyPrice: [number, number] = (() => {
        const lo = f.price[0] + rng.next() * (f.price[1] - f.price[0]) * 0.7;
        return [lo, lo * 1.05];
      })();
      const description = `${f.base} ${model}`;
      const parent = fill(
        { description, group: f.group, price: familyPrice, weight: f.weight, supplier: f.supplier, properties: f.properties, text: f.text, unit: f.unit },
        parentCode,
        'parent',
      );
      parent.stocked = false;
      delete parent.ean;
      const parentIndex = articles.push(parent) - 1;
      let minPrice = Infinity;
      let v = 0;
      for (const c of colours) {
        for (const [si, s] of sizes.entries()) {
          v++;
          const colour = c ? COLOURS[c] : undefined;
          const parts = [description, c, s].filter(Boolean).join(' ');
          const sizeUp = f.sizeName === 'Volym' ? [1, 2.6, 7.5][si] : si >= 5 ? 1.1 : 1;
          const price: [number, number] = [familyPrice[0] * sizeUp, familyPrice[0] * sizeUp];
          const codeParts = [parentCode, colour?.code, s?.replace(/[^A-Za-z0-9]/g, '').toUpperCase()].filter(Boolean);
          const code = codeParts.length > 1 ? codeParts.join('-') : `${parentCode}-${String(v).padStart(2, '0')}`;
          const rec = fill(
            { description: parts, group: f.group, price, weight: [f.weight[0] * sizeUp, f.weight[1] * sizeUp], supplier: f.supplier, properties: f.properties, text: f.text, unit: f.unit },
            code,
            'variant',
          );
          rec.parentArticle = parentCode;
          if (c) rec.variantProperties.push({ name: f.colourName ?? 'Färg', value: c });
          if (s) rec.variantProperties.push({ name: f.sizeName ?? 'Storlek', value: s });
          if (colour) colourOf.set(code, colour);
          minPrice = Math.min(minPrice, Number(rec.basePrice));
          articles.push(rec);
        }
      }
      articles[parentIndex].basePrice = minPrice.toFixed(2);
    }
  }

  // 2. simple articles, up to the total less the kits
  const specs = [...fastenerSpecs(), ...toolSpecs(), ...otherSpecs(), ...buildingSpecs()];
  const wanted = TOTAL_ARTICLES - KIT_COUNT - articles.length;
  if (specs.length < wanted) throw new Error(`article vocabulary too small: ${specs.length} < ${wanted}`);
  // keep the vocabulary's order within a group (codes then run like a real register), drop the surplus at random
  const keep = new Set(rng.sample(specs.map((_s, i) => i), wanted));
  let code = 100;
  for (const [i, s] of specs.entries()) {
    if (!keep.has(i)) continue;
    articles.push(fill(s, String(code++).padStart(5, '0'), 'simple'));
  }

  // 3. kits from real articles
  const sellable = articles.filter((a) => kinds.get(a.articleCode) !== 'parent' && a.stocked);
  const byGroup = (g: string) => sellable.filter((a) => a.articleGroup === g || a.articleGroup.startsWith(g + '-'));
  const KITS: [string, string, [string, number][]][] = [
    ['Startpaket snickare', 'VERK', [['VERK-HAND', 1], ['VERK-HAND', 1], ['FAST-SKR', 2], ['FAST-PLU', 1]]],
    ['Målarpaket fasad', 'MAL', [['MAL', 2], ['MAL', 1], ['MAL', 1]]],
    ['Skyddspaket bas', 'SKYD', [['SKYD', 1], ['SKYD', 1], ['KLAD-HAN', 2]]],
    ['Trädgårdsset vår', 'TRAD', [['TRAD', 1], ['TRAD', 1], ['TRAD', 3]]],
    ['Elpaket arbetsplats', 'EL', [['EL', 2], ['EL', 1], ['EL', 1]]],
    ['Sortiment träskruv proffs', 'FAST', [['FAST-SKR', 1], ['FAST-SKR', 1], ['FAST-SKR', 1], ['FAST-SKR', 1], ['FAST-SKR', 1]]],
    ['Sortiment muttrar och brickor', 'FAST', [['FAST-MUT', 2], ['FAST-MUT', 2], ['FAST-MUT', 2]]],
    ['Borrsats metall', 'VERK', [['VERK-TILL', 1], ['VERK-TILL', 1], ['VERK-TILL', 1], ['VERK-TILL', 1]]],
    ['Bitssats skruvdragare', 'VERK', [['VERK-TILL', 2], ['VERK-TILL', 2], ['VERK-TILL', 1]]],
    ['Fjällpaket', 'FRIL', [['FRIL', 1], ['FRIL', 1], ['FRIL', 2]]],
    ['Fikapaket kontor', 'OVR', [['OVR', 4]]],
    ['Fogpaket badrum', 'KEM', [['KEM', 2], ['KEM', 1]]],
    ['Målarpaket inne', 'MAL', [['MAL', 1], ['MAL', 3], ['MAL', 1]]],
    ['Arbetskläder startpaket', 'KLAD', [['KLAD-JAC', 1], ['KLAD-BYX', 1], ['KLAD-TRO', 3]]],
    ['Vinterpaket arbete', 'KLAD', [['KLAD-ACC', 1], ['KLAD-HAN', 2], ['KLAD-JAC', 1]]],
    ['Beslagspaket altan', 'FAST', [['FAST-BES', 10], ['FAST-SKR', 2]]],
    ['Verktygslåda komplett', 'VERK', [['VERK-HAND', 1], ['VERK-HAND', 1], ['VERK-HAND', 1], ['VERK-HAND', 1], ['VERK-HAND', 1]]],
    ['Lampset LED hemma', 'EL', [['EL', 4]]],
    ['Repset båt', 'METV', [['METV', 20], ['METV', 2]]],
    ['Första hjälpen-station', 'SKYD', [['SKYD', 1], ['SKYD', 2]]],
  ];
  const kits: KitRecord[] = [];
  KITS.forEach(([name, g, parts], i) => {
    const kitCode = `9${String(i + 1).padStart(4, '0')}`;
    const used = new Set<string>();
    const components = parts.map(([pg, qty]) => {
      let pool = byGroup(pg).filter((a) => !used.has(a.articleCode));
      if (pool.length === 0) pool = sellable.filter((a) => !used.has(a.articleCode));
      const a = rng.pick(pool);
      used.add(a.articleCode);
      return { articleCode: a.articleCode, quantity: String(qty) };
    });
    const sum = components.reduce((s, c) => {
      const a = articles.find((x) => x.articleCode === c.articleCode) as ArticleRecord;
      return s + Math.round(Number(a.basePrice) * 100) * Number(c.quantity);
    }, 0);
    const own = i % 5 < 2; // 8 of 20 have their own price
    const price = own ? Math.round((sum * 0.88) / 100) * 100 : sum;
    const firstGroup = articles.find((a) => a.articleCode === components[0].articleCode)?.articleGroup ?? g;
    const rec = fill(
      { description: name, group: firstGroup, price: [price / 100, price / 100], weight: [0.5, 3], supplier: 9, text: `${name}: ${components.length} artiklar i ett paket.` },
      kitCode,
      'kit',
    );
    rec.stocked = false;
    rec.webCategories = [GROUP_CATEGORY.SET, GROUP_CATEGORY[firstGroup] ?? GROUP_CATEGORY.OVR];
    rec.basePrice = fromMinor(price);
    articles.push(rec);
    kits.push({ articleCode: kitCode, description: name, priceType: own ? 'eget' : 'summa', price: own ? fromMinor(price) : undefined, components, changed: rec.changed });
  });

  // 4. web flags, discontinued articles, news, images
  const simple = articles.filter((a) => kinds.get(a.articleCode) === 'simple');
  for (const a of rng.sample(simple, Math.round(simple.length * 0.06))) a.webActive = false;
  for (const a of rng.sample(simple.filter((x) => x.webActive), 25)) a.discontinued = true;
  for (const a of rng.sample(simple.filter((x) => x.webActive), 60)) a.webCategories.push('Nyheter');
  // a whole family kept off the web (a winter boot not launched yet)
  const hidden = articles.find((a) => a.description === 'Vinterkänga Norrland S3');
  if (hidden) for (const a of articles) if (a.articleCode === hidden.articleCode || a.parentArticle === hidden.articleCode) a.webActive = false;
  // small sizes of one jacket not sold on the web
  for (const a of articles) if (a.parentArticle && a.variantProperties.some((v) => v.value === 'XS') && a.description.startsWith('Arbetsjacka Robust')) a.webActive = false;
  // German-made articles: texts with €
  for (const a of rng.sample(simple.filter((x) => x.supplier === '70110'), 6)) {
    a.longText = `${a.longText ?? ''}\nTillverkad i Tyskland av Schäfer Befestigung GmbH. Listpris i euroområdet ${(Number(a.basePrice) / 11).toFixed(2).replace('.', ',')} €.`;
    a.properties.push({ name: 'Tillverkningsland', value: 'Tyskland' });
  }
  for (const a of articles) {
    const kind = kinds.get(a.articleCode);
    const n = kind === 'variant' || kind === 'kit' ? 1 : kind === 'parent' ? 3 : rng.weighted([[0, 1], [1, 5], [2, 3], [3, 1]] as const);
    a.images = Array.from({ length: n }, (_x, i) => `${a.articleCode.replace(/[^A-Za-z0-9-]/g, '_')}_${i + 1}.png`);
  }
  return { articles, kinds, kits, colourOf };
}
