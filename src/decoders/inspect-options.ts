import type { KeyObject } from 'node:crypto';
import type { KeySource } from './oidc/key-source';
import type { TrustMaterial } from './keys/trusted-key';

/** Default tolerance for time conditions; Entra "might allow up to five minutes" (DOMAIN-FACTS.md). */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export interface Expectations {
  audience?: string;
  issuer?: string;
  /** SAML reply / ACS URL. */
  recipient?: string;
}

/** Everything outside the input that a decoder may use: passed in, so tests are deterministic. */
export interface InspectOptions {
  now: Date;
  clockSkewSeconds: number;
  trust: TrustMaterial;
  /** Private keys the user picked for EncryptedAssertion / JWE. Never logged or kept. */
  decryptionKeys: KeyObject[];
  expected: Expectations;
  /** Fetches keys from the issuer when online; absent = offline. */
  keySource?: KeySource;
}

export function defaultInspectOptions(overrides: Partial<InspectOptions> = {}): InspectOptions {
  return {
    now: new Date(),
    clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
    trust: { keys: [] },
    decryptionKeys: [],
    expected: {},
    ...overrides,
  };
}
