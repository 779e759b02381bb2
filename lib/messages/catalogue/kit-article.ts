/** The catalogue entry of Setartikel (kit-article, out): what it is, and the fields of its document (file <Setartikel>). */
import type { MessageDescriptor } from '../types';
import { action, code, datetime, decimal, fileHeader, list, oneOf, text } from '../fields';

export const kitArticle: MessageDescriptor = {
  type: 'kit-article',
  name: 'Setartikel',
  title: 'Kit articles',
  direction: 'out',
  protocol: 'FTP',
  trigger: 'change',
  family: 'out',
  summary:
    'Kit (bundle) articles and their components. The stock of a kit is the minimum over its components of ' +
    'floor(component stock / quantity); its price is the sum of the components or its own.',
  fileName: { kind: 'timestamp' },
  file: {
    root: 'Setartikel',
    fields: [
      ...fileHeader(true),
      list('kits', '', 'Artikel', 'The kit articles.', [
        code('articleCode', 'Artikelkod', 'Article code of the kit.', { required: true, isKey: true }),
        action(),
        text('description', 'Benamning', 'Name.'),
        oneOf('priceType', 'Pristyp', ['summa', 'eget'], 'summa: the sum of the components; eget: the kit has its own price.'),
        decimal('price', 'Pris', 'Own price excluding VAT (pristyp eget).'),
        list('components', 'Komponenter', 'Komponent', 'The components.', [
          code('articleCode', 'Artikelkod', 'Article code of the component.', { required: true, isKey: true }),
          decimal('quantity', 'Antal', 'Quantity per kit.', { required: true }),
        ]),
        datetime('changed', 'Andrad', 'When the kit last changed.'),
      ]),
    ],
  },
};
