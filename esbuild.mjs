// Three bundles over one pure core:
// - dist/extension.js: `vscode` is external (the host provides it); the heavy core (jose, xmldom,
//   xml-crypto) is a separate bundle, dist/core.js, loaded on the first command that needs it so
//   activation stays cheap.
// - dist/cli.js: `vscode` is NOT external, so a stray `vscode` import reachable from the core fails
//   this build instead of failing at run time.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch && process.env.SSO_LENS_NO_MINIFY !== '1',
  legalComments: 'linked',
  logLevel: 'warning',
  // Prefer ES module entry points: some dependencies ship UMD `main` builds whose dynamic
  // `require` esbuild cannot follow, which breaks the bundled CLI at run time.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './core.js', '@cdktf/hcl2json'] }),
  build({ ...common, entryPoints: ['src/core.ts'], outfile: 'dist/core.js', external: ['@cdktf/hcl2json'] }),
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', external: ['@cdktf/hcl2json'], banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
