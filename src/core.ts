/**
 * The heavy core (jose, xmldom, xml-crypto) as one bundle, dist/core.js, which the extension loads
 * on the first command that needs it. Keeping it out of dist/extension.js keeps activation cheap.
 */
export { inspectArtifact, inspectText } from './decoders/inspect';
export { defaultInspectOptions, DEFAULT_CLOCK_SKEW_SECONDS } from './decoders/inspect-options';
export { loadTrustMaterial } from './decoders/keys/load-trust';
export { DiscoveryKeySource } from './decoders/oidc/key-source';
export { NodeFetcher } from './platform/node-fetcher';
export { presentReport, KIND_TITLES } from './present/present-report';
