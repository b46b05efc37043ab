/**
 * Captures recorded from real sign-ins (test/fixtures/capture/README.md) read as flows: steps,
 * roles, grouping into attempts, the failing step and its explanation, and nothing secret shown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlowData, FlowStepReport } from '../../../../src/decoders/capture';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import type { InspectReport } from '../../../../src/decoders/result';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import { asBrowser, concatHars, readCapture } from '../../../builders/capture-fixtures';
import { inspectToReport } from '../../../builders/fixtures';

const steps = (r: InspectReport) => (r.items ?? []) as FlowStepReport[];
const roles = (r: InspectReport) => steps(r).map((s) => s.step.role);
const ids = (r: InspectReport) => r.findings.map((f) => f.id);
/** Far from the recording: expiry must be judged at capture time, not now. */
const LATER = new Date(Date.now() + 400 * 86400_000);

function jwksTrust() {
  const r = loadTrustMaterial(Buffer.from(readCapture('oidc-jwks.json')), 'oidc-jwks.json');
  assert.ok(r.ok);
  return r.value;
}

describe('captures as sign-in flows', () => {
  test('a successful OIDC sign-in (form_post) is one flow: authorize, login pages, callback with a verified ID token', async () => {
    const har = readCapture('oidc-success.har');
    const report = await inspectToReport(har, defaultInspectOptions({ now: LATER, trust: jwksTrust() }));
    assert.equal(report.kind, 'flow');
    assert.deepEqual(roles(report), ['other', 'authorize', 'other', 'other', 'callback', 'other']);
    assert.deepEqual([...new Set(steps(report).map((s) => s.step.flow))], [1]);
    const callback = steps(report)[4];
    assert.equal(callback?.kind, 'jwt');
    assert.equal(callback?.signature.status, 'valid');
    assert.ok(!ids(callback ?? report).includes('jwt.expired'), 'judged at the time the browser posted it');
    assert.equal(callback?.step.method, 'POST');
    assert.equal(callback?.step.status, 302);
    assert.match(callback?.step.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(steps(report).map((s) => s.step.index), [1, 2, 3, 4, 5, 6]);
    assert.equal(steps(report).some((s) => s.step.failed), false);
    assert.equal(report.findings.length, 0);
    const data = report.data as FlowData;
    assert.equal(data.flows.length, 1);
    assert.equal(data.flows[0]?.protocol, 'oidc');
    // The authorization code and the ID token of the capture are never echoed into URLs or params.
    const posted = (JSON.parse(har) as { log: { entries: Array<{ request: { postData?: { params?: Array<{ name: string; value: string }> } } }> } }).log.entries.flatMap((e) => e.request.postData?.params ?? []);
    const code = posted.find((p) => p.name === 'code')?.value;
    assert.ok(code && code.length > 10);
    assert.ok(!JSON.stringify(report).includes(code), 'the code is not in the report');
    assert.ok(!JSON.stringify(steps(report).map((s) => s.step)).includes('eyJ'), 'no token in the step URLs');
  });

  test('an error redirect (access_denied with an AADSTS description) is the failing step, explained', async () => {
    const report = await inspectToReport(readCapture('oidc-access-denied.har'));
    assert.equal(report.kind, 'flow');
    const failed = steps(report).filter((s) => s.step.failed);
    assert.equal(failed.length, 1);
    const step = failed[0];
    assert.equal(step?.step.role, 'error-redirect');
    assert.equal(step?.step.method, 'POST');
    const oidc = step?.findings.find((f) => f.id === 'oidc.error');
    assert.equal(oidc?.severity, 'error');
    assert.equal(oidc?.code, 'access_denied');
    assert.match(oidc?.message ?? '', /error_description: AADSTS50105/);
    const aadsts = step?.findings.find((f) => f.id === 'entra.aadsts');
    assert.equal(aadsts?.code, 'AADSTS50105');
    assert.match(aadsts?.message ?? '', /not assigned/);
    assert.deepEqual(ids(report), ['flow.step-failed']);
    assert.match(report.findings[0]?.message ?? '', new RegExp(`failed at step ${step?.step.index}`));
  });

  test("a reply URL the provider does not know: Entra's AADSTS50011 page marks the authorize step", async () => {
    const report = await inspectToReport(readCapture('oidc-wrong-reply-url.har'));
    assert.deepEqual(roles(report), ['other', 'authorize']);
    const authorize = steps(report)[1];
    assert.equal(authorize?.step.failed, true);
    assert.equal(authorize?.step.status, 400);
    assert.equal(authorize?.findings.find((f) => f.id === 'entra.aadsts')?.code, 'AADSTS50011');
    assert.match(authorize?.step.app?.redirectUri ?? '', /\/signin-oidc\/$/);
  });

  test('a SAML sign-in: AuthnRequest and the Response that answers it (InResponseTo), then the session', async () => {
    const report = await inspectToReport(readCapture('saml-success.har'), defaultInspectOptions({ now: LATER }));
    assert.deepEqual(roles(report), ['other', 'authn-request', 'saml-response', 'other']);
    const [, request, response] = steps(report);
    assert.equal((response?.data as SamlMessageData).inResponseTo, (request?.data as SamlMessageData).id);
    assert.equal((response?.data as SamlMessageData).relayState, '/dashboard');
    assert.equal(response?.step.failed, false);
    assert.equal((report.data as FlowData).flows[0]?.protocol, 'saml');
  });

  test('an expired SAML response is the failing step, judged at the time it was posted', async () => {
    const report = await inspectToReport(readCapture('saml-expired.har'), defaultInspectOptions({ now: LATER }));
    const failed = steps(report).filter((s) => s.step.failed);
    assert.deepEqual(failed.map((s) => [s.step.role, s.step.status]), [['saml-response', 403]]);
    assert.ok(failed[0]?.findings.some((f) => f.id === 'saml.expired'));
    assert.match(report.findings[0]?.message ?? '', /NotOnOrAfter/);
  });

  for (const style of ['firefox', 'safari', 'base64-bodies', 'url-encoded-params'] as const) {
    test(`the same captures as ${style} writes them give the same flow`, async () => {
      for (const name of ['oidc-success.har', 'oidc-access-denied.har', 'saml-expired.har']) {
        const chrome = await inspectToReport(readCapture(name), defaultInspectOptions({ now: LATER }));
        const other = await inspectToReport(asBrowser(readCapture(name), style), defaultInspectOptions({ now: LATER }));
        assert.deepEqual(roles(other), roles(chrome), `${name} as ${style}`);
        assert.deepEqual(steps(other).map((s) => [s.kind, s.step.failed, s.findings.map((f) => f.id)]), steps(chrome).map((s) => [s.kind, s.step.failed, s.findings.map((f) => f.id)]), `${name} as ${style}`);
      }
    });
  }

  test('a two-hop sign-in (app → broker over OIDC → IdP over SAML → broker → app) is one attempt', async () => {
    const report = await inspectToReport(readCapture('broker-oidc-saml.har'), defaultInspectOptions({ now: LATER }));
    assert.deepEqual(roles(report), ['other', 'authorize', 'other', 'authn-request', 'saml-response', 'other', 'callback', 'other']);
    const data = report.data as FlowData;
    assert.equal(data.flows.length, 1);
    assert.equal(data.flows[0]?.protocol, 'oidc+saml');
    assert.equal(data.flows[0]?.hosts.length, 3, 'app, broker and IdP');
    const [request, response] = steps(report).filter((s) => s.kind.startsWith('saml-'));
    assert.equal((response?.data as SamlMessageData).inResponseTo, (request?.data as SamlMessageData).id);
    assert.equal(steps(report)[6]?.step.app, undefined, 'the callback carries no client_id of its own');
    assert.equal(steps(report)[1]?.step.app?.clientId, 'spark-app');
    // Beside another attempt, it stays one attempt of its own.
    const both = await inspectToReport(concatHars(readCapture('oidc-access-denied.har'), readCapture('broker-oidc-saml.har')), defaultInspectOptions({ now: LATER }));
    assert.deepEqual((both.data as FlowData).flows.map((f) => [f.protocol, f.steps, f.failed]), [['oidc', 5, true], ['oidc+saml', 8, false]]);
  });

  test('two attempts in one capture are two flows, in order, the retry not joined to the first', async () => {
    const report = await inspectToReport(concatHars(readCapture('oidc-access-denied.har'), readCapture('oidc-success.har')), defaultInspectOptions({ now: LATER }));
    const flows = (report.data as FlowData).flows;
    assert.deepEqual(flows.map((f) => [f.flow, f.failed]), [[1, true], [2, false]]);
    assert.deepEqual(steps(report).filter((s) => s.step.role === 'authorize').map((s) => s.step.flow), [1, 2]);
  });

  test('OIDC and SAML attempts side by side are told apart', async () => {
    const report = await inspectToReport(concatHars(readCapture('saml-success.har'), readCapture('oidc-wrong-reply-url.har')), defaultInspectOptions({ now: LATER }));
    assert.deepEqual((report.data as FlowData).flows.map((f) => [f.protocol, f.failed]), [['saml', false], ['oidc', true]]);
  });
});

describe('SAML-tracer exports', () => {
  for (const variant of ['', '-masked', '-obfuscated', '-legacy']) {
    test(`saml-success.saml-tracer${variant}.json reads as the same flow as the HAR`, async () => {
      const report = await inspectToReport(readCapture(`saml-success.saml-tracer${variant}.json`), defaultInspectOptions({ now: LATER }));
      assert.equal(report.kind, 'flow');
      assert.equal((report.data as FlowData).format, 'saml-tracer');
      assert.deepEqual(roles(report), ['other', 'authn-request', 'saml-response', 'other']);
      const response = steps(report)[2];
      assert.equal(response?.kind, 'saml-response');
      assert.equal((response?.data as SamlMessageData).issuer, 'https://sts.windows.net/8f3c2a1e-5b4d-4c7a-9e6f-1a2b3c4d5e6f/');
      assert.equal(response?.step.time, undefined, 'SAML-tracer records no request times');
    });
  }

  test('a masked export of the expired response still shows the failing step (the decoded XML survives the mask)', async () => {
    const report = await inspectToReport(readCapture('saml-expired.saml-tracer-masked.json'), defaultInspectOptions({ now: LATER }));
    const failed = steps(report).filter((s) => s.step.failed);
    assert.deepEqual(failed.map((s) => s.step.role), ['saml-response']);
    assert.ok(failed[0]?.findings.some((f) => f.id === 'saml.expired'));
    assert.ok(!JSON.stringify(report).includes('{hash:'), 'masked values are not shown as if they were parameters');
  });

  test('an export with no sign-in in it is a flow with nothing in it, not an unreadable file', async () => {
    const report = await inspectToReport(JSON.stringify({ requests: [{ method: 'GET', url: 'https://example.org/', requestId: 'request-1-GET-x', requestHeaders: [], responseStatus: 200, responseStatusText: 'HTTP/1.1 200 OK', responseHeaders: [] }], timestamp: '2026-11-22T06:00:00.000Z' }));
    assert.equal(report.kind, 'flow');
    assert.deepEqual(ids(report), ['flow.no-sign-in']);
  });
});

describe('a pasted URL or Location header', () => {
  test('an authorization request URL is one authorize step with what it asks for', async () => {
    const report = await inspectToReport('https://login.microsoftonline.com/8f3c2a1e-5b4d-4c7a-9e6f-1a2b3c4d5e6f/oauth2/v2.0/authorize?client_id=7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid&state=s1');
    assert.equal(report.kind, 'flow');
    assert.deepEqual(roles(report), ['authorize']);
    assert.equal(steps(report)[0]?.step.app?.clientId, '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17');
  });

  test('a Location header with an error redirect explains the error and the AADSTS code', async () => {
    const report = await inspectToReport('Location: https://app.example/cb?error=invalid_request&error_description=AADSTS700016%3A+Application+with+identifier+%27x%27+was+not+found+in+the+directory&state=s1');
    const step = steps(report)[0];
    assert.equal(step?.step.role, 'error-redirect');
    assert.deepEqual(step?.findings.map((f) => [f.id, f.code]), [['oidc.error', 'invalid_request'], ['entra.aadsts', 'AADSTS700016']]);
  });
});
