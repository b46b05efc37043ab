/**
 * Most elements open at once that any XML SSO Lens parses may have. Real SAML messages nest about
 * 10 deep and metadata about 12; @xmldom/xmldom copies the in-scope namespaces for every open
 * element, so 40,000 nested prefix declarations cost it minutes (issue 15, class 11). The same
 * limit as config nesting and the aggregate scanner.
 */
export const MAX_XML_DEPTH = 256;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;

/**
 * The deepest element nesting in `text`, stopping as soon as it exceeds `limit` — one linear pass
 * over the characters before any parser runs. Comments, CDATA, processing instructions and quoted
 * attribute values are skipped; the count is an upper bound for malformed text (the parser then
 * reports what is wrong).
 */
export function xmlNestingDepth(text: string, limit: number = MAX_XML_DEPTH): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    i = text.indexOf('<', i);
    if (i < 0) break;
    const next = text.charCodeAt(i + 1);
    if (next === BANG) {
      const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>';
      const at = text.indexOf(close, i + 2);
      if (at < 0) break;
      i = at + close.length;
      continue;
    }
    if (next === QUESTION) {
      const at = text.indexOf('?>', i + 2);
      if (at < 0) break;
      i = at + 2;
      continue;
    }
    // Find the end of the tag, skipping quoted values (a '>' inside them does not end the tag).
    let k = i + 1;
    let quote = 0;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === GT || c === LT) break;
    }
    if (k >= n || text.charCodeAt(k) === LT) {
      // Unterminated tag: count it as an open element and let the parser say what is wrong.
      if (next !== SLASH) max = Math.max(max, depth + 1);
      i = k;
      continue;
    }
    if (next === SLASH) depth = Math.max(0, depth - 1);
    else if (text.charCodeAt(k - 1) !== SLASH) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    }
    i = k + 1;
  }
  return max;
}
