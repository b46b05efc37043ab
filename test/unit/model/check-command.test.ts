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
  assert.match(r.out, /5 file\(s\) checked: 0 error\(s\)/);
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
