import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeycloakProvider, OidcApp, SsoConfig } from '../../../../src/model/config-types';
import { check, EXAMPLE_FILES, example, only } from '../helpers';

/**
 * config.mutable-claim-authorization: membership decided from a claim users or administrators can
 * set (email, upn, preferred_username, name, unique_name, their SAML URIs), each on an example
 * config changed the way a user would get it wrong; the same claims filling a profile field stay silent.
 */
const ID = 'config.mutable-claim-authorization';
const oidcApp = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;
const NS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

describe('rule mutable-claim-authorization', () => {
  it("Exoscale's documented expression grants the IAM role from email without xms_edov: a warning on the expression naming the safer claims", () => {
    const f = only(check(example('exoscale')), ID);
    assert.equal(f.length, 1);
    assert.equal(f[0]?.severity, 'warning');
    assert.equal(f[0]?.path, '/providers/0/apps/0/authorization/expression');
    assert.match(f[0]?.message ?? '', /"email" without checking `xms_edov`/);
    assert.match(f[0]?.message ?? '', /`oid` \(or `sub`\) together with `tid`/);
  });

  it('an expression that also requires xms_edov (or decides on tid and oid) is silent', () => {
    const c = example('exoscale');
    const auth = oidcApp(c).authorization;
    assert.ok(auth);
    auth.expression = "xms_edov == true && email.endsWith('@exoscale.com') ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";
    assert.deepEqual(only(check(c), ID), []);
    auth.expression = "tid == '2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f' && oid in ['0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84'] ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";
    assert.deepEqual(only(check(c), ID), []);
  });

  it('preferred_username in the expression warns even next to email_verified: a login name has no verified flag', () => {
    const c = example('exoscale');
    const auth = oidcApp(c).authorization;
    assert.ok(auth);
    auth.expression = "email_verified && preferred_username.endsWith('@exoscale.com') ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => x.message.match(/from "([^"]+)"/)?.[1]), ['preferred_username']);
  });

  it('Palette with teams taken from the email claim warns on claimMapping/team; email as the profile field stays silent', () => {
    const c = example('palette');
    const app = oidcApp(c);
    assert.equal(app.claimMapping?.email, 'email');
    assert.deepEqual(only(check(c), ID), [], 'claimMapping.email only fills the profile');
    app.claimMapping = { ...app.claimMapping, team: 'email' };
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => x.path), ['/providers/0/apps/0/claimMapping/team']);
  });

  it('a team fed from preferred_username warns at the source claim name', () => {
    const c = example('palette');
    const team = oidcApp(c).teams?.[1];
    assert.ok(team);
    team.source = { claim: { name: 'preferred_username', value: 'defaultprojectadmin@SpectroCloud500.onmicrosoft.com' } };
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => x.path), ['/providers/0/apps/0/teams/1/source/claim/name']);
  });

  it("Spark: a Keycloak group mapper keyed on Entra's emailaddress URI warns at the key, naming the object ID and tenant ID attributes; the email importer stays silent", () => {
    const c = example('spark-keycloak');
    const mapper = realm(c).identityProviders?.[0]?.mappers?.[3];
    assert.ok(mapper?.claims?.[0]);
    mapper.claims[0] = { key: `${NS}/emailaddress`, value: 'spark.test@sparkcustomer.com' };
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => x.path), ['/providers/1/identityProviders/0/mappers/3/claims/0/key']);
    assert.match(f[0]?.message ?? '', /grants group tenant-admin/);
    assert.match(f[0]?.message ?? '', /objectidentifier/);
  });

  it("…/claims/name (Entra's UPN attribute) is a login name", () => {
    const c = example('spark-keycloak');
    const mapper = realm(c).identityProviders?.[0]?.mappers?.[4];
    assert.ok(mapper?.claims?.[0]);
    mapper.claims[0] = { key: `${NS}/name`, value: 'boss@sparkcustomer.onmicrosoft.com' };
    assert.match(only(check(c), ID)[0]?.message ?? '', /login name/);
  });

  it('no other example decides membership from a mutable claim', () => {
    for (const file of EXAMPLE_FILES.filter((f) => !f.startsWith('exoscale'))) assert.deepEqual(only(check(example(file.replace('.sso.json', ''))), ID), [], file);
  });
});
