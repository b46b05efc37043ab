import { containsMarkup, htmlInValueFinding } from '../claims-markup';
import type { InspectOptions } from '../inspect-options';
import { nearMiss } from '../jwt/inspect-jwt';
import { finding, type Finding } from '../result';
import { formatDuration } from '../time';
import type { AssertionView, TimeView } from './saml-data';

/** The attribute Entra sends instead of groups when a user is in more than 150 groups (reference-saml-tokens.md). */
export const GROUPS_LINK = 'http://schemas.microsoft.com/claims/groups.link';

/**
 * Time, audience, recipient, issuer and Entra checks on one assertion. The values are whatever the
 * caller chose to report (signed content when there is a valid signature).
 */
export function checkAssertion(a: AssertionView, options: InspectOptions): Finding[] {
  const out: Finding[] = [];
  const skewMs = options.clockSkewSeconds * 1000;
  const now = options.now.getTime();
  const expired = (t: TimeView | undefined, what: string): void => {
    if (!t || !Number.isFinite(t.epochSeconds)) return;
    if (t.epochSeconds * 1000 + skewMs <= now) out.push(finding('saml.expired', 'error', `${what} NotOnOrAfter ${t.utc} passed ${t.relative} (clock skew ${options.clockSkewSeconds} s allowed): the IdP's message is too old to accept`));
  };
  const notYet = (t: TimeView | undefined, what: string): void => {
    if (!t || !Number.isFinite(t.epochSeconds)) return;
    const early = t.epochSeconds * 1000 - now;
    if (early > skewMs) {
      const hint = early < 15 * 60_000 ? ` — only ${formatDuration(early)} ahead: the IdP's clock is ahead of this one, or the SP needs a larger clock-skew allowance` : '';
      out.push(finding('saml.not-yet-valid', 'error', `${what} NotBefore is ${t.utc} (${t.relative}), after now${hint}`));
    }
  };
  expired(a.conditions?.notOnOrAfter, 'Conditions');
  notYet(a.conditions?.notBefore, 'Conditions');
  for (const sc of a.subjectConfirmations) {
    expired(sc.notOnOrAfter, 'SubjectConfirmationData');
    notYet(sc.notBefore, 'SubjectConfirmationData');
  }
  for (const t of [a.conditions?.notBefore, a.conditions?.notOnOrAfter, a.issueInstant, ...a.subjectConfirmations.flatMap((s) => [s.notBefore, s.notOnOrAfter])]) {
    if (t && !Number.isFinite(t.epochSeconds)) out.push(finding('saml.malformed', 'error', `"${t.raw}" is not an xs:dateTime (SAML core §1.3.3 requires UTC dateTime)`));
  }

  const expectedAudience = options.expected.audience;
  if (expectedAudience !== undefined) {
    const auds = a.conditions?.audiences ?? [];
    if (auds.length === 0) out.push(finding('saml.audience-mismatch', 'error', `the assertion names no Audience; expected ${JSON.stringify(expectedAudience)}`));
    else if (!auds.includes(expectedAudience)) {
      out.push(finding('saml.audience-mismatch', 'error', `Audience is ${JSON.stringify(auds.length === 1 ? auds[0] : auds)}, expected ${JSON.stringify(expectedAudience)} (the SP entity ID; in Entra "Identifier (Entity ID)")${nearMiss(auds, expectedAudience)}`));
    }
  }
  const expectedRecipient = options.expected.recipient;
  if (expectedRecipient !== undefined) {
    for (const sc of a.subjectConfirmations) {
      if (sc.recipient !== undefined && sc.recipient !== expectedRecipient) {
        out.push(finding('saml.recipient-mismatch', 'error', `SubjectConfirmationData Recipient is ${JSON.stringify(sc.recipient)}, expected ${JSON.stringify(expectedRecipient)} (the ACS / reply URL)${nearMiss([sc.recipient], expectedRecipient)}`));
      }
    }
  }
  const expectedIssuer = options.expected.issuer;
  if (expectedIssuer !== undefined && a.issuer !== undefined && a.issuer !== expectedIssuer) {
    out.push(finding('saml.issuer-mismatch', 'error', `the assertion Issuer is ${JSON.stringify(a.issuer)}, expected ${JSON.stringify(expectedIssuer)}${nearMiss([a.issuer], expectedIssuer)}`));
  }

  const link = a.attributes.find((x) => x.name === GROUPS_LINK);
  if (link) {
    out.push(
      finding(
        'claims.groups-overage',
        'warning',
        `groups overage — the user is in more than 150 groups, so Entra sent ${GROUPS_LINK}${link.values[0] ? ` (${link.values[0]})` : ''} instead of the groups attribute; apps that read groups see none. Remedies: emit only groups assigned to the application, use app roles, or query Microsoft Graph`,
      ),
    );
  }
  // The same detector as for JWT claims: an app shows NameID and attributes as it shows claims.
  if (containsMarkup([a.nameId?.value ?? '', ...a.attributes.flatMap((x) => x.values)])) out.push(htmlInValueFinding('the NameID or an attribute value'));
  return out;
}
