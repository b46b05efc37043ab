/**
 * HAR files recorded by the real Chromium (playwright-core `recordHar`) while it signs in through
 * the real `oidc-provider` on loopback, or posts a samlify-minted SAML response to an ACS: the
 * captures a user would save from the browser's dev tools, with the secrets each one holds listed
 * so tests can prove a redacted copy shares none of them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startHttpsServer } from './https-server';
import { CLIENT_ID, CLIENT_SECRET, providerSigningKey, startOidcProvider } from './oidc-provider-harness';

export interface RecordedCapture {
  har: string;
  /** Values that must not survive redaction. */
  secrets: { idToken: string; accessToken: string; code: string; clientSecret: string; cookies: string[] };
  issuer: string;
}

/** Claims of the signed-in person (Entra-shaped, so the token carries e-mail, names and object IDs). */
export const PERSONA = {
  email: 'adele.vance@contoso.example',
  preferred_username: 'adele.vance@contoso.example',
  name: 'Adele Vance',
  given_name: 'Adele',
  family_name: 'Vance',
  oid: '7f3a1c2e-9b4d-4e8f-a1b2-c3d4e5f60718',
  tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  groups: ['e3ac07cc-1c4a-4b0f-9f5a-3d2e1a0b9c8d'],
};

/**
 * Authorization-code flow in Chromium: /auth → login → callback with `code`, then (as a
 * single-page app would, same origin) the token request with the client's Basic credentials
 * and a userinfo call with the access token.
 */
export async function recordOidcSignIn(browser: Browser, claims: Record<string, unknown> = PERSONA): Promise<RecordedCapture> {
  // The app behind the redirect URI: a real loopback server that says the sign-in arrived.
  const app = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><p>signed in</p>');
  });
  const redirectUri = `${app.origin}/callback`;
  const provider = await startOidcProvider([await providerSigningKey('k1')], { claims, redirectUris: [redirectUri] });
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-har-'));
  const harPath = join(dir, 'flow.har');
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'embed' } });
    const page = await context.newPage();
    const verifier = randomBytes(32).toString('base64url');
    const auth = new URL(`${provider.issuer}/auth`);
    const params = { client_id: CLIENT_ID, response_type: 'code', scope: 'openid email profile', redirect_uri: redirectUri, nonce: 'n-0S6_WzA2Mj', state: 'af0ifjsldkj', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    await page.goto(auth.toString());
    await page.waitForURL(`${redirectUri}**`);
    const code = new URL(page.url()).searchParams.get('code') ?? '';
    await page.goto(`${provider.issuer}/.well-known/openid-configuration`);
    // As a single-page app would (same origin): redeem the code with the client's Basic
    // credentials (RFC 6749 §2.3.1), then call userinfo with the access token.
    const tokens = await page.evaluate(
      async ({ code, verifier, basic, redirect }) => {
        const r = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier }).toString() });
        const json = (await r.json()) as { id_token: string; access_token: string };
        await (await fetch('/me', { headers: { authorization: `Bearer ${json.access_token}` } })).json();
        return json;
      },
      { code, verifier, basic: Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'), redirect: redirectUri },
    );
    const cookies = (await context.cookies()).map((c) => c.value).filter((v) => v.length >= 8);
    await context.close();
    return { har: readFileSync(harPath, 'utf8'), secrets: { idToken: tokens.id_token, accessToken: tokens.access_token, code, clientSecret: CLIENT_SECRET, cookies }, issuer: provider.issuer };
  } finally {
    await provider.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two sign-in attempts in one recording, as a user would capture them: a successful
 * authorization-code flow, then a silent one (`prompt=none`) in a fresh browser session, which the
 * provider answers with an error redirect (`error=login_required`, OIDC Core §3.1.2.6). `state`
 * is sent as given (and echoed back by the provider), so a test can put markup in it.
 */
export async function recordOidcSuccessThenError(browser: Browser, state: string): Promise<{ har: string; issuer: string; redirectUri: string }> {
  const app = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><p>back at the app</p>');
  });
  const redirectUri = `${app.origin}/callback`;
  const provider = await startOidcProvider([await providerSigningKey('k1')], { claims: PERSONA, redirectUris: [redirectUri] });
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-har-'));
  const harPath = join(dir, 'two-attempts.har');
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'embed' } });
    const authorize = (extra: Record<string, string>) => {
      const u = new URL(`${provider.issuer}/auth`);
      for (const [k, v] of Object.entries({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid email profile', redirect_uri: redirectUri, nonce: randomBytes(6).toString('hex'), ...extra })) u.searchParams.set(k, v);
      return u.toString();
    };
    const page = await context.newPage();
    await page.goto(authorize({ state: 'first-attempt' }));
    await page.waitForURL(`${redirectUri}**`);
    await context.clearCookies();
    await page.goto(authorize({ state, prompt: 'none' }));
    await page.waitForURL((u) => u.toString().startsWith(redirectUri) && u.searchParams.has('error'));
    await context.close();
    return { har: readFileSync(harPath, 'utf8'), issuer: provider.issuer, redirectUri };
  } finally {
    await provider.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The SAML HTTP-POST binding in Chromium: the IdP's auto-submitting form posts `SAMLResponse`
 * (minted by samlify) to the SP's ACS on loopback https.
 */
export async function recordSamlPost(browser: Browser, samlResponse: string, acsPath = '/saml/acs'): Promise<{ har: string; acs: string }> {
  const server = await startHttpsServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') res.writeHead(302, { location: '/app', 'set-cookie': `sp_session=${randomBytes(16).toString('hex')}; Path=/; Secure; HttpOnly` });
      else res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.method === 'POST' ? '' : '<!doctype html><p>app</p>');
    });
  });
  const acs = `${server.origin}${acsPath}`;
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-har-'));
  const harPath = join(dir, 'saml.har');
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'embed' } });
    const page = await context.newPage();
    await page.route(`${server.origin}/idp`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><form method="post" action="${acs}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"><input type="hidden" name="RelayState" value="/app"><button>go</button></form>` }),
    );
    await page.goto(`${server.origin}/idp`);
    await Promise.all([page.waitForURL(`${server.origin}/app`), page.click('button')]);
    await context.close();
    return { har: readFileSync(harPath, 'utf8'), acs };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
