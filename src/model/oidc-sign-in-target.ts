import type { AppEntry } from './config-index';
import type { EntraProvider, SecretRef } from './config-types';

/**
 * Where and how "Sign In as This App…" signs in for an OIDC app of a config: the authority MSAL
 * talks to, the protocol mode, the loopback redirect and the secret reference. Pure: the flow
 * itself is src/platform/oidc-sign-in.ts.
 */
export interface OidcSignInTarget {
  appId: string;
  clientId: string;
  /** `https://login.microsoftonline.com/<tenant>` (Entra) or the issuer (generic OIDC). */
  authority: string;
  /** MSAL's `protocolMode`: `AAD` for Entra, `OIDC` for everything else (Keycloak, Okta, oidc). */
  protocolMode: 'AAD' | 'OIDC';
  /** MSAL's `knownAuthorities`: the authority's host (with port) for generic OIDC, so MSAL trusts its discovery. */
  knownAuthorities: string[];
  entra: boolean;
  scopes: string[];
  loopback: LoopbackRedirect;
  clientSecret?: SecretRef;
}

export interface LoopbackRedirect {
  host: 'localhost' | '127.0.0.1';
  /** A fixed port when the registered redirect URI names one (and the provider compares ports); else random. */
  port?: number;
  path: string;
  /**
   * The redirect URI has no path (`http://localhost:PORT`, as registered `http://localhost`): sent
   * without the trailing slash, since providers compare the path exactly (the browser still asks for `/`).
   */
  bare: boolean;
  /** The loopback redirect URI found in the app's `redirectUris`, if any. */
  registered?: string;
  /** What must be registered on the provider for this to work, in words for the user. */
  register: string;
}

export type OidcSignInTargetOutcome = { ok: true; value: OidcSignInTarget } | { ok: false; message: string };

/**
 * Entra login hosts per national cloud, from Microsoft Learn "National clouds: Microsoft Entra
 * authentication endpoints" (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud).
 */
export const ENTRA_LOGIN_HOSTS: Readonly<Record<NonNullable<EntraProvider['cloud']>, string>> = {
  global: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.partner.microsoftonline.cn',
};

/** Hosts whose issuers are Entra's (v2 login hosts, the legacy China host, and the v1 `sts.windows.net`). */
const MICROSOFT_HOSTS = new Set([...Object.values(ENTRA_LOGIN_HOSTS), 'login.chinacloudapi.cn', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']);

/** OIDC Core §3.1.2.1: `openid` is what makes it an OIDC request; profile and email fill the claims mappings read. */
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1)(?::(\d{1,5}))?(\/[^?#]*)?$/i;

/**
 * The sign-in target of an OIDC app. The app's `issuer`, when set, decides the authority (so an
 * app can be pointed at a test provider by changing its issuer); otherwise the provider does.
 */
export function oidcSignInTarget(entry: AppEntry): OidcSignInTargetOutcome {
  const app = entry.value;
  if (app.protocol !== 'oidc') return { ok: false, message: `${app.id} is a SAML app: sign in with "Test SAML Sign-In…" instead` };
  const authority = authorityOf(entry);
  if (!authority.ok) return authority;
  const { url, entra } = authority;
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return { ok: false, message: `${app.id}: the authority ${url} is not https; providers are only reached over https` };
    host = u.host;
  } catch {
    return { ok: false, message: `${app.id}: the authority ${url} is not a URL` };
  }
  return {
    ok: true,
    value: {
      appId: app.id,
      clientId: app.clientId,
      authority: url,
      protocolMode: entra ? 'AAD' : 'OIDC',
      knownAuthorities: entra ? [] : [host],
      entra,
      scopes: app.scopes?.length ? [...app.scopes] : DEFAULT_SCOPES,
      loopback: loopbackOf(app.redirectUris ?? [], entra),
      ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}),
    },
  };
}

function authorityOf(entry: AppEntry): { ok: true; url: string; entra: boolean } | { ok: false; message: string } {
  const app = entry.value;
  const p = entry.provider.value;
  const cloudHost = p.type === 'entra' ? ENTRA_LOGIN_HOSTS[p.cloud ?? 'global'] : ENTRA_LOGIN_HOSTS.global;
  if (app.protocol === 'oidc' && app.issuer) {
    let u: URL;
    try {
      u = new URL(app.issuer);
    } catch {
      return { ok: false, message: `${app.id}: issuer ${app.issuer} is not a URL` };
    }
    if (MICROSOFT_HOSTS.has(u.hostname.toLowerCase())) {
      // v2 https://login.microsoftonline.com/{tenant}/v2.0, v1 https://sts.windows.net/{tenant}/: the tenant is the first segment.
      const tenant = u.pathname.split('/').find((s) => s.length > 0);
      if (!tenant) return { ok: false, message: `${app.id}: issuer ${app.issuer} names no tenant` };
      const loginHost = u.hostname.toLowerCase() === 'sts.windows.net' ? cloudHost : u.hostname.toLowerCase();
      return { ok: true, url: `https://${loginHost}/${tenant}`, entra: true };
    }
    return { ok: true, url: app.issuer.replace(/\/+$/, ''), entra: false };
  }
  switch (p.type) {
    case 'entra':
      return { ok: true, url: `https://${cloudHost}/${p.tenantId}`, entra: true };
    case 'keycloak':
      return { ok: true, url: `${p.baseUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(p.realm)}`, entra: false };
    case 'okta': {
      const server = app.protocol === 'oidc' && app.authorizationServer ? p.authorizationServers?.find((s) => s.id === app.authorizationServer) : undefined;
      return { ok: true, url: (server?.issuer ?? `https://${p.domain}`).replace(/\/+$/, ''), entra: false };
    }
    case 'oidc':
      return { ok: true, url: p.issuer.replace(/\/+$/, ''), entra: false };
    default:
      return { ok: false, message: `${app.id}: a SAML provider has no OIDC authority; set the app's issuer` };
  }
}

/**
 * The loopback redirect: the first `http://localhost…` / `http://127.0.0.1…` redirect URI of the
 * app. Entra ignores the port of a localhost redirect URI ("Redirect URI restrictions: localhost
 * exceptions", https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions),
 * so Entra always gets a random free port; RFC 8252 §7.3 asks every provider to do the same for
 * loopback IP literals, but some compare ports exactly, so elsewhere a registered port is kept.
 */
function loopbackOf(redirectUris: readonly string[], entra: boolean): LoopbackRedirect {
  for (const uri of redirectUris) {
    const m = LOOPBACK.exec(uri);
    if (!m) continue;
    const host = m[1]?.toLowerCase() === 'localhost' ? 'localhost' : '127.0.0.1';
    const port = m[2] !== undefined && !entra ? Number(m[2]) : undefined;
    const path = m[3] && m[3].length > 0 ? m[3] : '/';
    return { host, ...(port !== undefined && port > 0 && port < 65536 ? { port } : {}), path, bare: !m[3], registered: uri, register: `${uri} (registered)` };
  }
  return {
    host: 'localhost',
    path: '/',
    bare: true,
    register: entra
      ? 'http://localhost as a redirect URI under Authentication > "Mobile and desktop applications" (any port is accepted), and in the app\'s redirectUris here'
      : 'http://localhost (any port, RFC 8252 §7.3) as a redirect URI of the client at the provider, and in the app\'s redirectUris here',
  };
}
