/** JWKS and discovery documents as inputs of `sso-lens inspect`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { corpusOptions, findingIds, inspectToReport } from '../../../builders/fixtures';

const ENTRA_COMMON = {
  token_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
  jwks_uri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
  subject_types_supported: ['pairwise'],
  id_token_signing_alg_values_supported: ['RS256'],
  issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  authorization_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
};

describe('discovery documents', () => {
  test('Entra\'s multi-tenant document is an oidc-discovery report flagged as a {tenantid} template, with no findings', async () => {
    const report = await inspectToReport(JSON.stringify(ENTRA_COMMON));
    assert.equal(report.kind, 'oidc-discovery');
    assert.equal(report.signature.status, 'unsigned');
    assert.deepEqual(report.findings, []);
    assert.equal((report.data as { entraTemplate: boolean }).entraTemplate, true);
  });

  test('missing required metadata, http endpoints and alg none are findings', async () => {
    const report = await inspectToReport(JSON.stringify({ issuer: 'http://idp.example.com', jwks_uri: 'http://idp.example.com/keys', id_token_signing_alg_values_supported: ['RS256', 'none'] }));
    const ids = findingIds(report);
    assert.ok(report.findings.some((f) => f.id === 'discovery.malformed' && /authorization_endpoint, response_types_supported, subject_types_supported/.test(f.message)));
    assert.ok(report.findings.some((f) => f.id === 'discovery.malformed' && /issuer must be an https URL/.test(f.message)));
    assert.ok(ids.includes('jwt.alg-none'));
  });

  test('an expected issuer that differs is jwt.issuer-mismatch', async () => {
    const report = await inspectToReport(JSON.stringify({ ...ENTRA_COMMON, issuer: 'https://idp.example.com/realms/a' }), corpusOptions({ expected: { issuer: 'https://idp.example.com/realms/b' } }));
    assert.deepEqual(findingIds(report), ['jwt.issuer-mismatch']);
  });

  test('http on loopback is allowed (a Keycloak on a developer machine)', async () => {
    const report = await inspectToReport(JSON.stringify({ ...ENTRA_COMMON, issuer: 'http://localhost:8080/realms/dev', jwks_uri: 'http://localhost:8080/realms/dev/protocol/openid-connect/certs', authorization_endpoint: 'http://127.0.0.1:8080/auth', token_endpoint: 'http://[::1]:8080/token' }));
    assert.deepEqual(report.findings, []);
  });
});

describe('JWKS', () => {
  test('keys with unusable parameters are skipped with a reason, the rest listed', async () => {
    const report = await inspectToReport(JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'tiny' }, { kty: 'XYZ' }, 'nope', { kty: 'EC', crv: 'P-256', x: '0Le2-8STr0HT_a5WDEA6BfqFZ9ERlF06BMASZ5R3NQA', y: 'PD2Hzrhu6VHAYUt9fUy5g1G8DkRI7ANuxnq7z_8x5MQ', kid: 'ec' }] }));
    assert.equal(report.kind, 'jwks');
    const data = report.data as { keys: Array<{ kid?: string }>; skipped: string[] };
    assert.ok(data.keys.some((k) => k.kid === 'ec'));
    assert.ok(data.skipped.some((s) => /unsupported kty "XYZ"/.test(s)));
    assert.ok(data.skipped.some((s) => /key 3: not a JSON object/.test(s)));
    assert.ok(findingIds(report).every((id) => id === 'jwks.malformed'));
  });

  test('"keys" that is not an array is a JWKS finding, not a crash', async () => {
    const r = await inspectToReport(JSON.stringify({ kty: 'RSA' }));
    assert.equal(r.kind, 'jwks');
    assert.ok(findingIds(r).includes('jwks.malformed'));
  });
});
