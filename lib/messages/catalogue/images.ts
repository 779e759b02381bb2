/** The catalogue entry of Bilder (images, request-response): what it is, and the fields of its documents (request, response). */
import type { MessageDescriptor } from '../types';
import { boolean, code, datetime, integer, list, text } from '../fields';

export const images: MessageDescriptor = {
  type: 'images',
  name: 'Bilder',
  title: 'Images',
  direction: 'request-response',
  protocol: 'WS',
  trigger: 'on demand',
  family: 'ws',
  summary: "An article's images (base64 data or a URL), with order, main-image flag and an MD5 to skip unchanged uploads.",
  ws: {
    operation: 'Bilder',
    doc: "Returns an article's images, optionally only those changed after a time.",
    readOnly: true,
    request: {
      root: 'BilderRequest',
      fields: [
        code('articleCode', 'Artikelkod', 'Article code.', { required: true, isKey: true }),
        datetime('changedAfter', 'AndradEfter', 'Only images changed after this time.'),
      ],
    },
    response: {
      root: 'BilderResponse',
      fields: [
        code('articleCode', 'Artikelkod', 'Article code.', { isKey: true }),
        list('images', 'Bilder', 'Bild', 'The images.', [
          text('fileName', 'Filnamn', 'File name.', { required: true, isKey: true }),
          text('mimeType', 'MimeTyp', 'MIME type (image/jpeg, image/png).'),
          text('data', 'Data', 'The image, base64 encoded (or use url).'),
          text('url', 'Url', 'Where to fetch the image (instead of data).'),
          integer('sortOrder', 'Sortering', 'Position in the gallery.'),
          boolean('main', 'Huvudbild', 'The main image.'),
          datetime('changed', 'Andrad', 'When the image changed.'),
          code('md5', 'Md5', 'MD5 of the image bytes (hex).'),
        ]),
      ],
    },
  },
};
