// Regenerates examples/saml/: Entra-shaped SAML responses for the IOMETE example
// (examples/iomete.sso.json: its tenant, identifier, reply URL and test user), minted by samlify (a
// SAML IdP implementation from npm) with throw-away keys from `selfsigned`. Fictional tenant and user.
//   node scripts/make-sample-saml.mjs
// Kept: the IdP's signing certificate (public), written as IOMETE's Entra signing certificate
// (examples/certs/entra-iomete-signing.cer and the one in examples/metadata/iomete-federationmetadata.xml)
// so that `inspect --config examples/iomete.sso.json` verifies the samples; and the SP's decryption key
// so that "Decrypt with…" can be tried on the encrypted sample; that key protects nothing else. The
// IdP's private key is discarded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import samlify from 'samlify'; // CommonJS: its SamlLib is on the default export only
import { generate } from 'selfsigned';

const dir = new URL('../examples/saml/', import.meta.url);
mkdirSync(dir, { recursive: true });
const tenant = '0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e';
const issuer = `https://sts.windows.net/${tenant}/`;
// IOMETE uses its Redirect URL as identifier, reply URL and sign-on URL (the seed guide).
const spEntity = 'https://iomete.dataco.example/api/v1/identity/saml/callback';
const acs = spEntity;
// The example's test user "analyst": NameID from user.mail, format emailAddress.
const mail = 'analyst@dataco.com';
const upn = 'analyst@dataco.onmicrosoft.com';
const now = new Date();
const inThreeYears = new Date(now.getTime() + 3 * 365 * 86400_000);
// samlify validates schemas through a pluggable validator; minting needs none.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

const cert = (cn) => generate([{ name: 'commonName', value: cn }], { keySize: 2048, algorithm: 'sha256', notBeforeDate: now, notAfterDate: inThreeYears });
const [idpPems, spPems] = await Promise.all([cert('Microsoft Azure Federated SSO Certificate'), cert('iomete SAML encryption')]);

// The attributes Entra sends by default, with their claim URIs (Microsoft Learn: "SAML token claims reference").
const attributes = [
  ['http://schemas.microsoft.com/identity/claims/tenantid', [tenant]],
  ['http://schemas.microsoft.com/identity/claims/objectidentifier', ['4f6c2d8e-9a1b-4c3d-8e7f-0a1b2c3d4e5f']],
  ['http://schemas.microsoft.com/identity/claims/displayname', ['Data Analyst']],
  ['http://schemas.microsoft.com/identity/claims/identityprovider', [issuer]],
  ['http://schemas.microsoft.com/claims/authnmethodsreferences', ['http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['Data']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', ['Analyst']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', [mail]],
  // Entra's "name" claim is the user principal name.
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', [upn]],
  // The "IOMETE users" group, by object ID.
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', ['6e5d4c3b-2a19-4f8e-9d7c-b6a5f4e3d2c1']],
];

/** One HTTP-POST binding response (base64), signed as `level` says, the assertion encrypted when asked. */
async function mint({ level, encrypt }) {
  const idp = samlify.IdentityProvider({
    entityID: issuer,
    privateKey: idpPems.private,
    signingCert: idpPems.cert,
    isAssertionEncrypted: encrypt,
    dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
    keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: `https://login.microsoftonline.com/${tenant}/saml2` }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `https://login.microsoftonline.com/${tenant}/saml2` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  });
  const sp = samlify.ServiceProvider({
    entityID: spEntity,
    wantAssertionsSigned: level !== 'response',
    wantMessageSigned: level !== 'assertion',
    encryptCert: spPems.cert,
    encPrivateKey: spPems.private,
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: acs }],
  });
  const issued = now.toISOString();
  const statements = (template) =>
    template
      .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="_${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
      .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes.map(([name, values]) => `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('')}</saml:AttributeStatement>`);
  const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: '_sample-authn-request' } } }, 'post', { email: mail }, (template) => {
    const id = `_${randomUUID()}`;
    const values = {
      ID: id, AssertionID: `_${randomUUID()}`, Destination: acs, Audience: spEntity, SubjectRecipient: acs, Issuer: issuer, IssueInstant: issued,
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success', ConditionsNotBefore: issued,
      // Far in the future so the examples keep verifying; Entra's own responses are valid for an hour.
      ConditionsNotOnOrAfter: '2099-01-01T00:00:00Z', SubjectConfirmationDataNotOnOrAfter: '2099-01-01T00:00:00Z',
      NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', NameID: mail, InResponseTo: '_sample-authn-request',
    };
    return { id, context: statements(samlify.SamlLib.replaceTagsByValue(template, values)) };
  });
  return context;
}

const signed = await mint({ level: 'both', encrypt: false });
writeFileSync(new URL('entra-signed-response.b64', dir), signed + '\n');
writeFileSync(new URL('entra-signed-response.xml', dir), Buffer.from(signed, 'base64').toString('utf8') + '\n');
writeFileSync(new URL('entra-encrypted-assertion.b64', dir), (await mint({ level: 'assertion', encrypt: true })) + '\n');
// The IdP's certificate becomes IOMETE's Entra signing certificate, in the cert file and the metadata.
writeFileSync(new URL('../examples/certs/entra-iomete-signing.cer', import.meta.url), idpPems.cert.trim() + '\n');
const metadataUrl = new URL('../examples/metadata/iomete-federationmetadata.xml', import.meta.url);
const certBase64 = idpPems.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
writeFileSync(metadataUrl, readFileSync(metadataUrl, 'utf8').replace(/<X509Certificate>[^<]*<\/X509Certificate>/g, `<X509Certificate>${certBase64}</X509Certificate>`));
writeFileSync(new URL('sample-sp-decryption.key', dir), spPems.private.trim() + '\n');
console.log('wrote examples/saml/, examples/certs/entra-iomete-signing.cer and the certificate in examples/metadata/iomete-federationmetadata.xml');
