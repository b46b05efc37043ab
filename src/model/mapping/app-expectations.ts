import type { Expectations } from '../../decoders/inspect-options';
import type { AppEntry, ConfigIndex } from '../config-index';
import { appTrustMaterial, type AppTrust } from './app-trust';
import { expectedOidcIssuer, expectedSamlIssuer } from './pick-app';

export interface AppExpectations extends AppTrust {
  expected: Expectations;
}

export type AppExpectationsOutcome = { ok: true; value: AppExpectations } | { ok: false; message: string };

/**
 * What an artifact for this app must look like, taken from the config: audience (client ID or SAML
 * identifier), issuer, recipient (the first reply URL) and what the consumer trusts
 * (`appTrustMaterial`: certificates, metadata, a Keycloak broker's validating certificates, an OIDC
 * app's trusted keys). A file that cannot be read or parsed is an error.
 */
export function appExpectations(index: ConfigIndex, entry: AppEntry, readFile: (relativePath: string) => Uint8Array | undefined): AppExpectationsOutcome {
  const app = entry.value;
  let expected: Expectations;
  if (app.protocol === 'oidc') {
    const issuer = expectedOidcIssuer(entry);
    expected = { audience: app.clientId, ...(issuer !== undefined ? { issuer } : {}) };
  } else {
    const issuer = expectedSamlIssuer(entry, index);
    expected = {
      ...(app.identifiers[0] !== undefined ? { audience: app.identifiers[0] } : {}),
      ...(issuer !== undefined ? { issuer } : {}),
      ...(app.replyUrls[0] !== undefined ? { recipient: app.replyUrls[0] } : {}),
    };
  }
  const trust = appTrustMaterial(index, entry, readFile);
  if (!trust.ok) return trust;
  return { ok: true, value: { expected, ...trust.value } };
}
