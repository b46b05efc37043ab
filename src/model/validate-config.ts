import type { ConfigFinding } from './config-finding';
import { indexConfig, type ConfigIndex } from './config-index';
import type { SsoConfig } from './config-types';
import { reparseAfterEdit } from './incremental-parse';
import { parseConfigText, type ConfigDocument } from './load-config';
import { CONFIG_RULES, type ConfigRule } from './rules';
import { REGEX_TOTAL_BUDGET_MS, withRegexBudget } from './safe-regex';
import { validateAgainstSchema } from './schema-validate';

export interface ValidateOptions {
  /** Evaluation instant for certificate expiry; defaults to the system clock. */
  now?: Date;
  /** Reads a file the config names, relative to the config file. Without it, file references are reported unreadable. */
  readFile?: (relativePath: string) => Uint8Array | undefined;
  /** Days ahead to warn of certificate and secret expiry; 30 by default. */
  expiryWarningDays?: number;
  /** Rules to run; all of them by default. */
  rules?: readonly ConfigRule[];
  /**
   * The document of this file's previous validation. An edit inside one string value then re-parses
   * incrementally (the editor's per-keystroke case); any other edit parses in full. Same result either way.
   */
  previous?: ConfigDocument;
}

export interface ConfigValidation {
  document: ConfigDocument;
  /** The config when the text is an object with a providers array; shapes are guaranteed only when `schemaValid`. */
  config?: SsoConfig;
  index?: ConfigIndex;
  /** Parse, schema and rule findings, each with a JSON pointer and a text range, in text order. */
  findings: ConfigFinding[];
  /** True when the file is schema-valid (rule findings aside). */
  schemaValid: boolean;
}

/**
 * Load and validate one config text: JSONC parse, JSON schema, then every semantic rule. Never throws
 * on bad input. This is what `sso-lens check` and the editor's diagnostics both call.
 */
export function validateConfigText(text: string, options: ValidateOptions = {}): ConfigValidation {
  const document = (options.previous && reparseAfterEdit(options.previous, text)) ?? parseConfigText(text);
  return validateConfigDocument(document, options);
}

/**
 * Validates a parsed document: its `value` is the config, its `locate` finds a config pointer in its
 * text. A realm export or manifest checked in place passes the config built from it, with a `locate`
 * that maps the config's pointers back to the source file's.
 */
export function validateConfigDocument(document: ConfigDocument, options: ValidateOptions = {}): ConfigValidation {
  const findings: ConfigFinding[] = [...document.findings];
  let config: SsoConfig | undefined;
  let index: ConfigIndex | undefined;
  let schemaValid = false;
  if (document.root) {
    const schemaFindings = validateAgainstSchema(document.value);
    schemaValid = schemaFindings.length === 0 && document.findings.length === 0;
    findings.push(...schemaFindings);
    if (looksLikeConfig(document.value)) {
      // Also on a file with schema errors (the tree and the rules' findings help while typing); callers
      // that trust every shape (the mapping analysis) check `schemaValid` first.
      const built = safeIndex(document.value);
      if (built) {
        config = document.value;
        index = built;
        findings.push(...runRules(built, options, schemaValid));
      }
    }
  }
  for (const f of findings) {
    if (f.range) continue;
    const range = document.locate(f.path, f.id === 'config.schema-invalid' && f.message.startsWith('unknown property') ? 'key' : 'value');
    if (range) f.range = range;
    if (f.relatedPath !== undefined && !f.relatedRange) {
      const related = document.locate(f.relatedPath);
      if (related) f.relatedRange = related;
    }
  }
  findings.sort((a, b) => (a.range?.offset ?? 0) - (b.range?.offset ?? 0));
  return { document, ...(config ? { config } : {}), ...(index ? { index } : {}), findings, schemaValid };
}

/** Rules over an already-parsed config (no ranges): for callers that hold the value, not the text. */
export function validateConfigValue(value: unknown, options: ValidateOptions = {}): ConfigFinding[] {
  const schemaFindings = validateAgainstSchema(value);
  const index = looksLikeConfig(value) ? safeIndex(value) : undefined;
  return index ? [...schemaFindings, ...runRules(index, options, schemaFindings.length === 0)] : schemaFindings;
}

function runRules(index: ConfigIndex, options: ValidateOptions, schemaValid: boolean): ConfigFinding[] {
  const ctx = { index, now: options.now ?? new Date(), ...(options.readFile ? { readFile: options.readFile } : {}), ...(options.expiryWarningDays !== undefined ? { expiryWarningDays: options.expiryWarningDays } : {}) };
  const out: ConfigFinding[] = [];
  // One regex budget for all rules together (mapper and filter patterns are the config's own).
  const { skipped } = withRegexBudget(() => {
    for (const rule of options.rules ?? CONFIG_RULES) {
      try {
        for (const f of rule.check(ctx)) out.push(f); // no spread: a huge config yields more findings than call arguments
      } catch (e) {
        // Rules trust the schema's shapes; on a file with schema errors a rule may trip over one, and the
        // schema finding already says what is wrong. On a schema-valid file this is a bug worth showing.
        if (schemaValid) out.push({ id: 'config.rule-failed', severity: 'info', message: `rule ${rule.name} failed: ${(e as Error).message}`, path: '' });
      }
    }
  });
  if (skipped > 0) out.push({ id: 'config.budget-exceeded', severity: 'warning', message: `the config's regular expressions used up their ${REGEX_TOTAL_BUDGET_MS} ms budget; ${skipped} match${skipped === 1 ? ' was' : 'es were'} not tried and counted as no match, so some findings may be missing or wrong. Simplify the patterns (nested quantifiers such as (a+)+ backtrack exponentially)`, path: '' });
  return out;
}

/** The index of a config whose shapes the schema may not have confirmed; undefined when it cannot be built. */
function safeIndex(config: SsoConfig): ConfigIndex | undefined {
  try {
    return indexConfig(config);
  } catch {
    return undefined; // e.g. `"apps": {}`: the schema finding says what is wrong
  }
}

function looksLikeConfig(value: unknown): value is SsoConfig {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as { providers?: unknown }).providers);
}
