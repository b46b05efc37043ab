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
