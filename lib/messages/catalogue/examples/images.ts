/**
 * The catalogue's example of Bilder (images): the request and the response, as JSON models.
 * The editor's help shows it as XML and JSON (read through exampleOf in lib/messages/examples);
 * tests check that it is valid and reads back the same.
 */
import type { MessageExample } from '../../examples';

export const imagesExample: MessageExample = {
  request: {
    articleCode: '04500',
    changedAfter: '2026-11-01T00:00:00+01:00',
  },
  response: {
    articleCode: '04500',
    images: [
      {
        fileName: '04500-framsida.png',
        mimeType: 'image/png',
        data: 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAGUlEQVR4nGO4Kactr+UCIRngrJty2gw4ZQBiuw154wn12AAAAABJRU5ErkJggg==',
        sortOrder: 1,
        main: true,
        changed: '2026-11-28T09:58:41+01:00',
        md5: '0da4ec99c383cf731d2b190c3a23ecac',
      },
      {
        fileName: '04500-röd-detalj.png',
        mimeType: 'image/png',
        data: 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGM4IaB3QkCPAUIBAB8eBBlIimilAAAAAElFTkSuQmCC',
        sortOrder: 2,
        main: false,
        changed: '20261127T120000+0100',
        md5: '3daa58dd212a1e08084dcb719efc23d4',
      },
      {
        fileName: '04500-kampanj-89€.jpg',
        mimeType: 'image/jpeg',
        url: 'https://media.example.com/pyramid/04500/04500-kampanj-89%E2%82%AC.jpg?v=3&w=1200',
        sortOrder: 3,
        main: false,
        changed: '2026-11-25T08:00:00+01:00',
      },
    ],
  },
};
