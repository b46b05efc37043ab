/**
 * Who chooses the host we contact, end to end through `sso-lens inspect`: a token whose `iss` is a
 * real OpenID provider (oidc-provider) on loopback https is not fetched by default, is fetched when
 * `--config` names the issuer, and stays refused with `--fetch-keys` alone (loopback needs a
 * config). A name that resolves to 127.0.0.1 (`localhost`) is caught by the resolved-address check.
 * The servers count requests, so "not contacted" is observed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { runCli } from '../../../src/cli/run-cli';
import { startHttpsServer, type TestHttpsServer } from '../../builders/https-server';
import { CLIENT_ID, providerSigningKey, startOidcProvider, type OidcHarness } from '../../builders/oidc-provider-harness';

interface JsonReport {
  signature: { status: string; detail?: string };
  findings: Array<{ id: string; severity: string; message: string }>;
}

const DISCOVERY = '/.well-known/openid-configuration';
let dir: string;
let idp: OidcHarness;
let tokenFile: string;

async function inspect(args: string[], ca: string): Promise<JsonReport> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['inspect', ...args, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t), keyFetchCa: ca });
  assert.ok(code === 0 || code === 1, `exit ${code}: ${err.join('\n')}`);
  return JSON.parse(out.join('')) as JsonReport;
}

/** A config whose provider names `issuer`, with one app for the token's audience. */
function configNaming(name: string, issuer: string, clientId: string): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ version: 1, providers: [{ id: 'local', type: 'oidc', issuer, apps: [{ id: 'app', protocol: 'oidc', clientId }] }] }));
  return file;
}

describe('sso-lens inspect: which issuer hosts keys are fetched from', { timeout: 120_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-fetch-policy-'));
    idp = await startOidcProvider([await providerSigningKey('k-policy')]);
    tokenFile = join(dir, 'id-token.jwt');
    writeFileSync(tokenFile, await idp.issueIdToken('n-1'));
  });
  after(async () => {
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a loopback issuer no config names is not contacted: jwt.keys-not-fetched says how to allow it', async () => {
    const before = idp.server.count(DISCOVERY);
    const r = await inspect([tokenFile], idp.server.ca);
    assert.equal(idp.server.count(DISCOVERY), before, 'no discovery request reached the provider');
    assert.equal(r.signature.status, 'not-checked');
    const f = r.findings.find((x) => x.id === 'jwt.keys-not-fetched');
    assert.equal(f?.severity, 'info');
    assert.match(f?.message ?? '', /127\.0\.0\.1 is a loopback address and no config names it/);
    assert.ok(!r.findings.some((x) => x.id === 'jwt.keys-fetch-failed'), JSON.stringify(r.findings));
  });

  it('--fetch-keys alone does not open loopback', async () => {
    const before = idp.server.count(DISCOVERY);
    const r = await inspect([tokenFile, '--fetch-keys'], idp.server.ca);
    assert.equal(idp.server.count(DISCOVERY), before);
    assert.ok(r.findings.some((x) => x.id === 'jwt.keys-not-fetched'));
  });

  it('--config naming the issuer fetches its keys, and the report says where they came from and why', async () => {
    const before = idp.server.count(DISCOVERY);
    const r = await inspect([tokenFile, '--config', configNaming('local.sso.json', idp.issuer, CLIENT_ID)], idp.server.ca);
    assert.ok(idp.server.count(DISCOVERY) > before, 'the discovery document was fetched');
    assert.equal(r.signature.status, 'valid', r.signature.detail);
    assert.match(r.signature.detail ?? '', new RegExp(`from ${idp.issuer.replace(/[.]/g, '\\.')}/jwks \\(issuer named by local\\.sso\\.json\\)$`));
    assert.ok(!r.findings.some((x) => x.id === 'jwt.keys-not-fetched'));
  });
});

describe('sso-lens inspect --fetch-keys: a host name resolving to loopback', { timeout: 120_000 }, () => {
  let server: TestHttpsServer;
  let token: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-fetch-policy-'));
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'lh', alg: 'ES256', use: 'sig' };
    server = await startHttpsServer(() => undefined);
    const issuer = server.origin.replace('127.0.0.1', 'localhost');
    server.setHandler((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === DISCOVERY ? JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }) : JSON.stringify({ keys: [jwk] }));
    });
    token = join(dir, 'localhost.jwt');
    writeFileSync(token, await new SignJWT({ sub: 'ada' }).setProtectedHeader({ alg: 'ES256', kid: 'lh' }).setIssuer(issuer).setAudience('lh-client').setIssuedAt().setExpirationTime('1h').sign(privateKey));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused after resolving (nothing reaches the server); a config naming localhost lets it through', async () => {
    const refused = await inspect([token, '--fetch-keys'], server.ca);
    assert.equal(server.requests.length, 0);
    const f = refused.findings.find((x) => x.id === 'jwt.keys-fetch-failed');
    assert.match(f?.message ?? '', /resolves to (127\.0\.0\.1|::1), a loopback address, and no config names it/);
    const allowed = await inspect([token, '--config', configNaming('lh.sso.json', server.origin.replace('127.0.0.1', 'localhost'), 'lh-client')], server.ca);
    assert.equal(allowed.signature.status, 'valid', allowed.signature.detail);
    assert.ok(server.count(DISCOVERY) >= 1);
  });
});
