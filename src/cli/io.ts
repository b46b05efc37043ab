/** Where the CLI writes; injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit status 2: the call was wrong or the input unreadable/unrecognised (CLI contract). */
export class UsageError extends Error {}
