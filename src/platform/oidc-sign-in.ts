import { randomBytes } from 'node:crypto';
import type { AuthenticationResult, ConfidentialClientApplication, Configuration, PublicClientApplication } from '@azure/msal-node';
import { explainOidcError, type ExplainedOidcError } from '../decoders/oidc/explain-oidc-error';
import type { SecretRef } from '../model/config-types';
import type { OidcSignInTarget } from '../model/oidc-sign-in-target';
import { listenOnLoopback, type LoopbackListener, type LoopbackRequest } from './loopback-listener';
import { MsalNetworkClient } from './msal-network-client';

/**
 * "Sign In as This App…": a real sign-in with @azure/msal-node, as the app is configured, that
 * hands back the ID token (and the access token) for the inspect + mapping pipeline. Shared by
 * the extension and the CLI; everything around it (the browser, the device code notice, the
 * secret store, the Cancel) comes in as ports, so this module never imports `vscode`.
 *
 * Authorization code + PKCE (RFC 7636) with a loopback redirect (RFC 8252 §7.3) is driven by hand —
 * `getAuthCodeUrl` + our one-shot listener + `acquireTokenByCode` — rather than MSAL's
 * `acquireTokenInteractive`, whose built-in loopback server msal-node 7 does not let us replace:
 * this way the listener binds 127.0.0.1 only, `state` is checked here, and the timeout and Cancel
 * end the wait with nothing left listening. The device code flow (RFC 8628) is MSAL's own, with its
 * `cancel` flag and `timeout`.
 *
 * Tokens stay in memory: MSAL's cache has no plugin (in memory) and is cleared before returning.
 */
export interface OidcSignInPorts {
  /** Opens the URL in the user's browser; false when it could not (the caller then shows the URL). */
  openBrowser(url: string): Promise<boolean>;
  /** The device code flow's code and page, to show the user (with a way to copy the code). */
  showDeviceCode(info: DeviceCodeInfo): void;
  /** The client secret a `clientSecret` reference names; undefined when there is none. */
  getClientSecret(ref: SecretRef): Promise<string | undefined>;
}

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  /** The provider's own instruction (Entra sends one). */
  message?: string;
}

export type OidcSignInFlow = 'auth-code' | 'device-code';

export interface OidcSignInOptions {
  flow: OidcSignInFlow;
  /** The Cancel: ends the wait and every request in flight. */
  signal?: AbortSignal;
  /** The whole wait for the user; default 5 minutes. */
  timeoutMs?: number;
  /** An extra trusted CA for the provider (tests with a throw-away certificate). */
  ca?: string;
  /** Called once the loopback listens (auth code flow): the redirect URI in use, before the browser opens. */
  onRedirectUri?: (redirectUri: string) => void;
}

export type OidcSignInFailure = 'timeout' | 'cancelled' | 'provider-error' | 'unreachable' | 'state-mismatch' | 'no-secret' | 'failed';

export type OidcSignInResult =
  | { ok: true; idToken: string; accessToken?: string; flow: OidcSignInFlow; redirectUri?: string; browserOpened?: boolean }
  | { ok: false; reason: OidcSignInFailure; message: string; providerError?: ExplainedOidcError };

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

type Msal = typeof import('@azure/msal-node');

/** MSAL is evaluated on the first sign-in, not when the core loads for a decode. */
function msal(): Msal {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@azure/msal-node') as Msal;
}

export async function signInWithOidc(target: OidcSignInTarget, ports: OidcSignInPorts, options: OidcSignInOptions): Promise<OidcSignInResult> {
  if (options.signal?.aborted) return fail('cancelled', 'sign-in cancelled');
  const { ConfidentialClientApplication, LogLevel, PublicClientApplication } = msal();
  const network = new MsalNetworkClient({ ...(options.ca ? { ca: options.ca } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  let secret: string | undefined;
  // Device code is a public-client flow in MSAL (PublicClientApplication only): no secret is sent.
  if (target.clientSecret && options.flow === 'auth-code') {
    secret = await ports.getClientSecret(target.clientSecret);
    if (!secret) return fail('no-secret', `${target.appId} is a confidential client and its secret (${describeSecretRef(target.clientSecret)}) is not available`);
  }
  const config: Configuration = {
    auth: {
      clientId: target.clientId,
      authority: target.authority,
      ...(target.knownAuthorities.length ? { knownAuthorities: target.knownAuthorities } : {}),
      ...(secret !== undefined ? { clientSecret: secret } : {}),
    },
    system: {
      networkClient: network,
      protocolMode: target.protocolMode,
      // MSAL's log carries URLs with codes in them: nothing of it is kept.
      loggerOptions: { loggerCallback: () => undefined, piiLoggingEnabled: false, logLevel: LogLevel.Error },
    },
  };
  const app = secret !== undefined ? new ConfidentialClientApplication(config) : new PublicClientApplication(config);
  try {
    return options.flow === 'device-code' && app instanceof PublicClientApplication
      ? await deviceCode(app, target, ports, options)
      : await authCode(app, target, ports, options);
  } catch (e) {
    return failureOf(e, network, options.signal);
  } finally {
    app.clearCache();
  }
}

async function authCode(app: PublicClientApplication | ConfidentialClientApplication, target: OidcSignInTarget, ports: OidcSignInPorts, options: OidcSignInOptions): Promise<OidcSignInResult> {
  let listener: LoopbackListener;
  try {
    listener = await listenOnLoopback({
      path: target.loopback.path,
      methods: ['GET'],
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(target.loopback.port !== undefined ? { port: target.loopback.port } : {}),
      redirectHost: target.loopback.host,
      donePage: donePage,
    });
  } catch (e) {
    if (options.signal?.aborted) return fail('cancelled', 'sign-in cancelled');
    const code = (e as NodeJS.ErrnoException).code;
    return fail('failed', code === 'EADDRINUSE' ? `port ${target.loopback.port ?? ''} of the redirect URI ${target.loopback.registered ?? ''} is in use on this machine: stop what listens there, or register http://localhost without a port` : `cannot listen on 127.0.0.1: ${(e as Error).message}`);
  }
  // http://localhost:PORT when the registered URI has no path; the listener serves `/` either way.
  const redirectUri = target.loopback.bare ? listener.redirectUri.replace(/\/$/, '') : listener.redirectUri;
  try {
    options.onRedirectUri?.(redirectUri);
    const crypto = new (msal().CryptoProvider)();
    const pkce = await crypto.generatePkceCodes();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const url = await app.getAuthCodeUrl({
      scopes: target.scopes,
      redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state,
      nonce,
      // Sign in as someone on purpose: Entra offers the account picker, other providers ask again.
      prompt: target.entra ? 'select_account' : 'login',
    });
    const browserOpened = await ports.openBrowser(url);
    const outcome = await listener.outcome;
    if (outcome.kind === 'timeout') return fail('timeout', `no sign-in came back within ${Math.round(outcome.afterMs / 1000)} s (the browser tab may have been closed); nothing is listening any more`);
    if (outcome.kind === 'cancelled') return fail('cancelled', 'sign-in cancelled');
    if (outcome.kind === 'failed') return fail('failed', outcome.reason);
    const params = outcome.request.params;
    // RFC 6749 §10.12: a redirect without our state is not the answer to our request.
    if (params['state'] !== state) return fail('state-mismatch', 'the redirect came back without the state this sign-in sent: it was not the answer to this request, and was ignored');
    if (params['error'] !== undefined) return providerFailure({ error: params['error'], ...(params['error_description'] !== undefined ? { error_description: params['error_description'] } : {}) });
    const code = params['code'];
    if (!code) return fail('failed', 'the redirect carried neither a code nor an error');
    const result = await app.acquireTokenByCode({ code, scopes: target.scopes, redirectUri, codeVerifier: pkce.verifier, nonce, state }, { code, state });
    return success(result, 'auth-code', { redirectUri, browserOpened });
  } finally {
    listener.close();
  }
}

async function deviceCode(app: PublicClientApplication, target: OidcSignInTarget, ports: OidcSignInPorts, options: OidcSignInOptions): Promise<OidcSignInResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const request = {
    scopes: target.scopes,
    timeout: Math.max(1, Math.round(timeoutMs / 1000)),
    cancel: false,
    deviceCodeCallback: (r: { userCode: string; verificationUri: string; expiresIn: number; message?: string }) =>
      ports.showDeviceCode({ userCode: r.userCode, verificationUri: r.verificationUri, expiresInSeconds: r.expiresIn, ...(r.message ? { message: r.message } : {}) }),
  };
  // MSAL checks `cancel` before each poll and the network client ends the poll in flight; MSAL's
  // sleep between polls cannot be cut short, so the wait here ends at once and MSAL stops on its own.
  let onAbort = (): void => {
    request.cancel = true;
  };
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      request.cancel = true;
      reject(new Error('cancelled'));
    };
  });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const polling = app.acquireTokenByDeviceCode(request);
    polling.catch(() => undefined);
    const result = await Promise.race([polling, aborted]);
    if (!result) return fail('failed', 'the device code flow ended without a token');
    return success(result, 'device-code', {});
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function success(result: AuthenticationResult, flow: OidcSignInFlow, extra: { redirectUri?: string; browserOpened?: boolean }): OidcSignInResult {
  if (!result.idToken) return fail('failed', 'the provider returned no ID token (is "openid" among the scopes?)');
  return { ok: true, idToken: result.idToken, ...(result.accessToken ? { accessToken: result.accessToken } : {}), flow, ...extra };
}

/** MSAL's errors, ours and the network's, as a reason the user can act on. */
function failureOf(e: unknown, network: MsalNetworkClient, signal: AbortSignal | undefined): OidcSignInResult {
  if (signal?.aborted) return fail('cancelled', 'sign-in cancelled');
  const { AuthError, ServerError } = msal();
  if (e instanceof ServerError) return providerFailure({ error: e.errorCode, ...(e.errorMessage ? { error_description: e.errorMessage } : {}) });
  const code = e instanceof AuthError ? e.errorCode : undefined;
  if (code === 'device_code_polling_cancelled') return fail('cancelled', 'sign-in cancelled');
  // The device flow's poll reports the provider's `error` (access_denied, expired_token…) this way.
  if (code === 'post_request_failed' && e instanceof AuthError && /^[a-z_]+$/.test(e.errorMessage)) {
    if (e.errorMessage === 'expired_token') return fail('timeout', 'the device code expired before the sign-in was finished');
    return providerFailure({ error: e.errorMessage });
  }
  if (code === 'user_timeout_reached' || code === 'device_code_expired') return fail('timeout', 'the device code expired or the wait timed out before the sign-in was finished');
  // MSAL swallows a failed discovery fetch; the network client kept the reason.
  const networkError = network.lastError;
  if (networkError?.kind === 'cancelled') return fail('cancelled', 'sign-in cancelled');
  if (networkError) return fail('unreachable', `the provider could not be reached: ${networkError.message}`);
  if (code === 'endpoints_resolution_error') return fail('unreachable', 'the provider\'s discovery document (/.well-known/openid-configuration) could not be read or is not usable');
  if (e instanceof AuthError) return fail('failed', `${e.errorCode}${e.errorMessage ? `: ${e.errorMessage}` : ''}`);
  return fail('failed', e instanceof Error ? e.message : String(e));
}

function providerFailure(input: { error: string; error_description?: string }): OidcSignInResult {
  const explained = explainOidcError(input);
  return { ok: false, reason: 'provider-error', message: `the provider refused the sign-in: ${explained.message}`, providerError: explained };
}

function fail(reason: OidcSignInFailure, message: string): OidcSignInResult {
  return { ok: false, reason, message };
}

export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `VS Code secret storage "${ref.secretStorage}"`;
}

/** What the browser tab shows once the redirect is taken; it echoes nothing it received. */
function donePage(request: LoopbackRequest): string {
  const failed = request.params['error'] !== undefined;
  const text = failed ? 'The provider sent an error. SSO Lens explains it in the editor; you can close this tab.' : 'Signed in. SSO Lens shows the result in the editor; you can close this tab.';
  return `<!doctype html><meta charset="utf-8"><title>SSO Lens</title><p>${text}</p>`;
}
