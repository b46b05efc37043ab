import type { InspectReport } from '../decoders/result';
import type { MappingResult } from '../model/mapping/mapping-types';
import { mappingDiagramOf } from './mapping-diagram';
import { labelValue, nameSections } from './names';
import type { Row, Section } from './sections';

/** The mapping result a report carries in `data.mapping` (inspect --config --app), if any. */
export function mappingOf(report: InspectReport): MappingResult | undefined {
  const data = report.data;
  if (data === null || typeof data !== 'object' || !('mapping' in data)) return undefined;
  const m = (data as { mapping?: unknown }).mapping;
  return m !== null && typeof m === 'object' && 'trace' in m && 'app' in m ? (m as MappingResult) : undefined;
}

const show = (v: string | string[] | undefined): string => (v === undefined ? '(absent)' : Array.isArray(v) ? v.join(', ') : v);

/**
 * "Mapped through <app>": what the consuming side makes of the artifact — attributes with the claim
 * each came from, the teams/groups/roles the user lands in, the authorization result, and the
 * rule-by-rule trace where every rule that did not fire says why.
 */
export function presentMapping(mapping: MappingResult): Section[] {
  const name = mapping.app.product ?? mapping.app.displayName ?? mapping.app.id;
  const names = mapping.names ?? {};
  const label = (v: string): string => labelValue(v, names);
  const title = `Mapped through ${mapping.app.id}`;
  if (!mapping.analyzed) return [{ title, rows: [{ label: 'not analyzed', value: mapping.reason ?? 'no claims to map', tone: 'warn' }] }];
  const summary: Row[] = [];
  summary.push({ label: 'App', value: `${name} (${mapping.app.path})` });
  if (mapping.hops.length > 1) summary.push({ label: 'Hops', value: mapping.hops.map((h) => h.description).join('  ⇒  ') });
  if (mapping.artifact.item !== undefined) summary.push({ label: 'Artifact', value: `HAR item ${mapping.artifact.item} (${mapping.artifact.kind})` });
  // Older results (before `accepted`) count as accepted.
  const rejected = mapping.accepted === false;
  const refused = mapping.access?.allowed === false;
  if (rejected) summary.push({ label: 'Sign-in', value: `rejected: the ${mapping.artifact.kind === 'saml-response' ? 'response' : 'token'} fails validation, so the app refuses it before mapping anything`, tone: 'bad', note: (mapping.rejectedBy ?? []).map((r) => `${r.id}: ${r.message}`).join('; ') });
  else if (refused) summary.push({ label: 'Sign-in', value: `refused: ${mapping.access?.why ?? ''}`, tone: 'bad' });
  if (mapping.keycloakLogin) summary.push({ label: 'Keycloak login', value: mapping.keycloakLogin === 'first' ? 'first login through the broker (IMPORT and LEGACY mappers run)' : 'a later login (IMPORT mappers do not run; LEGACY mappers add no group or role)' });
  if (mapping.artifact.signatureStatus !== 'valid') summary.push({ label: 'Trust', value: `claims read from an artifact whose signature is ${mapping.artifact.signatureStatus}`, tone: 'warn' });
  // A rejected or refused sign-in lands nowhere: what the rules say is shown as what it *would* be.
  const would = rejected ? ' (would be, if accepted)' : refused ? ' (would be, if SSO were enabled for the user)' : '';
  const teams = mapping.memberships.filter((m) => m.kind === 'team');
  summary.push(
    teams.length
      ? { label: `Teams${would}`, value: teams.map((t) => `${label(t.name)}${t.roles?.length ? ` [${t.roles.join(', ')}]` : ''}`).join('; '), ...(would ? { tone: 'warn' as const } : { tone: 'good' as const }), note: teams.map((t) => `${label(t.name)}: ${t.via}`).join('; ') }
      : { label: 'Teams', value: '(none)', ...(mapping.findings.some((f) => f.id === 'mapping.no-team') ? { tone: 'bad' as const } : {}) },
  );
  if (mapping.groups.length) summary.push({ label: `Keycloak groups${would}`, value: mapping.groups.map(label).join(', ') });
  if (mapping.roles.length) summary.push({ label: `Roles${would}`, value: mapping.roles.map(label).join(', ') });
  if (mapping.authorization) {
    const a = mapping.authorization;
    const value = a.outcome === 'rejected' ? `rejected: ${a.message}` : a.outcome === 'granted' ? (refused ? `would be granted (IAM role ${a.roleId ?? ''}), but the sign-in is refused` : `granted: IAM role ${a.roleId ?? ''}`) : `denied: ${a.message}`;
    summary.push({ label: 'Authorization', value, tone: a.outcome === 'granted' && !refused ? 'good' : 'bad', note: a.expression });
  }
  if (mapping.nameId) summary.push({ label: 'NameID', value: `${mapping.nameId.value} (${mapping.nameId.format ?? 'no format'})`, ...(mapping.nameId.expectedFormat && mapping.nameId.expectedFormat !== mapping.nameId.format ? { tone: 'warn' as const, note: `expected ${mapping.nameId.expectedFormat}` } : {}) });
  const diagram = mappingDiagramOf(mapping);
  const sections: Section[] = [{ title, rows: summary, ...(diagram ? { figures: [{ caption: `How the ${mapping.artifact.kind === 'saml-response' ? 'attributes' : 'claims'} sent map to what the user gets`, diagram, open: true }] } : {}) }];
  if (mapping.attributes.length)
    sections.push({
      title: 'Resulting attributes',
      rows: mapping.attributes.map((a) => ({ label: a.name, value: show(a.value), note: `from ${a.source} (${a.hop}, ${a.path})`, ...(a.value === undefined ? { tone: 'bad' as const } : {}) })),
    });
  sections.push({
    title: 'Rule-by-rule trace',
    rows: mapping.trace.map((t) => ({
      label: `${t.fired ? (rejected ? 'would ✓' : '✓') : '✗'} ${t.rule}`,
      value: t.fired ? `${rejected ? 'would, if accepted: ' : ''}${t.result ?? 'fired'}` : `did not fire: ${t.why ?? t.whyNot ?? ''}`,
      note: `${t.hop} · ${t.path}${t.note ? ` · ${t.note}` : ''}`,
      ...(t.fired ? {} : { tone: t.whyNot === 'value-absent' || t.whyNot === 'not-applicable' ? undefined : ('warn' as const) }),
    })),
  });
  return nameSections(sections, names);
}
