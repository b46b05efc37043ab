/** "Compare With…" (issue 11): a semantic diff of two captured sign-ins. Pure: no vscode, no I/O. */
export { compareArtifacts, comparedArtifact, compareMappings, type ComparisonData, type ComparisonReport, type ClaimChange, type FieldComparison, type MappingComparison, type RuleDifference } from './compare-artifacts';
