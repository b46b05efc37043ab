import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { InspectReport } from '../../../../src/decoders/result';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import { loginResponseTemplate } from '../../../builders/samlify-minter';

/**
 * Responses minted at test time by samlify (a real SAML IdP implementation) with the attributes
 * Entra sends, signed at response level, assertion level, both, and encrypted; then the tampered,
 * untrusted, expired and wrong-audience variants of them.
 */
const TENANT = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
const ISSUER = `https://sts.windows.net/${TENANT}/`;
const SP_ENTITY = 'https://sp.test.example/saml/metadata';
const ACS = 'https://sp.test.example/saml/acs';
const NOW = new Date();

const ENTRA_ATTRIBUTES: Array<[string, string[]]> = [
  ['http://schemas.microsoft.com/identity/claims/tenantid', [TENANT]],
  ['http://schemas.microsoft.com/identity/claims/objectidentifier', ['0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84']],
  ['http://schemas.microsoft.com/identity/claims/displayname', ['Adele Vance']],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', ['a1f3c5e7-0b2d-4f6a-8c9e-1d3b5f7a9c0e', '3e5a7c9b-1d2f-4a6c-8e0b-2f4d6a8c0e1b']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['Adele']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['AdeleV@contoso.example']],
];

interface Pems {
  private: string;
  cert: string;
}
let idpPems: Pems;
let spPems: Pems;
let otherPems: Pems;

interface MintOptions {
  level: 'assertion' | 'response' | 'both';
  encrypt?: boolean;
  notOnOrAfter?: Date;
  audience?: string;
  attributes?: Array<[string, string[]]>;
  signer?: Pems;
}

async function mint(o: MintOptions): Promise<string> {
  const signer = o.signer ?? idpPems;
  const idp = samlify.IdentityProvider({
    entityID: ISSUER,
    privateKey: signer.private,
    signingCert: signer.cert,
    isAssertionEncrypted: o.encrypt === true,
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: `https://login.microsoftonline.com/${TENANT}/saml2` }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `https://login.microsoftonline.com/${TENANT}/saml2` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  });
  const sp = samlify.ServiceProvider({
    entityID: SP_ENTITY,
    wantAssertionsSigned: o.level !== 'response',
    wantMessageSigned: o.level !== 'assertion',
    signingCert: spPems.cert,
    encryptCert: spPems.cert,
    privateKey: spPems.private,
    encPrivateKey: spPems.private,
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: ACS }],
  });
  const later = o.notOnOrAfter ?? new Date(NOW.getTime() + 3600_000);
  const issued = new Date(Math.min(NOW.getTime(), later.getTime() - 600_000)).toISOString();
  const response = await idp.createLoginResponse(sp, { extract: { request: { id: '_req-1' } } }, 'post', { email: 'AdeleV@contoso.example' }, loginResponseTemplate({
    destination: ACS,
    audience: o.audience ?? SP_ENTITY,
    issuer: ISSUER,
    issued,
    notOnOrAfter: later.toISOString(),
    nameId: 'AdeleV@contoso.example',
    inResponseTo: '_req-1',
    attributes: o.attributes ?? ENTRA_ATTRIBUTES,
  }));
  return response.context; // base64, as the HTTP-POST binding carries it
}

function options(overrides: Partial<InspectOptions> = {}): InspectOptions {
  return defaultInspectOptions({
    now: NOW,
    trust: { keys: [keyFromCertificate(new X509Certificate(idpPems.cert), 'idp.crt')] },
    decryptionKeys: [createPrivateKey(spPems.private)],
    expected: { audience: SP_ENTITY, recipient: ACS },
    ...overrides,
  });
}

async function inspect(b64OrXml: string, o: InspectOptions = options()): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(b64OrXml), o);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const ids = (r: InspectReport) => r.findings.map((f) => f.id);
const dataOf = (r: InspectReport) => r.data as SamlMessageData;

describe('SAML responses minted by samlify', () => {
  before(async () => {
    samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
    const attrs = (cn: string) => [{ name: 'commonName', value: cn }];
    [idpPems, spPems, otherPems] = await Promise.all([
      generate(attrs('Test Entra IdP'), { keySize: 2048, algorithm: 'sha256' }),
      generate(attrs('Test SP'), { keySize: 2048, algorithm: 'sha256' }),
      generate(attrs('Attacker'), { keySize: 2048, algorithm: 'sha256' }),
    ]);
  });

  for (const level of ['assertion', 'response', 'both'] as const) {
    it(`verifies a response signed at ${level} level and reports what the signature covers`, async () => {
      const r = await inspect(await mint({ level }));
      assert.equal(r.kind, 'saml-response');
      assert.equal(r.signature.status, 'valid');
      assert.deepEqual(r.signature.signedElements, level === 'both' ? ['response', 'assertion'] : [level]);
      assert.deepEqual(ids(r).filter((id) => !id.startsWith('cert.')), []);
      const a = dataOf(r).assertions[0];
      assert.equal(a?.nameId?.value, 'AdeleV@contoso.example');
      assert.equal(a?.attributes.find((x) => x.name.endsWith('/givenname'))?.label, 'Given name');
      assert.deepEqual(a?.attributes.find((x) => x.name.endsWith('/groups'))?.values.length, 2);
      assert.equal(dataOf(r).encoding, 'base64');
    });
  }

  it('decrypts an encrypted assertion with the SP key and then verifies its inner signature', async () => {
    const r = await inspect(await mint({ level: 'assertion', encrypt: true }));
    assert.equal(r.signature.status, 'valid');
    assert.deepEqual(r.signature.signedElements, ['assertion']);
    assert.equal(dataOf(r).encryptedAssertion?.decrypted, true);
    assert.equal(dataOf(r).assertions[0]?.nameId?.value, 'AdeleV@contoso.example');
    assert.ok(ids(r).includes('saml.weak-encryption'), 'AES-CBC content encryption is pointed out');
  });

  it('says the assertion is encrypted when no decryption key is given', async () => {
    const r = await inspect(await mint({ level: 'assertion', encrypt: true }), options({ decryptionKeys: [] }));
    assert.ok(ids(r).includes('saml.encrypted-assertion'));
    assert.equal(r.signature.status, 'not-checked');
  });

  it('reports decrypt-failed when the given key is not the one it was encrypted for', async () => {
    const r = await inspect(await mint({ level: 'assertion', encrypt: true }), options({ decryptionKeys: [createPrivateKey(otherPems.private)] }));
    assert.ok(ids(r).includes('saml.decrypt-failed'));
  });

  it('rejects a response signed by a certificate nobody trusted, even though KeyInfo carries it', async () => {
    const r = await inspect(await mint({ level: 'assertion', signer: otherPems }));
    assert.equal(r.signature.status, 'invalid');
    assert.ok(ids(r).includes('saml.untrusted-certificate'));
    assert.equal(dataOf(r).assertions[0]?.signed, false);
  });

  it('does not trust anything without trust material, but says the signature is intact with the embedded certificate', async () => {
    const r = await inspect(await mint({ level: 'assertion' }), options({ trust: { keys: [] } }));
    assert.equal(r.signature.status, 'not-checked');
    assert.ok(ids(r).includes('saml.signature-not-checked'));
    assert.match(r.signature.detail ?? '', /verifies with the certificate the message carries .*which proves nothing about who signed it/);
  });

  it('catches an attribute changed after signing', async () => {
    const xml = Buffer.from(await mint({ level: 'assertion' }), 'base64').toString('utf8').replace('Adele Vance', 'Global Admin');
    const r = await inspect(xml);
    assert.equal(r.signature.status, 'invalid');
    assert.ok(ids(r).includes('saml.signature-invalid'));
  });

  it('flags an unsigned response', async () => {
    const xml = Buffer.from(await mint({ level: 'assertion' }), 'base64').toString('utf8').replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    const r = await inspect(xml);
    assert.equal(r.signature.status, 'unsigned');
    assert.ok(ids(r).includes('saml.unsigned'));
  });

  it('flags an expired response and a wrong audience, with the near miss explained', async () => {
    const expired = await inspect(await mint({ level: 'assertion', notOnOrAfter: new Date(NOW.getTime() - 3600_000) }));
    assert.equal(expired.signature.status, 'valid');
    assert.ok(ids(expired).includes('saml.expired'));
    const wrong = await inspect(await mint({ level: 'assertion', audience: `${SP_ENTITY}/` }));
    const f = wrong.findings.find((x) => x.id === 'saml.audience-mismatch');
    assert.ok(f);
    assert.match(f.message, /trailing slash/);
  });

  it('warns about Entra groups overage (groups.link)', async () => {
    const r = await inspect(await mint({ level: 'assertion', attributes: [['http://schemas.microsoft.com/claims/groups.link', ['https://graph.windows.net/x/users/y/getMemberObjects']]] }));
    assert.ok(ids(r).includes('claims.groups-overage'));
  });

  it('detects an XSW3-style second, unsigned assertion inserted before the signed one', async () => {
    const xml = Buffer.from(await mint({ level: 'assertion' }), 'base64').toString('utf8');
    const evil = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0]?.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace('AdeleV@contoso.example', 'attacker@evil.example') ?? '';
    const r = await inspect(xml.replace('<saml:Assertion', `${evil}<saml:Assertion`));
    assert.equal(r.signature.status, 'invalid');
    assert.ok(ids(r).includes('saml.signature-wrapping'));
  });
});
