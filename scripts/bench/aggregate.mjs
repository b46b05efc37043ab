// Metadata aggregate rows: an EntitiesDescriptor of real Keycloak realm descriptors
// (test/fixtures/metadata) under distinct entity IDs, indexed by SSO Lens (core.inspectArtifact, as
// `inspect` does) next to one `saxes` pass over the same file, each in its own child process, then
// the whole CLI run (`sso-lens inspect FILE --json`) for its peak RSS. And two files either side of
// the 16 MiB DOM limit (LIMITS.maxMetadataDomBytes), to show there is no cliff between them.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MB, child, cliPath, corePath, fmt, median, ok, paired, pairedRatio, requireFromRoot, root, verdict } from './lib.mjs';

const ENTITY = join(root, 'test', 'fixtures', 'metadata', 'metadata', 'keycloak-firezone-realm-descriptor.xml');

export function writeAggregate(file, bytes) {
  const entity = readFileSync(ENTITY, 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const fd = openSync(file, 'w');
  let written = writeSync(fd, '<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:bench" validUntil="2099-01-01T00:00:00Z">\n');
  let entities = 0;
  while (written < bytes - 64) {
    written += writeSync(fd, entity.replace('http://localhost:8080/realms/firezone', `https://idp${entities}.bench.example/idp`) + '\n');
    entities++;
  }
  writeSync(fd, '</md:EntitiesDescriptor>\n');
  closeSync(fd);
  return entities;
}

const INDEX_CHILD = `
const core = require(process.argv[1]);
const baseKb = process.resourceUsage().maxRSS;
const bytes = require('node:fs').readFileSync(process.argv[2]);
const c0 = process.cpuUsage(); const t0 = performance.now();
core.inspectArtifact(bytes, core.defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') })).then((r) => {
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  if (!r.ok || r.value.kind !== 'saml-metadata') { console.error(JSON.stringify(r).slice(0, 500)); process.exit(1); }
  console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, baseKb, entities: r.value.data.entityCount ?? r.value.data.entities?.length }));
});
`;
// The floor: one namespace-aware SAX pass (what reading metadata needs at least), counting entities.
const SAXES_CHILD = `
const { SaxesParser } = require(process.argv[1]);
const baseKb = process.resourceUsage().maxRSS;
const bytes = require('node:fs').readFileSync(process.argv[2]);
const c0 = process.cpuUsage(); const t0 = performance.now();
const p = new SaxesParser({ xmlns: true });
let entities = 0;
p.on('opentag', (t) => { if (t.local === 'EntityDescriptor') entities++; });
p.write(bytes.toString('utf8')).close();
const ms = performance.now() - t0; const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, baseKb, entities }));
`;

export async function benchAggregate(ctx, s) {
  const saxes = requireFromRoot.resolve('saxes');
  const idle = s.idleCli();
  const measure = async (mb, rounds) => {
    const file = join(s.dir, `aggregate-${mb}.xml`);
    const entities = writeAggregate(file, mb * MB);
    const size = statSync(file).size;
    const samples = await paired(rounds, {
      ours: () => ok(child(s.hook, ['-e', INDEX_CHILD, corePath, file]), `aggregate ${mb} MB`),
      saxes: () => ok(child(s.hook, ['-e', SAXES_CHILD, saxes, file]), `saxes ${mb} MB`),
    });
    for (const c of [...samples.ours, ...samples.saxes]) if (c.result.entities !== entities) throw new Error(`aggregate ${mb} MB: expected ${entities} entities, got ${JSON.stringify(c.result)}`);
    const cli = child(s.hook, [cliPath, 'inspect', file, '--offline', '--json']);
    let cliEntities;
    try {
      cliEntities = JSON.parse(cli.stdout).data.entityCount;
    } catch {
      cliEntities = undefined;
    }
    const growth = (c) => (c.maxRssKb - c.result.baseKb) * 1024 / size;
    return {
      size,
      entities,
      ms: median(samples.ours.map((c) => c.result.ms)),
      saxesMs: median(samples.saxes.map((c) => c.result.ms)),
      ratio: pairedRatio(samples.ours, samples.saxes, (o, x) => x.result.ms / o.result.ms),
      cpuRatio: pairedRatio(samples.ours, samples.saxes, (o, x) => x.result.cpuMs / o.result.cpuMs),
      rss: median(samples.ours.map(growth)),
      saxesRss: median(samples.saxes.map(growth)),
      cliOk: cli.status === 0 && cliEntities === entities,
      cliMs: cli.wallMs,
      cliRss: (cli.maxRssKb - idle.maxRssKb) * 1024 / size,
    };
  };
  const rows = [];
  const big = await measure(ctx.quick ? 3 : 100, ctx.quick ? 1 : 3);
  rows.push({
    what: `metadata aggregate, ${(big.size / MB).toFixed(0)} MB (${big.entities} entities)`,
    ours: `${fmt.ms(big.ms)}, peak RSS +${fmt.x(big.rss)} the file; CLI: ${big.cliOk ? 'ok' : 'FAILED'}, ${fmt.ms(big.cliMs)}, peak RSS +${fmt.x(big.cliRss)}`,
    compared: `saxes (xmlns) ${fmt.ms(big.saxesMs)}, peak RSS +${fmt.x(big.saxesRss)}`,
    ratio: fmt.x(big.ratio),
    cpuRatio: fmt.x(big.cpuRatio),
    goal: 'time ≥ 0.9× saxes; peak RSS ≤ 1.5× the file, CLI too',
    meets: verdict(ctx, big.ratio >= 0.9 && big.rss <= 1.5 && big.cliRss <= 1.5 && big.cliOk),
  });
  // Either side of the DOM limit: the time per MB and the memory per MB should not jump.
  // The quick run (npm test) keeps the rows but not the sizes: 1.5 and 2 MB stand in for 15 and 17.
  const under = await measure(ctx.quick ? 1.5 : 15, ctx.quick ? 1 : 3);
  const over = await measure(ctx.quick ? 2 : 17, ctx.quick ? 1 : 3);
  const perMb = (m) => m.ms / (m.size / MB);
  const timeJump = perMb(under) / perMb(over);
  const rssJump = under.rss / over.rss;
  for (const [m, label] of [[under, 'just under'], [over, 'just over']]) {
    rows.push({
      what: `metadata aggregate ${label} the 16 MiB DOM limit, ${(m.size / MB).toFixed(1)} MB${ctx.quick ? ' (quick stand-in)' : ''}`,
      ours: `${fmt.ms(m.ms)} (${fmt.ms(perMb(m))}/MB), peak RSS +${fmt.x(m.rss)} the file; CLI peak RSS +${fmt.x(m.cliRss)}`,
      compared: `saxes ${fmt.ms(m.saxesMs)}`,
      ratio: fmt.x(m.ratio),
      cpuRatio: fmt.x(m.cpuRatio),
      goal: 'no cliff: 15 MB per-MB time and RSS ≤ 1.5× the 17 MB file’s',
      meets: m === under ? verdict(ctx, timeJump <= 1.5 && rssJump <= 1.5 && m.cliOk) : verdict(ctx, m.cliOk),
    });
  }
  return rows;
}
