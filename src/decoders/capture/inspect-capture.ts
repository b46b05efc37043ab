import type { InspectOptions } from '../inspect-options';
import { finding, type Finding, type InspectReport, type Result } from '../result';
import type { SamlMessageData } from '../saml/saml-data';
import type { Exchange } from './exchange';
import { navigationalFactsOf, type ExchangeFacts, type StepApp, type StepRole } from './exchange-facts';
import { explainAadstsIn } from './explain-errors';
import { groupFlows, type SamlLinks } from './group-flows';
import { BudgetedKeySource, mapConcurrently } from './key-budget';
import type { ScanOutcome } from './json-elements';

export type CaptureFormat = 'har' | 'saml-tracer' | 'url';

/** The contract's `step` (CONTRACT.md "Additions (version 2)"), plus what the report view adds. */
export interface FlowStep {
  index: number;
  /** When the request started (ISO-8601); absent when the capture does not say (SAML-tracer). */
  time?: string;
  method: string;
  /** The URL with codes, tokens and SAML messages left out. */
  url: string;
  status?: number;
  role: StepRole;
  flow: number;
  durationMs?: number;
  /** The step failed: an error finding in its report. */
  failed: boolean;
  /** Position of the request in the capture (1-based). */
  entry: number;
  /** Who asked (client_id, redirect_uri, SP entity ID, ACS URL), when the step says. */
  app?: StepApp;
}

export interface FlowSummary {
  flow: number;
  protocol: 'oidc' | 'saml' | 'oidc+saml';
  steps: number;
  failed: boolean;
  /** The first failing step's index, and why in one line. */
  failure?: { step: number; reason: string };
  hosts: string[];
  started?: string;
  durationMs?: number;
}

export interface FlowData {
  format: CaptureFormat;
  /** Requests in the capture. */
  entries: number;
  flows: FlowSummary[];
  /** Time conditions of each step were evaluated at the step's capture time when known. */
  evaluatedAt: 'capture-time' | 'now';
  /** SAML-tracer: when the export was written. */
  exportedAt?: string;
  /** More requests than are kept as steps (the rest were not examined). */
  truncated?: boolean;
}

export type FlowStepReport = InspectReport & { step: FlowStep };

type InspectTextFn = (text: string, options: InspectOptions) => Promise<Result<InspectReport>>;

/** Steps kept from one capture; a sign-in is a few dozen requests, a long session a few thousand. */
export const MAX_CAPTURE_STEPS = 2000;
/** Artifacts decoded at once (key fetches share one budget, see key-budget.ts). */
const CONCURRENCY = 8;

export interface CaptureInput {
  format: CaptureFormat;
  /** Streams the capture's exchanges; returns what the scan saw. */
  read: (onExchange: (e: Exchange) => 'continue' | 'stop') => ScanOutcome;
  exportedAt?: string;
}

export interface CaptureHooks {
  /** Options for the artifacts of one request (by its 1-based position): a config's app expectations. */
  optionsFor?: (entry: number) => InspectOptions | undefined;
}

/**
 * A capture as the story of its sign-ins: each navigational request becomes a step with its role,
 * the artifact it carried decoded (and verified when trust material is known) by the usual
 * decoders, failures explained (`oidc.error`, `entra.aadsts`, `keycloak.error-page`, SAML status),
 * grouped into attempts (group-flows.ts). Returns undefined when nothing in it is a sign-in, so
 * the caller can report the capture as before (kind `har`).
 */
export async function inspectCapture(input: CaptureInput, options: InspectOptions, inspectText: InspectTextFn, hooks: CaptureHooks = {}): Promise<InspectReport<FlowData> | undefined> {
  const facts: ExchangeFacts[] = [];
  let truncated = false;
  const outcome = input.read((e) => {
    const f = navigationalFactsOf(e);
    if (!f) return 'continue';
    if (facts.length >= MAX_CAPTURE_STEPS) {
      truncated = true;
      return 'stop';
    }
    facts.push(f);
    return 'continue';
  });
  if (!facts.some((f) => f.role !== 'other' || f.findings.length > 0)) return undefined;

  const keySource = options.keySource ? new BudgetedKeySource(options.keySource) : undefined;
  const evaluateAt = (f: ExchangeFacts): Date => {
    const t = f.time ?? input.exportedAt;
    return t !== undefined ? new Date(t) : options.now;
  };
  const reports = await mapConcurrently(facts, CONCURRENCY, async (f) => {
    const base = hooks.optionsFor?.(f.entry) ?? options;
    const stepOptions: InspectOptions = { ...base, now: evaluateAt(f), ...(keySource ? { keySource } : {}) };
    const decoded: InspectReport[] = [];
    for (const a of f.artifacts) {
      const r = await inspectText(a.text, stepOptions);
      if (r.ok) decoded.push({ ...r.value, data: { origin: a.where, ...(isObject(r.value.data) ? r.value.data : {}) } });
    }
    return decoded;
  });

  const samlLinks: Array<SamlLinks | undefined> = reports.map((rs) => {
    const saml = rs.find((r) => r.kind.startsWith('saml-'));
    if (!saml) return undefined;
    const d = saml.data as Partial<SamlMessageData>;
    return { ...(d.id ? { id: d.id } : {}), ...(d.inResponseTo ? { inResponseTo: d.inResponseTo } : {}), ...(d.relayState ? { relayState: d.relayState } : {}), ...(d.issuer ? { issuer: d.issuer } : {}) };
  });
  const flowOf = groupFlows(facts, samlLinks);

  const items: FlowStepReport[] = [];
  facts.forEach((f, i) => {
    const flow = flowOf[i] ?? 0;
    if (flow === 0) return;
    // An error redirect shown twice (the redirect, and the request it led to): explain it on the request.
    const followed = f.errorFromLocation !== undefined && facts.some((g, j) => j > i && g.matchUrl === f.errorFromLocation && flowOf[j] === flow);
    const stepFindings = followed ? f.findings.filter((x) => x.id !== 'oidc.error' && x.id !== 'entra.aadsts') : [...f.findings];
    let report = stepReport(f, reports[i] ?? [], stepFindings);
    if (f.role !== 'other' && f.status !== undefined && f.status >= 400 && !hasError(report)) {
      report = { ...report, findings: [...report.findings, finding('flow.http-error', 'error', `the ${f.role} request was answered with HTTP ${f.status}`)] };
    }
    const app = appOf(f, report);
    const step: FlowStep = {
      index: items.length + 1,
      ...(f.time !== undefined ? { time: f.time } : {}),
      method: f.method,
      url: f.url,
      ...(f.status !== undefined ? { status: f.status } : {}),
      role: f.role === 'other' && stepFindings.some((x) => x.id === 'oidc.error') ? 'error-redirect' : f.role,
      flow,
      ...(f.durationMs !== undefined ? { durationMs: f.durationMs } : {}),
      failed: hasError(report),
      entry: f.entry,
      ...(Object.keys(app).length ? { app } : {}),
    };
    items.push({ ...report, step });
  });

  const flows = summarize(items);
  const findings: Finding[] = [];
  for (const fl of flows) {
    if (fl.failure) findings.push(finding('flow.step-failed', 'error', `sign-in ${fl.flow} failed at step ${fl.failure.step}: ${fl.failure.reason}`));
  }
  if (truncated) findings.push(finding('flow.truncated', 'warning', `the capture has more than ${MAX_CAPTURE_STEPS} pages and redirects; only the first ${MAX_CAPTURE_STEPS} were examined`));
  if (outcome.problem) findings.push(finding('flow.truncated', 'warning', `the capture could not be read to its end (${outcome.problem}); the steps before that are shown`));
  return {
    kind: 'flow',
    signature: { status: 'not-checked', detail: 'see each step' },
    findings,
    data: {
      format: input.format,
      entries: outcome.count,
      flows,
      evaluatedAt: facts.some((f) => f.time !== undefined) || input.exportedAt !== undefined ? 'capture-time' : 'now',
      ...(input.exportedAt !== undefined ? { exportedAt: input.exportedAt } : {}),
      ...(truncated ? { truncated } : {}),
    },
    items,
  };
}

/**
 * The step's report: the report of the artifact it carried (the usual object: a JWT, a SAML
 * message), else a `http-step` report of the request; other artifacts (an access token beside the
 * ID token) as its items. The step's own findings (errors the provider answered) come first.
 */
function stepReport(f: ExchangeFacts, decoded: InspectReport[], stepFindings: Finding[]): InspectReport {
  const primary = pickPrimary(decoded);
  const extra = [...stepFindings];
  // Entra puts the AADSTS code into a SAML StatusMessage: name it as for OIDC.
  if (primary?.kind === 'saml-response') {
    const msg = (primary.data as Partial<SamlMessageData>).status?.message;
    if (msg !== undefined && !extra.some((x) => x.id === 'entra.aadsts')) extra.push(...explainAadstsIn(msg));
  }
  const request = { method: f.method, url: f.url, ...(f.status !== undefined ? { status: f.status } : {}), ...(f.location !== undefined ? { location: redactLocation(f.location) } : {}), params: f.params };
  if (!primary) {
    return { kind: 'http-step', signature: { status: 'unsigned', detail: 'no token or SAML message in this step' }, findings: extra, data: { request } };
  }
  const others = decoded.filter((r) => r !== primary);
  return {
    ...primary,
    findings: [...extra, ...primary.findings],
    data: { ...(isObject(primary.data) ? primary.data : {}), request },
    ...(others.length || primary.items ? { items: [...(primary.items ?? []), ...others] } : {}),
  };
}

function pickPrimary(decoded: InspectReport[]): InspectReport | undefined {
  const idToken = decoded.find((r) => /id_token/.test(String((r.data as { origin?: unknown }).origin)));
  return idToken ?? decoded[0];
}

function appOf(f: ExchangeFacts, report: InspectReport): StepApp {
  const app: StepApp = { ...f.app };
  if (report.kind === 'saml-authn-request') {
    const d = report.data as Partial<SamlMessageData>;
    if (d.issuer) app.spEntityId = d.issuer;
    if (d.authnRequest?.assertionConsumerServiceUrl) app.acsUrl = d.authnRequest.assertionConsumerServiceUrl;
  }
  return app;
}

function summarize(items: FlowStepReport[]): FlowSummary[] {
  const byFlow = new Map<number, FlowStepReport[]>();
  for (const it of items) byFlow.set(it.step.flow, [...(byFlow.get(it.step.flow) ?? []), it]);
  return [...byFlow.entries()].map(([flow, steps]) => {
    const roles = new Set(steps.map((s) => s.step.role));
    const oidc = ['authorize', 'callback', 'token', 'error-redirect'].some((r) => roles.has(r as StepRole));
    const saml = roles.has('authn-request') || roles.has('saml-response');
    const failing = steps.find((s) => s.step.failed);
    const first = steps[0]?.step;
    const last = steps[steps.length - 1]?.step;
    const t0 = first?.time !== undefined ? Date.parse(first.time) : undefined;
    const t1 = last?.time !== undefined ? Date.parse(last.time) + (last.durationMs ?? 0) : undefined;
    const reason = failing ? (failing.findings.find((x) => x.severity === 'error')?.message ?? 'an error') : undefined;
    return {
      flow,
      protocol: oidc && saml ? 'oidc+saml' : saml ? 'saml' : 'oidc',
      steps: steps.length,
      failed: failing !== undefined,
      ...(failing && reason !== undefined ? { failure: { step: failing.step.index, reason } } : {}),
      hosts: [...new Set(steps.map((s) => hostOf(s.step.url)))],
      ...(first?.time !== undefined ? { started: first.time } : {}),
      ...(t0 !== undefined && t1 !== undefined ? { durationMs: Math.max(0, t1 - t0) } : {}),
    };
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function redactLocation(location: string): string {
  // The Location may carry a code or tokens in its query or fragment: shown as the step URL is.
  return location.replace(/([?&#](?:code|id_token|access_token|refresh_token|SAMLResponse|SAMLRequest|Signature)=)[^&#]*/gi, (_, k: string) => `${k}…`);
}

function hasError(report: InspectReport): boolean {
  return report.findings.some((f) => f.severity === 'error') || (report.items ?? []).some(hasError);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
