/**
 * XML signatures checked on the parsed DOM (issue 12): the verdict is xml-crypto's
 * `checkSignature` verdict on the same text, for real signed responses and for altered copies of
 * them; references resolve by ID with xml-crypto's duplicate refusal; comments are dropped from the
 * digest; the document is left exactly as it was found.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import type { TrustMaterial } from '../../../../src/decoders/keys/trusted-key';
import { checkEnvelopedSignature } from '../../../../src/decoders/saml/verify-signature';
import { resolveReference } from '../../../../src/decoders/saml/xmldsig-in-dom';
import { descendants, NS } from '../../../../src/decoders/saml/xml-names';
import { corpusOptions, FIXTURES_DIR, inspectToReport } from '../../../builders/fixtures';

const DIR = join(FIXTURES_DIR, 'saml', 'saml-response');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);

/** Real signed responses (see PROVENANCE in the fixture folder) and the certificate that signed each. */
const SIGNED = [
  { file: 'entra-2015-signed-assertion.xml', cert: 'entra-2015-signing-cert.pem', intact: true },
  { file: 'gen-signed-response-and-assertion.xml', cert: 'corpus-idp-signing.crt', intact: true },
  // ruby-saml's test response does not verify as published (a digest mismatch, for xml-crypto too).
  { file: 'rubysaml-okta-2012-signed-assertion.xml', cert: 'rubysaml-okta-2012-signing-cert.pem', intact: false },
];

function trustOf(cert: string): TrustMaterial {
  const t = loadTrustMaterial(Buffer.from(read(cert)), cert);
  assert.ok(t.ok);
  return t.value;
}

/** Each ds:Signature with the element it is enveloped in. */
function signaturesOf(doc: Document): Array<{ sig: Element; parent: Element }> {
  return descendants(doc, NS.dsig, 'Signature').map((sig) => ({ sig, parent: sig.parentNode as Element }));
}

/** xml-crypto's own answer on the text, with only the trusted certificate. */
function xmlCryptoSays(xml: string, sig: Element, cert: string): boolean {
  const signed = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
  try {
    signed.loadSignature(new XMLSerializer().serializeToString(sig));
    return signed.checkSignature(xml) && signed.getSignedReferences().length === 1;
  } catch {
    return false;
  }
}

/** Alterations an attacker or a broken proxy makes to a signed response. */
const VARIANTS: Array<[string, (xml: string) => string]> = [
  ['as signed', (x) => x],
  ['an attribute value changed', (x) => x.replace(/(<(?:\w+:)?AttributeValue[^>]*>)([^<])/, '$1X$2')],
  ['the NameID changed', (x) => x.replace(/(<(?:\w+:)?NameID[^>]*>)([^<])/, '$1x$2')],
  ['a comment inside the NameID', (x) => x.replace(/(<(?:\w+:)?NameID[^>]*>)([^<]{3})/, '$1$2<!-- c -->')],
  ['white space between elements', (x) => x.replace(/(<\/(?:\w+:)?Issuer>)/, '$1 ')],
  ['a DigestValue changed', (x) => x.replace(/(<(?:\w+:)?DigestValue>)(.)/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'))],
  // Exclusive C14N then writes xmlns declarations onto the element it canonicalizes (a clone).
  ['an InclusiveNamespaces prefix list naming an ancestor prefix', (x) => x.replace(/<((?:\w+:)?)Transform Algorithm="http:\/\/www\.w3\.org\/2001\/10\/xml-exc-c14n#"\s*\/>/g, '<$1Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="samlp saml xs"/></$1Transform>')],
  ['a SignatureValue changed', (x) => x.replace(/(<(?:\w+:)?SignatureValue>)(.)/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'))],
];

describe('XML signatures on the parsed DOM agree with xml-crypto', () => {
  for (const { file, cert, intact } of SIGNED) {
    it(`${file}: every signature, as signed and altered`, { timeout: 120_000 }, () => {
      const pem = read(cert);
      const trust = trustOf(cert);
      for (const [name, change] of VARIANTS) {
        const xml = change(read(file));
        const doc = parse(xml);
        const before = serialize(doc);
        for (const { sig, parent } of signaturesOf(doc)) {
          const ours = checkEnvelopedSignature(xml, sig, parent, trust);
          assert.equal(serialize(doc), before, `${file}, ${name}: the document is left as found`);
          assert.equal(ours.outcome === 'valid', xmlCryptoSays(xml, sig, pem), `${file}, ${name}, signature in <${parent.localName}>: ${ours.detail}`);
          if (name === 'as signed') assert.equal(ours.outcome === 'valid', intact);
        }
      }
    });
  }

  it('a comment inside a signed value is dropped from the digest and stays in the document', () => {
    const xml = read('gen-signed-response-and-assertion.xml').replace('AdeleV@contoso.example', 'AdeleV@evil.example<!---->.contoso.example');
    const doc = parse(xml);
    const before = serialize(doc);
    for (const { sig, parent } of signaturesOf(doc)) {
      // Changed text (not only the comment), so the digest no longer matches: the comment did not hide it.
      assert.equal(checkEnvelopedSignature(xml, sig, parent, trustOf('corpus-idp-signing.crt')).outcome, 'invalid');
    }
    assert.equal(serialize(doc), before);
    const onlyComment = read('gen-signed-response-and-assertion.xml').replace('AdeleV@contoso.example', 'AdeleV@<!-- x -->contoso.example');
    const doc2 = parse(onlyComment);
    const before2 = serialize(doc2);
    for (const { sig, parent } of signaturesOf(doc2)) assert.equal(checkEnvelopedSignature(onlyComment, sig, parent, trustOf('corpus-idp-signing.crt')).outcome, 'valid');
    assert.equal(serialize(doc2), before2, 'comments and Signatures are back in place');
  });

  it('the document is left as found also when canonicalization throws', () => {
    // An empty processing instruction is a node xml-crypto's canonicalizer refuses (it throws).
    const xml = read('gen-signed-response-and-assertion.xml').replace(/(<\/(?:\w+:)?Issuer>)/g, '$1<?pi?>');
    const doc = parse(xml);
    const before = serialize(doc);
    for (const { sig, parent } of signaturesOf(doc)) {
      assert.notEqual(checkEnvelopedSignature(xml, sig, parent, trustOf('corpus-idp-signing.crt')).outcome, 'valid');
      assert.equal(serialize(doc), before);
    }
  });
});

describe('references resolve by ID attribute, refusing duplicates as xml-crypto does', () => {
  const dupMessage = /multiple elements with the same value/;
  it('one element with the ID resolves to it; none is a validation error', () => {
    const doc = parse('<r><a ID="x"/><b ID="y"/></r>');
    assert.equal(resolveReference(doc, { uri: '#y' }).element.localName, 'b');
    assert.equal(resolveReference(doc, { uri: '' }).element.localName, 'r');
    assert.throws(() => resolveReference(doc, { uri: '#z' }), /could not find such element/);
    assert.throws(() => resolveReference(doc, { uri: "#x' or '1'='1" }), /quotes/);
  });
  it('two elements carrying the value under ID, Id, id or a namespaced ID are refused', () => {
    for (const xml of ['<r><a ID="x"/><b ID="x"/></r>', '<r><a ID="x"/><b Id="x"/></r>', '<r><a id="x"/><b ID="x"/></r>', '<r xmlns:p="urn:p"><a ID="x"/><b p:ID="x"/></r>', '<r><a ID="x" Id="x"/></r>']) {
      assert.throws(() => resolveReference(parse(xml), { uri: '#x' }), dupMessage, xml);
    }
  });

  it('a signed response with its assertion ID copied onto another element is duplicate-id, and inspect calls it wrapping', async () => {
    const xml = read('gen-signed-response-and-assertion.xml');
    const assertionId = /<Assertion[^>]* ID="([^"]+)"/.exec(xml)?.[1];
    assert.ok(assertionId);
    const wrapped = xml.replace(/<Issuer /, `<Issuer ID="${assertionId}" `);
    const doc = parse(wrapped);
    const assertionSig = signaturesOf(doc).find((s) => s.parent.localName === 'Assertion');
    assert.ok(assertionSig);
    assert.equal(checkEnvelopedSignature(wrapped, assertionSig.sig, assertionSig.parent, trustOf('corpus-idp-signing.crt')).outcome, 'duplicate-id');
    const report = await inspectToReport(wrapped, corpusOptions({ trust: trustOf('corpus-idp-signing.crt') }));
    assert.equal(report.signature.status, 'invalid');
    assert.ok(report.findings.some((f) => f.id === 'saml.signature-wrapping'));
  });

  it('a wrapped assertion (the signed one moved into Extensions, a forged one read) never verifies', async () => {
    const xml = read('entra-2015-signed-assertion.xml');
    const signed = /<Assertion[\s\S]*<\/Assertion>/.exec(xml)?.[0];
    assert.ok(signed);
    const forged = signed.replace(/(<NameID[^>]*>)[^<]*/, '$1admin@contoso.example').replace(/<Signature[\s\S]*<\/Signature>/, '');
    const wrapped = xml.replace(signed, `${forged}`).replace(/(<samlp:Status)/, `<samlp:Extensions>${signed}</samlp:Extensions>$1`);
    const report = await inspectToReport(wrapped, corpusOptions({ trust: trustOf('entra-2015-signing-cert.pem') }));
    assert.equal(report.signature.status, 'invalid');
    assert.ok(report.findings.some((f) => f.id === 'saml.signature-wrapping' || f.id === 'saml.unsigned'), report.findings.map((f) => f.id).join());
  });

  it('a copy of the Signature (same SignatureValue) elsewhere in the document is refused', () => {
    const xml = read('gen-signed-response-and-assertion.xml');
    const sigXml = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)?.[0];
    assert.ok(sigXml);
    const copied = xml.replace(/(<\/(?:\w+:)?Issuer>)/, `$1<Extensions xmlns="urn:oasis:names:tc:SAML:2.0:protocol">${sigXml}</Extensions>`);
    const doc = parse(copied);
    const first = signaturesOf(doc)[0];
    assert.ok(first);
    const check = checkEnvelopedSignature(copied, first.sig, first.parent, trustOf('corpus-idp-signing.crt'));
    assert.notEqual(check.outcome, 'valid');
  });
});
