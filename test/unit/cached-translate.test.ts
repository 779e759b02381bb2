/**
 * cachedTranslate (nodes/red.ts): RED._ asked once per key and substitutions, the same text after.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedTranslate } from '../../nodes/red';

describe('status texts translated once', () => {
  it('asks RED._ once per key and substitutions, and tells substitutions apart', () => {
    const asked: string[] = [];
    const t = cachedTranslate((key, subs) => {
      asked.push(key);
      return `${key}:${JSON.stringify(subs ?? null)}`;
    }, 4);
    assert.equal(t('status.uploaded'), 'status.uploaded:null');
    assert.equal(t('status.uploaded'), 'status.uploaded:null');
    assert.equal(t('status.outbox', { count: 2 }), 'status.outbox:{"count":2}');
    assert.equal(t('status.outbox', { count: 2 }), 'status.outbox:{"count":2}');
    assert.equal(t('status.outbox', { count: 3 }), 'status.outbox:{"count":3}');
    assert.deepEqual(asked, ['status.uploaded', 'status.outbox', 'status.outbox']);
    // a value holding the separator cannot pass for two substitutions
    assert.notEqual(t('k', { a: '1\u0000b\u00002' }), t('k', { a: '1', b: '2' }));
    assert.equal(t('k', { a: 1 }), 'k:{"a":1}', 'a number and its text are both right');
    assert.equal(t('k', { a: '1' }), 'k:{"a":"1"}');
    // bounded: past the limit it starts afresh and still answers right
    for (let i = 0; i < 10; i++) assert.equal(t('n', { i }), `n:{"i":${i}}`);
  });
});
