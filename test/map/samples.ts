/**
 * The Pyramid samples the mapping dialog previews against (lib/map/samples.ts) come from the test
 * fixtures: parsed with the library, lists cut to a few records, a password masked. samples.test.ts
 * checks that the file is current; `UPDATE_MAP_SAMPLES=1 node scripts/run-tests.js test/map/samples`
 * rewrites it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue, parseMessage, partsOf } from '../../lib';
import { fixturesDir } from '../support/paths';

const MAX_ITEMS = 6;

function shorten(v: unknown, secretKeys: Set<string>, key = ''): unknown {
  if (Array.isArray(v)) return v.slice(0, MAX_ITEMS).map((x) => shorten(x, secretKeys));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, secretKeys, k)]));
  if (secretKeys.has(key) && typeof v === 'string') return '••••••';
  return v;
}

export function sampleModels(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of catalogue) {
    for (const part of partsOf(d)) {
      const file = path.join(fixturesDir, part === 'file' ? `${d.type}.xml` : `${d.type}.${part}.xml`);
      if (!fs.existsSync(file)) continue;
      const model = parseMessage(d.type, fs.readFileSync(file), { part });
      out[part === 'file' ? d.type : `${d.type}.${part}`] = shorten(model, new Set(['password']));
    }
  }
  return out;
}

export function samplesSource(): string {
  return (
    '/* Generated from test/fixtures/messages by test/map/samples.ts (UPDATE_MAP_SAMPLES=1): do not edit. */\n' +
    '/** One sample model per Pyramid message document ("article", "login.request" ...), for the mapping preview. */\n' +
    `export const PYRAMID_SAMPLES: Record<string, unknown> = ${JSON.stringify(sampleModels(), null, 2)};\n`
  );
}
