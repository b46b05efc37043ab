#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure. Prints one line per step with
// its duration, and as the very last line `N passed, N failed` (counting steps).
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure-test-env.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
const corpusCheck = join(ROOT, '..', 'shared', 'tools', 'corpus-check.mjs');

/** [name, command, args, before?]; the corpus check exists only beside the team's own checkout. */
const steps = [
  ['test environment', node, ['scripts/ensure-test-env.mjs']],
  ['build', npm, ['run', 'build']],
  ['typecheck', npm, ['run', 'typecheck']],
  ['lint', npm, ['run', 'lint']],
  // out/ holds only compiled tests: start empty so that a deleted test cannot linger and still run.
  ['compile tests', npm, ['run', 'compile-tests'], () => rmSync(join(ROOT, 'out'), { recursive: true, force: true })],
  ['unit tests', node, ['--test', '--test-reporter=spec', 'out/test/unit/']],
  // Every bench row once, small and without goals: the bench cannot break unnoticed (no timing checks).
  ['bench (quick)', node, ['scripts/bench.mjs', '--quick']],
  ['integration tests (real VS Code)', node, ['scripts/run-integration-tests.mjs']],
  // The browser VS Code driven like a person (toasts visible): no clipboard error before the user asks.
  ['browser VS Code tests', node, ['--test', '--test-reporter=spec', 'test/browser/']],
  ...(existsSync(corpusCheck) ? [['shared corpus check', node, [corpusCheck]]] : []),
];

function runStep(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
    child.on('error', (err) => {
      console.error(String(err));
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const results = [];
let stopped = false;
process.on('SIGINT', () => {
  stopped = true; // the child gets the same SIGINT from the terminal; report what ran
});

for (const [name, cmd, args, before] of steps) {
  if (stopped) break;
  console.log(`\n=== ${name}: ${[cmd === node ? 'node' : cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  before?.();
  const code = await runStep(cmd, args);
  results.push({ name, code, seconds: (Date.now() - t0) / 1000 });
  if (code !== 0) break;
}

const passed = results.filter((r) => r.code === 0).length;
const failed = results.length - passed;
console.log('\n=== summary');
for (const r of results) {
  console.log(`${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.name.padEnd(34)} ${r.seconds.toFixed(1).padStart(6)}s${r.code === 0 ? '' : `  (exit ${r.code})`}`);
}
for (const [name] of steps.slice(results.length)) console.log(`SKIP  ${name}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || stopped ? 1 : 0);
