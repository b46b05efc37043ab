import type { InspectReport } from '../../decoders/result';
import { finding, type Finding } from '../../decoders/result';
import type { SamlMessageData } from '../../decoders/saml/saml-data';
import type { AppEntry, ConfigIndex } from '../config-index';
import type { SamlApp } from '../config-types';
import { matchExactly } from '../exact-match';
import { entraSamlEndpoint, isEntraSamlEndpoint, samlIssuerOf } from '../idp-endpoints';
import { childPointer } from '../json-pointer';
import type { AppPick } from '../mapping/pick-app';
import { NAMEID_FORMAT_URNS, shortNameIdFormat } from '../mapping/nameid-format';

/** The SP side's messages to the IdP that `inspect --config` checks against the IdP side's app. */
export function isSamlRequest(report: InspectReport): boolean {
  return report.kind === 'saml-authn-request' || report.kind === 'saml-logout-request';
}

const DOC = 'https://learn.microsoft.com/entra/identity-platform/single-sign-on-saml-protocol';
const UNSPECIFIED = NAMEID_FORMAT_URNS.unspecified;

/** The SAML app a request belongs to: the one whose identifiers hold its Issuer (or, for a LogoutRequest from the IdP, whose logout URL is its Destination). */
export function pickAppForRequest(report: InspectReport, index: ConfigIndex): AppPick {
  const data = report.data as SamlMessageData;
  const saml = index.apps.filter((a): a is AppEntry & { value: SamlApp } => a.value.protocol === 'saml');
  let hits = data.issuer !== undefined ? saml.filter((a) => a.value.identifiers.includes(data.issuer as string)) : [];
  if (hits.length === 0 && data.issuer !== undefined) hits = saml.filter((a) => a.value.identifiers.some((i) => matchExactly([i], data.issuer as string).kind === 'near'));
  if (hits.length === 0 && report.kind === 'saml-logout-request' && data.destination !== undefined) hits = saml.filter((a) => a.value.logoutUrl === data.destination);
  const ids = [...new Set(hits.map((h) => h.value.id))];
  if (ids.length === 1 && ids[0] !== undefined) return { ok: true, appId: ids[0] };
  if (ids.length === 0) return { ok: false, message: `no SAML app in the config has the request's Issuer ${JSON.stringify(data.issuer ?? '(none)')} as an identifier; name one with --app (${saml.map((a) => a.value.id).join(', ') || 'no SAML apps'})`, candidates: [] };
  return { ok: false, message: `the request's Issuer matches several apps (${ids.join(', ')}); name one with --app`, candidates: ids };
}

/**
 * An AuthnRequest or LogoutRequest from the SP against the IdP side's app (Entra's "Basic SAML
 * Configuration" as the config describes it). Every finding carries the JSON pointer of the config
 * value it disagrees with.
 * - Issuer = one of the app's Identifiers (Entra: AADSTS700016 otherwise);
 * - AssertionConsumerServiceURL, when present, one of its Reply URLs: "If provided, this parameter
 *   must match the RedirectUri of the cloud service" [DOC] (AADSTS50011);
 * - NameIDPolicy Format vs the app's Name ID format: Entra honours the format the request asks for
 *   [DOC, NameIDPolicy], so the NameID the SP receives is not the one configured;
 * - signed when the app requires verification certificates (the signature itself is verified by the
 *   decoder against those certificates: `saml.signature-invalid` / `saml.untrusted-certificate`);
 * - LogoutRequest: from the SP (Issuer an identifier) its Destination is the IdP's logout endpoint;
 *   from the IdP its Destination is the app's Logout URL.
 */
export function checkRequest(report: InspectReport, index: ConfigIndex, entry: AppEntry): Finding[] {
  const app = entry.value;
  if (app.protocol !== 'saml') return [finding('request.issuer-mismatch', 'error', `${app.id} is an OIDC app; a SAML request cannot be meant for it`, entry.pointer)];
  const data = report.data as SamlMessageData;
  const at = (...s: Array<string | number>): string => childPointer(entry.pointer, ...s);
  const out: Finding[] = [];
  const issuer = data.issuer;
  const idpIssuer = samlIssuerOf(entry.provider.value);
  const fromIdp = report.kind === 'saml-logout-request' && issuer !== undefined && issuer === idpIssuer;
  if (!fromIdp) {
    const m = issuer === undefined ? { kind: 'none' as const } : matchExactly(app.identifiers, issuer);
    if (m.kind !== 'exact') {
      const why = m.kind === 'near' ? `: ${m.why}, and Entra compares identifiers as strings` : '';
      out.push(finding('request.issuer-mismatch', 'error', `the request's Issuer (the SP entity ID) is ${issuer === undefined ? 'missing' : JSON.stringify(issuer)}, but ${app.id}'s Identifiers are ${app.identifiers.map((i) => JSON.stringify(i)).join(', ')}${why}. Entra answers AADSTS700016 (no application with this identifier)`, at('identifiers', m.kind === 'near' ? m.index : 0)));
    }
  }
  if (report.kind === 'saml-authn-request') {
    const req = data.authnRequest;
    const acs = req?.assertionConsumerServiceUrl;
    if (acs !== undefined) {
      const m = matchExactly(app.replyUrls, acs);
      if (m.kind !== 'exact') out.push(finding('request.acs-url-not-registered', 'error', `AssertionConsumerServiceURL ${JSON.stringify(acs)} is not a Reply URL of ${app.id} (${app.replyUrls.map((u) => JSON.stringify(u)).join(', ')})${m.kind === 'near' ? `: ${m.why}` : ''}. Entra requires it to match a reply URL exactly and answers AADSTS50011 [${DOC}]`, at('replyUrls', m.kind === 'near' ? m.index : 0)));
    }
    const asked = req?.nameIdPolicyFormat;
    const configured = app.nameId?.format;
    if (asked !== undefined && asked !== UNSPECIFIED && configured !== undefined && configured !== 'unspecified' && asked !== NAMEID_FORMAT_URNS[configured]) {
      out.push(finding('request.nameid-format-mismatch', 'warning', `the request asks for NameID format ${shortNameIdFormat(asked)}, but ${app.id} sends ${configured} (Unique User Identifier). Entra honours the format the request asks for [${DOC}, NameIDPolicy], so the SP gets another identifier than configured, or an error when the source cannot produce it. Align the SP's NameID policy with the app`, at('nameId', 'format')));
    }
  }
  const verification = app.verificationCertificates;
  if (verification?.required && !fromIdp && report.signature.status === 'unsigned') {
    out.push(finding('request.unsigned', 'error', `${app.id} requires signed requests (Verification certificates → Require verification certificates), but this ${data.message} is not signed: Entra refuses it. Sign requests with the key of a certificate listed there`, at('verificationCertificates', 'required')));
  }
  if (report.kind === 'saml-logout-request') out.push(...logoutDestination(report, entry, app, index, fromIdp, at));
  return out;
}

function logoutDestination(report: InspectReport, entry: AppEntry, app: SamlApp, index: ConfigIndex, fromIdp: boolean, at: (...s: Array<string | number>) => string): Finding[] {
  const data = report.data as SamlMessageData;
  const dest = data.destination;
  if (fromIdp) {
    if (app.logoutUrl === undefined) return [finding('request.destination-mismatch', 'warning', `the IdP sends this LogoutRequest to ${JSON.stringify(dest ?? '(no Destination)')}, but ${app.id} has no Logout Url: Entra sends single logout only to a configured Logout Url`, entry.pointer)];
    if (dest !== undefined && dest !== app.logoutUrl) {
      const m = matchExactly([app.logoutUrl], dest);
      return [finding('request.destination-mismatch', 'error', `the LogoutRequest's Destination ${JSON.stringify(dest)} is not ${app.id}'s Logout Url ${JSON.stringify(app.logoutUrl)}${m.kind === 'near' ? `: ${m.why}` : ''}; the SP refuses a logout addressed elsewhere`, at('logoutUrl'))];
    }
    return [];
  }
  if (dest === undefined) return [];
  const p = entry.provider.value;
  const brokerSlo = index.brokers.filter((b) => b.upstream?.value.id === app.id).map((b) => ({ url: b.value.saml?.singleLogoutServiceUrl, at: childPointer(b.pointer, 'saml', 'singleLogoutServiceUrl') }));
  if (p.type === 'entra') {
    if (isEntraSamlEndpoint(p, dest)) return [];
    const endpoint = entraSamlEndpoint(p);
    if (endpoint === undefined) return [];
    const configuredAt = brokerSlo.find((b) => b.url === dest)?.at ?? childPointer(entry.provider.pointer, 'tenantId');
    return [finding('request.destination-mismatch', 'error', `the LogoutRequest's Destination ${JSON.stringify(dest)} is not ${p.id}'s SAML logout endpoint ${endpoint}; Entra does not accept a logout addressed elsewhere`, configuredAt)];
  }
  return []; // other IdPs: the config does not name their logout endpoint
}
