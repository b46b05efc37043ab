import { crossHopFinding, type ConfigFinding } from '../config-finding';
import type { AppEntry } from '../config-index';
import type { SamlApp } from '../config-types';
import { matchExactly } from '../exact-match';
import { entraSamlEndpoint, isEntraSamlEndpoint, samlIssuerOf } from '../idp-endpoints';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * Both sides of a SAML app name each other; the names must agree exactly.
 * - SP → IdP: the entity ID and ACS URL the product shows (`serviceProvider.entityId`/`acsUrl`) must be
 *   one of the app's Identifiers / Reply URLs — Entra answers AADSTS700016 / AADSTS50011 otherwise
 *   [https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50011-reply-url-mismatch].
 * - IdP → SP: the IdP entity ID the product expects (`serviceProvider.idpEntityId`, a Keycloak broker's
 *   "Identity provider entity ID") must be the IdP's real Issuer, and its SSO URL the tenant's SAML
 *   endpoint. IOMETE's form says "Entity ID: paste the Identifier (Entity ID) from Microsoft Entra"
 *   [seed: iomete-entra-saml.md, step 5] — which invites pasting IOMETE's own URL; Entra's Issuer is
 *   `https://sts.windows.net/{tenant}/`.
 */
export const crossHopEndpointsRule: ConfigRule = {
  name: 'cross-hop-endpoints',
  ids: ['config.sp-entity-id-mismatch', 'config.acs-url-mismatch', 'config.idp-entity-id-mismatch', 'config.idp-sso-url-mismatch'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      if (a.value.protocol === 'oidc') {
        out.push(...oidcIssuer(a, a.value.issuer));
        continue;
      }
      const app = a.value;
      const sp = app.serviceProvider;
      const spPointer = childPointer(a.pointer, 'serviceProvider');
      if (sp?.entityId !== undefined) out.push(...spSide(a, app.identifiers, 'identifiers', 'Identifier (Entity ID)', sp.entityId, childPointer(spPointer, 'entityId'), 'config.sp-entity-id-mismatch', 'AADSTS700016'));
      if (sp?.acsUrl !== undefined) out.push(...spSide(a, app.replyUrls, 'replyUrls', 'Reply URL (ACS URL)', sp.acsUrl, childPointer(spPointer, 'acsUrl'), 'config.acs-url-mismatch', 'AADSTS50011'));
      const consumers: Array<{ entityId?: string; entityIdAt: string; ssoUrls: Array<{ url: string; at: string }>; who: string }> = [];
      if (sp) {
        consumers.push({
          ...(sp.idpEntityId !== undefined ? { entityId: sp.idpEntityId } : {}),
          entityIdAt: childPointer(spPointer, 'idpEntityId'),
          ssoUrls: sp.idpSsoUrl !== undefined ? [{ url: sp.idpSsoUrl, at: childPointer(spPointer, 'idpSsoUrl') }] : [],
          who: app.product ?? app.id,
        });
      }
      for (const b of index.brokers) {
        if (b.upstream?.value.id !== app.id || b.value.protocol !== 'saml') continue;
        const s = b.value.saml;
        const at = childPointer(b.pointer, 'saml');
        consumers.push({
          ...(s?.idpEntityId !== undefined ? { entityId: s.idpEntityId } : {}),
          entityIdAt: childPointer(at, 'idpEntityId'),
          ssoUrls: [
            ...(s?.singleSignOnServiceUrl !== undefined ? [{ url: s.singleSignOnServiceUrl, at: childPointer(at, 'singleSignOnServiceUrl') }] : []),
            ...(s?.singleLogoutServiceUrl !== undefined ? [{ url: s.singleLogoutServiceUrl, at: childPointer(at, 'singleLogoutServiceUrl') }] : []),
          ],
          who: `Keycloak identity provider ${b.value.alias}`,
        });
      }
      for (const c of consumers) out.push(...idpSide(a, app, c));
    }
    return out;
  },
};

function spSide(a: AppEntry, list: readonly string[], field: 'identifiers' | 'replyUrls', label: string, spValue: string, spAt: string, id: 'config.sp-entity-id-mismatch' | 'config.acs-url-mismatch', code: string): ConfigFinding[] {
  const m = matchExactly(list, spValue);
  if (m.kind === 'exact') return [];
  const app = a.value;
  const who = app.product ?? app.id;
  if (m.kind === 'near') {
    const at = childPointer(a.pointer, field, m.index);
    return [crossHopFinding(id, 'error', `${label} ${JSON.stringify(list[m.index])} of ${app.id} is not exactly what ${who} shows (${JSON.stringify(spValue)}): ${m.why}. The IdP compares them as strings (${code})`, at, spAt, { title: `Set the ${label.split(' (')[0]?.toLowerCase() ?? 'value'} to ${spValue}`, kind: 'replace', path: at, value: spValue })];
  }
  const at = childPointer(a.pointer, field, 0);
  const fix = list.length === 1 ? { title: `Set the ${label.split(' (')[0]?.toLowerCase() ?? 'value'} to ${spValue}`, kind: 'replace' as const, path: at, value: spValue } : undefined;
  return [crossHopFinding(id, 'error', `${who} shows ${JSON.stringify(spValue)} as its ${field === 'identifiers' ? 'entity ID' : 'ACS URL'}, but no ${label} of ${app.id} is that value (${list.map((x) => JSON.stringify(x)).join(', ')}): the IdP answers ${code}`, at, spAt, fix)];
}

function idpSide(a: AppEntry, app: SamlApp, c: { entityId?: string; entityIdAt: string; ssoUrls: Array<{ url: string; at: string }>; who: string }): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const provider = a.provider.value;
  const issuer = samlIssuerOf(provider);
  const providerAt = provider.type === 'entra' ? childPointer(a.provider.pointer, 'tenantId') : provider.type === 'saml' ? childPointer(a.provider.pointer, 'entityId') : a.provider.pointer;
  if (c.entityId !== undefined && issuer !== undefined && c.entityId !== issuer) {
    const own = [...app.identifiers, ...app.replyUrls, ...(app.signOnUrl !== undefined ? [app.signOnUrl] : [])].includes(c.entityId);
    const near = matchExactly([c.entityId], issuer);
    const why = own
      ? `that is ${app.id}'s own Identifier / reply URL (the SP's entity ID), not the IdP's: the field wants the IdP's entity ID${provider.type === 'entra' ? ' (Entra admin center → Single sign-on → "Microsoft Entra Identifier")' : ''}`
      : near.kind === 'near'
        ? near.why
        : `${provider.id}'s Issuer is ${issuer}`;
    out.push(
      crossHopFinding('config.idp-entity-id-mismatch', 'error', `${c.who} expects the IdP entity ID ${JSON.stringify(c.entityId)}, but ${provider.id} signs its responses as ${JSON.stringify(issuer)}: ${why}. Every response is refused as coming from another issuer`, c.entityIdAt, providerAt, {
        title: `Set the IdP entity ID to ${issuer}`,
        kind: 'replace',
        path: c.entityIdAt,
        value: issuer,
      }),
    );
  }
  if (provider.type === 'entra') {
    const endpoint = entraSamlEndpoint(provider);
    for (const s of c.ssoUrls) {
      if (endpoint === undefined || s.url === endpoint || isEntraSamlEndpoint(provider, s.url)) continue;
      const other = /^https:\/\/login\.microsoftonline\.com\/([^/?#]+)\//i.exec(s.url)?.[1];
      const why = other !== undefined && /\/saml2\/?$/i.test(s.url) ? `it names tenant ${other}, not ${provider.tenantId}${provider.tenantDomain ? ` (${provider.tenantDomain})` : ''}` : `Entra's SAML endpoint for the tenant is ${endpoint}`;
      out.push(crossHopFinding('config.idp-sso-url-mismatch', 'error', `${c.who} sends users to ${JSON.stringify(s.url)}, not ${provider.id}'s SAML endpoint: ${why}`, s.at, childPointer(a.provider.pointer, 'tenantId'), { title: `Set the URL to ${endpoint}`, kind: 'replace', path: s.at, value: endpoint }));
    }
  }
  return out;
}

/**
 * An OIDC app's issuer (what the product is told: Palette "Issuer URL", Exoscale "OIDC Issuer URL")
 * against its Entra tenant. Entra's ID tokens carry `https://login.microsoftonline.com/{tenant-id}/v2.0`
 * (v1: `https://sts.windows.net/{tenant-id}/`), always with the tenant ID [DOMAIN-FACTS.md, `iss`];
 * discovery through a domain or another tenant's ID yields a document whose issuer differs, which
 * OIDC Discovery §4.3 says to reject.
 */
function oidcIssuer(a: AppEntry, issuer: string | undefined): ConfigFinding[] {
  const p = a.provider.value;
  if (issuer === undefined || p.type !== 'entra' || (p.cloud !== undefined && p.cloud !== 'global')) return [];
  const v2 = `https://login.microsoftonline.com/${p.tenantId}/v2.0`;
  const v1 = `https://sts.windows.net/${p.tenantId}/`;
  if (issuer === v2 || issuer === v1) return [];
  const at = childPointer(a.pointer, 'issuer');
  const toV2 = matchExactly([issuer], v2);
  const near = toV2.kind === 'near' ? toV2 : matchExactly([issuer], v1);
  const tenant = /^https:\/\/(?:login\.microsoftonline\.com|sts\.windows\.net)\/([^/?#]+)/i.exec(issuer)?.[1];
  let why: string;
  if (near.kind === 'near') why = near.why;
  else if (tenant === undefined) return []; // not an Entra URL at all: nothing to compare it with
  else if (tenant.toLowerCase() !== p.tenantId.toLowerCase()) why = tenant.includes('.') || /^(common|organizations|consumers)$/i.test(tenant) ? `Entra's tokens name the tenant by its ID, not "${tenant}"` : `it names tenant ${tenant}, not ${p.id}'s tenant ${p.tenantId}`;
  else why = `Entra's ID tokens say ${v2} (v2 endpoint) or ${v1} (v1), nothing else`;
  return [crossHopFinding('config.idp-entity-id-mismatch', 'error', `the issuer ${JSON.stringify(issuer)} of ${a.value.id} is not ${p.id}'s: ${why}. ${a.value.product ?? 'The product'} compares the ID token's iss with it and refuses every sign-in`, at, childPointer(a.provider.pointer, 'tenantId'), { title: `Set the issuer to ${v2}`, kind: 'replace', path: at, value: v2 })];
}
