import { loadTrustMaterial } from '../../decoders/keys/load-trust';
import { mergeTrust, type TrustedKey, type TrustMaterial } from '../../decoders/keys/trusted-key';
import type { KeySource } from '../../decoders/oidc/key-source';
import { finding, type Finding, type InspectReport } from '../../decoders/result';
import { childPointer } from '../json-pointer';
import type { AppEntry, ConfigIndex } from '../config-index';
import type { CertificateRef } from '../config-types';

/** What a consumer of an app trusts to verify the app's tokens or assertions, from the config. */
export interface AppTrust {
  trust: TrustMaterial;
  /** Where the trust came from, in words ("certs/entra-iomete-signing.cer (token signing certificate)"). */
  trustSources: string[];
  /** OIDC `trustedKeys.keyIds`: only these kids are accepted. */
  pinnedKeyIds?: string[];
  /** JSON pointer of `trustedKeys.keyIds`, for findings. */
  pinnedKeyIdsPath?: string;
  /** OIDC `trustedKeys.discoveryUrl`: keys to fetch when the network is allowed. */
  discoveryUrl?: string;
  /** Set by `fetchAppTrust`: what went wrong fetching (a `jwt.keys-fetch-failed` warning). */
  fetchFindings?: Finding[];
}

export type AppTrustOutcome = { ok: true; value: AppTrust } | { ok: false; message: string };

/**
 * The trust material an app's consumer uses, from the config alone (no network): for a SAML app the
 * app's token signing certificate, the one uploaded to the product, federation metadata and a Keycloak
 * broker's validating certificates; for an OIDC app its `trustedKeys` (JWKS file; the discovery URL
 * and pinned kids are returned for the caller to fetch / enforce — see `fetchAppTrust`). Files are read
 * with `readFile`, relative to the config file. A named file that cannot be read or parsed is a
 * failure: silently dropping trust would turn "invalid" into "not checked".
 *
 * This is the one place that says what an app trusts: "Test with a Token…", `inspect --config` and
 * live sign-in all call it.
 */
export function appTrustMaterial(index: ConfigIndex, entry: AppEntry, readFile: (relativePath: string) => Uint8Array | undefined): AppTrustOutcome {
  const app = entry.value;
  const refs: Array<{ ref: CertificateRef | { metadata: string } | { jwks: string }; label: string }> = [];
  const extra: Omit<AppTrust, 'trust' | 'trustSources'> = {};
  if (app.protocol === 'oidc') {
    const t = app.trustedKeys;
    if (t?.jwksFile !== undefined) refs.push({ ref: { jwks: t.jwksFile }, label: 'trusted keys (JWKS)' });
    if (t?.discoveryUrl !== undefined) extra.discoveryUrl = t.discoveryUrl;
    if (t?.keyIds?.length) {
      extra.pinnedKeyIds = [...t.keyIds];
      extra.pinnedKeyIdsPath = childPointer(entry.pointer, 'trustedKeys', 'keyIds');
    }
  } else {
    if (app.signing?.certificate) refs.push({ ref: app.signing.certificate, label: 'token signing certificate' });
    if (app.serviceProvider?.idpCertificate) refs.push({ ref: app.serviceProvider.idpCertificate, label: `IdP certificate uploaded to ${app.product ?? app.id}` });
    if (app.metadataFile) refs.push({ ref: { metadata: app.metadataFile }, label: 'federation metadata' });
    if (app.serviceProvider?.metadataFile && app.serviceProvider.metadataFile !== app.metadataFile) refs.push({ ref: { metadata: app.serviceProvider.metadataFile }, label: `metadata uploaded to ${app.product ?? app.id}` });
    for (const b of index.brokers.filter((x) => x.upstream?.value.id === app.id)) (b.value.saml?.signingCertificates ?? []).forEach((c) => refs.push({ ref: c, label: `validating certificate of Keycloak identity provider ${b.value.alias}` }));
    const p = entry.provider.value;
    if (p.type === 'saml') (p.signingCertificates ?? []).forEach((c) => refs.push({ ref: c, label: `signing certificate of ${p.id}` }));
  }
  const loaded = loadRefs(app.id, refs, readFile);
  if (!loaded.ok) return loaded;
  const trust = extra.pinnedKeyIds ? onlyPinned(loaded.value.trust, extra.pinnedKeyIds) : loaded.value.trust;
  return { ok: true, value: { trust, trustSources: loaded.value.trustSources, ...extra } };
}

/** The certificates a SAML app's IdP side trusts for the SP's signed requests (verification certificates, a Keycloak broker's realm signing keys). */
export function requestTrustMaterial(index: ConfigIndex, entry: AppEntry, readFile: (relativePath: string) => Uint8Array | undefined): AppTrustOutcome {
  const app = entry.value;
  if (app.protocol !== 'saml') return { ok: true, value: { trust: { keys: [] }, trustSources: [] } };
  const refs: Array<{ ref: CertificateRef; label: string }> = (app.verificationCertificates?.certificates ?? []).map((c, i) => ({ ref: c, label: `verification certificate ${i + 1}` }));
  for (const b of index.brokers.filter((x) => x.upstream?.value.id === app.id && x.value.saml?.wantAuthnRequestsSigned)) {
    for (const k of b.realm.value.keys ?? []) if (k.use === 'sig' && k.certificate) refs.push({ ref: k.certificate, label: `signing key ${k.name} of Keycloak realm ${b.realm.value.realm}` });
  }
  const loaded = loadRefs(app.id, refs, readFile);
  return loaded.ok ? { ok: true, value: loaded.value } : loaded;
}

function loadRefs(appId: string, refs: Array<{ ref: CertificateRef | { metadata: string } | { jwks: string }; label: string }>, readFile: (relativePath: string) => Uint8Array | undefined): AppTrustOutcome {
  const trust: TrustMaterial[] = [];
  const trustSources: string[] = [];
  const seen = new Set<string>();
  for (const { ref, label } of refs) {
    let bytes: Uint8Array | undefined;
    let name: string;
    if ('metadata' in ref || 'file' in ref || 'jwks' in ref) {
      name = 'metadata' in ref ? ref.metadata : 'jwks' in ref ? ref.jwks : ref.file;
      if (seen.has(name)) continue;
      seen.add(name);
      bytes = readFile(name);
      if (!bytes) return { ok: false, message: `${appId}: cannot read ${name} (${label}), named in the config` };
    } else if ('pem' in ref) {
      name = `inline PEM (${label})`;
      bytes = Buffer.from(ref.pem);
    } else if ('base64' in ref) {
      name = `inline certificate (${label})`;
      bytes = Buffer.from(`-----BEGIN CERTIFICATE-----\n${ref.base64.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`);
    } else continue; // a thumbprint alone verifies nothing
    const loaded = loadTrustMaterial(bytes, name);
    if (!loaded.ok) return { ok: false, message: `${appId}: ${label}: ${loaded.error.message}` };
    trust.push(loaded.value);
    trustSources.push(`${name} (${label})`);
  }
  return { ok: true, value: { trust: mergeTrust(...trust), trustSources } };
}

function onlyPinned(trust: TrustMaterial, kids: readonly string[]): TrustMaterial {
  return { keys: trust.keys.filter((k: TrustedKey) => k.kid !== undefined && kids.includes(k.kid)) };
}

/**
 * The network half of an app's trust: keys behind `trustedKeys.discoveryUrl`, and with pinned kids but
 * no keys at hand, the issuer's published keys — each narrowed to the pinned kids. Without a key source
 * (offline, untrusted workspace) nothing is fetched and the trust stays what the files gave.
 */
export async function fetchAppTrust<T extends AppTrust>(appTrust: T, keySource: KeySource | undefined, issuer?: string): Promise<T> {
  const findings: Finding[] = [];
  let trust = appTrust.trust;
  const sources = [...appTrust.trustSources];
  if (keySource) {
    let fetched: Awaited<ReturnType<KeySource['keysForIssuer']>> | undefined;
    let what = '';
    if (appTrust.discoveryUrl !== undefined && keySource.keysFromDiscovery) {
      fetched = await keySource.keysFromDiscovery(appTrust.discoveryUrl);
      what = appTrust.discoveryUrl;
    } else if (appTrust.pinnedKeyIds && trust.keys.length === 0 && issuer !== undefined) {
      fetched = await keySource.keysForIssuer(issuer, {});
      what = `the issuer ${issuer}`;
    }
    if (fetched?.ok) {
      const keys = appTrust.pinnedKeyIds ? onlyPinned({ keys: fetched.value.keys }, appTrust.pinnedKeyIds) : { keys: fetched.value.keys };
      trust = mergeTrust(trust, keys);
      sources.push(`${fetched.value.jwksUri} (${keys.keys.length} key${keys.keys.length === 1 ? '' : 's'}${appTrust.pinnedKeyIds ? ' with a pinned kid' : ''}, through ${fetched.value.discoveryUrl})`);
    } else if (fetched) findings.push(finding('jwt.keys-fetch-failed', 'warning', `could not fetch the keys the config names (${what}): ${fetched.error.message}`));
  }
  return { ...appTrust, trust, trustSources: sources, fetchFindings: findings };
}

/** A token whose `kid` the app does not pin is refused by the product, whoever signed it. */
export function pinnedKeyFindings(report: InspectReport, appTrust: Pick<AppTrust, 'pinnedKeyIds' | 'pinnedKeyIdsPath'>, appId: string): Finding[] {
  const pinned = appTrust.pinnedKeyIds;
  if (!pinned?.length) return [];
  const out: Finding[] = [];
  for (const r of [report, ...(report.items ?? [])]) {
    const header = tokenHeader(r);
    if (!header) continue;
    const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
    if (kid !== undefined && pinned.includes(kid)) continue;
    const message =
      kid === undefined
        ? `the token names no signing key (no "kid" header), and ${appId} accepts only the pinned key IDs ${pinned.join(', ')}`
        : `the token is signed with key ${JSON.stringify(kid)}, which ${appId} does not pin (pinned: ${pinned.join(', ')}): the product refuses it. If the issuer rolled its keys, pin the new kid`;
    out.push(finding('jwt.kid-not-pinned', 'error', message, appTrust.pinnedKeyIdsPath));
  }
  return out;
}

function tokenHeader(r: InspectReport): Record<string, unknown> | undefined {
  const data = r.data as { header?: Record<string, unknown>; decrypted?: { content?: string; token?: { header?: Record<string, unknown> } } } | null;
  if (r.kind === 'jwt') return data?.header;
  if (r.kind === 'jwe' && data?.decrypted?.content === 'nested-jws') return data.decrypted.token?.header;
  return undefined;
}
