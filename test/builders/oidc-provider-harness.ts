/**
 * A real OpenID provider (`oidc-provider`, the certified Node.js implementation) on https
 * 127.0.0.1, and a small user agent that drives its authorization-code flow, so tests verify ID
 * tokens the provider really issued, through its real discovery document and JWKS.
 *
 * The provider is ESM; Node ≥ 20.19 `require`s it from this CommonJS test code. It ships no types,
 * so the few members used are typed here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:https';
import { exportJWK, type JWK } from 'jose';
import { startHttpsServer, type TestHttpsServer } from './https-server';
import { rsaKeyPair } from './rsa-key-pair';

interface ProviderGrant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}

interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; params: Record<string, unknown> }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => ProviderGrant;
}

type ProviderConstructor = new (issuer: string, configuration: object) => ProviderInstance;

/** Loads the provider with its development-only console warnings (runtime, in-memory adapter) muted. */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider WARNING')) warn(...args);
  };
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

function loadProvider(): ProviderConstructor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = quietly(() => require('oidc-provider') as { default: ProviderConstructor });
  return mod.default;
}

export const CLIENT_ID = 'sso-lens-test-client';
export const CLIENT_SECRET = 'a-client-secret-long-enough-for-HS256-0123456789';
export const REDIRECT_URI = 'https://127.0.0.1/callback';
export const ACCOUNT_ID = 'user-7f3a';

/** An RS256 signing key as the provider's `jwks` configuration takes it (private JWK with kid). */
export async function providerSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = rsaKeyPair(2048);
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/**
 * Entra-shaped ID-token claims the provider can put into its tokens (scope `openid`), for tests that
 * need groups GUIDs, roles, optional claims or an overage `_claim_names`/`_claim_sources` pair.
 */
export const ENTRA_LIKE_CLAIMS = ['groups', 'roles', 'wids', 'hasgroups', 'email', 'preferred_username', 'name', 'oid', 'tid', 'given_name', 'family_name', 'upn', 'ver', 'idp', 'u_first_name', 'u_last_name'];

export interface OidcHarnessOptions {
  /** The client the tokens are issued to (their `aud`); default CLIENT_ID. */
  clientId?: string;
  /** Claims of the signed-in account; with them, every claim goes into the ID token itself, as Entra does. */
  claims?: Record<string, unknown>;
  /**
   * Encrypt ID tokens to the client (OIDC Core §10.2: signed, then encrypted): the client's
   * registered `id_token_encrypted_response_alg`/`_enc` and its public encryption key in `jwks`.
   */
  encryptIdTokens?: { alg: string; enc: string; key: JWK };
  /** Registered redirect URIs of the client (default https://127.0.0.1/callback). */
  redirectUris?: string[];
  /** Also register the hybrid `code id_token` response type (form_post callbacks carry the ID token). */
  hybrid?: boolean;
  /** What the login/consent step answers; default: the user signs in and consents. */
  interactionResult?: () => object | undefined;
  /** The provider's error page (e.g. an Entra-style AADSTS page); default: the error as JSON. */
  errorPage?: (out: { error: string; error_description?: string }, ctx: { query: Record<string, string> }) => string;
  /**
   * A login UI of its own for `/interaction/…` requests (a broker sending the user on to an upstream
   * IdP); `finish` signs the user in and consents on the current request, as the default UI does.
   */
  onInteraction?: (req: IncomingMessage, res: ServerResponse, finish: () => Promise<void>) => void;
}

export interface OidcHarness {
  server: TestHttpsServer;
  issuer: string;
  /** The signed-in account's claims from now on (needs `claims` at start). */
  useClaims(claims: Record<string, unknown>): void;
  /** Replaces the provider behind the same issuer URL with one signing with `keys` (first one signs). */
  useKeys(keys: JWK[]): void;
  /** Runs the authorization-code flow as a user agent and returns the ID token from /token. */
  issueIdToken(nonce?: string): Promise<string>;
  /** Serves what the provider answers at `toPath` also at `fromPath` (e.g. its discovery document under another issuer path). */
  alias(fromPath: string, toPath: string): void;
  close(): Promise<void>;
}

export async function startOidcProvider(initialKeys: JWK[], harnessOptions: OidcHarnessOptions = {}): Promise<OidcHarness> {
  const Provider = loadProvider();
  const clientId = harnessOptions.clientId ?? CLIENT_ID;
  // issueIdToken redeems at the first registered redirect URI.
  const redirectUri = harnessOptions.redirectUris?.[0] ?? REDIRECT_URI;
  let accountClaims = harnessOptions.claims;
  const encryption = harnessOptions.encryptIdTokens;
  const encryptionMetadata = encryption ? { id_token_encrypted_response_alg: encryption.alg, id_token_encrypted_response_enc: encryption.enc, jwks: { keys: [{ ...encryption.key, use: 'enc' }] } } : {};
  const aliases = new Map<string, string>();
  let provider: ProviderInstance | undefined;
  const server = await startHttpsServer((req, res) => {
    let path = (req.url ?? '').split('?')[0] ?? '';
    const alias = aliases.get(path);
    if (alias !== undefined) req.url = path = alias;
    if (!provider) {
      res.writeHead(503);
      res.end();
      return;
    }
    if (path.startsWith('/interaction/')) {
      const current = provider;
      if (harnessOptions.onInteraction) harnessOptions.onInteraction(req, res, () => finishInteraction(current, req, res, clientId));
      else void finishInteraction(provider, req, res, clientId, harnessOptions.interactionResult);
      return;
    }
    provider.callback()(req, res);
  });
  const issuer = server.origin;

  const makeProvider = (keys: JWK[]): ProviderInstance => quietly(() =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: CLIENT_SECRET,
          redirect_uris: harnessOptions.redirectUris ?? [REDIRECT_URI],
          response_types: harnessOptions.hybrid ? ['code', 'code id_token'] : ['code'],
          grant_types: harnessOptions.hybrid ? ['authorization_code', 'implicit'] : ['authorization_code'],
          ...encryptionMetadata,
        },
      ],
      jwks: { keys },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      // Browser-recorded captures redeem the code from the page (a single-page app): allow its origin.
      clientBasedCORS: () => true,
      features: { devInteractions: { enabled: false }, ...(encryption ? { encryption: { enabled: true } } : {}) },
      claims: accountClaims ? { openid: ['sub', ...ENTRA_LIKE_CLAIMS] } : { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // Entra puts the claims into the ID token itself, not only at userinfo.
      ...(accountClaims ? { conformIdTokenClaims: false } : {}),
      findAccount: (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: () => (accountClaims ? { sub: id, ...accountClaims } : { sub: id, email: 'adele@contoso.example', email_verified: true, name: 'Adele Vance' }),
      }),
      // Quiet: the provider otherwise prints development warnings to the console.
      renderError: (ctx: { type: string; body: string; query?: Record<string, string> }, out: { error: string; error_description?: string }) => {
        const page = harnessOptions.errorPage;
        ctx.type = page ? 'text/html' : 'application/json';
        ctx.body = page ? page(out, { query: ctx.query ?? {} }) : JSON.stringify(out);
      },
      ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    }));
  provider = makeProvider(initialKeys);

  const ua = new UserAgent(server.ca);
  return {
    server,
    issuer,
    useClaims: (claims) => {
      accountClaims = claims;
    },
    useKeys: (keys) => {
      provider = makeProvider(keys);
    },
    alias: (from, to) => aliases.set(from, to),
    issueIdToken: async (nonce = randomBytes(8).toString('hex')) => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const auth = new URL(`${issuer}/auth`);
      for (const [k, v] of Object.entries({ client_id: clientId, response_type: 'code', scope: 'openid email profile', redirect_uri: redirectUri, nonce, state: 'st', code_challenge: challenge, code_challenge_method: 'S256' })) auth.searchParams.set(k, v);
      // /auth -> /interaction/:uid -> (login + consent given) -> /auth/:uid -> redirect_uri?code=
      let location = auth.toString();
      for (let hop = 0; hop < 6 && !location.startsWith(redirectUri); hop++) {
        const r = await ua.send('GET', new URL(location, issuer).toString());
        if (!r.location) throw new Error(`the provider stopped at ${location} with HTTP ${r.status}: ${r.body.slice(0, 300)}`);
        location = r.location;
      }
      const code = new URL(location).searchParams.get('code');
      if (!code) throw new Error(`no code in ${location}`);
      const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }).toString();
      const token = await ua.send('POST', `${issuer}/token`, body, {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${CLIENT_SECRET}`).toString('base64')}`,
      });
      const json = JSON.parse(token.body) as { id_token?: string };
      if (!json.id_token) throw new Error(`no id_token from /token: ${token.body}`);
      return json.id_token;
    },
    close: () => server.close(),
  };
}

/** The login/consent UI a real provider would show: here the user always says yes. */
async function finishInteraction(provider: ProviderInstance, req: IncomingMessage, res: ServerResponse, clientId: string, answer?: () => object | undefined): Promise<void> {
  try {
    const details = await provider.interactionDetails(req, res);
    const forced = answer?.();
    if (forced) {
      await provider.interactionFinished(req, res, forced, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId });
    grant.addOIDCScope('openid email profile');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID }, consent: { grantId } }, { mergeWithLastSubmission: false });
    void details;
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
}

/** Just enough of a browser: cookies and no automatic redirects. */
class UserAgent {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly ca: string) {}

  send(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const req = request(url, { method, ca: this.ca, headers: { ...headers, ...(cookie ? { cookie } : {}) } }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const eq = pair?.indexOf('=') ?? -1;
          if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}), body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
