import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importConfigText } from '../../../src/cli/import-command';
import type { EntraProvider, KeycloakProvider, OidcApp } from '../../../src/model/config-types';
import { exportEntraClaims } from '../../../src/model/import/entra-manifest';
import { exportKeycloakMapper } from '../../../src/model/import/keycloak-realm';
import { isObject, objects } from '../../../src/model/import/json-shapes';
import { validateAgainstSchema } from '../../../src/model/schema-validate';
import { FIXTURES } from './helpers';

const realmText = readFileSync(join(FIXTURES, 'keycloak-realm-export.json'), 'utf8');
const manifestText = readFileSync(join(FIXTURES, 'entra-app-manifest.graph.json'), 'utf8');

test('a Keycloak realm export becomes a schema-valid Keycloak provider, without secrets or private keys', () => {
  const r = importConfigText(realmText, { baseUrl: 'https://keycloak.uat.coherent.global/auth' });
  assert.ok(r);
  assert.deepEqual(validateAgainstSchema(r.value), []);
  const text = JSON.stringify(r.value);
  assert.ok(!text.includes('privateKey') && !text.includes('MIIEvQIBADAN') && !text.includes('**********'));
  const kc = r.value.providers[0] as KeycloakProvider;
  assert.equal(kc.realm, 'mytenant');
  assert.deepEqual(kc.keys?.map((k) => [k.name, k.use]), [['rsa-generated', 'sig'], ['saml-encryption', 'enc']]);
  const saml = kc.identityProviders?.[0];
  assert.equal(saml?.saml?.nameIdPolicyFormat, 'emailAddress');
  assert.equal(saml?.saml?.wantAssertionsEncrypted, true);
  assert.equal(saml?.saml?.signingCertificates?.length, 1);
  assert.deepEqual(kc.identityProviders?.[1]?.oidc?.clientSecret, { env: 'KEYCLOAK_ENTRA_OIDC_CLIENT_SECRET' });
  assert.deepEqual(kc.groups?.map((g) => g.path), ['/tenant-admin', '/supervisor:pf', '/users', '/users/user:teamA']);
  assert.ok(r.notes.some((n) => n.includes('oidc-user-session-note-idp-mapper')));
});

test('Keycloak mappers round-trip: imported then exported, each mapper has its original type and config', () => {
  const r = importConfigText(realmText, { baseUrl: 'https://kc.example.com' });
  assert.ok(r);
  const kc = r.value.providers[0] as KeycloakProvider;
  const original: unknown = JSON.parse(realmText);
  if (!isObject(original)) throw new Error('fixture');
  const modelled = objects(original.identityProviderMappers).filter((m) => m.identityProviderMapper !== 'oidc-user-session-note-idp-mapper');
  const exported = (kc.identityProviders ?? []).flatMap((idp) => (idp.mappers ?? []).map((m) => exportKeycloakMapper(m, idp.alias, idp.protocol)));
  assert.equal(exported.length, modelled.length);
  for (const [i, m] of modelled.entries()) {
    const e = exported[i];
    assert.equal(e?.identityProviderMapper, m.identityProviderMapper);
    assert.equal(e?.name, m.name);
    const cfg = isObject(m.config) ? m.config : {};
    const ecfg = isObject(e?.config) ? e.config : {};
    for (const [k, v] of Object.entries(cfg)) {
      if (k === 'claims' || k === 'attributes') assert.deepEqual(JSON.parse(String(ecfg[k])), JSON.parse(String(v)));
      else assert.equal(ecfg[k], v, `${String(m.name)} ${k}`);
    }
  }
});

test('an Entra Graph-format manifest becomes a schema-valid Entra OIDC app; the groups optional claim becomes the groups claim', () => {
  const r = importConfigText(manifestText, { tenantId: '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480' });
  assert.ok(r);
  assert.deepEqual(validateAgainstSchema(r.value), []);
  const entra = r.value.providers[0] as EntraProvider;
  const app = entra.apps?.[0] as OidcApp;
  assert.equal(app.protocol, 'oidc');
  assert.equal(app.clientId, '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17');
  assert.deepEqual(app.groupsClaim, { membership: ['SecurityGroup'], idToken: { format: 'objectId' }, accessToken: { format: 'objectId' }, saml: { format: 'objectId' } });
  assert.deepEqual(app.optionalClaims?.idToken?.map((c) => c.name), ['email', 'preferred_username']);
  assert.deepEqual(app.clientSecret, { env: 'PALETTE_OIDC_CLIENT_SECRET' });
  assert.equal(app.certificates?.[0]?.certificate && 'thumbprint' in app.certificates[0].certificate ? app.certificates[0].certificate.thumbprint : '', '3F7A1C9E5B2D8F4A6C0E1B3D5F7A9C2E4B6D8F0A');
  assert.ok(!JSON.stringify(r.value).includes('Xy7'));
});

test('Entra claims round-trip: groupMembershipClaims and optionalClaims come back as in the manifest', () => {
  const r = importConfigText(manifestText, { tenantId: '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480' });
  const app = (r?.value.providers[0] as EntraProvider).apps?.[0] as OidcApp;
  const back = exportEntraClaims(app);
  const original = JSON.parse(manifestText) as { groupMembershipClaims: string; optionalClaims: Record<string, Array<{ name: string }>> };
  assert.equal(back.groupMembershipClaims, original.groupMembershipClaims);
  for (const key of ['idToken', 'accessToken', 'saml2Token']) assert.deepEqual(back.optionalClaims[key]?.map((c) => c.name).sort(), original.optionalClaims[key]?.map((c) => c.name).sort());
});

test('neither a realm export nor a manifest is refused', () => {
  assert.equal(importConfigText('{"kind":"something"}'), undefined);
  assert.equal(importConfigText('not json'), undefined);
});
