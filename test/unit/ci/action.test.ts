/**
 * Issue 14: the GitHub Action (action.yml at the repository root), run locally on the examples. The
 * test reads action.yml, runs each `run:` step in bash with its inputs substituted as GitHub would
 * (`bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT, the action path), decides each step's
 * `if:`, and checks that the `uses:` steps it cannot run without GitHub are configured as expected.
 * The SARIF is validated against the SARIF 2.1.0 JSON schema (test/fixtures/sarif, PROVENANCE.md).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { condition, substitute, type Contexts } from './workflow-expressions';

const ROOT = join(__dirname, '..', '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-action-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Run {
  /** Steps in order: ran (run: steps executed), skipped (if: false), or would run (uses: steps). */
  steps: Array<{ name: string; status: 'ran' | 'skipped' | 'uses'; exitCode?: number; stdout?: string; with?: Record<string, string> }>;
  outputs: Record<string, string>;
  failed: boolean;
}

/** Runs the composite action with `inputs` over the repository as the workspace. */
function runAction(given: Record<string, string>): Run {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = given[k] ?? v.default ?? '';
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const ctx: Contexts = { inputs, steps, github: { action_path: ROOT, workspace: ROOT } };
  const out: Run = { steps: [], outputs: {}, failed: false };
  for (const [n, step] of action.runs.steps.entries()) {
    const name = step.name ?? `step ${n}`;
    // Without an if:, a step runs only while every earlier one succeeded (success()).
    const runs = step.if === undefined ? !out.failed : condition(step.if, ctx);
    if (!runs) {
      out.steps.push({ name, status: 'skipped' });
      continue;
    }
    if (step.uses) {
      out.steps.push({ name, status: 'uses', with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])) });
      continue;
    }
    assert.equal(step.shell, 'bash', `${name}: a composite run step names its shell`);
    const outputFile = join(tmp, `output-${n}`);
    writeFileSync(outputFile, '');
    const script = join(tmp, `step-${n}.sh`);
    writeFileSync(script, substitute(step.run ?? '', ctx));
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
    const cwd = step['working-directory'] !== undefined ? substitute(step['working-directory'], ctx) : ROOT;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: tmp, GITHUB_OUTPUT: outputFile, GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: ROOT, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) steps[step.id] = { outputs };
    out.steps.push({ name, status: 'ran', exitCode: r.status ?? -1, stdout: r.stdout });
    if (r.status !== 0) out.failed = true;
  }
  for (const [k, v] of Object.entries(action.outputs)) out.outputs[k] = substitute(v.value, ctx);
  return out;
}

function step(run: Run, name: RegExp) {
  const s = run.steps.find((x) => name.test(x.name));
  assert.ok(s, `a step ${name} among ${run.steps.map((x) => x.name).join(', ')}`);
  return s;
}

interface Sarif {
  runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
}

// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexes accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object);

function readSarif(file: string): Sarif {
  const sarif: unknown = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(validateSarif(sarif), `valid SARIF 2.1.0: ${ajv.errorsText(validateSarif.errors)}`);
  return sarif as Sarif;
}

const lineOf = (file: string, needle: string): number => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  assert.ok(text.includes(needle));
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

before(() => assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'npm run build first: the action runs dist/cli.js'));

test('action.yml is a composite action: Node set up, the SARIF uploaded with upload-sarif', () => {
  assert.equal(action.runs.using, 'composite');
  const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.deepEqual(setup?.with, { 'node-version': '${{ inputs.node-version }}' });
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.deepEqual(upload?.with, { sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' });
  assert.deepEqual(Object.keys(action.inputs).sort(), ['category', 'fail-on', 'in-place', 'node-version', 'paths', 'sarif-file', 'upload-sarif']);
  // No input is pasted into a script: they reach it as environment variables.
  for (const s of action.runs.steps) assert.doesNotMatch(s.run ?? '', /\$\{\{/, `${s.name ?? ''}: no expression inside run:`);
});

test('on the examples with their realm export and manifest in place: SARIF valid, uploaded, the job passes', () => {
  const sarifFile = join(tmp, 'examples.sarif');
  const r = runAction({ paths: 'examples', 'in-place': 'keycloak/*.json\nentra/*.json', 'sarif-file': sarifFile });
  assert.equal(step(r, /^Run sso-lens check$/).exitCode, 0, step(r, /^Run sso-lens check$/).stdout);
  assert.equal(r.outputs['exit-code'], '0');
  assert.equal(r.outputs['sarif-file'], sarifFile);
  const upload = step(r, /Upload SARIF/);
  assert.equal(upload.status, 'uses');
  assert.deepEqual(upload.with, { sarif_file: sarifFile, category: 'sso-lens' });
  assert.equal(step(r, /Fail on findings/).status, 'skipped');
  assert.equal(r.failed, false);
  // The log has the findings as text; the SARIF has them located in the files a user edits.
  assert.match(step(r, /^Run sso-lens check$/).stdout ?? '', /examples\/entra\/palette-manifest\.json:\d+:\d+: warning config\.groups-overage-risk/);
  const results = readSarif(sarifFile).runs[0]?.results ?? [];
  const overage = results.find((x) => x.locations[0]?.physicalLocation.artifactLocation.uri === 'examples/entra/palette-manifest.json');
  assert.equal(overage?.ruleId, 'config.groups-overage-risk');
  assert.equal(overage?.locations[0]?.physicalLocation.region.startLine, lineOf('examples/entra/palette-manifest.json', '"groupMembershipClaims"'));
  assert.ok(results.some((x) => x.locations[0]?.physicalLocation.artifactLocation.uri === 'examples/palette.sso.json'), 'the *.sso.json examples are checked too');
});

test('fail-on warning: the SARIF is still uploaded, then the job fails', () => {
  const sarifFile = join(tmp, 'warning.sarif');
  const r = runAction({ paths: 'examples', 'in-place': 'entra/*.json', 'fail-on': 'warning', 'sarif-file': sarifFile });
  assert.equal(r.outputs['exit-code'], '1');
  assert.equal(step(r, /Upload SARIF/).status, 'uses');
  assert.equal(step(r, /Fail on findings/).status, 'ran');
  assert.equal(step(r, /Fail on findings/).exitCode, 1);
  assert.equal(r.failed, true);
  readSarif(sarifFile);
});

test('upload-sarif false skips the upload; a usage error (bad fail-on) fails the check step and uploads nothing', () => {
  const quiet = runAction({ paths: 'examples', 'upload-sarif': 'false', 'sarif-file': join(tmp, 'quiet.sarif') });
  assert.equal(step(quiet, /Upload SARIF/).status, 'skipped');
  const bad = runAction({ paths: 'examples', 'fail-on': 'critical', 'sarif-file': join(tmp, 'bad.sarif') });
  assert.equal(step(bad, /^Run sso-lens check$/).exitCode, 2);
  assert.equal(bad.outputs['exit-code'], '2');
  assert.equal(step(bad, /Upload SARIF/).status, 'skipped');
  assert.equal(bad.failed, true);
});
