/**
 * The AuthnRequest "Test SAML Sign-In" sends, read back by our own decoder (the Redirect-binding
 * query signature verified with the SP's certificate), and the plan taken from the example configs.
 * (samlify, as the IdP, verifies the same signature in test/unit/platform/saml-sign-in.test.ts.)
 */
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { inspectText } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import { authnRequestXml, redirectBindingUrl } from '../../../../src/decoders/saml/build-authn-request';
import { indexConfig } from '../../../../src/model/config-index';
import type { SsoConfig } from '../../../../src/model/config-types';
import { planSamlSignIn } from '../../../../src/model/saml-sign-in-plan';
import { makeSamlKeys } from '../../../builders/samlify-minter';
import { EXAMPLES, example, readFrom } from '../../model/helpers';

const ACS = 'http://127.0.0.1:53682/acs';
const SSO = 'https://login.microsoftonline.com/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/saml2';
const spec = { id: '_abc123', issueInstant: new Date('2026-12-01T10:00:00.123Z'), spEntityId: 'https://sp.example/metadata?a=1&b=<2>', acsUrl: ACS, destination: SSO, nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' };

describe('AuthnRequest over the HTTP-Redirect binding', () => {
  test('the request reads back as the SP would send it: Issuer, ACS, NameID policy, POST binding, no ForceAuthn/IsPassive', async () => {
    const built = redirectBindingUrl(SSO, authnRequestXml(spec), { relayState: 'r 1&2' });
    assert.ok(built.ok);
    assert.equal(built.signed, false);
    assert.ok(built.url.startsWith(`${SSO}?SAMLRequest=`));
    assert.ok(built.url.includes('&RelayState=r%201%262'));
    const r = await inspectText(built.url, defaultInspectOptions({ expected: { recipient: ACS, audience: spec.spEntityId } }));
    assert.ok(r.ok);
    const data = r.value.data as SamlMessageData;
    assert.equal(r.value.kind, 'saml-authn-request');
    assert.equal(data.id, '_abc123');
    assert.equal(data.issuer, spec.spEntityId, 'markup in the entity ID is escaped, not interpreted');
    assert.equal(data.destination, SSO);
    assert.equal(data.relayState, 'r 1&2');
    assert.equal(data.issueInstant?.raw, '2026-12-01T10:00:00Z');
    assert.equal(data.authnRequest?.assertionConsumerServiceUrl, ACS);
    assert.equal(data.authnRequest?.protocolBinding, 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    assert.equal(data.authnRequest?.nameIdPolicyFormat, spec.nameIdFormat);
    assert.equal(data.authnRequest?.forceAuthn, undefined);
    assert.equal(data.authnRequest?.isPassive, undefined);
    assert.deepEqual(r.value.findings.map((f) => f.id), [], 'no recipient or issuer mismatch against what was meant');
  });

  test('signed with the SP key (RSA-SHA256): the query signature verifies with the SP certificate and not with another', async () => {
    const sp = await makeSamlKeys('sp');
    const other = await makeSamlKeys('other');
    const built = redirectBindingUrl(`${SSO}?tenant=x`, authnRequestXml(spec), { relayState: 'state', signingKey: createPrivateKey(sp.private) });
    assert.ok(built.ok);
    assert.equal(built.signed, true);
    assert.ok(built.url.startsWith(`${SSO}?tenant=x&SAMLRequest=`), 'an SSO URL with a query keeps it');
    const trust = (pem: string) => {
      const t = loadTrustMaterial(Buffer.from(pem), 'cert');
      assert.ok(t.ok);
      return t.value;
    };
    const good = await inspectText(built.url, defaultInspectOptions({ trust: trust(sp.cert) }));
    assert.ok(good.ok);
    assert.equal(good.value.signature.status, 'valid', good.value.signature.detail);
    assert.equal(good.value.signature.algorithm, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const bad = await inspectText(built.url, defaultInspectOptions({ trust: trust(other.cert) }));
    assert.ok(bad.ok);
    assert.equal(bad.value.signature.status, 'invalid');
  });

  test('an EC key or a URL that is not http(s) is refused with a reason', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const r1 = redirectBindingUrl(SSO, authnRequestXml(spec), { signingKey: ec });
    assert.equal(r1.ok, false);
    assert.match(r1.ok ? '' : r1.message, /RSA private key/);
    const r2 = redirectBindingUrl('javascript:alert(1)', authnRequestXml(spec));
    assert.equal(r2.ok, false);
  });
});

describe('planSamlSignIn', () => {
  const load = (name: string): SsoConfig => example(name.replace('.sso.json', ''));
  const plan = (config: SsoConfig, appId: string) => {
    const index = indexConfig(config);
    const entry = index.app(appId);
    assert.ok(entry);
    return planSamlSignIn(index, entry, readFrom(EXAMPLES));
  };

  test('IOMETE: the SSO URL typed into the product, emailAddress, unsigned requests, the Entra reply URL how-to', () => {
    const p = plan(load('iomete.sso.json'), 'iomete');
    assert.ok(p.ok);
    assert.equal(p.value.spEntityId, 'https://iomete.dataco.example/api/v1/identity/saml/callback');
    assert.equal(p.value.idpSsoUrl, 'https://login.microsoftonline.com/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/saml2');
    assert.equal(p.value.idpSsoUrlSource, 'serviceProvider.idpSsoUrl');
    assert.equal(p.value.nameIdFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(p.value.signedRequestsRequiredBy, undefined);
    assert.match(p.value.replyUrlHowTo, /Entra.*Basic SAML Configuration → Reply URL/);
    assert.deepEqual(p.value.productionReplyUrlFindings, []);
  });

  test('Spark: a production reply URL that is not the Keycloak broker endpoint is named by the config check', () => {
    const config = load('spark-keycloak.sso.json');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app && app.protocol === 'saml');
    app.replyUrls = ['https://keycloak.uat.coherent.global/auth/realms/mytenant/broker/entra/endpoint'];
    const p = plan(config, 'spark-keycloak');
    assert.ok(p.ok);
    assert.deepEqual(p.value.productionReplyUrlFindings.map((f) => f.id), ['config.keycloak-broker-mismatch']);
    assert.match(p.value.replyUrlHowTo, /Entra/, 'the app is registered in Entra, brokered by Keycloak');
  });

  test('without idpSsoUrl, the metadata file\'s HTTP-Redirect endpoint; a US Government tenant without either uses its own login host', () => {
    const config = load('iomete.sso.json');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app && app.protocol === 'saml' && app.serviceProvider);
    delete app.serviceProvider.idpSsoUrl;
    const fromMetadata = plan(config, 'iomete');
    assert.ok(fromMetadata.ok);
    assert.match(fromMetadata.value.idpSsoUrlSource, /HTTP-Redirect SingleSignOnService of metadata\/iomete-federationmetadata\.xml/);
    delete app.metadataFile;
    const provider = config.providers[0];
    assert.ok(provider?.type === 'entra');
    provider.cloud = 'usgov';
    const fallback = plan(config, 'iomete');
    assert.ok(fallback.ok);
    assert.equal(fallback.value.idpSsoUrl, `https://login.microsoftonline.us/${provider.tenantId}/saml2`);
  });

  test('an OIDC app is not planned', () => {
    const p = plan(load('palette.sso.json'), 'palette');
    assert.equal(p.ok, false);
    assert.match(p.ok ? '' : p.message, /OIDC app/);
  });
});
