/**
 * SAML responses minted by samlify (a real SAML IdP implementation), shaped like Entra's: issuer
 * https://sts.windows.net/{tenant}/, claim-URI attributes, a NameID with a format. Signed at
 * assertion level with a throw-away key pair made by `selfsigned`.
 */
import { randomUUID } from 'node:crypto';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';

export interface SamlKeys {
  private: string;
  cert: string;
}

export async function makeSamlKeys(cn = 'Test Entra IdP'): Promise<SamlKeys> {
  samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
  return generate([{ name: 'commonName', value: cn }], { keySize: 2048, algorithm: 'sha256' });
}

export interface MintSaml {
  keys: SamlKeys;
  issuer: string;
  audience: string;
  acs: string;
  nameId: string;
  nameIdFormat?: string;
  attributes: Array<[string, string[]]>;
  now?: Date;
  /** Encrypt the (signed) assertion for the SP certificate with these algorithms (XML Encryption URIs). */
  encrypt?: { cert: string; keyAlgorithm: string; dataAlgorithm: string };
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What a minted SAML Response says: one assertion, signed in samlify's login-response template. */
export interface LoginResponseFields {
  /** The ACS the response is posted to (Destination and the SubjectConfirmationData Recipient). */
  destination: string;
  audience: string;
  issuer: string;
  /** IssueInstant, NotBefore and AuthnInstant (ISO 8601). */
  issued: string;
  /** Conditions' and SubjectConfirmationData's NotOnOrAfter (ISO 8601). */
  notOnOrAfter: string;
  nameId: string;
  /** Default: the e-mail address format. */
  nameIdFormat?: string;
  inResponseTo: string;
  attributes: ReadonlyArray<readonly [string, readonly string[]]>;
  /** Default `_s1`. */
  sessionIndex?: string;
}

/**
 * The custom-template callback for samlify's `createLoginResponse`: fills its response template
 * with these fields. replaceTagsByValue escapes values, so the two statements (XML) are put in
 * afterwards, the attribute names and values escaped here.
 */
export function loginResponseTemplate(f: LoginResponseFields): (template: string) => { id: string; context: string } {
  return (template) => {
    const id = `_${randomUUID()}`;
    const attributes = f.attributes.map(([name, values]) => `<saml:Attribute Name="${xmlEscape(name)}">${values.map((v) => `<saml:AttributeValue>${xmlEscape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
    return {
      id,
      context: samlify.SamlLib.replaceTagsByValue(template, {
        ID: id,
        AssertionID: `_${randomUUID()}`,
        Destination: f.destination,
        Audience: f.audience,
        SubjectRecipient: f.destination,
        Issuer: f.issuer,
        IssueInstant: f.issued,
        StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: f.issued,
        ConditionsNotOnOrAfter: f.notOnOrAfter,
        SubjectConfirmationDataNotOnOrAfter: f.notOnOrAfter,
        NameIDFormat: f.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: f.nameId,
        InResponseTo: f.inResponseTo,
      })
        .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${f.issued}" SessionIndex="${f.sessionIndex ?? '_s1'}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
        .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`),
    };
  };
}

/** Base64 (HTTP-POST binding) SAML Response. */
export async function mintSamlResponse(o: MintSaml): Promise<string> {
  const now = o.now ?? new Date();
  // samlify reads the two encryption algorithm settings at run time (entity.js defaults); its typings leave them out.
  const encryption = o.encrypt ? { isAssertionEncrypted: true, dataEncryptionAlgorithm: o.encrypt.dataAlgorithm, keyEncryptionAlgorithm: o.encrypt.keyAlgorithm } : {};
  const idp = samlify.IdentityProvider({
    ...encryption,
    entityID: o.issuer,
    privateKey: o.keys.private,
    signingCert: o.keys.cert,
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: `${o.issuer}saml2` }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${o.issuer}saml2` }],
    nameIDFormat: [o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  });
  const sp = samlify.ServiceProvider({
    entityID: o.audience,
    wantAssertionsSigned: true,
    wantMessageSigned: false,
    ...(o.encrypt ? { encryptCert: o.encrypt.cert } : {}),
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: o.acs }],
  });
  const issued = new Date(now.getTime() - 60_000).toISOString();
  const later = new Date(now.getTime() + 3600_000).toISOString();
  const fields = { destination: o.acs, audience: o.audience, issuer: o.issuer, issued, notOnOrAfter: later, nameId: o.nameId, nameIdFormat: o.nameIdFormat, inResponseTo: '_req-1', attributes: o.attributes };
  const response = await idp.createLoginResponse(sp, { extract: { request: { id: '_req-1' } } }, 'post', { email: o.nameId }, loginResponseTemplate(fields));
  return response.context;
}

export interface MintRequest {
  /** The SP's entity ID (the request's Issuer). */
  spEntityId: string;
  acs: string;
  /** The IdP's entity ID and SAML endpoint (Entra: https://sts.windows.net/{t}/, https://login.microsoftonline.com/{t}/saml2). */
  idpEntityId: string;
  idpSsoUrl: string;
  nameIdFormat?: string;
  /** Sign with these SP keys (HTTP-POST: enveloped signature; HTTP-Redirect: query-string signature). */
  signWith?: SamlKeys;
  binding?: 'post' | 'redirect';
  /** SP logout URL (for LogoutRequests). */
  logoutUrl?: string;
}

function requestEntities(o: MintRequest): { sp: ReturnType<typeof samlify.ServiceProvider>; idp: ReturnType<typeof samlify.IdentityProvider> } {
  samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
  const signed = o.signWith !== undefined;
  const sp = samlify.ServiceProvider({
    entityID: o.spEntityId,
    authnRequestsSigned: signed,
    ...(o.signWith ? { privateKey: o.signWith.private, signingCert: o.signWith.cert, requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' } : {}),
    nameIDFormat: [o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: o.acs }],
    ...(o.logoutUrl ? { singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: o.logoutUrl }] } : {}),
  });
  const idp = samlify.IdentityProvider({
    entityID: o.idpEntityId,
    wantAuthnRequestsSigned: signed,
    singleSignOnService: [
      { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: o.idpSsoUrl },
      { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: o.idpSsoUrl },
    ],
    singleLogoutService: [
      { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: o.idpSsoUrl },
      { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: o.idpSsoUrl },
    ],
  });
  return { sp, idp };
}

/** An AuthnRequest made by samlify's SP: the redirect URL (HTTP-Redirect) or the base64 form value (HTTP-POST). */
export function mintAuthnRequest(o: MintRequest): string {
  const { sp, idp } = requestEntities(o);
  return sp.createLoginRequest(idp, o.binding ?? 'redirect').context;
}

/** A LogoutRequest made by samlify's SP (Issuer = the SP entity ID, Destination = the IdP's logout endpoint). */
export function mintSpLogoutRequest(o: MintRequest & { nameId: string }): string {
  const { sp, idp } = requestEntities(o);
  return sp.createLogoutRequest(idp, o.binding ?? 'redirect', { logoutNameID: o.nameId, sessionIndex: '_s1' }).context;
}
