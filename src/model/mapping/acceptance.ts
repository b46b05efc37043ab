import type { Finding, FindingId, InspectReport } from '../../decoders/result';
import type { MappingResult } from './mapping-types';

/**
 * The decoder's error findings that make a relying party refuse the artifact before it reads a
 * single claim: a signature that does not verify or covers the wrong element, another audience,
 * issuer or recipient, a time window that has closed, an IdP error status. A product that honoured
 * such an artifact would be the bug; the mapping shows what it *would* grant, never that it grants.
 * (`*.signature-not-checked` is not here: nothing was given to check with, which is not a refusal.)
 */
const REJECTING: ReadonlySet<FindingId> = new Set<FindingId>([
  'jwt.alg-none',
  'jwt.alg-not-allowed',
  'jwt.key-not-found',
  'jwt.signature-invalid',
  'jwt.expired',
  'jwt.not-yet-valid',
  'jwt.audience-mismatch',
  'jwt.issuer-mismatch',
  'jwt.decrypt-failed',
  'saml.status-error',
  'saml.unsigned',
  'saml.signature-invalid',
  'saml.untrusted-certificate',
  'saml.signature-wrapping',
  'saml.xml-comment-in-value',
  'saml.expired',
  'saml.not-yet-valid',
  'saml.audience-mismatch',
  'saml.recipient-mismatch',
  'saml.issuer-mismatch',
  'saml.decrypt-failed',
]);

/** The findings of `report` that make the consuming side refuse it. */
export function rejectionsOf(report: InspectReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error' && REJECTING.has(f.id));
}

/**
 * Marks a mapping result as refused: `accepted: false` with the reasons, and an authorization that
 * would have been evaluated becomes `rejected` (what it would have returned kept in `wouldBe`).
 */
export function markRejected(result: MappingResult, rejections: Finding[]): MappingResult {
  if (rejections.length === 0) return { ...result, accepted: true };
  const a = result.authorization;
  return {
    ...result,
    accepted: false,
    rejectedBy: rejections.map((f) => ({ id: f.id, message: f.message })),
    ...(a && a.outcome !== 'rejected' ? { authorization: { ...a, outcome: 'rejected' as const, wouldBe: a.outcome, message: `would be ${a.outcome === 'granted' ? `granted (IAM role ${a.roleId ?? a.returned ?? ''})` : a.outcome} if the ${result.artifact.kind === 'saml-response' ? 'response' : 'token'} were accepted; it is rejected (${rejections.map((f) => f.id).join(', ')})` } } : {}),
  };
}
