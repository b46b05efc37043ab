import type { ExchangeFacts } from './exchange-facts';

/** What the decoded SAML messages add for matching (IDs, InResponseTo, RelayState, issuers). */
export interface SamlLinks {
  id?: string;
  inResponseTo?: string;
  relayState?: string;
  issuer?: string;
}

const INITIATORS = new Set(['authorize', 'authn-request']);
const SSO_ROLES = new Set(['authorize', 'callback', 'token', 'authn-request', 'saml-response', 'error-redirect']);

/**
 * Groups steps into sign-in attempts. Two steps belong together when one redirected to the other,
 * a login form was posted from the other's page (Referer, POSTs only), or they share a correlation
 * value: OIDC `state` (authorize ↔ callback), `nonce`, the authorization code (callback ↔ token),
 * SAML `ID` ↔ `InResponseTo`, `RelayState`. A hop through a broker (app → Keycloak → Entra → Keycloak
 * → app) is linked by its redirects and each hop's own state. A second authorize of the same client
 * starts a new attempt (a retry, not a hop). Returns each step's flow number (1-based, in order of
 * the attempts' first steps) or 0 for a step that belongs to no sign-in.
 */
export function groupFlows(steps: readonly ExchangeFacts[], saml: ReadonlyArray<SamlLinks | undefined>): number[] {
  const parent = steps.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] ?? i;
      parent[i] = parent[p] ?? p;
      i = p;
    }
    return i;
  };
  /** Initiator keys (client or SP) per component root, to refuse joining a retry to its predecessor. */
  const initiators = new Map<number, Set<string>>();
  const initiatorKey = (i: number): string | undefined => {
    const s = steps[i];
    if (!s || !INITIATORS.has(s.role)) return undefined;
    return s.role === 'authorize' ? `oidc:${s.app.clientId ?? ''}` : `saml:${saml[i]?.issuer ?? ''}`;
  };
  steps.forEach((_, i) => {
    const k = initiatorKey(i);
    if (k) initiators.set(i, new Set([k]));
  });
  const union = (a: number, b: number, strong: boolean): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ka = initiators.get(ra) ?? new Set<string>();
    const kb = initiators.get(rb) ?? new Set<string>();
    // Redirect and Referer links never join two attempts of the same client; correlation values may.
    if (!strong && [...kb].some((k) => ka.has(k))) return;
    parent[rb] = ra;
    initiators.set(ra, new Set([...ka, ...kb]));
    initiators.delete(rb);
  };

  const byUrl = new Map<string, number>();
  const byState = new Map<string, number>();
  const byNonce = new Map<string, number>();
  const byCode = new Map<string, number>();
  const bySamlId = new Map<string, number>();
  const byRelay = new Map<string, number>();
  const redirectsTo = new Map<string, number>();
  steps.forEach((s, i) => {
    // Redirects: an earlier step's Location is this step's URL.
    const from = redirectsTo.get(s.matchUrl);
    if (from !== undefined) union(from, i, false);
    else if (s.method === 'POST' && s.referer !== undefined) {
      const ref = byUrl.get(s.referer);
      if (ref !== undefined) union(ref, i, false);
    }
    const link = (map: Map<string, number>, value: string | undefined, strong = true): void => {
      if (value === undefined || value === '') return;
      const j = map.get(value);
      if (j !== undefined) union(j, i, strong);
      else map.set(value, i);
    };
    link(byState, s.state);
    link(byNonce, s.nonce);
    link(byCode, s.codeHash);
    link(byRelay, s.relayState);
    const links = saml[i];
    if (links?.id) bySamlId.set(links.id, i);
    if (links?.inResponseTo) {
      const j = bySamlId.get(links.inResponseTo);
      if (j !== undefined) union(j, i, true);
    }
    if (links?.relayState) link(byRelay, links.relayState);
    byUrl.set(s.matchUrl, i);
    if (s.location !== undefined) redirectsTo.set(s.location, i);
  });

  const sso = new Set<number>();
  steps.forEach((s, i) => {
    if (SSO_ROLES.has(s.role) || s.findings.length > 0) sso.add(find(i));
  });
  const numbers = new Map<number, number>();
  return steps.map((_, i) => {
    const root = find(i);
    if (!sso.has(root)) return 0;
    let n = numbers.get(root);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(root, n);
    }
    return n;
  });
}
