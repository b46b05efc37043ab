// Shared pieces of the side-by-side bench (scripts/bench.mjs): paired rounds, child processes that
// report their own CPU time and peak RSS, medians, and the Markdown table. Numbers only; no assertions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const requireFromRoot = createRequire(join(root, 'package.json'));
export const MB = 1024 * 1024;

/** The shipped core bundle: the stable public entry point the extension and the CLI share. */
export const corePath = join(root, 'dist', 'core.js');
export const cliPath = join(root, 'dist', 'cli.js');
export const loadCore = () => requireFromRoot(corePath);

export function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs every candidate once per round, the order rotating from round to round, so load on the
 * machine falls on all of them alike; returns each candidate's samples in round order, so that
 * ratios can be taken per round (paired) before the median.
 */
export async function paired(rounds, candidates) {
  const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  const names = Object.keys(candidates);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length];
      samples[name].push(await candidates[name]());
    }
  }
  return samples;
}

/** Median over rounds of a per-round ratio `f(a[i], b[i])`. */
export function pairedRatio(a, b, f) {
  return median(a.map((x, i) => f(x, b[i])));
}

/** Wall and CPU time of `n` calls of `fn` in this process, per call (ms). */
export async function batch(n, fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: wall / n, cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

/** A temporary directory for generated inputs; removed by `cleanup()`. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-bench-'));
  // Preloaded into every measured child: reports the child's own CPU time and peak RSS at exit.
  const hook = join(dir, 'report-usage.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => { const c = process.cpuUsage(); require('node:fs').writeSync(2, '\\nBENCH-USAGE ' + JSON.stringify({ cpuMs: (c.user + c.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + '\\n'); });\n`,
  );
  let idle;
  return {
    dir,
    hook,
    /** `sso-lens --help`, measured once: the CLI's own peak RSS, subtracted from an input's. */
    idleCli: () => (idle ??= ok(child(hook, [cliPath, '--help']), 'sso-lens --help')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * One `node` child with the usage hook preloaded: wall time as seen from here, the child's own CPU
 * time and peak RSS, its status and output. The last stdout line that is JSON is parsed as `result`.
 */
export function child(hook, args, { input, maxBuffer = 512 * MB } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, ...args], { cwd: root, encoding: 'utf8', maxBuffer, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const wallMs = performance.now() - t0;
  const m = /BENCH-USAGE (\{.*\})/.exec(r.stderr ?? '');
  const usage = m ? JSON.parse(m[1]) : { cpuMs: NaN, maxRssKb: NaN };
  let result;
  const last = (r.stdout ?? '').trim().split('\n').pop();
  try {
    result = last ? JSON.parse(last) : undefined;
  } catch {
    result = undefined;
  }
  return { wallMs, cpuMs: usage.cpuMs, maxRssKb: usage.maxRssKb, status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').replace(/\n?BENCH-USAGE .*\n?/, ''), result, error: r.error };
}

/** Throws with the child's stderr when it failed; returns it otherwise. */
export function ok(c, what) {
  if (c.error || c.status !== 0) throw new Error(`${what} failed (status ${c.status}): ${(c.error?.message ?? '') + c.stderr.slice(0, 2000)}`);
  return c;
}

export const fmt = {
  ms: (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`),
  x: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—'),
  mbs: (v) => `${v.toFixed(0)} MB/s`,
  mb: (v) => `${v.toFixed(0)} MB`,
  ops: (v) => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}/s`,
};

/** `yes`/`no` from a goal check; `—` in the quick run (no goal check) or when there is no goal. */
export function verdict(ctx, met) {
  if (ctx.quick || met === undefined) return '—';
  return met ? 'yes' : 'no';
}

export function markdownTable(rows) {
  const head = ['what', 'SSO Lens', 'compared with (same run)', 'ratio', 'CPU ratio', 'goal', 'meets goal'];
  const cells = rows.map((r) => [r.what, r.ours, r.compared ?? '—', r.ratio ?? '—', r.cpuRatio ?? '—', r.goal ?? '—', r.meets ?? '—'].map((c) => String(c).replace(/\|/g, '\\|')));
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...cells.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}
