import type { FlowStepReport } from '../../decoders/capture';
import type { InspectReport } from '../../decoders/result';
import type { SamlMessageData } from '../../decoders/saml/saml-data';
import type { AppEntry, ConfigIndex } from '../config-index';
import { sameUrl } from '../identifiers';
import { isMappable } from '../mapping/claim-bag';
import { appMatchesArtifact } from '../mapping/pick-app';

/** A flow report's steps (its items carry `step`). */
export function flowSteps(report: InspectReport): FlowStepReport[] {
  if (report.kind !== 'flow') return [];
  return (report.items ?? []).filter((i): i is FlowStepReport => typeof (i as Partial<FlowStepReport>).step === 'object');
}

const paramsOf = (r: InspectReport): Record<string, string> => ((r.data as { request?: { params?: Record<string, string> } } | undefined)?.request?.params ?? {});

/**
 * The app of the config each step belongs to: an authorization request by its `client_id`, an
 * AuthnRequest by its Issuer (the SP entity ID), a token or SAML response by its audience; a
 * callback or error redirect by the authorization request whose `state` it returns, a SAML response
 * by the AuthnRequest it answers (`InResponseTo`). Steps in between (login pages) have none.
 */
export function stepApps(report: InspectReport, index: ConfigIndex): Map<number, AppEntry> {
  const steps = flowSteps(report);
  const out = new Map<number, AppEntry>();
  const byClient = (clientId: string | undefined): AppEntry | undefined =>
    clientId === undefined ? undefined : index.apps.find((a) => a.value.protocol === 'oidc' && [a.value.clientId, a.value.appId].some((x) => x !== undefined && x.toLowerCase() === clientId.toLowerCase()));
  const bySp = (entityId: string | undefined): AppEntry | undefined =>
    entityId === undefined ? undefined : index.apps.find((a) => a.value.protocol === 'saml' && a.value.identifiers.some((i) => i === entityId || sameUrl(i, entityId)));
  for (const s of steps) {
    let app = byClient(s.step.app?.clientId) ?? bySp(s.step.app?.spEntityId);
    if (!app && isMappable(s)) app = index.apps.find((a) => appMatchesArtifact(a, s));
    if (!app && (s.step.role === 'callback' || s.step.role === 'error-redirect')) {
      const state = paramsOf(s)['state'];
      const origin = steps.find((o) => o.step.flow === s.step.flow && o.step.role === 'authorize' && state !== undefined && paramsOf(o)['state'] === state);
      if (origin) app = out.get(origin.step.index);
      // A single authorization request in the attempt: the callback answers it.
      if (!app) {
        const authorizes = steps.filter((o) => o.step.flow === s.step.flow && o.step.role === 'authorize' && o.step.index < s.step.index);
        if (authorizes.length === 1 && authorizes[0]) app = out.get(authorizes[0].step.index);
      }
    }
    if (!app && s.step.role === 'saml-response') {
      const irt = (s.data as Partial<SamlMessageData>).inResponseTo;
      const origin = steps.find((o) => o.kind === 'saml-authn-request' && irt !== undefined && (o.data as Partial<SamlMessageData>).id === irt);
      if (origin) app = out.get(origin.step.index);
    }
    if (app) out.set(s.step.index, app);
  }
  return out;
}
