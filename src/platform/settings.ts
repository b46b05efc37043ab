import * as vscode from 'vscode';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../decoders/inspect-options';
import { SETTING_IDS } from '../commands/ids';
import { networkOffReason } from './network-policy';
import { DEFAULT_EXPIRY_WARNING_DAYS, MAX_EXPIRY_WARNING_DAYS } from '../model/expiry';

type WorkspaceSlice = Pick<typeof vscode.workspace, 'getConfiguration' | 'isTrusted'>;

/** Typed settings. Network use needs both the setting and a trusted workspace. */
export class Settings {
  constructor(private readonly workspace: WorkspaceSlice = vscode.workspace) {}

  get networkAllowed(): boolean {
    const [section, key] = split(SETTING_IDS.networkEnabled);
    return this.workspace.isTrusted && this.workspace.getConfiguration(section).get<boolean>(key, true);
  }

  /** Days ahead to warn of certificate and secret expiry. */
  get expiryWarningDays(): number {
    const [section, key] = split(SETTING_IDS.expiryWarningDays);
    const v = this.workspace.getConfiguration(section).get<number>(key, DEFAULT_EXPIRY_WARNING_DAYS);
    return Number.isInteger(v) && v >= 0 && v <= MAX_EXPIRY_WARNING_DAYS ? v : DEFAULT_EXPIRY_WARNING_DAYS;
  }

  /** Whether Terraform modules with azuread/keycloak resources are checked in the editor. */
  get terraformEnabled(): boolean {
    const [section, key] = split(SETTING_IDS.terraformEnabled);
    return this.workspace.getConfiguration(section).get<boolean>(key, true);
  }

  /** Why the network may not be used, in words; undefined when it may. */
  get networkOffReason(): string | undefined {
    const [section, key] = split(SETTING_IDS.networkEnabled);
    return networkOffReason({ trusted: this.workspace.isTrusted, enabled: this.workspace.getConfiguration(section).get<boolean>(key, true), settingId: SETTING_IDS.networkEnabled });
  }

  /** Globs (workspace-relative) of Keycloak realm exports and Entra manifests to check in place. */
  get inPlaceInclude(): string[] {
    const [section, key] = split(SETTING_IDS.inPlaceInclude);
    const v = this.workspace.getConfiguration(section).get<unknown>(key, []);
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  }

  get clockSkewSeconds(): number {
    const [section, key] = split(SETTING_IDS.clockSkewSeconds);
    const v = this.workspace.getConfiguration(section).get<number>(key, DEFAULT_CLOCK_SKEW_SECONDS);
    return Number.isFinite(v) && v >= 0 ? v : DEFAULT_CLOCK_SKEW_SECONDS;
  }
}

function split(id: string): [string, string] {
  const i = id.indexOf('.');
  return [id.slice(0, i), id.slice(i + 1)];
}
