import { isJsonObject, stringOf, type JsonObject } from '../json';

export interface EntraInfo {
  version: 'v1' | 'v2';
  /** What the version was read from. */
  versionFrom: 'ver' | 'iss';
  tenantId?: string;
  consumerTenant: boolean;
}

const V2_ISSUER = /^https:\/\/login\.microsoftonline\.(?:com|us)\/([0-9a-f-]{36})\/v2\.0\/?$/i;
const V1_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/?$/i;

/** Entra v1 vs v2 from `ver`, else from the issuer's shape (id-token-claims-reference). */
export function detectEntra(payload: JsonObject): EntraInfo | undefined {
  const iss = stringOf(payload, 'iss') ?? '';
  const ver = stringOf(payload, 'ver');
  const v2 = V2_ISSUER.exec(iss);
  const v1 = V1_ISSUER.exec(iss);
  if (!v1 && !v2 && !(ver && stringOf(payload, 'tid'))) return undefined;
  const tid = stringOf(payload, 'tid') ?? v2?.[1] ?? v1?.[1];
  const version = ver === '2.0' ? 'v2' : ver === '1.0' ? 'v1' : v2 ? 'v2' : 'v1';
  return {
    version,
    versionFrom: ver === '1.0' || ver === '2.0' ? 'ver' : 'iss',
    ...(tid !== undefined ? { tenantId: tid } : {}),
    consumerTenant: tid === '9188040d-6c67-4c5b-b112-36a304b66dad',
  };
}

/**
 * Entra's groups overage: `_claim_names.groups` (over 200 groups in a JWT) or `hasgroups` (implicit
 * flow). Returns the Graph endpoint when one is given.
 * @see access-token-claims-reference.md "Groups overage claim"
 */
export function detectGroupsOverage(payload: JsonObject): { kind: 'claim-sources' | 'hasgroups'; endpoint?: string } | undefined {
  const names = payload['_claim_names'];
  if (isJsonObject(names) && typeof names['groups'] === 'string') {
    const sources = payload['_claim_sources'];
    const src = isJsonObject(sources) ? sources[names['groups']] : undefined;
    const endpoint = isJsonObject(src) ? stringOf(src, 'endpoint') : undefined;
    return { kind: 'claim-sources', ...(endpoint !== undefined ? { endpoint } : {}) };
  }
  if (payload['hasgroups'] === true || payload['hasgroups'] === 'true') return { kind: 'hasgroups' };
  return undefined;
}
