/**
 * Issue 15, class 12: names that are also `Object.prototype` properties. Every table keyed by input
 * must answer "not in the table" for `constructor`, `toString`, `__proto__`…; before, a JWT
 * header member or XML-Enc Algorithm named `constructor` returned a function and the text report
 * ended in "internal error: e.replace is not a function". Each name goes through every such lookup
 * we can reach from input: JWT/JWE header members and `alg`, claim names, XML-Enc Algorithm,
 * NameID Format, StatusCode, AuthnContextClassRef, attribute names, metadata bindings, OAuth errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatReport } from '../../../src/cli/format-report';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { ownEntry } from '../../../src/decoders/own-entry';
import type { InspectReport } from '../../../src/decoders/result';
import { emittedIdTokenClaims } from '../../../src/model/emitted-claims';
import type { OidcApp, Provider } from '../../../src/model/config-types';
import { presentReport } from '../../../src/present/present-report';
import { corpusOptions } from '../../builders/fixtures';
import { b64url, compact } from '../../builders/jwt-builder';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

async function reportOf(input: string): Promise<InspectReport | undefined> {
  const r = await inspectArtifact(Buffer.from(input, 'utf8'), corpusOptions());
  if (!r.ok) {
    assert.equal(typeof r.error.message, 'string');
    return undefined;
  }
  const report = r.value;
  for (const f of report.findings) assert.equal(typeof f.message, 'string', `${f.id} has no string message (${input.slice(0, 80)})`);
  JSON.stringify(report);
  presentReport(report);
  const text = formatReport(report);
  assert.doesNotMatch(text, /internal error|is not a function/);
  return report;
}

function samlResponse(name: string): string {
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2026-11-22T06:00:00Z" Destination="https://sp.example/acs">
  <saml:Issuer>https://idp.example/</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="${name}"><samlp:StatusCode Value="${name}"/></samlp:StatusCode></samlp:Status>
  <saml:Assertion ID="_a" Version="2.0" IssueInstant="2026-11-22T06:00:00Z">
    <saml:Issuer>https://idp.example/</saml:Issuer>
    <saml:Subject><saml:NameID Format="${name}">user@example.com</saml:NameID></saml:Subject>
    <saml:AuthnStatement AuthnInstant="2026-11-22T06:00:00Z"><saml:AuthnContext><saml:AuthnContextClassRef>${name}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
    <saml:AttributeStatement><saml:Attribute Name="${name}"><saml:AttributeValue>v</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

function encryptedResponse(name: string): string {
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2026-11-22T06:00:00Z">
  <saml:Issuer>https://idp.example/</saml:Issuer>
  <saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">
    <xenc:EncryptionMethod Algorithm="${name}"/>
    <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="${name}"/><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>
    <xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>
  </xenc:EncryptedData></saml:EncryptedAssertion>
</samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

function metadata(name: string): string {
  return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example/"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:NameIDFormat>${name}</md:NameIDFormat><md:SingleSignOnService Binding="${name}" Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

describe('Object.prototype names through every input-keyed table', () => {
  test('ownEntry answers only for own keys', () => {
    const table: Readonly<Record<string, string>> = { RS256: 'RSA' };
    for (const n of NAMES) assert.equal(ownEntry(table, n), undefined, n);
    assert.equal(ownEntry(table, 'RS256'), 'RSA');
  });

  test('JWT header members, alg and claim names', async () => {
    for (const n of NAMES) {
      const header = JSON.parse(`{"alg":${JSON.stringify(n)},"typ":"JWT",${JSON.stringify(n)}:"x"}`) as object;
      const payload = JSON.parse(`{"iss":"https://idp.example/",${JSON.stringify(n)}:"value"}`) as object;
      const report = await reportOf(compact(header, payload, 'c2ln'));
      assert.equal(report?.kind, 'jwt');
    }
  });

  test('JWE header members, alg and enc', async () => {
    for (const n of NAMES) {
      const header = JSON.parse(`{"alg":${JSON.stringify(n)},"enc":${JSON.stringify(n)},${JSON.stringify(n)}:"x"}`) as object;
      const jwe = [b64url(header), b64url('k'), b64url('iv'), b64url('ct'), b64url('tag')].join('.');
      const report = await reportOf(jwe);
      assert.equal(report?.kind, 'jwe');
    }
  });

  test('SAML StatusCode, NameID Format, AuthnContextClassRef, Attribute Name', async () => {
    for (const n of NAMES) assert.ok(await reportOf(samlResponse(n)), n);
  });

  test('XML-Enc Algorithm of an EncryptedAssertion', async () => {
    for (const n of NAMES) {
      const report = await reportOf(encryptedResponse(n));
      assert.ok(report, n);
      assert.ok(!report.findings.some((f) => f.id === 'saml.weak-encryption'), n);
    }
  });

  test('metadata binding and NameIDFormat', async () => {
    for (const n of NAMES) assert.ok(await reportOf(metadata(n)), n);
  });

  test('OAuth error codes in a redirect', async () => {
    for (const n of NAMES) await reportOf(`https://app.example/callback?error=${encodeURIComponent(n)}&error_description=AADSTS${encodeURIComponent(n)}&state=s`);
  });

  test('scopes in a config', () => {
    for (const n of NAMES) {
      const app = { id: 'a', protocol: 'oidc', clientId: 'c', scopes: [n] } as unknown as OidcApp;
      const provider = { id: 'p', type: 'oidc', emittedClaims: ['sub'], apps: [app] } as unknown as Provider;
      // An unknown scope adds nothing (before: a function, and iterating it threw).
      assert.deepEqual([...(emittedIdTokenClaims(app, provider) ?? [])], [...(emittedIdTokenClaims({ ...app, scopes: [] }, provider) ?? [])], n);
    }
  });
});
