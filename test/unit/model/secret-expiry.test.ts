import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfigText } from '../../../src/model/validate-config';
import { countdown } from '../../../src/model/expiry';
import { buildConfigTree } from '../../../src/model/config-tree';
import { configNodeShape } from '../../../src/views/config-tree-item';
import { EXAMPLES, example, NOW, readFrom } from './helpers';

function paletteWithSecretExpiring(expires: string): string {
  const config = example('palette');
  const app = config.providers[0]?.apps?.[0];
  assert.ok(app && app.protocol === 'oidc' && app.clientSecret);
  app.clientSecret = { ...app.clientSecret, expires };
  return JSON.stringify(config, null, 2);
}

test('a client secret noted to expire within 30 days is a warning on its "expires", with the date for a countdown', () => {
  const v = validateConfigText(paletteWithSecretExpiring('2027-06-13'), { now: NOW });
  assert.ok(v.schemaValid, JSON.stringify(v.findings.filter((f) => f.id === 'config.schema-invalid')));
  const f = v.findings.find((x) => x.id === 'config.secret-expiring');
  assert.ok(f, v.findings.map((x) => x.id).join(', '));
  assert.equal(f.severity, 'warning');
  assert.equal(f.path, '/providers/0/apps/0/clientSecret/expires');
  assert.equal(f.expires, '2027-06-13T00:00:00.000Z');
  assert.equal(v.document.text.slice(f.range?.offset, (f.range?.offset ?? 0) + (f.range?.length ?? 0)), '"2027-06-13"');
});

test('an expired secret is an error; a shorter window or a later date is quiet; a malformed date is a schema error', () => {
  assert.equal(validateConfigText(paletteWithSecretExpiring('2027-05-01'), { now: NOW }).findings.find((x) => x.id === 'config.secret-expired')?.severity, 'error');
  assert.ok(!validateConfigText(paletteWithSecretExpiring('2027-06-13'), { now: NOW, expiryWarningDays: 7 }).findings.some((x) => x.id.startsWith('config.secret-')));
  assert.ok(!validateConfigText(paletteWithSecretExpiring('2028-01-01'), { now: NOW }).findings.some((x) => x.id.startsWith('config.secret-')));
  const bad = validateConfigText(paletteWithSecretExpiring('next tuesday'), { now: NOW });
  assert.ok(bad.findings.some((x) => x.id === 'config.schema-invalid' && x.path.endsWith('/clientSecret/expires')), bad.findings.map((x) => `${x.id}@${x.path}`).join(', '));
});

test('the provider and app nodes count down to the soonest expiry below them', () => {
  const v = validateConfigText(paletteWithSecretExpiring('2027-06-13'), { now: NOW });
  assert.ok(v.index);
  const [provider] = buildConfigTree(v.index, v.findings);
  assert.ok(provider);
  const app = provider.children.find((c) => c.kind === 'app');
  assert.ok(app);
  assert.match(configNodeShape(app, NOW).description ?? '', /expires in 12 d/);
  assert.match(configNodeShape(provider, NOW).description ?? '', /expires in 12 d/);
  assert.equal(countdown(new Date('2027-05-29T00:00:00Z'), NOW), 'expired 3 d ago');
});

test('--expiry-days style windows also move certificate expiry', () => {
  // The Spark example's certificates end in 2029: a window of three years reaches them.
  const config = JSON.stringify(example('spark-keycloak'));
  const narrow = validateConfigText(config, { now: NOW, readFile: readFrom(EXAMPLES) });
  assert.ok(!narrow.findings.some((f) => f.id === 'cert.expiring'));
  const wide = validateConfigText(config, { now: NOW, readFile: readFrom(EXAMPLES), expiryWarningDays: 3 * 365 });
  assert.ok(wide.findings.some((f) => f.id === 'cert.expiring' && f.expires));
});
