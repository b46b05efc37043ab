/**
 * "Share safely": captures recorded by the real Chromium through the real oidc-provider (and a
 * samlify-minted SAML response posted to an ACS) are redacted; nothing private may survive in any
 * form, and the copy must still open and diagnose.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import type { InspectReport } from '../../../../src/decoders/result';
import { redactCapture } from '../../../../src/model/redact';
import { runCliCaptured } from '../../../builders/cli-io';
import { CLIENT_ID } from '../../../builders/oidc-provider-harness';
import { launchChromium } from '../../../builders/chromium-page';
import { PERSONA, recordOidcSignIn, recordSamlPost, type RecordedCapture } from '../../../builders/record-browser-har';
import { harToSamlTracer, type Har } from '../../../builders/saml-tracer-export';
import { makeSamlKeys, mintSamlResponse } from '../../../builders/samlify-minter';

let browser: Browser;
let oidc: RecordedCapture;
let saml: { har: string; acs: string; response: string; signatureValue: string };
const SAML_ISSUER = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/';
const SAML_AUDIENCE = 'https://palette.example/sp';

before(async () => {
  browser = await launchChromium();
  oidc = await recordOidcSignIn(browser);
  const keys = await makeSamlKeys();
  const response = await mintSamlResponse({
    keys,
    issuer: SAML_ISSUER,
    audience: SAML_AUDIENCE,
    acs: 'https://127.0.0.1/saml/acs',
    nameId: PERSONA.email,
    attributes: [
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', [PERSONA.email]],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', [PERSONA.given_name]],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', [PERSONA.family_name]],
      ['http://schemas.microsoft.com/identity/claims/displayname', [PERSONA.name]],
      ['http://schemas.microsoft.com/identity/claims/objectidentifier', [PERSONA.oid]],
      ['http://schemas.microsoft.com/identity/claims/tenantid', [PERSONA.tid]],
    ],
  });
  const recorded = await recordSamlPost(browser, response);
  const signatureValue = /<(?:ds:)?SignatureValue>([^<]+)</.exec(Buffer.from(response, 'base64').toString('utf8'))?.[1]?.replace(/\s+/g, '') ?? '';
  saml = { ...recorded, response, signatureValue };
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
});

/** Every form a secret could take in a file: as is, base64, base64url, URL-encoded. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
}

function assertNoneSurvive(output: string, secrets: Record<string, string[]>): void {
  for (const [what, values] of Object.entries(secrets)) {
    for (const value of values) {
      assert.ok(value.length >= 4, `${what} is a real value`);
      for (const form of forms(value)) assert.ok(!output.includes(form), `${what} survived redaction (${form.slice(0, 12)}…)`);
    }
  }
}

function jwtParts(token: string): string[] {
  const [, payload = '', signature = ''] = token.split('.');
  return [token, payload, signature];
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function inspect(text: string): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(text), defaultInspectOptions({ now: new Date() }));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

test('a HAR recorded from a real OIDC sign-in shares no token, code, cookie, client secret or e-mail once redacted', () => {
  assert.ok(oidc.har.includes(oidc.secrets.code) && oidc.har.includes(oidc.secrets.idToken), 'the recording holds the secrets to begin with');
  assert.ok(oidc.secrets.cookies.length >= 2, 'the provider set session cookies');
  const r = redactCapture(Buffer.from(oidc.har));
  assert.ok(r.ok);
  assertNoneSurvive(r.value.text, {
    'ID token': jwtParts(oidc.secrets.idToken),
    'access token': [oidc.secrets.accessToken],
    'authorization code': [oidc.secrets.code],
    'client secret': [oidc.secrets.clientSecret],
    cookie: oidc.secrets.cookies,
    'e-mail': [PERSONA.email],
    name: [PERSONA.name, PERSONA.given_name, PERSONA.family_name],
    'object ID': [PERSONA.oid, ...PERSONA.groups],
  });
  assert.ok(r.value.removed.tokens >= 2 && r.value.removed['authorization-codes'] === 1 && r.value.removed['client-secrets'] >= 1 && r.value.removed.cookies >= 2 && r.value.removed.emails === 1, JSON.stringify(r.value.removed));
});

test('the redacted HAR still parses as HAR and still yields issuer, audience, algorithm and status codes', async () => {
  const r = redactCapture(Buffer.from(oidc.har));
  assert.ok(r.ok);
  const before = JSON.parse(oidc.har) as { log: { entries: Array<{ response: { status: number }; request: { url: string } }> } };
  const after = JSON.parse(r.value.text) as typeof before;
  assert.deepEqual(after.log.entries.map((e) => e.response.status), before.log.entries.map((e) => e.response.status));
  const report = await inspect(r.value.text);
  assert.equal(report.kind, 'flow', 'the redacted capture still reads as a sign-in flow');
  const all = (r: InspectReport): InspectReport[] => [r, ...(r.items ?? []).flatMap(all)];
  const token = all(report).find((i) => i.kind === 'jwt' && (i.data as { payload?: { nonce?: string } }).payload?.nonce !== undefined);
  assert.ok(token, 'the ID token is still found and decoded');
  const payload = (token.data as { payload: Record<string, unknown>; header: Record<string, unknown> }).payload;
  assert.equal(payload['iss'], oidc.issuer);
  assert.equal(payload['aud'], CLIENT_ID);
  assert.equal(payload['tid'], PERSONA.tid, 'the tenant stays: it diagnoses');
  assert.equal((token.data as { header: Record<string, unknown> }).header['alg'], 'RS256');
  assert.equal(typeof payload['exp'], 'number');
  assert.equal(token.signature.status === 'valid', false, 'a placeholder signature never verifies');
});

test('the same e-mail maps to the same placeholder everywhere, and object IDs stay GUID-shaped', () => {
  const r = redactCapture(Buffer.from(oidc.har));
  assert.ok(r.ok);
  const idToken = /"id_token":"(eyJ[^"]+)"/.exec(r.value.text.replace(/\\"/g, '"'))?.[1];
  assert.ok(idToken);
  const claims = payloadOf(idToken);
  assert.match(String(claims['email']), /^user-\d+@redacted\.invalid$/);
  assert.equal(claims['preferred_username'], claims['email']);
  // The userinfo response names the same person: same placeholder.
  assert.ok(r.value.text.includes(`\\"email\\":\\"${String(claims['email'])}\\"`), 'userinfo carries the same placeholder');
  assert.match(String(claims['oid']), /^00000000-0000-4000-8000-\d{12}$/);
  assert.match(String(claims['name']), /^Redacted Name \d+$/);
  assert.deepEqual(Object.keys(claims).sort(), Object.keys(payloadOf(oidc.secrets.idToken)).sort(), 'claim names stay');
});

test('--keep oid keeps object IDs and still removes e-mails', () => {
  const r = redactCapture(Buffer.from(oidc.har), { keep: ['oid'] });
  assert.ok(r.ok);
  const idToken = /\\"id_token\\":\\"(eyJ[^\\]+)\\"/.exec(r.value.text)?.[1] ?? '';
  assert.equal(payloadOf(idToken)['oid'], PERSONA.oid);
  assert.match(String(payloadOf(idToken)['email']), /@redacted\.invalid$/);
});

test('a SAML POST recorded in Chromium loses its assertion\'s personal data and signature, keeps issuer, audience and algorithm', async () => {
  const r = redactCapture(Buffer.from(saml.har));
  assert.ok(r.ok);
  assertNoneSurvive(r.value.text, {
    'SAMLResponse as posted': [saml.response],
    'signature value': [saml.signatureValue],
    'e-mail': [PERSONA.email],
    name: [PERSONA.name, PERSONA.given_name, PERSONA.family_name],
    'object ID': [PERSONA.oid],
  });
  assert.ok(!/sp_session=[0-9a-f]{32}/.test(r.value.text), 'the SP session cookie is gone');
  assert.equal(r.value.removed['saml-assertions'], 1);
  const report = await inspect(r.value.text);
  const response = (report.items ?? []).find((i) => i.kind === 'saml-response');
  assert.ok(response, 'the redacted SAMLResponse still decodes');
  const data = response.data as { issuer?: string; assertions: Array<{ conditions?: { audiences: string[] }; attributes: Array<{ name: string; values: string[] }>; nameId?: { value: string } }>; signatures: Array<{ algorithm?: string }> };
  assert.equal(data.issuer, SAML_ISSUER);
  assert.deepEqual(data.assertions[0]?.conditions?.audiences, [SAML_AUDIENCE]);
  assert.match(data.signatures[0]?.algorithm ?? '', /rsa-sha256/);
  assert.match(data.assertions[0]?.nameId?.value ?? '', /^user-\d+@redacted\.invalid$/);
  const attrs = new Map(data.assertions[0]?.attributes.map((a) => [a.name, a.values]));
  assert.deepEqual(attrs.get('http://schemas.microsoft.com/identity/claims/tenantid'), [PERSONA.tid], 'the tenant stays');
  assert.deepEqual(attrs.get('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'), [data.assertions[0]?.nameId?.value], 'NameID and e-mail attribute: same person, same placeholder');
});

test('a SAML-tracer export (current and pre-1.0 shapes) is redacted in its own shape', () => {
  for (const legacy of [false, true]) {
    const exported = JSON.stringify(harToSamlTracer(JSON.parse(saml.har) as Har, legacy ? 'legacy' : 'none'));
    assert.ok(exported.includes(PERSONA.email), 'the export holds the decoded assertion');
    const r = redactCapture(Buffer.from(exported));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.format, 'saml-tracer');
    assertNoneSurvive(r.value.text, { 'e-mail': [PERSONA.email], 'object ID': [PERSONA.oid], name: [PERSONA.name], 'signature value': [saml.signatureValue], SAMLResponse: [saml.response] });
    const out = JSON.parse(r.value.text) as { requests: Array<{ saml?: string; url: string }> };
    const withSaml = out.requests.find((q) => q.saml);
    assert.ok(withSaml?.saml?.includes(SAML_ISSUER) && withSaml.saml.includes(SAML_AUDIENCE), 'issuer and audience stay in the decoded message');
  }
});

test('sso-lens redact writes the copy, prints counts per category and refuses to overwrite the input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-redact-'));
  try {
    const input = join(dir, 'flow.har');
    const output = join(dir, 'flow.redacted.har');
    writeFileSync(input, oidc.har);
    const run = await runCliCaptured(['redact', input, '--out', output]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /tokens: \d+/);
    assert.match(run.stdout, /authorization-codes: 1/);
    assert.match(run.stdout, /cookies: \d+/);
    assert.ok(!run.stdout.includes(oidc.secrets.code), 'the summary names no value');
    const written = readFileSync(output, 'utf8');
    assert.ok(!written.includes(oidc.secrets.code) && !written.includes(PERSONA.email));
    const json = await runCliCaptured(['redact', input, '--out', output, '--json']);
    assert.equal((JSON.parse(json.stdout) as { kind: string; removed: { emails: number } }).removed.emails, 1);
    assert.equal((await runCliCaptured(['redact', input, '--out', input])).code, 2);
    writeFileSync(join(dir, 'not.json'), 'hello');
    assert.equal((await runCliCaptured(['redact', join(dir, 'not.json'), '--out', output])).code, 2);
    assert.equal((await runCliCaptured(['redact', join(dir, 'missing.har'), '--out', output])).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
