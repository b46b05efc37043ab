/**
 * Issue 15, class 8: a certificate that parses as X.509 but whose SubjectPublicKeyInfo is broken.
 * OpenSSL reads the key lazily, so without care this threw "digital envelope routines::decode
 * error" out of trust loading, summaries and JWKS x5c. The certificate is minted by `selfsigned`
 * in the test; only the first byte of the key's inner SEQUENCE is changed (as a fuzzer would).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { parseJwks } from '../../../../src/decoders/jwt/jwks';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import { certificateFromBase64, parseCertificates } from '../../../../src/decoders/x509/certificate';
import { findingIds, inspectToReport } from '../../../builders/fixtures';

const RSA_ALGORITHM_IDENTIFIER = Buffer.from('06092a864886f70d0101010500', 'hex');

let good: X509Certificate;
let broken: Buffer;
let brokenPem: string;

before(async () => {
  const r = await generate([{ name: 'commonName', value: 'broken-key.example' }], { keyType: 'rsa', keySize: 2048, algorithm: 'sha256' });
  good = new X509Certificate(r.cert);
  broken = Buffer.from(good.raw);
  // AlgorithmIdentifier, then BIT STRING 03 82 01 0f 00, then the RSAPublicKey SEQUENCE (30 …).
  const at = broken.indexOf(RSA_ALGORITHM_IDENTIFIER) + RSA_ALGORITHM_IDENTIFIER.length + 5;
  assert.equal(broken[at], 0x30);
  broken[at] = 0x04;
  brokenPem = `-----BEGIN CERTIFICATE-----\n${broken.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  // The premise: node still parses it, and reading the key throws.
  const raw = new X509Certificate(broken);
  assert.throws(() => raw.publicKey, /decode/);
});

describe('certificates with an unreadable public key', () => {
  test('parseCertificates (PEM and DER) answers cert.malformed', () => {
    for (const input of [Buffer.from(brokenPem), broken]) {
      const r = parseCertificates(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.id, 'cert.malformed');
        assert.match(r.error.message, /public key/);
      }
    }
  });

  test('XML <ds:X509Certificate> base64 answers cert.malformed', () => {
    const r = certificateFromBase64(broken.toString('base64'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.id, 'cert.malformed');
  });

  test('--trust with such a certificate answers cert.malformed, not an exception', () => {
    const r = loadTrustMaterial(Buffer.from(brokenPem), 'idp.pem');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.id, 'cert.malformed');
  });

  test('a JWKS key with such an x5c keeps its key parameters and drops the certificate', () => {
    const jwk = { ...good.publicKey.export({ format: 'jwk' }), kid: 'k1', x5c: [broken.toString('base64')] };
    const r = parseJwks({ keys: [jwk] }, 'jwks');
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.value.keys.length, 1);
      assert.equal(r.value.keys[0]?.certificate, undefined);
    }
  });

  test('inspect of the certificate is a report with cert.malformed', async () => {
    for (const input of [Buffer.from(brokenPem), broken]) {
      const report = await inspectToReport(input);
      assert.ok(findingIds(report).includes('cert.malformed'), JSON.stringify(report.findings));
      for (const f of report.findings) assert.equal(typeof f.message, 'string');
    }
  });
});
