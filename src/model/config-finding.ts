import type { Finding, FindingId, Severity } from '../decoders/result';

/** A span of the config text: where the editor puts the squiggle. */
export interface TextRange {
  offset: number;
  length: number;
}

/**
 * An edit that resolves a finding: put `value` (any JSON value) at `path`. The extension turns it into
 * a quick fix; `kind` says when something must happen first (store the literal secret in secret storage).
 */
export interface ConfigFix {
  title: string;
  kind: 'replace' | 'move-to-secret-storage';
  path: string;
  value: unknown;
}

/** A config finding: always located by JSON pointer; by text range once the text is known. */
export interface ConfigFinding extends Finding {
  path: string;
  range?: TextRange;
  fix?: ConfigFix;
  /** The other end of a cross-hop finding (the IdP side when `path` is the SP side, or the reverse). */
  relatedPath?: string;
  relatedRange?: TextRange;
  /** Which file, when several are checked (CLI). */
  file?: string;
  /** Expiry findings: when the secret or certificate expires (ISO-8601), for countdowns. */
  expires?: string;
}

export function configFinding(id: FindingId, severity: Severity, message: string, path: string, fix?: ConfigFix): ConfigFinding {
  return fix ? { id, severity, message, path, fix } : { id, severity, message, path };
}

/** A cross-hop finding: located at `path`, with the other side of the disagreement at `relatedPath`. */
export function crossHopFinding(id: FindingId, severity: Severity, message: string, path: string, relatedPath: string | undefined, fix?: ConfigFix): ConfigFinding {
  const f = configFinding(id, severity, message, path, fix);
  return relatedPath !== undefined ? { ...f, relatedPath } : f;
}
