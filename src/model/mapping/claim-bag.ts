import { detectGroupsOverage } from '../../decoders/jwt/entra';
import type { JwtData } from '../../decoders/jwt/inspect-jwt';
import { isJsonObject, type JsonObject } from '../../decoders/json';
import type { InspectReport } from '../../decoders/result';
import type { SamlMessageData } from '../../decoders/saml/saml-data';
import { ENTRA_GROUPS_LINK_ATTRIBUTE } from '../emitted-claims';
import type { ClaimBag } from './mapping-types';

/** A report the mapping can read claims from: an ID token (signed, or encrypted) or a SAML response. */
export type MappableKind = 'jwt' | 'jwe' | 'saml-response';

export function isMappable(report: InspectReport): boolean {
  return report.kind === 'jwt' || report.kind === 'jwe' || report.kind === 'saml-response';
}

/** The claims of a decrypted JWE (a nested signed token, or a bare claims set), when it was decrypted. */
function decryptedPayload(report: InspectReport): unknown {
  const data = report.data as { decrypted?: { token?: Partial<JwtData> } } | undefined;
  return data?.decrypted?.token?.payload;
}

/** Text form of one JSON claim value; arrays give one string per element. */
function textValues(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? [] : textValues(v)));
  if (typeof value === 'object') return [JSON.stringify(value)];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [String(value)] : [];
}

export function bagFromPayload(payload: Record<string, unknown>): ClaimBag {
  const values = new Map<string, string[]>();
  for (const [k, v] of Object.entries(payload)) values.set(k, textValues(v));
  const overage = detectGroupsOverage(payload as JsonObject);
  const aud = payload['aud'];
  return {
    protocol: 'oidc',
    values,
    friendlyNames: new Map(),
    payload,
    ...(overage ? { overage } : {}),
    audiences: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [],
    ...(typeof payload['iss'] === 'string' ? { issuer: payload['iss'] } : {}),
  };
}

export interface SamlBagInput {
  attributes: Array<{ name: string; friendlyName?: string; values: string[] }>;
  nameId?: { value: string; format?: string };
  audiences: string[];
  issuer?: string;
}

export function bagFromSaml(input: SamlBagInput): ClaimBag {
  const values = new Map<string, string[]>();
  const friendlyNames = new Map<string, string>();
  for (const a of input.attributes) {
    values.set(a.name, [...(values.get(a.name) ?? []), ...a.values]);
    if (a.friendlyName) friendlyNames.set(a.friendlyName, a.name);
  }
  const link = values.get(ENTRA_GROUPS_LINK_ATTRIBUTE)?.[0];
  return {
    protocol: 'saml',
    values,
    friendlyNames,
    ...(input.nameId ? { nameId: input.nameId } : {}),
    // Entra sends groups.link instead of the groups when there would be more than 150 [doc: reference-saml-tokens.md].
    ...(values.has(ENTRA_GROUPS_LINK_ATTRIBUTE) ? { overage: { kind: 'groups-link' as const, ...(link !== undefined ? { endpoint: link } : {}) } } : {}),
    audiences: input.audiences,
    ...(input.issuer !== undefined ? { issuer: input.issuer } : {}),
  };
}

/** Reads the claims of a JWT or SAML-response report; a reason when there are none to read. */
export function claimBagOf(report: InspectReport): { ok: true; bag: ClaimBag } | { ok: false; reason: string } {
  if (report.kind === 'jwe') {
    const payload = decryptedPayload(report);
    if (!isJsonObject(payload)) return { ok: false, reason: 'the token is encrypted (JWE) and was not decrypted (give the private key), so there are no claims to map' };
    return { ok: true, bag: bagFromPayload(payload) };
  }
  if (report.kind === 'jwt') {
    const data = report.data as Partial<JwtData>;
    if (!data.payload || !isJsonObject(data.payload)) return { ok: false, reason: 'the token could not be decoded, so there are no claims to map' };
    return { ok: true, bag: bagFromPayload(data.payload) };
  }
  if (report.kind === 'saml-response') {
    const data = report.data as Partial<SamlMessageData>;
    const assertion = data.assertions?.[0];
    if (!assertion) {
      const encrypted = data.encryptedAssertion && !data.encryptedAssertion.decrypted;
      return { ok: false, reason: encrypted ? 'the assertion is encrypted and was not decrypted (give the SP private key), so there are no attributes to map' : 'the response carries no assertion, so there are no attributes to map' };
    }
    return {
      ok: true,
      bag: bagFromSaml({
        attributes: assertion.attributes,
        ...(assertion.nameId ? { nameId: { value: assertion.nameId.value, ...(assertion.nameId.format !== undefined ? { format: assertion.nameId.format } : {}) } } : {}),
        audiences: assertion.conditions?.audiences ?? [],
        ...((assertion.issuer ?? data.issuer) !== undefined ? { issuer: assertion.issuer ?? data.issuer } : {}),
      }),
    };
  }
  return { ok: false, reason: `a ${report.kind} carries no user claims` };
}
