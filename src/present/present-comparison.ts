import type { ComparisonData, FieldComparison } from '../model/compare/compare-artifacts';
import type { Row, Section } from './sections';

const list = (v: string[] | undefined): string => (v === undefined ? '(absent)' : v.length === 0 ? '(empty)' : v.join(', '));
const side = (s: ComparisonData['left']): string => `${s.source}${s.item !== undefined ? ` (item ${s.item})` : ''} · ${s.kind} · signature ${s.signature.status}`;

function fieldRows(fields: FieldComparison[], timesNeutral = false): Row[] {
  return fields.map((f) => ({
    label: f.field,
    value: f.same ? (f.left ?? '') : `${f.left ?? '(absent)'}  →  ${f.right ?? '(absent)'}`,
    ...(f.same ? {} : { tone: timesNeutral && /^(time |in response to$)/.test(f.field) ? undefined : ('bad' as const) }),
  }));
}

/**
 * "Compare With…" as report sections: A is the first artifact (usually the sign-in that works), B
 * the one compared with it. Differences first; what is the same is said once.
 */
export function presentComparison(data: ComparisonData): Section[] {
  const sections: Section[] = [];
  sections.push({
    title: 'Compared',
    rows: [
      { label: 'A', value: side(data.left) },
      { label: 'B', value: side(data.right) },
      data.equivalent ? { label: 'Verdict', value: 'no difference that matters (times and per-sign-in values aside)', tone: 'good' } : { label: 'Verdict', value: 'they differ: see below', tone: 'warn' },
    ],
  });
  if (data.mapping) {
    const m = data.mapping;
    const rows: Row[] = [];
    const pair = (label: string, gained: string[], lost: string[]) => {
      if (gained.length) rows.push({ label: `${label} gained in B`, value: gained.join(', '), tone: 'good' });
      if (lost.length) rows.push({ label: `${label} lost in B`, value: lost.join(', '), tone: 'bad' });
    };
    pair('Teams', m.teamsGained, m.teamsLost);
    pair('Groups', m.groupsGained, m.groupsLost);
    pair('Roles', m.rolesGained, m.rolesLost);
    if (m.authorization) rows.push({ label: 'Authorization', value: `${m.authorization.left ?? '(none)'}  →  ${m.authorization.right ?? '(none)'}`, tone: 'bad' });
    for (const r of m.rules) rows.push({ label: `${r.left ? '✓' : '✗'}→${r.right ? '✓' : '✗'} ${r.rule}`, value: r.right ? 'fires only in B' : `fires only in A${r.why ? `; in B: ${r.why}` : ''}`, note: `${r.hop} · ${r.path}`, tone: r.right ? 'good' : 'bad' });
    for (const a of m.attributes) rows.push({ label: `attribute ${a.name}`, value: `${a.left ?? '(absent)'}  →  ${a.right ?? '(absent)'}`, tone: 'warn' });
    if (rows.length === 0) rows.push({ label: 'same', value: 'the user lands in the same teams, groups and roles', tone: 'good' });
    sections.push({ title: `Mapping through ${m.app}`, rows });
  }
  sections.push({
    title: 'Claims and attributes',
    rows: [
      ...data.claims.map((c) => ({
        label: `${c.change === 'added' ? '+' : c.change === 'removed' ? '−' : '~'} ${c.name}`,
        value: c.change === 'added' ? `only in B: ${list(c.right)}` : c.change === 'removed' ? `only in A: ${list(c.left)}` : `${list(c.left)}  →  ${list(c.right)}`,
        tone: c.change === 'changed' ? ('warn' as const) : ('bad' as const),
      })),
      ...(data.claims.length === 0 ? [{ label: 'same', value: 'the same claims with the same values', tone: 'good' as const }] : []),
      ...(data.volatileClaimsChanged.length ? [{ label: 'per sign-in', value: `${data.volatileClaimsChanged.join(', ')} differ, as they do on every sign-in` }] : []),
    ],
  });
  sections.push({ title: 'Signature', rows: fieldRows(data.signature) });
  sections.push({ title: 'Conditions', rows: fieldRows(data.conditions, true) });
  const findingRows: Row[] = [
    ...data.findings.onlyLeft.map((f) => ({ label: `only in A: ${f.id}`, value: f.message, tone: f.severity === 'error' ? ('bad' as const) : undefined })),
    ...data.findings.onlyRight.map((f) => ({ label: `only in B: ${f.id}`, value: f.message, tone: f.severity === 'error' ? ('bad' as const) : undefined })),
  ];
  sections.push({ title: 'Findings that differ', rows: findingRows.length ? findingRows : [{ label: 'same', value: 'both have the same findings', tone: 'good' }] });
  return sections;
}
