import { XMLSerializer, type Element } from '@xmldom/xmldom';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { TrustedKey, TrustMaterial } from '../keys/trusted-key';
import { certificateLabel } from '../x509/certificate';
import { certificateFromBase64 } from '../x509/certificate';
import { attrOf, childElement, childElements, descendants, NS } from './xml-names';
import { prepareSignature, verifyPrepared, type Prepared, type PreparedSignature } from './xmldsig-in-dom';

/** XML-DSig algorithm URIs that use SHA-1 (RFC 6931 §2.1, §2.3: SHA-1 is deprecated for signatures). */
export const SHA1_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#sha1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
]);

export type SignatureOutcome =
  /** Verified with trust material; `signedXml` is the canonical content it covers. */
  | 'valid'
  /** A digest or the signature value does not verify. */
  | 'invalid'
  /** Verifies only with the certificate embedded in KeyInfo, which nobody vouched for. */
  | 'untrusted'
  /** The Reference does not point at the element that carries the Signature (wrapping). */
  | 'wrong-reference'
  /** Two elements share the referenced ID (wrapping). */
  | 'duplicate-id'
  /** No trust material to check with. */
  | 'not-checked';

export interface SignatureCheck {
  outcome: SignatureOutcome;
  signatureAlgorithm?: string;
  digestAlgorithms: string[];
  referenceUri?: string;
  /** The canonical XML of the one signed element, as xml-crypto's getSignedReferences() returns it. */
  signedXml?: string;
  /** The signed element itself, in the document that was checked (the digest covered it). */
  signedElement?: Element;
  /** The trusted key that verified it. */
  key?: TrustedKey;
  /** For the report: why this outcome. */
  detail: string;
  /** When not checked for lack of trust: does it at least verify with the KeyInfo certificate? */
  intactWithEmbeddedCertificate?: boolean;
}

/**
 * Checks one enveloped XML signature (SAML core §5.4: a Signature inside the element it signs,
 * one Reference whose URI is "#" + that element's ID) against the user's trust material only.
 *
 * xml-crypto by default prefers the certificate in KeyInfo over the key it is given
 * (`getCertFromKeyInfo`), which would let any self-signed message verify; that hook is replaced so
 * only trusted keys are tried. The embedded certificate is tried afterwards for the diagnosis
 * ("signed by a certificate you did not trust") and never makes a signature valid.
 *
 * @param documentXml the whole document as text; only read for a transform chain xml-crypto must run itself
 * @param signature the ds:Signature element
 * @param signedParent the element the Signature is enveloped in (Response, Assertion, EntityDescriptor…)
 */
export function checkEnvelopedSignature(documentXml: string, signature: Element, signedParent: Element, trust: TrustMaterial): SignatureCheck {
  const signedInfo = childElement(signature, NS.dsig, 'SignedInfo');
  const signatureAlgorithm = attrOf(signedInfo && childElement(signedInfo, NS.dsig, 'SignatureMethod'), 'Algorithm');
  const references = signedInfo ? childElements(signedInfo, NS.dsig, 'Reference') : [];
  const digestAlgorithms = references.map((r) => attrOf(childElement(r, NS.dsig, 'DigestMethod'), 'Algorithm') ?? '?');
  const base = { digestAlgorithms, ...(signatureAlgorithm ? { signatureAlgorithm } : {}) };
  if (references.length !== 1) {
    return { ...base, outcome: 'wrong-reference', detail: `the signature has ${references.length} references; SAML (core §5.4.2) requires exactly one, to the enveloping element` };
  }
  const uri = attrOf(references[0], 'URI') ?? '';
  const parentId = attrOf(signedParent, 'ID') ?? attrOf(signedParent, 'Id') ?? attrOf(signedParent, 'id');
  const isRoot = signedParent.ownerDocument?.documentElement === signedParent;
  const pointsAtParent = uri === '' ? isRoot : parentId !== undefined && uri === `#${parentId}`;
  if (!pointsAtParent && uri === '') {
    // Not wrapping: URI="" is the whole document (XML-DSig §4.4.3.2), more than the element it sits in (issue 15, class 5).
    return { ...base, referenceUri: uri, outcome: 'wrong-reference', detail: `the signature inside <${signedParent.localName}${parentId ? ` ID="${parentId}"` : ''}> has Reference URI="", which signs the whole document rather than the element it sits in; SAML core §5.4.2 requires URI="#${parentId ?? '<its ID>'}", so SPs reject it` };
  }
  if (!pointsAtParent) {
    return { ...base, referenceUri: uri, outcome: 'wrong-reference', detail: `the signature inside <${signedParent.localName}${parentId ? ` ID="${parentId}"` : ''}> references "${uri}", a different element: what is signed is not what would be read (signature wrapping)` };
  }
  const withRef = { ...base, referenceUri: uri };
  // Key-independent work once per signature, on the DOM already parsed (no re-parse, no XPath).
  let prepared: Prepared | undefined;
  let legacy: { docXml: string; signatureXml: string } | undefined;
  const attempt = (key: { object: KeyObject; pem: () => string }): Attempt => {
    prepared ??= prepareSignature(signature);
    if (!prepared.ok && 'octetTransform' in prepared) {
      // A transform after a canonicalization: xml-crypto's own checkSignature on the text.
      legacy ??= { docXml: normalizeSignatureBase64(documentXml), signatureXml: normalizeSignatureBase64(new XMLSerializer().serializeToString(signature)) };
      return verifyWith(legacy.docXml, legacy.signatureXml, key.pem());
    }
    if (!prepared.ok) return { ok: false, error: cleanError(prepared.message), duplicateId: /multiple elements with the same value/i.test(prepared.message) };
    return verifyPreparedWith(prepared.value, signedParent, key);
  };

  const keys = trust.keys.filter((k) => k.kty === 'RSA');
  let lastError = 'no trusted RSA key or certificate';
  for (const key of keys) {
    const result = attempt({ object: key.key, pem: () => pemOf(key) });
    if (result.ok) return { ...withRef, outcome: 'valid', signedXml: result.signedXml, signedElement: result.element, key, detail: `verified with ${describeKey(key)}` };
    if (result.duplicateId) return { ...withRef, outcome: 'duplicate-id', detail: result.error };
    lastError = result.error;
  }

  const embedded = embeddedCertificate(signature);
  const embeddedAttempt = embedded ? attempt({ object: embedded.cert.publicKey, pem: () => embedded.cert.toString() }) : undefined;
  if (embeddedAttempt && !embeddedAttempt.ok && embeddedAttempt.duplicateId) return { ...withRef, outcome: 'duplicate-id', detail: embeddedAttempt.error };
  if (keys.length === 0) {
    return {
      ...withRef,
      outcome: 'not-checked',
      intactWithEmbeddedCertificate: embeddedAttempt?.ok === true,
      detail:
        embeddedAttempt?.ok === true
          ? `no IdP certificate or metadata was given to check it with (--key, or Verify with…); it verifies with the certificate the message carries (${embedded?.label}), which proves nothing about who signed it`
          : 'no IdP certificate or metadata was given to check it with (--key, or Verify with…)',
    };
  }
  if (embeddedAttempt?.ok) {
    return { ...withRef, outcome: 'untrusted', detail: `the signature verifies only with the certificate embedded in KeyInfo (${embedded?.label}), which is not among the trusted keys` };
  }
  return { ...withRef, outcome: 'invalid', detail: lastError };
}

/**
 * Base64 in ds:SignatureValue and ds:X509Certificate may carry white space, also as character
 * references (`&#13;` line ends): XML-DSig's base64 is the XML Schema type, whose lexical space
 * allows it, and xmlsec1 accepts it. xml-crypto finds the Signature it verifies by comparing
 * SignatureValue text between two parses, and a literal CR does not survive serialising and
 * parsing again, so such a message failed as "a digest does not match" (issue 15, class 2).
 * Both elements sit outside SignedInfo and are removed by the enveloped transform, so removing the
 * white space changes no digest. One pass; `[^<>]` keeps each start from scanning past its tag.
 */
const BASE64_ELEMENT = /(<(?:[A-Za-z_][\w.-]*:)?(?:SignatureValue|X509Certificate)(?:\s[^<>]*)?>)([^<]*)(?=<\/)/g;
const BASE64_SPACE = /\s+|&#(?:0*(?:9|10|13|32)|[xX]0*(?:9|[aA]|[dD]|20));/g;

export function normalizeSignatureBase64(xml: string): string {
  if (!xml.includes('SignatureValue') && !xml.includes('X509Certificate')) return xml;
  return xml.replace(BASE64_ELEMENT, (whole: string, open: string, text: string) => (/\s|&#/.test(text) ? open + text.replace(BASE64_SPACE, '') : whole));
}

type Attempt = { ok: true; signedXml: string; element?: Element } | { ok: false; error: string; duplicateId: boolean };

/** Mgf1 (RSASSA-PSS) in xml-crypto takes a key only as PEM text; the others take the KeyObject as is. */
const PEM_ONLY = new Set(['http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1']);

function verifyPreparedWith(prepared: PreparedSignature, signedParent: Element, key: { object: KeyObject; pem: () => string }): Attempt {
  try {
    if (!verifyPrepared(prepared, PEM_ONLY.has(prepared.signatureAlgorithm) ? key.pem() : key.object)) {
      return { ok: false, error: cleanError(`invalid signature: the signature value ${prepared.signatureValue} is incorrect`), duplicateId: false };
    }
  } catch (e) {
    const message = (e as Error).message;
    return { ok: false, error: cleanError(message), duplicateId: /multiple elements with the same value/i.test(message) };
  }
  const refs = prepared.references;
  // Partial trust is no trust: exactly one signed reference or nothing is reported as signed.
  if (refs.length !== 1 || refs[0] === undefined) return { ok: false, error: 'the signature covers more than one reference', duplicateId: false };
  // Resolved by ID in this very DOM: it must be the element the Signature sits in (checked by URI above).
  if (refs[0].element !== signedParent) return { ok: false, error: 'the signature references another element than the one it sits in', duplicateId: false };
  return { ok: true, signedXml: refs[0].canonicalXml, element: refs[0].element };
}

function verifyWith(documentXml: string, signatureXml: string, publicPem: string): Attempt {
  const sig = new SignedXml({ publicCert: publicPem, getCertFromKeyInfo: () => null });
  try {
    sig.loadSignature(signatureXml);
    const valid = sig.checkSignature(documentXml);
    if (!valid) {
      const refError = sig.getReferences().find((r) => r.validationError)?.validationError?.message;
      return { ok: false, error: refError ? cleanError(refError) : 'a reference digest does not match: the signed content was changed after signing', duplicateId: false };
    }
    const refs = sig.getSignedReferences();
    // Partial trust is no trust: exactly one signed reference or nothing is reported as signed.
    if (refs.length !== 1 || refs[0] === undefined) return { ok: false, error: 'the signature covers more than one reference', duplicateId: false };
    return { ok: true, signedXml: refs[0] };
  } catch (e) {
    const message = (e as Error).message;
    return { ok: false, error: cleanError(message), duplicateId: /multiple elements with the same value/i.test(message) };
  }
}

function cleanError(message: string): string {
  if (/signature value .* is incorrect/i.test(message)) return 'the signature value does not verify with the trusted key(s): signed by another key, or SignedInfo was changed';
  if (/calculated digest is/.test(message)) return 'a reference digest does not match: the signed content was changed after signing';
  return message.length > 240 ? `${message.slice(0, 240)}…` : message;
}

export function pemOf(key: TrustedKey): string {
  if (key.certificate) return key.certificate.toString();
  return key.key.export({ type: 'spki', format: 'pem' }).toString();
}

function describeKey(key: TrustedKey): string {
  return key.certificate ? `${certificateLabel(key.certificate)} from ${key.source}` : `the public key from ${key.source}`;
}

function embeddedCertificate(signature: Element): { cert: X509Certificate; label: string } | undefined {
  const keyInfo = childElement(signature, NS.dsig, 'KeyInfo');
  const certEl = keyInfo ? descendants(keyInfo, NS.dsig, 'X509Certificate')[0] : undefined;
  if (!certEl) return undefined;
  const cert = certificateFromBase64(certEl.textContent ?? '');
  if (!cert.ok) return undefined;
  return { cert: cert.value, label: certificateLabel(cert.value) };
}

/** The signature algorithm and digest URIs of a ds:Signature, for weak-algorithm checks on unchecked signatures. */
export function signatureAlgorithmsOf(signature: Element): string[] {
  const out: string[] = [];
  for (const m of descendants(signature, NS.dsig, 'SignatureMethod')) out.push(attrOf(m, 'Algorithm') ?? '');
  for (const m of descendants(signature, NS.dsig, 'DigestMethod')) out.push(attrOf(m, 'Algorithm') ?? '');
  return out.filter(Boolean);
}
