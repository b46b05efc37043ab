import { inspectMetadataXml } from '../decoders/metadata';
import type { MetadataData } from '../decoders/metadata/metadata-data';
import { defaultInspectOptions } from '../decoders/inspect-options';
import type { AppEntry, ConfigIndex } from './config-index';
import type { SamlApp } from './config-types';
import { NAMEID_FORMAT_URNS } from './mapping/nameid-format';
import { insecureRedirectUrisRule } from './rules/insecure-redirect-uris';
import { keycloakBrokerRule } from './rules/keycloak-broker';

/** SAML 2.0 bindings §3.4: the binding our AuthnRequest travels by. */
const HTTP_REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/**
 * What "Test SAML Sign-In" sends, read from the config: the SP entity ID, the IdP's SSO URL
 * (Redirect binding), the NameID format and whether the IdP wants signed requests.
 */
export interface SamlSignInPlan {
  appId: string;
  appName: string;
  /** The app's identifier (SP entity ID), sent as the AuthnRequest Issuer. */
  spEntityId: string;
  idpSsoUrl: string;
  /** Where the SSO URL came from, in words. */
  idpSsoUrlSource: string;
  /** NameIDPolicy Format URN, from `nameId.format` (or a brokering Keycloak's NameID policy format). */
  nameIdFormat?: string;
  /** Why requests should be signed (undefined: the config does not ask for signed requests). */
  signedRequestsRequiredBy?: string;
  /** The production reply URLs (ACS) the IdP app accepts, for the report. */
  productionReplyUrls: string[];
  /**
   * The config checks on the production reply URLs (what the IdP app accepts against what the SP
   * uses: a Keycloak broker's endpoint, https): the test ACS replaces them only for this run.
   */
  productionReplyUrlFindings: Array<{ id: string; severity: string; message: string }>;
  /** The RelayState the product sends, if the config names one. */
  relayState?: string;
  /** Where the test reply URL is added on the IdP side, in words (Entra, Keycloak, generic). */
  replyUrlHowTo: string;
}

export type SamlSignInPlanOutcome = { ok: true; value: SamlSignInPlan } | { ok: false; message: string };

/**
 * The plan for one SAML app. The IdP SSO URL is the first of: what was typed into the product
 * (`serviceProvider.idpSsoUrl`), the Single Sign-On service URL of a Keycloak identity provider
 * brokering the app, a generic SAML provider's `singleSignOnUrl`, the HTTP-Redirect
 * SingleSignOnService of the app's (or the product's) metadata file, and the provider's well-known
 * endpoint (Entra `https://login.microsoftonline.com/{tenant}/saml2`, Keycloak
 * `{baseUrl}/realms/{realm}/protocol/saml`).
 */
export function planSamlSignIn(index: ConfigIndex, entry: AppEntry, readFile: (relativePath: string) => Uint8Array | undefined): SamlSignInPlanOutcome {
  const app = entry.value;
  if (app.protocol !== 'saml') return { ok: false, message: `${app.id} is an OIDC app; "Test SAML Sign-In" is for SAML apps (use "Sign In as This App…")` };
  // `identifiers` may be missing on a model built from Terraform (identifier_uris that only apply or an unset variable decides).
  const spEntityId = (app.identifiers ?? [])[0];
  if (spEntityId === undefined) return { ok: false, message: `${app.id} has no identifier (SP entity ID) to send as the request's Issuer` };
  const metadata = metadataRoles(app, readFile);
  const sso = ssoUrlOf(index, entry, app, metadata);
  if (!sso) return { ok: false, message: `${app.id}: no IdP sign-in URL in the config — set serviceProvider.idpSsoUrl (the IdP's SAML SSO URL), or reference the IdP's metadata file` };
  // The app's NameID format; for an app a Keycloak realm brokers, the realm asks with its own policy.
  const format = app.nameId?.format ?? index.brokers.find((b) => b.upstream?.value.id === app.id && b.value.saml?.nameIdPolicyFormat)?.value.saml?.nameIdPolicyFormat;
  const signedBy = signedRequestsRequiredBy(index, entry, app, metadata);
  const provider = entry.provider.value;
  return {
    ok: true,
    value: {
      appId: app.id,
      appName: app.product ?? app.displayName ?? app.id,
      spEntityId,
      idpSsoUrl: sso.url,
      idpSsoUrlSource: sso.source,
      ...(format !== undefined ? { nameIdFormat: NAMEID_FORMAT_URNS[format] } : {}),
      ...(signedBy !== undefined ? { signedRequestsRequiredBy: signedBy } : {}),
      productionReplyUrls: [...app.replyUrls],
      productionReplyUrlFindings: replyUrlFindings(index, entry),
      ...(app.relayState !== undefined ? { relayState: app.relayState } : {}),
      replyUrlHowTo:
        provider.type === 'entra'
          ? 'Entra admin center → Enterprise applications → the app → Single sign-on → Basic SAML Configuration → Reply URL (Assertion Consumer Service URL): add it (keep the production one as the default)'
          : provider.type === 'keycloak'
            ? "Keycloak admin console → Clients → the SAML client → Settings: add it to Valid redirect URIs (and, if set, the Assertion Consumer Service POST Binding URL under Advanced)"
            : 'the IdP\'s configuration of this SP: add it as an allowed Assertion Consumer Service (reply) URL',
    },
  };
}

interface IdpRole {
  file: string;
  redirectSso?: string;
  wantAuthnRequestsSigned: boolean;
}

/** The IdP roles of the metadata files the config names (the app's own, the one uploaded to the product). */
function metadataRoles(app: SamlApp, readFile: (relativePath: string) => Uint8Array | undefined): IdpRole[] {
  const files = [...new Set([app.serviceProvider?.metadataFile, app.metadataFile].filter((f): f is string => f !== undefined))];
  const roles: IdpRole[] = [];
  for (const file of files) {
    const bytes = readFile(file);
    if (!bytes) continue;
    const report = inspectMetadataXml(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''), defaultInspectOptions());
    const data = report.data as Partial<MetadataData>;
    for (const entity of data.entities ?? []) {
      for (const role of entity.roles.filter((r) => r.type === 'IDPSSODescriptor')) {
        const redirect = role.endpoints.find((e) => e.service === 'SingleSignOnService' && e.binding === HTTP_REDIRECT_BINDING);
        roles.push({ file, ...(redirect ? { redirectSso: redirect.location } : {}), wantAuthnRequestsSigned: role.wantAuthnRequestsSigned === 'true' || role.wantAuthnRequestsSigned === '1' });
      }
    }
  }
  return roles;
}

function ssoUrlOf(index: ConfigIndex, entry: AppEntry, app: SamlApp, metadata: IdpRole[]): { url: string; source: string } | undefined {
  if (app.serviceProvider?.idpSsoUrl) return { url: app.serviceProvider.idpSsoUrl, source: 'serviceProvider.idpSsoUrl' };
  // A Keycloak realm brokering this app sends its users to the URL its identity provider names.
  const broker = index.brokers.find((b) => b.upstream?.value.id === app.id && b.value.saml?.singleSignOnServiceUrl);
  if (broker?.value.saml?.singleSignOnServiceUrl) return { url: broker.value.saml.singleSignOnServiceUrl, source: `Keycloak identity provider ${broker.value.alias} (Single Sign-On service URL)` };
  const p = entry.provider.value;
  if (p.type === 'saml' && p.singleSignOnUrl) return { url: p.singleSignOnUrl, source: `provider ${p.id} singleSignOnUrl` };
  const fromMetadata = metadata.find((r) => r.redirectSso !== undefined);
  if (fromMetadata?.redirectSso) return { url: fromMetadata.redirectSso, source: `HTTP-Redirect SingleSignOnService of ${fromMetadata.file}` };
  if (p.type === 'entra') return { url: `https://${ENTRA_LOGIN_HOSTS[p.cloud ?? 'global']}/${p.tenantId}/saml2`, source: `Entra tenant ${p.tenantDomain ?? p.tenantId} (its SAML endpoint)` };
  if (p.type === 'keycloak') return { url: `${p.baseUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(p.realm)}/protocol/saml`, source: `Keycloak realm ${p.realm} (its SAML endpoint)` };
  return undefined;
}

/**
 * Entra's sign-in hosts per national cloud
 * (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints).
 */
const ENTRA_LOGIN_HOSTS = { global: 'login.microsoftonline.com', usgov: 'login.microsoftonline.us', china: 'login.chinacloudapi.cn' } as const;

function signedRequestsRequiredBy(index: ConfigIndex, entry: AppEntry, app: SamlApp, metadata: IdpRole[]): string | undefined {
  if (app.verificationCertificates?.required) return 'the app requires verification certificates (Entra: "Require verification certificates" — signed requests)';
  const broker = index.brokers.find((b) => b.upstream?.value.id === entry.value.id && b.value.saml?.wantAuthnRequestsSigned);
  if (broker) return `Keycloak identity provider ${broker.value.alias} signs its AuthnRequests ("Want AuthnRequests signed")`;
  const md = metadata.find((r) => r.wantAuthnRequestsSigned);
  if (md) return `the IdP metadata ${md.file} says WantAuthnRequestsSigned="true"`;
  return undefined;
}

/** The reply-URL findings of the config rules that compare it (a rule failure is not this run's business). */
function replyUrlFindings(index: ConfigIndex, entry: AppEntry): SamlSignInPlan['productionReplyUrlFindings'] {
  const prefix = `${entry.pointer}/replyUrls`;
  const out: SamlSignInPlan['productionReplyUrlFindings'] = [];
  for (const rule of [keycloakBrokerRule, insecureRedirectUrisRule]) {
    try {
      for (const f of rule.check({ index, now: new Date() })) if (f.path === prefix || f.path.startsWith(`${prefix}/`)) out.push({ id: f.id, severity: f.severity, message: f.message });
    } catch {
      // config.rule-failed is reported by the config check itself.
    }
  }
  return out;
}
