/**
 * Every JWT of the shared corpus (copied to test/fixtures/jwt, see PROVENANCE.md) through the one
 * entry point, `inspectArtifact`, evaluated at the corpus instant. Expectations are the corpus's
 * MANIFEST.json / cases.json entries, restated here so the tests never read ../shared.
 */
import assert from 'node:assert/strict';
import { createHmac, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { EntraInfo } from '../../../../src/decoders/jwt/entra';
import type { JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import { hasErrors, type FindingId, type SignatureStatus } from '../../../../src/decoders/result';
import { corpusOptions, findingIds, inspectToReport, readFixture, readFixtureText, trustFrom } from '../../../builders/fixtures';

interface CorpusCase {
  file: string;
  /** --key files (cases.json args). */
  keys: string[];
  audience?: string;
  alg: string;
  kid?: string;
  iss: string;
  aud: string;
  status: SignatureStatus;
  /** Every one of these findings. */
  all: FindingId[];
  /** At least one of these (the contract allows either). */
  any?: FindingId[];
  none?: FindingId[];
  exit: 0 | 1;
  entra?: Partial<EntraInfo>;
  expIso?: string;
}

const ENTRA_TENANT = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
const V2_ISS = `https://login.microsoftonline.com/${ENTRA_TENANT}/v2.0`;
const CLIENT = 'd8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13';
const KID1 = '7aIR-bzXVolRT0FB1QnSUZFxjM8';
const CORPUS_KEYS = ['corpus-jwks.json'];

const CASES: CorpusCase[] = [
  {
    file: 'entra-v1-id-token-2016-jose4j.jwt', keys: ['entra-2016-common-discovery-keys.jwks.json'],
    alg: 'RS256', kid: 'MnC_VZcATfM5pOYiJHMba9goEKY', iss: 'https://sts.windows.net/30aa0e58-719c-44f0-b5bb-e131f1f68ab3/', aud: '56c77428-2d91-48a0-93e6-ca9154965e51',
    status: 'valid', all: ['jwt.expired'], none: ['jwt.signature-invalid', 'jwt.not-yet-valid'], exit: 1,
    entra: { version: 'v1', versionFrom: 'ver', tenantId: '30aa0e58-719c-44f0-b5bb-e131f1f68ab3', consumerTenant: false }, expIso: '2016-08-01T22:34:57.000Z',
  },
  {
    file: 'msdocs-id-token-v1.jwt', keys: ['msdocs-2018-ms-jwks.json'],
    alg: 'RS256', kid: '7_Zuf1tvkwLxYaHS3q6lUjUYIGw', iss: 'https://sts.windows.net/fa15d692-e9c7-4460-a743-29f2956fd429/', aud: 'b14a7505-96e9-4927-91e8-0601d0fc9caa',
    status: 'invalid', all: ['jwt.expired'], any: ['jwt.signature-invalid', 'jwt.key-not-found'], exit: 1,
    entra: { version: 'v1', tenantId: 'fa15d692-e9c7-4460-a743-29f2956fd429' }, expIso: '2018-09-07T00:10:24.000Z',
  },
  {
    file: 'msdocs-id-token-v2.jwt', keys: ['msdocs-2018-ms-jwks.json'],
    alg: 'RS256', kid: '1LTMzakihiRla_8z2BEJVXeWMqo', iss: 'https://login.microsoftonline.com/9122040d-6c67-4c5b-b112-36a304b66dad/v2.0', aud: '6cb04018-a3f5-46a7-b995-940c78f5aef3',
    status: 'invalid', all: ['jwt.expired'], any: ['jwt.signature-invalid', 'jwt.key-not-found'], exit: 1,
    // The docs edited tid away from the real consumer tenant 9188040d-…, so it is not the MSA tenant.
    entra: { version: 'v2', tenantId: '9122040d-6c67-4c5b-b112-36a304b66dad', consumerTenant: false }, expIso: '2018-09-07T23:03:31.000Z',
  },
  {
    file: 'gen-entra-v2-groups-overage.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'valid', all: ['claims.groups-overage'], none: ['jwt.expired', 'jwt.not-yet-valid'], exit: 0,
    entra: { version: 'v2', tenantId: ENTRA_TENANT, consumerTenant: false }, expIso: '2100-01-01T00:00:00.000Z',
  },
  {
    file: 'gen-entra-v1-hasgroups-implicit-overage.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: `https://sts.windows.net/${ENTRA_TENANT}/`, aud: CLIENT,
    status: 'valid', all: ['claims.groups-overage'], none: ['jwt.expired'], exit: 0,
    entra: { version: 'v1', tenantId: ENTRA_TENANT },
  },
  {
    file: 'gen-entra-v2-no-email-claim.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'valid', all: [], none: ['jwt.expired', 'claims.groups-overage'], exit: 0, entra: { version: 'v2' },
  },
  {
    file: 'gen-entra-v2-expired.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'valid', all: ['jwt.expired'], none: ['jwt.not-yet-valid'], exit: 1, expIso: '2020-01-01T01:00:00.000Z',
  },
  {
    file: 'gen-entra-v2-not-yet-valid.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'valid', all: ['jwt.not-yet-valid'], none: ['jwt.expired'], exit: 1,
  },
  {
    file: 'gen-entra-v2-wrong-audience.jwt', keys: CORPUS_KEYS, audience: CLIENT, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: '00000003-0000-0000-c000-000000000000',
    status: 'valid', all: ['jwt.audience-mismatch'], none: ['jwt.expired'], exit: 1,
  },
  {
    file: 'gen-keycloak-style-es256.jwt', keys: CORPUS_KEYS, alg: 'ES256', kid: 'corpus-ec-p256', iss: 'http://localhost:8080/realms/corpus', aud: 'corpus-client',
    status: 'valid', all: [], none: ['jwt.expired'], exit: 0,
  },
  {
    file: 'jwt-alg-none.jwt', keys: CORPUS_KEYS, alg: 'none', iss: V2_ISS, aud: CLIENT,
    status: 'unsigned', all: ['jwt.alg-none'], exit: 1,
  },
  {
    file: 'jwt-alg-none-mixed-case.jwt', keys: CORPUS_KEYS, alg: 'nOnE', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'unsigned', all: ['jwt.alg-none'], exit: 1,
  },
  {
    file: 'jwt-hs256-key-confusion-rsa-pubkey.jwt', keys: CORPUS_KEYS, alg: 'HS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'invalid', all: ['jwt.alg-not-allowed'], exit: 1,
  },
  {
    file: 'jwt-kid-not-in-jwks.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: 'attacker-kid-404', iss: V2_ISS, aud: CLIENT,
    status: 'invalid', all: ['jwt.key-not-found'], exit: 1,
  },
  {
    file: 'jwt-tampered-payload.jwt', keys: CORPUS_KEYS, alg: 'RS256', kid: KID1, iss: V2_ISS, aud: CLIENT,
    status: 'invalid', all: ['jwt.signature-invalid'], exit: 1,
  },
  {
    file: 'jwt-embedded-jwk-header.jwt', keys: CORPUS_KEYS, alg: 'RS256', iss: V2_ISS, aud: CLIENT,
    status: 'invalid', all: ['jwt.embedded-key-ignored'], any: ['jwt.signature-invalid', 'jwt.key-not-found'], exit: 1,
  },
  {
    file: 'jwt-kid-path-traversal-empty-hmac.jwt', keys: CORPUS_KEYS, alg: 'HS256', kid: '../../../../../../dev/null', iss: V2_ISS, aud: CLIENT,
    status: 'invalid', all: ['jwt.alg-not-allowed'], exit: 1,
  },
];

describe('every JWT of the corpus, as MANIFEST.json expects', () => {
  for (const c of CASES) {
    test(`${c.file}: ${c.status}, ${c.all.length ? c.all.join(' + ') : 'no required finding'}, exit ${c.exit}`, async () => {
      const options = corpusOptions({ trust: trustFrom('jwt', ...c.keys), expected: c.audience ? { audience: c.audience } : {} });
      const report = await inspectToReport(readFixture('jwt', c.file), options);
      const ids = findingIds(report);
      assert.equal(report.kind, 'jwt');
      assert.equal(report.signature.status, c.status, report.signature.detail);
      assert.equal(report.signature.algorithm, c.alg);
      assert.equal(report.signature.keyId, c.kid);
      for (const id of c.all) assert.ok(ids.includes(id), `expected ${id} in ${ids.join(', ')}`);
      if (c.any) assert.ok(c.any.some((id) => ids.includes(id)), `expected one of ${c.any.join('|')} in ${ids.join(', ')}`);
      for (const id of c.none ?? []) assert.ok(!ids.includes(id), `did not expect ${id}`);
      assert.equal(hasErrors(report) ? 1 : 0, c.exit);
      // Severities are the contract's.
      for (const f of report.findings) {
        if (['jwt.expired', 'jwt.not-yet-valid', 'jwt.alg-none', 'jwt.alg-not-allowed', 'jwt.key-not-found', 'jwt.signature-invalid', 'jwt.audience-mismatch'].includes(f.id)) assert.equal(f.severity, 'error', f.id);
        if (f.id === 'claims.groups-overage') assert.equal(f.severity, 'warning');
      }

      const data = report.data as JwtData;
      assert.equal(data.payload['iss'], c.iss);
      assert.deepEqual(data.payload['aud'], c.aud);
      assert.equal(data.evaluatedAt, '2026-11-22T06:00:00.000Z');
      if (c.entra) {
        assert.equal(data.provider, 'entra');
        for (const [k, v] of Object.entries(c.entra)) assert.equal(data.entra?.[k as keyof EntraInfo], v, `entra.${k}`);
      }
      if (c.expIso) assert.equal(data.claims.find((cl) => cl.name === 'exp')?.time?.utc, c.expIso);
    });
  }
});

describe('decoded values a user reads from the corpus tokens', () => {
  test('the 2016 Entra v1 token shows its tenant, object id, UPN and amr, and "expired … ago" from exp', async () => {
    const report = await inspectToReport(readFixture('jwt', 'entra-v1-id-token-2016-jose4j.jwt'), corpusOptions({ trust: trustFrom('jwt', 'entra-2016-common-discovery-keys.jwks.json') }));
    const data = report.data as JwtData;
    assert.equal(data.payload['oid'], 'fd2ddde3-8275-4b28-99d3-01b06f71885a');
    assert.equal(data.payload['upn'], 'x@cboidctesttesttest.onmicrosoft.com');
    assert.deepEqual(data.payload['amr'], ['pwd']);
    assert.equal(data.payload['email'], undefined);
    const nbf = data.claims.find((c) => c.name === 'nbf');
    assert.equal(nbf?.time?.utc, '2016-08-01T21:29:57.000Z');
    assert.equal(nbf?.title, 'Not before');
    assert.match(data.claims.find((c) => c.name === 'exp')?.time?.relative ?? '', /^10 y \d+ d ago$/);
    const expired = report.findings.find((f) => f.id === 'jwt.expired');
    assert.match(expired?.message ?? '', /expired 10 y \d+ d ago \(exp 2016-08-01T22:34:57\.000Z/);
    assert.equal(data.claims.find((c) => c.name === 'upn')?.title, 'User principal name');
  });

  test('the same Entra v1 token also verifies with the 2014 federation-metadata certificate B (x5t names it)', async () => {
    const report = await inspectToReport(readFixture('jwt', 'entra-v1-id-token-2016-jose4j.jwt'), corpusOptions({ trust: trustFrom('jwt', 'entra-2014-federationmetadata.signing-cert-B.pem') }));
    assert.equal(report.signature.status, 'valid');
    assert.match(report.signature.detail ?? '', /certificate CN=accounts\.accesscontrol\.windows\.net/);
  });

  test('generated tokens also verify with the IdP certificate behind kid 1, but the ES256 one does not fit it', async () => {
    const cert = trustFrom('jwt', 'corpus-idp-signing.crt');
    const rsa = await inspectToReport(readFixture('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ trust: cert }));
    assert.equal(rsa.signature.status, 'valid');
    const ec = await inspectToReport(readFixture('jwt', 'gen-keycloak-style-es256.jwt'), corpusOptions({ trust: cert }));
    assert.equal(ec.signature.status, 'invalid');
    assert.deepEqual(findingIds(ec), ['jwt.key-not-found']);
  });

  test('the groups-overage token points at the Graph endpoint and has no groups claim', async () => {
    const report = await inspectToReport(readFixture('jwt', 'gen-entra-v2-groups-overage.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    const data = report.data as JwtData;
    assert.equal(data.payload['groups'], undefined);
    assert.deepEqual(data.payload['_claim_names'], { groups: 'src1' });
    const overage = report.findings.find((f) => f.id === 'claims.groups-overage');
    assert.ok(overage?.message.includes('https://graph.windows.net/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/users/0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84/getMemberObjects'));
  });

  test('hasgroups: true is reported as the implicit-flow overage', async () => {
    const report = await inspectToReport(readFixture('jwt', 'gen-entra-v1-hasgroups-implicit-overage.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    assert.equal((report.data as JwtData).payload['hasgroups'], true);
    assert.match(report.findings.find((f) => f.id === 'claims.groups-overage')?.message ?? '', /hasgroups/);
  });

  test('the no-email token carries preferred_username, whose glossary entry says it is not an e-mail address', async () => {
    const report = await inspectToReport(readFixture('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    const data = report.data as JwtData;
    assert.equal(data.payload['email'], undefined);
    const pu = data.claims.find((c) => c.name === 'preferred_username');
    assert.equal(pu?.value, 'AdeleV@contoso.example');
    assert.match(pu?.description ?? '', /not an e-mail address/);
  });

  test('the Keycloak-style token is recognised as Keycloak, not Entra', async () => {
    const report = await inspectToReport(readFixture('jwt', 'gen-keycloak-style-es256.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    const data = report.data as JwtData;
    assert.equal(data.provider, 'keycloak');
    assert.equal(data.entra, undefined);
    assert.equal(data.payload['email_verified'], true);
  });

  test('the wrong-audience message names both audiences', async () => {
    const report = await inspectToReport(readFixture('jwt', 'gen-entra-v2-wrong-audience.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json'), expected: { audience: CLIENT } }));
    const m = report.findings.find((f) => f.id === 'jwt.audience-mismatch')?.message ?? '';
    assert.ok(m.includes('00000003-0000-0000-c000-000000000000') && m.includes(CLIENT), m);
  });

  test('without trust material every signed corpus token is not-checked, never valid', async () => {
    for (const file of ['gen-entra-v2-expired.jwt', 'entra-v1-id-token-2016-jose4j.jwt', 'jwt-tampered-payload.jwt']) {
      const report = await inspectToReport(readFixture('jwt', file));
      assert.equal(report.signature.status, 'not-checked', file);
      assert.ok(findingIds(report).includes('jwt.signature-not-checked'), file);
    }
  });

  test('the JWKS files themselves inspect as jwks with their kids', async () => {
    const report = await inspectToReport(readFixture('jwt', 'entra-2016-common-discovery-keys.jwks.json'));
    assert.equal(report.kind, 'jwks');
    const keys = (report.data as { keys: Array<{ kid?: string; certificate?: { subject: string } }> }).keys;
    assert.deepEqual(keys.map((k) => k.kid), ['MnC_VZcATfM5pOYiJHMba9goEKY', 'YbRAQRYcE_motWVJKHrwLBbd_9s']);
    // The x5c of MnC_ is the metadata's certificate B, long expired at the corpus instant.
    assert.equal(keys[0]?.certificate?.subject, 'CN=accounts.accesscontrol.windows.net');
    assert.ok(findingIds(report).includes('cert.expired'));
    const corpus = await inspectToReport(readFixture('jwt', 'corpus-jwks.json'));
    assert.deepEqual((corpus.data as { keys: Array<{ kid?: string; size?: string }> }).keys.map((k) => [k.kid, k.size]), [
      [KID1, '2048 bit'],
      ['9oWAlFNQFmzIVRuHdl430cpl3gs', '2048 bit'],
      ['corpus-ec-p256', 'prime256v1'],
    ]);
  });
});

describe('the attack fixtures are live attacks that SSO Lens still refuses', () => {
  test('key confusion: the HMAC really is keyed with the PEM of the trusted RSA key, and giving that PEM as trust still never verifies', async () => {
    const cert = new X509Certificate(readFixture('jwt', 'corpus-idp-signing.crt'));
    const pem = cert.publicKey.export({ type: 'spki', format: 'pem' });
    const [h, p, s] = readFixtureText('jwt', 'jwt-hs256-key-confusion-rsa-pubkey.jwt').split('.');
    assert.equal(createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url'), s, 'fixture is a working forgery');
    const trust = loadTrustMaterial(Buffer.from(pem), 'corpus-idp-signing.pub.pem');
    assert.ok(trust.ok);
    const report = await inspectToReport(readFixture('jwt', 'jwt-hs256-key-confusion-rsa-pubkey.jwt'), corpusOptions({ trust: trust.value }));
    assert.equal(report.signature.status, 'invalid');
    assert.deepEqual(findingIds(report), ['jwt.alg-not-allowed']);
  });

  test('kid path traversal: HMAC with an empty secret really verifies, and SSO Lens never reads the kid as a path', async () => {
    const [h, p, s] = readFixtureText('jwt', 'jwt-kid-path-traversal-empty-hmac.jwt').split('.');
    assert.equal(createHmac('sha256', '').update(`${h}.${p}`).digest('base64url'), s);
    const report = await inspectToReport(readFixture('jwt', 'jwt-kid-path-traversal-empty-hmac.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    assert.equal(report.signature.status, 'invalid');
  });

  test('embedded jwk: the token verifies with the key in its own header, which SSO Lens ignores', async () => {
    const token = readFixtureText('jwt', 'jwt-embedded-jwk-header.jwt');
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { jwk: JWK };
    await compactVerify(token, await importJWK(header.jwk, 'RS256'));
    const report = await inspectToReport(token, corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    assert.equal(report.signature.status, 'invalid');
    assert.match(report.findings.find((f) => f.id === 'jwt.embedded-key-ignored')?.message ?? '', /"jwk"/);
  });
});
