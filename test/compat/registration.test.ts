/*
 * The message node types are registered by 14 literal RED.nodes.registerType('pyramid-…', …) calls,
 * so that tools reading the file without running it (the Flow Library's scorecard, node-red-dev
 * validate) see every type. This checks that the literal list is exactly the catalogue's types, in
 * the source and in the compiled file Node-RED loads, and that a real Node-RED runtime creates a
 * node of each.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue } from '../../lib';
import { repoRoot } from '../support/paths';
import { helper, nodeFile } from '../support/nodered';

/** The node types named as string literals in registerType calls, in file order. */
function literalTypes(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/\bRED\.nodes\.registerType\(\s*(['"])([^'"`]+)\1\s*,/g)].map((m) => m[2]);
}

const catalogueTypes = catalogue.map((d) => `pyramid-${d.type}`);

describe('message node registration', () => {
  after(async () => {
    await helper.unload();
  });

  for (const [what, file] of [
    ['the TypeScript source', path.join(repoRoot, 'nodes', 'pyramid-messages.ts')],
    ['the compiled node file', path.join(repoRoot, 'dist', 'nodes', 'pyramid-messages.js')],
    // node-red-dev reads the editor file (the .js path with .html): its types, each with an object literal
    ['the generated editor file', path.join(repoRoot, 'dist', 'nodes', 'pyramid-messages.html')],
  ] as const) {
    it(`${what} registers every catalogue type by a literal call, once`, () => {
      const found = literalTypes(file);
      assert.equal(new Set(found).size, found.length, `a type registered twice: ${found.join(', ')}`);
      assert.deepEqual([...found].sort(), [...catalogueTypes].sort());
      // no registration other than the literal ones (a template literal or a variable would be
      // invisible to a static reader)
      const calls = (fs.readFileSync(file, 'utf8').match(/\bRED\.nodes\.registerType\(/g) ?? []).length;
      assert.equal(calls, found.length, 'every registerType call names its type literally');
    });
  }

  it('a real Node-RED runtime creates a node of every registered type', async () => {
    const flow = catalogueTypes.map((type, i) => ({ id: `n${i}`, type, name: type }));
    await helper.load(nodeFile('pyramid-messages'), flow);
    for (const [i, type] of catalogueTypes.entries()) {
      const node = helper.getNode(`n${i}`);
      assert.ok(node, `${type} was created`);
      assert.equal(node.type, type);
    }
  });
});
