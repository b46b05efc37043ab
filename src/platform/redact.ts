/**
 * Log lines and CLI error messages never carry tokens, assertions, keys, secrets or cookies. Values
 * are recognised by what they are, not by where they came from: PEM blocks (also cut short), JWT
 * runs, private JWK members, SAML/XML element content, long base64 (also wrapped at 76 columns),
 * and the values of secret-bearing names (`client_secret=`, `Cookie:`, `"refresh_token": …`).
 * Every pattern is linear in the input: single character classes, no nested ambiguity.
 */
export function redact(text: string): string {
  let out = text
    // A PEM block, or a PEM block cut short (its body runs to the end of the text).
    .replace(/-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g, '[pem redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_.=-]*/g, '[token redacted]')
    // Headers whose whole value is a credential.
    .replace(/\b(Set-Cookie|Cookie|Authorization|Proxy-Authorization|X-Api-Key)([ \t]*:[ \t]*)[^\r\n]*/gi, '$1$2[redacted]')
    .replace(/\b(Bearer|Basic|Negotiate)[ \t]+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]')
    // JSON members: secret-bearing names and the private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
    .replace(/"([A-Za-z0-9_-]*(?:secret|password|passwd|token|assertion|cookie|code_verifier)|code|d|p|q|dp|dq|qi|k|oth|SAMLResponse|SAMLRequest|SAMLart)"(\s*:\s*)"[^"]*"/gi, '"$1"$2"[redacted]"')
    .replace(/"(oth)"(\s*:\s*)\[[^\]]*\]/g, '"$1"$2"[redacted]"')
    // query, form and env style: name=value.
    .replace(/((?:^|[?&;\s"'])[A-Za-z0-9_-]*(?:secret|password|passwd|token|assertion|code_verifier|session)|(?:^|[?&;\s"'])(?:code|device_code|SAMLResponse|SAMLRequest|SAMLart|RelayState))=[^&\s"'#]*/gim, '$1=[redacted]');
  out = redactXmlContent(out);
  return (
    out
      // base64 wrapped at 64/76 columns (PEM bodies without armour, XML-DSig values).
      // Starts only where a run starts (the lookbehind), so a long run without a line break costs one scan.
      // Line breaks may also be escaped ("\n" in JSON or a quoted error message).
      .replace(/(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/=_-]{48,}(?:\r?\n|\\r\\n|\\n)[ \t]*)+[A-Za-z0-9+/=_-]+/g, '[data redacted]')
      // A long run of base64 letters: very long, or shorter but mixing cases and digits as keys and opaque tokens do.
      .replace(/[A-Za-z0-9+/=_%~-]{32,}/g, (run) => (run.length >= 120 || (/[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)) ? '[data redacted]' : run))
  );
}

/** The text of every element that has a closing tag (NameID, AttributeValue, CipherValue…). Linear: one split. */
function redactXmlContent(text: string): string {
  if (!text.includes('</')) return text;
  const parts = text.split('<');
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1] ?? '';
    const gt = part.indexOf('>');
    if (gt < 0 || part.startsWith('/') || part.startsWith('!') || part.startsWith('?') || !next.startsWith('/')) continue;
    if (part.slice(gt + 1).trim() !== '') parts[i] = `${part.slice(0, gt + 1)}[redacted]`;
  }
  return parts.join('<');
}
