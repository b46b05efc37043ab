import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { KeycloakMapper, KeycloakSyncMode, SsoConfig } from '../../../../src/model/config-types';
import { analyzeMapping, type MappingResult } from '../../../../src/model/mapping';
import type { MappingOptions } from '../../../../src/model/mapping/analyze-claims';
import { valueMatches } from '../../../../src/model/mapping/analyze-claims';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../../builders/samlify-minter';
import { example } from '../helpers';

/**
 * The Keycloak broker mappers of the Spark seed one by one (hardcoded attribute/group/role, claim
 * to role, advanced claim to role, sync modes), and Entra's "Emit groups as role claims", against
 * SAML responses minted by samlify with Entra's claim URIs.
 */
const NS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
const SPARK_ADMIN_GROUP = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
const MAPPERS = '/providers/1/identityProviders/0/mappers';

let keys: SamlKeys;

async function mapSpark(config: SsoConfig, attributes: Array<[string, string[]]>, options: MappingOptions = {}): Promise<MappingResult> {
  const app = config.providers[0]?.apps?.[0];
  assert.ok(app && app.protocol === 'saml');
  const b64 = await mintSamlResponse({
    keys,
    issuer: 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/',
    audience: app.identifiers[0] ?? '',
    acs: app.replyUrls[0] ?? '',
    nameId: 'spark.test@sparkcustomer.com',
    attributes: [[`${NS}/givenname`, ['Spark']], [`${NS}/surname`, ['Tester']], [`${NS}/emailaddress`, ['spark.test@sparkcustomer.com']], ...attributes],
  });
  const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions({ trust: { keys: [keyFromCertificate(new X509Certificate(keys.cert), 'idp.crt')] } }));
  assert.ok(r.ok);
  assert.equal(r.value.signature.status, 'valid');
  const m = analyzeMapping(r.value, config, 'spark-keycloak', options);
  assert.ok(m.ok, m.ok ? '' : m.message);
  return m.value;
}

/** A fresh Spark config with `extra` mappers appended (at indexes 8, 9, …) and `edit` applied. */
function spark(extra: KeycloakMapper[] = [], edit?: (mappers: KeycloakMapper[], config: SsoConfig) => void): SsoConfig {
  const config = example('spark-keycloak');
  const kc = config.providers[1];
  assert.ok(kc?.type === 'keycloak');
  const mappers = kc.identityProviders?.[0]?.mappers;
  assert.ok(mappers && mappers.length === 8, 'the example still has its eight mappers');
  mappers.push(...extra);
  edit?.(mappers, config);
  return config;
}

const found = (m: MappingResult) => m.findings.map((f) => `${f.id} ${f.path ?? ''}`).sort();
const step = (m: MappingResult, rule: string) => {
  const s = m.trace.find((t) => t.rule === rule);
  assert.ok(s, `trace has "${rule}" (has: ${m.trace.map((t) => t.rule).join(' | ')})`);
  return s;
};

describe('Keycloak broker mappers (Spark seed, SAML minted by samlify)', () => {
  before(async () => {
    keys = await makeSamlKeys();
  });

  it('hardcoded attribute, group and role mappers always fire, and the hardcoded group feeds a Spark team', async () => {
    const config = spark([
      { name: 'department', type: 'hardcoded-attribute', syncMode: 'FORCE', userAttribute: 'department', value: 'Pricing' },
      { name: 'everyone in teamB', type: 'hardcoded-group', syncMode: 'FORCE', group: '/user:teamB' },
      { name: 'spark user', type: 'hardcoded-role', syncMode: 'FORCE', role: 'spark-user' },
    ]);
    const m = await mapSpark(config, [[ROLE, ['user:teamA']]]);
    assert.deepEqual([...m.teams].sort(), ['user:teamA', 'user:teamB']);
    assert.deepEqual([...m.groups].sort(), ['user:teamA', 'user:teamB']);
    assert.deepEqual(m.roles, ['spark-user', 'user:teamA']);
    const dept = m.attributes.find((a) => a.name === 'department');
    assert.deepEqual(dept && { value: dept.value, source: dept.source, path: dept.path }, { value: 'Pricing', source: '(hardcoded)', path: `${MAPPERS}/8` });
    assert.deepEqual(
      ['department (hardcoded attribute)', 'everyone in teamB (hardcoded group)', 'spark user (hardcoded role)'].map((r) => [step(m, r).fired, step(m, r).result, step(m, r).path]),
      [
        [true, 'department = "Pricing"', `${MAPPERS}/8`],
        [true, 'joined group /user:teamB', `${MAPPERS}/9`],
        [true, 'granted role spark-user', `${MAPPERS}/10`],
      ],
    );
    assert.equal(step(m, 'team user:teamB ← Keycloak group user:teamB').fired, true);
    assert.equal(m.memberships.find((x) => x.name === 'spark-user')?.via, 'hardcoded');
    assert.deepEqual(found(m), []);
  });

  it('claim to role: granted for the assigned app role, and the trace says which value was sent otherwise', async () => {
    const mapper: KeycloakMapper = { name: 'admins', type: 'claim-to-role', syncMode: 'FORCE', attributeName: ROLE, claimValue: 'tenant-admin', role: 'realm-admin' };
    const admin = await mapSpark(spark([mapper]), [[ROLE, ['tenant-admin']]]);
    assert.deepEqual(admin.roles, ['realm-admin', 'tenant-admin']);
    assert.deepEqual([step(admin, 'admins (claim to role)').fired, step(admin, 'admins (claim to role)').result], [true, 'granted role realm-admin']);
    assert.equal(admin.memberships.find((x) => x.name === 'realm-admin')?.via, `${ROLE} contains "tenant-admin"`);
    assert.deepEqual(found(admin), []);

    const analyst = await mapSpark(spark([mapper]), [[ROLE, ['user:teamA']]]);
    assert.deepEqual(analyst.roles, ['user:teamA']);
    const s = step(analyst, 'admins (claim to role)');
    assert.deepEqual([s.fired, s.whyNot, s.path], [false, 'value-absent', `${MAPPERS}/8`]);
    assert.match(s.why ?? '', /"tenant-admin" is not among the values sent \("user:teamA"\)/);
    assert.deepEqual(found(analyst), [], 'the analyst lands in user:teamA: not being an admin is no finding');
  });

  it('advanced claim to role needs every key/value pair: the missing groups attribute is named', async () => {
    const mapper: KeycloakMapper = { name: 'superuser', type: 'advanced-claim-to-role', syncMode: 'FORCE', claims: [{ key: ROLE, value: 'tenant-admin' }, { key: GROUPS, value: SPARK_ADMIN_GROUP }], role: 'spark-superuser' };
    const both = await mapSpark(spark([mapper]), [[ROLE, ['tenant-admin']], [GROUPS, [SPARK_ADMIN_GROUP]]]);
    assert.ok(both.roles.includes('spark-superuser'));
    assert.equal(both.memberships.find((x) => x.name === 'spark-superuser')?.via, `${ROLE} contains "tenant-admin" and ${GROUPS} contains "${SPARK_ADMIN_GROUP}"`);
    assert.equal(step(both, 'superuser (advanced claim to role)').fired, true);

    const roleOnly = await mapSpark(spark([mapper]), [[ROLE, ['tenant-admin']]]);
    assert.ok(!roleOnly.roles.includes('spark-superuser'));
    assert.deepEqual(roleOnly.teams, ['tenant-admin'], 'the plain role mapper still fires');
    const s = step(roleOnly, 'superuser (advanced claim to role)');
    assert.deepEqual([s.fired, s.whyNot], [false, 'claim-absent']);
    assert.match(s.why ?? '', /groups" is not in the assertion/);
    assert.deepEqual(found(roleOnly), []);
  });

  describe('sync mode', () => {
    const withSync = (mode: KeycloakSyncMode, brokerMode?: 'IMPORT' | 'LEGACY' | 'FORCE') =>
      spark([], (mappers, config) => {
        const tenantAdmin = mappers[3];
        assert.ok(tenantAdmin?.name === 'tenant-admin');
        tenantAdmin.syncMode = mode;
        const kc = config.providers[1];
        const broker = kc?.type === 'keycloak' ? kc.identityProviders?.[0] : undefined;
        if (broker && brokerMode) broker.syncMode = brokerMode;
      });
    const ADMIN: Array<[string, string[]]> = [[ROLE, ['tenant-admin']]];
    const RULE = 'tenant-admin (advanced claim to group)';

    it('IMPORT on the first login: the mapper runs, with a note that later logins keep the old value', async () => {
      const m = await mapSpark(withSync('IMPORT'), ADMIN);
      assert.deepEqual(m.teams, ['tenant-admin']);
      assert.equal(step(m, RULE).fired, true);
      assert.match(step(m, RULE).note ?? '', /sync mode IMPORT: applied only when Keycloak first creates the user/);
    });

    it('IMPORT on a later login: the mapper does not run, so the newly assigned admin role grants nothing', async () => {
      const m = await mapSpark(withSync('IMPORT'), ADMIN, { firstBrokerLogin: false });
      assert.deepEqual(m.teams, []);
      assert.deepEqual(m.groups, []);
      const s = step(m, RULE);
      assert.deepEqual([s.fired, s.whyNot, s.path], [false, 'not-applicable', `${MAPPERS}/3`]);
      assert.match(s.why ?? '', /sync mode IMPORT and this is not the first login/);
      assert.ok(found(m).includes('mapping.no-team /providers/0/apps/0/teams'));
    });

    it('FORCE on a later login: the mapper runs on every login', async () => {
      const m = await mapSpark(withSync('FORCE'), ADMIN, { firstBrokerLogin: false });
      assert.deepEqual(m.teams, ['tenant-admin']);
      assert.equal(step(m, RULE).note, undefined);
      assert.deepEqual(found(m), []);
    });

    it('LEGACY (inherited from the identity provider default) on a later login: Keycloak does not add the group', async () => {
      const m = await mapSpark(withSync('INHERIT'), ADMIN, { firstBrokerLogin: false });
      assert.deepEqual(m.groups, []);
      assert.deepEqual(m.teams, []);
      const s = step(m, RULE);
      assert.deepEqual([s.fired, s.whyNot], [false, 'not-applicable']);
      assert.match(s.why ?? '', /sync mode LEGACY .* does not add this membership on later logins/);
    });

    it('LEGACY on the first login: the mapper imports as usual', async () => {
      const m = await mapSpark(withSync('LEGACY'), ADMIN);
      assert.deepEqual(m.teams, ['tenant-admin']);
      assert.equal(step(m, RULE).fired, true);
    });

    it('INHERIT takes the identity provider sync mode: FORCE there runs the mapper on a later login', async () => {
      const m = await mapSpark(withSync('INHERIT', 'FORCE'), ADMIN, { firstBrokerLogin: false });
      assert.deepEqual(m.teams, ['tenant-admin']);
    });

    it('LEGACY on a later login leaves attribute importers alone (they still read the assertion)', async () => {
      const config = spark([], (mappers) => {
        for (const x of mappers) x.syncMode = 'LEGACY';
      });
      const m = await mapSpark(config, ADMIN, { firstBrokerLogin: false });
      assert.equal(m.attributes.find((a) => a.name === 'firstName')?.value, 'Spark');
      assert.deepEqual(m.teams, []);
    });
  });

  describe('Entra "Emit groups as role claims" (emitAsRoles)', () => {
    const emitting = (edit?: (mappers: KeycloakMapper[]) => void) =>
      spark([], (mappers, config) => {
        const app = config.providers[0]?.apps?.[0];
        assert.ok(app?.groupsClaim);
        app.groupsClaim.saml = { ...app.groupsClaim.saml, emitAsRoles: true };
        edit?.(mappers);
      });
    // With emitAsRoles Entra puts the group object IDs in the role claim and drops the app roles.
    const EMITTED: Array<[string, string[]]> = [[ROLE, [SPARK_ADMIN_GROUP]]];

    it('the group mapper on …/groups finds nothing, and the role mappers get GUIDs: both are said', async () => {
      const m = await mapSpark(emitting(), EMITTED);
      assert.deepEqual(m.teams, []);
      assert.deepEqual(m.groups, []);
      assert.equal(step(m, 'tenant-admin (group) (advanced claim to group)').whyNot, 'claim-absent');
      assert.equal(step(m, 'tenant-admin (advanced claim to group)').whyNot, 'guid-vs-name');
      assert.match(step(m, 'tenant-admin (advanced claim to group)').why ?? '', /is group tenant-admin, which the user is in/);
      const missing = m.findings.find((f) => f.id === 'mapping.claim-missing');
      assert.equal(missing?.path, `${MAPPERS}/7/claims/0/key`);
      assert.match(missing?.message ?? '', /emits groups as role claims.*arrive in http:\/\/schemas\.microsoft\.com\/ws\/2008\/06\/identity\/claims\/role/);
      assert.ok(found(m).includes(`mapping.group-id-vs-name ${MAPPERS}/3/claims/0/value`));
      assert.ok(found(m).includes('mapping.no-team /providers/0/apps/0/teams'));
    });

    it('a group mapper that reads the role claim lands the admin in tenant-admin', async () => {
      const m = await mapSpark(
        emitting((mappers) => {
          const byGroup = mappers[7]?.claims?.[0];
          assert.ok(byGroup);
          byGroup.key = ROLE;
        }),
        EMITTED,
      );
      assert.deepEqual(m.teams, ['tenant-admin']);
      assert.equal(step(m, 'tenant-admin (group) (advanced claim to group)').fired, true);
      assert.ok(!found(m).some((f) => f.startsWith('mapping.claim-missing') || f.startsWith('mapping.no-team')));
    });
  });

  it('a backtracking regex against a very long attribute value returns at once (input capped at 4096 chars)', async () => {
    const config = spark([], (mappers) => {
      const teamA = mappers[5];
      assert.ok(teamA?.claims?.[0]);
      teamA.regex = true;
      teamA.claims[0].value = '(a+)+b';
    });
    const started = performance.now();
    const m = await mapSpark(config, [[ROLE, ['a'.repeat(50_000)]]]);
    assert.ok(performance.now() - started < 5_000);
    assert.deepEqual(m.teams, []);
    assert.equal(step(m, 'user:teamA (advanced claim to group)').whyNot, 'value-absent');
    const t0 = performance.now();
    assert.equal(valueMatches('a'.repeat(5_000), '(a+)+b', true, false), false);
    assert.ok(performance.now() - t0 < 50, 'valueMatches does not run the pattern on the long value');
    assert.equal(valueMatches('user:teamZ', 'user:team.*', true, false), true, 'a short value is still matched');
  });
});
