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
// Who chooses the host we contact (issue 15 class 15): the key-fetch policy.
export { PolicyKeySource, addressGuard, namedHostsOf } from './decoders/oidc/fetch-policy';
export { presentReport, KIND_TITLES } from './present/present-report';
export { validateConfigText } from './model/validate-config';
// Config where it already lives (issue 14): a Keycloak realm export or Entra manifest checked in place.
export { validateInPlaceText } from './model/in-place/validate-in-place';
export { parseConfigText } from './model/load-config';
export { resolvePointer } from './model/json-pointer';
export { buildConfigTree } from './model/config-tree';
export { importConfigText, renderImportedConfig } from './cli/import-command';
// Claim-mapping analysis (issue 5): "Test with a token…", "Mapped through <app>", sample personas.
export { analyzeMapping, withMapping, pickApp, appExpectations, personaTable } from './model/mapping';
export { keycloakLoginMatters } from './model/mapping';
export type { MappingResult, MappingOutcome, PersonaTable, PersonaRow, TraceStep, AppExpectations } from './model/mapping';
export { presentMapping, mappingOf } from './present/present-mapping';
// Both sides agree (issue 10): an app's trust material (SAML certificates, OIDC trusted keys) and SAML requests checked against the IdP side's app.
export { appTrustMaterial, requestTrustMaterial, fetchAppTrust, pinnedKeyFindings } from './model/mapping';
export type { AppTrust, AppTrustOutcome } from './model/mapping';
export { checkRequest, isSamlRequest } from './model/requests/check-request';
export { presentPersonas } from './present/present-personas';
// Live comparison (issue 10): what the config pins against what the IdP publishes now.
export { checkLive } from './model/live/check-live';
export type { LiveCheckResult, LiveCheckOptions, LiveSourceReport } from './model/live/check-live';
export type { PinnedKey } from './model/live/live-sources';
// Live OIDC sign-in (issue 9): "Sign In as This App…", `sso-lens sign-in`.
export { signInWithOidc } from './platform/oidc-sign-in';
export { oidcSignInTarget } from './model/oidc-sign-in-target';
export { reportSignIn, withSignIn } from './model/sign-in/sign-in-report';
// Test SAML Sign-In (issue 9): the plan from the config, the loopback conversation, the report.
export { planSamlSignIn } from './model/saml-sign-in-plan';
export type { SamlSignInPlan } from './model/saml-sign-in-plan';
export { reportSamlSignIn } from './model/saml-sign-in-report';
export { runSamlSignIn, whyNoResponse } from './platform/saml-sign-in';
// Sign-in flows from captures (issue 11): which app each step belongs to, errors pointed at the config.
export { checkFlow, stepApps } from './model/flow';
// Captures (issue 11): compare two sign-ins, share a capture safely.
export { compareArtifacts } from './model/compare';
export type { ComparisonReport } from './model/compare';
export { presentComparison } from './present/present-comparison';
export { redactCapture, formatRedactionSummary } from './model/redact';
// The CLI (dist/cli.js is a small entry that requires this bundle, so the .vsix holds the core once).
export { runCli } from './cli/run-cli';
// Terraform (issue 14): azuread/keycloak modules read into the config model, findings on the .tf lines.
export { checkTerraform } from './model/terraform/check-terraform';
export type { TerraformCheck, TerraformFinding } from './model/terraform/check-terraform';
export { findTerraformRoots, nodeTfFileSystem } from './platform/terraform-files';
