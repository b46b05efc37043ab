#!/usr/bin/env node
// `npm run screenshots`: the README's screenshots (media/screenshots/*.png), taken in the real VS Code.
// Runs the integration suite "README screenshots" (test/integration/screenshots.test.ts) through
// run-integration-tests.mjs with SSO_LENS_SCREENSHOTS=1: the test puts the workbench into each state
// (a report, the Providers view, a walkthrough, the mapping report) and asks the runner, which drives
// the workbench page with playwright-core, to take the picture. Opt-in, not part of `npm test`: it
// changes committed files and adds nothing a test would check.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './ensure-test-env.mjs';

const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const npmRun = (script) => {
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
npmRun('build');
npmRun('compile-tests');
run([join('scripts', 'run-integration-tests.mjs')], { SSO_LENS_SCREENSHOTS: '1', SSO_LENS_TEST_GREP: 'README screenshots' });
