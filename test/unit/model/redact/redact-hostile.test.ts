/**
 * Redaction of hostile or unusual captures: arbitrary bytes never crash it, deep nesting is refused,
 * and HAR variants browsers write (base64 bodies, `postData.params`, tokens in fragments and JSON
 * bodies) lose their secrets as well.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redactCapture } from '../../../../src/model/redact';
import { buildHar } from '../../../builders/har-builder';
import { rsaSigner } from '../../../builders/jwt-builder';
import { makeSamlKeys, mintSamlResponse } from '../../../builders/samlify-minter';

test('arbitrary bytes and arbitrary JSON give a result or a typed error, never an exception', () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.json().map((j) => Buffer.from(j))), (bytes) => {
      const r = redactCapture(bytes);
      assert.ok(r.ok || typeof r.error.message === 'string');
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (entry) => {
      const r = redactCapture(Buffer.from(JSON.stringify({ log: { entries: [entry, { request: entry, response: entry }] } })));
      assert.ok(r.ok);
      assert.doesNotThrow(() => JSON.parse(r.value.text));
    }),
    { numRuns: 200 },
  );
});

test('a capture nested thousands deep is refused, not a stack overflow', () => {
  const deep = `{"log":{"entries":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}}`;
  const r = redactCapture(Buffer.from(deep));
  assert.equal(r.ok, false);
});

test('base64 bodies, postData.params and fragments lose their tokens, codes and e-mails', async () => {
  const signer = await rsaSigner('k1');
  const idToken = await signer.sign({ iss: 'https://login.microsoftonline.com/t/v2.0', aud: 'client', sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', email: 'megan.bowen@contoso.example', name: 'Megan Bowen', exp: 4102444800 });
  const refresh = '0.AVYA-opaque-refresh-token-value-xyz';
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  const har = buildHar([
    { url: `https://app.example/callback#id_token=${idToken}&state=s`, status: 200 },
    { method: 'POST', url: 'https://login.example/token', form: { grant_type: 'authorization_code', code: 'OAQABAAIAAAB-the-code', client_secret: 'p4ssw0rd~secret' }, responseBody: Buffer.from(JSON.stringify({ id_token: idToken, refresh_token: refresh, token_type: 'Bearer' })).toString('base64'), responseEncoding: 'base64' },
    { url: 'https://app.example/profile', responseBody: '<html><p>Hello Megan Bowen (megan.bowen@contoso.example)</p></html>' },
    { method: 'POST', url: 'https://app.example/keys', form: { note: pem } },
  ]);
  const r = redactCapture(Buffer.from(har));
  assert.ok(r.ok);
  for (const secret of [idToken, idToken.split('.')[1] ?? '', refresh, 'OAQABAAIAAAB-the-code', 'p4ssw0rd~secret', encodeURIComponent('p4ssw0rd~secret'), 'megan.bowen@contoso.example', 'Megan Bowen', 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC']) {
    assert.ok(!r.value.text.includes(secret), `survived: ${secret.slice(0, 16)}`);
  }
  const out = JSON.parse(r.value.text) as { log: { entries: Array<{ response: { content: { text: string; encoding?: string } } }> } };
  const body = JSON.parse(Buffer.from(out.log.entries[1]!.response.content.text, 'base64').toString('utf8')) as { id_token: string; token_type: string };
  assert.equal(body.token_type, 'Bearer', 'the body is still base64 JSON');
  assert.equal(JSON.parse(Buffer.from(body.id_token.split('.')[1] ?? '', 'base64url').toString('utf8')).iss, 'https://login.microsoftonline.com/t/v2.0');
  assert.ok(out.log.entries[2]!.response.content.text.includes('Hello Redacted Name'), 'the name echoed on a page gets the same placeholder');
});

test('a WS-Federation wresult (XML with a SAML assertion) loses the assertion\'s personal data', async () => {
  const keys = await makeSamlKeys();
  const xml = Buffer.from(await mintSamlResponse({ keys, issuer: 'https://sts.windows.net/t/', audience: 'urn:app', acs: 'https://app.example/wsfed', nameId: 'lee.gu@contoso.example', attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', ['lee.gu@contoso.example']]] }), 'base64').toString('utf8');
  const har = buildHar([{ method: 'POST', url: 'https://app.example/wsfed', form: { wa: 'wsignin1.0', wresult: xml } }]);
  const r = redactCapture(Buffer.from(har));
  assert.ok(r.ok);
  assert.ok(!r.value.text.includes('lee.gu'));
  assert.ok(r.value.text.includes('https://sts.windows.net/t/') && r.value.text.includes('urn:app'), 'issuer and audience stay');
  assert.equal(r.value.removed['saml-assertions'], 1);
});
