import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { samplesSource } from './samples';

test('lib/map/samples.ts is generated from the current fixtures', () => {
  const file = path.join(repoRoot, 'lib', 'map', 'samples.ts');
  const want = samplesSource();
  if (process.env.UPDATE_MAP_SAMPLES === '1') fs.writeFileSync(file, want);
  assert.equal(fs.readFileSync(file, 'utf8'), want, 'stale: run UPDATE_MAP_SAMPLES=1 node scripts/run-tests.js test/map/samples');
});
