import type { InspectOptions } from '../decoders/inspect-options';
import { mergeTrust } from '../decoders/keys/trusted-key';
import type { InspectReport, Result } from '../decoders/result';
import { requestTrustMaterial } from '../model/mapping';
import { checkRequest, isSamlRequest, pickAppForRequest } from '../model/requests/check-request';
import type { InspectConfig } from './inspect-config';
import { UsageError } from './io';

export { isSamlRequest };

/**
 * `inspect REQUEST --config FILE [--app ID]`: an AuthnRequest or LogoutRequest from the SP, checked
 * against the IdP side's app. The request is inspected again with the certificates the app verifies
 * signed requests with (flags given as well still count), then `request.*` findings are added. A
 * request carries no claims: no `data.mapping`.
 */
export async function checkRequestThroughConfig(report: InspectReport, config: InspectConfig, options: InspectOptions, reinspect: (options: InspectOptions) => Promise<Result<InspectReport>>): Promise<InspectReport> {
  let entry = config.entry;
  if (!entry) {
    const pick = pickAppForRequest(report, config.index);
    if (!pick.ok) throw new UsageError(`--config ${config.file}: ${pick.message}`);
    entry = config.index.app(pick.appId);
    if (!entry) throw new UsageError(`--config ${config.file}: no app ${pick.appId}`);
  }
  if (entry.value.protocol !== 'saml') throw new UsageError(`--app ${entry.value.id}: a SAML ${report.kind === 'saml-logout-request' ? 'LogoutRequest' : 'AuthnRequest'} goes to a SAML app; ${entry.value.id} is ${entry.value.protocol}`);
  const trust = requestTrustMaterial(config.index, entry, config.readFile);
  if (!trust.ok) throw new UsageError(`--config: ${trust.message}`);
  const again = await reinspect({ ...options, trust: mergeTrust(options.trust, trust.value.trust) });
  if (!again.ok) throw new UsageError(again.error.message);
  const current = again.value;
  return { ...current, findings: [...current.findings, ...checkRequest(current, config.index, entry)] };
}
