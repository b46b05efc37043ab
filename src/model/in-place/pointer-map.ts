import { childPointer, parsePointer, resolvePointer, type PathSegment } from '../json-pointer';

/**
 * Model JSON pointers (into the config built from a realm export or manifest) → pointers into the
 * source file. Only some model pointers are recorded; any other resolves to its nearest recorded
 * ancestor, so a finding deep inside a mapper lands on the mapper's entry in the realm file.
 */
export class PointerMap {
  private readonly entries = new Map<string, string>();

  constructor(private readonly source: unknown) {}

  /** Records `model` → the first candidate that exists in the source, else `fallback`. */
  set(model: string, candidates: readonly string[], fallback?: string): void {
    const hit = candidates.find((c) => resolvePointer(this.source, c) !== undefined);
    const target = hit ?? fallback;
    if (target !== undefined) this.entries.set(model, target);
  }

  /** Records the fields of one model object: `{ modelField: [source pointers relative to `sourceBase`] }`. */
  fields(modelBase: string, sourceBase: string, table: Readonly<Record<string, readonly string[]>>): void {
    this.set(modelBase, [sourceBase]);
    for (const [field, rel] of Object.entries(table)) this.set(childPointer(modelBase, field), rel.map((r) => sourceBase + r), sourceBase);
  }

  /** The source pointer for a model pointer: its own entry or its nearest recorded ancestor's; '' at worst. */
  sourceOf(model: string): string {
    const segments = parsePointer(model);
    for (let n = segments.length; n >= 0; n--) {
      const hit = this.entries.get(childPointer('', ...(segments.slice(0, n) as PathSegment[])));
      if (hit !== undefined) return hit;
    }
    return '';
  }
}

/** Source indices of the array elements a filter keeps, in order (the importers skip non-objects and more). */
export function keptIndices(list: unknown, keep: (v: unknown) => boolean): number[] {
  if (!Array.isArray(list)) return [];
  const out: number[] = [];
  list.forEach((v, i) => keep(v) && out.push(i));
  return out;
}
