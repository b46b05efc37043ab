import type { X509Certificate } from 'node:crypto';
import type { InspectOptions } from '../inspect-options';
import type { InspectReport } from '../result';
import { certificateFindings, certificateLabel, summarizeCertificate, type CertificateSummary } from './certificate';

export interface CertificateData {
  certificates: CertificateSummary[];
}

/** A standalone certificate (or PEM bundle): who, until when, and the thumbprints Entra shows. */
export function inspectCertificates(certs: X509Certificate[], options: InspectOptions): InspectReport<CertificateData> {
  return {
    kind: 'certificate',
    // A certificate is signed by its issuer; SSO Lens does not build chains, so it reports no verdict.
    signature: { status: 'not-checked', detail: 'certificate chains are not validated' },
    findings: certs.flatMap((c, i) => certificateFindings(c, options.now, certs.length > 1 ? `${certificateLabel(c)} (${i + 1} of ${certs.length})` : `the ${certificateLabel(c)}`)),
    data: { certificates: certs.map((c) => summarizeCertificate(c, options.now)) },
  };
}
