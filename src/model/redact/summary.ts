import type { RedactionOutcome } from './redact-capture';
import { REDACTION_CATEGORIES } from './placeholders';

/** What a redaction removed, one line per category with a count (no values: they are the secrets). */
export function formatRedactionSummary(outcome: Pick<RedactionOutcome, 'format' | 'removed' | 'requests'>): string {
  const lines = [`redacted ${outcome.requests} request${outcome.requests === 1 ? '' : 's'} (${outcome.format === 'har' ? 'HAR' : 'SAML-tracer export'}); replaced with stable placeholders:`];
  for (const c of REDACTION_CATEGORIES) if (outcome.removed[c] > 0) lines.push(`  ${c}: ${outcome.removed[c]}`);
  if (lines.length === 1) lines.push('  nothing (no tokens, codes, cookies, secrets or personal data found)');
  lines.push('kept: issuers, audiences, times, algorithms, certificates (thumbprints), status codes, claim names, state/nonce/RelayState');
  return lines.join('\n');
}
