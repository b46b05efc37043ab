/**
 * Records browser captures of real sign-ins on loopback, for test/fixtures/capture/ (regenerate
 * with `node scripts/record-captures.mjs`). The real Debian chromium, driven by playwright-core with
 * `recordHar`, signs in through a real OpenID provider (`oidc-provider`, oidc-provider-harness.ts)
 * and a real SAML IdP/SP pair (`samlify`), each behind a small relying-party app on 127.0.0.1.
 * Scenarios: success, an error redirect (`access_denied` with an AADSTS-style description), a
 * reply URL the provider does not know (an Entra-style AADSTS50011 page), a SAML success and an
 * expired SAML response.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { JWK } from 'jose';
import * as samlify from 'samlify';
import { launchChromium } from './chromium-page';
import { startHttpsServer, type TestHttpsServer } from './https-server';
import { CLIENT_ID, providerSigningKey, startOidcProvider, type OidcHarnessOptions } from './oidc-provider-harness';
import { loginResponseTemplate, makeSamlKeys, type SamlKeys } from './samlify-minter';

export const TENANT = '8f3c2a1e-5b4d-4c7a-9e6f-1a2b3c4d5e6f';
export const SAML_IDP_ENTITY = `https://sts.windows.net/${TENANT}/`;
/** The app's client at the broker (a Keycloak realm client). */
export const BROKER_CLIENT_ID = 'spark-app';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface RecordedCaptures {
  /** File name → HAR text. */
  hars: Record<string, string>;
  /** The OpenID provider's public keys (to verify the recorded ID tokens). */
  oidcJwks: { keys: JWK[] };
  /** The SAML IdP's signing certificate (PEM). */
  samlCertificate: string;
  /** An SSO Lens config describing the recorded apps (what the scenarios were meant to use). */
  config: object;
}

/** An Entra-style sign-in error page for an unknown redirect URI (the provider's error page hook). */
function entraErrorPage(out: { error: string; error_description?: string }, ctx: { query: Record<string, string> }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const text =
    out.error === 'invalid_redirect_uri'
      ? `AADSTS50011: The redirect URI '${ctx.query['redirect_uri'] ?? ''}' specified in the request does not match the redirect URIs configured for the application '${ctx.query['client_id'] ?? ''}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`
      : `${out.error}: ${out.error_description ?? ''}`;
  return `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><div id="content"><h1>Sorry, but we’re having trouble signing you in.</h1><p class="error">${esc(text)}</p></div></body></html>`;
}

export async function recordCaptures(outDir?: string): Promise<RecordedCaptures> {
  const hars: Record<string, string> = {};
  const signingKey = await providerSigningKey('capture-key-1');
  const publicJwk: JWK = { kty: signingKey.kty, n: signingKey.n, e: signingKey.e };
  const samlKeys = await makeSamlKeys('Loopback Entra-style IdP');
  const browser = await launchChromium();
  const app = await startHttpsServer((_req, res) => res.end());
  const idpServer = await startHttpsServer((_req, res) => res.end());
  const redirectUri = `${app.origin}/signin-oidc`;
  const brokerless: OidcHarnessOptions = { redirectUris: [redirectUri], hybrid: true, errorPage: entraErrorPage, claims: { name: 'Adele Vance', email: 'adele@contoso.example', preferred_username: 'adele@contoso.example', groups: ['e3ac07cc-bd12-4edc-92a4-983d783153ba'], tid: TENANT } };
  // Undefined: the harness's own login + consent; otherwise the answer given (an error).
  let interaction: (() => object) | undefined;
  const op = await startOidcProvider([signingKey], { ...brokerless, interactionResult: () => interaction?.() });
  const sp = samlSetup(app, idpServer, samlKeys);
  let brokerOrigin = '';
  const broker = await startOidcProvider([await providerSigningKey('broker-key-1')], { clientId: BROKER_CLIENT_ID, redirectUris: [redirectUri], hybrid: true, onInteraction: brokerInteraction(sp, () => brokerOrigin) });
  brokerOrigin = broker.issuer;
  let samlExpired = false;
  app.setHandler((req, res) => void appRoutes(req, res, { issuer: op.issuer, brokerIssuer: broker.issuer, redirectUri, appOrigin: app.origin, sp, samlExpired: () => samlExpired }));
  idpServer.setHandler((req, res) => void idpRoutes(req, res, sp, () => samlExpired));

  const record = async (name: string, start: string): Promise<void> => {
    const path = join(outDir ?? '/tmp', `sso-lens-${randomBytes(4).toString('hex')}-${name}`);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(start, { waitUntil: 'load' });
    // Let auto-submitting forms (form_post, SAML POST binding) finish.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(300);
    await context.close();
    const { readFileSync, rmSync } = await import('node:fs');
    hars[name] = readFileSync(path, 'utf8');
    rmSync(path, { force: true });
  };
  try {
    await record('oidc-success.har', `${app.origin}/login`);
    interaction = () => ({ error: 'access_denied', error_description: 'AADSTS50105: Your administrator has configured the application palette_oidc to block users unless they are specifically granted (assigned) access to the application.' });
    await record('oidc-access-denied.har', `${app.origin}/login`);
    interaction = undefined;
    await record('oidc-wrong-reply-url.har', `${app.origin}/login?reply=${encodeURIComponent(`${app.origin}/signin-oidc/`)}`);
    await record('saml-success.har', `${app.origin}/saml/login`);
    await record('broker-oidc-saml.har', `${app.origin}/login-broker`);
    samlExpired = true;
    await record('saml-expired.har', `${app.origin}/saml/login`);
  } finally {
    await browser.close();
    await op.close();
    await broker.close();
    await app.close();
    await idpServer.close();
  }
  const config = {
    version: 1,
    name: 'Recorded loopback captures',
    providers: [
      {
        id: 'entra-loopback',
        type: 'entra',
        tenantId: TENANT,
        apps: [
          { id: 'palette', protocol: 'oidc', displayName: 'palette_oidc', appId: CLIENT_ID, clientId: CLIENT_ID, issuer: op.issuer, redirectUris: [redirectUri] },
          { id: 'portal', protocol: 'saml', displayName: 'Loopback SAML portal', identifiers: [`${app.origin}/saml/metadata`], replyUrls: [`${app.origin}/saml/acs`], signing: { certificate: { file: 'saml-idp.cer' } }, serviceProvider: { idpEntityId: SAML_IDP_ENTITY } },
        ],
      },
    ],
  };
  return { hars, oidcJwks: { keys: [{ ...publicJwk, kid: signingKey.kid, alg: 'RS256', use: 'sig' }] }, samlCertificate: samlKeys.cert, config };
}

interface AppContext {
  issuer: string;
  brokerIssuer: string;
  redirectUri: string;
  appOrigin: string;
  sp: SamlPair;
  samlExpired: () => boolean;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><head><title>Loopback app</title></head><body>${body}</body></html>`);
}

/** The relying party: starts sign-ins, receives callbacks, keeps a session cookie. */
async function appRoutes(req: IncomingMessage, res: ServerResponse, ctx: AppContext): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.appOrigin);
  if (url.pathname === '/login' || url.pathname === '/login-broker') {
    const auth = new URL(`${url.pathname === '/login' ? ctx.issuer : ctx.brokerIssuer}/auth`);
    const params = { client_id: url.pathname === '/login' ? CLIENT_ID : BROKER_CLIENT_ID, response_type: 'code id_token', response_mode: 'form_post', scope: 'openid', redirect_uri: url.searchParams.get('reply') ?? ctx.redirectUri, state: randomBytes(12).toString('base64url'), nonce: randomBytes(12).toString('base64url') };
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    res.writeHead(302, { location: auth.toString() });
    res.end();
    return;
  }
  if (url.pathname === '/signin-oidc' || url.pathname === '/signin-oidc/') {
    const form = req.method === 'POST' ? await readBody(req) : url.searchParams;
    if (form.get('error')) return html(res, 401, `<h1>Sign-in failed</h1><p>${form.get('error') ?? ''}</p>`);
    res.writeHead(302, { location: '/home', 'set-cookie': `app_session=${randomBytes(16).toString('hex')}; Path=/; HttpOnly; Secure` });
    res.end();
    return;
  }
  if (url.pathname === '/home' || url.pathname === '/dashboard') return html(res, 200, '<h1>Signed in</h1>');
  if (url.pathname === '/saml/login') {
    const { context } = ctx.sp.sp.createLoginRequest(ctx.sp.idp, 'redirect');
    res.writeHead(302, { location: context });
    res.end();
    return;
  }
  if (url.pathname === '/saml/acs' && req.method === 'POST') {
    const form = await readBody(req);
    try {
      await ctx.sp.sp.parseLoginResponse(ctx.sp.idp, 'post', { body: { SAMLResponse: form.get('SAMLResponse') ?? '', RelayState: form.get('RelayState') ?? '' } });
      res.writeHead(302, { location: '/dashboard', 'set-cookie': `saml_session=${randomBytes(16).toString('hex')}; Path=/; HttpOnly; Secure` });
      res.end();
    } catch (e) {
      html(res, 403, `<h1>SAML sign-in failed</h1><p>${String(e).replace(/[<>&]/g, '')}</p>`);
    }
    return;
  }
  html(res, 404, 'not found');
}

interface SamlPair {
  idp: ReturnType<typeof samlify.IdentityProvider>;
  sp: ReturnType<typeof samlify.ServiceProvider>;
  keys: SamlKeys;
  idpOrigin: string;
}

function samlSetup(app: TestHttpsServer, idpServer: TestHttpsServer, keys: SamlKeys): SamlPair {
  const idp = samlify.IdentityProvider({
    entityID: SAML_IDP_ENTITY,
    privateKey: keys.private,
    signingCert: keys.cert,
    singleSignOnService: [{ Binding: REDIRECT, Location: `${idpServer.origin}/saml2` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  });
  const sp = samlify.ServiceProvider({
    entityID: `${app.origin}/saml/metadata`,
    wantAssertionsSigned: true,
    relayState: '/dashboard',
    assertionConsumerService: [{ Binding: POST, Location: `${app.origin}/saml/acs` }],
  });
  return { idp, sp, keys, idpOrigin: idpServer.origin };
}

/** The IdP: reads the AuthnRequest, signs the user in at once, answers the SP that asked with an auto-posting form. */
async function idpRoutes(req: IncomingMessage, res: ServerResponse, pair: SamlPair, expired: () => boolean): Promise<void> {
  const url = new URL(req.url ?? '/', pair.idpOrigin);
  if (url.pathname !== '/saml2') return html(res, 404, 'not found');
  try {
    const query = Object.fromEntries(url.searchParams);
    const parsed = await pair.idp.parseLoginRequest(pair.sp, 'redirect', { query, octetString: '' });
    const extract = parsed.extract as { issuer?: string; request?: { id?: string; assertionConsumerServiceUrl?: string } };
    const requestId = extract.request?.id ?? '';
    const acs = extract.request?.assertionConsumerServiceUrl ?? `${new URL(pair.sp.entityMeta.getEntityID()).origin}/saml/acs`;
    const audience = extract.issuer ?? pair.sp.entityMeta.getEntityID();
    // Whoever asked (the app, or a broker in between) gets the response at the ACS URL it named.
    const requester = samlify.ServiceProvider({ entityID: audience, wantAssertionsSigned: true, assertionConsumerService: [{ Binding: POST, Location: acs }] });
    const now = expired() ? new Date(Date.now() - 2 * 3600_000) : new Date();
    const issued = new Date(now.getTime() - 30_000).toISOString();
    const later = new Date(now.getTime() + 10 * 60_000).toISOString();
    const response = await pair.idp.createLoginResponse(requester, { extract: { request: { id: requestId } } }, 'post', { email: 'adele@contoso.example' }, loginResponseTemplate({
      destination: acs,
      audience,
      issuer: SAML_IDP_ENTITY,
      issued,
      notOnOrAfter: later,
      nameId: 'adele@contoso.example',
      inResponseTo: requestId,
      attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['adele@contoso.example']]],
    }), false, url.searchParams.get('RelayState') ?? '');
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    html(res, 200, `<form method="post" action="${esc(acs)}"><input type="hidden" name="SAMLResponse" value="${esc(response.context)}"><input type="hidden" name="RelayState" value="${esc(url.searchParams.get('RelayState') ?? '')}"><noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`);
  } catch (e) {
    html(res, 400, `<h1>IdP error</h1><p>${String(e).replace(/[<>&]/g, '')}</p>`);
  }
}

/**
 * A Keycloak-like broker: an OpenID provider for the app whose login step sends the user on to the
 * upstream SAML IdP (the Entra-style one) and signs them in when its response comes back to the
 * broker endpoint — app → broker (OIDC) → IdP (SAML) → broker → app.
 */
function brokerInteraction(pair: SamlPair, brokerOrigin: () => string) {
  return (req: IncomingMessage, res: ServerResponse, finish: () => Promise<void>): void => {
    const url = new URL(req.url ?? '/', brokerOrigin());
    const m = /^\/interaction\/([^/]+)(\/endpoint)?$/.exec(url.pathname);
    const uid = m?.[1];
    if (!uid) return html(res, 404, 'not found');
    const sp = samlify.ServiceProvider({
      entityID: `${brokerOrigin()}/realms/spark`,
      wantAssertionsSigned: true,
      relayState: uid,
      assertionConsumerService: [{ Binding: POST, Location: `${brokerOrigin()}/interaction/${uid}/endpoint` }],
    });
    if (!m?.[2]) {
      const { context } = sp.createLoginRequest(pair.idp, 'redirect');
      res.writeHead(302, { location: context });
      res.end();
      return;
    }
    void (async () => {
      try {
        const form = await readBody(req);
        await sp.parseLoginResponse(pair.idp, 'post', { body: { SAMLResponse: form.get('SAMLResponse') ?? '', RelayState: form.get('RelayState') ?? '' } });
        await finish();
      } catch (e) {
        html(res, 400, `<div id="kc-error-message"><p class="instruction">${String(e).replace(/[<>&]/g, '')}</p></div>`);
      }
    })();
  };
}
