import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK } from 'jose';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { analyzeMapping, pickApp } from '../../../../src/model/mapping';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { example } from '../helpers';
import { rsaKeyPair } from '../../../builders/rsa-key-pair';

/**
 * An encrypted ID token (JWE) issued by a real OpenID provider (oidc-provider, RSA-OAEP-256/A256GCM)
 * maps through the Palette app once it is decrypted, and says why it cannot be mapped when it is not.
 */
const PALETTE_CLIENT = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const ADMINS = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const recipient = rsaKeyPair(2048);
let idp: OidcHarness;

describe('mapping analysis: an encrypted ID token', () => {
  before(async () => {
    const key = { ...(await exportJWK(recipient.publicKey)), kid: 'enc-1', use: 'enc', alg: 'RSA-OAEP-256' };
    idp = await startOidcProvider([await providerSigningKey('k1')], {
      clientId: PALETTE_CLIENT,
      claims: { ver: '2.0', email: 'jane.doe@example.com', preferred_username: 'jane.doe@example.com', groups: [ADMINS] },
      encryptIdTokens: { alg: 'RSA-OAEP-256', enc: 'A256GCM', key },
    });
  });
  after(async () => idp.close());

  it('decrypted with the private key, it lands in the team named by its group object ID', async () => {
    const jwe = await idp.issueIdToken();
    assert.equal(jwe.split('.').length, 5, 'the provider issued a compact JWE');
    const report = await inspectArtifact(Buffer.from(jwe), { ...defaultInspectOptions(), decryptionKeys: [recipient.privateKey] });
    assert.ok(report.ok);
    assert.equal(report.value.kind, 'jwe');
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app && app.protocol === 'oidc');
    app.issuer = idp.issuer; // the local provider stands in for Entra
    assert.deepEqual(pickApp(report.value, config), { ok: true, appId: 'palette' });
    const m = analyzeMapping(report.value, config, 'palette');
    assert.ok(m.ok, m.ok ? '' : m.message);
    assert.equal(m.value.artifact.kind, 'jwe');
    assert.deepEqual(m.value.teams, [ADMINS]);
    assert.equal(m.value.attributes.find((a) => a.name === 'email')?.value, 'jane.doe@example.com');
  });

  it('without the key there are no claims, and the reason says to give the private key', async () => {
    const report = await inspectArtifact(Buffer.from(await idp.issueIdToken()), defaultInspectOptions());
    assert.ok(report.ok);
    const m = analyzeMapping(report.value, example('palette'), 'palette');
    assert.ok(m.ok, m.ok ? '' : m.message);
    assert.equal(m.value.analyzed, false);
    assert.match(m.value.reason ?? '', /encrypted \(JWE\).*private key/);
  });
});
