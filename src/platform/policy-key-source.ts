import { addressGuard, PolicyKeySource, type FetchPolicy } from '../decoders/oidc/fetch-policy';
import { DiscoveryKeySource, type KeySource } from '../decoders/oidc/key-source';
import { NodeFetcher, type NodeFetcherOptions } from './node-fetcher';

/**
 * The key source for tokens: discovery + JWKS over a fetcher that refuses private and loopback
 * addresses (unless a config names the host), behind the fetch policy (README "Privacy and
 * security model"). `options.checkAddress` replaces the address guard (tests only).
 */
export function policyKeySource(policy: FetchPolicy, options: NodeFetcherOptions = {}): KeySource {
  const fetcher = new NodeFetcher({ ...options, checkAddress: options.checkAddress ?? addressGuard(policy) });
  return new PolicyKeySource(new DiscoveryKeySource(fetcher), policy);
}
