// Load-time rows of issue 12, measured side by side: `node scripts/bench/load-rows.mjs [rounds]`
// (after `npm run build`). Candidates run interleaved round by round; ratios are taken per round
// (paired) and the medians printed, so load on the shared machine hits both sides alike.
//  - CLI start-up: CPU time (user+sys) of `sso-lens inspect <small token> --offline` against the
//    floor `node -e "require('jose')"`, each in a fresh process.
//  - First command / first config file in VS Code: in a fresh process, wall time to load what the
//    extension loads for "Decode Token" (then decode a token) and for the first config file (then
//    validate it), from dist/ as shipped.
//  - Config re-validation after an edit (5,000 lines): the config row's work per edit (config.mjs).
//  - Package: the bytes of dist/*.js the .vsix ships.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { configEditRunner } from './config.mjs';

const require = createRequire(import.meta.url);

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Options: [rounds] [--dist DIR] (another build, e.g. of the commit before, for before/after numbers).
const args = process.argv.slice(2);
const distArg = args.indexOf('--dist');
const dist = distArg >= 0 ? args[distArg + 1] : join(root, 'dist');
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--dist') ?? 15);
const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-load-'));
const cpuFile = join(tmp, 'cpu');
const preload = join(root, 'scripts', 'bench', 'cpu-at-exit.js');
const token = join(root, 'examples', 'tokens', 'entra-v2-id-token.jwt');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** CPU µs of one fresh node process running `args` (the preload records it). */
function cpuOf(args, env = {}) {
  writeFileSync(cpuFile, '');
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { cwd: root, env: { ...process.env, ...env, SSO_LENS_BENCH_CPU_FILE: cpuFile }, encoding: 'utf8' });
  if (r.status !== 0 && !(args.includes('inspect') && r.status === 1)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const lines = readFileSync(cpuFile, 'utf8').trim().split('\n');
  return Number(lines.at(-1));
}

/** Wall ms, measured inside a fresh process, of running `body` (a script printing its own ms). */
function msOf(body) {
  const r = spawnSync(process.execPath, ['-e', body], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${body} exited ${r.status}: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').at(-1));
}

const rows = [];
const row = (name, value, unit, goal = '') => { rows.push({ name, value, unit }); console.log(`${name.padEnd(66)} ${String(value).padStart(10)} ${unit.padEnd(4)} ${goal}`); };

// Start-up: interleaved, paired.
{
  const floor = [], ours = [], ratio = [];
  const cli = join(dist, 'cli.js');
  cpuOf(['-e', "require('jose')"]); cpuOf([cli, 'inspect', token, '--offline']); // warm the page cache
  for (let i = 0; i < rounds; i++) {
    const a = i % 2 ? cpuOf(['-e', "require('jose')"]) : undefined;
    const b = cpuOf([cli, 'inspect', token, '--offline']);
    const f = a ?? cpuOf(['-e', "require('jose')"]);
    floor.push(f); ours.push(b); ratio.push(b / f);
  }
  row('CLI start-up: node -e "require(\'jose\')" (floor), CPU', (median(floor) / 1000).toFixed(1), 'ms');
  row('CLI start-up: sso-lens inspect <token> --offline, CPU', (median(ours) / 1000).toFixed(1), 'ms');
  row('CLI start-up ratio (ours / floor), median of paired rounds', median(ratio).toFixed(2), 'x', 'goal ≤ 1.3');
}

// First command / first config file, as the extension loads them (dist/extension.js requires ./core.js
// through platform/load-core, which loads dist/lib/* on first use; here the same files, fresh process each).
{
  const decode = `const t0=performance.now();const c=require(${JSON.stringify(join(dist, 'core.js'))});c.inspectText(require('fs').readFileSync(${JSON.stringify(token)},'utf8').trim(),c.defaultInspectOptions()).then((r)=>{if(!r.ok)process.exit(2);c.presentReport(r.value);console.log(performance.now()-t0)})`;
  const config = `const t0=performance.now();const c=require(${JSON.stringify(join(dist, 'core.js'))});const v=c.validateConfigText(require('fs').readFileSync('examples/exoscale.sso.json','utf8'));c.buildConfigTree(v.index,v.findings);console.log(performance.now()-t0)`;
  const d = [], k = [];
  for (let i = 0; i < rounds; i++) { d.push(msOf(decode)); k.push(msOf(config)); }
  row('VS Code first command: load + decode a token, wall', median(d).toFixed(1), 'ms', 'goal < 100');
  row('VS Code first config file: load + validate + tree, wall', median(k).toFixed(1), 'ms', 'goal < 100');
}

// Config re-validation after an edit, as the editor does it (the config row's runner: validate with the
// previous document and the referenced files as last read, the tree, diagnostics and lenses). CPU time
// in this process, paired with nothing (no floor).
{
  const { lines, perEdit, edited } = configEditRunner(require(join(dist, 'core.js')));
  for (let i = 0; i < 5; i++) perEdit(edited(i));
  const cpu = [], wall = [];
  for (let i = 0; i < rounds * 4; i++) {
    const c0 = process.cpuUsage(), w0 = performance.now();
    perEdit(edited(i + 5));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000); wall.push(performance.now() - w0);
  }
  row(`config edit (${lines} lines): validate + tree + diagnostics + lenses, CPU`, median(cpu).toFixed(1), 'ms', 'goal < 20');
  row(`config edit (${lines} lines): same, wall`, median(wall).toFixed(1), 'ms');
}

// Package: what the .vsix ships of dist/.
{
  const files = readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.js'));
  let total = 0;
  for (const f of files) { const n = statSync(join(dist, f)).size; total += n; row(`dist/${f}`, (n / 1024).toFixed(0), 'KB'); }
  row('dist/*.js total (shipped in the .vsix)', (total / 1024).toFixed(0), 'KB');
}
rmSync(tmp, { recursive: true, force: true });
