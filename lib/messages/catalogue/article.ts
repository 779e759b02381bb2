/** The catalogue entry of Artikeldata (article, out): what it is, and the fields of its document (file <Artikeldata>). */
import type { MessageDescriptor } from '../types';
import { action, boolean, code, datetime, decimal, fileHeader, list, text, valueList } from '../fields';

export const article: MessageDescriptor = {
  type: 'article',
  name: 'Artikeldata',
  title: 'Articles',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'change',
  family: 'out',
  summary:
    'Articles as the shop shows them: names, texts, units, groups, EAN, supplier, weights and measures, base price, ' +
    'web flags, categories, properties, variants and images. Written when articles change (delta) or in full.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Artikeldata',
    fields: [
      ...fileHeader(true),
      list(
        'articles',
        '',
        'Artikel',
        'The articles.',
        [
          code('articleCode', 'Artikelkod', 'Article code (SKU in the shop); leading zeros kept.', { required: true, isKey: true }),
          action(),
          text('description', 'Benamning', 'Name.'),
          text('description2', 'Benamning2', 'Second name line.'),
          text('longText', 'LangText', 'Long description (may span lines).'),
          code('unit', 'Enhet', 'Unit code (see Grunddata Enheter).'),
          code('articleGroup', 'Artikelgrupp', 'Article group code.'),
          code('vatCode', 'Momskod', 'VAT code (see Grunddata Momskoder).'),
          code('ean', 'Ean', 'EAN/GTIN barcode.'),
          code('supplier', 'Leverantor', 'Supplier number.'),
          code('supplierArticleCode', 'LeverantorsArtikelkod', "Supplier's article code."),
          decimal('weight', 'Vikt', 'Weight in kg.'),
          decimal('volume', 'Volym', 'Volume in m³.'),
          decimal('length', 'Langd', 'Length in mm.'),
          decimal('width', 'Bredd', 'Width in mm.'),
          decimal('height', 'Hojd', 'Height in mm.'),
          decimal('basePrice', 'Grundpris', 'Base price excluding VAT.'),
          code('basePriceCurrency', 'Grundpris@valuta', 'Currency of the base price.'),
          boolean('webActive', 'Webbaktiv', 'Shown in the web shop.'),
          boolean('stocked', 'Lagerford', 'Stock-keeping article.'),
          boolean('discontinued', 'Utgaende', 'Being phased out (sell remaining stock).'),
          text('searchWords', 'Sokord', 'Search words.'),
          valueList('webCategories', 'Webbkategorier', 'Kategori', 'Web shop categories, as paths ("Fästelement/Skruv").'),
          list('properties', 'Egenskaper', 'Egenskap', 'Properties shown in the shop.', [
            text('name', '@namn', 'Property name.', { required: true }),
            text('value', '#text', 'Property value.'),
          ]),
          code('parentArticle', 'Huvudartikel', 'Article code of the variant parent (for a variant).'),
          list('variantProperties', 'Variantegenskaper', 'Variantegenskap', 'What makes this variant (Farg=Röd, Storlek=M).', [
            text('name', '@namn', 'Variant dimension.', { required: true }),
            text('value', '#text', 'Value.'),
          ]),
          valueList('images', 'Bilder', 'Bild', 'Image file names (fetch them with the Bilder web service).'),
          datetime('changed', 'Andrad', 'When the article last changed in Pyramid.'),
        ],
        { stream: true },
      ),
    ],
  },
};
