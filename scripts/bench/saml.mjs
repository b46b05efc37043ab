#!/usr/bin/env node
// SAML benchmark: parse+verify throughput of the SSO Lens core next to plain xml-crypto on the same
// messages, and the time and peak memory to index a generated 100 MB metadata aggregate and to
// pick one entity from it (in the core, and as one `sso-lens inspect --entity` run).
//
//   npm run build && node scripts/bench/saml.mjs
//
// `benchSaml()` returns rows of { name, value, unit } for scripts/bench.mjs to print.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(resolve(root, 'package.json'));
const fixtures = resolve(root, 'test', 'fixtures', 'saml', 'saml-response');

/** Runs `fn` repeatedly for about `ms` milliseconds; returns operations per second. */
async function throughput(fn, ms = 1500) {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

export async function benchSaml() {
  const core = require(resolve(root, 'dist', 'core.js'));
  const { SignedXml } = require('xml-crypto');
  const { DOMParser } = require('@xmldom/xmldom');
  const rows = [];
  const certPem = readFileSync(resolve(fixtures, 'corpus-idp-signing.crt'), 'utf8');
  const trust = core.loadTrustMaterial(Buffer.from(certPem), 'corpus-idp-signing.crt');
  if (!trust.ok) throw new Error(trust.error.message);
  const options = core.defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z'), trust: trust.value });

  for (const file of ['gen-signed-response-and-assertion.xml', 'entra-2015-signed-assertion.xml']) {
    const bytes = readFileSync(resolve(fixtures, file));
    const xml = bytes.toString('utf8');
    const own = file.startsWith('entra') ? readFileSync(resolve(fixtures, 'entra-2015-signing-cert.pem'), 'utf8') : certPem;
    const opts = file.startsWith('entra') ? core.defaultInspectOptions({ now: options.now, trust: core.loadTrustMaterial(Buffer.from(own), 'entra').value }) : options;
    const first = await core.inspectArtifact(bytes, opts);
    if (!first.ok || first.value.signature.status !== 'valid') throw new Error(`${file}: the core did not verify it`);
    // Plain xml-crypto: parse, then check every ds:Signature with the trusted certificate only.
    const plain = () => {
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const sigs = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
      for (let i = 0; i < sigs.length; i++) {
        const sig = new SignedXml({ publicCert: own, getCertFromKeyInfo: () => null });
        sig.loadSignature(sigs.item(i).toString());
        if (!sig.checkSignature(xml)) throw new Error('plain xml-crypto did not verify');
      }
    };
    plain();
    const ours = await throughput(() => core.inspectArtifact(bytes, opts));
    const base = await throughput(plain);
    rows.push({ name: `SAML parse+verify (SSO Lens core): ${file}`, value: Math.round(ours), unit: 'msg/s' });
    rows.push({ name: `SAML verify (plain xml-crypto): ${file}`, value: Math.round(base), unit: 'msg/s' });
  }

  // The aggregate is generated into a temporary file here, then read and indexed in a child
  // process the way `sso-lens inspect` does it, so the child's peak RSS is the indexing's own.
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-bench-'));
  try {
    const file = join(dir, 'aggregate.xml');
    const { bytes, entities } = writeAggregate(file, resolve(root, 'test', 'fixtures', 'metadata', 'metadata', 'keycloak-firezone-realm-descriptor.xml'));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', AGGREGATE_CHILD, resolve(root, 'dist', 'core.js'), file, String(entities)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`aggregate bench failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout.trim().split('\n').pop());
    // The whole CLI path once: read with the aggregate limit, index, pick one entity, print JSON.
    const t0 = performance.now();
    const cli = spawnSync(process.execPath, [resolve(root, 'dist', 'cli.js'), 'inspect', file, '--entity', `https://idp${entities - 1}.bench.example/idp`, '--offline', '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const cliMs = Math.round(performance.now() - t0);
    if (cli.status !== 0 || JSON.parse(cli.stdout).data.entities.length !== 1) throw new Error(`sso-lens inspect --entity on the aggregate failed: ${cli.stderr}`);
    rows.push({ name: `metadata aggregate: generated size (${entities} entities)`, value: +(bytes / 1048576).toFixed(1), unit: 'MB' });
    rows.push({ name: 'metadata aggregate: index time (streaming, no DOM)', value: m.indexMs, unit: 'ms' });
    rows.push({ name: 'metadata aggregate: pick one entity (index + parse it)', value: m.pickMs, unit: 'ms' });
    rows.push({ name: 'metadata aggregate: RSS with the file read (before indexing)', value: m.beforeMb, unit: 'MB' });
    rows.push({ name: 'metadata aggregate: peak RSS while indexing and picking', value: m.peakMb, unit: 'MB' });
    rows.push({ name: 'metadata aggregate: sso-lens inspect --entity (whole CLI run)', value: cliMs, unit: 'ms' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A 100 MB EntitiesDescriptor: a real Keycloak realm descriptor repeated under distinct entity IDs. */
function writeAggregate(file, entityPath) {
  const entity = readFileSync(entityPath, 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const target = 100 * 1024 * 1024;
  const fd = openSync(file, 'w');
  let bytes = writeSync(fd, '<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:bench" validUntil="2099-01-01T00:00:00Z">\n');
  let entities = 0;
  while (bytes < target) {
    bytes += writeSync(fd, entity.replace('http://localhost:8080/realms/firezone', `https://idp${entities}.bench.example/idp`) + '\n');
    entities++;
  }
  bytes += writeSync(fd, '</md:EntitiesDescriptor>\n');
  closeSync(fd);
  return { bytes, entities };
}

const AGGREGATE_CHILD = `
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
const [corePath, file, count] = process.argv.slice(1);
const core = createRequire(corePath)(corePath);
const bytes = readFileSync(file);
const before = process.resourceUsage().maxRSS;
const options = core.defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') });
let t0 = performance.now();
const r = await core.inspectArtifact(bytes, options);
const indexMs = Math.round(performance.now() - t0);
if (!r.ok || r.value.data.entityCount !== Number(count)) { console.error('index failed', JSON.stringify(r).slice(0, 300)); process.exit(1); }
t0 = performance.now();
const picked = core.inspectMetadataBytes(bytes, options, { entityId: 'https://idp' + (Number(count) - 1) + '.bench.example/idp' });
const pickMs = Math.round(performance.now() - t0);
if (picked.data.entities.length !== 1) { console.error('pick failed', JSON.stringify(picked.findings)); process.exit(1); }
console.log(JSON.stringify({ indexMs, pickMs, beforeMb: Math.round(before / 1024), peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchSaml();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(8)} ${r.unit}`);
}
