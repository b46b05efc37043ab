/**
 * The sign-in flow as a sequence diagram: lanes for the browser and each party (SP, broker, IdP —
 * told apart by what the requests to their host do), one arrow per request labelled with its role,
 * method and status, the failing steps in red, times on the left. Data → SVG text with every value
 * escaped, so the report webview shows it under its strict CSP (no script, no inline style). Pure.
 */
import type { InspectReport } from '../decoders/result';

/** CLI contract "Additions (version 2)": `step` of each item of a `kind: "flow"` report. */
export type FlowRole = 'authorize' | 'callback' | 'token' | 'authn-request' | 'saml-response' | 'error-redirect' | 'other';

export interface FlowStepInfo {
  index: number;
  time: string;
  method: string;
  url: string;
  status: number;
  role: FlowRole;
  flow: number;
}

export type LaneKind = 'browser' | 'sp' | 'broker' | 'idp' | 'other';

export interface FlowLane {
  kind: LaneKind;
  /** The host (empty for the browser). */
  host: string;
  label: string;
}

export interface DiagramStep extends FlowStepInfo {
  lane: number;
  failed: boolean;
  /** Why it failed: the first error finding's id and message. */
  reason?: string;
}

export interface FlowDiagram {
  lanes: FlowLane[];
  steps: DiagramStep[];
}

const ROLES: ReadonlySet<string> = new Set(['authorize', 'callback', 'token', 'authn-request', 'saml-response', 'error-redirect', 'other']);
const TO_IDP: ReadonlySet<FlowRole> = new Set(['authorize', 'token', 'authn-request']);
const TO_SP: ReadonlySet<FlowRole> = new Set(['callback', 'saml-response', 'error-redirect']);

/** The contract's `step` of an item, when it has a well-formed one. */
export function stepOf(item: InspectReport): FlowStepInfo | undefined {
  const s = (item as { step?: unknown }).step;
  if (s === null || typeof s !== 'object') return undefined;
  const o = s as Record<string, unknown>;
  const { index, time, method, url, status, role, flow } = o;
  if (typeof index !== 'number' || !Number.isInteger(index) || typeof url !== 'string' || typeof role !== 'string' || !ROLES.has(role)) return undefined;
  return {
    index,
    time: typeof time === 'string' ? time : '',
    method: typeof method === 'string' ? method : 'GET',
    url,
    status: typeof status === 'number' ? status : 0,
    role: role as FlowRole,
    flow: typeof flow === 'number' ? flow : 1,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.split(/[/?#]/)[0] ?? url;
  }
}

/** Lanes and steps of a `kind: "flow"` report; undefined when it has no steps to draw. */
export function flowDiagramOf(report: InspectReport): FlowDiagram | undefined {
  const raw = (report.items ?? []).flatMap((item) => {
    const step = stepOf(item);
    if (!step) return [];
    const error = item.findings.find((f) => f.severity === 'error');
    const failed = error !== undefined || step.status >= 400 || step.role === 'error-redirect';
    return [{ step, failed, ...(error ? { reason: `${error.id}: ${error.message}` } : {}) }];
  });
  if (raw.length === 0) return undefined;
  const asIdp = new Set(raw.filter((r) => TO_IDP.has(r.step.role)).map((r) => hostOf(r.step.url)));
  const asSp = new Set(raw.filter((r) => TO_SP.has(r.step.role)).map((r) => hostOf(r.step.url)));
  const kindOf = (host: string): LaneKind => (asIdp.has(host) && asSp.has(host) ? 'broker' : asIdp.has(host) ? 'idp' : asSp.has(host) ? 'sp' : 'other');
  const order: LaneKind[] = ['sp', 'broker', 'idp', 'other'];
  const hosts = [...new Set(raw.map((r) => hostOf(r.step.url)))];
  hosts.sort((a, b) => order.indexOf(kindOf(a)) - order.indexOf(kindOf(b)));
  const names: Record<LaneKind, string> = { browser: 'Browser', sp: 'SP', broker: 'Broker', idp: 'IdP', other: 'Other' };
  const lanes: FlowLane[] = [{ kind: 'browser', host: '', label: 'Browser' }, ...hosts.map((host) => ({ kind: kindOf(host), host, label: `${names[kindOf(host)]} · ${host}` }))];
  const steps = raw.map((r) => ({ ...r.step, lane: hosts.indexOf(hostOf(r.step.url)) + 1, failed: r.failed, ...(r.reason !== undefined ? { reason: r.reason } : {}) }));
  return { lanes, steps };
}

const LEFT = 110;
const LANE_WIDTH = 220;
const TOP = 56;
const ROW = 44;
const RED = '#e51400';

/** The diagram as an SVG element (text). Each step is a focusable group carrying `data-step`. */
export function renderFlowSvg(diagram: FlowDiagram): string {
  const width = LEFT + diagram.lanes.length * LANE_WIDTH;
  const flowsBreaks = diagram.steps.filter((s, i) => i > 0 && s.flow !== diagram.steps[i - 1]?.flow).length;
  const height = TOP + (diagram.steps.length + flowsBreaks) * ROW + 24;
  const x = (lane: number) => LEFT + lane * LANE_WIDTH + LANE_WIDTH / 2;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Sign-in flow: ${diagram.steps.length} steps">`,
    '<defs>',
    '<marker id="flow-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>',
    `<marker id="flow-arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${RED}"/></marker>`,
    '</defs>',
  );
  diagram.lanes.forEach((lane, i) => {
    const cx = x(i);
    parts.push(
      `<g class="flow-lane lane-${lane.kind}" data-lane="${i}">`,
      `<rect x="${cx - LANE_WIDTH / 2 + 8}" y="8" width="${LANE_WIDTH - 16}" height="30" rx="4" fill="none" stroke="currentColor"/>`,
      `<text x="${cx}" y="28" text-anchor="middle" fill="currentColor" font-size="12">${esc(truncate(lane.label, 30))}</text>`,
      `<title>${esc(lane.label)}</title>`,
      `<line x1="${cx}" y1="38" x2="${cx}" y2="${height - 8}" stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="4 4"/>`,
      '</g>',
    );
  });
  const start = Date.parse(diagram.steps[0]?.time ?? '');
  let y = TOP;
  diagram.steps.forEach((s, i) => {
    if (i > 0 && s.flow !== diagram.steps[i - 1]?.flow) {
      parts.push(`<g class="flow-break"><line x1="4" y1="${y + 4}" x2="${width - 4}" y2="${y + 4}" stroke="currentColor" stroke-opacity="0.3"/><text x="8" y="${y + 18}" fill="currentColor" font-size="11">${esc(`sign-in ${s.flow}`)}</text></g>`);
      y += ROW;
    }
    const from = x(0);
    const to = x(s.lane);
    const ay = y + 22;
    const color = s.failed ? RED : 'currentColor';
    const t = Date.parse(s.time);
    const clock = Number.isFinite(t) ? (Number.isFinite(start) && i > 0 ? `+${((t - start) / 1000).toFixed(3)}s` : new Date(t).toISOString().slice(11, 23)) : '';
    const path = pathOf(s.url);
    const label = `${s.index}. ${s.role} · ${s.method} ${s.status || '—'} · ${path}`;
    parts.push(
      `<g class="flow-step${s.failed ? ' failing' : ''}" data-step="${s.index}" tabindex="0" role="button" aria-label="${esc(`step ${label}${s.failed ? ' (failed)' : ''}`)}">`,
      `<title>${esc(`${s.method} ${s.url}\n${s.time}${s.reason ? `\n${s.reason}` : ''}`)}</title>`,
      `<rect class="flow-hit" x="${LEFT}" y="${y}" width="${width - LEFT}" height="${ROW - 4}" fill="transparent"/>`,
      `<text class="flow-time" x="8" y="${ay + 4}" fill="currentColor" font-size="11">${esc(clock)}</text>`,
      `<line class="flow-arrow" x1="${from}" y1="${ay}" x2="${to}" y2="${ay}" stroke="${color}" stroke-width="${s.failed ? 2.5 : 1.5}" marker-end="url(#${s.failed ? 'flow-arrow-bad' : 'flow-arrow'})"/>`,
      `<text class="flow-label" x="${Math.min(from, to) + 6}" y="${ay - 6}" fill="${color}" font-size="11">${esc(truncate(label, Math.max(24, Math.floor((width - Math.min(from, to) - 12) / 6.2))))}</text>`,
      '</g>',
    );
    y += ROW;
  });
  parts.push('</svg>');
  return parts.join('');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** XML text and attribute escaping (the five characters that matter). */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
