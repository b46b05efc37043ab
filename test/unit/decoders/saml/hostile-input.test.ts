import assert from 'node:assert/strict';
import { createPrivateKey, createSign, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { InspectReport } from '../../../../src/decoders/result';
import { recognizeSaml, type SamlMessageData } from '../../../../src/decoders/saml';
import { readFixture } from './fixture-cases';

const NOW = new Date('2026-11-22T06:00:00Z');
const opts = defaultInspectOptions({ now: NOW });

async function inspect(text: string | Buffer): Promise<{ report?: InspectReport; error?: string; ms: number }> {
  const t0 = Date.now();
  const r = await inspectArtifact(Buffer.from(text), opts);
  return r.ok ? { report: r.value, ms: Date.now() - t0 } : { error: r.error.id, ms: Date.now() - t0 };
}
const idsOf = (r: InspectReport | undefined) => (r?.findings ?? []).map((f) => f.id);

describe('hostile SAML input gives findings within bounded time', () => {
  it('refuses an XML bomb (billion laughs) before parsing', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>`;
    const r = await inspect(bomb);
    assert.deepEqual(idsOf(r.report), ['saml.doctype-forbidden']);
    assert.ok(r.ms < 1000);
  });

  it('refuses XXE (an external entity) in a base64 POST body', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>';
    const r = await inspect(Buffer.from(xxe).toString('base64'));
    assert.deepEqual(idsOf(r.report), ['saml.doctype-forbidden']);
  });

  it('reports 5 MB of junk XML as too large or malformed, quickly', async () => {
    const junk = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'<a>'.repeat(5 * 1024 * 1024 / 3)}`;
    const r = await inspect(junk);
    assert.ok(idsOf(r.report).some((id) => id === 'input.too-large' || id === 'saml.malformed'));
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
  });

  it('says a truncated base64 POST body is malformed', async () => {
    const b64 = readFixture('saml', 'saml-response/gen-entra-signed-assertion.post-binding.b64').toString('utf8').trim();
    const r = await inspect(b64.slice(0, Math.floor(b64.length / 2)));
    assert.ok(idsOf(r.report).includes('saml.malformed'));
  });

  it('says a broken deflate stream in a SAMLRequest URL is malformed', async () => {
    const deflated = deflateRawSync(Buffer.from('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0"/>'));
    deflated[3] = (deflated[3] ?? 0) ^ 0xff;
    deflated[4] = (deflated[4] ?? 0) ^ 0xff;
    const r = await inspect(`https://login.microsoftonline.com/t/saml2?SAMLRequest=${encodeURIComponent(deflated.toString('base64'))}`);
    assert.equal(r.report?.kind, 'saml-authn-request');
    assert.ok(idsOf(r.report).includes('saml.malformed'));
  });

  it('bounds a deflate bomb in the Redirect binding', async () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const r = await inspect(`SAMLResponse=${encodeURIComponent(bomb.toString('base64'))}`);
    assert.ok(idsOf(r.report).includes('saml.malformed'));
    assert.ok(r.ms < 5000);
  });

  it('treats XML that is not SAML as saml.malformed', async () => {
    const r = await inspect('<html><body>hello</body></html>');
    assert.deepEqual(idsOf(r.report), ['saml.malformed']);
  });
});

describe('SAML recognition by content', () => {
  const xml = readFixture('saml', 'saml-response/entra-2015-signed-assertion.xml').toString('utf8');

  it('reads a 76-column CRLF-wrapped base64 POST body', async () => {
    const wrapped = Buffer.from(xml).toString('base64').replace(/.{76}/g, '$&\r\n');
    const c = recognizeSaml(wrapped);
    assert.equal(c?.encoding, 'base64');
    const r = await inspect(wrapped);
    assert.equal((r.report?.data as SamlMessageData).issuer, 'https://sts.windows.net/acb72633-aa5b-4728-893c-8566381b4d2b/');
  });

  it('reads deflate+base64 with and without URL encoding, and a form body', () => {
    const d = deflateRawSync(Buffer.from(xml)).toString('base64');
    assert.equal(recognizeSaml(d)?.encoding, 'deflate-base64');
    assert.equal(recognizeSaml(encodeURIComponent(d))?.encoding, 'deflate-base64');
    const form = recognizeSaml(`SAMLResponse=${encodeURIComponent(Buffer.from(xml).toString('base64'))}&RelayState=abc`);
    assert.equal(form?.encoding, 'base64');
    assert.equal(form?.relayState, 'abc');
    assert.ok(form?.xml?.includes('Kaufman'));
  });

  it('verifies the HTTP-Redirect query signature over the parameters as received (bindings §3.4.4.1)', async () => {
    const key = createPrivateKey(readFixture('saml', 'saml-response/corpus-sp-decryption.key'));
    // The matching certificate is not in the fixtures, so the key's public half is the trust material.
    const trust = { keys: [{ source: 'sp', kty: 'RSA' as const, key: (await import('node:crypto')).createPublicKey(key) }] };
    const request = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-11-22T05:59:00Z" AssertionConsumerServiceURL="https://sp.example/acs"><saml:Issuer>https://sp.example/metadata</saml:Issuer></samlp:AuthnRequest>';
    const value = encodeURIComponent(deflateRawSync(Buffer.from(request)).toString('base64'));
    const signed = `SAMLRequest=${value}&RelayState=${encodeURIComponent('/app?x=1')}&SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`;
    const sig = createSign('sha256').update(signed).sign(key).toString('base64');
    const url = `https://login.microsoftonline.com/t/saml2?${signed}&Signature=${encodeURIComponent(sig)}`;
    const ok = await inspectArtifact(Buffer.from(url), defaultInspectOptions({ now: NOW, trust, expected: { recipient: 'https://sp.example/acs/' } }));
    assert.ok(ok.ok);
    assert.equal(ok.value.kind, 'saml-authn-request');
    assert.equal(ok.value.signature.status, 'valid');
    assert.deepEqual(ok.value.signature.signedElements, ['request']);
    assert.match(ok.value.findings.find((f) => f.id === 'saml.recipient-mismatch')?.message ?? '', /trailing slash/);
    const tampered = await inspectArtifact(Buffer.from(url.replace('RelayState=%2Fapp', 'RelayState=%2Fevil')), defaultInspectOptions({ now: NOW, trust }));
    assert.ok(tampered.ok);
    assert.equal(tampered.value.signature.status, 'invalid');
    assert.ok(tampered.value.findings.some((f) => f.id === 'saml.signature-invalid'));
  });

  it('explains an Entra error status with its AADSTS code', async () => {
    const resp = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_e" Version="2.0" IssueInstant="2026-11-22T05:59:00Z"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/t/</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode><samlp:StatusMessage>AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.</samlp:StatusMessage></samlp:Status></samlp:Response>';
    const r = await inspect(resp);
    const f = r.report?.findings.find((x) => x.id === 'saml.status-error');
    assert.match(f?.message ?? '', /AADSTS50105: the signed-in user is not assigned/);
    assert.equal(r.report?.signature.status, 'unsigned');
    assert.ok(!idsOf(r.report).includes('saml.unsigned'), 'an error response without assertion is not "unsigned assertion"');
  });

  it('uses only trusted keys: a trust file with an unrelated certificate does not verify', async () => {
    const cert = new X509Certificate(readFixture('saml', 'saml-response/py3saml-idp-signing.crt'));
    const r = await inspectArtifact(Buffer.from(xml), defaultInspectOptions({ now: NOW, trust: { keys: [keyFromCertificate(cert, 'other.crt')] } }));
    assert.ok(r.ok);
    assert.equal(r.value.signature.status, 'invalid');
    assert.ok(r.value.findings.some((f) => f.id === 'saml.untrusted-certificate'));
  });
});
