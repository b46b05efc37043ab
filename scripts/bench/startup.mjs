// Start-up rows: the CLI inspecting a small token next to the floor `node -e "require('jose')"` (CPU
// time of each child process, round by round); the first command and the first config file in the
// extension (a fresh process requiring dist/core.js, the module the extension loads for them, and
// running that first call); and the shipped sizes: dist bundles, the .vsix, and whether the core is
// in it once.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { child, cliPath, corePath, fmt, median, ok, paired, pairedRatio, root, verdict } from './lib.mjs';
import { makeTokens } from './jwt.mjs';

const FIRST_COMMAND = `
const t0 = performance.now(); const c0 = process.cpuUsage();
const core = require(process.argv[1]);
core.inspectArtifact(Buffer.from(process.argv[2]), core.defaultInspectOptions()).then((r) => {
  if (!r.ok || r.value.kind !== 'jwt') process.exit(1);
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
});
`;
const FIRST_CONFIG = `
const t0 = performance.now(); const c0 = process.cpuUsage();
const core = require(process.argv[1]);
const v = core.validateConfigText(require('node:fs').readFileSync(process.argv[2], 'utf8'), { readFile: () => undefined });
if (!v.index) process.exit(1);
core.buildConfigTree(v.index, v.findings);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
`;

export async function benchStartup(ctx, s) {
  const rows = [];
  const { tokens } = await makeTokens();
  const tokenFile = join(s.dir, 'token.jwt');
  writeFileSync(tokenFile, tokens.RS256);
  const rounds = ctx.quick ? 1 : 10;
  const cli = await paired(rounds, {
    ours: () => ok(child(s.hook, [cliPath, 'inspect', tokenFile, '--offline', '--json']), 'sso-lens inspect'),
    floor: () => ok(child(s.hook, ['-e', "require('jose')"]), "node -e require('jose')"),
  });
  const cpuRatio = pairedRatio(cli.ours, cli.floor, (o, f) => o.cpuMs / f.cpuMs);
  rows.push({
    what: 'CLI start-up: `sso-lens inspect` a small token',
    ours: `${fmt.ms(median(cli.ours.map((c) => c.cpuMs)))} CPU, ${fmt.ms(median(cli.ours.map((c) => c.wallMs)))} wall`,
    compared: `node -e "require('jose')": ${fmt.ms(median(cli.floor.map((c) => c.cpuMs)))} CPU, ${fmt.ms(median(cli.floor.map((c) => c.wallMs)))} wall`,
    ratio: fmt.x(pairedRatio(cli.ours, cli.floor, (o, f) => o.wallMs / f.wallMs)),
    cpuRatio: fmt.x(cpuRatio),
    goal: '≤ 1.3× the floor (CPU)',
    meets: verdict(ctx, cpuRatio <= 1.3),
  });

  const configFile = join(root, 'examples', 'assetpanda.sso.json');
  const first = await paired(rounds, {
    command: () => ok(child(s.hook, ['-e', FIRST_COMMAND, corePath, tokens.RS256]), 'first command'),
    config: () => ok(child(s.hook, ['-e', FIRST_CONFIG, corePath, configFile]), 'first config'),
  });
  for (const [k, label] of [['command', 'first command (Decode Token): load + decode'], ['config', 'first config file: load + validate + tree']]) {
    // CPU time decides: on a loaded machine the wall time is mostly waiting for a core.
    const cpu = median(first[k].map((c) => c.result.cpuMs));
    rows.push({ what: `${label}, fresh process`, ours: `${fmt.ms(cpu)} CPU, ${fmt.ms(median(first[k].map((c) => c.result.ms)))} wall`, goal: '< 100 ms (CPU)', meets: verdict(ctx, cpu < 100) });
  }

  // Sizes, and the core once: distinctive strings of the core's decoders are each in one bundle only.
  const bundles = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
  const texts = Object.fromEntries(bundles.map((f) => [f, readFileSync(join(root, 'dist', f), 'latin1')]));
  const markers = ['jwt.alg-none', 'metadata.signature-not-checked', 'flow.step-failed', 'urn:oasis:names:tc:SAML:2.0:metadata'];
  const copies = Math.max(...markers.map((m) => bundles.filter((f) => texts[f].includes(m)).length));
  const vsix = join(s.dir, 'sso-lens.vsix');
  // As `npm run package` builds it; a package that cannot be built fails the bench (and `npm test`'s quick run).
  const packed = spawnSync(process.execPath, [join(root, 'scripts', 'package-vsix.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (packed.status !== 0 || !existsSync(vsix)) throw new Error(`the .vsix could not be built: ${(packed.stderr || packed.stdout).trim()}`);
  const vsixKb = statSync(vsix).size / 1024;
  rows.push({
    what: '.vsix and bundles',
    ours: `.vsix ${vsixKb.toFixed(0)} KB; ${bundles.map((f) => `${f} ${(statSync(join(root, 'dist', f)).size / 1024).toFixed(0)} KB`).join(', ')}; the core in ${copies} bundle${copies === 1 ? '' : 's'}`,
    goal: 'one copy of the core',
    meets: verdict(ctx, copies === 1),
  });
  return rows;
}
