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

/** Every GUID in the text that the config names, written `name (GUID)`; already-named ones are left as they are. */
export function withNames(text: string, names: Names): string {
  return text.replace(GUIDS, (id: string, offset: number, whole: string) => {
    const name = nameOf(id, names);
    if (name === undefined || whole.slice(offset + id.length).startsWith(` (${name})`) || whole.slice(0, offset).endsWith(`${name} (`)) return id;
    return `${name} (${id})`;
  });
}

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
