import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConfigFinding } from '../../../../src/model/config-finding';
import type { KeycloakProvider, OidcApp, SamlApp, SsoConfig } from '../../../../src/model/config-types';
import { validateConfigText } from '../../../../src/model/validate-config';
import { check, EXAMPLES, EXAMPLE_FILES, example, NOW, only, readFrom } from '../helpers';

/**
 * Cross-hop rules: each test takes an example config as shipped, makes the one slip a user makes
 * following the vendor guide, and asserts the finding, both of its locations and its quick fix.
 */
const samlApp = (c: SsoConfig, p = 0): SamlApp => c.providers[p]?.apps?.[0] as SamlApp;
const oidcApp = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;

function one(findings: ConfigFinding[], id: string): ConfigFinding {
  const f = only(findings, id);
  assert.equal(f.length, 1, `${id}: ${JSON.stringify(findings.map((x) => [x.id, x.path, x.message]), null, 1)}`);
  return f[0] as ConfigFinding;
}

const IOMETE_URL = 'https://iomete.dataco.example/api/v1/identity/saml/callback';
const IOMETE_TENANT = '0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e';

describe('cross-hop rules', () => {
  it('the five examples have no cross-hop finding and no error', () => {
    for (const file of EXAMPLE_FILES) {
      const v = validateConfigText(readFileSync(join(EXAMPLES, file), 'utf8'), { now: NOW, readFile: readFrom(EXAMPLES) });
      assert.deepEqual(v.findings.filter((f) => f.severity === 'error').map((f) => [f.id, f.message]), [], file);
    }
  });

  it('IOMETE: the IdP entity ID set to IOMETE\'s own URL (the guide\'s ambiguous step 5) is caught, fix = Entra\'s issuer', () => {
    const c = example('iomete');
    const sp = samlApp(c).serviceProvider;
    assert.ok(sp);
    sp.idpEntityId = IOMETE_URL;
    const f = one(check(c), 'config.idp-entity-id-mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(f.path, '/providers/0/apps/0/serviceProvider/idpEntityId');
    assert.equal(f.relatedPath, '/providers/0/tenantId');
    assert.match(f.message, /own Identifier/);
    assert.match(f.message, /Microsoft Entra Identifier/);
    assert.deepEqual(f.fix, { title: `Set the IdP entity ID to https://sts.windows.net/${IOMETE_TENANT}/`, kind: 'replace', path: f.path, value: `https://sts.windows.net/${IOMETE_TENANT}/` });
  });

  it('IOMETE: the IdP SSO URL of another tenant is caught; the tenant domain form is accepted', () => {
    const c = example('iomete');
    const sp = samlApp(c).serviceProvider;
    assert.ok(sp);
    sp.idpSsoUrl = 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/saml2';
    const f = one(check(c), 'config.idp-sso-url-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/serviceProvider/idpSsoUrl');
    assert.equal(f.relatedPath, '/providers/0/tenantId');
    assert.match(f.message, /names tenant 11111111-2222-4333-8444-555555555555/);
    assert.equal(f.fix?.value, `https://login.microsoftonline.com/${IOMETE_TENANT}/saml2`);
    sp.idpSsoUrl = 'https://login.microsoftonline.com/dataco.onmicrosoft.com/saml2';
    assert.deepEqual(only(check(c), 'config.idp-sso-url-mismatch'), []);
  });

  it('IOMETE: a certificate uploaded to the product that is not the tenant\'s active signing certificate', () => {
    const c = example('iomete');
    const sp = samlApp(c).serviceProvider;
    assert.ok(sp);
    sp.idpCertificate = { file: 'certs/entra-assetpanda-signing.cer' };
    const f = one(check(c), 'config.signing-certificate-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/serviceProvider/idpCertificate');
    assert.equal(f.relatedPath, '/providers/0/apps/0/signing/certificate');
    assert.match(f.message, /thumbprint [0-9A-F]{40}/);
    assert.deepEqual(f.fix?.value, { file: 'certs/entra-iomete-signing.cer' });
    assert.equal(f.fix?.path, f.path);
  });

  it('SP entity ID with a trailing slash and ACS URL differing in case: near misses named, fix = the SP\'s value', () => {
    const c = example('iomete');
    const app = samlApp(c);
    app.serviceProvider = { ...app.serviceProvider, entityId: `${IOMETE_URL}/`, acsUrl: IOMETE_URL.replace('callback', 'Callback') };
    const findings = check(c);
    const e = one(findings, 'config.sp-entity-id-mismatch');
    assert.equal(e.path, '/providers/0/apps/0/identifiers/0');
    assert.equal(e.relatedPath, '/providers/0/apps/0/serviceProvider/entityId');
    assert.match(e.message, /trailing slash/);
    assert.equal(e.fix?.value, `${IOMETE_URL}/`);
    const r = one(findings, 'config.acs-url-mismatch');
    assert.equal(r.path, '/providers/0/apps/0/replyUrls/0');
    assert.equal(r.relatedPath, '/providers/0/apps/0/serviceProvider/acsUrl');
    assert.match(r.message, /upper\/lower case/);
  });

  it('Spark: Keycloak\'s encryption certificate is not the one registered in Entra for token encryption', () => {
    const c = example('spark-keycloak');
    const enc = samlApp(c).encryption;
    assert.ok(enc);
    enc.certificate = { file: 'certs/keycloak-saml-sig.cer' };
    const f = one(check(c), 'config.encryption-certificate-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/encryption/certificate');
    assert.equal(f.relatedPath, '/providers/1/keys/0/certificate');
    assert.match(f.message, /cannot decrypt/);
    assert.deepEqual(f.fix?.value, { file: 'certs/keycloak-saml-encryption.cer' });
  });

  it('Spark: Keycloak\'s trusted signing certificate is not Entra\'s active one', () => {
    const c = example('spark-keycloak');
    const s = realm(c).identityProviders?.[0]?.saml;
    assert.ok(s);
    s.signingCertificates = [{ file: 'certs/entra-iomete-signing.cer' }];
    const f = one(check(c), 'config.signing-certificate-mismatch');
    assert.equal(f.path, '/providers/1/identityProviders/0/saml/signingCertificates/0');
    assert.equal(f.relatedPath, '/providers/0/apps/0/signing/certificate');
    assert.deepEqual(f.fix?.value, { file: 'certs/entra-spark-signing.cer' });
  });

  it('Spark: the verification certificate in Entra is not Keycloak\'s realm signing key', () => {
    const c = example('spark-keycloak');
    const v = samlApp(c).verificationCertificates;
    assert.ok(v);
    v.certificates = [{ file: 'certs/keycloak-saml-encryption.cer' }];
    const f = one(check(c), 'config.signing-certificate-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/verificationCertificates/certificates/0');
    assert.equal(f.relatedPath, '/providers/1/keys/1/certificate');
    assert.deepEqual(f.fix?.value, { file: 'certs/keycloak-saml-sig.cer' });
  });

  it('Spark: a thumbprint-only certificate is compared by its thumbprint', () => {
    const c = example('spark-keycloak');
    const enc = samlApp(c).encryption;
    assert.ok(enc);
    enc.certificate = { thumbprint: 'AB'.repeat(20) };
    assert.match(one(check(c), 'config.encryption-certificate-mismatch').message, /ABABAB/);
  });

  it('Spark: the broker\'s IdP entity ID without its trailing slash, and its SSO URL of another tenant', () => {
    const c = example('spark-keycloak');
    const s = realm(c).identityProviders?.[0]?.saml;
    assert.ok(s);
    s.idpEntityId = 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
    s.singleSignOnServiceUrl = 'https://login.microsoftonline.com/common/saml2';
    const findings = check(c);
    const e = one(findings, 'config.idp-entity-id-mismatch');
    assert.equal(e.path, '/providers/1/identityProviders/0/saml/idpEntityId');
    assert.equal(e.relatedPath, '/providers/0/tenantId');
    assert.match(e.message, /trailing slash/);
    assert.equal(e.fix?.value, 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/');
    const u = one(findings, 'config.idp-sso-url-mismatch');
    assert.equal(u.path, '/providers/1/identityProviders/0/saml/singleSignOnServiceUrl');
  });

  it('Spark: an identifier with a trailing slash is a keycloak-broker near miss (exact, extended)', () => {
    const c = example('spark-keycloak');
    samlApp(c).identifiers = ['https://keycloak.uat.coherent.global/auth/realms/mytenant/'];
    samlApp(c).replyUrls = ['https://KEYCLOAK.uat.coherent.global/auth/realms/mytenant/broker/entra-id/endpoint'];
    const f = only(check(c), 'config.keycloak-broker-mismatch');
    assert.equal(f.length, 2);
    assert.equal(f[0]?.path, '/providers/0/apps/0/identifiers/0');
    assert.equal(f[0]?.relatedPath, '/providers/1/realm');
    assert.match(f[0]?.message ?? '', /trailing slash/);
    assert.equal(f[0]?.fix?.value, 'https://keycloak.uat.coherent.global/auth/realms/mytenant');
    assert.equal(f[1]?.path, '/providers/0/apps/0/replyUrls/0');
    assert.equal(f[1]?.relatedPath, '/providers/1/identityProviders/0/alias');
    assert.match(f[1]?.message ?? '', /upper\/lower case/);
  });

  it('Asset Panda: a federation metadata file from another tenant than the config\'s', () => {
    const c = example('assetpanda');
    const sp = samlApp(c).serviceProvider;
    assert.ok(sp);
    sp.metadataFile = 'metadata/iomete-federationmetadata.xml';
    const findings = check(c);
    const f = one(findings, 'config.metadata-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/serviceProvider/metadataFile');
    assert.equal(f.relatedPath, '/providers/0/tenantId');
    assert.match(f.message, new RegExp(`tenant ${IOMETE_TENANT}`));
    assert.equal(f.fix, undefined);
    // Its certificate is the other tenant's too.
    assert.equal(one(findings, 'config.signing-certificate-mismatch').path, '/providers/0/apps/0/serviceProvider/metadataFile');
  });

  it('Spark: an App Federation Metadata URL naming another tenant or another app, fixed in place', () => {
    const c = example('spark-keycloak');
    const app = samlApp(c);
    app.metadataUrl = 'https://login.microsoftonline.com/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/federationmetadata/2007-06/federationmetadata.xml?appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64';
    let f = one(check(c), 'config.metadata-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/metadataUrl');
    assert.equal(f.fix?.value, 'https://login.microsoftonline.com/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/federationmetadata/2007-06/federationmetadata.xml?appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64');
    const s = realm(example('spark-keycloak')).identityProviders?.[0]?.saml;
    assert.ok(s);
    const c2 = example('spark-keycloak');
    const s2 = realm(c2).identityProviders?.[0]?.saml;
    assert.ok(s2);
    s2.metadataUrl = s.metadataUrl?.replace('appid=3b8f', 'appid=ffff');
    f = one(check(c2), 'config.metadata-mismatch');
    assert.equal(f.path, '/providers/1/identityProviders/0/saml/metadataUrl');
    assert.equal(f.relatedPath, '/providers/0/apps/0/appId');
    assert.match(String(f.fix?.value), /appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64$/);
  });

  it('Exoscale: the callback /sso-login/ instead of /sso-authenticate/ is caught, fix = the documented callback', () => {
    const c = example('exoscale');
    oidcApp(c).redirectUris = ['https://portal.exoscale.com/sso-login/acme'];
    const f = one(check(c), 'config.redirect-path-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/redirectUris/0');
    assert.match(f.message, /SSO login page/);
    assert.match(f.message, /Exoscale, "Single Sign-On Authentication"/);
    assert.deepEqual(f.fix, { title: 'Use the documented URL https://portal.exoscale.com/sso-authenticate/acme', kind: 'replace', path: f.path, value: 'https://portal.exoscale.com/sso-authenticate/acme' });
  });

  it('Asset Panda: an ACS URL with a trailing slash, and Palette: a callback with a typo, against the documented table', () => {
    const c = example('assetpanda');
    samlApp(c).replyUrls = ['https://ap-pioneer-951730251621.auth.us-east-1.amazoncognito.com/saml2/idpresponse/'];
    const f = one(check(c), 'config.redirect-path-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/replyUrls/0');
    assert.match(f.message, /trailing slash/);
    assert.equal(f.fix?.value, 'https://ap-pioneer-951730251621.auth.us-east-1.amazoncognito.com/saml2/idpresponse');
    const p = example('palette');
    const uris = oidcApp(p).redirectUris;
    assert.ok(uris);
    uris[0] = 'https://console.spectrocloud.com/v1/auth/org/spectrocloud500/oidc/callbak';
    const g = one(check(p), 'config.redirect-path-mismatch');
    assert.equal(g.path, '/providers/0/apps/0/redirectUris/0');
    assert.equal(g.fix?.value, 'https://console.spectrocloud.com/v1/auth/org/spectrocloud500/oidc/callback');
  });

  it('Exoscale / Palette: the OIDC issuer of another tenant, by domain, or without /v2.0\'s exact form', () => {
    const c = example('exoscale');
    oidcApp(c).issuer = 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0';
    const f = one(check(c), 'config.idp-entity-id-mismatch');
    assert.equal(f.path, '/providers/0/apps/0/issuer');
    assert.equal(f.relatedPath, '/providers/0/tenantId');
    assert.match(f.message, /names tenant 11111111/);
    assert.equal(f.fix?.value, 'https://login.microsoftonline.com/2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f/v2.0');
    oidcApp(c).issuer = 'https://login.microsoftonline.com/acme.onmicrosoft.com/v2.0';
    assert.match(one(check(c), 'config.idp-entity-id-mismatch').message, /by its ID/);
    const p = example('palette');
    oidcApp(p).issuer = 'https://login.microsoftonline.com/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480/v2.0/';
    assert.match(one(check(p), 'config.idp-entity-id-mismatch').message, /trailing slash/);
  });

  it('trusted keys: an OIDC app naming a JWKS file that is not there, or not keys', () => {
    const c = example('exoscale');
    oidcApp(c).trustedKeys = { jwksFile: 'tokens/missing-jwks.json' };
    assert.equal(one(check(c), 'config.file-not-found').path, '/providers/0/apps/0/trustedKeys/jwksFile');
    oidcApp(c).trustedKeys = { jwksFile: 'saml/sample-sp-decryption.key' };
    assert.equal(one(check(c), 'jwks.malformed').path, '/providers/0/apps/0/trustedKeys/jwksFile');
    oidcApp(c).trustedKeys = { jwksFile: 'tokens/entra-sample-jwks.json', keyIds: ['abc'] };
    assert.deepEqual(check(c).filter((f) => f.severity === 'error'), []);
  });

  it('a cross-hop finding carries the text range of both ends (editor: related information)', () => {
    const text = readFileSync(join(EXAMPLES, 'iomete.sso.json'), 'utf8').replace('"idpEntityId": "https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/"', `"idpEntityId": "${IOMETE_URL}"`);
    const v = validateConfigText(text, { now: NOW, readFile: readFrom(EXAMPLES) });
    const f = one(v.findings, 'config.idp-entity-id-mismatch');
    assert.ok(f.range && f.relatedRange);
    assert.equal(text.slice(f.range.offset, f.range.offset + f.range.length), JSON.stringify(IOMETE_URL));
    assert.equal(text.slice(f.relatedRange.offset, f.relatedRange.offset + f.relatedRange.length), `"${IOMETE_TENANT}"`);
  });
});
