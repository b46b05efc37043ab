/**
 * Issue 15, class 7: an imported config passes its own `check` with no errors. Keycloak keeps a
 * realm key's or IdP's certificate as it was pasted, PEM armour and line breaks included; the
 * importer used to copy that verbatim and `check` then said cert.malformed. Fixtures: the real
 * realm export and Graph manifest in test/fixtures/config (see PROVENANCE.md there), with the
 * certificates re-armoured the way Keycloak stores a pasted PEM.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importConfigText } from '../../../src/cli/import-command';
import type { EntraProvider, KeycloakProvider } from '../../../src/model/config-types';
import { isObject, objects } from '../../../src/model/import/json-shapes';
import { check, FIXTURES, ids } from './helpers';

const realmText = readFileSync(join(FIXTURES, 'keycloak-realm-export.json'), 'utf8');
const manifestText = readFileSync(join(FIXTURES, 'entra-app-manifest.graph.json'), 'utf8');

const armour = (b64: string, eol = '\n') => `-----BEGIN CERTIFICATE-----${eol}${b64.replace(/.{64}/g, `$&${eol}`)}${eol}-----END CERTIFICATE-----${eol}`;

function realmWithPemCertificates(eol: string): string {
  const realm: unknown = JSON.parse(realmText);
  if (!isObject(realm) || !isObject(realm.components)) throw new Error('fixture');
  for (const k of objects(realm.components['org.keycloak.keys.KeyProvider'])) {
    if (isObject(k.config) && Array.isArray(k.config.certificate)) k.config.certificate = k.config.certificate.map((c) => armour(String(c), eol));
  }
  for (const idp of objects(realm.identityProviders)) {
    if (isObject(idp.config) && typeof idp.config.signingCertificate === 'string') idp.config.signingCertificate = armour(idp.config.signingCertificate, eol);
  }
  return JSON.stringify(realm);
}

test('the realm export as it is imports into a config whose check has no errors', () => {
  const r = importConfigText(realmText, { baseUrl: 'https://kc.example.com' });
  assert.ok(r);
  assert.deepEqual(ids(check(r.value), 'error'), []);
});

for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
  test(`PEM-armoured realm key and IdP certificates (${name}) import as readable certificates; check has no errors`, () => {
    const r = importConfigText(realmWithPemCertificates(eol), { baseUrl: 'https://kc.example.com' });
    assert.ok(r);
    const kc = r.value.providers[0] as KeycloakProvider;
    assert.equal(kc.keys?.filter((k) => k.certificate && 'base64' in k.certificate && /^MII/.test(k.certificate.base64)).length, 2);
    assert.equal(kc.identityProviders?.[0]?.saml?.signingCertificates?.length, 1);
    assert.deepEqual(ids(check(r.value), 'error'), []);
  });
}

test('an unreadable stored certificate is left out with a note, and check still has no errors', () => {
  const realm: unknown = JSON.parse(realmText);
  if (!isObject(realm) || !isObject(realm.components)) throw new Error('fixture');
  const [first] = objects(realm.components['org.keycloak.keys.KeyProvider']);
  if (!first || !isObject(first.config)) throw new Error('fixture');
  first.config.certificate = ['-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----'];
  const r = importConfigText(JSON.stringify(realm), { baseUrl: 'https://kc.example.com' });
  assert.ok(r);
  assert.ok(r.notes.some((n) => /realm key .*not a readable X\.509 certificate/.test(n)), r.notes.join('\n'));
  assert.deepEqual(ids(check(r.value), 'error'), []);
});

test('a Graph manifest imports into a config whose check has no errors', () => {
  const r = importConfigText(manifestText, { tenantId: '11111111-2222-3333-4444-555555555555' });
  assert.ok(r);
  assert.deepEqual(ids(check(r.value), 'error'), []);
});

test('a legacy Azure AD Graph manifest: `name` becomes the display name', () => {
  const manifest: unknown = JSON.parse(manifestText);
  if (!isObject(manifest)) throw new Error('fixture');
  const legacy: Record<string, unknown> = { ...manifest, name: manifest.displayName, replyUrlsWithType: [], oauth2Permissions: [] };
  delete legacy.displayName;
  const r = importConfigText(JSON.stringify(legacy), { tenantId: '11111111-2222-3333-4444-555555555555' });
  assert.ok(r);
  const entra = r.value.providers[0] as EntraProvider;
  assert.equal(entra.apps?.[0]?.displayName, manifest.displayName);
  assert.deepEqual(ids(check(r.value), 'error'), []);
});
