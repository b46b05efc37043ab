#!/usr/bin/env node
// `npm run fuzz`: the property tests of issue 15 with many more runs than the slice in `npm test`.
// FUZZ_RUNS (default 5000 per property), FUZZ_SEED (a number, or "random"; default the slice's fixed
// seed), FUZZ_BUDGET_MS (the per-input bound, default 10000). Extra arguments go to `node --test`,
// e.g. `npm run fuzz -- --test-name-pattern=metadata`.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '5000' };
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), 'out/test/unit/property/'], { cwd: ROOT, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
