/**
 * What only a live sign-in can check, on responses minted by samlify: InResponseTo against the
 * request this run sent, RelayState returned unchanged, and the test ACS as the expected recipient.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import type { SamlSignInPlan } from '../../../src/model/saml-sign-in-plan';
import { samlSignInOf, withSamlSignIn } from '../../../src/model/saml-sign-in-report';
import { makeSamlKeys, mintSamlResponse } from '../../builders/samlify-minter';

const ACS = 'http://127.0.0.1:53682/acs';
const plan: SamlSignInPlan = { appId: 'app', appName: 'App', spEntityId: 'https://sp.example', idpSsoUrl: 'http://127.0.0.1:1/sso', idpSsoUrlSource: 'test', productionReplyUrls: ['https://sp.example/acs'], productionReplyUrlFindings: [], replyUrlHowTo: 'there' };

async function minted(): Promise<Awaited<ReturnType<typeof inspectArtifact>>> {
  const keys = await makeSamlKeys();
  // samlify's minter answers the request "_req-1".
  const b64 = await mintSamlResponse({ keys, issuer: 'https://sts.windows.net/t/', audience: plan.spEntityId, acs: ACS, nameId: 'a@example.com', attributes: [] });
  return inspectArtifact(Buffer.from(b64), defaultInspectOptions({ expected: { recipient: ACS } }));
}

describe('withSamlSignIn', () => {
  test('a response to our request, RelayState back as sent: no sign-in finding, SP-initiated', async () => {
    const r = await minted();
    assert.ok(r.ok);
    const report = withSamlSignIn(r.value, plan, { requestId: '_req-1', acsUrl: ACS, relayStateSent: 's', relayStateReceived: 's', requestSigned: false });
    assert.deepEqual(report.findings.filter((f) => f.id.startsWith('saml.in-response') || f.id.startsWith('saml.relay') || f.id === 'saml.idp-initiated'), []);
    assert.equal(samlSignInOf(report)?.initiatedBy, 'sp');
    assert.deepEqual(samlSignInOf(report)?.productionReplyUrls, ['https://sp.example/acs']);
  });

  test('a response to another request (a stale tab, a replay) is an error, listed first', async () => {
    const r = await minted();
    assert.ok(r.ok);
    const report = withSamlSignIn(r.value, plan, { requestId: '_ours', acsUrl: ACS, relayStateSent: 's', requestSigned: true });
    const f = report.findings.find((x) => x.id === 'saml.in-response-to-mismatch');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /"_req-1".*"_ours"/);
    assert.equal(report.findings[0]?.severity, 'error', 'errors first');
  });

  test('a RelayState the IdP dropped is a warning', async () => {
    const r = await minted();
    assert.ok(r.ok);
    const report = withSamlSignIn(r.value, plan, { requestId: '_req-1', acsUrl: ACS, relayStateSent: 's', requestSigned: false });
    assert.equal(report.findings.find((x) => x.id === 'saml.relay-state-mismatch')?.severity, 'warning');
  });
});
