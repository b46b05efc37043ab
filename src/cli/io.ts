import type { Fetcher } from '../decoders/oidc/fetcher';

/** Where the CLI writes; injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * The network port for `check --live` (default: a NodeFetcher with the system's CAs). Tests pass
   * one that trusts their throw-away CA; production TLS is never weakened.
   */
  fetcher?: Fetcher;
  /** An extra CA for fetching a token issuer's keys (tests' throw-away loopback CA); production never sets it. */
  keyFetchCa?: string;
}

/** Exit status 2: the call was wrong or the input unreadable/unrecognised (CLI contract). */
export class UsageError extends Error {}

/** `--timeout SECS` of the live sign-ins: how long to wait for the browser's answer (default 5 minutes). */
export function parseTimeoutSeconds(value: string | undefined): number {
  const seconds = value !== undefined ? Number(value) : 300;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) throw new UsageError('--timeout takes a number of seconds from 1 to 3600');
  return seconds;
}
