/**
 * The shipped bundles (dist/, `npm run build`): one core shared by the CLI and the extension, the heavy
 * libraries and the config validator loaded on first use, and the build-time validator agreeing with Ajv.
 * Each case runs in a fresh Node process, so what a start loads is what the case did.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateConfigText } from '../../../src/model/validate-config';
import { FIXTURES_DIR, readFixtureText } from '../../builders/fixtures';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DIST = join(ROOT, 'dist');

/** Runs `body` (with `core` = dist/core.js) in a fresh process; returns its JSON output and the dist files it loaded. */
function fresh(body: string, input: string): { out: unknown; loaded: string[] } {
  assert.ok(existsSync(join(DIST, 'core.js')), 'dist/core.js is missing: run npm run build first');
  const script = `const core = require(${JSON.stringify(join(DIST, 'core.js'))}); const input = require('fs').readFileSync(0, 'utf8');
    Promise.resolve((async () => { ${body} })()).then((out) => console.log(JSON.stringify({ out, loaded: Object.keys(require.cache).filter((k) => k.startsWith(${JSON.stringify(DIST)})).map((k) => k.slice(${DIST.length + 1})).sort() })));`;
  const r = spawnSync(process.execPath, ['-e', script], { input, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr.slice(-600));
  return JSON.parse(r.stdout) as { out: unknown; loaded: string[] };
}

test('dist/cli.js holds no copy of the core: it requires dist/core.js, which the .vsix ships once', () => {
  const cli = readFileSync(join(DIST, 'cli.js'), 'utf8');
  assert.ok(statSync(join(DIST, 'cli.js')).size < 4096, `dist/cli.js is ${statSync(join(DIST, 'cli.js')).size} bytes`);
  assert.match(cli, /require\("\.\/core\.js"\)/);
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
  for (const f of readdirSync(join(DIST, 'lib')).filter((n) => n.endsWith('.js'))) assert.match(ignore, /^!dist\/lib\/\*\.js$/m, `dist/lib/${f} must be packaged`);
});

test('decoding a token loads the core alone: no XML, CEL or schema code', () => {
  const { out, loaded } = fresh(`const r = await core.inspectText(input.trim(), core.defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') })); if (!r.ok) return r.error.message; core.presentReport(r.value); return r.value.kind;`, readFixtureText('jwt', 'gen-entra-v2-expired.jwt'));
  assert.equal(out, 'jwt');
  assert.deepEqual(loaded, ['core.js']);
});

test('a SAML response loads the XML libraries on first use and is verified as before', () => {
  const xml = readFileSync(join(FIXTURES_DIR, 'saml', 'saml-response', 'entra-2015-signed-assertion.xml'), 'utf8');
  const cert = join(FIXTURES_DIR, 'saml', 'saml-response', 'entra-2015-signing-cert.pem');
  const { out, loaded } = fresh(`const trust = core.loadTrustMaterial(require('fs').readFileSync(${JSON.stringify(cert)}), 'cert'); const r = await core.inspectText(input, core.defaultInspectOptions({ trust: trust.value })); return r.ok ? [r.value.kind, r.value.signature.status] : r.error.message;`, xml);
  assert.ok(Array.isArray(out), String(out));
  assert.deepEqual(out, ['saml-response', 'valid']);
  assert.ok(loaded.includes('lib/xmldom.js'), loaded.join(', '));
  assert.ok(!loaded.includes('lib/cel.js') && !loaded.includes('lib/config-schema.js'), loaded.join(', '));
});

test('a config with a CEL expression is checked with the CEL parser alone, not the evaluator', () => {
  const text = readFileSync(join(ROOT, 'examples', 'exoscale.sso.json'), 'utf8');
  const { out, loaded } = fresh(`return core.validateConfigText(input).findings.map((f) => f.id);`, text);
  assert.deepEqual(out, validateConfigText(text).findings.map((f) => f.id));
  assert.ok((out as string[]).includes('config.mutable-claim-authorization'));
  assert.deepEqual(loaded, ['core.js', 'lib/cel-parse.js', 'lib/config-schema.js']);
});

test('the validator generated at build time reports what Ajv compiling at run time reports', () => {
  const broken = [
    '{ "version": 1, "providers": [{ "id": "e", "type": "entra", "tenantId": 7, "apps": [{ "id": "a", "protocol": "oidc", "colour": "red" }] }] }',
    '{ "version": 2, "providers": {} }',
    '{ "version": 1, "providers": [{ "id": "k", "type": "nope" }] }',
    '{ "version": 1, "providers": [{ "id": "e", "type": "entra", "tenantId": "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480", "apps": [{ "id": "a", "protocol": "saml" }] }] }',
  ];
  const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.sso.json')).map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));
  files.push(readFileSync(join(FIXTURES_DIR, 'config', 'palette-as-published.sso.json'), 'utf8'));
  const texts = [...broken, ...files];
  const shape = (v: ReturnType<typeof validateConfigText>) => v.findings.filter((f) => f.id === 'config.schema-invalid').map((f) => `${f.path} ${f.message}`);
  const { out } = fresh(`return JSON.parse(input).map((t) => core.validateConfigText(t).findings.filter((f) => f.id === 'config.schema-invalid').map((f) => f.path + ' ' + f.message));`, JSON.stringify(texts));
  assert.deepEqual(out, texts.map((t) => shape(validateConfigText(t))));
  assert.ok((out).slice(0, broken.length).every((f) => f.length > 0), 'every broken config has schema findings');
});
