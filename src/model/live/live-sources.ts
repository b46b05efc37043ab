import { discoveryUrlFor } from '../../decoders/oidc/key-source';
import type { AppEntry, ConfigIndex } from '../config-index';
import type { CertificateRef, EntraProvider, Provider } from '../config-types';
import { childPointer } from '../json-pointer';
import { expectedOidcIssuer } from '../mapping/pick-app';
import { realmUrl } from '../rules/keycloak-broker';

/** What a live check fetches: SAML metadata, or an OIDC discovery document and the JWKS it names. */
export type LiveSourceKind = 'saml-metadata' | 'oidc-discovery';

/** A certificate the config pins, compared by SHA-1 thumbprint with the published ones. */
export interface PinnedCertificate {
  ref: CertificateRef;
  pointer: string;
  /** "token signing certificate of app spark-keycloak". */
  label: string;
  use: 'signing' | 'encryption';
}

export interface PinnedMetadataFile {
  file: string;
  pointer: string;
  label: string;
}

/**
 * A key an OIDC app pins: a `kid`, a certificate's SHA-1 thumbprint (hex), or both. The config's
 * OIDC trusted keys (JWKS file, pinned kids) come in through `LiveSourceOptions.pinnedKeys`.
 */
export interface PinnedKey {
  kid?: string;
  sha1Thumbprint?: string;
  pointer: string;
  label: string;
}

export interface LiveSource {
  kind: LiveSourceKind;
  /** The URL fetched (https only; the fetcher refuses anything else). */
  url: string;
  /** Where the config names the URL, or the setting it is derived from: findings about the source go here. */
  pointer: string;
  /** "App Federation Metadata of app spark-keycloak". */
  label: string;
  /** Config elements the source concerns (an app, a realm, a broker): the "Check Live" scope matches them. */
  owners: string[];
  /** OIDC: the issuer the discovery document must name (OIDC Discovery §4.3). */
  issuer?: string;
  certificates: PinnedCertificate[];
  metadataFiles: PinnedMetadataFile[];
  keys: PinnedKey[];
}

export interface LiveSourceOptions {
  /** Keys an OIDC app pins beyond its `certificates` and `trustedKeys`, by app. */
  pinnedKeys?: (app: AppEntry) => readonly PinnedKey[];
  /** Reads a file named by the config (relative to it): an OIDC app's `trustedKeys.jwksFile`. */
  readFile?: (relativePath: string) => Uint8Array | undefined;
}

/**
 * Entra login hosts per cloud (https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud).
 */
const ENTRA_LOGIN_HOSTS: Record<NonNullable<EntraProvider['cloud']>, string> = {
  global: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.chinacloudapi.cn',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every document a live check would fetch for this config, with what the config pins against it.
 * Only URLs the config names, or that follow from it by the IdP's documented scheme: an app's
 * metadata URL (Entra: the App Federation Metadata URL from tenant and app ID), a SAML provider's
 * metadata URL, a Keycloak realm's SAML descriptor, a Keycloak broker's metadata URL, and an OIDC
 * app's issuer discovery document (Entra: with `?appid=`, as for apps with custom signing keys).
 */
export function liveSources(index: ConfigIndex, options: LiveSourceOptions = {}): LiveSource[] {
  const out: LiveSource[] = [];
  for (const entry of index.apps) {
    const app = entry.value;
    const provider = entry.provider.value;
    if (app.protocol === 'saml') {
      const certificates: PinnedCertificate[] = [];
      const pin = (ref: CertificateRef | undefined, pointer: string, label: string): void => {
        if (ref && typeof ref === 'object') certificates.push({ ref, pointer, label, use: 'signing' });
      };
      pin(app.signing?.certificate, childPointer(entry.pointer, 'signing', 'certificate'), `token signing certificate of app ${app.id}`);
      pin(app.serviceProvider?.idpCertificate, childPointer(entry.pointer, 'serviceProvider', 'idpCertificate'), `IdP certificate uploaded to ${app.product ?? app.id}`);
      const owners = [entry.pointer];
      // A Keycloak broker of this app without its own metadata URL trusts what it was given once.
      for (const b of index.brokers.filter((x) => x.upstream === entry && x.value.saml && x.value.saml.metadataUrl === undefined)) {
        (b.value.saml?.signingCertificates ?? []).forEach((c, i) => pin(c, childPointer(b.pointer, 'saml', 'signingCertificates', i), `validating certificate ${i + 1} of Keycloak identity provider ${b.value.alias}`));
        owners.push(b.pointer);
      }
      const metadataFiles: PinnedMetadataFile[] = [];
      if (app.metadataFile) metadataFiles.push({ file: app.metadataFile, pointer: childPointer(entry.pointer, 'metadataFile'), label: `federation metadata file of app ${app.id}` });
      if (app.serviceProvider?.metadataFile && app.serviceProvider.metadataFile !== app.metadataFile) metadataFiles.push({ file: app.serviceProvider.metadataFile, pointer: childPointer(entry.pointer, 'serviceProvider', 'metadataFile'), label: `metadata file uploaded to ${app.product ?? app.id}` });
      let url = app.metadataUrl;
      let pointer = childPointer(entry.pointer, 'metadataUrl');
      if (url === undefined && provider.type === 'entra' && app.appId && GUID.test(app.appId) && GUID.test(provider.tenantId) && (certificates.length > 0 || metadataFiles.length > 0)) {
        // Entra's App Federation Metadata URL (Enterprise application → Single sign-on → SAML Certificates).
        url = `https://${entraHost(provider)}/${provider.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${app.appId}`;
        pointer = childPointer(entry.pointer, 'appId');
      }
      if (url !== undefined) out.push({ kind: 'saml-metadata', url, pointer, label: `federation metadata of app ${app.id}`, owners, certificates, metadataFiles, keys: [] });
    } else {
      const issuer = provider.type === 'entra' && !app.issuer ? `https://${entraHost(provider)}/${provider.tenantId}/v2.0` : expectedOidcIssuer(entry);
      if (issuer === undefined) continue;
      const appId = provider.type === 'entra' && GUID.test(app.clientId) ? app.clientId : undefined;
      const certificates: PinnedCertificate[] = [];
      // Entra custom signing keys (keyCredentials usage Sign) are published in the app's JWKS (?appid=).
      // Verify credentials are client-authentication certificates, which no JWKS lists.
      (app.certificates ?? []).forEach((c, i) => {
        if (c.usage === 'Sign') certificates.push({ ref: c.certificate, pointer: childPointer(entry.pointer, 'certificates', i, 'certificate'), label: `signing certificate ${c.displayName ?? i + 1} of app ${app.id}`, use: 'signing' });
      });
      // The app's own trusted keys (issue 10): a discovery URL it names replaces the derived one.
      const discoveryUrl = app.trustedKeys?.discoveryUrl;
      out.push({
        kind: 'oidc-discovery',
        url: discoveryUrl ?? discoveryUrlFor(issuer, appId),
        pointer: discoveryUrl ? childPointer(entry.pointer, 'trustedKeys', 'discoveryUrl') : app.issuer ? childPointer(entry.pointer, 'issuer') : childPointer(entry.pointer, 'clientId'),
        label: `discovery document and keys of ${issuer} for app ${app.id}`,
        owners: [entry.pointer],
        issuer,
        certificates,
        metadataFiles: [],
        keys: [...configPinnedKeys(entry, options.readFile), ...(options.pinnedKeys?.(entry) ?? [])],
      });
    }
  }
  for (const p of index.providers) {
    const provider: Provider = p.value;
    if (provider.type === 'saml' && provider.metadataUrl) {
      const certificates = (provider.signingCertificates ?? []).map((ref, i): PinnedCertificate => ({ ref, pointer: childPointer(p.pointer, 'signingCertificates', i), label: `signing certificate ${i + 1} of ${provider.id}`, use: 'signing' }));
      const metadataFiles = provider.metadataFile ? [{ file: provider.metadataFile, pointer: childPointer(p.pointer, 'metadataFile'), label: `metadata file of ${provider.id}` }] : [];
      out.push({ kind: 'saml-metadata', url: provider.metadataUrl, pointer: childPointer(p.pointer, 'metadataUrl'), label: `metadata of ${provider.id}`, owners: [p.pointer], certificates, metadataFiles, keys: [] });
    }
    if (provider.type === 'keycloak') {
      const certificates: PinnedCertificate[] = [];
      (provider.keys ?? []).forEach((k, i) => {
        if (k.certificate) certificates.push({ ref: k.certificate, pointer: childPointer(p.pointer, 'keys', i, 'certificate'), label: `certificate of realm key ${k.name}`, use: k.use === 'enc' ? 'encryption' : 'signing' });
      });
      // The realm's IdP metadata (Realm settings → General → Endpoints → SAML 2.0 Identity Provider Metadata).
      if (certificates.length > 0) out.push({ kind: 'saml-metadata', url: `${realmUrl(provider)}/protocol/saml/descriptor`, pointer: childPointer(p.pointer, 'baseUrl'), label: `SAML descriptor of realm ${provider.realm}`, owners: [p.pointer], certificates, metadataFiles: [], keys: [] });
      for (const b of index.brokers.filter((x) => x.realm.pointer === p.pointer)) {
        const saml = b.value.saml;
        if (!saml?.metadataUrl) continue;
        const pins = (saml.signingCertificates ?? []).map((ref, i): PinnedCertificate => ({ ref, pointer: childPointer(b.pointer, 'saml', 'signingCertificates', i), label: `validating certificate ${i + 1} of Keycloak identity provider ${b.value.alias}`, use: 'signing' }));
        out.push({ kind: 'saml-metadata', url: saml.metadataUrl, pointer: childPointer(b.pointer, 'saml', 'metadataUrl'), label: `metadata of Keycloak identity provider ${b.value.alias}`, owners: [b.pointer, ...(b.upstream ? [b.upstream.pointer] : [])], certificates: pins, metadataFiles: [], keys: [] });
      }
    }
  }
  return out;
}

/**
 * The keys an OIDC app's `trustedKeys` pins: each `keyIds` entry, and the `kid` of every key in its
 * JWKS file (an unreadable or malformed file is the static rules' finding, not the live check's).
 */
function configPinnedKeys(entry: AppEntry, readFile: LiveSourceOptions['readFile']): PinnedKey[] {
  const app = entry.value;
  if (app.protocol !== 'oidc' || !app.trustedKeys) return [];
  const keys: PinnedKey[] = (app.trustedKeys.keyIds ?? []).map((kid, i) => ({ kid, pointer: childPointer(entry.pointer, 'trustedKeys', 'keyIds', i), label: `pinned key ${kid} of app ${app.id}` }));
  const file = app.trustedKeys.jwksFile;
  const bytes = file !== undefined ? readFile?.(file) : undefined;
  if (file !== undefined && bytes) {
    for (const kid of jwksKids(bytes)) {
      if (!keys.some((k) => k.kid === kid)) keys.push({ kid, pointer: childPointer(entry.pointer, 'trustedKeys', 'jwksFile'), label: `key ${kid} of the JWKS file ${file} of app ${app.id}` });
    }
  }
  return keys;
}

/** The `kid`s of a JWKS (or one JWK) file; anything else yields none. */
function jwksKids(bytes: Uint8Array): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
  const keys = typeof doc === 'object' && doc !== null && Array.isArray((doc as { keys?: unknown }).keys) ? ((doc as { keys: unknown[] }).keys) : [doc];
  return keys.flatMap((k) => (typeof k === 'object' && k !== null && typeof (k as { kid?: unknown }).kid === 'string' ? [(k as { kid: string }).kid] : [])).slice(0, 1000);
}

/** Whether a source concerns the element at `scope` (a provider or app node), or the whole file for ''. */
export function inScope(source: LiveSource, scope: string | undefined): boolean {
  if (scope === undefined || scope === '') return true;
  return source.owners.some((o) => o === scope || o.startsWith(`${scope}/`) || scope.startsWith(`${o}/`));
}

function entraHost(p: EntraProvider): string {
  return ENTRA_LOGIN_HOSTS[p.cloud ?? 'global'];
}
