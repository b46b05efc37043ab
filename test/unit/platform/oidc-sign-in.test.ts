/**
 * "Sign In as This App…" end to end, with real parts only: oidc-provider on loopback https (its own
 * login and consent pages, its device flow), @azure/msal-node in OIDC protocol mode with the
 * provider's host in knownAuthorities, our loopback listener, and real Chromium signing in. The
 * Palette example is pointed at the test provider by its app's issuer, exactly as the README says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { runSignIn } from '../../../src/cli/sign-in-command';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { DiscoveryKeySource } from '../../../src/decoders/oidc/key-source';
import type { MappingResult } from '../../../src/model/mapping';
import { appExpectations } from '../../../src/model/mapping';
import { oidcSignInTarget, type OidcSignInTarget } from '../../../src/model/oidc-sign-in-target';
import { reportSignIn } from '../../../src/model/sign-in/sign-in-report';
import { validateConfigText } from '../../../src/model/validate-config';
import { NodeFetcher } from '../../../src/platform/node-fetcher';
import { signInWithOidc, type DeviceCodeInfo, type OidcSignInPorts } from '../../../src/platform/oidc-sign-in';
import { launchChromium } from '../../builders/chromium-page';
import { driveDeviceLogin, driveLogin, startSignInProvider, type SignInProvider } from '../../builders/sign-in-provider';
import { EXAMPLES } from '../model/helpers';

const PALETTE_CLIENT_ID = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const ADMINS_GROUP = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const EDITORS_GROUP = 'c4606295-e8b0-4df0-891b-de4428d7e54f';
/** The guide's admin persona as Entra would send it: groups as object IDs, email as an optional claim. */
const ADMIN_CLAIMS = { groups: [ADMINS_GROUP, EDITORS_GROUP], email: 'admin@SpectroCloud500.onmicrosoft.com', name: 'Tenant Admin', preferred_username: 'admin@SpectroCloud500.onmicrosoft.com' };

let provider: SignInProvider;
let confidential: SignInProvider;
let browser: Browser;
let dir: string;

/** The Palette example with its app's issuer pointed at a test provider and a loopback redirect URI. */
function paletteAt(issuer: string, secret?: { env: string }): string {
  let text = readFileSync(join(EXAMPLES, 'palette.sso.json'), 'utf8');
  text = text.replace('"issuer": "https://login.microsoftonline.com/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480/v2.0"', `"issuer": ${JSON.stringify(issuer)}`);
  text = text.replace('"http://localhost:8000",', '"http://localhost/",');
  text = text.replace('"clientSecret": { "secretStorage": "palette/oidc-client-secret" },', secret ? `"clientSecret": ${JSON.stringify(secret)},` : '');
  return text;
}

function targetOf(text: string): { target: OidcSignInTarget; text: string } {
  const v = validateConfigText(text, { rules: [] });
  assert.ok(v.index && v.schemaValid, JSON.stringify(v.findings.slice(0, 3)));
  const entry = v.index.app('palette');
  assert.ok(entry);
  const t = oidcSignInTarget(entry);
  assert.ok(t.ok, t.ok ? '' : t.message);
  return { target: t.value, text };
}

async function mappedTeams(text: string, tokens: { idToken: string; accessToken?: string }, ca: string): Promise<{ teams: string[]; signature: string; findings: string[] }> {
  const v = validateConfigText(text, { rules: [] });
  assert.ok(v.index);
  const entry = v.index.app('palette');
  assert.ok(entry);
  const expectations = appExpectations(v.index, entry, () => undefined);
  assert.ok(expectations.ok);
  const options = defaultInspectOptions({ keySource: new DiscoveryKeySource(new NodeFetcher({ ca })) });
  const outcome = await reportSignIn(tokens, v.index, 'palette', expectations.value, options, { app: 'palette', flow: 'auth-code', authority: 'x' });
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const mapping = (outcome.report.data as { mapping: MappingResult }).mapping;
  return { teams: [...mapping.teams].sort(), signature: outcome.report.signature.status, findings: outcome.report.findings.map((f) => f.id) };
}

function ports(over: Partial<OidcSignInPorts> = {}): OidcSignInPorts {
  return {
    openBrowser: () => Promise.resolve(true),
    showDeviceCode: () => undefined,
    getClientSecret: () => Promise.resolve(undefined),
    ...over,
  };
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Sign In as This App (MSAL against a real provider, real Chromium)', { timeout: 240_000 }, () => {
  before(async () => {
    provider = await startSignInProvider({ clientId: PALETTE_CLIENT_ID, claims: ADMIN_CLAIMS });
    confidential = await startSignInProvider({ clientId: PALETTE_CLIENT_ID, claims: ADMIN_CLAIMS, clientSecret: 'palette-test-secret-0123456789abcdef' });
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-sign-in-'));
  });
  after(async () => {
    await browser?.close();
    await provider?.close();
    await confidential?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the app pointed at a generic provider signs in through MSAL\'s OIDC mode with the loopback host as known authority', () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    assert.equal(target.protocolMode, 'OIDC');
    assert.deepEqual(target.knownAuthorities, [new URL(provider.issuer).host]);
    assert.equal(target.authority, provider.issuer);
    assert.equal(target.loopback.registered, 'http://localhost/');
  });

  test('authorization code + PKCE: Chromium signs in on the provider\'s pages, the ID token verifies and the admin lands in both teams', async () => {
    const { target, text } = targetOf(paletteAt(provider.issuer));
    let redirectUri = '';
    let page = '';
    const result = await signInWithOidc(target, ports({ openBrowser: async (url) => ((page = await driveLogin(browser, url, 'admin')), true) }), { flow: 'auth-code', ca: provider.ca, timeoutMs: 120_000, onRedirectUri: (u) => (redirectUri = u) });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.match(redirectUri, /^http:\/\/localhost:\d+\/$/, 'the loopback redirect on a random port');
    assert.match(page, /Signed in/, 'the browser tab says where to look');
    assert.ok(result.accessToken, 'the access token came too');
    assert.ok(await portIsClosed(Number(new URL(redirectUri).port)), 'nothing listens after the redirect');
    const mapped = await mappedTeams(text, result, provider.ca);
    assert.equal(mapped.signature, 'valid', 'verified with the keys from the provider\'s discovery document');
    assert.deepEqual(mapped.teams, [ADMINS_GROUP, EDITORS_GROUP].sort());
    assert.ok(mapped.findings.includes('mapping.claim-missing'), 'u_first_name is still not sent: the guide\'s Okta claims');
  });

  test('a confidential client takes its secret through the port, never from the file', async () => {
    const { target } = targetOf(paletteAt(confidential.issuer, { env: 'PALETTE_SECRET' }));
    const asked: unknown[] = [];
    const result = await signInWithOidc(target, ports({ getClientSecret: (ref) => (asked.push(ref), Promise.resolve('palette-test-secret-0123456789abcdef')), openBrowser: async (url) => (await driveLogin(browser, url, 'admin'), true) }), { flow: 'auth-code', ca: confidential.ca, timeoutMs: 120_000 });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.deepEqual(asked, [{ env: 'PALETTE_SECRET' }]);
    const missing = await signInWithOidc(target, ports(), { flow: 'auth-code', ca: confidential.ca });
    assert.equal(missing.ok ? '' : missing.reason, 'no-secret');
  });

  test('the user presses Cancel on the provider\'s page: access_denied comes back to the loopback, explained', async () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    let page = '';
    const result = await signInWithOidc(target, ports({ openBrowser: async (url) => ((page = await driveLogin(browser, url, 'admin', 'cancel')), true) }), { flow: 'auth-code', ca: provider.ca, timeoutMs: 120_000 });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'provider-error');
    assert.equal(result.providerError?.error, 'access_denied');
    assert.match(result.message, /access_denied: the user or the provider refused the sign-in/);
    assert.match(result.message, /End-User aborted interaction/, 'with the provider\'s own words');
    assert.match(page, /provider sent an error/);
  });

  test('a redirect that does not carry this sign-in\'s state is refused', async () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    const result = await signInWithOidc(target, ports({ openBrowser: async (url) => {
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      assert.equal(await get(`${redirect}?code=forged&state=someone-elses`), 200);
      return true;
    } }), { flow: 'auth-code', ca: provider.ca, timeoutMs: 60_000 });
    assert.equal(result.ok ? '' : result.reason, 'state-mismatch');
  });

  test('nobody signs in: the wait times out and nothing is left listening', async () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    let redirectUri = '';
    const result = await signInWithOidc(target, ports(), { flow: 'auth-code', ca: provider.ca, timeoutMs: 1_500, onRedirectUri: (u) => (redirectUri = u) });
    assert.equal(result.ok ? '' : result.reason, 'timeout');
    assert.ok(await portIsClosed(Number(new URL(redirectUri).port)));
  });

  test('Cancel while the browser is open: cancelled, and the listener is gone', async () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    const abort = new AbortController();
    let redirectUri = '';
    const result = await signInWithOidc(target, ports({ openBrowser: () => (setTimeout(() => abort.abort(), 200), Promise.resolve(true)) }), { flow: 'auth-code', ca: provider.ca, signal: abort.signal, timeoutMs: 60_000, onRedirectUri: (u) => (redirectUri = u) });
    assert.equal(result.ok ? '' : result.reason, 'cancelled');
    assert.ok(await portIsClosed(Number(new URL(redirectUri).port)), 'nothing listens after Cancel');
  });

  test('device code: the code is shown, Chromium enters it on the provider\'s device page, the admin lands in both teams', async () => {
    const { target, text } = targetOf(paletteAt(provider.issuer));
    let shown: DeviceCodeInfo | undefined;
    let driving: Promise<string> | undefined;
    const result = await signInWithOidc(target, ports({ showDeviceCode: (info) => {
      shown = info;
      driving = driveDeviceLogin(browser, info.verificationUri, info.userCode, 'admin');
    } }), { flow: 'device-code', ca: provider.ca, timeoutMs: 120_000 });
    assert.ok(driving);
    assert.match(await driving, /Sign-in Success/);
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.ok(shown?.userCode && shown.verificationUri.startsWith(provider.issuer), 'the code and the provider\'s page were shown');
    const mapped = await mappedTeams(text, result, provider.ca);
    assert.deepEqual(mapped.teams, [ADMINS_GROUP, EDITORS_GROUP].sort());
  });

  test('device code cancelled while polling', async () => {
    const { target } = targetOf(paletteAt(provider.issuer));
    const abort = new AbortController();
    const result = await signInWithOidc(target, ports({ showDeviceCode: () => setTimeout(() => abort.abort(), 300) }), { flow: 'device-code', ca: provider.ca, signal: abort.signal, timeoutMs: 60_000 });
    assert.equal(result.ok ? '' : result.reason, 'cancelled');
  });

  test('an unreachable provider is said so', async () => {
    const { target } = targetOf(paletteAt('https://127.0.0.1:9'));
    const result = await signInWithOidc(target, ports(), { flow: 'auth-code', timeoutMs: 10_000 });
    assert.equal(result.ok ? '' : result.reason, 'unreachable');
  });

  test('sso-lens sign-in --json prints the inspect --config report of the captured ID token', async () => {
    const file = join(dir, 'palette.sso.json');
    writeFileSync(file, paletteAt(provider.issuer));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSignIn(['--config', file, '--app', 'palette', '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) }, { ca: provider.ca, openBrowser: async (url) => (await driveLogin(browser, url, 'admin'), true), env: {} });
    const json = JSON.parse(out.join('')) as { kind: string; signature: { status: string }; data: { mapping: MappingResult; signIn: { app: string; flow: string; accessToken?: unknown } } };
    assert.equal(code, 1, 'exit 1: mapping.claim-missing is an error finding, as with inspect --config');
    assert.equal(json.kind, 'jwt');
    assert.equal(json.signature.status, 'valid');
    assert.equal(json.data.mapping.app.id, 'palette');
    assert.deepEqual([...json.data.mapping.teams].sort(), [ADMINS_GROUP, EDITORS_GROUP].sort());
    assert.equal(json.data.signIn.flow, 'auth-code');
    assert.ok(!out.join('').includes(json.data.signIn.app + '.ey'), 'no raw token printed');
    assert.ok(!/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\./.test(out.join('') + err.join('')), 'no token in the output');
  });

  test('sso-lens sign-in: a secret in VS Code secret storage, --offline and a provider refusal are exit 2 with the reason', async () => {
    const stored = join(dir, 'stored.sso.json');
    writeFileSync(stored, readFileSync(join(EXAMPLES, 'palette.sso.json')));
    const io = () => {
      const err: string[] = [];
      return { err, io: { out: () => undefined, err: (t: string) => err.push(t) } };
    };
    const { runCli } = await import('../../../src/cli/run-cli');
    const a = io();
    assert.equal(await runCli(['sign-in', '--config', stored, '--app', 'palette'], a.io), 2);
    assert.match(a.err.join('\n'), /secret storage .*cannot read/);
    const b = io();
    assert.equal(await runCli(['sign-in', '--config', stored, '--app', 'palette', '--offline'], b.io), 2);
    assert.match(b.err.join('\n'), /needs the network/);
    const file = join(dir, 'palette-refused.sso.json');
    writeFileSync(file, paletteAt(provider.issuer));
    const c = io();
    await assert.rejects(runSignIn(['--config', file, '--app', 'palette'], c.io, { ca: provider.ca, openBrowser: async (url) => (await driveLogin(browser, url, 'admin', 'cancel'), true), env: {} }), /did not complete: the provider refused the sign-in: access_denied/);
  });
});
