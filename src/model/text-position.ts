/**
 * Offsets of the first character of every line. Computed once per text so that locating many
 * findings in one large file is linear overall (a scan per finding was quadratic: 10,000 apps took
 * tens of seconds in `check`).
 */
export function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  const starts = new Uint32Array(count);
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts[n++] = i + 1;
  return starts;
}

/** The last text's line starts: `check` asks for many offsets in the same file in a row. */
let cached: { text: string; starts: Uint32Array } | undefined;

/** 1-based line and column of a character offset (for CLI and SARIF output); binary search over the line starts. */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  if (cached?.text !== text) cached = { text, starts: lineStarts(text) };
  const starts = cached.starts;
  const end = Math.min(Math.max(offset, 0), text.length);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] ?? 0) <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: end - (starts[lo] ?? 0) + 1 };
}
