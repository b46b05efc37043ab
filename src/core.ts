/**
 * The heavy core (jose, xmldom, xml-crypto) as one bundle, dist/core.js, which the extension loads
 * on the first command that needs it. Keeping it out of dist/extension.js keeps activation cheap.
 */
export { inspectArtifact, inspectText } from './decoders/inspect';
export { inspectMetadataBytes } from './decoders/metadata';
export { defaultInspectOptions, DEFAULT_CLOCK_SKEW_SECONDS } from './decoders/inspect-options';
export { loadTrustMaterial } from './decoders/keys/load-trust';
export { DiscoveryKeySource } from './decoders/oidc/key-source';
export { NodeFetcher } from './platform/node-fetcher';
export { presentReport, KIND_TITLES } from './present/present-report';
export { validateConfigText } from './model/validate-config';
export { parseConfigText } from './model/load-config';
export { resolvePointer } from './model/json-pointer';
export { buildConfigTree } from './model/config-tree';
export { importConfigText, renderImportedConfig } from './cli/import-command';
// Claim-mapping analysis (issue 5): "Test with a token…", "Mapped through <app>", sample personas.
export { analyzeMapping, withMapping, pickApp, appExpectations, personaTable } from './model/mapping';
export type { MappingResult, MappingOutcome, PersonaTable, PersonaRow, TraceStep, AppExpectations } from './model/mapping';
export { presentMapping, mappingOf } from './present/present-mapping';
export { presentPersonas } from './present/present-personas';
// Captures (issue 11): compare two sign-ins, share a capture safely.
export { compareArtifacts } from './model/compare';
export type { ComparisonReport } from './model/compare';
export { presentComparison } from './present/present-comparison';
export { redactCapture, formatRedactionSummary } from './model/redact';
