/**
 * `sso-lens inspect CAPTURE [--config FILE]`: the timeline as text and as JSON `kind: "flow"`, each
 * step checked against the app it belongs to, the config field to fix, the mapping on the last
 * successful step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCliCaptured } from '../../builders/cli-io';
import { capturePath } from '../../builders/capture-fixtures';

interface StepJson {
  kind: string;
  step: { index: number; role: string; flow: number; failed: boolean; method: string; url: string; status?: number; time?: string };
  findings: Array<{ id: string; severity: string; code?: string; path?: string; message: string }>;
  signature: { status: string };
  data: { app?: { id: string; path: string }; mapping?: { app: { id: string } }; replyUrl?: { requested: string; closest?: { url: string; explanation: string; differsAt: number } } };
}
interface FlowJson {
  kind: string;
  findings: Array<{ id: string }>;
  items: StepJson[];
}

const CONFIG = capturePath('recorded.sso.json');

async function inspectJson(...args: string[]): Promise<{ code: number; report: FlowJson }> {
  const run = await runCliCaptured(['inspect', ...args, '--offline', '--json']);
  return { code: run.code, report: JSON.parse(run.stdout) as FlowJson };
}

describe('sso-lens inspect on a capture', () => {
  test('AADSTS50011 names the redirect URIs of the app and compares the reply URL character by character', async () => {
    const { code, report } = await inspectJson(capturePath('oidc-wrong-reply-url.har'), '--config', CONFIG);
    assert.equal(code, 1);
    assert.equal(report.kind, 'flow');
    const failing = report.items.find((s) => s.step.failed);
    assert.equal(failing?.step.role, 'authorize');
    const aadsts = failing?.findings.find((f) => f.id === 'entra.aadsts');
    assert.equal(aadsts?.code, 'AADSTS50011');
    assert.equal(aadsts?.path, '/providers/0/apps/0/redirectUris');
    assert.match(aadsts?.message ?? '', /trailing "\/"/);
    assert.deepEqual(failing?.data.app, { id: 'palette', path: '/providers/0/apps/0' });
    const cmp = failing?.data.replyUrl;
    assert.ok(cmp?.requested.endsWith('/signin-oidc/'));
    assert.equal(cmp?.closest?.url, cmp?.requested.slice(0, -1));
    assert.equal(cmp?.closest?.differsAt, (cmp?.requested.length ?? 0) - 1);
  });

  test('an AADSTS50105 error redirect points at the app; a successful sign-in maps the last step', async () => {
    const denied = await inspectJson(capturePath('oidc-access-denied.har'), '--config', CONFIG);
    const step = denied.report.items.find((s) => s.step.failed);
    assert.equal(step?.findings.find((f) => f.id === 'entra.aadsts')?.path, '/providers/0/apps/0');
    assert.equal(step?.data.app?.id, 'palette', 'the callback belongs to the app whose authorize request it answers');

    const ok = await inspectJson(capturePath('oidc-success.har'), '--config', CONFIG, '--key', capturePath('oidc-jwks.json'));
    const mapped = ok.report.items.filter((s) => s.data.mapping !== undefined);
    assert.deepEqual(mapped.map((s) => [s.step.role, s.data.mapping?.app.id, s.signature.status]), [['callback', 'palette', 'valid']]);
  });

  test("with --config a SAML response is verified with the app's certificate and checked against its reply URL", async () => {
    const { report } = await inspectJson(capturePath('saml-success.har'), '--config', CONFIG);
    const response = report.items.find((s) => s.step.role === 'saml-response');
    assert.equal(response?.signature.status, 'valid');
    assert.equal(response?.data.app?.id, 'portal');
    assert.equal(response?.data.mapping?.app.id, 'portal');
    assert.equal(response?.step.failed, false);
  });

  test('the text timeline has one line per step and marks the failing one', async () => {
    const run = await runCliCaptured(['inspect', capturePath('saml-expired.har'), '--offline']);
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    const timeline = lines.filter((l) => /^\s+[✗ ]\s+\d+ \d\d:\d\d:\d\d\.\d{3} (GET|POST)/.test(l));
    assert.equal(timeline.length, 3);
    assert.match(timeline[2] ?? '', /✗\s+3 .* POST saml-response +403 https:\/\/127\.0\.0\.1:\d+\/saml\/acs/);
    assert.ok(run.stdout.includes('saml.expired'));
    assert.ok(!/SAMLResponse=PH/.test(run.stdout), 'the SAML message is decoded, not echoed');
  });

  test('a SAML-tracer export is understood (exit 0, not 2)', async () => {
    const run = await runCliCaptured(['inspect', capturePath('saml-success.saml-tracer-masked.json'), '--offline', '--config', CONFIG]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Sign-in 1 \(saml\)/);
  });
});
