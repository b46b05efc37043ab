/**
 * Verification through OIDC discovery against a real OpenID provider (`oidc-provider`) on https
 * 127.0.0.1, with ID tokens it issued in an authorization-code flow. Requests are counted on the
 * server, so "refetch once on an unknown kid, then not again for 5 minutes" is observed, not assumed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importJWK, SignJWT, type JWK } from 'jose';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import type { JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import { DiscoveryKeySource, MIN_REFRESH_INTERVAL_MS } from '../../../../src/decoders/oidc/key-source';
import type { InspectReport } from '../../../../src/decoders/result';
import { NodeFetcher } from '../../../../src/platform/node-fetcher';
import { findingIds } from '../../../builders/fixtures';
import { ACCOUNT_ID, CLIENT_ID, providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';

let idp: OidcHarness;
let keyA: JWK;
let keyB: JWK;
let keyC: JWK;
/** The key source's clock, moved by the tests; token times use the real clock (the provider's). */
let clockMs = Date.now();
let keySource: DiscoveryKeySource;

const DISCOVERY = '/.well-known/openid-configuration';
const JWKS = '/jwks';

before(async () => {
  [keyA, keyB, keyC] = await Promise.all([providerSigningKey('key-a'), providerSigningKey('key-b'), providerSigningKey('key-c')]);
  idp = await startOidcProvider([keyA]);
  keySource = new DiscoveryKeySource(new NodeFetcher({ ca: idp.server.ca, timeoutMs: 5000 }), () => clockMs);
});

after(() => idp.close());

function options(overrides: Partial<InspectOptions> = {}): InspectOptions {
  return defaultInspectOptions({ now: new Date(), keySource, expected: { audience: CLIENT_ID, issuer: idp.issuer }, ...overrides });
}

async function inspect(token: string, overrides: Partial<InspectOptions> = {}): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(token), options(overrides));
  assert.ok(r.ok);
  return r.value;
}

describe('discovery and JWKS from a real OpenID provider', () => {
  test('an ID token the provider issued verifies through its discovery document and JWKS', async () => {
    const token = await idp.issueIdToken('nonce-123');
    const report = await inspect(token);
    assert.equal(report.kind, 'jwt');
    assert.equal(report.signature.status, 'valid', report.signature.detail);
    assert.equal(report.signature.keyId, 'key-a');
    assert.equal(report.signature.detail, `verified with kid key-a (${idp.issuer}${JWKS}) from ${idp.issuer}${JWKS}`);
    assert.deepEqual(report.findings, []);
    const data = report.data as JwtData;
    assert.equal(data.payload['sub'], ACCOUNT_ID);
    assert.equal(data.payload['nonce'], 'nonce-123');
    assert.equal(data.payload['iss'], idp.issuer);
    assert.equal(idp.server.count(DISCOVERY), 1);
    assert.equal(idp.server.count(JWKS), 1);
  });

  test('a second token is verified from the cache, without any request', async () => {
    const token = await idp.issueIdToken();
    const before = idp.server.requests.length;
    assert.equal((await inspect(token)).signature.status, 'valid');
    assert.equal(idp.server.requests.length, before);
  });

  test('a tampered token (payload changed, signature kept) is signature-invalid, without a refetch', async () => {
    const [h, p, s] = (await idp.issueIdToken()).split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
    const jwksBefore = idp.server.count(JWKS);
    const report = await inspect(forged);
    assert.equal(report.signature.status, 'invalid');
    assert.deepEqual(findingIds(report), ['jwt.signature-invalid']);
    assert.equal(idp.server.count(JWKS), jwksBefore);
  });

  test('expected audience and issuer are checked against what the provider issued', async () => {
    const token = await idp.issueIdToken();
    const report = await inspect(token, { expected: { audience: 'another-client', issuer: `${idp.issuer}/` } });
    assert.equal(report.signature.status, 'valid');
    assert.deepEqual(findingIds(report).sort(), ['jwt.audience-mismatch', 'jwt.issuer-mismatch']);
    assert.match(report.findings.find((f) => f.id === 'jwt.issuer-mismatch')?.message ?? '', /differ only by a trailing slash/);
  });

  test('key rotation: an unknown kid refetches once (after the 5-minute guard), a second unknown kid soon after does not', async () => {
    const startDiscovery = idp.server.count(DISCOVERY);
    const startJwks = idp.server.count(JWKS);

    // The provider rolls to key B (still publishing A).
    idp.useKeys([keyB, keyA]);
    const tokenB = await idp.issueIdToken();
    assert.equal(JSON.parse(Buffer.from(tokenB.split('.')[0] ?? '', 'base64url').toString('utf8')).kid, 'key-b');

    // Within 5 minutes of the first fetch, an unknown kid is not a reason to hit the provider again.
    clockMs += 60_000;
    const early = await inspect(tokenB);
    assert.equal(early.signature.status, 'invalid');
    assert.deepEqual(findingIds(early), ['jwt.key-not-found']);
    assert.equal(idp.server.count(JWKS), startJwks);

    // Past the guard, the unknown kid triggers exactly one refetch, which finds key B.
    clockMs += MIN_REFRESH_INTERVAL_MS;
    const refreshed = await inspect(tokenB);
    assert.equal(refreshed.signature.status, 'valid', refreshed.signature.detail);
    assert.equal(idp.server.count(JWKS), startJwks + 1);
    assert.equal(idp.server.count(DISCOVERY), startDiscovery + 1);

    // Another roll right away (key C): within 5 minutes of that refetch, no further request.
    idp.useKeys([keyC]);
    const tokenC = await idp.issueIdToken();
    clockMs += 60_000;
    const second = await inspect(tokenC);
    assert.equal(second.signature.status, 'invalid');
    assert.deepEqual(findingIds(second), ['jwt.key-not-found']);
    assert.match(second.signature.detail ?? '', /known: key-b, key-a/);
    assert.equal(idp.server.count(JWKS), startJwks + 1);
    assert.equal(idp.server.count(DISCOVERY), startDiscovery + 1);
  });

  test('a discovery document naming another issuer is rejected, and its keys are never fetched', async () => {
    // The provider's genuine document, served where an issuer ".../tenant-x" would publish its own.
    idp.alias(`/tenant-x${DISCOVERY}`, DISCOVERY);
    const jwksBefore = idp.server.count(JWKS);
    const direct = await keySource.keysForIssuer(`${idp.issuer}/tenant-x`, {});
    assert.ok(!direct.ok);
    assert.equal(direct.error.id, 'jwt.keys-fetch-failed');
    assert.equal(direct.error.message, `the discovery document at ${idp.issuer}/tenant-x${DISCOVERY} names issuer ${idp.issuer}, not ${idp.issuer}/tenant-x`);

    // A token claiming that issuer, signed with the provider's own current key: still not verified.
    const key = await importJWK(keyC, 'RS256');
    const token = await new SignJWT({ sub: 'x', aud: CLIENT_ID }).setProtectedHeader({ alg: 'RS256', kid: 'key-c' }).setIssuer(`${idp.issuer}/tenant-x`).setIssuedAt().setExpirationTime('10m').sign(key);
    const report = await inspect(token, { expected: {} });
    assert.equal(report.signature.status, 'not-checked');
    assert.deepEqual(findingIds(report), ['jwt.keys-fetch-failed', 'jwt.signature-not-checked']);
    assert.match(report.findings[0]?.message ?? '', /names issuer/);
    assert.equal(idp.server.count(JWKS), jwksBefore);
  });

  test('offline (no key source) the same real token is not-checked, and nothing is requested', async () => {
    const token = await idp.issueIdToken();
    const before = idp.server.requests.length;
    const r = await inspectArtifact(Buffer.from(token), defaultInspectOptions({ now: new Date() }));
    assert.ok(r.ok);
    assert.equal(r.value.signature.status, 'not-checked');
    assert.equal(idp.server.requests.length, before);
  });
});
