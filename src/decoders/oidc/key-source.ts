import { isJsonObject, parseJson, stringOf } from '../json';
import { parseJwks } from '../jwt/jwks';
import type { TrustedKey } from '../keys/trusted-key';
import { fail, ok, type Result } from '../result';
import type { Fetcher } from './fetcher';

/** Keys an issuer publishes, found through its discovery document. */
export interface IssuerKeys {
  discoveryUrl: string;
  jwksUri: string;
  keys: TrustedKey[];
  /** Why these keys were fetched ("issuer named by palette.sso.json"), set by the fetch policy. */
  why?: string;
}

export interface KeySource {
  /**
   * Keys for `issuer`. `refresh` asks for a fresh copy (unknown `kid`); the source decides whether
   * that is allowed yet.
   */
  keysForIssuer(issuer: string, options: { appId?: string; refresh?: boolean }): Promise<Result<IssuerKeys>>;
  /** Keys through a discovery document URL named in a config (`trustedKeys.discoveryUrl`), for whatever issuer it names. */
  keysFromDiscovery?(discoveryUrl: string): Promise<Result<IssuerKeys>>;
}

/** Entra: signing keys rotate without notice; refresh on unknown kid, at most every 5 min (DOMAIN-FACTS.md, signing-key-rollover.md). */
export const MIN_REFRESH_INTERVAL_MS = 5 * 60_000;
/** Entra: cache keys 24 h. */
export const CACHE_TTL_MS = 24 * 3_600_000;

/**
 * The OpenID Connect Discovery 1.0 §4 URL for an issuer. For Entra apps with custom signing keys
 * (claims-mapping policies) both the discovery document and the keys need `?appid=`.
 */
export function discoveryUrlFor(issuer: string, appId?: string): string {
  const base = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  return appId ? `${base}?appid=${encodeURIComponent(appId)}` : base;
}

/** Discovery + JWKS with a per-issuer cache, shared by CLI runs and the extension session. */
export class DiscoveryKeySource implements KeySource {
  private readonly cache = new Map<string, { at: number; value: IssuerKeys }>();
  /**
   * Failed fetches, remembered as long as a refresh would be refused: a HAR with a hundred tokens
   * from an issuer that does not answer must wait for the timeout once, not a hundred times.
   */
  private readonly failures = new Map<string, { at: number; message: string }>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly clock: () => number = Date.now,
  ) {}

  async keysForIssuer(issuer: string, options: { appId?: string; refresh?: boolean }): Promise<Result<IssuerKeys>> {
    if (!/^https:\/\//i.test(issuer)) return fail('jwt.keys-fetch-failed', `the issuer ${JSON.stringify(issuer)} is not an https URL, so there is no discovery document to fetch`);
    const discoveryUrl = discoveryUrlFor(issuer, options.appId);
    const cached = this.cache.get(discoveryUrl);
    const now = this.clock();
    if (cached) {
      const fresh = now - cached.at < CACHE_TTL_MS;
      const mayRefresh = now - cached.at >= MIN_REFRESH_INTERVAL_MS;
      if (fresh && !(options.refresh && mayRefresh)) return ok(cached.value);
    }
    const failed = this.failures.get(discoveryUrl);
    if (failed && now - failed.at < MIN_REFRESH_INTERVAL_MS) return fail('jwt.keys-fetch-failed', `${failed.message} (not retried: the last attempt failed ${Math.round((now - failed.at) / 1000)} s ago)`);
    const fetched = await this.fetchKeys(issuer, discoveryUrl, options.appId);
    if (fetched.ok) {
      this.failures.delete(discoveryUrl);
      this.cache.set(discoveryUrl, { at: now, value: fetched.value });
    } else this.failures.set(discoveryUrl, { at: now, message: fetched.error.message });
    return fetched;
  }

  async keysFromDiscovery(discoveryUrl: string): Promise<Result<IssuerKeys>> {
    if (!/^https:\/\//i.test(discoveryUrl)) return fail('jwt.keys-fetch-failed', `the discovery URL ${JSON.stringify(discoveryUrl)} is not an https URL`);
    const now = this.clock();
    const cached = this.cache.get(discoveryUrl);
    if (cached && now - cached.at < CACHE_TTL_MS) return ok(cached.value);
    const failed = this.failures.get(discoveryUrl);
    if (failed && now - failed.at < MIN_REFRESH_INTERVAL_MS) return fail('jwt.keys-fetch-failed', `${failed.message} (not retried: the last attempt failed ${Math.round((now - failed.at) / 1000)} s ago)`);
    const fetched = await this.fetchKeys(undefined, discoveryUrl, undefined);
    if (fetched.ok) {
      this.failures.delete(discoveryUrl);
      this.cache.set(discoveryUrl, { at: now, value: fetched.value });
    } else this.failures.set(discoveryUrl, { at: now, message: fetched.error.message });
    return fetched;
  }

  /** `issuer` undefined: a URL the config names; the document's own issuer is not compared with one. */
  private async fetchKeys(issuer: string | undefined, discoveryUrl: string, appId: string | undefined): Promise<Result<IssuerKeys>> {
    const doc = await this.fetcher.getText(discoveryUrl);
    if (!doc.ok) return fail('jwt.keys-fetch-failed', doc.error.message);
    const json = parseJson(doc.value.body);
    if (!isJsonObject(json)) return fail('jwt.keys-fetch-failed', `${discoveryUrl} did not return a JSON discovery document`);
    const docIssuer = stringOf(json, 'issuer');
    // OIDC Discovery §4.3: the document's issuer must equal the issuer it was fetched for. Entra's
    // multi-tenant documents say `{tenantid}`, which stands for any tenant.
    if (issuer !== undefined && docIssuer !== undefined && !issuerMatches(docIssuer, issuer)) {
      return fail('jwt.keys-fetch-failed', `the discovery document at ${discoveryUrl} names issuer ${docIssuer}, not ${issuer}`);
    }
    let jwksUri = stringOf(json, 'jwks_uri');
    if (!jwksUri) return fail('jwt.keys-fetch-failed', `${discoveryUrl} has no jwks_uri`);
    if (appId && !/[?&]appid=/.test(jwksUri)) jwksUri += `${jwksUri.includes('?') ? '&' : '?'}appid=${encodeURIComponent(appId)}`;
    const jwksDoc = await this.fetcher.getText(jwksUri);
    if (!jwksDoc.ok) return fail('jwt.keys-fetch-failed', jwksDoc.error.message);
    const jwksJson = parseJson(jwksDoc.value.body);
    if (jwksJson === undefined) return fail('jwt.keys-fetch-failed', `${jwksUri} did not return JSON`);
    const jwks = parseJwks(jwksJson, jwksUri);
    if (!jwks.ok) return fail('jwt.keys-fetch-failed', `${jwksUri}: ${jwks.error.message}`);
    return ok({ discoveryUrl, jwksUri, keys: jwks.value.keys });
  }
}

/** OIDC Discovery §4.3 issuer equality; Entra's `{tenantid}` placeholder stands for any tenant GUID. */
export function issuerMatches(docIssuer: string, issuer: string): boolean {
  if (docIssuer === issuer) return true;
  const pattern = docIssuer.split('{tenantid}').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[0-9a-fA-F-]{36}');
  return pattern !== docIssuer && new RegExp(`^${pattern}$`).test(issuer);
}
