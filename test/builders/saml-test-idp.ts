/**
 * A real SAML IdP on loopback for the test sign-in: samlify's IdentityProvider behind a small
 * login page served on 127.0.0.1. It takes the AuthnRequest over the HTTP-Redirect binding (and
 * verifies its query signature with samlify when told the SP's certificate), shows a login form,
 * and answers with an auto-submitting HTTP-POST form to the ACS, as Entra and Keycloak do.
 * Shaped like Entra: issuer https://sts.windows.net/{tenant}/, claim-URI attributes.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as samlify from 'samlify';
import { loginResponseTemplate, type SamlKeys } from './samlify-minter';

export interface TestIdpUser {
  password: string;
  nameId: string;
  attributes: Array<[string, string[]]>;
}

export interface TestIdpOptions {
  keys: SamlKeys;
  /** The IdP entity ID (Issuer), e.g. https://sts.windows.net/{tenant}/. */
  issuer: string;
  /** The SP entity ID the IdP knows (Audience). */
  audience: string;
  users: Record<string, TestIdpUser>;
  /** The SP's certificate: AuthnRequests must be signed with its key (samlify verifies them). */
  spSigningCert?: string;
  /** Encrypt the signed assertion for this SP certificate (RSA-OAEP key transport, AES-256-GCM). */
  encryptFor?: string;
  /** The reply URL registered for the SP at this IdP (production); used by the ACS variants. */
  registeredAcs?: string;
  /**
   * `honour` (default): Destination, Recipient and the form's target are the request's ACS.
   * `destination-registered`: the form posts to the request's ACS, but Destination and Recipient
   * name the registered one. `post-registered`: the IdP ignores the request's ACS and posts to the
   * registered one (which is not the test listener).
   */
  acsMode?: 'honour' | 'destination-registered' | 'post-registered';
  /** Answer every sign-in with this status instead of an assertion (Entra: Responder / RequestDenied + AADSTS message). */
  deny?: { message: string };
  /** Echo this RelayState instead of the one received. */
  relayStateOverride?: string;
}

export interface TestIdp {
  /** http://127.0.0.1:<port>/sso: the SAML SSO URL (HTTP-Redirect). */
  ssoUrl: string;
  /** Starts an IdP-initiated sign-in that posts an unsolicited response to `acs`. */
  idpInitiatedUrl(acs: string, relayState?: string): string;
  /** What the IdP saw: requests parsed (with whether their signature was verified), and errors. */
  log: Array<{ kind: 'authn-request'; id: string; acs: string; signatureVerified: boolean; nameIdFormat?: string; issuer?: string } | { kind: 'error'; message: string }>;
  close(): Promise<void>;
}

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Pending {
  requestId?: string;
  acs: string;
  relayState?: string;
}

export async function startTestIdp(o: TestIdpOptions): Promise<TestIdp> {
  samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
  const pending = new Map<string, Pending>();
  const log: TestIdp['log'] = [];
  let base = '';
  // samlify reads the encryption algorithm settings at run time (entity.js); its typings leave them out.
  const encryption = o.encryptFor ? { isAssertionEncrypted: true, dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm', keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' } : {};
  const idp = (): ReturnType<typeof samlify.IdentityProvider> =>
    samlify.IdentityProvider({
      ...encryption,
      entityID: o.issuer,
      privateKey: o.keys.private,
      signingCert: o.keys.cert,
      wantAuthnRequestsSigned: o.spSigningCert !== undefined,
      singleSignOnService: [{ Binding: REDIRECT, Location: `${base}/sso` }],
      singleLogoutService: [{ Binding: REDIRECT, Location: `${base}/slo` }],
      nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    });
  const sp = (acs: string, forParsing: boolean): ReturnType<typeof samlify.ServiceProvider> =>
    samlify.ServiceProvider({
      entityID: o.audience,
      wantAssertionsSigned: o.deny === undefined,
      wantMessageSigned: o.deny !== undefined,
      authnRequestsSigned: o.spSigningCert !== undefined,
      ...(o.spSigningCert && forParsing ? { signingCert: o.spSigningCert } : {}),
      ...(o.encryptFor ? { encryptCert: o.encryptFor } : {}),
      assertionConsumerService: [{ Binding: POST, Location: acs }],
    });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.push({ kind: 'error', message: (e as Error).message });
      page(res, 400, `<p id="error">IdP error: ${esc((e as Error).message)}</p>`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname === '/sso') {
      const raw = (req.url ?? '').split('?')[1] ?? '';
      // The signed octets are the three parameters exactly as they appear in the URL (bindings §3.4.4.1).
      const octetString = ['SAMLRequest', 'RelayState', 'SigAlg'].map((k) => raw.split('&').find((p) => p.startsWith(`${k}=`))).filter((p): p is string => p !== undefined).join('&');
      const query = Object.fromEntries(url.searchParams);
      const parsed = await idp().parseLoginRequest(sp('http://unused.invalid/acs', true), 'redirect', { query, octetString });
      const extract = parsed.extract as { request?: { id?: string; assertionConsumerServiceUrl?: string }; issuer?: string; nameIDPolicy?: { format?: string } };
      const id = extract.request?.id ?? '';
      const acs = extract.request?.assertionConsumerServiceUrl ?? '';
      const nameIdFormat = extract.nameIDPolicy?.format;
      log.push({ kind: 'authn-request', id, acs, signatureVerified: o.spSigningCert !== undefined, ...(nameIdFormat ? { nameIdFormat } : {}), ...(extract.issuer ? { issuer: extract.issuer } : {}) });
      const txn = randomUUID();
      pending.set(txn, { requestId: id, acs, ...(url.searchParams.has('RelayState') ? { relayState: url.searchParams.get('RelayState') ?? '' } : {}) });
      loginPage(res, txn);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/start') {
      const txn = randomUUID();
      const relayState = url.searchParams.get('RelayState');
      pending.set(txn, { acs: url.searchParams.get('acs') ?? '', ...(relayState !== null ? { relayState } : {}) });
      loginPage(res, txn);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/login') {
      const form = new URLSearchParams(await body(req));
      const txn = pending.get(form.get('txn') ?? '');
      const user = o.users[form.get('username') ?? ''];
      if (!txn) throw new Error('unknown sign-in transaction');
      if (!user || user.password !== form.get('password')) {
        loginPage(res, form.get('txn') ?? '', 'Wrong user name or password.');
        return;
      }
      pending.delete(form.get('txn') ?? '');
      const registered = o.registeredAcs ?? txn.acs;
      const mode = o.acsMode ?? 'honour';
      const destination = mode === 'honour' ? txn.acs : registered;
      const postTo = mode === 'post-registered' ? registered : txn.acs;
      const saml = await respond(txn, user, destination);
      const relay = o.relayStateOverride ?? txn.relayState;
      page(
        res,
        200,
        `<p>Signing you in…</p><form id="post" method="post" action="${esc(postTo)}"><input type="hidden" name="SAMLResponse" value="${esc(saml)}">${relay !== undefined ? `<input type="hidden" name="RelayState" value="${esc(relay)}">` : ''}<noscript><button>Continue</button></noscript></form><script>document.getElementById('post').submit();</script>`,
      );
      return;
    }
    page(res, 404, '<p>not found</p>');
  }

  async function respond(txn: Pending, user: TestIdpUser, destination: string): Promise<string> {
    const now = new Date();
    const issued = new Date(now.getTime() - 5_000).toISOString();
    const later = new Date(now.getTime() + 3600_000).toISOString();
    const inResponseTo = txn.requestId !== undefined ? ` InResponseTo="${esc(txn.requestId)}"` : '';
    const response = await idp().createLoginResponse(sp(destination, false), { extract: { request: { id: txn.requestId ?? '' } } }, 'post', { email: user.nameId }, (template: string) => {
      if (o.deny) {
        // Entra's denial: a signed Response with a second-level status and the AADSTS text, no assertion.
        const id = `_${randomUUID()}`;
        return {
          id,
          context: `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${issued}" Destination="${esc(destination)}"${inResponseTo}><saml:Issuer>${esc(o.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode><samlp:StatusMessage>${esc(o.deny.message)}</samlp:StatusMessage></samlp:Status></samlp:Response>`,
        };
      }
      const filled = loginResponseTemplate({
        destination,
        audience: o.audience,
        issuer: o.issuer,
        issued,
        notOnOrAfter: later,
        nameId: user.nameId,
        inResponseTo: txn.requestId ?? '',
        attributes: user.attributes,
        sessionIndex: `_s${randomUUID()}`,
      })(template);
      // IdP-initiated: no request to answer, so no InResponseTo anywhere (profiles §4.1.5).
      return txn.requestId === undefined ? { ...filled, context: filled.context.replace(/\sInResponseTo="[^"]*"/g, '') } : filled;
    });
    return response.context;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ssoUrl: `${base}/sso`,
    idpInitiatedUrl: (acs, relayState) => `${base}/start?acs=${encodeURIComponent(acs)}${relayState !== undefined ? `&RelayState=${encodeURIComponent(relayState)}` : ''}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function loginPage(res: ServerResponse, txn: string, error?: string): void {
  page(
    res,
    200,
    `<h1>Test IdP sign-in</h1>${error ? `<p id="error">${esc(error)}</p>` : ''}<form method="post" action="/login"><input type="hidden" name="txn" value="${esc(txn)}"><label>User <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label><button id="submit" type="submit">Sign in</button></form>`,
  );
}

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Test IdP</title></head><body>${html}</body></html>`);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
      if (text.length > 1_000_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
