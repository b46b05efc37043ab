/** A browser HAR: every token in it is found, said where it was, and inspected like a file. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HarData } from '../../../../src/decoders/har/inspect-har';
import type { InspectReport } from '../../../../src/decoders/result';
import { corpusOptions, findingIds, inspectToReport, readFixtureText, trustFrom } from '../../../builders/fixtures';
import { buildHar } from '../../../builders/har-builder';

const OVERAGE = readFixtureText('jwt', 'gen-entra-v2-groups-overage.jwt');
const EXPIRED = readFixtureText('jwt', 'gen-entra-v2-expired.jwt');
const TAMPERED = readFixtureText('jwt', 'jwt-tampered-payload.jwt');
const KEYCLOAK = readFixtureText('jwt', 'gen-keycloak-style-es256.jwt');
const LOGIN = 'https://login.microsoftonline.com/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/oauth2/v2.0';

describe('HAR files', () => {
  test('tokens in a fragment redirect, a form_post and a token response are found at their sign-in steps', async () => {
    const har = buildHar([
      { url: `${LOGIN}/authorize?client_id=x&response_type=id_token`, status: 302, responseHeaders: { Location: `https://app.example/cb#id_token=${OVERAGE}&state=s` } },
      { url: 'https://app.example/signin-oidc', form: { id_token: EXPIRED, state: 's' } },
      { url: `${LOGIN}/token`, method: 'POST', responseBody: JSON.stringify({ token_type: 'Bearer', id_token: TAMPERED, access_token: KEYCLOAK }) },
      { url: 'https://api.example/me', requestHeaders: { Authorization: `Bearer ${OVERAGE}`, Cookie: 'session=secret' } },
      { url: 'https://app.example/static/app.js' },
    ]);
    const report = await inspectToReport(har, corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    // A HAR holding a sign-in is a flow (CONTRACT "Additions (version 2)"); its steps carry the tokens.
    assert.equal(report.kind, 'flow');
    const items = (report.items ?? []) as Array<InspectReport & { step: { role: string; entry: number } }>;
    assert.deepEqual(items.map((i) => [i.step.entry, i.step.role, i.kind, i.signature.status]), [
      [1, 'authorize', 'jwt', 'valid'],
      [2, 'callback', 'jwt', 'valid'],
      [3, 'token', 'jwt', 'invalid'],
    ]);
    assert.ok(findingIds(items[0] ?? report).includes('claims.groups-overage'));
    assert.ok(findingIds(items[1] ?? report).includes('jwt.expired'));
    assert.ok(findingIds(items[2] ?? report).includes('jwt.signature-invalid'));
    // The access token beside the ID token is the token step's item.
    assert.deepEqual(items[2]?.items?.map((i) => [i.kind, i.signature.status]), [['jwt', 'valid']]);
    assert.ok(!JSON.stringify(report).includes('session=secret'), 'cookies never reach the report');
  });

  test('without a sign-in, every token of a HAR is still found and said where it was (kind har)', async () => {
    const har = buildHar([
      { url: 'https://api.example/me', requestHeaders: { Authorization: `Bearer ${OVERAGE}`, Cookie: 'session=secret' } },
      { url: 'https://app.example/static/app.js' },
    ]);
    const report = await inspectToReport(har, corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') }));
    assert.equal(report.kind, 'har');
    const data = report.data as HarData;
    assert.deepEqual(data.artifacts.map((a) => [a.entry, a.where]), [[1, 'Authorization header']]);
    assert.deepEqual(report.items?.map((i) => [i.kind, i.signature.status]), [['jwt', 'valid']]);
    assert.ok(!JSON.stringify(report).includes('session=secret'), 'cookies never reach the report');
  });

  test('a base64-encoded token response body (as browsers save some bodies) is read too', async () => {
    const har = buildHar([{ url: `${LOGIN}/token`, method: 'POST', responseBody: Buffer.from(JSON.stringify({ id_token: EXPIRED })).toString('base64'), responseEncoding: 'base64' }]);
    const report = await inspectToReport(har);
    assert.equal(report.kind, 'flow');
    const token = report.items?.[0];
    assert.equal((token as { step?: { role: string } } | undefined)?.step?.role, 'token');
    assert.ok(findingIds(token ?? report).includes('jwt.expired'));
  });

  test('a HAR with no SSO traffic says so as info, not as an error', async () => {
    const report = await inspectToReport(buildHar([{ url: 'https://example.com/' }]));
    assert.equal(report.kind, 'har');
    assert.deepEqual(report.findings.map((f) => [f.id, f.severity]), [['har.malformed', 'info']]);
    assert.deepEqual(report.items, []);
  });

  test('hostile HAR shapes (entries that are not objects, odd headers, junk bodies) never throw', async () => {
    const hostile = JSON.stringify({ log: { entries: [1, null, 'x', { request: 5 }, { request: { url: 42, headers: [null, { name: 'authorization' }] }, response: { headers: 'no', content: { text: '"id_token" {not json' } } }] } });
    const report = await inspectToReport(hostile);
    assert.equal(report.kind, 'har');
    assert.equal((report.data as HarData).entries, 5);
  });
});
