import { crossHopFinding, type ConfigFinding } from '../config-finding';
import type { Located } from '../config-index';
import type { Provider } from '../config-types';
import { guidsIn, samlIssuerOf } from '../idp-endpoints';
import { childPointer } from '../json-pointer';
import type { ConfigRule, RuleContext } from './rule';

/**
 * A metadata file or URL the config references must describe the provider it sits under. Entra's
 * federation metadata names its tenant in `entityID` (`https://sts.windows.net/{tenant}/`); the App
 * Federation Metadata URL names the tenant in its path and the app in `?appid=` [DOMAIN-FACTS.md;
 * https://learn.microsoft.com/entra/identity-platform/federation-metadata]. A file downloaded from
 * another tenant (a test tenant, a colleague's) passes every other check and fails every sign-in.
 */
export const metadataProviderRule: ConfigRule = {
  name: 'metadata-provider',
  ids: ['config.metadata-mismatch'],
  check(ctx) {
    const out: ConfigFinding[] = [];
    const { index } = ctx;
    for (const p of index.providers) if (p.value.type === 'saml' && p.value.metadataFile !== undefined) out.push(...fileCheck(p, p.value.metadataFile, childPointer(p.pointer, 'metadataFile'), ctx));
    for (const a of index.apps) {
      if (a.value.protocol !== 'saml') continue;
      const app = a.value;
      const files = [
        ...(app.metadataFile !== undefined ? [{ file: app.metadataFile, at: childPointer(a.pointer, 'metadataFile') }] : []),
        ...(app.serviceProvider?.metadataFile !== undefined ? [{ file: app.serviceProvider.metadataFile, at: childPointer(a.pointer, 'serviceProvider', 'metadataFile') }] : []),
      ];
      const seen = new Set<string>();
      for (const f of files) {
        if (seen.has(f.file)) continue;
        seen.add(f.file);
        out.push(...fileCheck(a.provider, f.file, f.at, ctx));
      }
      if (app.metadataUrl !== undefined) out.push(...urlCheck(a.provider, app.metadataUrl, childPointer(a.pointer, 'metadataUrl'), app.appId, app.appId !== undefined ? childPointer(a.pointer, 'appId') : undefined));
      for (const b of index.brokers) {
        const url = b.value.saml?.metadataUrl;
        if (b.upstream?.value.id === app.id && url !== undefined) out.push(...urlCheck(a.provider, url, childPointer(b.pointer, 'saml', 'metadataUrl'), app.appId, app.appId !== undefined ? childPointer(a.pointer, 'appId') : undefined));
      }
    }
    return out;
  },
};

function fileCheck(provider: Located<Provider>, file: string, at: string, ctx: RuleContext): ConfigFinding[] {
  const bytes = ctx.readFile?.(file);
  if (!bytes) return []; // config.file-not-found says so
  const entityId = rootEntityId(Buffer.from(bytes.subarray(0, 65_536)).toString('utf8'));
  const expected = samlIssuerOf(provider.value);
  if (entityId === undefined || expected === undefined || entityId === expected) return [];
  const p = provider.value;
  const providerAt = p.type === 'entra' ? childPointer(provider.pointer, 'tenantId') : p.type === 'saml' ? childPointer(provider.pointer, 'entityId') : provider.pointer;
  let why = `its entityID is ${entityId}, but ${p.id}'s is ${expected}`;
  if (p.type === 'entra') {
    const tenant = guidsIn(entityId)[0];
    if (tenant !== undefined && tenant !== p.tenantId.toLowerCase()) why = `it is the federation metadata of tenant ${tenant} (entityID ${entityId}), not of ${p.id}'s tenant ${p.tenantId}: download the App Federation Metadata XML from this tenant's app`;
  }
  return [crossHopFinding('config.metadata-mismatch', 'error', `${file} does not describe ${p.id}: ${why}`, at, providerAt)];
}

function urlCheck(provider: Located<Provider>, url: string, at: string, appId: string | undefined, appIdAt: string | undefined): ConfigFinding[] {
  const p = provider.value;
  if (p.type !== 'entra') return [];
  const m = /^https:\/\/login\.microsoftonline\.com\/([^/?#]+)\/federationmetadata\//i.exec(url);
  const out: ConfigFinding[] = [];
  const tenant = m?.[1]?.toLowerCase();
  if (tenant !== undefined && tenant !== p.tenantId.toLowerCase() && tenant !== p.tenantDomain?.toLowerCase() && tenant !== 'common') {
    const fixed = url.replace(/^(https:\/\/login\.microsoftonline\.com\/)[^/?#]+/i, `$1${p.tenantId}`);
    out.push(crossHopFinding('config.metadata-mismatch', 'error', `the metadata URL names tenant ${m?.[1]}, not ${p.id}'s tenant ${p.tenantId}`, at, childPointer(provider.pointer, 'tenantId'), { title: `Use tenant ${p.tenantId} in the metadata URL`, kind: 'replace', path: at, value: fixed }));
  }
  const named = /[?&]appid=([^&#]+)/i.exec(url)?.[1];
  if (named !== undefined && appId !== undefined && decodeURIComponent(named).toLowerCase() !== appId.toLowerCase()) {
    out.push(crossHopFinding('config.metadata-mismatch', 'error', `the metadata URL is for app ${decodeURIComponent(named)}, not this app (${appId}): its certificates are another app's`, at, appIdAt, { title: `Use appid=${appId} in the metadata URL`, kind: 'replace', path: at, value: url.replace(/([?&]appid=)[^&#]+/i, `$1${appId}`) }));
  }
  return out;
}

/** The entityID of an EntityDescriptor root; undefined for aggregates and anything else. */
export function rootEntityId(xmlHead: string): string | undefined {
  const m = /<(?:[A-Za-z_][\w.-]*:)?(EntityDescriptor|EntitiesDescriptor)\b([^>]*)>/.exec(xmlHead);
  if (!m || m[1] !== 'EntityDescriptor') return undefined;
  return /\bentityID\s*=\s*"([^"]*)"/.exec(m[2] ?? '')?.[1];
}
