/**
 * "Compare With…": a semantic diff of two captured sign-ins — the one that works and the one that
 * fails. Claims/attributes added, removed and changed; signature status and algorithm; issuer,
 * audience, recipient, status and validity times; findings only one side has; and, with a config
 * app, the teams/groups/roles gained or lost with the rules that made the difference. Pure.
 */
import type { JwtData } from '../../decoders/jwt/inspect-jwt';
import type { Finding, InspectReport, SignatureReport } from '../../decoders/result';
import type { SamlMessageData } from '../../decoders/saml/saml-data';
import { claimBagOf, isMappable } from '../mapping/claim-bag';
import type { MappingResult } from '../mapping/mapping-types';

/** One side of the comparison: which artifact was compared (the last token/response of a HAR or flow). */
export interface ComparedSide {
  source: string;
  kind: string;
  /** 1-based item of a HAR or flow the artifact was taken from. */
  item?: number;
  signature: SignatureReport;
}

export type Change = 'added' | 'removed' | 'changed';

export interface ClaimChange {
  name: string;
  change: Change;
  left?: string[];
  right?: string[];
}

export interface FieldComparison {
  field: string;
  left?: string;
  right?: string;
  same: boolean;
}

export interface RuleDifference {
  hop: string;
  rule: string;
  path: string;
  left: boolean;
  right: boolean;
  /** Why the rule did not fire on the side where it did not. */
  why?: string;
}

export interface MappingComparison {
  app: string;
  teamsGained: string[];
  teamsLost: string[];
  groupsGained: string[];
  groupsLost: string[];
  rolesGained: string[];
  rolesLost: string[];
  authorization?: { left?: string; right?: string };
  /** Rules that fired on one side only: what made the difference. */
  rules: RuleDifference[];
  /** Attributes the product sets differently. */
  attributes: Array<{ name: string; left?: string; right?: string }>;
}

export interface ComparisonData {
  left: ComparedSide;
  right: ComparedSide;
  claims: ClaimChange[];
  /** Claims that differ on every sign-in (times, nonces, session IDs), counted, not listed. */
  volatileClaimsChanged: string[];
  signature: FieldComparison[];
  conditions: FieldComparison[];
  findings: { onlyLeft: Finding[]; onlyRight: Finding[] };
  mapping?: MappingComparison;
  /** Nothing that matters differs. */
  equivalent: boolean;
}

/** The CLI's JSON for `sso-lens compare` (README "compare"), in the contract's report shape. */
export interface ComparisonReport {
  kind: 'comparison';
  signature: { status: 'not-checked'; detail: string };
  findings: Finding[];
  data: ComparisonData;
  items: [InspectReport, InspectReport];
}

/** Claims whose values differ on every sign-in by design (OIDC Core §2, Entra token reference). */
const VOLATILE = new Set(['exp', 'iat', 'nbf', 'auth_time', 'nonce', 'jti', 'uti', 'aio', 'rh', 'at_hash', 'c_hash', 's_hash', 'sid', 'session_state', 'xms_tcdt', 'xms_ftd']);

/** Conditions that differ on every sign-in: validity times and the request a response answers. */
const PER_SIGN_IN_CONDITION = /^(time |in response to$)/;

/** The artifact to compare: the report itself, or the last token / SAML response of a HAR or flow. */
export function comparedArtifact(report: InspectReport): { report: InspectReport; item?: number } {
  if (isMappable(report)) return { report };
  const items = (report.items ?? []).map((r, i) => ({ report: r, item: i + 1 })).filter((x) => isMappable(x.report));
  return items[items.length - 1] ?? { report };
}

export function compareArtifacts(left: { report: InspectReport; source: string }, right: { report: InspectReport; source: string }): ComparisonReport {
  const a = comparedArtifact(left.report);
  const b = comparedArtifact(right.report);
  const side = (x: { report: InspectReport; item?: number }, source: string): ComparedSide => ({ source, kind: x.report.kind, ...(x.item !== undefined ? { item: x.item } : {}), signature: x.report.signature });
  const { claims, volatile } = compareClaims(a.report, b.report);
  const signature = compareFields([
    ['status', a.report.signature.status, b.report.signature.status],
    ['algorithm', a.report.signature.algorithm, b.report.signature.algorithm],
    ['key ID', a.report.signature.keyId, b.report.signature.keyId],
    ['covers', a.report.signature.signedElements?.join(', '), b.report.signature.signedElements?.join(', ')],
  ]);
  const ca = conditionsOf(a.report);
  const cb = conditionsOf(b.report);
  const conditions = compareFields([...new Set([...ca.keys(), ...cb.keys()])].map((k) => [k, ca.get(k), cb.get(k)]));
  const ids = (r: InspectReport) => new Set(r.findings.map((f) => `${f.id}\u0000${f.message}`));
  const ia = ids(a.report);
  const ib = ids(b.report);
  const findings = { onlyLeft: a.report.findings.filter((f) => !ib.has(`${f.id}\u0000${f.message}`)), onlyRight: b.report.findings.filter((f) => !ia.has(`${f.id}\u0000${f.message}`)) };
  const ma = mappingOf(a.report) ?? mappingOf(left.report);
  const mb = mappingOf(b.report) ?? mappingOf(right.report);
  const mapping = ma && mb && ma.app.id === mb.app.id ? compareMappings(ma, mb) : undefined;
  const equivalent =
    claims.length === 0 &&
    signature.every((f) => f.same) &&
    conditions.filter((c) => !PER_SIGN_IN_CONDITION.test(c.field)).every((c) => c.same) &&
    findings.onlyLeft.length === 0 &&
    findings.onlyRight.length === 0 &&
    (!mapping || (mapping.rules.length === 0 && mapping.teamsGained.length + mapping.teamsLost.length + mapping.groupsGained.length + mapping.groupsLost.length + mapping.rolesGained.length + mapping.rolesLost.length === 0));
  return {
    kind: 'comparison',
    signature: { status: 'not-checked', detail: 'see each item' },
    findings: [],
    data: { left: side(a, left.source), right: side(b, right.source), claims, volatileClaimsChanged: volatile, signature, conditions, findings, ...(mapping ? { mapping } : {}), equivalent },
    items: [left.report, right.report],
  };
}

function compareFields(rows: Array<[string, string | undefined, string | undefined]>): FieldComparison[] {
  return rows.filter(([, l, r]) => l !== undefined || r !== undefined).map(([field, l, r]) => ({ field, ...(l !== undefined ? { left: l } : {}), ...(r !== undefined ? { right: r } : {}), same: l === r }));
}

function compareClaims(a: InspectReport, b: InspectReport): { claims: ClaimChange[]; volatile: string[] } {
  const ba = claimBagOf(a);
  const bb = claimBagOf(b);
  const va = ba.ok ? ba.bag.values : new Map<string, string[]>();
  const vb = bb.ok ? bb.bag.values : new Map<string, string[]>();
  const claims: ClaimChange[] = [];
  const volatile: string[] = [];
  for (const name of [...new Set([...va.keys(), ...vb.keys()])]) {
    const l = va.get(name);
    const r = vb.get(name);
    if (l && r && sameValues(l, r)) continue;
    if (l && r && VOLATILE.has(name)) {
      volatile.push(name);
      continue;
    }
    claims.push({ name, change: !l ? 'added' : !r ? 'removed' : 'changed', ...(l ? { left: l } : {}), ...(r ? { right: r } : {}) });
  }
  // NameID is the SAML subject: compared like a claim.
  const na = ba.ok ? ba.bag.nameId : undefined;
  const nb = bb.ok ? bb.bag.nameId : undefined;
  if ((na || nb) && na?.value !== nb?.value) claims.push({ name: 'NameID', change: !na ? 'added' : !nb ? 'removed' : 'changed', ...(na ? { left: [na.value] } : {}), ...(nb ? { right: [nb.value] } : {}) });
  return { claims, volatile };
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((v, i) => v === sb[i]);
}

/** Issuer, audience, recipient, status and validity of a token or SAML response, as text. */
function conditionsOf(report: InspectReport): Map<string, string> {
  const out = new Map<string, string>();
  const set = (k: string, v: unknown) => {
    if (typeof v === 'string' && v !== '') out.set(k, v);
    else if (Array.isArray(v) && v.length) out.set(k, v.join(', '));
    else if (typeof v === 'number') out.set(k, new Date(v * 1000).toISOString());
  };
  if (report.kind === 'jwt' || report.kind === 'jwe') {
    const data = report.data as Partial<JwtData> & { decrypted?: { token?: Partial<JwtData> } };
    const payload = (report.kind === 'jwe' ? data.decrypted?.token?.payload : data.payload) as Record<string, unknown> | undefined;
    if (payload) {
      set('issuer', payload['iss']);
      set('audience', payload['aud']);
      set('tenant', payload['tid']);
      set('token version', payload['ver']);
      set('time iat', payload['iat']);
      set('time nbf', payload['nbf']);
      set('time exp', payload['exp']);
    }
    return out;
  }
  if (report.kind.startsWith('saml-')) {
    const d = report.data as Partial<SamlMessageData>;
    const assertion = d.assertions?.[0];
    set('issuer', assertion?.issuer ?? d.issuer);
    set('destination', d.destination);
    set('in response to', d.inResponseTo);
    set('status', d.status?.aadsts ? `${d.status.code ?? ''} (${d.status.aadsts.code})` : d.status?.code);
    set('audience', assertion?.conditions?.audiences);
    set('recipient', assertion?.subjectConfirmations.map((s) => s.recipient ?? '').filter(Boolean));
    set('NameID format', assertion?.nameId?.format);
    set('authentication context', assertion?.authnStatements[0]?.authnContextClassRef);
    set('time NotBefore', assertion?.conditions?.notBefore?.raw);
    set('time NotOnOrAfter', assertion?.conditions?.notOnOrAfter?.raw);
    set('encrypted assertion', d.encryptedAssertion ? (d.encryptedAssertion.decrypted ? 'decrypted' : 'not decrypted') : undefined);
  }
  return out;
}

function mappingOf(report: InspectReport): MappingResult | undefined {
  const data = report.data;
  if (data === null || typeof data !== 'object' || !('mapping' in data)) return undefined;
  const m = (data as { mapping?: unknown }).mapping;
  return m !== null && typeof m === 'object' && 'trace' in m ? (m as MappingResult) : undefined;
}

const minus = (a: string[], b: string[]): string[] => a.filter((x) => !b.includes(x));

export function compareMappings(a: MappingResult, b: MappingResult): MappingComparison {
  const key = (t: MappingResult['trace'][number]) => `${t.hop}\u0000${t.path}\u0000${t.rule}`;
  const right = new Map(b.trace.map((t) => [key(t), t]));
  const rules: RuleDifference[] = [];
  for (const t of a.trace) {
    const u = right.get(key(t));
    if (!u || u.fired === t.fired) continue;
    const why = t.fired ? u.why ?? u.whyNot : t.why ?? t.whyNot;
    rules.push({ hop: t.hop, rule: t.rule, path: t.path, left: t.fired, right: u.fired, ...(why !== undefined ? { why } : {}) });
  }
  const attrs = new Map<string, { left?: string; right?: string }>();
  const text = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v);
  for (const x of a.attributes) attrs.set(`${x.hop}:${x.name}`, { ...attrs.get(`${x.hop}:${x.name}`), ...(text(x.value) !== undefined ? { left: text(x.value) } : {}) });
  for (const x of b.attributes) attrs.set(`${x.hop}:${x.name}`, { ...attrs.get(`${x.hop}:${x.name}`), ...(text(x.value) !== undefined ? { right: text(x.value) } : {}) });
  const auth = (m: MappingResult) => (m.authorization ? (m.authorization.outcome === 'granted' ? `granted ${m.authorization.roleId ?? ''}`.trim() : m.authorization.outcome) : undefined);
  const la = auth(a);
  const lb = auth(b);
  return {
    app: a.app.id,
    teamsGained: minus(b.teams, a.teams),
    teamsLost: minus(a.teams, b.teams),
    groupsGained: minus(b.groups, a.groups),
    groupsLost: minus(a.groups, b.groups),
    rolesGained: minus(b.roles, a.roles),
    rolesLost: minus(a.roles, b.roles),
    ...(la !== lb ? { authorization: { ...(la !== undefined ? { left: la } : {}), ...(lb !== undefined ? { right: lb } : {}) } } : {}),
    rules,
    attributes: [...attrs].filter(([, v]) => v.left !== v.right).map(([k, v]) => ({ name: k.slice(k.indexOf(':') + 1), ...v })),
  };
}
