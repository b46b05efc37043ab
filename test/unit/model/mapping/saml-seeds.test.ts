import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { SsoConfig } from '../../../../src/model/config-types';
import { analyzeMapping, type MappingResult } from '../../../../src/model/mapping';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../../builders/samlify-minter';
import { example } from '../helpers';

/**
 * The three SAML seeds (Spark via Keycloak, IOMETE, Asset Panda): responses minted by samlify with
 * Entra's claim URIs, for a persona that maps and for each way the mapping can fail.
 */
const NS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
const GROUPS_LINK = 'http://schemas.microsoft.com/claims/groups.link';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const SPARK_ADMIN_GROUP = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';

let keys: SamlKeys;

async function mapSaml(config: SsoConfig, appId: string, attributes: Array<[string, string[]]>, nameId = { value: 'spark.test@sparkcustomer.com', format: EMAIL_FORMAT }): Promise<MappingResult> {
  const app = config.providers.flatMap((p) => p.apps ?? []).find((a) => a.id === appId);
  assert.ok(app && app.protocol === 'saml');
  const tenant = config.providers.find((p) => p.type === 'entra');
  assert.ok(tenant && tenant.type === 'entra');
  const b64 = await mintSamlResponse({ keys, issuer: `https://sts.windows.net/${tenant.tenantId}/`, audience: app.identifiers[0] ?? '', acs: app.replyUrls[0] ?? '', nameId: nameId.value, nameIdFormat: nameId.format, attributes });
  const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions({ trust: { keys: [keyFromCertificate(new X509Certificate(keys.cert), 'idp.crt')] } }));
  assert.ok(r.ok);
  assert.equal(r.value.signature.status, 'valid', 'the minted response verifies: the claims are what a real IdP signed');
  const m = analyzeMapping(r.value, config, appId);
  assert.ok(m.ok, m.ok ? '' : m.message);
  return m.value;
}

const found = (m: MappingResult) => m.findings.map((f) => `${f.id} ${f.path ?? ''}`).sort();
const step = (m: MappingResult, rule: string) => m.trace.find((t) => t.rule.startsWith(rule));

const sparkUser = (extra: Array<[string, string[]]>): Array<[string, string[]]> => [
  [`${NS}/givenname`, ['Spark']],
  [`${NS}/surname`, ['Tester']],
  [`${NS}/emailaddress`, ['spark.test@sparkcustomer.com']],
  [`${NS}/name`, ['spark.test@sparkcustomer.onmicrosoft.com']],
  ...extra,
];

describe('mapping analysis: Coherent Spark via Keycloak (SAML, two hops)', () => {
  before(async () => {
    keys = await makeSamlKeys();
  });

  it('an admin with the tenant-admin app role and group lands in Spark group tenant-admin, attributes imported by Keycloak', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[ROLE, ['tenant-admin']], [GROUPS, [SPARK_ADMIN_GROUP]]]));
    assert.deepEqual(m.teams, ['tenant-admin']);
    assert.deepEqual(m.groups, ['tenant-admin']);
    assert.deepEqual(found(m), []);
    assert.deepEqual(m.hops.map((h) => h.id), ['keycloak-mytenant/entra-id', 'spark-keycloak']);
    const first = m.attributes.find((a) => a.name === 'firstName');
    assert.equal(first?.value, 'Spark');
    assert.equal(first?.source, `${NS}/givenname`);
    assert.equal(first?.path, '/providers/1/identityProviders/0/mappers/0');
    assert.equal(step(m, 'supervisor:pf')?.whyNot, 'value-absent');
  });

  it('an analyst assigned user:teamA lands in user:teamA only', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[ROLE, ['user:teamA']]]));
    assert.deepEqual(m.teams, ['user:teamA']);
    assert.deepEqual(found(m), []);
  });

  it('a user assigned no app role and in no group: role-missing on every role mapper, and no team', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([]));
    assert.deepEqual(m.teams, []);
    assert.deepEqual(found(m), [
      'mapping.no-team /providers/0/apps/0/teams',
      'mapping.role-missing /providers/1/identityProviders/0/mappers/3/claims/0/value',
      'mapping.role-missing /providers/1/identityProviders/0/mappers/4/claims/0/value',
      'mapping.role-missing /providers/1/identityProviders/0/mappers/5/claims/0/value',
      'mapping.role-missing /providers/1/identityProviders/0/mappers/6/claims/0/value',
    ]);
    assert.equal(step(m, 'tenant-admin (advanced')?.whyNot, 'claim-absent');
  });

  it('a role that differs only in case does not match: the trace says so', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[ROLE, ['Tenant-Admin']]]));
    assert.deepEqual(m.teams, []);
    assert.equal(step(m, 'tenant-admin (advanced')?.whyNot, 'case-or-whitespace');
    assert.ok(found(m).includes('mapping.role-missing /providers/1/identityProviders/0/mappers/3/claims/0/value'));
    assert.ok(found(m).includes('mapping.unmatched-group /providers/1/identityProviders/0/mappers'));
  });

  it('groups overage (groups.link instead of groups): overage-unresolved names the Entra-side remedy', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[ROLE, []], [GROUPS_LINK, ['https://graph.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/users/x/getMemberObjects']]]));
    assert.deepEqual(m.teams, []);
    const overage = m.findings.find((f) => f.id === 'mapping.overage-unresolved');
    assert.equal(overage?.path, '/providers/0/apps/0/groupsClaim');
    assert.match(overage?.message ?? '', /Keycloak cannot follow the overage link/);
    assert.match(overage?.message ?? '', /app roles/);
    assert.equal(step(m, 'tenant-admin (group)')?.whyNot, 'overage');
  });

  it('group names sent where the mapper expects the object ID: group-id-vs-name on the mapper value', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[GROUPS, ['tenant-admin']]]));
    assert.deepEqual(m.teams, []);
    assert.ok(found(m).includes('mapping.group-id-vs-name /providers/1/identityProviders/0/mappers/7/claims/0/value'));
    assert.equal(step(m, 'tenant-admin (group)')?.whyNot, 'name-vs-guid');
  });

  it('a mapper on …/claims/firstname while Entra sends …/givenname: claim-missing, present under another URI', async () => {
    const config = example('spark-keycloak');
    const kc = config.providers[1];
    assert.ok(kc?.type === 'keycloak');
    const mapper = kc.identityProviders?.[0]?.mappers?.[0];
    assert.ok(mapper);
    mapper.attributeName = `${NS}/firstname`;
    const m = await mapSaml(config, 'spark-keycloak', sparkUser([[ROLE, ['tenant-admin']]]));
    assert.deepEqual(m.teams, ['tenant-admin']);
    assert.deepEqual(found(m), ['mapping.claim-missing /providers/1/identityProviders/0/mappers/0/attributeName']);
    assert.equal(step(m, 'firstName')?.whyNot, 'other-name');
    assert.match(step(m, 'firstName')?.why ?? '', /givenname/);
  });

  it('regex claim values match the whole value, as Keycloak does', async () => {
    const config = example('spark-keycloak');
    const kc = config.providers[1];
    assert.ok(kc?.type === 'keycloak');
    const mapper = kc.identityProviders?.[0]?.mappers?.[5];
    assert.ok(mapper?.claims?.[0]);
    mapper.regex = true;
    mapper.claims[0].value = 'user:team.*';
    const m = await mapSaml(config, 'spark-keycloak', sparkUser([[ROLE, ['user:teamB']]]));
    assert.deepEqual(m.teams.sort(), ['user:teamA', 'user:teamB']);
  });

  it('a persistent NameID where Keycloak asks for emailAddress: nameid-format-mismatch on the broker setting', async () => {
    const m = await mapSaml(example('spark-keycloak'), 'spark-keycloak', sparkUser([[ROLE, ['tenant-admin']]]), { value: 'Xk1a2b3c4d', format: PERSISTENT });
    assert.deepEqual(found(m), ['mapping.nameid-format-mismatch /providers/1/identityProviders/0/saml/nameIdPolicyFormat']);
    assert.equal(m.findings[0]?.severity, 'warning');
  });
});

describe('mapping analysis: IOMETE and Asset Panda (SAML, direct)', () => {
  before(async () => {
    keys ??= await makeSamlKeys();
  });

  it('IOMETE: NameID user.mail as emailAddress maps cleanly', async () => {
    const m = await mapSaml(example('iomete'), 'iomete', [[`${NS}/emailaddress`, ['analyst@dataco.com']]], { value: 'analyst@dataco.com', format: EMAIL_FORMAT });
    assert.deepEqual(found(m), []);
    assert.equal(m.attributes.find((a) => a.name === 'NameID')?.value, 'analyst@dataco.com');
  });

  it('IOMETE: a persistent NameID is a nameid-format-mismatch on the app', async () => {
    const m = await mapSaml(example('iomete'), 'iomete', [], { value: 'Xk1a2b3c4d', format: PERSISTENT });
    assert.deepEqual(found(m), ['mapping.nameid-format-mismatch /providers/0/apps/0/nameId/format']);
  });

  it('Asset Panda: the email comes from the emailaddress attribute', async () => {
    const m = await mapSaml(example('assetpanda'), 'assetpanda', [[`${NS}/emailaddress`, ['pat@assets-corp.com']]], { value: 'pat@assets-corp.com', format: EMAIL_FORMAT });
    assert.deepEqual(found(m), []);
    const email = m.attributes.find((a) => a.name === 'email');
    assert.deepEqual([email?.value, email?.source], ['pat@assets-corp.com', `${NS}/emailaddress`]);
  });

  it('Asset Panda: no emailaddress attribute is claim-missing', async () => {
    const m = await mapSaml(example('assetpanda'), 'assetpanda', [[`${NS}/givenname`, ['Pat']]], { value: 'pat@assets-corp.com', format: EMAIL_FORMAT });
    assert.deepEqual(found(m), ['mapping.claim-missing /providers/0/apps/0/claimMapping/email']);
    assert.equal(step(m, 'email')?.whyNot, 'claim-absent');
  });

  it('Asset Panda: the address under …/claims/email instead of …/emailaddress is claim-missing, present under another URI', async () => {
    const m = await mapSaml(example('assetpanda'), 'assetpanda', [[`${NS}/email`, ['pat@assets-corp.com']]], { value: 'pat@assets-corp.com', format: EMAIL_FORMAT });
    assert.deepEqual(found(m), ['mapping.claim-missing /providers/0/apps/0/claimMapping/email']);
    assert.equal(step(m, 'email')?.whyNot, 'other-name');
  });
});
