import type { PersonaRow, PersonaTable } from '../model/mapping';
import { mappingDiagramOf } from './mapping-diagram';
import { labelValue, withNames } from './names';
import type { Figure, Row, Section } from './sections';

/**
 * What a persona ends up with, in one line: teams, groups, roles, the authorization result. `label`
 * writes a team, group or role value (the report passes one that puts the config's name beside it).
 */
export function personaOutcome(row: PersonaRow, label: (value: string) => string = (v) => v): string {
  const m = row.mapping;
  // "no team" only where the app has teams to land in (the analysis says so with mapping.no-team).
  const noTeam = m.findings.some((f) => f.id === 'mapping.no-team');
  const parts = [
    ...(m.teams.length ? [`teams ${m.teams.map(label).join(', ')}`] : noTeam ? ['no team'] : []),
    ...(m.groups.length ? [`groups ${m.groups.map(label).join(', ')}`] : []),
    ...(m.roles.length ? [`roles ${m.roles.map(label).join(', ')}`] : []),
    ...(m.authorization ? [m.authorization.outcome === 'granted' ? `IAM role ${m.authorization.roleId ?? m.authorization.returned ?? ''}` : 'access denied'] : []),
  ];
  // The product refuses the user before any team (Asset Panda: SSO only for selected domains).
  if (m.access?.allowed === false) return `sign-in refused: ${m.access.why}${parts.length ? ` (would be: ${parts.join('; ')})` : ''}`;
  const nameId = m.nameId ? [`NameID ${m.nameId.value}`] : [];
  return (parts.length ? parts : [...nameId, 'signs in (the app maps no teams)']).join('; ');
}

/**
 * "Sample personas" as report sections: one per app, a row per test user saying where the user lands
 * and which mapping findings their sign-in would raise — the same view for every surface.
 */
export function presentPersonas(table: PersonaTable): Section[] {
  if (table.rows.length === 0) return [{ title: 'Sample personas', rows: [{ label: 'none', value: 'no test users in the config (providers[].users): add some to see who lands where' }] }];
  const byApp = new Map<string, PersonaRow[]>();
  for (const r of table.rows) byApp.set(r.appId, [...(byApp.get(r.appId) ?? []), r]);
  return [...byApp].map(([appId, rows]) => ({
    title: `Sample personas → ${appId}`,
    figures: rows.flatMap((r): Figure[] => {
      const diagram = mappingDiagramOf(r.mapping);
      return diagram ? [{ caption: `${r.userLabel}: ${r.signIn === 'not-assigned' ? 'sign-in refused' : personaOutcome(r, (v) => labelValue(v, r.mapping.names ?? {}))}`, diagram, open: false }] : [];
    }),
    rows: rows.map((r): Row => {
      const names = r.mapping.names ?? {};
      const errors = r.mapping.findings.filter((f) => f.severity === 'error');
      const warnings = r.mapping.findings.filter((f) => f.severity === 'warning');
      const refused = r.signIn === 'not-assigned';
      const tone: Row['tone'] = refused || errors.length ? 'bad' : warnings.length ? 'warn' : 'good';
      const note = [
        ...(refused ? ['not assigned to the app: Entra refuses the sign-in (AADSTS50105)'] : []),
        ...r.mapping.findings.map((f) => `${f.severity} ${f.id}: ${withNames(f.message, names)}`),
      ].join('\n');
      return { label: r.userLabel, value: refused ? 'sign-in refused' : personaOutcome(r, (v) => labelValue(v, names)), tone, ...(note ? { note } : {}) };
    }),
  }));
}
