/**
 * Issue 14: a Keycloak realm export or an Entra application manifest kept in a repository is checked
 * as it is, findings at its own lines and JSON pointers. Fixtures: the realm export and Graph manifest
 * the import tests use (test/fixtures/config, see PROVENANCE.md there), mutated the way users get
 * them wrong; the Azure AD Graph manifest is the same app written in that format's field names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inPlaceKind, validateInPlaceText } from '../../../src/model/in-place/validate-in-place';
import { offsetToLineColumn } from '../../../src/model/text-position';
import { FIXTURES, NOW } from './helpers';

const realmText = readFileSync(join(FIXTURES, 'keycloak-realm-export.json'), 'utf8');
const manifestText = readFileSync(join(FIXTURES, 'entra-app-manifest.graph.json'), 'utf8');

/** The text with `from` replaced once (it must be there: a fixture change must fail the test, not pass it). */
function mutate(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the fixture contains ${from}`);
  return text.replace(from, to);
}

/** 1-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the text`);
  return offsetToLineColumn(text, at).line;
}

function check(text: string) {
  const v = validateInPlaceText(text, { now: NOW });
  assert.ok(v, 'recognised in place');
  return {
    kind: v.kind,
    findings: v.findings.map((f) => ({ id: f.id, severity: f.severity, model: f.path, source: v.sourcePointer(f.path), line: offsetToLineColumn(text, f.range?.offset ?? 0).line })),
  };
}

function one(text: string, id: string) {
  const hits = check(text).findings.filter((f) => f.id === id);
  assert.equal(hits.length, 1, `one ${id}: ${JSON.stringify(check(text).findings)}`);
  return hits[0] as NonNullable<(typeof hits)[0]>;
}

test('recognised by content: realm export, Graph manifest, Azure AD Graph manifest; not a config or package.json', () => {
  assert.equal(inPlaceKind(JSON.parse(realmText)), 'keycloak-realm');
  assert.equal(inPlaceKind(JSON.parse(manifestText)), 'entra-manifest');
  assert.equal(inPlaceKind({ appId: 'x', name: 'app', replyUrlsWithType: [], oauth2Permissions: [] }), 'entra-manifest-aad-graph');
  assert.equal(inPlaceKind({ version: 1, providers: [] }), undefined);
  assert.equal(inPlaceKind({ name: 'web', version: '1.0.0', dependencies: {} }), undefined);
  assert.equal(validateInPlaceText('{"version": 1, "providers": []}'), undefined);
  assert.equal(validateInPlaceText('not json at all'), undefined);
  assert.equal(validateInPlaceText('['.repeat(100_000)), undefined, 'hostile nesting is refused, not a crash');
});

test('the realm export as it is: no errors in place', () => {
  const r = check(realmText);
  assert.equal(r.kind, 'keycloak-realm');
  assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), []);
});

test('realm: SHA-1 AuthnRequest signing is found on the IdP\'s signatureAlgorithm line', () => {
  const text = mutate(realmText, '"signatureAlgorithm": "RSA_SHA256"', '"signatureAlgorithm": "RSA_SHA1"');
  const f = one(text, 'config.sha1-signing');
  assert.equal(f.source, '/identityProviders/0/config/signatureAlgorithm');
  assert.equal(f.line, lineOf(text, '"signatureAlgorithm": "RSA_SHA1"'));
});

test('realm: a user in a group path that does not exist is an error on the user\'s groups entry', () => {
  const text = mutate(realmText, '"groups": ["/tenant-admin"]', '"groups": ["/tenant-admins"]');
  const f = one(text, 'config.unknown-reference');
  assert.equal(f.severity, 'error');
  assert.equal(f.source, '/users/0/groups/0');
  assert.equal(f.line, lineOf(text, '"/tenant-admins"'));
});

test('realm: an advanced-claim-to-group mapper deciding on email is found on that mapper\'s claims', () => {
  const text = mutate(realmText, '[{\\"key\\":\\"groups\\",\\"value\\":\\"8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a\\"}]', '[{\\"key\\":\\"email\\",\\"value\\":\\"admin@sparkcustomer.com\\"}]');
  const f = one(text, 'config.mutable-claim-authorization');
  assert.equal(f.source, '/identityProviderMappers/6/config/claims');
  assert.equal(f.line, lineOf(text, '"name": "admins by group"'));
});

test('realm: a syntax slip is reported where it is, and the rules still run on what parses', () => {
  const broken = mutate(mutate(realmText, '"signatureAlgorithm": "RSA_SHA256"', '"signatureAlgorithm": "RSA_SHA1"'), '"sslRequired": "external",', '"sslRequired": "external"');
  const r = check(broken);
  const parse = r.findings.find((f) => f.id === 'config.parse-error');
  assert.ok(parse, JSON.stringify(r.findings));
  assert.equal(parse.line, lineOf(broken, '"groups": [') , 'the missing comma is reported at the next property');
  assert.ok(r.findings.some((f) => f.id === 'config.sha1-signing'));
});

test('Graph manifest: a plain-http redirect URI is an error on its own array entry', () => {
  const text = mutate(manifestText, '"http://localhost:8000"', '"http://palette.example.com/callback"');
  const f = one(text, 'config.insecure-redirect-uri');
  assert.equal(f.source, '/web/redirectUris/1');
  assert.equal(f.line, lineOf(text, '"http://palette.example.com/callback"'));
});

test('Graph manifest: groupMembershipClaims "All" warns of overage on that line', () => {
  const f = one(manifestText.replace('"groupMembershipClaims": "SecurityGroup"', '"groupMembershipClaims": "All"'), 'config.groups-overage-risk');
  assert.equal(f.source, '/groupMembershipClaims');
  assert.equal(f.line, lineOf(manifestText, '"groupMembershipClaims"'));
});

/** The fixture app in the retired Azure AD Graph manifest format (field names per reference-app-manifest). */
function aadGraphManifest(extraReplyUrl: string): string {
  const m = JSON.parse(manifestText) as Record<string, unknown> & { web: { redirectUris: string[]; logoutUrl: string } };
  const legacy = {
    id: m.id,
    appId: m.appId,
    name: m.displayName,
    accessTokenAcceptedVersion: null,
    appRoles: m.appRoles,
    groupMembershipClaims: m.groupMembershipClaims,
    identifierUris: [],
    keyCredentials: [],
    logoutUrl: m.web.logoutUrl,
    oauth2Permissions: [],
    optionalClaims: m.optionalClaims,
    publisherDomain: m.publisherDomain,
    replyUrlsWithType: [...m.web.redirectUris.map((url) => ({ url, type: 'Web' })), { url: extraReplyUrl, type: 'Spa' }],
    requiredResourceAccess: m.requiredResourceAccess,
    signInAudience: m.signInAudience,
  };
  return JSON.stringify(legacy, null, 2);
}

test('Azure AD Graph manifest: replyUrlsWithType are read, an http one is found on its url', () => {
  const text = aadGraphManifest('http://spa.example.com');
  const r = check(text);
  assert.equal(r.kind, 'entra-manifest-aad-graph');
  const f = one(text, 'config.insecure-redirect-uri');
  assert.equal(f.source, '/replyUrlsWithType/3/url');
  assert.equal(f.line, lineOf(text, '"http://spa.example.com"'));
  assert.deepEqual(check(aadGraphManifest('https://spa.example.com')).findings.filter((x) => x.severity === 'error'), []);
});

test('hostile shapes in a recognised file: findings or nothing, never a throw', () => {
  const shapes: unknown[] = [
    { realm: 'r', identityProviders: 'x', users: [1, null, { username: 7 }], groups: [{ name: 'g', subGroups: 'no' }] },
    { realm: 'r', identityProviders: [{ alias: 'a', providerId: 'saml', config: 'x' }], identityProviderMappers: [{ identityProviderAlias: 'a', identityProviderMapper: 'saml-advanced-group-idp-mapper', config: { attributes: '{not json' } }] },
    { realm: 'r', clients: [], components: { 'org.keycloak.keys.KeyProvider': [{ providerId: 'rsa', config: { certificate: 'not-a-list' } }] } },
    { appId: 'a', signInAudience: 'AzureADMyOrg', web: { redirectUris: [1, 'http://x', null] }, appRoles: [null, { value: 3 }], optionalClaims: { idToken: 'x' } },
    { appId: 'a', name: 'n', replyUrlsWithType: [null, { url: 5 }, { url: 'http://y', type: 'Unknown' }, { url: 'https://z', type: 'constructor' }], keyCredentials: [{ value: 'zz', type: 'AsymmetricX509Cert' }], oauth2Permissions: [] },
    JSON.parse('{"realm":"r","groups":[],"__proto__":{"polluted":true}}'),
  ];
  for (const shape of shapes) {
    const v = validateInPlaceText(JSON.stringify(shape), { now: NOW });
    assert.ok(v, JSON.stringify(shape));
    for (const f of v.findings) assert.ok(f.range, `${f.id} is located`);
  }
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});
