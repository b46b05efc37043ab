import type { FlowStepReport } from '../../decoders/capture';
import { finding, type Finding, type InspectReport } from '../../decoders/result';
import type { AppEntry, ConfigIndex } from '../config-index';
import { childPointer } from '../json-pointer';
import { analyzeMapping, withMapping } from '../mapping';
import { isMappable } from '../mapping/claim-bag';
import { flowSteps, stepApps } from './steps-to-apps';
import { ownEntry } from '../../decoders/own-entry';

/** Where an AADSTS code's fix lives in an app (explain-errors.ts AADSTS_FIELDS). */
const FIELD_OF: Readonly<Record<string, (app: AppEntry) => string>> = {
  AADSTS50011: (a) => replyUrlsPointer(a),
  AADSTS90102: (a) => replyUrlsPointer(a),
  AADSTS500113: (a) => replyUrlsPointer(a),
  AADSTS9002326: (a) => replyUrlsPointer(a),
  AADSTS700016: (a) => childPointer(a.pointer, a.value.protocol === 'oidc' ? 'clientId' : 'identifiers'),
  AADSTS7000215: (a) => childPointer(a.pointer, 'clientSecret'),
  AADSTS7000218: (a) => childPointer(a.pointer, 'clientSecret'),
  AADSTS50105: (a) => a.pointer,
  AADSTS65001: (a) => a.pointer,
  AADSTS650056: (a) => a.pointer,
  AADSTS700051: (a) => a.pointer,
  AADSTS700054: (a) => a.pointer,
  AADSTS75011: (a) => a.pointer,
  AADSTS50020: (a) => a.provider.pointer,
  AADSTS90002: (a) => a.provider.pointer,
};

function replyUrlsPointer(a: AppEntry): string {
  return childPointer(a.pointer, a.value.protocol === 'oidc' ? 'redirectUris' : 'replyUrls');
}

function replyUrlsOf(a: AppEntry): string[] {
  return a.value.protocol === 'oidc' ? (a.value.redirectUris ?? []) : a.value.replyUrls;
}

export interface ReplyUrlComparison {
  requested: string;
  configured: string[];
  /** The configured URL closest to the requested one, and where they first differ (0-based). */
  closest?: { url: string; index: number; differsAt: number; explanation: string };
  matches: boolean;
}

/**
 * The reply URL a request asked for against the app's configured ones, character by character:
 * Entra compares them exactly (AADSTS50011), so a trailing slash, http vs https, a port or case in
 * the path is enough to fail.
 */
export function compareReplyUrl(requested: string, configured: readonly string[]): ReplyUrlComparison {
  if (configured.includes(requested)) return { requested, configured: [...configured], matches: true };
  let best: ReplyUrlComparison['closest'];
  configured.forEach((url, index) => {
    let p = 0;
    while (p < url.length && p < requested.length && url[p] === requested[p]) p++;
    const score = p - Math.abs(url.length - requested.length) / 1000;
    const bestScore = best ? best.differsAt - Math.abs(best.url.length - requested.length) / 1000 : -Infinity;
    if (score > bestScore) best = { url, index, differsAt: p, explanation: explainDifference(requested, url, p) };
  });
  return { requested, configured: [...configured], matches: false, ...(best ? { closest: best } : {}) };
}

function explainDifference(requested: string, configured: string, p: number): string {
  const at = `at character ${p + 1}`;
  if (requested.startsWith(configured) && requested.slice(configured.length) === '/') return `${at}: the request has a trailing "/" the config does not`;
  if (configured.startsWith(requested) && configured.slice(requested.length) === '/') return `${at}: the config has a trailing "/" the request does not`;
  if (requested.toLowerCase() === configured.toLowerCase()) return `${at}: they differ only in case ("${requested[p] ?? ''}" vs "${configured[p] ?? ''}")`;
  if (/^http:/i.test(requested) !== /^http:/i.test(configured)) return 'the scheme differs (http vs https)';
  const show = (s: string) => (p >= s.length ? '(end)' : JSON.stringify(s.slice(p, p + 16)));
  return `${at}: the request has ${show(requested)}, the config ${show(configured)}`;
}

const paramsOf = (r: InspectReport): Record<string, string> => ((r.data as { request?: { params?: Record<string, string> } } | undefined)?.request?.params ?? {});

/**
 * A flow checked against the config: each step names the app it belongs to (`data.app`), the
 * provider's errors point at the config element to fix (`path`), a reply URL the provider refused
 * is compared with the app's (`data.replyUrl`), and the last successful step that carries claims
 * gets `data.mapping`. (Inspect the capture with each step's app expectations first, see
 * `stepApps`, so the signature, audience and recipient checks are the app's.)
 */
export function checkFlow(report: InspectReport, index: ConfigIndex): InspectReport {
  if (report.kind !== 'flow') return report;
  const apps = stepApps(report, index);
  const steps = flowSteps(report);
  const requestedReply = (s: FlowStepReport): string | undefined => s.step.app?.redirectUri ?? s.step.app?.acsUrl;
  const updated = new Map<number, FlowStepReport>();
  for (const s of steps) {
    const app = apps.get(s.step.index);
    if (!app) continue;
    const findings: Finding[] = s.findings.map((f) => withPath(f, app));
    let data: Record<string, unknown> = { ...(isObject(s.data) ? s.data : {}), app: { id: app.value.id, path: app.pointer } };
    // The reply URL: compared whenever the provider complained about it, or the request names one the app lacks.
    const requested = requestedReply(s) ?? replyOfFlow(s, steps);
    const complained = findings.some((f) => f.code === 'AADSTS50011' || f.code === 'invalid-redirect-uri' || f.code === 'invalid_redirect_uri');
    if (requested !== undefined && (complained || s.step.role === 'authorize' || s.step.role === 'authn-request')) {
      const cmp = compareReplyUrl(requested, replyUrlsOf(app));
      if (!cmp.matches) {
        data = { ...data, replyUrl: cmp };
        const closest = cmp.closest ? `; closest: ${cmp.closest.url} (${childPointer(replyUrlsPointer(app), cmp.closest.index)}), ${cmp.closest.explanation}` : '; the app has none';
        const where = replyUrlsPointer(app);
        const target = findings.find((f) => f.code === 'AADSTS50011' || f.code === 'invalid-redirect-uri');
        const text = `the reply URL ${requested} is not one of ${app.value.id}'s ${app.value.protocol === 'oidc' ? 'redirect URIs' : 'Reply URLs'}${closest}`;
        if (target) {
          target.message = `${target.message} — ${text}`;
          target.path = where;
        } else findings.push(finding('flow.reply-url-mismatch', complained ? 'error' : 'warning', text, where));
      }
    }
    updated.set(s.step.index, { ...s, findings, data, step: { ...s.step, failed: s.step.failed || findings.some((f) => f.severity === 'error') } });
  }
  // The last successful step carrying claims, per attempt: what the app makes of the user.
  const flows = new Set(steps.map((s) => s.step.flow));
  for (const flow of flows) {
    const candidates = steps.filter((s) => s.step.flow === flow && isMappable(s) && apps.has(s.step.index));
    const last = [...candidates].reverse().find((s) => !(updated.get(s.step.index) ?? s).findings.some((f) => f.severity === 'error')) ?? candidates[candidates.length - 1];
    if (!last) continue;
    const app = apps.get(last.step.index);
    const current = updated.get(last.step.index) ?? last;
    if (!app) continue;
    const mapping = analyzeMapping(current, index, app.value.id);
    if (mapping.ok) {
      const mapped = withMapping(current, mapping.value) as FlowStepReport;
      updated.set(last.step.index, { ...mapped, step: { ...mapped.step, failed: mapped.step.failed || mapping.value.findings.some((f) => f.severity === 'error') } });
    }
  }
  const items = (report.items ?? []).map((i) => {
    const s = i as Partial<FlowStepReport>;
    return s.step ? (updated.get(s.step.index) ?? i) : i;
  });
  return { ...report, items };
}

/** The redirect_uri / ACS URL of the request that started this step's attempt. */
function replyOfFlow(s: FlowStepReport, steps: FlowStepReport[]): string | undefined {
  if (s.step.role !== 'callback' && s.step.role !== 'error-redirect') return undefined;
  const state = paramsOf(s)['state'];
  const origin = steps.find((o) => o.step.flow === s.step.flow && o.step.role === 'authorize' && paramsOf(o)['state'] === state);
  return origin?.step.app?.redirectUri;
}

function withPath(f: Finding, app: AppEntry): Finding {
  if (f.path !== undefined) return f;
  if (f.id === 'entra.aadsts' && f.code !== undefined) {
    const at = ownEntry(FIELD_OF, f.code);
    return at ? { ...f, path: at(app) } : { ...f, path: app.pointer };
  }
  if (f.id === 'keycloak.error-page' && f.code === 'invalid-redirect-uri') return { ...f, path: replyUrlsPointer(app) };
  if (f.id === 'oidc.error' && f.code === 'invalid_redirect_uri') return { ...f, path: replyUrlsPointer(app) };
  if (f.id === 'oidc.error' || f.id.startsWith('saml.') || f.id.startsWith('jwt.')) return { ...f, path: app.pointer };
  return f;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
