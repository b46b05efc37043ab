import { basename } from 'node:path';
import { namedHostsOf } from '../decoders/oidc/fetch-policy';
import type { KeySource } from '../decoders/oidc/key-source';
import { policyKeySource } from '../platform/policy-key-source';
import type { CliIo } from './io';

/**
 * The CLI's key source: issuers the `--config` file names and well-known cloud IdPs are fetched;
 * `--fetch-keys` allows any other public https issuer (README "Privacy and security model").
 */
export function cliKeySource(configFile: string | undefined, config: unknown, fetchKeys: boolean, io: CliIo): KeySource {
  const named = configFile !== undefined ? namedHostsOf(config, basename(configFile)) : new Map<string, string>();
  return policyKeySource(
    { named, allowAny: fetchKeys, howToAllow: 'run with --fetch-keys, or with --config naming this issuer' },
    io.keyFetchCa !== undefined ? { ca: io.keyFetchCa } : {},
  );
}
