import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/run-cli';
import { EXAMPLES, FIXTURES } from './helpers';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

test('check examples/ exits 0: warnings only', async () => {
  const r = await run(['check', EXAMPLES, '--now', '2027-06-01T00:00:00Z']);
  assert.equal(r.code, 0, r.out);
  // The five configs plus the files of examples/terraform/ (issue 14: Terraform modules are checked too).
  assert.match(r.out, /12 file\(s\) checked: 0 error\(s\)/);
});

test('check on a Terraform folder prints the .tf file and line in JSON and SARIF', async () => {
  const dir = join(EXAMPLES, 'terraform', 'palette');
  const r = await run(['check', dir, '--json', '--now', '2027-06-01T00:00:00Z']);
  assert.equal(r.code, 0, r.out);
  const json = JSON.parse(r.out) as { files: Array<{ file: string; findings: Array<{ id: string; path: string; line: number; column: number }> }> };
  const main = json.files.find((f) => f.file.endsWith('terraform/palette/main.tf'));
  assert.ok(main, json.files.map((f) => f.file).join(', '));
  assert.deepEqual(main.findings.map((f) => [f.id, f.line, f.column]), [['config.groups-overage-risk', 59, 3]]);
  const sarif = JSON.parse((await run(['check', join(dir, 'main.tf'), '--format', 'sarif', '--now', '2027-06-01T00:00:00Z'])).out) as {
    runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
  };
  const overage = sarif.runs[0]?.results.find((x) => x.ruleId === 'config.groups-overage-risk');
  assert.match(overage?.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /terraform\/palette\/main\.tf$/);
  assert.equal(overage?.locations[0]?.physicalLocation.region.startLine, 59);
});

test('check exits 1 on the Palette guide as published and reports the team named by display name', async () => {
  const r = await run(['check', join(FIXTURES, 'palette-as-published.sso.json'), '--json', '--now', '2027-06-01T00:00:00Z']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out) as { files: Array<{ findings: Array<{ id: string; path: string; line: number }> }> };
  const f = json.files[0]?.findings.find((x) => x.id === 'config.group-format-mismatch');
  assert.equal(f?.path, '/providers/0/apps/0/teams/4/name');
  assert.equal(f?.line, 74);
});

test('--format sarif prints SARIF 2.1.0 with a region per result', async () => {
  const r = await run(['check', join(FIXTURES, 'palette-as-published.sso.json'), '--format', 'sarif', '--now', '2027-06-01T00:00:00Z']);
  const sarif = JSON.parse(r.out) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
  assert.equal(sarif.version, '2.1.0');
  const res = sarif.runs[0]?.results.find((x) => x.ruleId === 'config.group-format-mismatch');
  assert.equal(res?.level, 'error');
  assert.equal(res?.locations[0]?.physicalLocation.region.startLine, 74);
});

test('check on a folder without config files is a usage error (exit 2)', async () => {
  const r = await run(['check', join(FIXTURES, '..', 'x509')]);
  assert.equal(r.code, 2);
});

test('inspect --config on a Terraform module maps a token through the Terraform-defined app as through its config twin', async () => {
  const token = join(EXAMPLES, 'tokens', 'palette-admin-id-token.jwt');
  const args = (config: string): string[] => ['inspect', token, '--config', config, '--app', 'palette', '--offline', '--json', '--now', '2026-06-01T00:00:00Z'];
  const viaTf = JSON.parse((await run(args(join(EXAMPLES, 'terraform', 'palette')))).out) as { findings: Array<{ id: string }>; data: { mapping?: { teams?: unknown } } };
  const viaJson = JSON.parse((await run(args(join(EXAMPLES, 'palette.sso.json')))).out) as typeof viaTf;
  assert.ok(viaTf.data.mapping, 'the token was mapped through the Terraform app');
  assert.deepEqual(viaTf.data.mapping.teams, viaJson.data.mapping?.teams);
  assert.deepEqual(viaTf.findings.map((f) => f.id).sort(), viaJson.findings.map((f) => f.id).sort());
});

test('personas on a Terraform module prints the persona table of its sidecar users', async () => {
  const r = await run(['personas', join(EXAMPLES, 'terraform', 'spark')]);
  assert.match(r.out, /== spark-keycloak\n {2}test-account: teams tenant-admin; groups tenant-admin; roles tenant-admin\n {2}analyst: teams user:teamA/);
});
