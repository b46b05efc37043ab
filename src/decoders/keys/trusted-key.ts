import type { KeyObject, X509Certificate } from 'node:crypto';

/** A key the user (or a fetched, trusted source) vouches for. Nothing in a message becomes one. */
export interface TrustedKey {
  /** Where it came from, for reports: "keys.json", "https://login…/discovery/v2.0/keys". */
  source: string;
  kty: 'RSA' | 'EC' | 'OKP' | 'oct';
  key: KeyObject;
  kid?: string;
  /** SHA-1 thumbprint (base64url), as Entra v1 tokens name keys in `x5t`. */
  x5t?: string;
  alg?: string;
  use?: string;
  certificate?: X509Certificate;
}

export interface TrustMaterial {
  keys: TrustedKey[];
}

export const NO_TRUST: TrustMaterial = { keys: [] };

export function mergeTrust(...all: TrustMaterial[]): TrustMaterial {
  return { keys: all.flatMap((t) => t.keys) };
}
