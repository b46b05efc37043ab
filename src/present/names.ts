/**
 * The config's display names beside raw IDs in report text: `palette_tenant_admins
 * (e3ac07cc-bd12-…)` where the report would otherwise show a bare group object ID. The names come
 * with the mapping result (`names`, from `model/display-names.ts`). Pure.
 */
import type { Section } from './sections';

export type Names = Readonly<Record<string, string>>;

const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function nameOf(value: string, names: Names): string | undefined {
  return Object.hasOwn(names, value) ? names[value] : undefined;
}

/** `name (value)` when the config names the value (a GUID, an app role value, a group path), else the value. */
export function labelValue(value: string, names: Names): string {
  const name = nameOf(value, names);
  return name !== undefined ? `${name} (${value})` : value;
}

/**
 * Every GUID in the text that the config names, written `name (GUID)`; already-named ones are left as they are.
 * A quoted GUID is a value as sent (`groups contains "…"`, a claim's JSON): the quotes keep the raw value and the
 * name follows them, `"GUID" (name)`, so nobody reads the name as part of what the token carries.
 */
export function withNames(text: string, names: Names): string {
  return text.replace(QUOTED_OR_BARE, (all: string, open: string, id: string, close: string, offset: number, whole: string) => {
    const name = nameOf(id, names);
    if (name === undefined) return all;
    const after = whole.slice(offset + all.length);
    if (open === '"' && close === '"') return after.startsWith(` (${name})`) ? all : `${all} (${name})`;
    if (after.startsWith(` (${name})`) || whole.slice(0, offset + open.length).endsWith(`${name} (`)) return all;
    return `${open}${name} (${id})${close}`;
  });
}

const QUOTED_OR_BARE = new RegExp(`("?)(${GUIDS.source})("?)`, 'gi');

/** The same sections with the names written beside every GUID in labels, values and notes. */
export function nameSections(sections: Section[], names: Names): Section[] {
  if (Object.keys(names).length === 0) return sections;
  return sections.map((s) => ({
    ...s,
    rows: s.rows.map((r) => ({
      ...r,
      label: withNames(r.label, names),
      value: withNames(r.value, names),
      ...(r.note !== undefined ? { note: withNames(r.note, names) } : {}),
      ...(r.finding ? { finding: { ...r.finding, problem: withNames(r.finding.problem, names), ...(r.finding.fix !== undefined ? { fix: withNames(r.finding.fix, names) } : {}) } } : {}),
    })),
  }));
}
