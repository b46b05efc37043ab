/**
 * The AuthnRequest a service provider sends, and the HTTP-Redirect URL that carries it
 * (SAML 2.0 core §3.4.1, bindings §3.4.4). Pure: the ID, the instant and the signing key are
 * passed in.
 *
 * Why our own small code over xmldom + node:zlib + node:crypto rather than samlify: an
 * AuthnRequest is one element with four attributes and an optional NameIDPolicy, and the
 * Redirect binding is deflate, base64, URL-encode and (when signed) one RSA-SHA256 signature over
 * the query octets. samlify would bring its own xml-crypto, xpath, node-forge and
 * xml-encryption copies into the extension bundle for those twenty lines, and its request builder
 * takes the ACS from SP metadata, where ours is a per-run loopback URL. It stays a devDependency:
 * the test IdP that receives and verifies what we build here.
 */
import { createSign, type KeyObject } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { NS } from './xml-names';

/** SAML 2.0 bindings §3.5 (HTTP-POST): the binding the IdP answers with to our loopback ACS. */
export const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
/** RFC 6931 §2.3.2: the SigAlg URI of RSA with SHA-256. */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export interface AuthnRequestSpec {
  /** xs:ID: must start with a letter or underscore (XML Schema NCName). */
  id: string;
  issueInstant: Date;
  /** The SP entity ID: the app's identifier, sent as the request's Issuer. */
  spEntityId: string;
  /** Where the IdP should post the response (AssertionConsumerServiceURL). */
  acsUrl: string;
  /** The IdP's SSO URL (Destination; required when the request is signed, bindings §3.4.5.2). */
  destination: string;
  /** NameIDPolicy Format URN; absent = no Format (the IdP picks). */
  nameIdFormat?: string;
}

/**
 * The AuthnRequest XML. ForceAuthn and IsPassive are left out (their default is false, core
 * §3.4.1): a test sign-in should behave like the product's own.
 */
export function authnRequestXml(spec: AuthnRequestSpec): string {
  const doc = new DOMImplementation().createDocument(NS.protocol, 'samlp:AuthnRequest', null);
  const root = doc.documentElement;
  if (!root) throw new Error('xmldom created no root element');
  root.setAttribute('xmlns:saml', NS.assertion);
  root.setAttribute('ID', spec.id);
  root.setAttribute('Version', '2.0');
  root.setAttribute('IssueInstant', spec.issueInstant.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  root.setAttribute('Destination', spec.destination);
  root.setAttribute('ProtocolBinding', HTTP_POST_BINDING);
  root.setAttribute('AssertionConsumerServiceURL', spec.acsUrl);
  const issuer = doc.createElementNS(NS.assertion, 'saml:Issuer');
  issuer.appendChild(doc.createTextNode(spec.spEntityId));
  root.appendChild(issuer);
  const policy = doc.createElementNS(NS.protocol, 'samlp:NameIDPolicy');
  if (spec.nameIdFormat !== undefined) policy.setAttribute('Format', spec.nameIdFormat);
  policy.setAttribute('AllowCreate', 'true');
  root.appendChild(policy);
  return new XMLSerializer().serializeToString(doc);
}

export interface RedirectOptions {
  relayState?: string;
  /** An RSA private key: the query string is signed with RSA-SHA256 (bindings §3.4.4.1). */
  signingKey?: KeyObject;
}

export type RedirectUrlOutcome = { ok: true; url: string; signed: boolean } | { ok: false; message: string };

/**
 * The IdP's SSO URL with `SAMLRequest` (deflate, base64, URL-encoded), `RelayState` and, when a key
 * is given, `SigAlg` and `Signature` over `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they
 * appear in the URL (bindings §3.4.4.1).
 */
export function redirectBindingUrl(ssoUrl: string, requestXml: string, options: RedirectOptions = {}): RedirectUrlOutcome {
  let base: URL;
  try {
    base = new URL(ssoUrl);
  } catch {
    return { ok: false, message: `the IdP's SSO URL ${JSON.stringify(ssoUrl)} is not a URL` };
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return { ok: false, message: `the IdP's SSO URL ${JSON.stringify(ssoUrl)} is not http(s)` };
  const parts = [`SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(requestXml, 'utf8')).toString('base64'))}`];
  if (options.relayState !== undefined) parts.push(`RelayState=${encodeURIComponent(options.relayState)}`);
  let signed = false;
  if (options.signingKey) {
    const key = options.signingKey;
    if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') return { ok: false, message: `the signing key is ${key.type === 'private' ? `an ${key.asymmetricKeyType ?? 'unknown'} key` : 'not a private key'}; SAML request signing here takes an RSA private key (RSA-SHA256)` };
    parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
    const signature = createSign('sha256').update(parts.join('&'), 'utf8').sign(key).toString('base64');
    parts.push(`Signature=${encodeURIComponent(signature)}`);
    signed = true;
  }
  const query = parts.join('&');
  return { ok: true, url: `${base.origin}${base.pathname}${base.search ? `${base.search}&` : '?'}${query}${base.hash}`, signed };
}
