/**
 * What the CLI prints, as a user reads it: `--help`, each command's `--help`, `check` and `personas` on the
 * examples, compared with the snapshots in test/fixtures/cli-snapshots/. A difference fails the test; after a
 * change meant to alter the output, run with SSO_LENS_UPDATE_SNAPSHOTS=1 and review the diff of the snapshots.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCliCaptured } from '../../builders/cli-io';
import { FIXTURES_DIR } from '../../builders/fixtures';

const SNAPSHOTS = join(FIXTURES_DIR, 'cli-snapshots');
const EXAMPLES = join(FIXTURES_DIR, '..', '..', 'examples');
const UPDATE = process.env['SSO_LENS_UPDATE_SNAPSHOTS'] === '1';
/** Certificate expiry is relative to this instant, so the snapshots do not age. */
const NOW = '2027-06-01T00:00:00Z';
const COMMANDS = ['inspect', 'check', 'import', 'personas', 'sign-in', 'saml-sign-in', 'redact', 'compare'];
const CONFIGS = ['assetpanda', 'exoscale', 'iomete', 'palette', 'spark-keycloak'];

/** The output with the machine's checkout path replaced, so snapshots are the same on every machine. */
async function output(argv: string[]): Promise<string> {
  const run = await runCliCaptured(argv);
  return `$ sso-lens ${argv.map((a) => a.replaceAll(EXAMPLES, 'examples')).join(' ')}\n[exit ${run.code}]\n${run.stdout}${run.stderr ? `[stderr]\n${run.stderr}` : ''}`.replaceAll(EXAMPLES, 'examples');
}

function matchSnapshot(name: string, actual: string): void {
  const file = join(SNAPSHOTS, `${name}.txt`);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) assert.fail(`no snapshot ${file}: run with SSO_LENS_UPDATE_SNAPSHOTS=1 to write it`);
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `the output differs from ${file} (SSO_LENS_UPDATE_SNAPSHOTS=1 rewrites it)`);
}

describe('CLI help', () => {
  test('--help prints a short overview: one line per command, no command\'s options', async () => {
    const text = await output(['--help']);
    assert.doesNotMatch(text, /--clock-skew/, 'the overview leaves the options to each command');
    for (const c of COMMANDS) assert.match(text, new RegExp(`^  ${c}\\b`, 'm'), `${c} has its line`);
    matchSnapshot('help', text);
  });

  for (const c of COMMANDS) {
    test(`${c} --help and help ${c} print the full help of ${c} alone`, async () => {
      const text = await output([c, '--help']);
      assert.match(text, new RegExp(`^sso-lens ${c}\\b`, 'm'));
      assert.equal((await runCliCaptured(['help', c])).stdout, (await runCliCaptured([c, '--help'])).stdout);
      matchSnapshot(`help-${c}`, text);
    });
  }

  test('help with an unknown command is a usage error naming the commands', async () => {
    const run = await runCliCaptured(['help', 'nope']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no command "nope" \(commands: inspect, check/);
  });
});

describe('CLI output on the examples', () => {
  for (const c of CONFIGS) {
    test(`check ${c}.sso.json`, async () => {
      const text = await output(['check', join(EXAMPLES, `${c}.sso.json`), '--now', NOW]);
      const printed = (sev: string): number => text.split('\n').filter((l) => new RegExp(`^examples/\\S+: ${sev} `).test(l)).length;
      // The summary counts every finding it printed, infos included.
      assert.match(text, new RegExp(`: ${printed('error')} error\\(s\\), ${printed('warning')} warning\\(s\\), ${printed('info')} info\\(s\\)`));
      matchSnapshot(`check-${c}`, text);
    });

    test(`personas ${c}.sso.json`, async () => {
      matchSnapshot(`personas-${c}`, await output(['personas', join(EXAMPLES, `${c}.sso.json`)]));
    });
  }

  test('personas shows a Palette team named by a group object ID with the group name beside it', async () => {
    const text = await output(['personas', join(EXAMPLES, 'palette.sso.json')]);
    assert.match(text, /admin: teams palette_tenant_admins \(e3ac07cc-bd12-4edc-92a4-983d783153ba\), k8s_cluster-editor \(c4606295-e8b0-4df0-891b-de4428d7e54f\)/);
  });

  test('personas --json keeps the raw IDs (the contract\'s values)', async () => {
    const run = await runCliCaptured(['personas', join(EXAMPLES, 'palette.sso.json'), '--json']);
    assert.match(run.stdout, /"e3ac07cc-bd12-4edc-92a4-983d783153ba"/);
    assert.doesNotMatch(run.stdout, /palette_tenant_admins \(/);
  });
});
