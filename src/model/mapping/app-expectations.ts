import type { Expectations } from '../../decoders/inspect-options';
import { loadTrustMaterial } from '../../decoders/keys/load-trust';
import { mergeTrust, type TrustMaterial } from '../../decoders/keys/trusted-key';
import type { AppEntry, ConfigIndex } from '../config-index';
import type { CertificateRef } from '../config-types';
import { expectedOidcIssuer, expectedSamlIssuer } from './pick-app';

export interface AppExpectations {
  expected: Expectations;
  trust: TrustMaterial;
  /** Where the trust came from, in words ("certs/entra-iomete-signing.cer (token signing certificate)"). */
  trustSources: string[];
}

export type AppExpectationsOutcome = { ok: true; value: AppExpectations } | { ok: false; message: string };

/**
 * What an artifact for this app must look like, taken from the config: audience (client ID or SAML
 * identifier), issuer, recipient (the first reply URL) and the certificates the consumer trusts —
 * the app's token signing certificate, the one uploaded to the product, federation metadata, and
 * the validating certificates of a Keycloak broker in between. Referenced files are read with
 * `readFile` (relative to the config file); a file that cannot be read or parsed is an error, since
 * silently dropping trust would turn "invalid" into "not checked".
 */
export function appExpectations(index: ConfigIndex, entry: AppEntry, readFile: (relativePath: string) => Uint8Array | undefined): AppExpectationsOutcome {
  const app = entry.value;
  const refs: Array<{ ref: CertificateRef | { metadata: string }; label: string }> = [];
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
    if (app.signing?.certificate) refs.push({ ref: app.signing.certificate, label: 'token signing certificate' });
    if (app.serviceProvider?.idpCertificate) refs.push({ ref: app.serviceProvider.idpCertificate, label: `IdP certificate uploaded to ${app.product ?? app.id}` });
    if (app.metadataFile) refs.push({ ref: { metadata: app.metadataFile }, label: 'federation metadata' });
    if (app.serviceProvider?.metadataFile && app.serviceProvider.metadataFile !== app.metadataFile) refs.push({ ref: { metadata: app.serviceProvider.metadataFile }, label: `metadata uploaded to ${app.product ?? app.id}` });
    for (const b of index.brokers.filter((x) => x.upstream?.value.id === app.id)) (b.value.saml?.signingCertificates ?? []).forEach((c) => refs.push({ ref: c, label: `validating certificate of Keycloak identity provider ${b.value.alias}` }));
    const p = entry.provider.value;
    if (p.type === 'saml') (p.signingCertificates ?? []).forEach((c) => refs.push({ ref: c, label: `signing certificate of ${p.id}` }));
  }
  const trust: TrustMaterial[] = [];
  const trustSources: string[] = [];
  const seen = new Set<string>();
  for (const { ref, label } of refs) {
    let bytes: Uint8Array | undefined;
    let name: string;
    if ('metadata' in ref || 'file' in ref) {
      name = 'metadata' in ref ? ref.metadata : ref.file;
      if (seen.has(name)) continue;
      seen.add(name);
      bytes = readFile(name);
      if (!bytes) return { ok: false, message: `${app.id}: cannot read ${name} (${label}), named in the config` };
    } else if ('pem' in ref) {
      name = `inline PEM (${label})`;
      bytes = Buffer.from(ref.pem);
    } else if ('base64' in ref) {
      name = `inline certificate (${label})`;
      bytes = Buffer.from(`-----BEGIN CERTIFICATE-----\n${ref.base64.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`);
    } else continue; // a thumbprint alone verifies nothing
    const loaded = loadTrustMaterial(bytes, name);
    if (!loaded.ok) return { ok: false, message: `${app.id}: ${label}: ${loaded.error.message}` };
    trust.push(loaded.value);
    trustSources.push(`${name} (${label})`);
  }
  return { ok: true, value: { expected, trust: mergeTrust(...trust), trustSources } };
}
