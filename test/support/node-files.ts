import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/**
 * Lays out one of the package's node files in `nodesDir` as Node-RED finds a node: a one-line
 * `<name>.js` that loads the compiled node from dist/nodes, beside copies of the sources' editor
 * HTML, locale and icon. For runtimes started with `nodesDir` (full Node-RED, not the test helper).
 */
export function installNodeFiles(nodesDir: string, name: string): void {
  fs.mkdirSync(path.join(nodesDir, 'locales', 'en-US'), { recursive: true });
  fs.mkdirSync(path.join(nodesDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(nodesDir, `${name}.js`), `module.exports = require(${JSON.stringify(path.join(repoRoot, 'dist', 'nodes', `${name}.js`))});\n`);
  fs.copyFileSync(path.join(repoRoot, 'nodes', `${name}.html`), path.join(nodesDir, `${name}.html`));
  fs.copyFileSync(path.join(repoRoot, 'nodes', 'locales', 'en-US', `${name}.json`), path.join(nodesDir, 'locales', 'en-US', `${name}.json`));
  fs.copyFileSync(path.join(repoRoot, 'icons', `${name}.svg`), path.join(nodesDir, 'icons', `${name}.svg`));
}
