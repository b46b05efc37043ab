import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeycloakProvider, OidcApp, SamlApp, SsoConfig } from '../../../src/model/config-types';
import { check, example, only } from './helpers';

const oidcApp = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const samlApp = (c: SsoConfig): SamlApp => c.providers[0]?.apps?.[0] as SamlApp;
const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;

test('literal-secret: a secret string is an error with a move-to-secret-storage fix; a reference is fine', () => {
  assert.deepEqual(only(check(example('exoscale')), 'config.literal-secret'), []);
  const c = example('exoscale');
  (oidcApp(c) as unknown as Record<string, unknown>).clientSecret = 'Zx18Q~k3jfK2mQpL9vTzR4wYbN6cD1eF0gH7iJ5kL';
  const f = only(check(c), 'config.literal-secret');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.severity, 'error');
  assert.equal(f[0]?.path, '/providers/0/apps/0/clientSecret');
  assert.equal(f[0]?.fix?.kind, 'move-to-secret-storage');
});

test('literal-secret: an Entra-shaped secret value is caught under any key', () => {
  const c = example('exoscale');
  oidcApp(c).description = 'Zx18Q~k3jfK2mQpL9vTzR4wYbN6cD1eF0gH7iJ5kL';
  assert.equal(only(check(c), 'config.literal-secret').length, 1);
});

test('malformed-guids: a tenant ID with a dropped digit and a client ID that differs from the app ID', () => {
  assert.deepEqual(only(check(example('palette')), 'config.malformed-guid'), []);
  const c = example('palette');
  const p = c.providers[0];
  if (p?.type !== 'entra') throw new Error('fixture');
  p.tenantId = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f48';
  oidcApp(c).clientId = '11111111-2222-4333-8444-555555555555';
  const f = only(check(c), 'config.malformed-guid');
  assert.deepEqual(f.map((x) => x.path).sort(), ['/providers/0/apps/0/clientId', '/providers/0/tenantId']);
});

test('insecure-redirect-uris: kubelogin loopback http is allowed, other http is an error with an https fix', () => {
  assert.deepEqual(only(check(example('palette')), 'config.insecure-redirect-uri'), []);
  const c = example('palette');
  oidcApp(c).redirectUris?.push('http://console.spectrocloud.com/callback');
  const f = only(check(c), 'config.insecure-redirect-uri');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.path, '/providers/0/apps/0/redirectUris/4');
  assert.equal(f[0]?.fix?.value, 'https://console.spectrocloud.com/callback');
});

test('keycloak-broker: identifier must be the realm URL and the reply URL the broker endpoint', () => {
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.keycloak-broker-mismatch'), []);
  const c = example('spark-keycloak');
  const app = samlApp(c);
  // The classic slip: the whole Redirect URI pasted as Identifier, and a different alias in the reply URL.
  app.identifiers = ['https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/entra-id/endpoint'];
  app.replyUrls = ['https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/azure/endpoint'];
  const f = only(check(c), 'config.keycloak-broker-mismatch');
  assert.equal(f.length, 2);
  assert.equal(f[0]?.fix?.value, 'https://keycloak.uat.coherent.global/auth/realms/mytenant');
  assert.match(f[0]?.message ?? '', /Reply URL, not here/);
  assert.equal(f[1]?.fix?.value, 'https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/entra-id/endpoint');
});

test('group-format: teams named by display name while object IDs are sent (Palette as published)', () => {
  assert.deepEqual(only(check(example('palette')), 'config.group-format-mismatch'), []);
  const c = example('palette');
  oidcApp(c).teams?.push({ name: 'palette-tenant-admins', roles: ['Tenant Admin'] });
  const f = only(check(c), 'config.group-format-mismatch');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.path, '/providers/0/apps/0/teams/4/name');
});

test('group-format: the reverse — GUID-named teams while sAMAccountName names are sent', () => {
  const c = example('palette');
  const g = oidcApp(c).groupsClaim;
  if (!g) throw new Error('fixture');
  g.idToken = { format: 'sAMAccountName' };
  const p = c.providers[0];
  if (p?.type !== 'entra') throw new Error('fixture');
  (p.groups ?? []).forEach((grp) => (grp.samAccountName = grp.displayName ?? grp.id));
  const f = only(check(c), 'config.group-format-mismatch');
  assert.equal(f.length, 4);
  assert.equal(f[0]?.fix?.value, 'palette_tenant_admins');
});

test('group-format: a Keycloak mapper expecting a group name where object IDs arrive', () => {
  const c = example('spark-keycloak');
  const m = realm(c).identityProviders?.[0]?.mappers?.[7];
  if (!m?.claims?.[0]) throw new Error('fixture');
  m.claims[0].value = 'tenant-admin';
  assert.deepEqual(only(check(c), 'config.group-format-mismatch').map((f) => f.path), ['/providers/1/identityProviders/0/mappers/7/claims/0/value']);
});

test('claim-not-emitted: u_first_name is not an Entra claim; given_name as optional claim is', () => {
  const f = only(check(example('palette')), 'config.claim-not-emitted');
  assert.deepEqual(f.map((x) => x.path), ['/providers/0/apps/0/claimMapping/firstName', '/providers/0/apps/0/claimMapping/lastName']);
  assert.match(f[0]?.message ?? '', /Okta custom authorization server/);
  const c = example('palette');
  const app = oidcApp(c);
  app.claimMapping = { ...app.claimMapping, firstName: 'given_name', lastName: 'family_name' };
  app.optionalClaims?.idToken?.push({ name: 'given_name' }, { name: 'family_name' });
  assert.deepEqual(only(check(c), 'config.claim-not-emitted'), []);
});

test('claim-not-emitted: an Okta custom authorization server that defines u_first_name satisfies the mapping', () => {
  const c: SsoConfig = {
    version: 1,
    providers: [
      {
        id: 'okta',
        type: 'okta',
        domain: 'example.okta.com',
        authorizationServers: [{ id: 'palette', issuer: 'https://example.okta.com/oauth2/aus1', claims: [{ name: 'u_first_name', tokenType: 'id', valueType: 'expression', value: 'user.firstName' }] }],
        apps: [{ id: 'p', protocol: 'oidc', clientId: '0oa1', authorizationServer: 'palette', claimMapping: { firstName: 'u_first_name', lastName: 'u_last_name' } }],
      },
    ],
  };
  assert.deepEqual(only(check(c), 'config.claim-not-emitted').map((f) => f.path), ['/providers/0/apps/0/claimMapping/lastName']);
});

test('attribute-not-sent: …/claims/firstname is not what Entra sends; the fix names …/givenname', () => {
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.attribute-not-sent'), []);
  const c = example('spark-keycloak');
  const m = realm(c).identityProviders?.[0]?.mappers?.[0];
  if (!m) throw new Error('fixture');
  m.attributeName = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/firstname';
  const f = only(check(c), 'config.attribute-not-sent');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.fix?.value, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname');
});

test('unknown-app-role: advanced claim to group on roles with no such app role', () => {
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.unknown-app-role'), []);
  const c = example('spark-keycloak');
  samlApp(c).appRoles = samlApp(c).appRoles?.filter((r) => r.value !== 'supervisor:pf');
  const f = only(check(c), 'config.unknown-app-role');
  assert.deepEqual(f.map((x) => x.path), ['/providers/1/identityProviders/0/mappers/4/claims/0/value']);
});

test('unknown-app-role: a regex mapper matching an existing role is fine', () => {
  const c = example('spark-keycloak');
  const m = realm(c).identityProviders?.[0]?.mappers?.[5];
  if (!m?.claims?.[0]) throw new Error('fixture');
  m.claims[0].value = 'user:team.*';
  m.regex = true;
  assert.deepEqual(only(check(c), 'config.unknown-app-role'), []);
  m.claims[0].value = 'users:.*';
  assert.equal(only(check(c), 'config.unknown-app-role').length, 1);
});

test('groups-overage-risk: all security groups warns; groups assigned to the application does not', () => {
  const f = only(check(example('palette')), 'config.groups-overage-risk');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.severity, 'warning');
  assert.match(f[0]?.message ?? '', /200/);
  assert.deepEqual(f[0]?.fix?.value, ['ApplicationGroup']);
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.groups-overage-risk'), []);
  const c = example('spark-keycloak');
  const g = samlApp(c).groupsClaim;
  if (!g) throw new Error('fixture');
  g.membership = ['SecurityGroup'];
  assert.match(only(check(c), 'config.groups-overage-risk')[0]?.message ?? '', /150.*Keycloak cannot follow/);
});

test("cel: Exoscale's documented mixed-type expression is accepted with an info only", () => {
  const f = check(example('exoscale')).filter((x) => x.id.startsWith('config.cel'));
  assert.deepEqual(f.map((x) => [x.id, x.severity]), [['config.cel-mixed-types', 'info']]);
});

test('cel: an expression that does not compile is an error', () => {
  const c = example('exoscale');
  const a = oidcApp(c).authorization;
  if (!a) throw new Error('fixture');
  a.expression = "email.endsWith('@exoscale.com' ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";
  assert.deepEqual(only(check(c), 'config.cel-syntax').map((x) => x.severity), ['error']);
});

test('cel: returning a role name or true instead of a role UUID is a warning', () => {
  const c = example('exoscale');
  const a = oidcApp(c).authorization;
  if (!a) throw new Error('fixture');
  a.expression = "email.endsWith('@exoscale.com') ? 'admin' : true";
  const f = only(check(c), 'config.cel-result');
  assert.equal(f.length, 2);
  assert.ok(f.every((x) => x.severity === 'warning'));
});

test('cel: a claim outside openid/profile/email must be listed in the additional claims', () => {
  const c = example('exoscale');
  const a = oidcApp(c).authorization;
  if (!a) throw new Error('fixture');
  a.expression = "'ops' in department ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";
  assert.equal(only(check(c), 'config.cel-claim-not-requested').length, 1);
  a.additionalClaims = ['department'];
  assert.equal(only(check(c), 'config.cel-claim-not-requested').length, 0);
});

test('sha1-signing: RSA-SHA1 token signing and Keycloak RSA_SHA1 are warnings with a SHA-256 fix', () => {
  const base = only(check(example('spark-keycloak')), 'config.sha1-signing');
  assert.deepEqual(base.map((f) => f.path), ['/providers/0/apps/0/verificationCertificates/allowSha1']);
  const c = example('spark-keycloak');
  const s = samlApp(c).signing;
  const k = realm(c).identityProviders?.[0]?.saml;
  if (!s || !k) throw new Error('fixture');
  s.algorithm = 'rsa-sha1';
  k.signatureAlgorithm = 'RSA_SHA1';
  const f = only(check(c), 'config.sha1-signing');
  assert.equal(f.length, 3);
  assert.ok(f.some((x) => x.fix?.value === 'RSA_SHA256'));
  assert.deepEqual(only(check(example('iomete')), 'config.sha1-signing'), []);
});

test('encryption-without-certificate: encryption on without a certificate, and Keycloak wanting encryption Entra does not do', () => {
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.encryption-without-certificate'), []);
  const c = example('spark-keycloak');
  samlApp(c).encryption = { enabled: true };
  const f = only(check(c), 'config.encryption-without-certificate');
  assert.deepEqual(f.map((x) => x.path), ['/providers/0/apps/0/encryption', '/providers/1/identityProviders/0/saml/wantAssertionsEncrypted']);
});

test('certificate expiry: expired is an error, within 30 days a warning, at the config path; missing files are reported', () => {
  assert.deepEqual(check(example('iomete')).filter((f) => f.id.startsWith('cert.')), []);
  const expired = check(example('iomete'), new Date('2030-01-01T00:00:00Z'));
  assert.ok(only(expired, 'cert.expired').some((f) => f.path === '/providers/0/apps/0/signing/certificate'));
  assert.ok(only(expired, 'cert.expired').some((f) => f.path === '/providers/0/apps/0/metadataFile'));
  const soon = check(example('iomete'), new Date('2029-11-01T00:00:00Z'));
  assert.ok(only(soon, 'cert.expiring').length > 0);
  assert.ok(soon.every((f) => f.id !== 'cert.expired'));
  const c = example('iomete');
  samlApp(c).signing = { certificate: { file: 'certs/missing.cer' } };
  assert.deepEqual(only(check(c), 'config.file-not-found').map((f) => f.path), ['/providers/0/apps/0/signing/certificate/file']);
});

test('certificate expiry: a thumbprint-only certificate is checked by its notAfter', () => {
  const c = example('iomete');
  samlApp(c).signing = { certificate: { thumbprint: 'A'.repeat(40), notAfter: '2027-06-15T00:00:00Z' } };
  assert.equal(only(check(c), 'cert.expiring').length, 1);
});

test('duplicate-ids: two apps with one id and two teams with one name', () => {
  assert.deepEqual(only(check(example('spark-keycloak')), 'config.duplicate-id'), []);
  const c = example('palette');
  const apps = c.providers[0]?.apps;
  const first = apps?.[0];
  if (!apps || !first) throw new Error('fixture');
  apps.push(structuredClone(first));
  (first as OidcApp).teams?.push({ name: 'e3ac07cc-bd12-4edc-92a4-983d783153ba' });
  const f = only(check(c), 'config.duplicate-id');
  assert.ok(f.some((x) => x.path === '/providers/0/apps/1/id'));
  assert.ok(f.some((x) => x.path === '/providers/0/apps/0/teams/4/name'));
});

test('references: a team on a group that does not exist and a broker on an unknown upstream app', () => {
  assert.deepEqual(only(check(example('palette')), 'config.unknown-reference'), []);
  const c = example('spark-keycloak');
  const b = realm(c).identityProviders?.[0];
  if (!b) throw new Error('fixture');
  b.upstreamApp = 'nope';
  samlApp(c).teams?.push({ name: 'x', source: { keycloakGroup: 'ghosts' } });
  const f = only(check(c), 'config.unknown-reference');
  assert.deepEqual(f.map((x) => x.path).sort(), ['/providers/0/apps/0/teams/4/source/keycloakGroup', '/providers/1/identityProviders/0/upstreamApp']);
});
