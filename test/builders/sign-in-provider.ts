/**
 * A real OpenID provider (`oidc-provider`) on https 127.0.0.1 for the live sign-in tests: its own
 * development login and consent pages (devInteractions: any login and password are accepted; the
 * login becomes the account), the device flow (RFC 8628), and a native client whose loopback
 * redirect URIs match any port (RFC 8252 §7.3). The signed-in account's ID token carries the
 * Entra-like claims given (groups as object IDs, email…), so the mapping analysis has something to map.
 *
 * Browser steps are driven by `driveLogin`/`driveDeviceLogin` in real Chromium (playwright-core);
 * every request but those to 127.0.0.1/localhost is refused, so nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ENTRA_LIKE_CLAIMS, providerSigningKey } from './oidc-provider-harness';
import { startHttpsServer, type TestHttpsServer } from './https-server';

interface ProviderInstance {
  callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
}
type ProviderConstructor = new (issuer: string, configuration: object) => ProviderInstance;

export interface SignInProviderOptions {
  clientId: string;
  /** Claims of every account that signs in (beyond `sub`, which is the login typed). */
  claims: Record<string, unknown>;
  /** Loopback redirect URIs; default http://localhost/ and http://127.0.0.1/ (any port). */
  redirectUris?: string[];
  /** A confidential client with this secret (client_secret_post / basic); default a public client. */
  clientSecret?: string;
}

export interface SignInProvider {
  issuer: string;
  /** The throw-away CA the provider's certificate chains to. */
  ca: string;
  server: TestHttpsServer;
  close(): Promise<void>;
}

export async function startSignInProvider(options: SignInProviderOptions): Promise<SignInProvider> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Provider = quietly(() => (require('oidc-provider') as { default: ProviderConstructor }).default);
  const holder: { provider?: ProviderInstance } = {};
  const server = await startHttpsServer((req, res) => {
    const provider = holder.provider;
    if (!provider) {
      res.writeHead(503);
      res.end();
      return;
    }
    provider.callback()(req, res);
  });
  const issuer = server.origin;
  const key = await providerSigningKey(`sign-in-${randomBytes(4).toString('hex')}`);
  holder.provider = quietly(
    () =>
      new Provider(issuer, {
        clients: [
          {
            client_id: options.clientId,
            application_type: 'native',
            redirect_uris: options.redirectUris ?? ['http://localhost/', 'http://127.0.0.1/'],
            response_types: ['code'],
            grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
            ...(options.clientSecret ? { client_secret: options.clientSecret, token_endpoint_auth_method: 'client_secret_post' } : { token_endpoint_auth_method: 'none' }),
          },
        ],
        jwks: { keys: [key] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true } },
        claims: { openid: ['sub', ...ENTRA_LIKE_CLAIMS], profile: [], email: [] },
        // Entra puts the claims into the ID token itself, not only at userinfo.
        conformIdTokenClaims: false,
        findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, ...options.claims }) }),
        ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, DeviceCode: 600, RefreshToken: 600 },
      }),
  );
  return { issuer, ca: server.ca, server, close: () => server.close() };
}

/** Loads the provider with its development-only console warnings muted. */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  const info = console.info;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider')) warn(...args);
  };
  console.info = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider')) info(...args);
  };
  try {
    return fn();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

/** A fresh page (own cookies) that refuses every request off the machine. */
export async function loopbackOnlyPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
  });
  return context.newPage();
}

/**
 * Signs in on oidc-provider's development pages as a person would: types a login and password,
 * presses Sign-in, then Continue on the consent page (or "[ Cancel ]" to refuse), and waits for
 * the provider to send the browser to the loopback redirect.
 */
export async function driveLogin(browser: Browser, authorizeUrl: string, login: string, choice: 'consent' | 'cancel' = 'consent'): Promise<string> {
  const page = await loopbackOnlyPage(browser);
  try {
    await page.goto(authorizeUrl, { waitUntil: 'domcontentloaded' });
    if (choice === 'cancel') {
      await page.getByText('[ Cancel ]').click();
    } else {
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'any-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    const redirect = new URL(authorizeUrl).searchParams.get('redirect_uri') ?? 'http://';
    await page.waitForURL((u) => u.toString().startsWith(redirect), { timeout: 30_000 });
    await page.waitForLoadState('domcontentloaded');
    return (await page.textContent('body')) ?? '';
  } finally {
    await page.context().close();
  }
}

/** The device flow's page: enters the user code, confirms, signs in and consents. */
export async function driveDeviceLogin(browser: Browser, verificationUri: string, userCode: string, login: string): Promise<string> {
  const page = await loopbackOnlyPage(browser);
  try {
    await page.goto(verificationUri, { waitUntil: 'domcontentloaded' });
    await page.fill('input[name=user_code]', userCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    // "Confirm Device": the code shown matches.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Sign-in Success').waitFor({ timeout: 30_000 });
    return (await page.textContent('body')) ?? '';
  } finally {
    await page.context().close();
  }
}
