import { inspectArtifact } from '../decoders/inspect';
import type { InspectOptions } from '../decoders/inspect-options';
import { mergeTrust } from '../decoders/keys/trusted-key';
import { finding, type Finding, type InspectReport } from '../decoders/result';
import type { SamlMessageData } from '../decoders/saml';
import type { ConfigIndex } from './config-index';
import { analyzeMapping, withMapping, type AppExpectations } from './mapping';
import type { SamlSignInPlan } from './saml-sign-in-plan';

/** What the test sign-in adds to a report: `data.samlSignIn` (the CLI contract lets data grow). */
export interface SamlSignInData {
  app: string;
  /** The loopback ACS of this run: the expected Destination / Recipient. */
  testAcsUrl: string;
  idpSsoUrl: string;
  idpSsoUrlSource: string;
  requestId: string;
  requestSigned: boolean;
  /** SP-initiated (InResponseTo present) or IdP-initiated (unsolicited: no InResponseTo). */
  initiatedBy: 'sp' | 'idp';
  inResponseTo?: string;
  relayStateSent: string;
  relayStateReceived?: string;
  /** The reply URLs the app is registered with in production (not this run's). */
  productionReplyUrls: string[];
  /** What the config check says about them (empty: they fit what the IdP app and the SP use). */
  productionReplyUrlFindings: Array<{ id: string; severity: string; message: string }>;
  /** Why the recipient is the test ACS, in words for the report. */
  note: string;
}

export interface SamlSignInFacts {
  requestId: string;
  acsUrl: string;
  relayStateSent: string;
  relayStateReceived?: string;
  requestSigned: boolean;
}

/**
 * Adds what only a live sign-in can check: that the response answers *this* request (InResponseTo
 * of the Response and of every SubjectConfirmationData equals the AuthnRequest ID, SAML profiles
 * §4.1.4.2/§4.1.4.3), that RelayState came back unchanged (bindings §3.5.3: the IdP MUST return it
 * as received), and that an unsolicited (IdP-initiated) response is said to be one.
 */
export function withSamlSignIn(report: InspectReport, plan: SamlSignInPlan, facts: SamlSignInFacts): InspectReport {
  const data = report.data as Partial<SamlMessageData>;
  const ids = [data.inResponseTo, ...(data.assertions ?? []).flatMap((a) => a.subjectConfirmations.map((s) => s.inResponseTo))].filter((v): v is string => v !== undefined);
  const findings: Finding[] = [];
  const wrong = [...new Set(ids.filter((v) => v !== facts.requestId))];
  if (wrong.length) {
    findings.push(finding('saml.in-response-to-mismatch', 'error', `InResponseTo is ${wrong.map((w) => JSON.stringify(w)).join(', ')}, but this test sent the AuthnRequest ${JSON.stringify(facts.requestId)}: the response answers another request (an older tab, or a replayed response), which an SP must reject (SAML profiles §4.1.4.3)`));
  }
  const initiatedBy: SamlSignInData['initiatedBy'] = ids.length ? 'sp' : 'idp';
  if (initiatedBy === 'idp') {
    findings.push(finding('saml.idp-initiated', 'info', 'the response carries no InResponseTo: an IdP-initiated (unsolicited) sign-in, as from Entra My Apps or "Test this application". The test ACS accepts it; the product must allow IdP-initiated sign-in for that route to work'));
  } else if (facts.relayStateReceived !== facts.relayStateSent) {
    findings.push(finding('saml.relay-state-mismatch', 'warning', `RelayState came back as ${facts.relayStateReceived === undefined ? 'nothing' : JSON.stringify(facts.relayStateReceived)}, but the request sent ${JSON.stringify(facts.relayStateSent)}: the IdP must return it unchanged (SAML bindings §3.5.3), or the SP loses where the user was going`));
  }
  const signIn: SamlSignInData = {
    app: plan.appId,
    testAcsUrl: facts.acsUrl,
    idpSsoUrl: plan.idpSsoUrl,
    idpSsoUrlSource: plan.idpSsoUrlSource,
    requestId: facts.requestId,
    requestSigned: facts.requestSigned,
    initiatedBy,
    ...(ids[0] !== undefined ? { inResponseTo: ids[0] } : {}),
    relayStateSent: facts.relayStateSent,
    ...(facts.relayStateReceived !== undefined ? { relayStateReceived: facts.relayStateReceived } : {}),
    productionReplyUrls: plan.productionReplyUrls,
    productionReplyUrlFindings: plan.productionReplyUrlFindings,
    note: `Destination and Recipient were checked against this run's test ACS (${facts.acsUrl}), not the production reply URL, so the test reply URL is not reported as your mistake. The production reply URL is still compared with what the IdP app and the SP use by the config check (below, and in the Problems panel / sso-lens check).`,
  };
  const order = { error: 0, warning: 1, info: 2 } as const;
  return {
    ...report,
    findings: [...report.findings, ...findings].sort((a, b) => order[a.severity] - order[b.severity]),
    data: { ...(report.data as object), samlSignIn: signIn },
  };
}

/** The sign-in facts a report carries in `data.samlSignIn`, if any. */
export function samlSignInOf(report: InspectReport): SamlSignInData | undefined {
  const d = report.data;
  if (d === null || typeof d !== 'object' || !('samlSignIn' in d)) return undefined;
  const s = (d as { samlSignIn?: unknown }).samlSignIn;
  return s !== null && typeof s === 'object' && 'testAcsUrl' in s ? (s as SamlSignInData) : undefined;
}

/**
 * The one pipeline behind the extension command and `sso-lens saml-sign-in`, the same as
 * "Test with a Token…" and `inspect --config`: decode, verify with the app's trusted certificates,
 * decrypt when a key was given, map through the app — with this run's test ACS as the expected
 * recipient — then the sign-in checks above.
 */
export async function reportSamlSignIn(
  samlResponse: string,
  facts: SamlSignInFacts,
  plan: SamlSignInPlan,
  index: ConfigIndex,
  expectations: AppExpectations,
  options: InspectOptions,
): Promise<{ ok: true; report: InspectReport } | { ok: false; message: string }> {
  const inspected = await inspectArtifact(Buffer.from(samlResponse, 'utf8'), {
    ...options,
    trust: mergeTrust(options.trust, expectations.trust),
    expected: { ...expectations.expected, recipient: facts.acsUrl },
  });
  if (!inspected.ok) return { ok: false, message: `the IdP's response could not be read: ${inspected.error.message}` };
  const mapping = analyzeMapping(inspected.value, index, plan.appId);
  const mapped = mapping.ok ? withMapping(inspected.value, mapping.value) : inspected.value;
  return { ok: true, report: withSamlSignIn(mapped, plan, facts) };
}
