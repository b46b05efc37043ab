import { createHash, type X509Certificate } from 'node:crypto';
import { isJsonObject, parseJson, stringOf } from '../../decoders/json';
import { parseJwks } from '../../decoders/jwt/jwks';
import { LIMITS } from '../../decoders/limits';
import { entityElements } from '../../decoders/metadata/read-entity';
import type { Fetcher } from '../../decoders/oidc/fetcher';
import { issuerMatches } from '../../decoders/oidc/key-source';
import { parseXml } from '../../decoders/saml/parse-xml';
import { attrOf, childElements, descendants, NS } from '../../decoders/saml/xml-names';
import { certificateFromBase64 } from '../../decoders/x509/certificate';

/** A certificate or key as an IdP publishes it. */
export interface PublishedKey {
  /** SHA-1 thumbprint, upper-case hex (what the Entra admin center shows). */
  sha1Thumbprint?: string;
  kid?: string;
  use: 'signing' | 'encryption';
  certificate?: X509Certificate;
}

export interface PublishedDocument {
  /** The URL finally read (after redirects); for OIDC, the JWKS URL. */
  url: string;
  /** SAML: the entity IDs in the document. */
  entityIds: string[];
  keys: PublishedKey[];
}

export type Published = { ok: true; value: PublishedDocument } | { ok: false; message: string };

export function sha1Hex(cert: X509Certificate): string {
  return createHash('sha1').update(cert.raw).digest('hex').toUpperCase();
}

/** SAML metadata text → its entity IDs and certificates by use (KeyDescriptor without `use` counts as both). */
export function readMetadataKeys(xml: string, url: string): Published {
  const parsed = parseXml(xml.replace(/^\uFEFF/, ''), { malformedId: 'metadata.malformed', maxBytes: LIMITS.maxMetadataDomBytes });
  if (!parsed.ok) return { ok: false, message: `${url} is not readable SAML metadata: ${parsed.error.message}` };
  const root = parsed.value.documentElement;
  if (!root || root.namespaceURI !== NS.metadata || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) return { ok: false, message: `${url} did not return SAML metadata (EntityDescriptor or EntitiesDescriptor)` };
  const entityIds: string[] = [];
  const keys = new Map<string, PublishedKey>();
  for (const entity of entityElements(root)) {
    entityIds.push(attrOf(entity, 'entityID') ?? '');
    for (const role of childElements(entity, NS.metadata)) {
      // SP roles list the SP's own certificates; only what the IdP signs with (or encrypts to) matters here.
      if (role.localName === 'SPSSODescriptor') continue;
      for (const kd of childElements(role, NS.metadata, 'KeyDescriptor')) {
        const use = attrOf(kd, 'use');
        for (const el of descendants(kd, NS.dsig, 'X509Certificate')) {
          const cert = certificateFromBase64(el.textContent ?? '');
          if (!cert.ok) continue;
          const tp = sha1Hex(cert.value);
          for (const u of use === 'encryption' ? (['encryption'] as const) : use === 'signing' ? (['signing'] as const) : (['signing', 'encryption'] as const)) {
            if (!keys.has(`${u}:${tp}`)) keys.set(`${u}:${tp}`, { sha1Thumbprint: tp, use: u, certificate: cert.value });
          }
        }
      }
    }
  }
  return { ok: true, value: { url, entityIds, keys: [...keys.values()] } };
}

export async function fetchMetadata(fetcher: Fetcher, url: string): Promise<Published> {
  const r = await fetcher.getText(url);
  if (!r.ok) return { ok: false, message: r.error.message };
  return readMetadataKeys(r.value.body, r.value.url);
}

/**
 * OIDC discovery (§4) then its `jwks_uri`. The document must name the issuer it was fetched for;
 * Entra's `?appid=` is carried over to the JWKS URL, as DiscoveryKeySource does.
 */
export async function fetchOidcKeys(fetcher: Fetcher, discoveryUrl: string, issuer: string | undefined): Promise<Published> {
  const doc = await fetcher.getText(discoveryUrl);
  if (!doc.ok) return { ok: false, message: doc.error.message };
  const json = parseJson(doc.value.body);
  if (!isJsonObject(json)) return { ok: false, message: `${discoveryUrl} did not return a JSON discovery document` };
  const docIssuer = stringOf(json, 'issuer');
  if (issuer !== undefined && docIssuer !== undefined && !issuerMatches(docIssuer, issuer)) return { ok: false, message: `the discovery document at ${discoveryUrl} names issuer ${docIssuer}, not ${issuer}` };
  let jwksUri = stringOf(json, 'jwks_uri');
  if (!jwksUri) return { ok: false, message: `${discoveryUrl} has no jwks_uri` };
  const appId = /[?&]appid=([^&]+)/.exec(discoveryUrl)?.[1];
  if (appId && !/[?&]appid=/.test(jwksUri)) jwksUri += `${jwksUri.includes('?') ? '&' : '?'}appid=${appId}`;
  const jwksDoc = await fetcher.getText(jwksUri);
  if (!jwksDoc.ok) return { ok: false, message: jwksDoc.error.message };
  const jwksJson = parseJson(jwksDoc.value.body);
  if (jwksJson === undefined) return { ok: false, message: `${jwksUri} did not return JSON` };
  const jwks = parseJwks(jwksJson, jwksUri);
  if (!jwks.ok) return { ok: false, message: `${jwksUri}: ${jwks.error.message}` };
  const keys: PublishedKey[] = jwks.value.keys.map((k) => ({
    use: k.use === 'enc' ? 'encryption' : 'signing',
    ...(k.kid !== undefined ? { kid: k.kid } : {}),
    ...(k.certificate ? { certificate: k.certificate, sha1Thumbprint: sha1Hex(k.certificate) } : k.x5t ? { sha1Thumbprint: Buffer.from(k.x5t, 'base64url').toString('hex').toUpperCase() } : {}),
  }));
  return { ok: true, value: { url: jwksDoc.value.url, entityIds: [], keys } };
}
