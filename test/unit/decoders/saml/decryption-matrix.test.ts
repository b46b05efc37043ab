import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { InspectReport } from '../../../../src/decoders/result';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../../builders/samlify-minter';

/**
 * Every key transport × content encryption the decoder promises (issue 3): assertions encrypted by
 * samlify (a real SAML IdP implementation) with each pair, decrypted with the SP key, the inner
 * signature verified with the IdP certificate, and the weak algorithms pointed out (RSA 1.5 as a
 * warning, AES-CBC as info, as inspect-message.ts grades them).
 */
const TENANT = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
const ISSUER = `https://sts.windows.net/${TENANT}/`;
const SP_ENTITY = 'https://sp.test.example/saml/metadata';
const ACS = 'https://sp.test.example/saml/acs';
const GIVENNAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname';

const KEY_TRANSPORT = {
  'RSA-OAEP-MGF1P': 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  'RSA 1.5': 'http://www.w3.org/2001/04/xmlenc#rsa-1_5',
} as const;
const CONTENT = {
  'AES-128-CBC': 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'AES-256-CBC': 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'AES-128-GCM': 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'AES-256-GCM': 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
} as const;

type Pems = SamlKeys;
let idp: Pems;
let sp: Pems;
let other: Pems;

/** A response whose signed assertion samlify encrypts for the SP with this key transport and content algorithm. */
function mintEncrypted(keyAlgorithm: string, dataAlgorithm: string): Promise<string> {
  return mintSamlResponse({
    keys: idp,
    issuer: ISSUER,
    audience: SP_ENTITY,
    acs: ACS,
    nameId: 'AdeleV@contoso.example',
    attributes: [[GIVENNAME, ['Adele']]],
    encrypt: { cert: sp.cert, keyAlgorithm, dataAlgorithm },
  });
}

async function inspect(b64: string, decryptWith: Pems = sp): Promise<InspectReport> {
  const r = await inspectArtifact(
    Buffer.from(b64),
    defaultInspectOptions({
      trust: { keys: [keyFromCertificate(new X509Certificate(idp.cert), 'idp.crt')] },
      decryptionKeys: [createPrivateKey(decryptWith.private)],
      expected: { audience: SP_ENTITY, recipient: ACS },
    }),
  );
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const weak = (r: InspectReport) =>
  r.findings
    .filter((f) => f.id === 'saml.weak-encryption')
    .map((f) => `${f.severity} ${/RSA PKCS#1 v1.5/.test(f.message) ? 'rsa-1_5' : /AES-CBC/.test(f.message) ? 'aes-cbc' : f.message}`)
    .sort();

describe('SAML EncryptedAssertion: key transport × content encryption', () => {
  before(async () => {
    [idp, sp, other] = await Promise.all([makeSamlKeys('Test Entra IdP'), makeSamlKeys('Test SP'), makeSamlKeys('Another SP')]);
  });

  for (const [keyName, keyAlg] of Object.entries(KEY_TRANSPORT)) {
    for (const [dataName, dataAlg] of Object.entries(CONTENT)) {
      it(`${keyName} + ${dataName}: decrypts, verifies the inner signature, grades the algorithms`, async () => {
        const r = await inspect(await mintEncrypted(keyAlg, dataAlg));
        const data = r.data as SamlMessageData;
        assert.deepEqual(data.encryptedAssertion && { data: data.encryptedAssertion.dataAlgorithm, key: data.encryptedAssertion.keyTransportAlgorithm, decrypted: data.encryptedAssertion.decrypted }, { data: dataAlg, key: keyAlg, decrypted: true });
        assert.ok(!r.findings.some((f) => f.id === 'saml.decrypt-failed'), JSON.stringify(r.findings));
        assert.equal(r.signature.status, 'valid', 'the decrypted assertion carries the IdP signature, checked against the IdP certificate');
        assert.deepEqual(r.signature.signedElements, ['assertion']);
        const a = data.assertions[0];
        assert.equal(a?.nameId?.value, 'AdeleV@contoso.example');
        assert.deepEqual(a?.attributes.find((x) => x.name === GIVENNAME)?.values, ['Adele']);
        const expected = [...(keyName === 'RSA 1.5' ? ['warning rsa-1_5'] : []), ...(dataName.endsWith('CBC') ? ['info aes-cbc'] : [])].sort();
        assert.deepEqual(weak(r), expected);
      });
    }
  }

  it('RSA 1.5 with the wrong private key: decrypt-failed that says the key does not fit, not a crash', async () => {
    const r = await inspect(await mintEncrypted(KEY_TRANSPORT['RSA 1.5'], CONTENT['AES-256-GCM']), other);
    const failed = r.findings.find((f) => f.id === 'saml.decrypt-failed');
    assert.match(failed?.message ?? '', /cannot be unwrapped with this private key/);
    assert.equal((r.data as SamlMessageData).encryptedAssertion?.decrypted, false);
    assert.deepEqual((r.data as SamlMessageData).assertions, []);
  });
});
