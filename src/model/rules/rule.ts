import type { FindingId } from '../../decoders/result';
import type { ConfigFinding } from '../config-finding';
import type { ConfigIndex } from '../config-index';

/** What a rule may look at. Time and file access are passed in so rules stay pure and testable. */
export interface RuleContext {
  index: ConfigIndex;
  now: Date;
  /** Reads a file named in the config, relative to the config file; undefined when absent/unreadable. */
  readFile?: (relativePath: string) => Uint8Array | undefined;
  /** Warn this many days before a certificate or secret expires (default 30, `ssoLens.expiryWarningDays`). */
  expiryWarningDays?: number;
}

/** One semantic check. Findings carry JSON pointers; the engine adds text ranges. */
export interface ConfigRule {
  name: string;
  /** The finding ids this rule can produce (documentation and tests). */
  ids: readonly FindingId[];
  check(ctx: RuleContext): ConfigFinding[];
}
