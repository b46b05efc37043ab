// HAR rows: generated HARs of a long browsing session (scripts, JSON API calls, HTML pages and
// base64 images) with a recorded SAML sign-in (test/fixtures/capture/saml-expired.har) in the
// middle, at several sizes so that the growth with size shows. Each measurement is its own child
// process (peak RSS is per process): SSO Lens scanning the bytes as a flow (core.inspectArtifact)
// next to the floor, reading the file; then the whole CLI run (`sso-lens inspect FILE --json`),
// which must accept the file and find the same sign-in.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MB, child, cliPath, corePath, fmt, loadCore, median, ok, paired, pairedRatio, root, verdict } from './lib.mjs';

const SIGN_IN = join(root, 'test', 'fixtures', 'capture', 'saml-expired.har');

/** Writes a HAR of about `bytes` bytes; returns the number of entries. */
export function writeHar(file, bytes) {
  const signIn = JSON.parse(readFileSync(SIGN_IN, 'utf8')).log.entries;
  const script = 'function f(a){return a+1}\n'.repeat(1200); // ~30 KB of JavaScript
  const api = JSON.stringify({ value: Array.from({ length: 60 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })) });
  const html = `<!doctype html><html><body>${'<p>session page</p>'.repeat(800)}</body></html>`;
  const png = Buffer.alloc(48 * 1024, 0x89).toString('base64');
  const fd = openSync(file, 'w');
  let written = writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"pages":[],"entries":[\n');
  let entries = 0;
  const write = (e) => {
    written += writeSync(fd, `${entries > 0 ? ',' : ''}${JSON.stringify(e)}\n`);
    entries++;
  };
  const kinds = [
    ['script', 'application/javascript', script, undefined],
    ['xhr', 'application/json', api, undefined],
    ['image', 'image/png', png, 'base64'],
    ['document', 'text/html', html, undefined],
  ];
  let inserted = false;
  while (written < bytes) {
    if (!inserted && written > bytes / 2) {
      for (const e of signIn) write(e);
      inserted = true;
    }
    const [type, mime, text, encoding] = kinds[entries % kinds.length];
    write({
      startedDateTime: new Date(Date.UTC(2026, 10, 22, 6, 0, 0, entries)).toISOString(),
      time: 3,
      _resourceType: type,
      request: { method: 'GET', url: `https://app.bench.example/${type}/${entries}?v=1`, httpVersion: 'HTTP/2', headers: [{ name: 'accept', value: '*/*' }], queryString: [{ name: 'v', value: '1' }], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/2', headers: [{ name: 'content-type', value: mime }], cookies: [], content: { size: text.length, mimeType: mime, text, ...(encoding ? { encoding } : {}) }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 2, receive: 1 },
    });
  }
  if (!inserted) for (const e of signIn) write(e);
  written += writeSync(fd, ']}}\n');
  closeSync(fd);
  return entries;
}

// The scan in a child: RSS with the code loaded, then the file read, then the scan timed alone.
const SCAN_CHILD = `
const core = require(process.argv[1]);
const baseKb = process.resourceUsage().maxRSS;
const bytes = require('node:fs').readFileSync(process.argv[2]);
const c0 = process.cpuUsage(); const t0 = performance.now();
core.inspectArtifact(bytes, core.defaultInspectOptions()).then((r) => {
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  if (!r.ok || r.value.kind !== 'flow') { console.error(JSON.stringify(r).slice(0, 500)); process.exit(1); }
  console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, baseKb, entries: r.value.data.entries, flows: r.value.data.flows.length, findings: r.value.findings.map((f) => f.id).sort() }));
});
`;
// The floor: read the file, nothing else.
const READ_CHILD = `
const baseKb = process.resourceUsage().maxRSS;
const c0 = process.cpuUsage(); const t0 = performance.now();
const bytes = require('node:fs').readFileSync(process.argv[1]);
const ms = performance.now() - t0; const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, baseKb, length: bytes.length }));
`;

export async function benchCapture(ctx, s) {
  const core = loadCore();
  const alone = await core.inspectArtifact(readFileSync(SIGN_IN), core.defaultInspectOptions());
  const expected = alone.value.findings.map((f) => f.id).sort().join(',');
  const idle = s.idleCli();
  const rows = [];
  const sizes = ctx.quick ? [1, 2] : [5, 50, 200];
  for (const mb of sizes) {
    const file = join(s.dir, `session-${mb}.har`);
    const entries = writeHar(file, mb * MB);
    const size = statSync(file).size;
    const rounds = ctx.quick ? 1 : mb >= 200 ? 2 : mb >= 50 ? 3 : 5;
    const samples = await paired(rounds, {
      ours: () => ok(child(s.hook, ['-e', SCAN_CHILD, corePath, file]), `HAR scan ${mb} MB`),
      read: () => ok(child(s.hook, ['-e', READ_CHILD, file]), `reading ${mb} MB`),
    });
    for (const c of samples.ours) {
      if (c.result.entries !== entries || c.result.findings.join(',') !== expected) throw new Error(`HAR ${mb} MB: expected ${entries} entries and findings ${expected}, got ${JSON.stringify(c.result)}`);
    }
    const mbps = (c) => size / MB / (c.result.ms / 1000);
    const growth = (c) => (c.maxRssKb - c.result.baseKb) * 1024 / size;
    const oursMbps = median(samples.ours.map(mbps));
    const readMbps = median(samples.read.map(mbps));
    const oursRss = median(samples.ours.map(growth));
    const readRss = median(samples.read.map(growth));
    const ratio = pairedRatio(samples.ours, samples.read, (o, r) => r.result.ms / o.result.ms);
    const cpuRatio = pairedRatio(samples.ours, samples.read, (o, r) => r.result.cpuMs / o.result.cpuMs);
    // The whole CLI run: accepted (no input.too-large), the same sign-in found.
    const cli = child(s.hook, [cliPath, 'inspect', file, '--offline', '--json']);
    let cliFindings;
    try {
      cliFindings = JSON.parse(cli.stdout).findings.map((f) => f.id).sort().join(',');
    } catch {
      cliFindings = undefined;
    }
    const accepted = cliFindings === expected;
    const cliRss = (cli.maxRssKb - idle.maxRssKb) * 1024 / size;
    const meets = mb >= 50 ? oursMbps >= 50 && oursRss <= 1.5 && accepted && cliRss <= 1.5 : undefined;
    rows.push({
      what: `HAR scan, ${(size / MB).toFixed(0)} MB (${entries} entries, one sign-in)`,
      ours: `${fmt.mbs(oursMbps)}, peak RSS +${fmt.x(oursRss)} the file; CLI: ${accepted ? 'accepted' : `NOT accepted (status ${cli.status})`}, ${fmt.ms(cli.wallMs)}, peak RSS +${fmt.x(cliRss)}`,
      compared: `reading the file: ${fmt.mbs(readMbps)}, peak RSS +${fmt.x(readRss)}`,
      ratio: fmt.x(ratio),
      cpuRatio: fmt.x(cpuRatio),
      goal: '≥ 50 MB/s, peak RSS ≤ 1.5× the file (scan and CLI), accepted',
      meets: verdict(ctx, meets),
    });
  }
  return rows;
}
