import { enableCompileCache } from './platform/compile-cache';

// The CLI is a small entry over the core the extension uses too (dist/core.js, one copy in the .vsix).
enableCompileCache();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runCli } = require('./core.js') as typeof import('./core');

void runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
}).then((code) => {
  process.exitCode = code;
});
