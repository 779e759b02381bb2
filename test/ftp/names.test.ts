import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkFileName,
  checkFolder,
  claimName,
  globMatcher,
  nameCodec,
  parseClaimName,
  parseListTime,
  renderNameTemplate,
  resolveFolder,
  scrub,
  tempNameFor,
} from '../../lib/ftp';

describe('file-name safety', () => {
  it('accepts Pyramid names, åäö included', () => {
    for (const n of ['Artikeldata_20261128T101500000_0001.xml', 'Order_WC-10042.xml', 'Kund_Björk & Söner.xml', 'a']) {
      assert.equal(checkFileName(n), n);
    }
  });

  it('refuses path traversal and separators', () => {
    for (const n of ['..', '.', '../x.xml', '..\\x.xml', 'sub/x.xml', '/etc/passwd', 'C:\\x.xml']) {
      assert.throws(() => checkFileName(n, 'msg.filename'), (e: Error & { code?: string }) => e.code === 'FTP_BAD_NAME' && /msg\.filename/.test(e.message), n);
    }
  });

  it('refuses control characters and says which one', () => {
    assert.throws(() => checkFileName('a\r\nDELE x'), /U\+000D/);
    assert.throws(() => checkFileName('a\u0000b'), /U\+0000/);
    assert.throws(() => checkFileName('a\u0085b'), /U\+0085/);
    assert.throws(() => checkFileName('a\u007fb'), /U\+007F/);
  });

  it('refuses what Windows (Pyramid) cannot store', () => {
    for (const n of ['a:b.xml', 'a*b', 'a?b', 'a"b', 'a<b', 'a|b', 'CON', 'nul.xml', 'x.xml.', 'x.xml ', ' x.xml', '', 'x'.repeat(256)]) {
      assert.throws(() => checkFileName(n), (e: Error & { code?: string }) => e.code === 'FTP_BAD_NAME', n);
    }
    assert.throws(() => checkFileName(42 as unknown as string), /must be a string/);
  });

  it('checks and resolves folders', () => {
    assert.equal(checkFolder('/pyramid/out/'), '/pyramid/out');
    assert.equal(checkFolder('out'), 'out');
    assert.equal(checkFolder(''), '');
    assert.equal(checkFolder('/'), '/');
    assert.throws(() => checkFolder('out/../../etc'), /must not contain/);
    assert.throws(() => checkFolder('out//x'), /empty segment/);
    assert.throws(() => checkFolder('out\\x'), /use "\/"/);
    assert.equal(resolveFolder('out', 'processing'), 'out/processing');
    assert.equal(resolveFolder('/p/out', 'archive'), '/p/out/archive');
    assert.equal(resolveFolder('/p/out', '/elsewhere/archive'), '/elsewhere/archive');
    assert.equal(resolveFolder('/', 'error'), '/error');
  });
});

describe('glob patterns', () => {
  it('matches Pyramid file names case-insensitively', () => {
    const m = globMatcher('Artikeldata_*.xml');
    assert.ok(m('Artikeldata_20261128T101500000_0001.xml'));
    assert.ok(m('ARTIKELDATA_1.XML'));
    assert.ok(!m('Artikeldata_1.xml.done'));
    assert.ok(!m('Lagersaldo_1.xml'));
  });

  it('supports ?, classes, braces and lists', () => {
    assert.ok(globMatcher('Order_??.xml')('Order_12.xml'));
    assert.ok(!globMatcher('Order_??.xml')('Order_123.xml'));
    assert.ok(globMatcher('Order_[0-9]*.xml')('Order_9.xml'));
    assert.ok(!globMatcher('Order_[!0-9]*.xml')('Order_9.xml'));
    const m = globMatcher('{Artikeldata,Lagersaldo}_*.xml');
    assert.ok(m('Lagersaldo_1.xml') && m('Artikeldata_1.xml') && !m('Kund_1.xml'));
    const list = globMatcher('Kund_*.xml; Kontakt_*.xml');
    assert.ok(list('Kund_1.xml') && list('Kontakt_1.xml') && !list('Order_1.xml'));
    assert.ok(globMatcher('')('anything'));
    assert.ok(globMatcher('a.b+c(d)')('a.b+c(d)'));
    assert.ok(!globMatcher('a.b')('axb'));
  });
});

describe('name templates', () => {
  it('fills msg properties and the timestamp', () => {
    const msg: Record<string, unknown> = { pyramid: { orderId: 'WC-10042' } };
    const lookup = (p: string) => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], msg);
    assert.equal(renderNameTemplate('Order_{{pyramid.orderId}}.xml', lookup), 'Order_WC-10042.xml');
    assert.equal(renderNameTemplate('Order_{{msg.pyramid.orderId}}.xml', lookup), 'Order_WC-10042.xml');
    assert.equal(renderNameTemplate('X_{{timestamp}}.xml', lookup, new Date(2026, 10, 28, 10, 15, 0, 7)), 'X_20261128T101500007.xml');
    assert.throws(() => renderNameTemplate('Order_{{pyramid.missing}}.xml', lookup), /msg\.pyramid\.missing is missing/);
    msg.evil = '../../x';
    assert.throws(() => renderNameTemplate('{{evil}}.xml', lookup), /path separator/);
  });
});

describe('names on the wire', () => {
  it('carries Windows-1252 names as their bytes', () => {
    const c = nameCodec('windows-1252');
    assert.equal(c.controlEncoding, 'latin1');
    const wire = c.toWire('Kund_åäöÅÄÖ_€.xml');
    assert.deepEqual(Buffer.from(wire, 'latin1'), Buffer.from([...Buffer.from('Kund_'), 0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0x5f, 0x80, ...Buffer.from('.xml')]));
    assert.equal(c.fromWire(wire), 'Kund_åäöÅÄÖ_€.xml');
    assert.throws(() => c.toWire('Kund_漢.xml'), /cannot be written in windows-1252/);
    const u = nameCodec('utf-8');
    assert.equal(u.toWire('åäö'), 'åäö');
  });
});

describe('claims and temporary names', () => {
  it('round-trips a claim name with its owner and lease', () => {
    const lease = Date.UTC(2026, 10, 28, 10, 30, 0);
    const n = claimName('Artikeldata_20261128T101500000_0001.xml', 'a1b2c3d4e5f6', lease);
    assert.equal(n, 'Artikeldata_20261128T101500000_0001.xml~a1b2c3d4e5f6~20261128T103000Z~1.claim');
    assert.deepEqual(parseClaimName(n), { claim: n, original: 'Artikeldata_20261128T101500000_0001.xml', owner: 'a1b2c3d4e5f6', leaseUntil: lease, deliveries: 1 });
    assert.equal(parseClaimName('Artikeldata_1.xml'), undefined);
    assert.equal(parseClaimName('x~y~z.claim'), undefined);
    assert.throws(() => claimName('a.xml', 'bad owner', lease), /owner/);
    // an original with ~ in it still parses from the right
    assert.equal(parseClaimName(claimName('a~b.xml', 'o1', lease))?.original, 'a~b.xml');
  });

  it('makes temporary names Pyramid will not import', () => {
    assert.equal(tempNameFor('Order_1.xml', 'abc'), '~Order_1.xml.abc.part');
    assert.ok(tempNameFor('x'.repeat(250), 'abc').length <= 255);
  });

  it('parses LIST times and scrubs secrets', () => {
    const now = new Date(Date.UTC(2026, 10, 28, 12, 0));
    assert.equal(parseListTime('Nov 28 10:15', now)?.toISOString(), '2026-11-28T10:15:00.000Z');
    assert.equal(parseListTime('Dec 24 10:15', now)?.toISOString(), '2025-12-24T10:15:00.000Z');
    assert.equal(parseListTime('Nov 28  2024', now)?.toISOString(), '2024-11-28T00:00:00.000Z');
    assert.equal(parseListTime('garbage', now), undefined);
    assert.equal(scrub('530 bad password S3cret for user', ['S3cret', undefined]), '530 bad password *** for user');
  });
});
