/** How times and claims read: UTC ISO instants, "expired 3 h ago", the glossary, Entra v1/v2. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLAIMS, HEADER_PARAMS, MSA_TENANT_ID } from '../../../../src/decoders/jwt/claims-glossary';
import { detectEntra, detectGroupsOverage } from '../../../../src/decoders/jwt/entra';
import type { JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import { describeInstant, formatDuration, formatRelative, parseInstant } from '../../../../src/decoders/time';
import { corpusOptions, CORPUS_NOW, findingIds, inspectToReport } from '../../../builders/fixtures';
import { compact } from '../../../builders/jwt-builder';

const H = 3_600_000;
const nowS = CORPUS_NOW.getTime() / 1000;

describe('formatRelative and describeInstant', () => {
  test('past and future deltas read as "3 h ago" and "in 2 h 5 min"', () => {
    assert.equal(formatRelative(-3 * H), '3 h ago');
    assert.equal(formatRelative(2 * H + 5 * 60_000), 'in 2 h 5 min');
    assert.equal(formatRelative(-(90 * 1000)), '1 min 30 s ago');
    assert.equal(formatRelative(400 * 86_400_000), 'in 1 y 35 d');
    assert.equal(formatRelative(-500), 'now');
    assert.equal(formatRelative(999), 'now');
    assert.equal(formatRelative(Number.NaN), 'unknown');
    assert.equal(formatRelative(Number.POSITIVE_INFINITY), 'unknown');
  });

  test('only the two most significant units, and a zero middle unit ends the phrase', () => {
    assert.equal(formatDuration(3 * 86_400_000 + 4 * H + 59 * 60_000), '3 d 4 h');
    assert.equal(formatDuration(86_400_000 + 5 * 60_000), '1 d');
    assert.equal(formatDuration(0), '0 s');
  });

  test('describeInstant gives a UTC ISO string and the phrase relative to the injected now', () => {
    assert.deepEqual(describeInstant(nowS - 3 * 3600, CORPUS_NOW), { epochSeconds: nowS - 3 * 3600, utc: '2026-11-22T03:00:00.000Z', relative: '3 h ago' });
    assert.deepEqual(describeInstant(0, CORPUS_NOW).utc, '1970-01-01T00:00:00.000Z');
    assert.equal(describeInstant(4102444800, CORPUS_NOW).utc, '2100-01-01T00:00:00.000Z');
    assert.match(describeInstant(4102444800, CORPUS_NOW).relative, /^in 73 y \d+ d$/);
  });

  test('instants a Date cannot hold are "out of range", not an exception', () => {
    assert.equal(describeInstant(1e300, CORPUS_NOW).utc, 'out of range');
    assert.equal(describeInstant(-1e14, CORPUS_NOW).utc, 'out of range');
  });

  test('parseInstant accepts ISO-8601 with Z or an offset, and nothing vaguer', () => {
    assert.equal(parseInstant('2026-11-22T06:00:00Z')?.toISOString(), '2026-11-22T06:00:00.000Z');
    assert.equal(parseInstant('2026-11-22T07:00:00+01:00')?.toISOString(), '2026-11-22T06:00:00.000Z');
    for (const bad of ['yesterday', '2026-11-22', '2026-13-45T99:00:00Z', '1700000000', '']) assert.equal(parseInstant(bad), undefined, bad);
  });
});

describe('time claims in a decoded token', () => {
  test('an exp three hours before now is "expired 3 h ago", with exp in UTC', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { exp: nowS - 3 * 3600, iat: nowS - 4 * 3600 }, 'c2ln'), corpusOptions());
    const expired = report.findings.find((f) => f.id === 'jwt.expired');
    assert.equal(expired?.message, 'the token expired 3 h ago (exp 2026-11-22T03:00:00.000Z, clock skew 300 s allowed)');
    const exp = (report.data as JwtData).claims.find((c) => c.name === 'exp');
    assert.deepEqual(exp?.time, { epochSeconds: nowS - 3 * 3600, utc: '2026-11-22T03:00:00.000Z', relative: '3 h ago' });
    assert.equal((report.data as JwtData).claims.find((c) => c.name === 'iat')?.time?.relative, '4 h ago');
  });

  test('clock skew: exp 4 minutes ago passes with the default 300 s and fails with 0', async () => {
    const token = compact({ alg: 'RS256' }, { exp: nowS - 240, nbf: nowS + 240 }, 'c2ln');
    const lenient = await inspectToReport(token, corpusOptions());
    assert.ok(!findingIds(lenient).includes('jwt.expired'));
    assert.ok(!findingIds(lenient).includes('jwt.not-yet-valid'));
    const strict = await inspectToReport(token, corpusOptions({ clockSkewSeconds: 0 }));
    assert.ok(findingIds(strict).includes('jwt.expired'));
    assert.ok(findingIds(strict).includes('jwt.not-yet-valid'));
  });

  test('expiry is evaluated at the injected instant, not the wall clock', async () => {
    const token = compact({ alg: 'RS256' }, { exp: 4102444800 }, 'c2ln');
    assert.ok(!findingIds(await inspectToReport(token, corpusOptions())).includes('jwt.expired'));
    assert.ok(findingIds(await inspectToReport(token, corpusOptions({ now: new Date('2100-01-02T00:00:00Z') }))).includes('jwt.expired'));
  });
});

describe('claim glossary', () => {
  test('covers the registered, OIDC and Entra v1/v2 claims the issue names', () => {
    const required = [
      'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash',
      'oid', 'tid', 'upn', 'preferred_username', 'unique_name', 'groups', 'roles', 'wids', 'hasgroups', '_claim_names', '_claim_sources',
      'idp', 'appid', 'aio', 'rh', 'uti', 'ver', 'scp', 'email', 'name', 'sid',
    ];
    for (const claim of required) {
      assert.ok(CLAIMS[claim]?.title, `${claim} has a title`);
      assert.ok((CLAIMS[claim]?.description.length ?? 0) > 10, `${claim} has an explanation`);
    }
    for (const t of ['exp', 'nbf', 'iat', 'auth_time']) assert.equal(CLAIMS[t]?.time, true, t);
    assert.equal(CLAIMS['azp']?.entra, 'v2');
    assert.equal(CLAIMS['appid']?.entra, 'v1');
    assert.equal(CLAIMS['unique_name']?.entra, 'v1');
    assert.match(CLAIMS['groups']?.description ?? '', /200/);
    assert.ok(HEADER_PARAMS['nonce']?.includes('Graph'));
    assert.ok(HEADER_PARAMS['jwk']?.includes('Never trusted'));
  });

  test('decoded claims carry their glossary title and explanation; unknown claims carry none', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { wids: ['62e90394-69f5-4237-9190-012177145e10'], custom_claim: 1 }, 'c2ln'));
    const claims = (report.data as JwtData).claims;
    assert.equal(claims.find((c) => c.name === 'wids')?.title, 'Directory roles');
    assert.match(claims.find((c) => c.name === 'wids')?.description ?? '', /Global Administrator/);
    assert.equal(claims.find((c) => c.name === 'custom_claim')?.title, undefined);
  });
});

describe('Entra detection', () => {
  const tid = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';

  test('ver decides the version; without ver the issuer shape does', () => {
    assert.equal(detectEntra({ ver: '1.0', iss: `https://login.microsoftonline.com/${tid}/v2.0`, tid })?.version, 'v1');
    assert.deepEqual(detectEntra({ iss: `https://login.microsoftonline.com/${tid}/v2.0` }), { version: 'v2', versionFrom: 'iss', tenantId: tid, consumerTenant: false });
    assert.deepEqual(detectEntra({ iss: `https://sts.windows.net/${tid}/` }), { version: 'v1', versionFrom: 'iss', tenantId: tid, consumerTenant: false });
    assert.equal(detectEntra({ iss: `https://login.microsoftonline.us/${tid}/v2.0` })?.version, 'v2');
  });

  test('the Microsoft-account tenant is recognised; non-Entra issuers are not Entra', () => {
    assert.equal(detectEntra({ iss: `https://login.microsoftonline.com/${MSA_TENANT_ID}/v2.0`, ver: '2.0' })?.consumerTenant, true);
    assert.equal(detectEntra({ iss: 'https://idp.example.com/realms/x' }), undefined);
    assert.equal(detectEntra({ iss: 'https://evil.example/sts.windows.net/' + tid + '/' }), undefined);
  });

  test('groups overage from _claim_names or hasgroups, and not from an empty groups claim', () => {
    assert.deepEqual(detectGroupsOverage({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/x' } } }), { kind: 'claim-sources', endpoint: 'https://graph.microsoft.com/x' });
    assert.deepEqual(detectGroupsOverage({ _claim_names: { groups: 'src1' } }), { kind: 'claim-sources' });
    assert.deepEqual(detectGroupsOverage({ hasgroups: true }), { kind: 'hasgroups' });
    assert.equal(detectGroupsOverage({ groups: [] }), undefined);
    assert.equal(detectGroupsOverage({ hasgroups: false }), undefined);
  });
});
