import { inspectArtifact } from '../../decoders/inspect';
import type { InspectOptions } from '../../decoders/inspect-options';
import type { InspectReport } from '../../decoders/result';
import type { ConfigIndex } from '../config-index';
import { analyzeMapping, withMapping, type AppExpectations } from '../mapping';

/**
 * How a report came from a live sign-in ("Sign In as This App…", `sso-lens sign-in`): the flow, the
 * authority and redirect used, and the access token that came with the ID token. The access token is
 * for the API it names (Microsoft Graph, by default with Entra), not for the app: it is inspected on
 * its own, never mapped, and its findings are not the ID token's. The tokens themselves are not put
 * into the report, only what was decoded from them.
 */
export interface SignInInfo {
  app: string;
  flow: 'auth-code' | 'device-code';
  authority: string;
  redirectUri?: string;
  /** The access token, inspected without expectations (its audience is the API's). */
  accessToken?: InspectReport | { opaque: true; length: number };
}

export type SignInReportOutcome = { ok: true; report: InspectReport } | { ok: false; message: string };

/**
 * The same pipeline as "Test with a Token…" and `inspect --config`: the ID token inspected with the
 * app's expectations (audience, issuer, trusted keys; discovery/JWKS from `options.keySource`),
 * then mapped through the app; the access token is decoded beside it.
 */
export async function reportSignIn(
  tokens: { idToken: string; accessToken?: string },
  index: ConfigIndex,
  appId: string,
  expectations: AppExpectations,
  options: InspectOptions,
  info: Omit<SignInInfo, 'accessToken'>,
): Promise<SignInReportOutcome> {
  const idOptions: InspectOptions = { ...options, expected: { ...expectations.expected, ...options.expected }, ...(expectations.trust.keys.length ? { trust: expectations.trust } : {}) };
  const inspected = await inspectArtifact(Buffer.from(tokens.idToken), idOptions);
  if (!inspected.ok) return { ok: false, message: `the ID token the provider returned could not be read: ${inspected.error.message}` };
  const mapping = analyzeMapping(inspected.value, index, appId);
  if (!mapping.ok) return { ok: false, message: mapping.message };
  let accessToken: SignInInfo['accessToken'];
  if (tokens.accessToken) {
    const { expected: _ignored, ...rest } = options;
    const at = looksLikeJwt(tokens.accessToken) ? await inspectArtifact(Buffer.from(tokens.accessToken), { ...rest, expected: {} }) : undefined;
    accessToken = at?.ok ? at.value : { opaque: true, length: tokens.accessToken.length };
  }
  return { ok: true, report: withSignIn(withMapping(inspected.value, mapping.value), { ...info, ...(accessToken ? { accessToken } : {}) }) };
}

/** Adds `data.signIn` to the ID token's report. */
export function withSignIn(report: InspectReport, signIn: SignInInfo): InspectReport {
  const data = report.data !== null && typeof report.data === 'object' && !Array.isArray(report.data) ? report.data : {};
  return { ...report, data: { ...data, signIn } };
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
