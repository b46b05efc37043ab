import { samlSignInOf } from '../model/saml-sign-in-report';
import type { InspectReport } from '../decoders/result';
import type { Section } from './sections';

/** "Test sign-in": the request this run sent and how the response answered it. */
export function presentSamlSignIn(report: InspectReport): Section[] {
  const s = samlSignInOf(report);
  if (!s) return [];
  return [
    {
      title: 'Test sign-in',
      rows: [
        { label: 'Test reply URL (ACS)', value: s.testAcsUrl, note: s.note },
        {
          label: 'Production reply URL',
          value: s.productionReplyUrls.length ? s.productionReplyUrls.join(', ') : '(none in the config)',
          ...(s.productionReplyUrlFindings.length
            ? { note: s.productionReplyUrlFindings.map((f) => `${f.severity} ${f.id}: ${f.message}`).join('; '), tone: 'bad' as const }
            : { note: 'the config check finds nothing wrong with it' }),
        },
        { label: 'IdP sign-in URL', value: s.idpSsoUrl, note: `from ${s.idpSsoUrlSource}` },
        { label: 'Initiated by', value: s.initiatedBy === 'sp' ? 'the SP (this test’s AuthnRequest)' : 'the IdP (unsolicited response)' },
        { label: 'AuthnRequest', value: `${s.requestId}${s.requestSigned ? ' (signed, RSA-SHA256)' : ' (unsigned)'}` },
        ...(s.inResponseTo !== undefined ? [{ label: 'InResponseTo', value: s.inResponseTo, tone: s.inResponseTo === s.requestId ? ('good' as const) : ('bad' as const) }] : []),
        { label: 'RelayState', value: `sent ${JSON.stringify(s.relayStateSent)}, received ${s.relayStateReceived === undefined ? 'none' : JSON.stringify(s.relayStateReceived)}` },
      ],
    },
  ];
}
