import * as path from 'node:path';

/** The repository root, from a compiled test file under dist/test/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'messages');
