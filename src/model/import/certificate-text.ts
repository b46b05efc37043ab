import { readableCertificate } from '../../decoders/x509/certificate';
import type { CertificateRef } from '../config-types';

/**
 * A certificate as an export stores it: bare base64 DER (Keycloak's usual form), PEM-armoured
 * (Keycloak keeps what was pasted into a realm key or IdP), or wrapped at 64/76 columns. The config
 * gets bare base64 of a certificate `check` can read; an unreadable one is left out with a note, so
 * an imported config never fails its own `check` (issue 15, class 7).
 */
export function certificateRefFromText(text: string, label: string, notes: string[]): CertificateRef | undefined {
  const body = text
    .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '')
    .replace(/\\[rn]/g, '')
    .replace(/\s+/g, '');
  if (body === '') return undefined;
  const cert = /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? readableCertificate(Buffer.from(body, 'base64')) : undefined;
  if (!cert?.ok) {
    notes.push(`${label}: the stored certificate is not a readable X.509 certificate and was not imported`);
    return undefined;
  }
  return { base64: cert.value.raw.toString('base64') };
}
