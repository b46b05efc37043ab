/**
 * The Spark example (examples/spark-keycloak.sso.json: Entra → Keycloak → Spark, signed
 * AuthnRequests, encrypted assertions, app roles → Keycloak groups → Spark teams) pointed at a
 * loopback test IdP: the config is copied into a temporary folder with the IdP's SSO URL and
 * throw-away certificates (the IdP's signing certificate, the SP's request-signing and encryption
 * certificates) written in place of the example's, so the config's trust is the test IdP's.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeSamlKeys, type SamlKeys } from './samlify-minter';
import { startTestIdp, type TestIdp, type TestIdpOptions } from './saml-test-idp';

export const SPARK_TENANT = '4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
export const SPARK_ISSUER = `https://sts.windows.net/${SPARK_TENANT}/`;
export const SPARK_IDENTIFIER = 'https://keycloak.uat.coherent.global/auth/realms/mytenant';
export const SPARK_REPLY_URL = 'https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/entra-id/endpoint';
const ENTRA_SSO = `https://login.microsoftonline.com/${SPARK_TENANT}/saml2`;

const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** The example's two test users as Entra would send them to Spark's Keycloak (roles from their assignments). */
export const SPARK_USERS: TestIdpOptions['users'] = {
  'spark.test': {
    password: 'correct horse',
    nameId: 'spark.test@sparkcustomer.com',
    attributes: [
      [`${CLAIMS}/givenname`, ['Spark']],
      [`${CLAIMS}/surname`, ['Tester']],
      [`${CLAIMS}/emailaddress`, ['spark.test@sparkcustomer.com']],
      [`${CLAIMS}/name`, ['spark.test@sparkcustomer.onmicrosoft.com']],
      [ROLE, ['tenant-admin']],
    ],
  },
  analyst: {
    password: 'battery staple',
    nameId: 'analyst@sparkcustomer.com',
    attributes: [
      [`${CLAIMS}/givenname`, ['Ana']],
      [`${CLAIMS}/surname`, ['Lyst']],
      [`${CLAIMS}/emailaddress`, ['analyst@sparkcustomer.com']],
      [`${CLAIMS}/name`, ['analyst@sparkcustomer.onmicrosoft.com']],
      [ROLE, ['user:teamA']],
    ],
  },
};

export interface SparkSignInSetup {
  dir: string;
  configFile: string;
  idp: TestIdp;
  idpKeys: SamlKeys;
  /** The SP's (Keycloak's) request-signing key pair; `signKeyFile` holds its private key. */
  spSigning: SamlKeys;
  spEncryption: SamlKeys;
  signKeyFile: string;
  decryptKeyFile: string;
  close(): Promise<void>;
}

export interface SparkSetupOptions extends Partial<Omit<TestIdpOptions, 'keys' | 'issuer' | 'audience' | 'users' | 'spSigningCert' | 'encryptFor'>> {
  /** The IdP checks the request signature (the example's "signed AuthnRequests"). Default true. */
  verifyRequestSignature?: boolean;
  /** The IdP encrypts the assertion for the SP (the example's token encryption). Default false. */
  encrypt?: boolean;
  /** Where the examples folder is (default: the repository's, from out/test/…). */
  examples?: string;
}

/** Keys are slow to make (RSA-2048 three times): tests share one set. */
let keys: Promise<{ idp: SamlKeys; sig: SamlKeys; enc: SamlKeys }> | undefined;

export async function startSparkSignIn(o: SparkSetupOptions = {}): Promise<SparkSignInSetup> {
  keys ??= Promise.all([makeSamlKeys('Microsoft Azure Federated SSO Certificate'), makeSamlKeys('mytenant'), makeSamlKeys('mytenant')]).then(([idp, sig, enc]) => ({ idp, sig, enc }));
  const { idp: idpKeys, sig, enc } = await keys;
  const idp = await startTestIdp({
    keys: idpKeys,
    issuer: SPARK_ISSUER,
    audience: SPARK_IDENTIFIER,
    users: SPARK_USERS,
    registeredAcs: SPARK_REPLY_URL,
    ...(o.verifyRequestSignature === false ? {} : { spSigningCert: sig.cert }),
    ...(o.encrypt ? { encryptFor: enc.cert } : {}),
    ...(o.acsMode ? { acsMode: o.acsMode } : {}),
    ...(o.deny ? { deny: o.deny } : {}),
    ...(o.relayStateOverride !== undefined ? { relayStateOverride: o.relayStateOverride } : {}),
  });
  const examples = o.examples ?? resolve(__dirname, '../../../examples');
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-saml-sign-in-'));
  mkdirSync(join(dir, 'certs'));
  mkdirSync(join(dir, 'metadata'));
  const config = readFileSync(join(examples, 'spark-keycloak.sso.json'), 'utf8').split(ENTRA_SSO).join(idp.ssoUrl);
  const configFile = join(dir, 'spark-keycloak.sso.json');
  writeFileSync(configFile, config.replace('"$schema": "../schemas/sso-config.schema.json",', ''));
  writeFileSync(join(dir, 'certs', 'entra-spark-signing.cer'), idpKeys.cert);
  writeFileSync(join(dir, 'certs', 'keycloak-saml-sig.cer'), sig.cert);
  writeFileSync(join(dir, 'certs', 'keycloak-saml-encryption.cer'), enc.cert);
  // The example's metadata names the example's certificate and Entra's SSO URL: the IdP's own instead.
  writeFileSync(
    join(dir, 'metadata', 'spark-federationmetadata.xml'),
    `<?xml version="1.0" encoding="utf-8"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${SPARK_ISSUER}"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${idpKeys.cert.replace(/-----[^-]+-----|\s+/g, '')}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${idp.ssoUrl}"/></IDPSSODescriptor></EntityDescriptor>`,
  );
  const signKeyFile = join(dir, 'keycloak-saml-sig.key');
  const decryptKeyFile = join(dir, 'keycloak-saml-encryption.key');
  writeFileSync(signKeyFile, sig.private);
  writeFileSync(decryptKeyFile, enc.private);
  return {
    dir,
    configFile,
    idp,
    idpKeys,
    spSigning: sig,
    spEncryption: enc,
    signKeyFile,
    decryptKeyFile,
    close: async () => {
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
