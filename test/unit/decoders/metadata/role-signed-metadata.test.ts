import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import { inspectMetadataXml } from '../../../../src/decoders/metadata';

/**
 * Issue 15, class 4: SP metadata written by samlify (a real SAML implementation), then signed on its
 * SPSSODescriptor by xml-crypto, as Shibboleth and some ADFS exports sign at role level.
 */
interface Pems {
  private: string;
  cert: string;
}
let signer: Pems;
let other: Pems;
let roleSigned: string;

function signRole(xml: string, keys: Pems): string {
  const sig = new SignedXml({ privateKey: keys.private, publicCert: keys.cert, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  sig.addReference({ xpath: "//*[@ID='_sp-role']", transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(xml, { location: { reference: "//*[@ID='_sp-role']", action: 'prepend' } });
  return sig.getSignedXml();
}

const trustOf = (p: Pems) => ({ keys: [keyFromCertificate(new X509Certificate(p.cert), 'metadata-signer.crt')] });
const NOW = new Date();

describe('issue 15: metadata signed at role level (class 4)', () => {
  before(async () => {
    const make = (cn: string) => generate([{ name: 'commonName', value: cn }], { keySize: 2048, algorithm: 'sha256' });
    [signer, other] = await Promise.all([make('Federation signer'), make('Someone else')]);
    samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
    const sp = samlify.ServiceProvider({ entityID: 'https://sp.example/metadata', assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: 'https://sp.example/acs' }], signingCert: signer.cert });
    const metadata = sp.getMetadata();
    const withId = metadata.replace(/<(\w+:)?SPSSODescriptor\b/, (m) => `${m} ID="_sp-role"`);
    assert.notEqual(withId, metadata);
    roleSigned = signRole(withId, signer);
  });

  it('verifies a signature on SPSSODescriptor and says it covers that role only', () => {
    const r = inspectMetadataXml(roleSigned, defaultInspectOptions({ now: NOW, trust: trustOf(signer) }));
    assert.equal(r.signature.status, 'valid', JSON.stringify(r));
    assert.deepEqual(r.signature.signedElements, ['sp-sso-descriptor']);
    assert.match(r.signature.detail ?? '', /signed at role level.*covers the SPSSODescriptor only.*not the entityID/);
  });

  it('reports role-level metadata signed by another key as invalid, and without trust as not checked', () => {
    const wrongKey = inspectMetadataXml(roleSigned, defaultInspectOptions({ now: NOW, trust: trustOf(other) }));
    assert.equal(wrongKey.signature.status, 'invalid');
    assert.ok(wrongKey.findings.some((f) => f.id === 'metadata.signature-invalid'));
    const noTrust = inspectMetadataXml(roleSigned, defaultInspectOptions({ now: NOW }));
    assert.equal(noTrust.signature.status, 'not-checked');
    assert.match(noTrust.findings.find((f) => f.id === 'metadata.signature-not-checked')?.message ?? '', /signed at role level \(SPSSODescriptor\)/);
  });

  it('catches an ACS changed after the role was signed', () => {
    const tampered = roleSigned.replace('https://sp.example/acs', 'https://attacker.example/acs');
    const r = inspectMetadataXml(tampered, defaultInspectOptions({ now: NOW, trust: trustOf(signer) }));
    assert.equal(r.signature.status, 'invalid');
    assert.match(r.findings.find((f) => f.id === 'metadata.signature-invalid')?.message ?? '', /digest does not match/);
  });

  it('leaves metadata with no signature anywhere unsigned', () => {
    const unsigned = roleSigned.replace(/<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/, '');
    assert.equal(inspectMetadataXml(unsigned, defaultInspectOptions({ now: NOW, trust: trustOf(signer) })).signature.status, 'unsigned');
  });
});
