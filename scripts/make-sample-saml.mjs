// Regenerates the SAML samples of examples/saml/: Entra-shaped SAML responses for the example setups,
// minted by samlify (a SAML IdP implementation from npm) with throw-away keys from `selfsigned`.
// Fictional tenants and users; each setup's tenant, identifier, reply URL and test users come from its
// config (examples/<setup>.sso.json). For every setup: one response that maps as the setup intends,
// and one that shows the setup's typical failure.
//   node scripts/make-sample-saml.mjs [iomete] [assetpanda] [spark]     (default: all three)
// Kept per setup: the IdP's signing certificate (public), written as that app's Entra signing
// certificate (examples/certs/entra-<setup>-signing.cer and the one in
// examples/metadata/<setup>-federationmetadata.xml) so that `inspect --config` verifies the samples;
// and an SP decryption key where a sample is encrypted (IOMETE's SP; Spark's Keycloak realm key, whose
// certificate becomes examples/certs/keycloak-saml-encryption.cer) so that "Decrypt with…" can be
// tried; those keys protect nothing else. The IdPs' private keys are discarded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import samlify from 'samlify'; // CommonJS: its SamlLib is on the default export only
import { generate } from 'selfsigned';

const dir = new URL('../examples/saml/', import.meta.url);
const examples = new URL('../examples/', import.meta.url);
mkdirSync(dir, { recursive: true });
const now = new Date();
const inThreeYears = new Date(now.getTime() + 3 * 365 * 86400_000);
// samlify validates schemas through a pluggable validator; minting needs none.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

const cert = (cn) => generate([{ name: 'commonName', value: cn }], { keySize: 2048, algorithm: 'sha256', notBeforeDate: now, notAfterDate: inThreeYears });

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';

/**
 * The attributes Entra sends by default for a user, with their claim URIs (Microsoft Learn: "SAML
 * token claims reference", https://learn.microsoft.com/entra/identity-platform/reference-saml-tokens),
 * then `extra` (groups by object ID, app roles).
 */
function entraAttributes(tenant, user, extra = []) {
  return [
    ['http://schemas.microsoft.com/identity/claims/tenantid', [tenant]],
    ['http://schemas.microsoft.com/identity/claims/objectidentifier', [user.oid]],
    ['http://schemas.microsoft.com/identity/claims/displayname', [user.displayName]],
    ['http://schemas.microsoft.com/identity/claims/identityprovider', [`https://sts.windows.net/${tenant}/`]],
    ['http://schemas.microsoft.com/claims/authnmethodsreferences', ['http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password']],
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', [user.givenName]],
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', [user.surname]],
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', [user.mail]],
    // Entra's "name" claim is the user principal name.
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', [user.upn]],
    ...extra,
  ];
}

/**
 * One HTTP-POST binding response (base64) from the tenant's Entra to the SP, signed as `level` says
 * by `idpPems`, the assertion encrypted to `spPems` when asked.
 */
async function mint({ tenant, spEntity, acs, idpPems, spPems, nameId, nameIdFormat = EMAIL_FORMAT, attributes, level, encrypt }) {
  const issuer = `https://sts.windows.net/${tenant}/`;
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
    ...(spPems ? { encryptCert: spPems.cert, encPrivateKey: spPems.private } : {}),
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: acs }],
  });
  const issued = now.toISOString();
  const statements = (template) =>
    template
      .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="_${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
      .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes.map(([name, values]) => `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('')}</saml:AttributeStatement>`);
  const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: '_sample-authn-request' } } }, 'post', { email: nameId }, (template) => {
    const id = `_${randomUUID()}`;
    const values = {
      ID: id, AssertionID: `_${randomUUID()}`, Destination: acs, Audience: spEntity, SubjectRecipient: acs, Issuer: issuer, IssueInstant: issued,
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success', ConditionsNotBefore: issued,
      // Far in the future so the examples keep verifying; Entra's own responses are valid for an hour.
      ConditionsNotOnOrAfter: '2099-01-01T00:00:00Z', SubjectConfirmationDataNotOnOrAfter: '2099-01-01T00:00:00Z',
      NameIDFormat: nameIdFormat, NameID: nameId, InResponseTo: '_sample-authn-request',
    };
    return { id, context: statements(samlify.SamlLib.replaceTagsByValue(template, values)) };
  });
  return context;
}

/** The IdP's certificate becomes the app's Entra signing certificate, in the cert file and the metadata. */
function writeSigningCertificate(setup, idpPems) {
  writeFileSync(new URL(`certs/entra-${setup}-signing.cer`, examples), idpPems.cert.trim() + '\n');
  const metadataUrl = new URL(`metadata/${setup}-federationmetadata.xml`, examples);
  const certBase64 = idpPems.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const metadata = readFileSync(metadataUrl, 'utf8')
    .replace(/<X509Certificate>[^<]*<\/X509Certificate>/g, `<X509Certificate>${certBase64}</X509Certificate>`)
    .replace(/\(openssl, see examples\/README\.md\)/, '(scripts/make-sample-saml.mjs, see examples/README.md)');
  writeFileSync(metadataUrl, metadata);
}
const write = (name, text) => writeFileSync(new URL(name, dir), text.trim() + '\n');

/** IOMETE (examples/iomete.sso.json): its Redirect URL is identifier, reply URL and sign-on URL (the seed guide). */
async function iomete() {
  const tenant = '0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e';
  const spEntity = 'https://iomete.dataco.example/api/v1/identity/saml/callback';
  const [idpPems, spPems] = await Promise.all([cert('Microsoft Azure Federated SSO Certificate'), cert('iomete SAML encryption')]);
  // The test user "analyst": NameID from user.mail, format emailAddress; in the "IOMETE users" group (by object ID).
  const analyst = { oid: '4f6c2d8e-9a1b-4c3d-8e7f-0a1b2c3d4e5f', displayName: 'Data Analyst', givenName: 'Data', surname: 'Analyst', mail: 'analyst@dataco.com', upn: 'analyst@dataco.onmicrosoft.com' };
  const common = { tenant, spEntity, acs: spEntity, idpPems, spPems, nameId: analyst.mail, attributes: entraAttributes(tenant, analyst, [[GROUPS, ['6e5d4c3b-2a19-4f8e-9d7c-b6a5f4e3d2c1']]]) };
  const signed = await mint({ ...common, level: 'both', encrypt: false });
  write('entra-signed-response.b64', signed);
  write('entra-signed-response.xml', Buffer.from(signed, 'base64').toString('utf8'));
  write('entra-encrypted-assertion.b64', await mint({ ...common, level: 'assertion', encrypt: true }));
  // The typical failure: "Unique User Identifier" left at Entra's default instead of user.mail /
  // emailAddress, so IOMETE gets an opaque persistent ID where it looks users up by e-mail.
  write('iomete-nameid-persistent.b64', await mint({ ...common, nameId: 'Qm9Yq3xXr0Cw7f2Jt8VhN1pLs5Zb4Ue6Ad9Kc', nameIdFormat: PERSISTENT_FORMAT, level: 'both', encrypt: false }));
  writeSigningCertificate('iomete', idpPems);
  write('sample-sp-decryption.key', spPems.private);
}

/** Asset Panda (examples/assetpanda.sso.json): Cognito's entity ID and ACS URL; SSO enabled for assets-corp.com. */
async function assetpanda() {
  const tenant = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
  const spEntity = 'urn:amazon:cognito:sp:us-east-1_4jHsDgxlC';
  const acs = 'https://ap-pioneer-951730251621.auth.us-east-1.amazoncognito.com/saml2/idpresponse';
  const idpPems = await cert('Microsoft Azure Federated SSO Certificate');
  const managers = [GROUPS, ['1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f']];
  // The example's test user "manager", in the "Asset managers" group.
  const pat = { oid: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', displayName: 'Pat Manager', givenName: 'Pat', surname: 'Manager', mail: 'pat@assets-corp.com', upn: 'pat@assets-corp.com' };
  write('assetpanda-response.b64', await mint({ tenant, spEntity, acs, idpPems, nameId: pat.mail, attributes: entraAttributes(tenant, pat, [managers]), level: 'assertion', encrypt: false }));
  // The typical failure: a user assigned in Entra whose e-mail domain is not among the domains
  // Asset Panda enables SSO for ("Enable for selected domains"): Entra signs them in, Asset Panda refuses.
  const lee = { oid: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7', displayName: 'Lee Contractor', givenName: 'Lee', surname: 'Contractor', mail: 'lee@contractor.example', upn: 'lee_contractor.example#EXT#@assets-corp.onmicrosoft.com' };
  write('assetpanda-domain-not-enabled.b64', await mint({ tenant, spEntity, acs, idpPems, nameId: lee.mail, attributes: entraAttributes(tenant, lee, [managers]), level: 'assertion', encrypt: false }));
  writeSigningCertificate('assetpanda', idpPems);
}

/** Coherent Spark via Keycloak (examples/spark-keycloak.sso.json): Entra → Keycloak's broker endpoint. */
async function spark() {
  const tenant = '4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
  const spEntity = 'https://keycloak.uat.coherent.global/auth/realms/mytenant';
  const acs = 'https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/entra-id/endpoint';
  // Keycloak's rsa-enc-generated realm key (RSA-OAEP) is the certificate uploaded to Entra's Token encryption.
  const [idpPems, kcPems] = await Promise.all([cert('Microsoft Azure Federated SSO Certificate'), cert('mytenant')]);
  // The test account: app role tenant-admin (Users and groups) and member of the tenant-admin group.
  const tester = { oid: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', displayName: 'Spark Tester', givenName: 'Spark', surname: 'Tester', mail: 'spark.test@sparkcustomer.com', upn: 'spark.test@sparkcustomer.onmicrosoft.com' };
  const common = { tenant, spEntity, acs, idpPems, spPems: kcPems, nameId: tester.mail };
  const assigned = entraAttributes(tenant, tester, [[ROLE, ['tenant-admin']], [GROUPS, ['8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a']]]);
  write('spark-response.b64', await mint({ ...common, attributes: assigned, level: 'assertion', encrypt: false }));
  // As Entra sends it once Token encryption is active: the signed assertion encrypted to Keycloak's certificate.
  write('spark-encrypted-response.b64', await mint({ ...common, attributes: assigned, level: 'assertion', encrypt: true }));
  // The typical failure: the account signs in before it was given an app role (Users and groups →
  // Add user/group) and outside the group: no role or groups attribute, so no "Advanced Claim to
  // Group" mapper fires and the user lands in no Spark group.
  write('spark-no-role.b64', await mint({ ...common, attributes: entraAttributes(tenant, tester), level: 'assertion', encrypt: false }));
  writeSigningCertificate('spark', idpPems);
  writeFileSync(new URL('certs/keycloak-saml-encryption.cer', examples), kcPems.cert.trim() + '\n');
  write('keycloak-saml-encryption.key', kcPems.private);
}

const SETUPS = { iomete, assetpanda, spark };
const asked = process.argv.slice(2);
for (const name of asked) if (!Object.hasOwn(SETUPS, name)) throw new Error(`unknown setup ${name}; one of ${Object.keys(SETUPS).join(', ')}`);
for (const name of asked.length ? asked : Object.keys(SETUPS)) {
  await SETUPS[name]();
  console.log(`wrote the ${name} samples in examples/saml/, examples/certs/entra-${name}-signing.cer and the certificate in examples/metadata/${name}-federationmetadata.xml`);
}
