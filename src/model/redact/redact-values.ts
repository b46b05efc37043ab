/**
 * Redaction of the values a browser capture holds: URLs, headers, cookies, form fields, JSON and
 * HTML bodies, JWTs and SAML messages. Each function returns the redacted text in the same shape
 * (a JWT stays a decodable JWT, a SAMLResponse stays base64 of SAML XML), so the capture still
 * opens and diagnoses. Pure: no I/O.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { isJsonObject, parseJson as parseAnyJson, type JsonValue } from '../../decoders/json';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../../decoders/jwt/json-depth';
import { LIMITS } from '../../decoders/limits';
import { parseXml } from '../../decoders/saml/parse-xml';
import { claimKey, paramKind, redactClaimValue } from './claim-policy';
import { EMAIL_IN_TEXT, type PlaceholderBook } from './placeholders';

const JWS_IN_TEXT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const JWE_IN_TEXT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const PRIVATE_KEY_PEM = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
const SAML_NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

export class ValueRedactor {
  constructor(readonly book: PlaceholderBook) {}

  /** Any text: embedded JWTs and e-mail addresses. */
  text(text: string): string {
    if (text.length === 0) return text;
    let out = text.replace(JWE_IN_TEXT, (t) => this.jwt(t)).replace(JWS_IN_TEXT, (t) => this.jwt(t));
    // A private key pasted into a form or returned by a misconfigured endpoint.
    if (out.includes('PRIVATE KEY-----')) out = out.replace(PRIVATE_KEY_PEM, (k) => this.book.secret('client-secrets', k));
    if (out.includes('@')) out = out.replace(EMAIL_IN_TEXT, (e) => (this.book.isPlaceholder(e) ? e : this.book.personal(e, 'email')));
    return out;
  }

  /**
   * A compact JWS keeps its header (alg, kid, x5t: what verification diagnoses) and its claim names;
   * personal claim values get placeholders and the signature a placeholder. A JWE keeps its header.
   */
  jwt(token: string): string {
    if (this.book.isPlaceholder(token)) return token;
    const parts = token.split('.');
    if (parts.length === 5) {
      const [header = ''] = parts;
      return this.book.replace('tokens', token, (n) => [header, ...['key', 'iv', 'ciphertext', 'tag'].map((p) => Buffer.from(`redacted-${p}-${n}`).toString('base64url'))].join('.'));
    }
    if (parts.length !== 3) return this.book.secret('tokens', token);
    const [header = '', payload = '', signature = ''] = parts;
    const claims = parseJson(Buffer.from(payload, 'base64url').toString('utf8'));
    const redactedPayload = isJsonObject(claims) ? Buffer.from(JSON.stringify(this.claims(claims))).toString('base64url') : Buffer.from('"redacted"').toString('base64url');
    const sig = signature ? this.book.signature(signature, 'base64url') : '';
    return this.book.replace('tokens', token, () => `${header}.${redactedPayload}.${sig}`);
  }

  private claims(claims: { [key: string]: JsonValue }): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    for (const [name, value] of Object.entries(claims)) out[name] = this.claimValue(name, value);
    return out;
  }

  private claimValue(name: string, value: JsonValue): JsonValue {
    if (typeof value === 'string') return redactClaimValue(name, value, this.book, true);
    if (Array.isArray(value)) return value.map((v) => this.claimValue(name, v));
    // `_claim_sources` endpoints name the user's object ID; nested objects (address) are personal.
    if (isJsonObject(value)) return name === '_claim_sources' || name === 'realm_access' || name === 'resource_access' ? this.json(value) : this.claims(value);
    return value;
  }

  /** A request parameter, form field or JSON member, by what its name says it carries. */
  param(name: string, value: string): string {
    switch (paramKind(name)) {
      case 'code':
        return this.book.secret('authorization-codes', value);
      case 'token':
        return /^eyJ/.test(value) ? this.jwt(value) : this.book.secret('tokens', value);
      case 'secret':
        return this.book.secret('client-secrets', value);
      case 'saml':
        return this.samlEncoded(value);
      case 'xml':
        return value.trim().startsWith('<') ? this.samlXml(value.trim(), true) : this.book.secret('tokens', value);
      case 'signature':
        return this.book.signature(value, 'base64');
      case 'personal':
        return redactClaimValue(name, value, this.book, false);
      case 'keep':
        return value;
      default:
        return this.text(value);
    }
  }

  /** A URL: its query and fragment parameters by name, the rest as text. */
  url(url: string): string {
    const hash = url.indexOf('#');
    const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
    const q = beforeHash.indexOf('?');
    const base = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
    const query = q >= 0 ? beforeHash.slice(q + 1) : undefined;
    const fragment = hash >= 0 ? url.slice(hash + 1) : undefined;
    return `${this.text(base)}${query !== undefined ? `?${this.query(query)}` : ''}${fragment !== undefined ? `#${this.query(fragment)}` : ''}`;
  }

  /** `a=1&b=2` (a query, fragment or form body), keeping each unchanged pair byte for byte. */
  query(query: string): string {
    return query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return this.text(pair);
        const rawName = pair.slice(0, eq);
        const rawValue = pair.slice(eq + 1);
        const name = safeDecode(rawName);
        const value = safeDecode(rawValue.replace(/\+/g, ' '));
        if (value === undefined || name === undefined) return `${rawName}=${this.text(rawValue)}`;
        // Base64 '+' decoded as a space would break SAML and tokens: decode without it for them.
        const kind = paramKind(name);
        const exact = kind === 'saml' || kind === 'signature' ? (safeDecode(rawValue) ?? value) : value;
        const redacted = this.param(name, exact);
        return redacted === exact ? pair : `${rawName}=${encodeURIComponent(redacted)}`;
      })
      .join('&');
  }

  /** One HTTP header value, by the header's name. */
  header(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (lower === 'cookie') return this.cookieHeader(value);
    if (lower === 'set-cookie') return value.split('\n').map((line) => this.setCookie(line)).join('\n');
    if (lower === 'authorization' || lower === 'proxy-authorization') return this.authorization(value);
    if (lower === 'location' || lower === 'referer' || lower === 'content-location') return this.url(value);
    return this.text(value);
  }

  /** `Basic` keeps the client ID and hides the secret (RFC 6749 §2.3.1); `Bearer` is a token. */
  authorization(value: string): string {
    const m = /^(\S+)\s+(.*)$/s.exec(value.trim());
    if (!m) return this.book.secret('client-secrets', value);
    const scheme = m[1] ?? '';
    const credentials = m[2] ?? '';
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return `${scheme} ${this.book.secret('client-secrets', credentials)}`;
      const id = decoded.slice(0, colon);
      const secret = this.book.secret('client-secrets', decoded.slice(colon + 1));
      // The encoded form is an echo too (copied into another header or a log line).
      return `${scheme} ${this.book.replace('client-secrets', credentials, () => Buffer.from(`${id}:${secret}`).toString('base64'))}`;
    }
    if (/^(bearer|dpop)$/i.test(scheme)) return `${scheme} ${/^eyJ/.test(credentials) ? this.jwt(credentials) : this.book.secret('tokens', credentials)}`;
    return `${scheme} ${this.book.secret('client-secrets', credentials)}`;
  }

  cookieHeader(value: string): string {
    return value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        return eq < 0 ? part : `${part.slice(0, eq)}=${this.book.secret('cookies', part.slice(eq + 1).trim())}`;
      })
      .join(';');
  }

  /** `name=value; Path=/; Secure`: only the value goes; the attributes diagnose (SameSite, Secure). */
  setCookie(line: string): string {
    const semi = line.indexOf(';');
    const first = semi >= 0 ? line.slice(0, semi) : line;
    const rest = semi >= 0 ? line.slice(semi) : '';
    const eq = first.indexOf('=');
    if (eq < 0) return line;
    return `${first.slice(0, eq)}=${this.book.secret('cookies', first.slice(eq + 1).trim())}${rest}`;
  }

  /** A body by its media type: JSON members by name, a form body by field, HTML form fields, else text. */
  body(text: string, mimeType: string): string {
    const mime = mimeType.toLowerCase();
    const trimmed = text.trim();
    if (mime.includes('json') || ((trimmed.startsWith('{') || trimmed.startsWith('[')) && !mime.includes('html'))) {
      const parsed = parseJson(trimmed);
      if (parsed !== undefined) return JSON.stringify(this.json(parsed));
    }
    if (mime.includes('x-www-form-urlencoded')) return this.query(text);
    if (mime.includes('html') || /<input\b/i.test(text)) return this.html(text);
    if (mime.includes('xml') && trimmed.startsWith('<')) return this.samlXml(trimmed, false);
    return this.text(text);
  }

  /**
   * HTML: the auto-submitting forms of the SAML POST binding and OIDC `form_post` carry
   * SAMLResponse, code and id_token as hidden inputs.
   */
  html(text: string): string {
    const withInputs = text.replace(/<input\b[^>]*>/gi, (tag) => {
      const name = /\bname\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
      const valueMatch = /\bvalue\s*=\s*(["'])([\s\S]*?)\1/i.exec(tag);
      if (!name || !valueMatch) return tag;
      const raw = valueMatch[2] ?? '';
      const redacted = this.param(name, unescapeHtml(raw));
      return tag.replace(valueMatch[0], `value=${valueMatch[1] ?? '"'}${escapeAttr(redacted)}${valueMatch[1] ?? '"'}`);
    });
    return this.text(withInputs);
  }

  /** JSON: members by name (token responses, userinfo), other strings as text. */
  json(value: JsonValue, key?: string): JsonValue {
    if (typeof value === 'string') {
      if (key === undefined) return this.text(value);
      const kind = paramKind(key);
      if (kind !== 'other') return this.param(key, value);
      return this.text(redactClaimValue(key, value, this.book, false));
    }
    if (Array.isArray(value)) return value.map((v) => this.json(v, key));
    if (isJsonObject(value)) {
      const out: { [k: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.json(v, k);
      return out;
    }
    return value;
  }

  /** A SAML message as a binding carries it: base64 (POST) or deflate+base64 (Redirect). */
  samlEncoded(value: string): string {
    if (this.book.isPlaceholder(value)) return value;
    const compact = value.replace(/\s+/g, '');
    if (compact.length > LIMITS.maxSamlMessageBytes * 1.4) return this.book.secret('encrypted-data', value);
    const bytes = Buffer.from(compact, 'base64');
    const head = bytes.subarray(0, 64).toString('utf8').trimStart();
    if (head.startsWith('<')) return Buffer.from(this.samlXml(bytes.toString('utf8'), true)).toString('base64');
    try {
      const inflated = inflateRawSync(bytes, { maxOutputLength: LIMITS.maxSamlMessageBytes });
      if (inflated.toString('utf8').trimStart().startsWith('<')) return deflateRawSync(Buffer.from(this.samlXml(inflated.toString('utf8'), true))).toString('base64');
    } catch {
      // not deflated either: nothing we can keep
    }
    return this.book.secret('tokens', value);
  }

  /**
   * SAML XML: signature and digest values, encrypted data, the NameID and attribute values are
   * replaced; issuer, audience, conditions and times, status, algorithms and certificates (whose
   * thumbprints diagnose) stay. XML that does not parse is replaced whole when it was a message.
   */
  samlXml(xml: string, wasMessage: boolean): string {
    const parsed = parseXml(xml, { malformedId: 'saml.malformed', maxBytes: LIMITS.maxSamlMessageBytes });
    if (!parsed.ok) return wasMessage ? this.book.secret('tokens', xml) : this.text(xml);
    const doc = parsed.value;
    const all = doc.getElementsByTagNameNS('*', '*');
    for (let i = 0; i < all.length; i++) {
      const el = all.item(i);
      if (!el) continue;
      const local = el.localName;
      if (local === 'SignatureValue') setText(el, this.book.signature(textOf(el).replace(/\s+/g, ''), 'base64'));
      else if (local === 'DigestValue') setText(el, this.book.signature(textOf(el).replace(/\s+/g, ''), 'base64'));
      else if (local === 'CipherValue') setText(el, Buffer.from(this.book.secret('encrypted-data', textOf(el).replace(/\s+/g, ''))).toString('base64'));
      else if (local === 'NameID' || local === 'NameIdentifier') setText(el, this.book.personal(textOf(el).trim(), 'object-id'));
      else if (local === 'Assertion' && el.namespaceURI === SAML_NS_ASSERTION) this.book.count('saml-assertions', el.getAttribute('ID') ?? String(i));
      else if (local === 'AttributeValue') {
        const attr = el.parentNode as Element | null;
        const name = attr?.getAttribute?.('Name') ?? '';
        const value = textOf(el);
        if (value.trim()) setText(el, redactClaimValue(name || claimKey(name), value.trim(), this.book, true));
      } else if (local === 'SubjectConfirmationData' && el.hasAttribute('Address')) el.setAttribute('Address', this.book.personal(el.getAttribute('Address') ?? ''));
    }
    return this.text(new XMLSerializer().serializeToString(doc));
  }
}

/** JSON that nests no deeper than real SSO JSON does; deeper is handled as text (no recursion to overflow). */
function parseJson(text: string): JsonValue | undefined {
  return jsonNestingDepth(text) > MAX_JSON_DEPTH ? undefined : parseAnyJson(text);
}

function textOf(el: Element): string {
  return el.textContent ?? '';
}

function setText(el: Element, text: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  const doc = el.ownerDocument;
  if (doc) el.appendChild(doc.createTextNode(text));
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;');
}
