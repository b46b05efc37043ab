import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { decodeBase64 } from '../encoding/base64';
import { LIMITS } from '../limits';

/** How the message reached us, so the report can say which binding it came in. */
export type SamlEncoding = 'xml' | 'base64' | 'deflate-base64';

/** The HTTP-Redirect binding's detached signature over the query string (SAML bindings §3.4.4.1). */
export interface RedirectSignature {
  sigAlg: string;
  /** Base64 signature value (after URL decoding). */
  signature: string;
  /**
   * The octets that were signed: `SAMLRequest=…&RelayState=…&SigAlg=…` built from the parameter
   * values exactly as received (still URL-encoded), as §3.4.4.1 requires; re-encoding would break
   * verification whenever the sender encoded differently.
   */
  signedString: string;
}

/** A SAML protocol message or metadata recognised by content. */
export interface SamlCandidate {
  /** The XML, when it could be decoded. */
  xml?: string;
  /** Why the input looked like SAML but could not be decoded (broken base64 or deflate). */
  error?: string;
  encoding: SamlEncoding;
  /** `url` for a query string / URL / form body carrying SAMLRequest= or SAMLResponse=. */
  carrier: 'raw' | 'url';
  parameter?: 'SAMLRequest' | 'SAMLResponse';
  relayState?: string;
  redirectSignature?: RedirectSignature;
}

const PARAM = /(?:^|[?&#\s])(SAMLRequest|SAMLResponse)=/;

/**
 * Recognises SAML by content: raw XML, base64 (HTTP-POST binding, also 76-column CRLF-wrapped),
 * deflate+base64 with or without URL encoding (HTTP-Redirect binding), or a whole URL / query
 * string / form body with `SAMLRequest=` or `SAMLResponse=`. Returns undefined when the text is
 * none of these, so other detectors can try.
 */
export function recognizeSaml(text: string): SamlCandidate | undefined {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('<')) return { xml: trimmed, encoding: 'xml', carrier: 'raw' };
  if (PARAM.test(trimmed)) return fromQuery(trimmed);
  return fromBareValue(trimmed);
}

function fromQuery(text: string): SamlCandidate {
  // Only the query (or fragment, or a bare form body): everything after the first '?' if a URL.
  const q = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text.slice(text.indexOf('?') + 1) : text.replace(/^\?/, '');
  const raw = new Map<string, string>();
  for (const part of q.split(/[&#\s]+/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (!raw.has(name)) raw.set(name, part.slice(eq + 1));
  }
  const parameter = raw.has('SAMLResponse') ? 'SAMLResponse' : 'SAMLRequest';
  const value = raw.get(parameter) ?? '';
  const relayRaw = raw.get('RelayState');
  const sigAlgRaw = raw.get('SigAlg');
  const sigRaw = raw.get('Signature');
  const base: SamlCandidate = { encoding: 'base64', carrier: 'url', parameter };
  const relayState = relayRaw !== undefined ? urlDecode(relayRaw) : undefined;
  if (relayState !== undefined) base.relayState = relayState;
  if (sigAlgRaw !== undefined && sigRaw !== undefined) {
    const sigAlg = urlDecode(sigAlgRaw);
    const signature = urlDecode(sigRaw);
    if (sigAlg !== undefined && signature !== undefined) {
      const signedString = `${parameter}=${value}${relayRaw !== undefined ? `&RelayState=${relayRaw}` : ''}&SigAlg=${sigAlgRaw}`;
      base.redirectSignature = { sigAlg, signature, signedString };
    }
  }
  const decodedValue = urlDecode(value);
  if (decodedValue === undefined) return { ...base, error: `the ${parameter} parameter is not valid URL encoding` };
  const decoded = decodeValue(decodedValue);
  return { ...base, ...decoded };
}

function fromBareValue(text: string): SamlCandidate | undefined {
  let value = text;
  if (/%(2B|2F|3D)/i.test(value) && /^[A-Za-z0-9%+/=\s]+$/.test(value)) {
    const d = urlDecode(value);
    if (d === undefined) return undefined;
    value = d;
  }
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value) || value.replace(/\s+/g, '').length < 16) return undefined;
  const decoded = decodeValue(value);
  if (decoded.xml !== undefined) return { ...decoded, carrier: 'raw' };
  // Bare base64 that decodes to neither XML nor inflatable XML: claim it only when its first
  // byte looks like the start of a deflate block, so random base64 stays "unrecognised".
  return decoded.looksDeflated ? { encoding: 'deflate-base64', carrier: 'raw', error: decoded.error ?? 'not decodable' } : undefined;
}

interface Decoded {
  xml?: string;
  error?: string;
  encoding: SamlEncoding;
  looksDeflated?: boolean;
}

function decodeValue(value: string): Decoded {
  if (value.replace(/\s+/g, '').length > LIMITS.maxSamlMessageBytes * 1.4) {
    return { encoding: 'base64', error: `the encoded message is larger than ${LIMITS.maxSamlMessageBytes} bytes` };
  }
  const bytes = decodeBase64(value);
  if (!bytes.ok) return { encoding: 'base64', error: `the value is not valid base64 (${bytes.error.message})` };
  const buf = bytes.value;
  if (startsLikeXml(buf)) return { encoding: 'base64', xml: buf.toString('utf8').replace(/^\uFEFF/, '').trim() };
  const first = buf[0] ?? 0;
  // A raw deflate stream (RFC 1951 §3.2.3) starts with a block type of 00, 01 or 10; 11 is reserved.
  const looksDeflated = ((first >> 1) & 3) !== 3;
  try {
    // Z_SYNC_FLUSH returns what a truncated stream did decode instead of throwing, so a cut-off
    // message shows as malformed XML rather than as an opaque zlib error; maxOutputLength bounds a
    // deflate bomb.
    const inflated = inflateRawSync(buf, { maxOutputLength: LIMITS.maxSamlMessageBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    if (startsLikeXml(inflated)) return { encoding: 'deflate-base64', xml: inflated.toString('utf8').replace(/^\uFEFF/, '').trim() };
    return { encoding: 'deflate-base64', looksDeflated: false, error: 'the value decodes (base64, then deflate) to something that is not XML' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ERR_BUFFER_TOO_LARGE' ? `it inflates beyond ${LIMITS.maxSamlMessageBytes} bytes (deflate bomb?)` : `broken deflate data (${(e as Error).message})`;
    return { encoding: 'deflate-base64', looksDeflated: looksDeflated && first !== 0x30, error: `the value is base64 but neither XML nor a valid HTTP-Redirect deflate stream: ${why}` };
  }
}

function startsLikeXml(buf: Buffer): boolean {
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  return buf[i] === 0x3c; // '<'
}

function urlDecode(s: string): string | undefined {
  try {
    // '+' is kept: real encoders send base64 '+' as %2B, and a pasted unencoded value keeps its '+'.
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
