/**
 * The catalogue's example of Setartikel (kit-article): its file, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const kitArticleExample: MessageExample = {
  file: {
    version: '1',
    created: '2026-11-28T10:15:00+01:00',
    scope: 'delta',
    kits: [
      {
        articleCode: 'SET-00123',
        action: 'ny',
        description: 'Skruvsats rostfri M6 – 100 skruv + 100 mutter',
        priceType: 'summa',
        components: [
          {
            articleCode: '00123',
            quantity: '100',
          },
          {
            articleCode: '00124',
            quantity: '100.000',
          },
        ],
        changed: '2026-11-28T10:02:11+01:00',
      },
      {
        articleCode: '08800',
        action: 'andrad',
        description: 'Startpaket snickare – kampanjpris 129 € i Finland',
        priceType: 'eget',
        price: '1495.00',
        components: [
          {
            articleCode: '07700',
            quantity: '1',
          },
          {
            articleCode: '04500-SV-L',
            quantity: '1',
          },
          {
            articleCode: '00123',
            quantity: '50',
          },
          {
            articleCode: '09100',
            quantity: '1.5',
          },
        ],
        changed: '2026-11-27T16:45:00+01:00',
      },
      {
        articleCode: '08810',
        action: 'andrad',
        description: 'Vinterpaket: jacka röd M + mössa',
        priceType: 'eget',
        price: '799.00',
        components: [
          {
            articleCode: '04500-R-M',
            quantity: '1',
          },
          {
            articleCode: '04610',
            quantity: '1.0',
          },
        ],
        changed: '20261127T164500',
      },
      {
        articleCode: '08900',
        action: 'borttagen',
        description: 'Höstpaket 2025 (utgått)',
        components: [],
        changed: '2026-11-28T08:30:00+01:00',
      },
    ],
  },
};
