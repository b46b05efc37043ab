/** Claim-mapping analysis (issue 5): which teams a user lands in, and why not. Pure: no vscode, no I/O. */
export type { AuthorizationResult, ClaimBag, LandedMembership, MappedAttribute, MappingHop, MappingResult, TraceInput, TraceOutput, TraceStep, WhyNot } from './mapping-types';
export { analyzeClaims, type MappingOptions } from './analyze-claims';
export { analyzeMapping, selectArtifact, withMapping, type MappingOutcome } from './analyze-mapping';
export { appMatchesArtifact, pickApp, type AppPick } from './pick-app';
export { appTrustMaterial, requestTrustMaterial, fetchAppTrust, pinnedKeyFindings, type AppTrust, type AppTrustOutcome } from './app-trust';
export { appExpectations, type AppExpectations, type AppExpectationsOutcome } from './app-expectations';
export { personaTable, type PersonaRow, type PersonaTable } from './persona-table';
export { synthesizeClaims } from './synthesize-claims';
export { claimBagOf } from './claim-bag';
export { evaluateAuthorization } from './evaluate-cel';
export { keycloakLoginMatters } from './keycloak-login';
