import type { InspectReport } from '../../decoders/result';
import { asIndex, type AppEntry, type ConfigIndex } from '../config-index';
import type { Provider, SsoConfig } from '../config-types';
import { sameUrl } from '../identifiers';
import { claimBagOf, isMappable } from './claim-bag';

/** The issuer an OIDC app's tokens carry, from the app or its provider. */
export function expectedOidcIssuer(entry: AppEntry): string | undefined {
  const app = entry.value;
  if (app.protocol !== 'oidc') return undefined;
  if (app.issuer) return app.issuer;
  const p: Provider = entry.provider.value;
  if (p.type === 'entra') return `https://login.microsoftonline.com/${p.tenantId}/v2.0`;
  if (p.type === 'oidc') return p.issuer;
  if (p.type === 'okta') return p.authorizationServers?.find((s) => s.id === app.authorizationServer)?.issuer ?? `https://${p.domain}`;
  if (p.type === 'keycloak') return `${p.baseUrl.replace(/\/+$/, '')}/realms/${p.realm}`;
  return undefined;
}

/** The Issuer of an SAML app's responses: what the SP side expects, else Entra's `https://sts.windows.net/{tenant}/`. */
export function expectedSamlIssuer(entry: AppEntry, index?: ConfigIndex): string | undefined {
  const app = entry.value;
  if (app.protocol !== 'saml') return undefined;
  if (app.serviceProvider?.idpEntityId) return app.serviceProvider.idpEntityId;
  const broker = index?.brokers.find((b) => b.upstream?.value.id === app.id && b.value.saml?.idpEntityId !== undefined);
  if (broker?.value.saml?.idpEntityId) return broker.value.saml.idpEntityId;
  const p = entry.provider.value;
  if (p.type === 'entra') return `https://sts.windows.net/${p.tenantId}/`;
  if (p.type === 'saml') return p.entityId;
  return undefined;
}

/** Whether an artifact was issued for this app: its audience names the app (and its issuer fits when known). */
export function appMatchesArtifact(entry: AppEntry, report: InspectReport): boolean {
  const bag = claimBagOf(report);
  if (!bag.ok) return false;
  const app = entry.value;
  if (app.protocol === 'oidc') {
    if (bag.bag.protocol !== 'oidc') return false;
    const ids = [app.clientId, app.appId].filter((x): x is string => x !== undefined).map((x) => x.toLowerCase());
    if (!bag.bag.audiences.some((a) => ids.includes(a.toLowerCase()))) return false;
    const iss = expectedOidcIssuer(entry);
    return iss === undefined || bag.bag.issuer === undefined || sameUrl(iss, bag.bag.issuer);
  }
  if (bag.bag.protocol !== 'saml') return false;
  return bag.bag.audiences.some((a) => app.identifiers.some((i) => i === a || sameUrl(i, a)));
}

export type AppPick = { ok: true; appId: string } | { ok: false; message: string; candidates: string[] };

/**
 * The app an artifact belongs to, when its audience (and issuer) matches exactly one app in the
 * config — so `--app` and the extension's app picker can be skipped.
 */
export function pickApp(report: InspectReport, config: SsoConfig | ConfigIndex): AppPick {
  const index = asIndex(config);
  const reports = isMappable(report) ? [report] : (report.items ?? []).filter(isMappable);
  const hits = [...new Set(index.apps.filter((a) => reports.some((r) => appMatchesArtifact(a, r))).map((a) => a.value.id))];
  if (hits.length === 1 && hits[0] !== undefined) return { ok: true, appId: hits[0] };
  if (hits.length === 0) return { ok: false, message: `no app in the config has the artifact's audience${reports.length ? '' : ' (it carries no ID token or SAML response)'}; name one with --app (${index.apps.map((a) => a.value.id).join(', ') || 'no apps'})`, candidates: [] };
  return { ok: false, message: `the artifact's audience matches several apps (${hits.join(', ')}); name one with --app`, candidates: hits };
}
