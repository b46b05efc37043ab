import { createHash } from 'node:crypto';
import { isJsonObject, parseJson, stringOf } from '../json';
import type { Finding } from '../result';
import { header, type Exchange } from './exchange';
import { explainAadstsIn, explainKeycloakPage, explainOAuthError, htmlText, type OAuthError } from './explain-errors';
import { isMasked } from './read-saml-tracer';

export type StepRole = 'authorize' | 'callback' | 'token' | 'authn-request' | 'saml-response' | 'error-redirect' | 'other';

/** An artifact a step carried, to be inspected with the usual decoders. */
export interface StepArtifact {
  where: string;
  text: string;
}

/** Who asked: what an authorization request or AuthnRequest says about the app. */
export interface StepApp {
  clientId?: string;
  redirectUri?: string;
  spEntityId?: string;
  acsUrl?: string;
}

/**
 * What one exchange says, read as it streams past; the capture's bodies are dropped after this.
 * Secrets (codes, tokens) stay only as long as the flow is built: `codeHash` links a token request
 * to its callback without keeping the code.
 */
export interface ExchangeFacts {
  entry: number;
  time?: string;
  durationMs?: number;
  method: string;
  /** The URL with codes, tokens and SAML messages replaced (what reports show). */
  url: string;
  /** The URL without its fragment, for matching redirects (kept in memory only). */
  matchUrl: string;
  status?: number;
  role: StepRole;
  location?: string;
  referer?: string;
  params: Record<string, string>;
  app: StepApp;
  state?: string;
  nonce?: string;
  relayState?: string;
  codeHash?: string;
  artifacts: StepArtifact[];
  findings: Finding[];
  /** The error came from a redirect's Location, which may be the next step's URL as well. */
  errorFromLocation?: string;
  /** A page or redirect a person would see (not a script, image or XHR). */
  navigational: boolean;
}

/** Parameter values never shown: codes, tokens, secrets, passwords and SAML messages (decoded elsewhere). */
const SECRET_PARAMS = new Set(['code', 'id_token', 'access_token', 'refresh_token', 'client_secret', 'client_assertion', 'code_verifier', 'password', 'passwd', 'pwd', 'samlresponse', 'samlrequest', 'samlart', 'signature', 'logintoken', 'session_code', 'wresult', 'otc', 'otp', 'totp', 'passcode', 'pin', 'assertion', 'client_assertion_jwt', 'subject_token', 'device_code']);

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return url.length > 2048 ? `${url.slice(0, 2048)}…` : url;
  const clean = (params: URLSearchParams): string =>
    [...params].map(([k, v]) => `${encodeURIComponent(k)}=${isSecretParam(k) ? `…(${v.length} chars)` : encodeURIComponent(v).replace(/%2F/g, '/').replace(/%3A/g, ':')}`).join('&');
  const query = parsed.search ? `?${clean(parsed.searchParams)}` : '';
  const fragment = parsed.hash.length > 1 ? `#${clean(new URLSearchParams(parsed.hash.slice(1)))}` : '';
  return `${parsed.origin}${parsed.pathname}${query}${fragment}`;
}

const STATIC = /\.(js|mjs|css|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|map|webp)(\?|$)/i;

/**
 * The facts of an exchange a person would see as a step (see `navigational`); undefined for the
 * rest (scripts, images, API calls that carry nothing), whose facts the flow never reads, so the
 * URL redaction and parameter lists are not built for them (issue 12).
 */
export function navigationalFactsOf(x: Exchange): ExchangeFacts | undefined {
  const url = parseUrl(x.url);
  const query = url ? [...url.searchParams] : [];
  const fragment = url && url.hash.length > 1 ? [...new URLSearchParams(url.hash.slice(1))] : [];
  const form = (x.form ?? []).filter(([, v]) => !isMasked(v));
  const all = [...query, ...fragment, ...form];
  const params: Record<string, string> = {};
  for (const [k, v] of all) if (!(k in params)) params[k] = v;
  const locationRaw = header(x.responseHeaders, 'location');
  const location = locationRaw !== undefined ? resolve(locationRaw, x.url) : undefined;
  const locUrl = location !== undefined ? parseUrl(location) : undefined;
  const locParams: Record<string, string> = {};
  if (locUrl) for (const [k, v] of [...locUrl.searchParams, ...(locUrl.hash.length > 1 ? new URLSearchParams(locUrl.hash.slice(1)) : [])]) if (!(k in locParams)) locParams[k] = v;

  const artifacts: StepArtifact[] = [];
  const findings: Finding[] = [];
  const app: StepApp = {};
  let role: StepRole = 'other';
  let errorFromLocation: string | undefined;

  // SAML: SAML-tracer's decoded XML first (its filters may have masked the form), else the parameter.
  const samlParam = 'SAMLResponse' in params ? 'SAMLResponse' : 'SAMLRequest' in params ? 'SAMLRequest' : undefined;
  if (x.samlXml !== undefined || samlParam !== undefined) {
    const isRequest = x.samlXml !== undefined ? /^\s*(<\?xml[^>]*>\s*)?<([\w-]+:)?AuthnRequest\b/.test(x.samlXml) : samlParam === 'SAMLRequest';
    const isResponse = x.samlXml !== undefined ? /^\s*(<\?xml[^>]*>\s*)?<([\w-]+:)?Response\b/.test(x.samlXml) : samlParam === 'SAMLResponse';
    role = isRequest ? 'authn-request' : isResponse ? 'saml-response' : 'other';
    if (x.samlXml !== undefined) artifacts.push({ where: 'SAML message (as SAML-tracer decoded it)', text: x.samlXml });
    else if (samlParam !== undefined) {
      const inQuery = query.some(([k]) => k === samlParam);
      const text = inQuery && url ? url.search.slice(1) : new URLSearchParams(form.filter(([k]) => k === samlParam || k === 'RelayState')).toString();
      artifacts.push({ where: `${inQuery ? 'query' : 'form'} ${samlParam}`, text });
    }
  } else if (params['grant_type'] !== undefined || (x.method === 'POST' && /\/token\/?$/.test(url?.pathname ?? '') && (x.responseMimeType ?? '').includes('json'))) {
    role = 'token';
    if (params['client_id']) app.clientId = params['client_id'];
    if (params['redirect_uri']) app.redirectUri = params['redirect_uri'];
  } else if (params['response_type'] !== undefined && params['client_id'] !== undefined) {
    role = 'authorize';
    app.clientId = params['client_id'];
    if (params['redirect_uri']) app.redirectUri = params['redirect_uri'];
  } else if (params['error'] !== undefined && (params['state'] !== undefined || params['error_description'] !== undefined)) {
    role = 'error-redirect';
  } else if (params['code'] !== undefined || params['id_token'] !== undefined) {
    role = 'callback';
  }

  // OIDC errors: in the request (callback ?error=), or only in a redirect that the capture may not follow (a fragment).
  if (params['error'] !== undefined && role !== 'authorize') findings.push(...explainOAuthError(oauthError(params), 'the provider redirected back with an error'));
  else if (locParams['error'] !== undefined && (locParams['state'] !== undefined || locParams['error_description'] !== undefined)) {
    errorFromLocation = stripFragment(location ?? '');
    findings.push(...explainOAuthError(oauthError(locParams), 'the provider redirected with an error'));
  }

  // Tokens: in the callback (form_post, query), in a redirect's fragment (implicit / hybrid), in a token response.
  for (const k of ['id_token', 'access_token']) {
    const v = params[k];
    if (v?.startsWith('eyJ')) artifacts.push({ where: `${form.some(([n]) => n === k) ? 'form' : 'query'} ${k}`, text: v });
  }
  for (const k of ['id_token']) {
    const v = locParams[k];
    if (v?.startsWith('eyJ') && locUrl?.hash.includes(`${k}=`)) artifacts.push({ where: `redirect fragment ${k}`, text: v });
  }

  const body = x.responseBody;
  const mime = (x.responseMimeType ?? header(x.responseHeaders, 'content-type') ?? '').toLowerCase();
  if (body !== undefined && (mime.includes('json') || body.trimStart().startsWith('{'))) {
    // Only its id_token, access_token and error matter: a body naming none (a key may hide in \u
    // escapes) is not parsed.
    const json = mayNameTokenOrError(body) ? parseJson(body.length < 2_000_000 ? body : '') : undefined;
    if (isJsonObject(json)) {
      for (const k of ['id_token', 'access_token']) {
        const v = stringOf(json, k);
        if (v?.startsWith('eyJ')) artifacts.push({ where: `response ${k}`, text: v });
      }
      const error = stringOf(json, 'error');
      if (error !== undefined && (role === 'token' || stringOf(json, 'error_description') !== undefined)) {
        findings.push(...explainOAuthError({ error, ...(stringOf(json, 'error_description') !== undefined ? { description: stringOf(json, 'error_description') ?? '' } : {}) }, 'the token endpoint answered with an error'));
      }
    }
  } else if (body !== undefined && (mime.includes('html') || /^\s*</.test(body))) {
    const kc = explainKeycloakPage(body);
    findings.push(...kc);
    if (!findings.some((f) => f.id === 'entra.aadsts') && /AADSTS\d{5,7}/.test(body)) {
      const text = htmlText(body);
      const at = text.search(/AADSTS\d{5,7}/);
      findings.push(...explainAadstsIn(text.slice(at, at + 600)));
    }
  }

  const status = x.status;
  const resourceType = (x.resourceType ?? '').toLowerCase();
  const navigational =
    role !== 'other' ||
    findings.length > 0 ||
    (!STATIC.test(url?.pathname ?? x.url) && !['script', 'stylesheet', 'image', 'font', 'xhr', 'fetch', 'media', 'websocket', 'ping', 'manifest', 'other'].includes(resourceType) && ((status !== undefined && status >= 300 && status < 400 && location !== undefined) || mime.includes('html') || resourceType === 'document' || (x.method === 'POST' && form.length > 0)));

  if (!navigational) return undefined;

  const state = params['state'] ?? (role === 'other' && errorFromLocation === undefined ? undefined : locParams['state']);
  const code = params['code'];
  return {
    entry: x.entry,
    ...(x.time !== undefined ? { time: x.time } : {}),
    ...(x.durationMs !== undefined ? { durationMs: x.durationMs } : {}),
    method: x.method,
    url: redactUrl(x.url),
    matchUrl: stripFragment(url?.href ?? x.url),
    ...(status !== undefined ? { status } : {}),
    role,
    ...(location !== undefined ? { location: stripFragment(location) } : {}),
    ...(header(x.requestHeaders, 'referer') !== undefined ? { referer: stripFragment(header(x.requestHeaders, 'referer') ?? '') } : {}),
    params: shownParams(all),
    app,
    ...(state !== undefined ? { state } : {}),
    ...(params['nonce'] !== undefined ? { nonce: params['nonce'] } : {}),
    ...(params['RelayState'] !== undefined ? { relayState: params['RelayState'] } : {}),
    ...(code !== undefined ? { codeHash: createHash('sha256').update(code).digest('base64url') } : {}),
    artifacts,
    findings,
    ...(errorFromLocation !== undefined ? { errorFromLocation } : {}),
    navigational,
  };
}

function mayNameTokenOrError(json: string): boolean {
  return json.includes('id_token') || json.includes('access_token') || json.includes('error') || json.includes('\\u');
}

function oauthError(p: Record<string, string>): OAuthError {
  return { error: p['error'] ?? '', ...(p['error_description'] !== undefined ? { description: p['error_description'] } : {}), ...(p['error_uri'] !== undefined ? { uri: p['error_uri'] } : {}) };
}

function shownParams(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs.slice(0, 64)) out[k] = isSecretParam(k) ? `…(${v.length} chars)` : v.length > 1024 ? `${v.slice(0, 1024)}…` : v;
  return out;
}

export function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function resolve(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

export function stripFragment(u: string): string {
  const h = u.indexOf('#');
  return h >= 0 ? u.slice(0, h) : u;
}
