/**
 * Exact comparison of identifiers and URLs across hops. IdPs compare an entity ID or reply URL as a
 * string: `https://sp/` and `https://sp` are two identifiers to Entra (AADSTS700016 / AADSTS50011),
 * so near misses are mismatches — but named, because they are the hardest to see.
 */
export type ExactOutcome = { kind: 'exact' } | { kind: 'near'; index: number; why: string } | { kind: 'none' };

export function matchExactly(candidates: readonly string[], wanted: string): ExactOutcome {
  if (candidates.includes(wanted)) return { kind: 'exact' };
  for (const [index, c] of candidates.entries()) {
    const why = nearMissReason(c, wanted);
    if (why !== undefined) return { kind: 'near', index, why };
  }
  return { kind: 'none' };
}

/** Why two different strings would still be taken for the same (trailing slash, case, whitespace), or undefined. */
export function nearMissReason(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  const slash = (s: string): string => s.replace(/\/+$/, '');
  if (actual.trim() === expected.trim()) return 'they differ only by white space around the value';
  if (slash(actual) === slash(expected)) return actual.length > expected.length ? 'it has a trailing slash the other lacks' : 'it lacks the trailing slash the other has';
  if (actual.toLowerCase() === expected.toLowerCase()) return 'they differ only in upper/lower case';
  if (slash(actual.trim()).toLowerCase() === slash(expected.trim()).toLowerCase()) return 'they differ only in case and a trailing slash';
  return undefined;
}
