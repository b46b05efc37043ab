#!/usr/bin/env node
// `npm run bench`: SSO Lens side by side with the plain libraries it wraps and with the floors
// (reading the file, loading jose), every row of issue 12 in one run. Candidates are interleaved
// round by round and each ratio is taken per round (paired) before the median, so load on the
// machine hits both sides alike; CPU time is shown beside wall time; inputs are generated here into
// a temporary directory that is removed afterwards. Prints one Markdown table with a `meets goal`
// column. Numbers only: the bench never fails on a number, only when a candidate breaks.
//
//   npm run bench                      (build, then every row at full size)
//   node scripts/bench.mjs --quick     (after npm run build: every row, few rounds, small sizes,
//                                       no goal check; part of npm test; also SSO_LENS_BENCH_QUICK=1)
//   node scripts/bench.mjs --only=jwt,saml   (some sections: jwt saml config capture aggregate startup)
//
// SSO Lens is called only through its public entry points: dist/core.js, dist/cli.js.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchAggregate } from './bench/aggregate.mjs';
import { benchCapture } from './bench/capture.mjs';
import { benchConfig } from './bench/config.mjs';
import { benchJwt } from './bench/jwt.mjs';
import { cliPath, corePath, markdownTable, scratch } from './bench/lib.mjs';
import { benchSaml } from './bench/saml.mjs';
import { benchStartup } from './bench/startup.mjs';

const quick = process.argv.includes('--quick') || process.env.SSO_LENS_BENCH_QUICK === '1';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
if (!existsSync(corePath) || !existsSync(cliPath)) {
  console.error('bench: dist/core.js and dist/cli.js are missing; run npm run build first');
  process.exit(1);
}

const sections = [
  ['jwt', benchJwt],
  ['saml', benchSaml],
  ['config', benchConfig],
  ['capture', benchCapture],
  ['aggregate', benchAggregate],
  ['startup', benchStartup],
];
const ctx = { quick };
const s = scratch();
const rows = [];
const t0 = performance.now();
console.log(`SSO Lens bench${quick ? ' (quick: few rounds, small sizes, no goal check)' : ''}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString()}`);
try {
  for (const [name, run] of sections) {
    if (only && !only.includes(name)) continue;
    const t = performance.now();
    rows.push(...(await run(ctx, s)));
    console.log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  s.cleanup();
}
console.log('');
console.log(markdownTable(rows));
console.log('');
console.log('Ratio: SSO Lens throughput over the compared one (above 1: faster), except CLI start-up (CPU over the floor: below 1 is better).');
console.log('Peak RSS "+N×": the peak above the process\'s RSS with the code loaded (CLI: above `sso-lens --help`), over the file size.');
console.log(`bench done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
