import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SamlApp, SsoConfig } from '../../../src/model/config-types';
import { parseJsonc } from '../../../src/model/jsonc';
import { runCliCaptured } from '../../builders/cli-io';
import { makeSamlKeys, mintAuthnRequest, mintSpLogoutRequest, type MintRequest, type SamlKeys } from '../../builders/samlify-minter';
import { EXAMPLES } from '../model/helpers';

/**
 * `sso-lens inspect REQUEST --config FILE [--app ID]`: AuthnRequests and LogoutRequests minted by
 * samlify's SP, checked against the IOMETE example's Entra app (the example as shipped, plus one copy
 * that requires signed requests with this test's SP certificate).
 */
const TENANT = '0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e';
const URL = 'https://iomete.dataco.example/api/v1/identity/saml/callback';
const BASE: MintRequest = { spEntityId: URL, acs: URL, idpEntityId: `https://sts.windows.net/${TENANT}/`, idpSsoUrl: `https://login.microsoftonline.com/${TENANT}/saml2` };

interface Json {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string; path?: string; message: string }>;
  data: { mapping?: unknown };
}

let dir: string;
let spKeys: SamlKeys;
let otherKeys: SamlKeys;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function inspect(input: string, config = 'iomete.sso.json', app: string[] = ['--app', 'iomete']): Promise<{ code: number; json: Json }> {
  const r = await runCliCaptured(['inspect', input, '--config', join(dir, config), ...app, '--json', '--offline']);
  assert.notEqual(r.code, 2, r.stderr);
  return { code: r.code, json: JSON.parse(r.stdout) as Json };
}

const ids = (j: Json): string[] => j.findings.map((f) => f.id);
const find = (j: Json, id: string) => j.findings.find((f) => f.id === id);

describe('sso-lens inspect REQUEST --config', () => {
  before(async () => {
    spKeys = await makeSamlKeys('IOMETE SP');
    otherKeys = await makeSamlKeys('Someone else');
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-req-'));
    cpSync(EXAMPLES, dir, { recursive: true });
    // A copy of the example whose app requires signed requests, verified with the SP's certificate.
    const c = parseJsonc(readFileSync(join(EXAMPLES, 'iomete.sso.json'), 'utf8')) as SsoConfig;
    const app = c.providers[0]?.apps?.[0] as SamlApp;
    app.verificationCertificates = { required: true, certificates: [{ file: 'certs/iomete-sp.cer' }] };
    app.logoutUrl = `${URL.replace('callback', 'logout')}`;
    writeFileSync(join(dir, 'certs', 'iomete-sp.cer'), spKeys.cert);
    writeFileSync(join(dir, 'signed.sso.json'), JSON.stringify(c));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an AuthnRequest as the app expects it: no request finding, no data.mapping, exit 0', async () => {
    const { code, json } = await inspect(write('ok.txt', mintAuthnRequest(BASE)));
    assert.equal(json.kind, 'saml-authn-request');
    assert.deepEqual(json.findings.filter((f) => f.severity === 'error'), []);
    assert.deepEqual(ids(json).filter((i) => i.startsWith('request.')), []);
    assert.equal(json.data.mapping, undefined);
    assert.equal(code, 0);
  });

  it('the app is picked by the request\'s Issuer without --app', async () => {
    const { code, json } = await inspect(write('pick.txt', mintAuthnRequest(BASE)), 'iomete.sso.json', []);
    assert.equal(code, 0);
    assert.equal(json.kind, 'saml-authn-request');
  });

  it('Issuer with a trailing slash, ACS URL not registered, NameID policy persistent vs emailAddress', async () => {
    const req = mintAuthnRequest({ ...BASE, spEntityId: `${URL}/`, acs: URL.replace('/callback', '/acs'), nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' });
    const { code, json } = await inspect(write('bad.txt', req));
    assert.equal(code, 1);
    const issuer = find(json, 'request.issuer-mismatch');
    assert.equal(issuer?.severity, 'error');
    assert.equal(issuer?.path, '/providers/0/apps/0/identifiers/0');
    assert.match(issuer?.message ?? '', /trailing slash/);
    const acs = find(json, 'request.acs-url-not-registered');
    assert.equal(acs?.path, '/providers/0/apps/0/replyUrls/0');
    assert.match(acs?.message ?? '', /AADSTS50011/);
    const nameId = find(json, 'request.nameid-format-mismatch');
    assert.equal(nameId?.severity, 'warning');
    assert.equal(nameId?.path, '/providers/0/apps/0/nameId/format');
    // The response-side issuer check is not applied to a request.
    assert.equal(find(json, 'saml.issuer-mismatch'), undefined);
    assert.equal(json.data.mapping, undefined);
  });

  it('an app requiring signed requests: unsigned is request.unsigned; signed (POST and Redirect) verifies with the verification certificate', async () => {
    const unsigned = await inspect(write('u.txt', mintAuthnRequest(BASE)), 'signed.sso.json');
    assert.equal(unsigned.json.signature.status, 'unsigned');
    assert.equal(find(unsigned.json, 'request.unsigned')?.path, '/providers/0/apps/0/verificationCertificates/required');
    assert.equal(unsigned.code, 1);
    for (const binding of ['post', 'redirect'] as const) {
      const signed = await inspect(write(`s-${binding}.txt`, mintAuthnRequest({ ...BASE, binding, signWith: spKeys })), 'signed.sso.json');
      assert.equal(signed.json.signature.status, 'valid', `${binding}: ${JSON.stringify(signed.json.findings)}`);
      assert.deepEqual(ids(signed.json).filter((i) => i.startsWith('request.')), [], binding);
      assert.equal(signed.code, 0, binding);
    }
  });

  it('a request signed with another key than the verification certificate\'s is refused', async () => {
    const { code, json } = await inspect(write('other.b64', mintAuthnRequest({ ...BASE, binding: 'post', signWith: otherKeys })), 'signed.sso.json');
    assert.equal(json.signature.status, 'invalid');
    assert.ok(ids(json).some((i) => i === 'saml.untrusted-certificate' || i === 'saml.signature-invalid'), JSON.stringify(json.findings));
    assert.equal(code, 1);
  });

  it('a LogoutRequest from the SP: Issuer checked, Destination must be the tenant\'s SAML endpoint', async () => {
    const ok = await inspect(write('lo-ok.txt', mintSpLogoutRequest({ ...BASE, nameId: 'analyst@dataco.com' })));
    assert.equal(ok.json.kind, 'saml-logout-request');
    assert.deepEqual(ids(ok.json).filter((i) => i.startsWith('request.')), []);
    const bad = await inspect(write('lo-bad.txt', mintSpLogoutRequest({ ...BASE, spEntityId: 'https://iomete.dataco.example', idpSsoUrl: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/saml2', nameId: 'analyst@dataco.com' })));
    assert.equal(find(bad.json, 'request.issuer-mismatch')?.path, '/providers/0/apps/0/identifiers/0');
    assert.equal(find(bad.json, 'request.destination-mismatch')?.path, '/providers/0/tenantId');
    assert.equal(bad.code, 1);
  });

  it('a LogoutRequest from the IdP must be addressed to the app\'s Logout Url', async () => {
    const lo = mintSpLogoutRequest({ ...BASE, spEntityId: `https://sts.windows.net/${TENANT}/`, idpEntityId: URL, idpSsoUrl: `${URL}/wrong-logout`, nameId: 'analyst@dataco.com' });
    const { json } = await inspect(write('idp-lo.txt', lo), 'signed.sso.json');
    const f = find(json, 'request.destination-mismatch');
    assert.equal(f?.path, '/providers/0/apps/0/logoutUrl');
    assert.equal(find(json, 'request.issuer-mismatch'), undefined);
  });
});
