import type * as vscode from 'vscode';
import type { InspectOptions } from '../decoders/inspect-options';
import type { TrustMaterial } from '../decoders/keys/trusted-key';
import type { Fetcher } from '../decoders/oidc/fetcher';
import type { InspectReport } from '../decoders/result';
import type { KeySource } from '../decoders/oidc/key-source';
import { loadCore, type Core } from '../platform/load-core';
import type { Logger } from '../platform/logger';
import type { Settings } from '../platform/settings';
import type { ConfigStore } from '../views/config-store';
import type { MappingDiagnostics } from '../views/mapping-diagnostics';
import type { TerraformDiagnostics } from '../views/terraform-diagnostics';
import type { ReportPanel } from '../views/report-panel';
import type { ArtifactInput } from './artifact-input';
import type { SignInTestHooks } from './sign-in-commands';
import { ExternalBrowser } from './external-browser';
import { FetchKeysPrompt } from './fetch-keys-prompt';

/** What commands need, built once in `activate`. The core loads on first use. */
export class Services {
  private keySource: KeySource | undefined;
  /** Hosts the workspace's configs name, refreshed for each inspection; the address guard reads it. */
  private namedHosts = new Map<string, string>();
  /** "Fetch keys from idp.example to verify this token?", once per host per session. */
  readonly fetchKeysPrompt: FetchKeysPrompt;
  private last: ArtifactInput | undefined;
  /** The workspace's config files, set in `activate` once the Providers view is built. */
  configStore: ConfigStore | undefined;
  /** Mapping findings of the last "Test with a token…", on the config rules concerned. */
  mappingDiagnostics: MappingDiagnostics | undefined;
  /** The workspace's Terraform root modules (issue 14), so "Test with a Token…" runs on a Terraform-defined app. */
  terraformModules: TerraformDiagnostics | undefined;
  private lastTrust: TrustMaterial | undefined;
  /** Extra CA for "Check Live" (the integration tests' throw-away loopback CA); production never sets it. */
  liveFetcherCa: string | undefined;
  /** Only in extension test mode: the test drives the browser step and trusts its provider's CA. */
  signInTesting: SignInTestHooks | undefined;
  /** Opens sign-in pages in the browser (Test SAML Sign-In). */
  readonly browser = new ExternalBrowser();
  /** The sign-in flow last shown (a HAR or SAML-tracer capture), so its steps can be opened one by one. */
  lastFlow: InspectReport | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly settings: Settings,
    readonly logger: Logger,
    readonly panel: ReportPanel,
  ) {
    this.fetchKeysPrompt = new FetchKeysPrompt(context);
  }

  /** The artifact last shown, in memory only, so "Verify with…" can re-check it. */
  get lastInput(): ArtifactInput | undefined {
    return this.last;
  }

  /** The report closed: the artifact and the trust picked for it are dropped from memory. */
  forget(): void {
    this.last = undefined;
    this.lastTrust = undefined;
    this.lastFlow = undefined;
  }

  /** A new artifact forgets the trust material picked for the previous one. */
  remember(input: ArtifactInput): void {
    if (input.bytes !== this.last?.bytes) this.lastTrust = undefined;
    this.last = input;
  }

  /**
   * Trust material (public keys and certificates only) the user picked for the current artifact,
   * so "Decrypt with…" verifies the decrypted assertion with it. Private keys are never kept.
   */
  get trustForLast(): TrustMaterial | undefined {
    return this.lastTrust;
  }

  rememberTrust(trust: TrustMaterial): void {
    this.lastTrust = trust;
  }

  get core(): Core {
    return loadCore();
  }

  /** The network port for "Check Live" (https only, bounded time and size); callers check `settings.networkOffReason` first. */
  liveFetcher(): Fetcher {
    return new this.core.NodeFetcher(this.liveFetcherCa !== undefined ? { ca: this.liveFetcherCa } : {});
  }

  private configNamedHosts(): Map<string, string> {
    const named = new Map<string, string>();
    for (const entry of this.configStore?.list() ?? []) {
      const config = entry.validation.index?.config;
      if (config) this.core.namedHostsOf(config, entry.uri.path.split('/').pop() ?? 'a workspace config', named);
    }
    return named;
  }

  /** Options for one inspection, honouring the network setting and workspace trust. */
  inspectOptions(extra: { trust?: TrustMaterial; decryptionKeys?: InspectOptions['decryptionKeys'] } = {}): InspectOptions {
    const core = this.core;
    const options = core.defaultInspectOptions({ clockSkewSeconds: this.settings.clockSkewSeconds });
    if (extra.trust) options.trust = extra.trust;
    if (extra.decryptionKeys) options.decryptionKeys = extra.decryptionKeys;
    if (this.settings.networkAllowed) {
      // One cache per session, so unknown-kid refetches stay rate-limited across commands. Keys
      // are fetched only for hosts a workspace config names, well-known cloud IdPs, or hosts the
      // user allows when asked; private addresses only when a config names them.
      this.namedHosts = this.configNamedHosts();
      this.keySource ??= new core.DiscoveryKeySource(new core.NodeFetcher({ checkAddress: (host, address) => core.addressGuard({ named: this.namedHosts })(host, address) }));
      options.keySource = new core.PolicyKeySource(this.keySource, {
        named: this.namedHosts,
        ask: (host) => this.fetchKeysPrompt.ask(host),
        howToAllow: 'choose Fetch when asked, or name the issuer in a workspace config',
      });
    }
    return options;
  }
}
