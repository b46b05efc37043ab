import assert from 'node:assert/strict';
import { createCipheriv, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';
import { encryptKeyInfo } from 'xml-encryption';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { InspectReport } from '../../../../src/decoders/result';
import type { SamlMessageData } from '../../../../src/decoders/saml';

/**
 * Issue 15, classes 1–3: messages the peers (ruby-saml, xmlsec1) accept, minted here by xml-crypto
 * (signatures), xml-encryption (RSA key transport) and node:crypto (content encryption).
 */
interface Pems {
  private: string;
  public: string;
  cert: string;
}
let idp: Pems;
let sp: Pems;
const NOW = new Date('2026-11-22T06:00:00Z');
const P = 'urn:oasis:names:tc:SAML:2.0:protocol';
const A = 'urn:oasis:names:tc:SAML:2.0:assertion';

const assertionXml = (id: string) =>
  `<saml:Assertion ID="${id}" Version="2.0" IssueInstant="2026-11-22T05:59:00Z"><saml:Issuer>https://idp.example</saml:Issuer><saml:Subject><saml:NameID>adele@contoso.example</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="role"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">admin</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;
const responseXml = (inner: string) =>
  `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}" ID="_r1" Version="2.0" IssueInstant="2026-11-22T05:59:00Z"><saml:Issuer>https://idp.example</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${inner}</samlp:Response>`;

/** Signs the element with this ID (enveloped, exc-c14n, RSA-SHA256), the Signature after its Issuer. */
function sign(xml: string, id: string, keys: Pems = idp): string {
  const sig = new SignedXml({ privateKey: keys.private, publicCert: keys.cert, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  sig.addReference({ xpath: `//*[@ID='${id}']`, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(xml, { location: { reference: `//*[@ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** The block algorithm URIs of XML Encryption 1.1 §5.2 with node:crypto's names. */
const BLOCK: Array<[string, string, number, number]> = [
  ['http://www.w3.org/2001/04/xmlenc#tripledes-cbc', 'des-ede3-cbc', 24, 8],
  ['http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'aes-128-cbc', 16, 16],
  ['http://www.w3.org/2001/04/xmlenc#aes192-cbc', 'aes-192-cbc', 24, 16],
  ['http://www.w3.org/2001/04/xmlenc#aes256-cbc', 'aes-256-cbc', 32, 16],
  ['http://www.w3.org/2009/xmlenc11#aes128-gcm', 'aes-128-gcm', 16, 12],
  ['http://www.w3.org/2009/xmlenc11#aes192-gcm', 'aes-192-gcm', 24, 12],
  ['http://www.w3.org/2009/xmlenc11#aes256-gcm', 'aes-256-gcm', 32, 12],
];

/** An EncryptedAssertion for the SP: content by node:crypto (XML-Enc §5.2 padding / GCM tag), key by xml-encryption. */
async function encryptAssertion(plaintext: string, uri: string, keyTransport = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p'): Promise<string> {
  const [, cipher, keyBytes, ivBytes] = BLOCK.find(([u]) => u === uri) ?? assert.fail(uri);
  const key = randomBytes(keyBytes);
  const iv = randomBytes(ivBytes);
  let body: Buffer;
  if (cipher.endsWith('gcm')) {
    const c = createCipheriv(cipher as 'aes-128-gcm', key, iv);
    body = Buffer.concat([iv, c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  } else {
    const c = createCipheriv(cipher, key, iv);
    c.setAutoPadding(false);
    const data = Buffer.from(plaintext, 'utf8');
    const pad = ivBytes - (data.length % ivBytes);
    const padded = Buffer.concat([data, randomBytes(pad - 1), Buffer.from([pad])]);
    body = Buffer.concat([iv, c.update(padded), c.final()]);
  }
  const keyInfo = await new Promise<string>((resolve, reject) =>
    encryptKeyInfo(key, { rsa_pub: sp.public, pem: sp.cert, keyEncryptionAlgorithm: keyTransport, disallowEncryptionWithInsecureAlgorithm: false }, (e: Error | null, x?: string) => (e || !x ? reject(e ?? new Error('no key info')) : resolve(x))),
  );
  return `<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:EncryptionMethod Algorithm="${uri}"/>${keyInfo}<xenc:CipherData><xenc:CipherValue>${body.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`;
}

function options(o: Partial<InspectOptions> = {}): InspectOptions {
  return defaultInspectOptions({ now: NOW, trust: { keys: [keyFromCertificate(new X509Certificate(idp.cert), 'idp.crt')] }, decryptionKeys: [createPrivateKey(sp.private)], ...o });
}
async function inspect(xml: string, o: InspectOptions = options()): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(xml), o);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}
const ids = (r: InspectReport) => r.findings.map((f) => f.id);
const dataOf = (r: InspectReport) => r.data as SamlMessageData;

/** The signed assertion exactly as it sits in the signed Response text: its prefix declared on the Response. */
function signedAssertionWithoutOwnNamespace(): string {
  const signed = sign(responseXml(assertionXml('_a1')), '_a1');
  const start = signed.indexOf('<saml:Assertion');
  const text = signed.slice(start, signed.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
  assert.ok(!text.slice(0, text.indexOf('>')).includes('xmlns:saml'), 'the plaintext relies on the enclosing xmlns:saml');
  return text;
}

describe('issue 15: agreeing with the reference implementations (classes 1, 2, 3, 5)', () => {
  before(async () => {
    const make = async (cn: string) => generate([{ name: 'commonName', value: cn }], { keySize: 2048, algorithm: 'sha256' });
    [idp, sp] = await Promise.all([make('Test IdP'), make('Test SP')]);
  });

  it('class 1: decrypts an assertion whose saml prefix is declared on the enclosing Response, then verifies it', async () => {
    const enc = await encryptAssertion(signedAssertionWithoutOwnNamespace(), 'http://www.w3.org/2009/xmlenc11#aes256-gcm');
    const r = await inspect(responseXml(enc));
    assert.ok(!ids(r).includes('saml.decrypt-failed'), JSON.stringify(r.findings));
    assert.equal(r.signature.status, 'valid');
    assert.equal(dataOf(r).encryptedAssertion?.decrypted, true);
    assert.equal(dataOf(r).assertions[0]?.signed, true);
    assert.match(JSON.stringify(dataOf(r).assertions[0]), /adele@contoso\.example/);
  });

  it('class 1: the in-context assertion still fails when its content was changed after signing', async () => {
    const tampered = signedAssertionWithoutOwnNamespace().replace('adele@contoso.example', 'admin@contoso.example');
    const r = await inspect(responseXml(await encryptAssertion(tampered, 'http://www.w3.org/2009/xmlenc11#aes128-gcm')));
    assert.equal(r.signature.status, 'invalid');
    assert.ok(ids(r).includes('saml.signature-invalid'));
  });

  it('class 1: when decryption fails under a valid Response signature, the verdict is not "valid"', async () => {
    const enc = await encryptAssertion(signedAssertionWithoutOwnNamespace(), 'http://www.w3.org/2009/xmlenc11#aes256-gcm');
    const signedResponse = sign(responseXml(enc), '_r1');
    const other = await generate([{ name: 'commonName', value: 'Another SP' }], { keySize: 2048, algorithm: 'sha256' });
    const r = await inspect(signedResponse, options({ decryptionKeys: [createPrivateKey(other.private)] }));
    assert.ok(ids(r).includes('saml.decrypt-failed'));
    assert.equal(r.signature.status, 'not-checked');
    assert.match(r.signature.detail ?? '', /could not be decrypted.*neither read nor verified.*response signature itself verifies/);
    // With the right key the same message is valid.
    assert.equal((await inspect(signedResponse)).signature.status, 'valid');
  });

  for (const ws of [
    ['&#13; line ends (xmlsec1 output on Windows)', (b: string) => b.replace(/(.{64})/g, '$1&#13;\n')],
    ['LF every 76 characters', (b: string) => b.replace(/(.{76})/g, '$1\n')],
    ['spaces, tabs and &#xD;', (b: string) => `\n\t ${b.replace(/(.{40})/g, '$1 &#xD;\t')}\n`],
  ] as const) {
    it(`class 2: accepts white space in SignatureValue and X509Certificate base64: ${ws[0]}`, async () => {
      const signed = sign(responseXml(assertionXml('_a1')), '_a1');
      const spaced = signed.replace(/<SignatureValue>([^<]*)</, (_m, v: string) => `<SignatureValue>${ws[1](v)}<`).replace(/<X509Certificate>([^<]*)</, (_m, v: string) => `<X509Certificate>${ws[1](v)}<`);
      assert.notEqual(spaced, signed);
      const r = await inspect(spaced);
      assert.equal(r.signature.status, 'valid', JSON.stringify(r.findings));
      // The embedded certificate still reads: without trust it is "intact with the embedded certificate".
      const untrusted = await inspect(spaced, options({ trust: { keys: [] } }));
      assert.equal(untrusted.signature.status, 'not-checked');
      assert.match(untrusted.signature.detail ?? '', /verifies with the certificate the message carries .*which proves nothing about who signed it/);
      // And a change to the signed content is still caught with the same spacing.
      const tampered = await inspect(spaced.replace('adele@contoso.example', 'admin@contoso.example'));
      assert.equal(tampered.signature.status, 'invalid');
    });
  }

  for (const [uri] of BLOCK) {
    it(`class 3: decrypts and verifies content encrypted with ${uri.split('#')[1]}`, async () => {
      const inner = sign(responseXml(assertionXml('_a1')), '_a1');
      const assertion = inner.slice(inner.indexOf('<saml:Assertion'), inner.indexOf('</saml:Assertion>') + 17).replace('<saml:Assertion', `<saml:Assertion xmlns:saml="${A}"`);
      const r = await inspect(responseXml(await encryptAssertion(assertion, uri)));
      assert.ok(!ids(r).includes('saml.decrypt-failed'), JSON.stringify(r.findings));
      assert.equal(r.signature.status, 'valid');
      assert.equal(dataOf(r).encryptedAssertion?.dataAlgorithm, uri);
      const weak = r.findings.filter((f) => f.id === 'saml.weak-encryption').map((f) => f.message);
      if (uri.endsWith('-gcm')) assert.deepEqual(weak, []);
      else assert.equal(weak.length, 1, `${uri} is graded weak`);
    });
  }

  it('class 3: names RSA 1.5 key transport as the weak one, and still decrypts AES-192-CBC under it', async () => {
    const assertion = assertionXml('_a1').replace('<saml:Assertion', `<saml:Assertion xmlns:saml="${A}"`);
    const r = await inspect(responseXml(await encryptAssertion(assertion, 'http://www.w3.org/2001/04/xmlenc#aes192-cbc', 'http://www.w3.org/2001/04/xmlenc#rsa-1_5')), options({ trust: { keys: [] } }));
    assert.equal(dataOf(r).encryptedAssertion?.decrypted, true, JSON.stringify(r.findings));
    const weak = r.findings.filter((f) => f.id === 'saml.weak-encryption');
    assert.ok(weak.some((f) => f.severity === 'warning' && /RSA PKCS#1 v1\.5 key transport is weak/.test(f.message)));
    assert.ok(weak.some((f) => /AES-CBC/.test(f.message)));
  });

  it('class 3: a GCM ciphertext changed in transit fails with the tag message, and an unknown algorithm says so', async () => {
    const assertion = assertionXml('_a1').replace('<saml:Assertion', `<saml:Assertion xmlns:saml="${A}"`);
    const enc = await encryptAssertion(assertion, 'http://www.w3.org/2009/xmlenc11#aes192-gcm');
    const flipped = enc.replace(/<xenc:CipherValue>(.)/, (_m, c: string) => `<xenc:CipherValue>${c === 'A' ? 'B' : 'A'}`);
    const r = await inspect(responseXml(flipped));
    assert.match(r.findings.find((f) => f.id === 'saml.decrypt-failed')?.message ?? '', /authentication tag does not match/);
    const unknown = await inspect(responseXml(enc.replace('xmlenc11#aes192-gcm', 'xmlenc11#constructor')));
    assert.match(unknown.findings.find((f) => f.id === 'saml.decrypt-failed')?.message ?? '', /not an XML Encryption 1\.1 block algorithm/);
  });

  const withAdvice = (outerSubject: boolean, adviceId = '_adv1') =>
    `<saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-11-22T05:59:00Z"><saml:Issuer>https://idp.example</saml:Issuer>${outerSubject ? '<saml:Subject><saml:NameID>adele@contoso.example</saml:NameID></saml:Subject>' : ''}<saml:Advice><saml:Assertion ID="${adviceId}" Version="2.0" IssueInstant="2026-11-22T05:58:00Z"><saml:Issuer>https://other-idp.example</saml:Issuer><saml:Subject><saml:NameID>admin@contoso.example</saml:NameID></saml:Subject></saml:Assertion></saml:Advice><saml:AttributeStatement><saml:Attribute Name="role"><saml:AttributeValue>user</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;

  it('class 5: an assertion inside <saml:Advice> is not wrapping by itself', async () => {
    const r = await inspect(sign(responseXml(withAdvice(true)), '_a1'));
    assert.ok(!ids(r).includes('saml.signature-wrapping'), JSON.stringify(r.findings));
    assert.equal(r.signature.status, 'valid');
    assert.match(JSON.stringify(dataOf(r).assertions[0]), /adele@contoso\.example/);
  });

  it('class 5: an Advice assertion that could be read in place of the real one is flagged', async () => {
    const r = await inspect(sign(responseXml(withAdvice(false)), '_a1'));
    const wrapping = r.findings.find((f) => f.id === 'saml.signature-wrapping');
    assert.match(wrapping?.message ?? '', /Advice assertion's subject/);
    assert.equal(r.signature.status, 'invalid');
  });

  it('class 5: an Advice assertion reusing the real assertion ID is still caught as duplicate IDs', async () => {
    const r = await inspect(responseXml(withAdvice(true, '_a1')));
    assert.match(r.findings.find((f) => f.id === 'saml.signature-wrapping')?.message ?? '', /2 elements carry the ID "_a1"/);
  });

  it('class 5: a Reference URI="" (the whole document) inside the assertion gets its own message, not "wrapping"', async () => {
    const sig = new SignedXml({ privateKey: idp.private, publicCert: idp.cert, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    sig.addReference({ xpath: '/*', isEmptyUri: true, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    sig.computeSignature(responseXml(assertionXml('_a1')), { location: { reference: "//*[@ID='_a1']/*[local-name(.)='Issuer']", action: 'after' } });
    const signed = sig.getSignedXml();
    assert.match(signed, /URI=""/);
    const r = await inspect(signed);
    assert.ok(!ids(r).includes('saml.signature-wrapping'), JSON.stringify(r.findings));
    assert.match(r.findings.find((f) => f.id === 'saml.signature-invalid')?.message ?? '', /URI="", which signs the whole document.*URI="#_a1"/);
    assert.equal(r.signature.status, 'invalid');
  });
});
