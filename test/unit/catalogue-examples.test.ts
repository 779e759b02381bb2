/**
 * The catalogue's own examples (lib/messages/examples): one per document of every message type,
 * valid as they stand, the same after a trip through XML, and what the editor's help shows (the
 * help no longer reads test/fixtures). Also the secrets and code-page decisions the message node
 * now takes from lib/messages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage, catalogue, MessageError, partsOf, readMessage, validateModel } from '../../lib/messages';
import { exampleOf, exampleTypes } from '../../lib/messages/examples';
import { DocumentSecrets, MASK, redactModel, requestSecrets } from '../../lib/messages/secrets';
import { readCodePage, travellingCodePage, writeCodePage } from '../../lib/messages/codepage';
import { repoRoot } from '../support/paths';

describe('the catalogue\'s examples', () => {
  it('every document of every message type has one, and no type the catalogue lacks', () => {
    assert.deepEqual([...exampleTypes()].sort(), catalogue.map((d) => d.type).sort());
    for (const d of catalogue) {
      for (const part of partsOf(d)) assert.ok(exampleOf(d.type, part), `${d.type} ${part}`);
    }
    assert.equal(exampleOf('article', 'request'), undefined);
    assert.equal(exampleOf('no-such-type', 'file'), undefined);
  });

  it('each is valid as it stands and reads back the same from the XML built from it, in UTF-8 and in Windows-1252', () => {
    for (const d of catalogue) {
      for (const part of partsOf(d)) {
        const model = exampleOf(d.type, part)!;
        assert.deepEqual(validateModel(d.type, model, { part }), model, `${d.type} ${part}: already normalised`);
        for (const encoding of ['utf-8', 'windows-1252'] as const) {
          const xml = buildMessage(d.type, model, { part, encoding });
          assert.deepEqual(readMessage(d.type, xml, { part }).model, model, `${d.type} ${part} ${encoding}: round trip`);
        }
      }
    }
  });

  it('hands out copies: a caller changing one does not change the catalogue\'s', () => {
    const a = exampleOf('stock', 'file')!;
    (a.stock as Record<string, unknown>[])[0].onHand = '-1';
    assert.notEqual((exampleOf('stock', 'file')!.stock as Record<string, unknown>[])[0].onHand, '-1');
  });

  it('is what the generated help shows, and the help reads nothing from test/', () => {
    const src = fs.readFileSync(path.join(repoRoot, 'scripts', 'gen-help.js'), 'utf8');
    assert.ok(!/fixtures|['"/]test['"/]/.test(src), 'gen-help.js reads no test files');
    const html = fs.readFileSync(path.join(repoRoot, 'dist', 'nodes', 'pyramid-messages.html'), 'utf8');
    const stock = html.slice(html.indexOf('data-help-name="pyramid-stock"'));
    const first = (exampleOf('stock', 'file')!.stock as Record<string, string>[])[0];
    assert.ok(stock.includes(`<ArtikelKod>${first.articleCode}</ArtikelKod>`) || stock.includes(first.articleCode), 'the example\'s article');
    assert.ok(stock.includes(first.nextDeliveryDate), 'the example\'s delivery date');
    // the login example has a password: the help masks it
    const login = html.slice(html.indexOf('data-help-name="pyramid-login"'));
    const password = exampleOf('login', 'request')!.password as string;
    assert.ok(!login.slice(0, login.indexOf('</script>')).includes(password.slice(0, 4)));
  });
});

describe('secrets of message fields (lib/messages/secrets)', () => {
  const login = catalogue.find((d) => d.type === 'login')!;
  const request = exampleOf('login', 'request')!;
  const password = request.password as string;

  it('finds and masks the catalogue\'s secret fields of a request, and nothing of other documents', () => {
    const found = requestSecrets(login, request);
    assert.deepEqual(found, { values: [password], elements: ['Losenord'] });
    assert.deepEqual(redactModel('login', request), { ...request, password: MASK });
    assert.equal(new DocumentSecrets(login, 'response').any, false);
    assert.equal(new DocumentSecrets(catalogue.find((d) => d.type === 'stock')!, 'file').any, false);
  });

  it('a node\'s view: the payload as text, bytes or model and an error about it never show the password', () => {
    const s = new DocumentSecrets(login, 'request');
    const xml = buildMessage('login', request, { part: 'request', encoding: 'windows-1252' });
    const shown = s.redact(xml) as Buffer;
    assert.ok(Buffer.isBuffer(shown));
    assert.ok(!shown.toString('latin1').includes('Höst') && shown.toString('latin1').includes(`<Losenord>${MASK}</Losenord>`));
    assert.ok(shown.toString('latin1').includes('asa.lindqvist'));
    assert.ok(!(s.redact(xml.toString('latin1')) as string).includes('Höst'));
    assert.deepEqual(s.redact(request), { ...request, password: MASK });
    const err = new MessageError(`InloggningRequest: anvandarnamn "${password}" is too long`, 'MESSAGE_INVALID', [
      { path: ['username'], where: 'InloggningRequest: anvandarnamn', message: `"${password}" is too long` },
    ]);
    const masked = s.maskError(err, request, 'hidden') as MessageError;
    assert.ok(masked instanceof MessageError);
    assert.ok(!masked.message.includes(password) && !JSON.stringify(masked.issues).includes(password));
    const wrong = new MessageError(`InloggningRequest: losenord "${password}" is not text`, 'MESSAGE_INVALID', [
      { path: ['password'], where: 'InloggningRequest: losenord', message: `"${password}" is not text` },
    ]);
    const hidden = s.maskError(wrong, request, 'hidden') as MessageError;
    assert.equal(hidden.issues[0].message, 'hidden');
    assert.equal(hidden.message, 'InloggningRequest: losenord hidden');
    const other = new Error(password);
    assert.equal(s.maskError(other, request, 'hidden'), other, 'not a message error: as it was');
  });
});

describe('the code page of a message (lib/messages/codepage)', () => {
  it('reads with msg.encoding, else the node\'s setting; auto lets the bytes decide', () => {
    assert.equal(readCodePage(undefined, 'auto'), 'auto');
    assert.equal(readCodePage(undefined, 'cp1252'), 'windows-1252');
    assert.equal(readCodePage('latin1', 'utf-8'), 'iso-8859-1');
    assert.equal(readCodePage('', 'utf-8'), 'auto', 'an empty msg.encoding is auto');
    assert.equal(readCodePage(42, 'cp850'), 'cp850', 'a msg.encoding that is no text is not asked for');
    assert.throws(() => readCodePage('ebcdic', 'auto'), { code: 'ENCODING_UNSUPPORTED' });
  });

  it('writes with msg.encoding when not empty, else the node\'s setting; auto writes UTF-8', () => {
    assert.equal(writeCodePage(undefined, 'auto'), 'utf-8');
    assert.equal(writeCodePage('', 'windows-1252'), 'windows-1252');
    assert.equal(writeCodePage('ibm850', 'utf-8'), 'cp850');
    assert.throws(() => writeCodePage(undefined, 'koi8-r'), { code: 'ENCODING_UNSUPPORTED' });
  });

  it('the code page a msg travels in is its msg.pyramid.encoding when that is one', () => {
    assert.equal(travellingCodePage({ pyramid: { encoding: 'windows-1252' } }), 'windows-1252');
    assert.equal(travellingCodePage({ pyramid: { encoding: 'cp1252' } }), 'windows-1252');
    assert.equal(travellingCodePage({ pyramid: { encoding: 'ebcdic' } }), undefined);
    assert.equal(travellingCodePage({ pyramid: {} }), undefined);
    assert.equal(travellingCodePage({}), undefined);
  });
});
