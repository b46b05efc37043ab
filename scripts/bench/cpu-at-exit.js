// Preloaded (`node -r`) into each start-up candidate by load-rows.mjs: at exit, appends this
// process's own CPU time (user + system, µs, from process start) to the file named in
// SSO_LENS_BENCH_CPU_FILE. Both candidates carry the same preload, so it cancels out in the ratio.
'use strict';
const { appendFileSync } = require('node:fs');
const file = process.env.SSO_LENS_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    appendFileSync(file, `${u.user + u.system}\n`);
  });
}
