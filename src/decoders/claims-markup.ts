import type { JsonValue } from './json';
import { finding, type Finding } from './result';

/**
 * True when a claim or attribute value carries something that parses as an HTML/XML tag. One
 * detector for JWT claims and SAML values, so both say the same thing about the same text.
 */
export function containsMarkup(value: JsonValue, depth = 0): boolean {
  if (depth > 20) return false;
  if (typeof value === 'string') return /<\s*\/?\s*[a-z!][^>]*>/i.test(value);
  if (Array.isArray(value)) return value.some((v) => containsMarkup(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => containsMarkup(v, depth + 1));
  return false;
}

/** `claims.html-in-value`; `what` names the values ("a claim value", "the NameID or an attribute value"). */
export function htmlInValueFinding(what: string): Finding {
  return finding('claims.html-in-value', 'warning', `${what} contains HTML/script markup; SSO Lens shows it as text, but an app that renders ${what.includes('claim') ? 'claims' : 'it'} unescaped would be open to injection`);
}
