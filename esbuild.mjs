// One pure core, shared by the extension and the CLI, split so a start loads only what it uses:
// - dist/core.js: the core (our code, jose, jsonc-parser). Both other bundles require it at run time
//   (`./core.js` is external to them), so the .vsix holds one copy.
// - dist/lib/*.js: the heavy libraries (XML, signatures, encryption, CEL, MSAL), one file each. The core
//   reaches them through a proxy module whose exports load the file on first access, so decoding a JWT
//   never compiles the XML stack and checking a config without a CEL expression never boots CEL's
//   protobuf descriptors.
// - dist/extension.js: `vscode` is external (the host provides it); it loads the core on the first
//   command or config file that needs it, so activation stays cheap.
// - dist/cli.js: a small entry that requires the core. The core bundle does NOT mark `vscode` external,
//   so a stray `vscode` import reachable from the core fails this build instead of failing at run time.
// The config schema's validator is generated here (Ajv standalone code) rather than compiled by Ajv on
// every start; see src/model/schema-compile.ts.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
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

/**
 * Package → its file under dist/lib: the packages the core imports. Each file bundles its package's own
 * dependencies as npm resolved them (xml-crypto and xml-encryption each have their own @xmldom/xmldom
 * 0.8, as in a single bundle), so nothing changes but when the code loads.
 */
const LAZY = {
  '@xmldom/xmldom': 'xmldom',
  'xml-crypto': 'xml-crypto',
  'xml-encryption': 'xml-encryption',
  '@bufbuild/cel': 'cel',
  '@azure/msal-node': 'msal-node',
};
/**
 * Exports served by a lighter file than their package's: CEL's parser is plain code, while the package's
 * index boots protobuf descriptors for the evaluator. The rules only parse; evaluation loads cel.js.
 */
const celDir = join(dirname(require.resolve('@bufbuild/cel')), '..', 'esm');
const PARTS = { '@bufbuild/cel': { parse: { name: 'cel-parse', entry: join(celDir, 'parse.js') } } };
const lazyFilter = new RegExp(`^(${Object.keys(LAZY).map((p) => p.replace(/[/.@-]/g, '\\$&')).join('|')})$`);

/**
 * In the core: `import { DOMParser } from '@xmldom/xmldom'` resolves to a CommonJS proxy with one getter
 * per export of the package; the first access requires dist/lib/xmldom.js. esbuild reads imported names
 * off the module object at each use, so nothing loads before it is used.
 */
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    b.onResolve({ filter: lazyFilter }, (args) => ({ path: args.path, namespace: 'lazy-library' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => {
      const file = `./lib/${LAZY[args.path]}.js`;
      const parts = PARTS[args.path] ?? {};
      const names = Object.keys(require(args.path)).filter((n) => n !== 'default' && n !== '__esModule');
      const getter = (n) => (parts[n] ? `() => require(${JSON.stringify(`./lib/${parts[n].name}.js`)})[${JSON.stringify(n)}]` : `() => load()[${JSON.stringify(n)}]`);
      const getters = names.map((n) => `${JSON.stringify(n)}: { enumerable: true, get: ${getter(n)} }`).join(',\n');
      return {
        contents: `let m;\nconst load = () => (m ??= require(${JSON.stringify(file)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`,
        loader: 'js',
      };
    });
  },
};

/**
 * src/model/schema-compile.ts → a module whose compileSchemaValidator requires dist/lib/config-schema.js:
 * the validator as Ajv's standalone code, generated here with the same options (no Ajv, no code
 * generation at run time), in its own file so only config validation compiles it.
 */
const precompiledSchema = {
  name: 'precompiled-schema',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]model[\\/]schema-compile\.ts$/ }, async (args) => {
      const out = await build({ ...common, entryPoints: [args.path], write: false, minify: false, sourcemap: false, legalComments: 'none', outfile: 'schema-compile.js' });
      const mod = { exports: {} };
      new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, require);
      await build({ ...common, sourcemap: false, stdin: { contents: mod.exports.schemaValidatorSource(), resolveDir: '.', sourcefile: 'config-schema.js' }, outfile: 'dist/lib/config-schema.js' });
      return { contents: `export function compileSchemaValidator() { return require('./lib/config-schema.js'); }\n`, loader: 'js' };
    });
  },
};

/**
 * The HCL parser (`@cdktf/hcl2json`, Go compiled to WebAssembly) reads `main.wasm.gz` from beside its own
 * `lib/`: it is bundled to dist/lib/hcl2json/lib/index.js with the wasm file copied to dist/lib/hcl2json/, so
 * the .vsix (which ships dist/ only) can read Terraform, and the core requires it only when a .tf file is read.
 */
const hcl2jsonDir = join(dirname(require.resolve('@cdktf/hcl2json/package.json')));
const hcl2json = {
  name: 'hcl2json-beside',
  setup(b) {
    b.onResolve({ filter: /^@cdktf\/hcl2json$/ }, () => ({ path: './lib/hcl2json/lib/index.js', external: true }));
  },
};

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/lib', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './core.js'], plugins: [hcl2json] }),
  build({ ...common, entryPoints: ['src/core.ts'], outfile: 'dist/core.js', external: ['./lib/*'], plugins: [lazyLibraries, precompiledSchema, hcl2json] }),
  // `performance` is a global on Node 16+; the bridge's fallback require is never reached.
  build({ ...common, entryPoints: [join(hcl2jsonDir, 'lib', 'index.js')], outfile: 'dist/lib/hcl2json/lib/index.js', external: ['performance'] }),
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', external: ['./core.js'], banner: { js: '#!/usr/bin/env node' } }),
  ...Object.values(PARTS).flatMap((p) => Object.values(p)).map((part) => build({ ...common, entryPoints: [part.entry], outfile: `dist/lib/${part.name}.js` })),
  ...Object.entries(LAZY).map(([pkg, name]) =>
    build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', sourcefile: `${name}.js` }, outfile: `dist/lib/${name}.js`}),
  ),
]);
chmodSync('dist/cli.js', 0o755);
copyFileSync(join(hcl2jsonDir, 'main.wasm.gz'), 'dist/lib/hcl2json/main.wasm.gz');
