import { randomBytes, type KeyObject } from 'node:crypto';
import { authnRequestXml, redirectBindingUrl } from '../decoders/saml/build-authn-request';
import type { SamlSignInPlan } from '../model/saml-sign-in-plan';
import { listenOnLoopback, type LoopbackListener } from './loopback-listener';

/**
 * The SAML test sign-in as a conversation: a loopback ACS on 127.0.0.1, the AuthnRequest built for
 * it, the browser sent to the IdP, and the one SAMLResponse the IdP posts back. No `vscode`: the
 * extension and the CLI pass in how the browser is opened and how the user cancels.
 */

export interface SamlSignInRequest {
  /** The AuthnRequest ID the response's InResponseTo must carry (SP-initiated). */
  id: string;
  /** The test ACS the request names (`http://127.0.0.1:<port>/acs` or `http://localhost:<port>/acs`). */
  acsUrl: string;
  /** The IdP URL the browser opens (Redirect binding). Carries no secret; may be shown. */
  loginUrl: string;
  relayState: string;
  signed: boolean;
}

export interface SamlSignInPorts {
  /** Opens the IdP sign-in page (vscode.env.openExternal, the system browser, or a test's Chromium). */
  openBrowser(url: string): Promise<boolean>;
  /** Called once listening, before the browser opens: say which reply URL the IdP must accept. */
  onListening?(request: SamlSignInRequest): void;
}

export interface SamlSignInOptions {
  /** RSA private key to sign the request with (never kept beyond this call). */
  signingKey?: KeyObject;
  /** The whole wait; default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Host name in the ACS URL; the socket binds 127.0.0.1 either way. Default 127.0.0.1. */
  acsHost?: 'localhost' | '127.0.0.1';
  /** A fixed port (an IdP that needs the exact reply URL registered); default a random free port. */
  port?: number;
  now?: () => Date;
}

/** What the IdP posted to the loopback ACS, in memory only. */
export interface SamlSignInCapture {
  request: SamlSignInRequest;
  /** The form's SAMLResponse (base64, HTTP-POST binding). */
  samlResponse: string;
  /** The RelayState posted back, if any. */
  relayState?: string;
}

export type SamlSignInOutcome =
  | { kind: 'received'; capture: SamlSignInCapture }
  | { kind: 'timeout'; afterMs: number; request: SamlSignInRequest }
  | { kind: 'cancelled'; request?: SamlSignInRequest }
  | { kind: 'failed'; reason: string; request?: SamlSignInRequest };

/** The page the browser shows after the post: it never echoes what was received. */
const DONE_PAGE = (): string =>
  '<!doctype html><meta charset="utf-8"><title>SSO Lens</title><p>SSO Lens received the SAML response. You can close this tab and return to the editor (or terminal) for the report.</p>';

/**
 * Runs one test sign-in. Every way it ends — the response, a timeout, a cancel, a failure to open
 * the browser — leaves nothing listening.
 */
export async function runSamlSignIn(plan: SamlSignInPlan, ports: SamlSignInPorts, options: SamlSignInOptions = {}): Promise<SamlSignInOutcome> {
  let listener: LoopbackListener;
  try {
    listener = await listenOnLoopback({
      path: '/acs',
      methods: ['POST'],
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      redirectHost: options.acsHost ?? '127.0.0.1',
      donePage: DONE_PAGE,
    });
  } catch (e) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', reason: `cannot listen on 127.0.0.1: ${(e as Error).message}` };
  }
  // xs:ID must not start with a digit; 20 random bytes as Entra's and samlify's IDs do.
  const id = `_${randomBytes(20).toString('hex')}`;
  const relayState = plan.relayState ?? `sso-lens-${randomBytes(8).toString('hex')}`;
  const xml = authnRequestXml({ id, issueInstant: (options.now ?? (() => new Date()))(), spEntityId: plan.spEntityId, acsUrl: listener.redirectUri, destination: plan.idpSsoUrl, ...(plan.nameIdFormat !== undefined ? { nameIdFormat: plan.nameIdFormat } : {}) });
  const built = redirectBindingUrl(plan.idpSsoUrl, xml, { relayState, ...(options.signingKey ? { signingKey: options.signingKey } : {}) });
  if (!built.ok) {
    listener.close();
    await listener.outcome;
    return { kind: 'failed', reason: built.message };
  }
  const request: SamlSignInRequest = { id, acsUrl: listener.redirectUri, loginUrl: built.url, relayState, signed: built.signed };
  try {
    ports.onListening?.(request);
    const opened = await ports.openBrowser(built.url);
    if (!opened) {
      listener.close();
      await listener.outcome;
      return { kind: 'failed', reason: 'the browser could not be opened', request };
    }
  } catch (e) {
    listener.close();
    await listener.outcome;
    return { kind: 'failed', reason: `the browser could not be opened: ${(e as Error).message}`, request };
  }
  const outcome = await listener.outcome;
  switch (outcome.kind) {
    case 'received': {
      const samlResponse = outcome.request.params['SAMLResponse'];
      if (!samlResponse) return { kind: 'failed', reason: 'the browser posted to the ACS without a SAMLResponse field', request };
      const posted = outcome.request.params['RelayState'];
      return { kind: 'received', capture: { request, samlResponse, ...(posted !== undefined ? { relayState: posted } : {}) } };
    }
    case 'timeout':
      return { kind: 'timeout', afterMs: outcome.afterMs, request };
    case 'cancelled':
      return { kind: 'cancelled', request };
    case 'failed':
      return { kind: 'failed', reason: outcome.reason, request };
  }
}

/** Why a sign-in ended without a response, with what to check. */
export function whyNoResponse(outcome: Exclude<SamlSignInOutcome, { kind: 'received' }>, replyUrlHowTo: string): string {
  switch (outcome.kind) {
    case 'timeout':
      return `no response reached the test ACS within ${Math.round(outcome.afterMs / 1000)} s. If the IdP showed an error (Entra AADSTS50011: reply URL not registered), add the test reply URL ${outcome.request.acsUrl} — ${replyUrlHowTo}; if it posted to the production reply URL instead, it ignores the requested ACS`;
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return outcome.reason;
  }
}
