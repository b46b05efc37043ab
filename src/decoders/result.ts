/**
 * The shapes every decoder returns. They mirror the CLI contract (`sso-lens inspect --json`), so the
 * CLI prints them as they are and the extension renders the same object.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Stable finding ids; see README "Finding ids". Never reuse an id for another meaning. */
export type FindingId =
  | 'input.too-large'
  | 'input.unrecognised'
  | 'input.binary'
  // Issue 15: XML nested beyond LIMITS (a byte-level pre-scan refuses it before the parser runs).
  | 'input.too-deep'
  // Issue 14: Terraform modules read as config (src/model/terraform/).
  | 'terraform.parse-error'
  | 'terraform.unknown-value'
  | 'terraform.not-evaluated'
  | 'terraform.sidecar-unmatched'
  | 'jwt.malformed'
  | 'jwt.alg-none'
  | 'jwt.alg-not-allowed'
  | 'jwt.key-not-found'
  | 'jwt.signature-invalid'
  | 'jwt.signature-not-checked'
  | 'jwt.graph-access-token'
  | 'jwt.expired'
  | 'jwt.not-yet-valid'
  | 'jwt.issued-in-future'
  | 'jwt.audience-mismatch'
  | 'jwt.issuer-mismatch'
  | 'jwt.encrypted'
  | 'jwt.decrypt-failed'
  | 'jwt.embedded-key-ignored'
  | 'jwt.keys-fetch-failed'
  | 'jwt.keys-not-fetched'
  | 'claims.groups-overage'
  | 'claims.html-in-value'
  | 'saml.malformed'
  | 'saml.doctype-forbidden'
  | 'saml.status-error'
  | 'saml.unsigned'
  | 'saml.signature-invalid'
  | 'saml.signature-not-checked'
  | 'saml.untrusted-certificate'
  | 'saml.signature-wrapping'
  | 'saml.xml-comment-in-value'
  | 'saml.weak-algorithm'
  | 'saml.weak-encryption'
  | 'saml.expired'
  | 'saml.not-yet-valid'
  | 'saml.clock-skew'
  | 'saml.audience-mismatch'
  | 'saml.recipient-mismatch'
  | 'saml.issuer-mismatch'
  | 'saml.encrypted-assertion'
  | 'saml.decrypt-failed'
  // Test SAML Sign-In (issue 9): only a live sign-in knows the request it answers.
  | 'saml.in-response-to-mismatch'
  | 'saml.relay-state-mismatch'
  | 'saml.idp-initiated'
  | 'metadata.malformed'
  | 'metadata.signature-invalid'
  | 'metadata.signature-not-checked'
  | 'metadata.no-signing-certificate'
  | 'metadata.expired'
  | 'metadata.aggregate'
  | 'metadata.entity-not-found'
  | 'cert.expired'
  | 'cert.expiring'
  | 'cert.not-yet-valid'
  | 'cert.malformed'
  | 'cert.weak-signature'
  | 'discovery.malformed'
  | 'jwks.malformed'
  | 'har.malformed'
  | 'oidc.error'
  | 'entra.aadsts'
  | 'keycloak.error-page'
  | 'flow.step-failed'
  | 'flow.http-error'
  | 'flow.truncated'
  | 'flow.no-sign-in'
  | 'flow.reply-url-mismatch'
  | 'config.parse-error'
  | 'config.schema-invalid'
  | 'config.unknown-reference'
  | 'config.duplicate-id'
  | 'config.literal-secret'
  | 'config.malformed-guid'
  | 'config.insecure-redirect-uri'
  | 'config.keycloak-broker-mismatch'
  | 'config.group-format-mismatch'
  | 'config.claim-not-emitted'
  | 'config.attribute-not-sent'
  | 'config.unknown-app-role'
  | 'config.claim-transformation-invalid'
  | 'config.claims-policy-supersedes'
  | 'config.claims-policy-needs-signing-key'
  | 'config.claim-transformation-not-simulated'
  | 'config.groups-overage-risk'
  | 'config.cel-syntax'
  | 'config.cel-result'
  | 'config.cel-mixed-types'
  | 'config.cel-claim-not-requested'
  | 'config.mutable-claim-authorization'
  | 'config.group-filter-drops-all'
  | 'config.sha1-signing'
  | 'config.encryption-without-certificate'
  | 'config.file-not-found'
  | 'config.rule-failed'
  | 'config.sp-entity-id-mismatch'
  | 'config.acs-url-mismatch'
  | 'config.idp-entity-id-mismatch'
  | 'config.idp-sso-url-mismatch'
  | 'config.signing-certificate-mismatch'
  | 'config.encryption-certificate-mismatch'
  | 'config.metadata-mismatch'
  | 'config.redirect-path-mismatch'
  | 'jwt.kid-not-pinned'
  | 'request.issuer-mismatch'
  | 'request.acs-url-not-registered'
  | 'request.nameid-format-mismatch'
  | 'request.unsigned'
  | 'request.destination-mismatch'
  | 'mapping.claim-missing'
  | 'mapping.no-team'
  | 'mapping.group-id-vs-name'
  | 'mapping.unmatched-group'
  | 'mapping.role-missing'
  | 'mapping.nameid-format-mismatch'
  | 'mapping.authorization-denied'
  | 'mapping.overage-unresolved'
  // Secret expiry (static) and the live comparison of what the config pins with what is published.
  | 'config.secret-expired'
  | 'config.secret-expiring'
  | 'live.key-rolled-over'
  | 'live.key-staged'
  | 'live.metadata-differs'
  | 'live.fetch-failed'
  | 'live.not-fetched'
  | 'mapping.near-miss'
  | 'mapping.group-filter-drops-all'
  | 'mapping.sso-not-enabled'
  // An analysis stopped at its time or size budget (hostile or very large input).
  | 'config.budget-exceeded'
  | 'mapping.budget-exceeded';

export interface Finding {
  id: FindingId;
  severity: Severity;
  message: string;
  /** JSON pointer of the config element concerned (mapping findings). */
  path?: string;
  /** The provider's own code: `AADSTS50011` (`entra.aadsts`), `access_denied` (`oidc.error`). */
  code?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'not-checked';

export interface SignatureReport {
  status: SignatureStatus;
  algorithm?: string;
  keyId?: string;
  /** SAML: what the valid signatures cover. */
  signedElements?: string[];
  /** Human explanation of the verdict (which key verified, why not checked…). */
  detail?: string;
}

export type ArtifactKind =
  | 'jwt'
  | 'jwe'
  | 'saml-response'
  | 'saml-authn-request'
  | 'saml-logout-request'
  | 'saml-logout-response'
  | 'saml-metadata'
  | 'oidc-discovery'
  | 'jwks'
  | 'certificate'
  | 'har'
  | 'flow'
  | 'http-step';

/** One inspected artifact, exactly the JSON object of the CLI contract. */
export interface InspectReport<D = unknown> {
  kind: ArtifactKind;
  signature: SignatureReport;
  findings: Finding[];
  data: D;
  items?: InspectReport[];
}

/** Expected failures are values, not exceptions. */
export type Result<T, E = InspectError> = { ok: true; value: T } | { ok: false; error: E };

export interface InspectError {
  /** A finding id when the failure is one (input.too-large, input.unrecognised…). */
  id: FindingId;
  message: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (id: FindingId, message: string): Result<never> => ({ ok: false, error: { id, message } });

export function finding(id: FindingId, severity: Severity, message: string, path?: string): Finding {
  return path === undefined ? { id, severity, message } : { id, severity, message, path };
}

export function hasErrors(report: InspectReport): boolean {
  return report.findings.some((f) => f.severity === 'error') || (report.items ?? []).some(hasErrors);
}
