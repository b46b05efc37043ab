/** Time display shared by every report: UTC ISO-8601 and a relative phrase ("expired 3 h ago"). */

export interface InstantView {
  /** Seconds since the epoch, as in the artifact (JWT NumericDate). */
  epochSeconds: number;
  /** UTC, ISO-8601. */
  utc: string;
  /** Relative to the evaluation instant: "in 2 h 5 min", "3 h ago". */
  relative: string;
}

export function describeInstant(epochSeconds: number, now: Date): InstantView {
  const ms = epochSeconds * 1000;
  const utc = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'out of range';
  return { epochSeconds, utc, relative: formatRelative(ms - now.getTime()) };
}

/** "in 2 h 5 min" for a positive delta, "3 h ago" for a negative one, "now" within a second. */
export function formatRelative(deltaMs: number): string {
  if (!Number.isFinite(deltaMs)) return 'unknown';
  const abs = Math.abs(deltaMs);
  if (abs < 1000) return 'now';
  const text = formatDuration(abs);
  return deltaMs > 0 ? `in ${text}` : `${text} ago`;
}

/** Two most significant units: "3 d 4 h", "5 min 2 s", "41 y 10 d". */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['y', 365 * 86_400_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.floor(ms);
  for (const [name, size] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) {
      if (n > 0) parts.push(`${n} ${name}`);
      rest -= n * size;
      if (parts.length > 0 && n === 0) break;
    }
  }
  return parts.length ? parts.join(' ') : '0 s';
}

/** Parses an ISO-8601 instant strictly enough for `--now` and XML dateTime attributes. */
export function parseInstant(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text.trim())) return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
