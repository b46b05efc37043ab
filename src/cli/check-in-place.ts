import { minimatch } from 'minimatch';
import type { ConfigFinding } from '../model/config-finding';
import { validateInPlaceText, type InPlaceKind, type InPlaceOptions } from '../model/in-place/validate-in-place';

/** `--fail-on`: the least severe finding that makes `check` exit 1. */
export type FailOn = 'error' | 'warning' | 'info' | 'never';
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

const RANK: Record<ConfigFinding['severity'], number> = { error: 3, warning: 2, info: 1 };
const THRESHOLD: Record<FailOn, number> = { error: 3, warning: 2, info: 1, never: Number.POSITIVE_INFINITY };

/** True when a finding at or above the `--fail-on` severity is among them. */
export function failsOn(findings: readonly ConfigFinding[], failOn: FailOn): boolean {
  return findings.some((f) => RANK[f.severity] >= THRESHOLD[failOn]);
}

/** `--in-place` globs are matched against the path below the folder searched, with `/` separators. */
export function matchesInPlace(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((g) => minimatch(relativePath, g, { dot: false, nocomment: true, nonegate: true }));
}

/**
 * A realm export or manifest checked in place, its findings' pointers turned into the source file's
 * (what `check` prints: the file a user edits). Undefined when the text is neither kind.
 */
export function checkInPlaceText(text: string, options: InPlaceOptions): { kind: InPlaceKind; findings: ConfigFinding[] } | undefined {
  const v = validateInPlaceText(text, options);
  if (!v) return undefined;
  const findings = v.findings.map((f) => {
    const out: ConfigFinding = { ...f, path: v.sourcePointer(f.path) };
    if (f.relatedPath !== undefined) out.relatedPath = v.sourcePointer(f.relatedPath);
    // A fix edits the config's pointer, which is not a place in this file.
    delete out.fix;
    return out;
  });
  return { kind: v.kind, findings };
}
