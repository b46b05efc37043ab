/**
 * "Test SAML Sign-In" end to end against a real SAML IdP (samlify behind a login page on loopback),
 * with the browser step in Debian's Chromium: the AuthnRequest we build goes to the IdP over the
 * HTTP-Redirect binding, the user signs in, the IdP posts the SAMLResponse to our loopback ACS, and
 * the report says which Spark teams the user lands in.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createPrivateKey } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { loadInspectConfig } from '../../../src/cli/inspect-config';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import type { InspectReport } from '../../../src/decoders/result';
import type { SamlMessageData } from '../../../src/decoders/saml';
import type { MappingResult } from '../../../src/model/mapping';
import { planSamlSignIn, type SamlSignInPlan } from '../../../src/model/saml-sign-in-plan';
import { reportSamlSignIn, samlSignInOf } from '../../../src/model/saml-sign-in-report';
import { runSamlSignIn, type SamlSignInOutcome, type SamlSignInOptions, type SamlSignInRequest } from '../../../src/platform/saml-sign-in';
import { launchChromium } from '../../builders/chromium-page';
import { chromiumSignIn } from '../../builders/chromium-sign-in';
import { SPARK_IDENTIFIER, SPARK_REPLY_URL, startSparkSignIn, type SparkSetupOptions, type SparkSignInSetup } from '../../builders/saml-sign-in-setup';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

interface Run {
  setup: SparkSignInSetup;
  plan: SamlSignInPlan;
  outcome: SamlSignInOutcome;
  request?: SamlSignInRequest;
  report?: InspectReport<SamlMessageData & { mapping?: MappingResult }>;
}

/** One sign-in against a fresh IdP: plan from the config, the flow, the report as the extension and CLI build it. */
async function signIn(o: SparkSetupOptions & { user?: string; password?: string; sign?: boolean; decrypt?: boolean; flow?: SamlSignInOptions; browserStep?: (setup: SparkSignInSetup, request: SamlSignInRequest) => (url: string) => Promise<boolean> }): Promise<Run> {
  const setup = await startSparkSignIn(o);
  const config = loadInspectConfig(setup.configFile, 'spark-keycloak');
  assert.ok(config.entry && config.expectations);
  const planned = planSamlSignIn(config.index, config.entry, config.readFile);
  assert.ok(planned.ok, planned.ok ? '' : planned.message);
  const plan = planned.value;
  let request: SamlSignInRequest | undefined;
  const user = o.user ?? 'spark.test';
  const password = o.password ?? (user === 'analyst' ? 'battery staple' : 'correct horse');
  const outcome = await runSamlSignIn(
    plan,
    {
      onListening: (r) => (request = r),
      openBrowser: (url) => (o.browserStep && request ? o.browserStep(setup, request)(url) : chromiumSignIn(browser, { username: user, password })(url)),
    },
    { timeoutMs: 60_000, ...(o.sign === false ? {} : { signingKey: createPrivateKey(setup.spSigning.private) }), ...o.flow },
  );
  const run: Run = { setup, plan, outcome, ...(request ? { request } : {}) };
  if (outcome.kind === 'received') {
    const c = outcome.capture;
    const options = defaultInspectOptions(o.decrypt ? { decryptionKeys: [createPrivateKey(setup.spEncryption.private)] } : {});
    const r = await reportSamlSignIn(c.samlResponse, { requestId: c.request.id, acsUrl: c.request.acsUrl, relayStateSent: c.request.relayState, requestSigned: c.request.signed, ...(c.relayState !== undefined ? { relayStateReceived: c.relayState } : {}) }, plan, config.index, config.expectations, options);
    assert.ok(r.ok, r.ok ? '' : r.message);
    run.report = r.report as Run['report'];
  }
  return run;
}

const ids = (r: InspectReport | undefined): string[] => (r?.findings ?? []).map((f) => f.id);

describe('Test SAML Sign-In against a loopback samlify IdP in Chromium', { timeout: 240_000 }, () => {
  test('the plan for the Spark app: Keycloak broker SSO URL, emailAddress NameID policy, signed requests', async () => {
    const setup = await startSparkSignIn();
    try {
      const config = loadInspectConfig(setup.configFile, 'spark-keycloak');
      assert.ok(config.entry);
      const planned = planSamlSignIn(config.index, config.entry, config.readFile);
      assert.ok(planned.ok);
      assert.equal(planned.value.spEntityId, SPARK_IDENTIFIER);
      assert.equal(planned.value.idpSsoUrl, setup.idp.ssoUrl);
      assert.match(planned.value.idpSsoUrlSource, /Keycloak identity provider entra-id/);
      assert.equal(planned.value.nameIdFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
      assert.match(planned.value.signedRequestsRequiredBy ?? '', /verification certificates/);
      assert.deepEqual(planned.value.productionReplyUrls, [SPARK_REPLY_URL]);
      assert.match(planned.value.replyUrlHowTo, /Basic SAML Configuration → Reply URL/);
    } finally {
      await setup.close();
    }
  });

  test('signed request, signed response: the IdP verifies our signature and the tenant admin lands in tenant-admin', async () => {
    const run = await signIn({});
    try {
      assert.equal(run.outcome.kind, 'received', JSON.stringify(run.outcome));
      const seen = run.setup.idp.log.find((l) => l.kind === 'authn-request');
      assert.ok(seen && seen.kind === 'authn-request', `the IdP parsed our AuthnRequest: ${JSON.stringify(run.setup.idp.log)}`);
      assert.equal(seen.signatureVerified, true, 'samlify verified the Redirect-binding query signature');
      assert.equal(seen.id, run.request?.id);
      assert.equal(seen.acs, run.request?.acsUrl);
      assert.equal(seen.issuer, SPARK_IDENTIFIER);
      assert.match(run.request?.acsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/acs$/);
      const report = run.report;
      assert.ok(report);
      assert.equal(report.kind, 'saml-response');
      assert.equal(report.signature.status, 'valid', report.signature.detail);
      assert.deepEqual(ids(report).filter((i) => !i.startsWith('mapping.unmatched')), [], JSON.stringify(report.findings));
      assert.deepEqual(report.data.mapping?.teams, ['tenant-admin']);
      const signIn = samlSignInOf(report);
      assert.equal(signIn?.initiatedBy, 'sp');
      assert.equal(signIn?.inResponseTo, run.request?.id);
      assert.equal(signIn?.relayStateReceived, run.request?.relayState);
      assert.equal(signIn?.testAcsUrl, run.request?.acsUrl);
      assert.ok(await portIsClosed(Number(new URL(run.request?.acsUrl ?? '').port)), 'nothing left listening');
    } finally {
      await run.setup.close();
    }
  });

  test('signed and encrypted assertion (RSA-OAEP, AES-256-GCM): decrypted with the SP key, the analyst lands in user:teamA', async () => {
    const run = await signIn({ encrypt: true, decrypt: true, user: 'analyst' });
    try {
      assert.equal(run.outcome.kind, 'received');
      const report = run.report;
      assert.ok(report);
      assert.equal(report.data.encryptedAssertion?.decrypted, true);
      assert.equal(report.signature.status, 'valid', report.signature.detail);
      assert.deepEqual(report.data.mapping?.teams, ['user:teamA']);
    } finally {
      await run.setup.close();
    }
  });

  test('encrypted assertion without the SP key: said so, and nothing is mapped from unreadable claims', async () => {
    const run = await signIn({ encrypt: true });
    try {
      assert.ok(ids(run.report).includes('saml.encrypted-assertion'));
      assert.deepEqual(run.report?.data.mapping?.teams ?? [], []);
    } finally {
      await run.setup.close();
    }
  });

  test('an unsigned request to an IdP that wants signed requests is refused by the IdP, and the wait times out', async () => {
    const failures: string[] = [];
    const run = await signIn({ sign: false, flow: { timeoutMs: 8_000 }, browserStep: () => chromiumSignIn(browser, { username: 'spark.test', password: 'correct horse' }, failures) });
    try {
      assert.equal(run.outcome.kind, 'timeout');
      assert.ok(run.setup.idp.log.some((l) => l.kind === 'error' && /ERR_MISSING_SIG_ALG/.test(l.message)), JSON.stringify(run.setup.idp.log));
      assert.ok(await portIsClosed(Number(new URL(run.request?.acsUrl ?? '').port)));
    } finally {
      await run.setup.close();
    }
  });

  test('the IdP names the production reply URL as Destination and Recipient: recipient mismatch against the test ACS', async () => {
    const run = await signIn({ acsMode: 'destination-registered' });
    try {
      const mismatch = run.report?.findings.filter((f) => f.id === 'saml.recipient-mismatch') ?? [];
      assert.ok(mismatch.length >= 1, JSON.stringify(run.report?.findings));
      assert.ok(mismatch.every((f) => f.message.includes(SPARK_REPLY_URL) && f.message.includes(run.request?.acsUrl ?? '?')));
    } finally {
      await run.setup.close();
    }
  });

  test('the IdP posts to its registered reply URL instead of the test ACS: the wait ends by timeout, nothing listening', async () => {
    const run = await signIn({ acsMode: 'post-registered', registeredAcs: 'http://127.0.0.1:9/acs', flow: { timeoutMs: 8_000 } });
    try {
      assert.equal(run.outcome.kind, 'timeout');
      assert.ok(await portIsClosed(Number(new URL(run.request?.acsUrl ?? '').port)));
    } finally {
      await run.setup.close();
    }
  });

  test('Responder / RequestDenied with an AADSTS message: the status is explained and no team is claimed', async () => {
    const run = await signIn({ deny: { message: "AADSTS50105: Your administrator has configured the application Spark to block users unless they are specifically granted ('assigned') access to the application." } });
    try {
      const status = run.report?.findings.find((f) => f.id === 'saml.status-error');
      assert.ok(status, JSON.stringify(run.report?.findings));
      assert.match(status.message, /Responder \/ RequestDenied/);
      assert.match(status.message, /AADSTS50105/);
      assert.match(status.message, /not assigned/);
      assert.equal(samlSignInOf(run.report as InspectReport)?.inResponseTo, run.request?.id, 'the denial answers our request');
    } finally {
      await run.setup.close();
    }
  });

  test('IdP-initiated: an unsolicited response on the same listener is accepted and said to be one', async () => {
    const failures: string[] = [];
    const run = await signIn({
      flow: { timeoutMs: 60_000 },
      browserStep: (setup, request) => (_url) => chromiumSignIn(browser, { username: 'analyst', password: 'battery staple' }, failures)(setup.idp.idpInitiatedUrl(request.acsUrl, 'from-my-apps')),
    });
    try {
      assert.equal(run.outcome.kind, 'received', `browser: ${failures.join('; ')}; IdP: ${JSON.stringify(run.setup.idp.log)}`);
      const report = run.report;
      assert.ok(report);
      assert.ok(ids(report).includes('saml.idp-initiated'));
      assert.ok(!ids(report).includes('saml.in-response-to-mismatch'));
      assert.equal(samlSignInOf(report)?.initiatedBy, 'idp');
      assert.deepEqual(report.data.mapping?.teams, ['user:teamA']);
    } finally {
      await run.setup.close();
    }
  });

  test('a RelayState the IdP changed is reported', async () => {
    const run = await signIn({ relayStateOverride: 'somewhere-else' });
    try {
      assert.ok(ids(run.report).includes('saml.relay-state-mismatch'), JSON.stringify(run.report?.findings));
    } finally {
      await run.setup.close();
    }
  });

  test('cancelling before anyone signs in ends the wait with nothing listening', async () => {
    const abort = new AbortController();
    const run = await signIn({ flow: { signal: abort.signal }, browserStep: () => () => {
        setTimeout(() => abort.abort(), 50);
        return Promise.resolve(true);
      } });
    try {
      assert.equal(run.outcome.kind, 'cancelled');
      assert.ok(await portIsClosed(Number(new URL(run.request?.acsUrl ?? '').port)));
    } finally {
      await run.setup.close();
    }
  });

  test('the ACS can be named localhost (the IdP posts there) while binding 127.0.0.1 only', async () => {
    const run = await signIn({ flow: { acsHost: 'localhost' } });
    try {
      assert.match(run.request?.acsUrl ?? '', /^http:\/\/localhost:\d+\/acs$/);
      assert.equal(run.outcome.kind, 'received', JSON.stringify(run.outcome));
      assert.deepEqual(run.report?.data.mapping?.teams, ['tenant-admin']);
    } finally {
      await run.setup.close();
    }
  });
});
