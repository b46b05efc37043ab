/**
 * Whether SSO Lens may use the network, as a reason when it may not: the workspace must be trusted
 * and `ssoLens.network.enabled` on. Free of VS Code so the rule itself is unit-tested.
 */
export function networkOffReason(state: { trusted: boolean; enabled: boolean; settingId: string }): string | undefined {
  if (!state.trusted) return 'the workspace is not trusted';
  return state.enabled ? undefined : `${state.settingId} is off`;
}
