/** Certificates as `sso-lens inspect` shows them: subject, validity, SHA-1 (as Entra shows) and SHA-256. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import type { CertificateData } from '../../../../src/decoders/x509/inspect-certificate';
import { certificateFindings } from '../../../../src/decoders/x509/certificate';
import { certificateSignatureOid } from '../../../../src/decoders/x509/der';
import { corpusOptions, findingIds, inspectToReport, readFixture } from '../../../builders/fixtures';

/** Expected values read with OpenSSL (see test/fixtures/x509/PROVENANCE.md). */
const CERTS = [
  { file: 'corpus-idp-signing.crt', subject: 'CN=Corpus Test IdP (Entra-like tenant)', notAfter: '2045-01-01T00:00:00.000Z', sha1: 'EDA211F9BCD75689514F4141D509D25191718CCF', sha256: '6F1F6306C856C10489754489914F9022F79469D232CCA2576113BFA7159F9069', alg: 'sha256WithRSAEncryption', key: 'RSA 2048 bit', findings: [] },
  { file: 'entra-2014-federationmetadata.signing-cert-B.pem', subject: 'CN=accounts.accesscontrol.windows.net', notAfter: '2016-10-27T00:00:00.000Z', sha1: '3270BF5597004DF339A4E62224731B6BD82810A6', sha256: '2B0182D8762DF9039F7938E3123623C8E73BD7BAA64C6459042F87FCBC843720', alg: 'sha256WithRSAEncryption', key: 'RSA 2048 bit', findings: ['cert.expired'] },
  { file: 'feide-openidp.crt', subject: 'C=NO, ST=Trondheim, O=UNINETT, OU=Feide, CN=openidp.feide.no, emailAddress=andreas.solberg@uninett.no', notAfter: '2035-09-23T09:22:48.000Z', sha1: 'C9ED4DFB07CAF13FC21E0FEC1572047EB8A7A4CB', sha256: 'FCC6E3EEDBAF272A76A8EB228D0FAC794C7E1B408FB87D29E6C1B44089471153', alg: 'sha1WithRSAEncryption', key: 'RSA 1024 bit', findings: ['cert.weak-signature'] },
  { file: 'rubysaml-okta-2012-signing-cert.pem', subject: 'C=US, ST=California, L=San Francisco, O=Okta, OU=SSOProvider, CN=sbkinney, emailAddress=info@okta.com', notAfter: '2042-05-03T20:58:27.000Z', sha1: '04104A67FE96453182BD59584171861F429BCDB4', sha256: '88B8C6CF64B06F5E9E330053AD9A6B5040840D9FBDE772EFC831FD827EAAE1A2', alg: 'sha1WithRSAEncryption', key: 'RSA 1024 bit', findings: ['cert.weak-signature'] },
];

describe('certificates from the corpus', () => {
  for (const c of CERTS) {
    test(`${c.file}: subject, notAfter, thumbprints and algorithm as OpenSSL reads them`, async () => {
      const report = await inspectToReport(readFixture('x509', c.file));
      assert.equal(report.kind, 'certificate');
      assert.equal(report.signature.status, 'not-checked');
      assert.deepEqual(findingIds(report), c.findings);
      const [summary] = (report.data as CertificateData).certificates;
      assert.equal(summary?.subject, c.subject);
      assert.equal(summary?.notAfter.utc, c.notAfter);
      assert.equal(summary?.sha1Thumbprint, c.sha1);
      assert.equal(summary?.sha256Thumbprint, c.sha256);
      assert.equal(summary?.signatureAlgorithm, c.alg);
      assert.equal(summary?.publicKey, c.key);
      assert.equal(summary?.selfSigned, true);
    });
  }

  test('the same certificate as DER bytes gives the same report', async () => {
    const der = new X509Certificate(readFixture('x509', 'corpus-idp-signing.crt')).raw;
    const report = await inspectToReport(der);
    assert.equal(report.kind, 'certificate');
    assert.equal((report.data as CertificateData).certificates[0]?.sha1Thumbprint, 'EDA211F9BCD75689514F4141D509D25191718CCF');
  });

  test('a PEM bundle lists every certificate, and findings say which one', async () => {
    const bundle = Buffer.concat([readFixture('x509', 'corpus-idp-signing.crt'), readFixture('x509', 'entra-2014-federationmetadata.signing-cert-B.pem')]);
    const report = await inspectToReport(bundle);
    assert.equal((report.data as CertificateData).certificates.length, 2);
    assert.match(report.findings.find((f) => f.id === 'cert.expired')?.message ?? '', /CN=accounts\.accesscontrol\.windows\.net \(2 of 2\) expired 10 y \d+ d ago \(notAfter 2016-10-27T00:00:00\.000Z\)/);
  });

  test('expiring within 30 days is a warning; before notBefore an error', () => {
    const cert = new X509Certificate(readFixture('x509', 'corpus-idp2-signing.crt'));
    assert.deepEqual(certificateFindings(cert, new Date('2045-05-20T00:00:00Z'), 'it').map((f) => [f.id, f.severity]), [['cert.expiring', 'warning']]);
    assert.deepEqual(certificateFindings(cert, new Date('2025-05-01T00:00:00Z'), 'it').map((f) => [f.id, f.severity]), [['cert.not-yet-valid', 'error']]);
    assert.deepEqual(certificateFindings(cert, new Date('2045-06-01T00:00:00Z'), 'it').map((f) => f.id), ['cert.expired']);
  });

  test('a damaged PEM is cert.malformed, a truncated DER never throws', async () => {
    const pem = readFixture('x509', 'corpus-idp-signing.crt').toString('latin1').replace(/MII[A-Za-z]/, 'MII!');
    const report = await inspectToReport(pem, corpusOptions());
    assert.deepEqual(findingIds(report), ['cert.malformed']);
    const der = new X509Certificate(readFixture('x509', 'corpus-idp-signing.crt')).raw;
    for (let n = 2; n < der.length; n += 97) {
      assert.equal(certificateSignatureOid(der.subarray(0, n)), undefined);
      const { inspectArtifact } = await import('../../../../src/decoders/inspect');
      const r = await inspectArtifact(der.subarray(0, n), corpusOptions());
      assert.equal(typeof r.ok, 'boolean');
    }
  });
});
