import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate, loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import type { SamlApp } from '../../../../src/model/config-types';
import { analyzeMapping, withMapping, type MappingResult } from '../../../../src/model/mapping';
import { presentReport } from '../../../../src/present/present-report';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { makeSamlKeys, mintSamlResponse } from '../../../builders/samlify-minter';
import { example } from '../helpers';

/**
 * A mapping never grants a rejected artifact: tokens issued by a real OpenID provider (oidc-provider)
 * with the wrong audience, past their expiry, or checked against another key, and a samlify-minted
 * SAML response sent to another reply URL, are mapped as "would be … if accepted", and the report
 * says the sign-in is rejected instead of "granted".
 */
const EXO_CLIENT = 'c8e1f2a3-4b5c-4d6e-8f70-91a2b3c4d5e6';
const EXO_ROLE = 'dc097e90-4636-4d2a-a629-670ab4395209';
let idp: OidcHarness;
let signingKey: JWK;

const claims = { tid: '2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f', oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84', email: 'ada@exoscale.com', name: 'Ada' };

async function mapExoscale(jwt: string, options: Partial<InspectOptions>): Promise<{ mapping: MappingResult; text: string }> {
  const r = await inspectArtifact(Buffer.from(jwt), defaultInspectOptions(options));
  assert.ok(r.ok);
  const m = analyzeMapping(r.value, example('exoscale'), 'exoscale');
  assert.ok(m.ok, m.ok ? '' : m.message);
  const text = presentReport(withMapping(r.value, m.value)).flatMap((s) => s.rows.map((row) => `${row.label}: ${row.value}`)).join('\n');
  return { mapping: m.value, text };
}

/** The provider's public signing key as a JWKS file would hold it. */
function jwksOf(...keys: JWK[]): Buffer {
  return Buffer.from(JSON.stringify({ keys: keys.map(({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use })) }));
}

function trustOf(jwks: Buffer): InspectOptions['trust'] {
  const t = loadTrustMaterial(jwks, 'jwks.json');
  assert.ok(t.ok);
  return t.value;
}

describe('mapping guards: an ID token the app must reject (Exoscale, oidc-provider)', () => {
  before(async () => {
    signingKey = await providerSigningKey('k-exo');
    idp = await startOidcProvider([signingKey], { clientId: EXO_CLIENT, claims });
  });
  after(async () => idp.close());

  it('accepted: the right audience and key grant the IAM role', async () => {
    const { mapping, text } = await mapExoscale(await idp.issueIdToken(), { trust: trustOf(jwksOf(signingKey)), expected: { audience: EXO_CLIENT, issuer: idp.issuer } });
    assert.equal(mapping.accepted, true);
    assert.equal(mapping.rejectedBy, undefined);
    assert.equal(mapping.authorization?.outcome, 'granted');
    assert.match(text, /Authorization: granted: IAM role dc097e90/);
  });

  it('another audience: "granted" is never shown; the authorization is rejected and would be granted', async () => {
    const { mapping, text } = await mapExoscale(await idp.issueIdToken(), { expected: { audience: 'another-client-id' } });
    assert.equal(mapping.accepted, false);
    assert.deepEqual(mapping.rejectedBy?.map((r) => r.id), ['jwt.audience-mismatch']);
    assert.equal(mapping.authorization?.outcome, 'rejected');
    assert.equal(mapping.authorization?.wouldBe, 'granted');
    assert.equal(mapping.authorization?.roleId, EXO_ROLE);
    assert.match(text, /Sign-in: rejected: the token fails validation/);
    assert.match(text, /Authorization: rejected: would be granted \(IAM role dc097e90-4636-4d2a-a629-670ab4395209\) if the token were accepted/);
    assert.doesNotMatch(text, /Authorization: granted/);
    assert.match(text, /would ✓ authorization .*: would, if accepted: returned IAM role/);
  });

  it('expired (evaluated an hour after issue): rejected by jwt.expired', async () => {
    const jwt = await idp.issueIdToken();
    const { mapping } = await mapExoscale(jwt, { now: new Date(Date.now() + 3600_000), clockSkewSeconds: 0, expected: { audience: EXO_CLIENT } });
    assert.equal(mapping.accepted, false);
    assert.deepEqual(mapping.rejectedBy?.map((r) => r.id), ['jwt.expired']);
    assert.equal(mapping.authorization?.outcome, 'rejected');
  });

  it("checked against another key with the same kid: rejected by jwt.signature-invalid", async () => {
    const other = { ...(await providerSigningKey('k-exo')) };
    const { mapping, text } = await mapExoscale(await idp.issueIdToken(), { trust: trustOf(jwksOf(other)), expected: { audience: EXO_CLIENT } });
    assert.equal(mapping.accepted, false);
    assert.ok(mapping.rejectedBy?.some((r) => r.id === 'jwt.signature-invalid'), JSON.stringify(mapping.rejectedBy));
    assert.match(text, /Sign-in: rejected/);
  });

  it('a signature not checked (no key given) is not a rejection: the trust warning stays', async () => {
    const { mapping, text } = await mapExoscale(await idp.issueIdToken(), { expected: { audience: EXO_CLIENT } });
    assert.equal(mapping.accepted, true);
    assert.match(text, /Trust: claims read from an artifact whose signature is not-checked/);
  });
});

describe('mapping guards: a SAML response sent to another reply URL (Spark via Keycloak, samlify)', () => {
  it('saml.recipient-mismatch: the Spark group is what the user would get, and the sign-in is rejected', async () => {
    const keys = await makeSamlKeys();
    const config = example('spark-keycloak');
    const app = config.providers[0]?.apps?.[0] as SamlApp;
    const reply = app.replyUrls[0] ?? '';
    const b64 = await mintSamlResponse({
      keys,
      issuer: 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/',
      audience: app.identifiers[0] ?? '',
      // The alias typed differently in Entra's Reply URL than in Keycloak.
      acs: reply.replace('/broker/entra-id/', '/broker/azure/'),
      nameId: 'spark.test@sparkcustomer.com',
      attributes: [['http://schemas.microsoft.com/ws/2008/06/identity/claims/role', ['tenant-admin']]],
    });
    const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions({ trust: { keys: [keyFromCertificate(new X509Certificate(keys.cert), 'idp.crt')] }, expected: { audience: app.identifiers[0] ?? '', recipient: reply } }));
    assert.ok(r.ok);
    assert.equal(r.value.signature.status, 'valid');
    const m = analyzeMapping(r.value, config, 'spark-keycloak');
    assert.ok(m.ok);
    assert.equal(m.value.accepted, false);
    // Destination and SubjectConfirmationData@Recipient both name the other URL.
    assert.deepEqual([...new Set(m.value.rejectedBy?.map((x) => x.id))], ['saml.recipient-mismatch']);
    assert.deepEqual(m.value.teams, ['tenant-admin'], 'what the rules would give');
    const text = presentReport(withMapping(r.value, m.value)).flatMap((s) => s.rows.map((row) => `${row.label}: ${row.value}`)).join('\n');
    assert.match(text, /Sign-in: rejected: the response fails validation/);
    assert.match(text, /Teams \(would be, if accepted\): tenant-admin/);
  });
});
