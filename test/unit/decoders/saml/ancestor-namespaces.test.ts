/**
 * The namespaces a signed element inherits decide its canonical form, so the digest: ours must be what
 * xml-crypto computes (its `findAncestorNsForElement`, which the verifier used before), for every
 * element of real responses, of the signature-wrapping attack files, and of a response whose inner
 * elements redeclare, shadow and undeclare prefixes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DOMParser, type Element } from '@xmldom/xmldom';
// xml-crypto's helper as the reference; the product no longer imports this internal path.
import { findAncestorNsForElement } from 'xml-crypto/lib/utils';
import { ancestorNamespaces } from '../../../../src/decoders/saml/ancestor-namespaces';
import { allElements } from '../../../../src/decoders/saml/xml-names';
import { FIXTURES_DIR } from '../../../builders/fixtures';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

test('every element of real responses and attack files inherits what xml-crypto says it inherits', () => {
  const docs = [...xmlFiles(join(FIXTURES_DIR, 'saml', 'saml-response')), ...xmlFiles(join(FIXTURES_DIR, 'saml', 'attacks'))];
  assert.ok(docs.length >= 15);
  let withInherited = 0;
  for (const xml of docs) {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    for (const el of allElements(doc)) {
      const ours = ancestorNamespaces(el);
      assert.deepStrictEqual(ours, findAncestorNsForElement(el as never));
      if (ours.length > 0) withInherited++;
    }
  }
  assert.ok(withInherited > 100, 'the fixtures exercise inherited namespaces');
});

test('shadowed, undeclared and own prefixes: the nearest declaration wins, undeclarations and own prefixes drop out', () => {
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns="urn:outer" xmlns:x="urn:x1">
  <saml:Issuer>idp</saml:Issuer>
  <wrap xmlns="" xmlns:x="urn:x2" xmlnsfoo="not a declaration">
    <saml:Assertion xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="a1"><ds:Signature/></saml:Assertion>
  </wrap>
</samlp:Response>`;
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const assertion = doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion')[0] as Element;
  const signature = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0] as Element;
  assert.deepStrictEqual(ancestorNamespaces(assertion), findAncestorNsForElement(assertion as never));
  assert.deepStrictEqual(ancestorNamespaces(signature), findAncestorNsForElement(signature as never));
  // x from the nearest ancestor, samlp inherited, saml dropped (the element's own prefix), the default undeclared.
  // `xmlnsfoo` counts as a declaration of foo, as in xml-crypto (XML reserves names starting with "xml", so no
  // conforming document has one); the verdicts must stay xml-crypto's.
  assert.deepStrictEqual(
    ancestorNamespaces(assertion).map((n) => `${n.prefix}=${n.namespaceURI}`).sort(),
    ['foo=not a declaration', 'samlp=urn:oasis:names:tc:SAML:2.0:protocol', 'x=urn:x2'],
  );
});
