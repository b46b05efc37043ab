// Bench rows for captures (issue 11): the time and peak memory to read a generated 200 MB HAR (a long
// browsing session around one recorded sign-in) as a flow, entry by entry.
//   node scripts/bench/capture.mjs            (after npm run build; SSO_LENS_BENCH_HAR_MB to change the size)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function benchCapture() {
  const rows = [];
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-bench-har-'));
  try {
    const file = join(dir, 'session.har');
    const { bytes, entries } = writeHar(file, Number(process.env.SSO_LENS_BENCH_HAR_MB ?? 200));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CAPTURE_CHILD, resolve(root, 'dist', 'core.js'), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`capture bench failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout.trim().split('\n').pop());
    if (m.entries !== entries || m.flows !== 1) throw new Error(`capture bench: expected ${entries} entries and 1 flow, got ${JSON.stringify(m)}`);
    rows.push({ name: `HAR capture: generated size (${entries} requests, one sign-in)`, value: +(bytes / 1048576).toFixed(1), unit: 'MB' });
    rows.push({ name: 'HAR capture: read as a flow (entry by entry)', value: m.ms, unit: 'ms' });
    rows.push({ name: 'HAR capture: RSS with the file read (before)', value: m.beforeMb, unit: 'MB' });
    rows.push({ name: 'HAR capture: peak RSS while reading the flow', value: m.peakMb, unit: 'MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Script and image requests of 64 KB each, with the recorded expired SAML sign-in in the middle. */
function writeHar(file, mb) {
  const signIn = JSON.parse(readFileSync(resolve(root, 'test', 'fixtures', 'capture', 'saml-expired.har'), 'utf8')).log.entries;
  const body = 'x'.repeat(64 * 1024);
  const target = mb * 1024 * 1024;
  const fd = openSync(file, 'w');
  let bytes = writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[\n');
  let entries = 0;
  const write = (e) => {
    bytes += writeSync(fd, `${entries > 0 ? ',' : ''}${JSON.stringify(e)}\n`);
    entries++;
  };
  let inserted = false;
  while (bytes < target) {
    if (!inserted && bytes > target / 2) {
      for (const e of signIn) write(e);
      inserted = true;
    }
    write({ startedDateTime: new Date(Date.UTC(2026, 10, 22, 6, 0, 0, entries)).toISOString(), time: 3, _resourceType: 'script', request: { method: 'GET', url: `https://cdn.bench.example/chunk-${entries}.js`, httpVersion: 'HTTP/2', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 }, response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/2', headers: [{ name: 'content-type', value: 'application/javascript' }], cookies: [], content: { size: body.length, mimeType: 'application/javascript', text: body }, redirectURL: '', headersSize: -1, bodySize: -1 }, cache: {}, timings: { send: 0, wait: 2, receive: 1 } });
  }
  bytes += writeSync(fd, ']}}\n');
  closeSync(fd);
  return { bytes, entries };
}

const CAPTURE_CHILD = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const [corePath, file] = process.argv.slice(1);
const core = createRequire(corePath)(corePath);
const bytes = readFileSync(file);
const before = process.resourceUsage().maxRSS;
const t0 = performance.now();
const r = await core.inspectArtifact(bytes, core.defaultInspectOptions());
const ms = Math.round(performance.now() - t0);
if (!r.ok || r.value.kind !== 'flow') { console.error('not a flow', JSON.stringify(r).slice(0, 300)); process.exit(1); }
console.log(JSON.stringify({ ms, entries: r.value.data.entries, flows: r.value.data.flows.length, beforeMb: Math.round(before / 1024), peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchCapture()) console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(12)} ${r.unit}`);
}
