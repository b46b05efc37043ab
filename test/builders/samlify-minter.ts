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
  const attributes = o.attributes.map(([name, values]) => `<saml:Attribute Name="${xmlEscape(name)}">${values.map((v) => `<saml:AttributeValue>${xmlEscape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  const issued = new Date(now.getTime() - 60_000).toISOString();
  const later = new Date(now.getTime() + 3600_000).toISOString();
  const response = await idp.createLoginResponse(sp, { extract: { request: { id: '_req-1' } } }, 'post', { email: o.nameId }, (template: string) => {
    const id = `_${randomUUID()}`;
    return {
      id,
      context: samlify.SamlLib.replaceTagsByValue(template, {
        ID: id,
        AssertionID: `_${randomUUID()}`,
        Destination: o.acs,
        Audience: o.audience,
        SubjectRecipient: o.acs,
        Issuer: o.issuer,
        IssueInstant: issued,
        StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: issued,
        ConditionsNotOnOrAfter: later,
        SubjectConfirmationDataNotOnOrAfter: later,
        NameIDFormat: o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: o.nameId,
        InResponseTo: '_req-1',
      })
        .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
        .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`),
    };
  });
  return response.context;
}
