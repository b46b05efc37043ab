/**
 * Issue 14: `sso-lens check` on a realm export or manifest in place, and `--fail-on`. Fixtures: the
 * import tests' realm export and Graph manifest (test/fixtures/config, PROVENANCE.md), mutated in a
 * temporary folder the way users get them wrong.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from '../../builders/cli-io';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'config');
const NOW = ['--now', '2027-06-01T00:00:00Z'];
const realmText = readFileSync(join(FIXTURES, 'keycloak-realm-export.json'), 'utf8');
const manifest = join(FIXTURES, 'entra-app-manifest.graph.json');

const dir = mkdtempSync(join(tmpdir(), 'sso-lens-in-place-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The realm export with a user in a group that does not exist (an error) and SHA-1 signing (a warning). */
const badRealmText = realmText.replace('"groups": ["/tenant-admin"]', '"groups": ["/tenant-admins"]').replace('"signatureAlgorithm": "RSA_SHA256"', '"signatureAlgorithm": "RSA_SHA1"');
mkdirSync(join(dir, 'keycloak'));
const badRealm = join(dir, 'keycloak', 'mytenant-realm.json');
writeFileSync(badRealm, badRealmText);
// Matched by the glob but neither kind: skipped, not an error.
writeFileSync(join(dir, 'keycloak', 'themes.json'), '{ "theme": "keycloak.v2" }');
// Not matched by the glob: never read.
writeFileSync(join(dir, 'other-realm.json'), badRealmText);

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0);
  return text.slice(0, at).split('\n').length;
}

test('a realm export named explicitly is checked in place: text lines and source pointers', async () => {
  assert.ok(badRealmText !== realmText);
  const r = await runCliCaptured(['check', badRealm, ...NOW]);
  assert.equal(r.code, 1, r.stdout);
  assert.ok(r.stdout.includes(`${badRealm}:${lineOf(badRealmText, '"/tenant-admins"')}:`), r.stdout);
  assert.match(r.stdout, /error config\.unknown-reference: .*\[\/users\/0\/groups\/0\]/);
  assert.match(r.stdout, /warning config\.sha1-signing: .*\[\/identityProviders\/0\/config\/signatureAlgorithm\]/);
});

test('--json: the file says it was checked in place; findings carry the source pointer and line', async () => {
  const r = await runCliCaptured(['check', badRealm, '--json', ...NOW]);
  const json = JSON.parse(r.stdout) as { files: Array<{ inPlace?: string; findings: Array<{ id: string; path: string; line: number }> }> };
  assert.equal(json.files[0]?.inPlace, 'keycloak-realm');
  const f = json.files[0]?.findings.find((x) => x.id === 'config.sha1-signing');
  assert.equal(f?.path, '/identityProviders/0/config/signatureAlgorithm');
  assert.equal(f?.line, lineOf(badRealmText, '"RSA_SHA1"'));
});

test('--format sarif: the realm file and line as the result location', async () => {
  const r = await runCliCaptured(['check', badRealm, '--format', 'sarif', ...NOW]);
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
  const res = sarif.runs[0]?.results.find((x) => x.ruleId === 'config.unknown-reference');
  assert.match(res?.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /keycloak\/mytenant-realm\.json$/);
  assert.equal(res?.locations[0]?.physicalLocation.region.startLine, lineOf(badRealmText, '"/tenant-admins"'));
});

test('--in-place GLOB finds realm exports below a folder by path and content; others are not read', async () => {
  const r = await runCliCaptured(['check', dir, '--in-place', 'keycloak/*.json', '--json', ...NOW]);
  const json = JSON.parse(r.stdout) as { files: Array<{ file: string }> };
  assert.deepEqual(json.files.map((f) => f.file), [badRealm]);
  assert.equal(r.code, 1);
});

test('a folder with only realm exports and no --in-place is still "no config files" (exit 2)', async () => {
  const r = await runCliCaptured(['check', join(dir, 'keycloak'), ...NOW]);
  assert.equal(r.code, 2);
});

for (const [failOn, code] of [['error', 1], ['warning', 1], ['info', 1], ['never', 0]] as const) {
  test(`--fail-on ${failOn} on a realm export with an error: exit ${code}`, async () => {
    const r = await runCliCaptured(['check', badRealm, '--fail-on', failOn, ...NOW]);
    assert.equal(r.code, code, r.stdout);
  });
}

for (const [failOn, code] of [[undefined, 0], ['error', 0], ['warning', 1], ['info', 1], ['never', 0]] as const) {
  test(`--fail-on ${failOn ?? '(default)'} on a manifest with one warning: exit ${code}`, async () => {
    const r = await runCliCaptured(['check', manifest, ...(failOn ? ['--fail-on', failOn] : []), ...NOW]);
    assert.equal(r.code, code, r.stdout);
    assert.match(r.stdout, /warning config\.groups-overage-risk/);
  });
}

test('--fail-on with an unknown severity is a usage error (exit 2)', async () => {
  const r = await runCliCaptured(['check', manifest, '--fail-on', 'critical']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--fail-on takes error, warning, info or never/);
});
