/**
 * The mapping dialog's Pyramid samples are the catalogue's examples: one per document of every
 * message type, each a valid model, a login password never shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, partsOf, validateModel } from '../../lib/messages';
import { exampleOf } from '../../lib/messages/examples';
import { PYRAMID_SAMPLES } from '../../lib/map/samples';

test('lib/map/samples.ts has the catalogue example of every document, valid, its secrets masked', () => {
  const want: string[] = [];
  for (const d of catalogue) {
    for (const part of partsOf(d)) {
      const id = part === 'file' ? d.type : `${d.type}.${part}`;
      want.push(id);
      const sample = PYRAMID_SAMPLES[id];
      assert.ok(sample, `a sample for ${id}`);
      if (part !== 'request' || d.type !== 'login') {
        assert.deepEqual(sample, exampleOf(d.type, part), id);
        validateModel(d.type, sample, { part });
      }
    }
  }
  assert.deepEqual(Object.keys(PYRAMID_SAMPLES).sort(), want.sort());
  const login = JSON.stringify(PYRAMID_SAMPLES['login.request']);
  const password = (exampleOf('login', 'request') as { password?: string }).password;
  assert.ok(password && !login.includes(password), 'the example password is masked');
});
