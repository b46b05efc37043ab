import { X509Certificate, createHash } from 'node:crypto';
import { decodeBase64 } from '../encoding/base64';
import { finding, fail, ok, type Finding, type Result } from '../result';
import { describeInstant, type InstantView } from '../time';
import { certificateSignatureOid, SIGNATURE_OIDS } from './der';
import { ownEntry } from '../own-entry';

/** Warn this long before `notAfter`. Entra e-mails 60, 30 and 7 days ahead (DOMAIN-FACTS.md). */
export const EXPIRING_WITHIN_DAYS = 30;

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: InstantView;
  notAfter: InstantView;
  /** Hex, upper case, no separators: the form the Entra admin center shows ("Thumbprint"). */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  publicKey: string;
  signatureAlgorithm: string;
  selfSigned: boolean;
}

/** Parses one or more certificates from PEM text, or one from DER bytes. */
export function parseCertificates(bytes: Uint8Array): Result<X509Certificate[]> {
  const text = Buffer.from(bytes).toString('latin1');
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!pems) {
    const one = readableCertificate(Buffer.from(bytes));
    return one.ok ? ok([one.value]) : one;
  }
  const out: X509Certificate[] = [];
  for (const p of pems) {
    const one = readableCertificate(p);
    if (!one.ok) return one;
    out.push(one.value);
  }
  return ok(out);
}

export const UNREADABLE_KEY = 'the certificate parses, but its public key (SubjectPublicKeyInfo) is unreadable';

/**
 * A certificate whose public key can also be read. OpenSSL parses the SubjectPublicKeyInfo only
 * when `publicKey` is first asked for, so a certificate with a broken key would otherwise throw
 * ("digital envelope routines::decode error") far from here, in whoever summarises or verifies.
 */
export function readableCertificate(input: string | Buffer): Result<X509Certificate> {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input);
  } catch (e) {
    return fail('cert.malformed', `not a readable X.509 certificate (${(e as Error).message})`);
  }
  try {
    void cert.publicKey;
  } catch (e) {
    return fail('cert.malformed', `${UNREADABLE_KEY} (${(e as Error).message})`);
  }
  return ok(cert);
}

/** A certificate from the bare base64 inside XML `<ds:X509Certificate>` elements. */
export function certificateFromBase64(b64: string): Result<X509Certificate> {
  const der = decodeBase64(b64);
  if (!der.ok) return fail('cert.malformed', 'X509Certificate content is not base64');
  return readableCertificate(Buffer.from(der.value));
}

export function summarizeCertificate(cert: X509Certificate, now: Date): CertificateSummary {
  const oid = certificateSignatureOid(cert.raw);
  const alg = oid ? (ownEntry(SIGNATURE_OIDS, oid)?.name ?? oid) : 'unknown';
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  const keyText =
    key.asymmetricKeyType === 'rsa'
      ? `RSA ${details?.modulusLength ?? '?'} bit`
      : key.asymmetricKeyType === 'ec'
        ? `EC ${details?.namedCurve ?? ''}`.trim()
        : (key.asymmetricKeyType ?? 'unknown');
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: describeInstant(Date.parse(cert.validFrom) / 1000, now),
    notAfter: describeInstant(Date.parse(cert.validTo) / 1000, now),
    sha1Thumbprint: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
    sha256Thumbprint: createHash('sha256').update(cert.raw).digest('hex').toUpperCase(),
    publicKey: keyText,
    signatureAlgorithm: alg,
    selfSigned: cert.subject === cert.issuer,
  };
}

/**
 * Validity findings for one certificate. `label` says which certificate ("the signing certificate
 * CN=…", "certificate 2 of the IdP role") so several in one report stay apart.
 */
export function certificateFindings(cert: X509Certificate, now: Date, label: string, warnDays: number = EXPIRING_WITHIN_DAYS): Finding[] {
  const out: Finding[] = [];
  const notAfter = Date.parse(cert.validTo);
  const notBefore = Date.parse(cert.validFrom);
  const nowMs = now.getTime();
  const after = describeInstant(notAfter / 1000, now);
  if (notAfter <= nowMs) {
    out.push(finding('cert.expired', 'error', `${label} expired ${after.relative} (notAfter ${after.utc})`));
  } else if (notAfter - nowMs <= warnDays * 86_400_000) {
    out.push(finding('cert.expiring', 'warning', `${label} expires ${after.relative} (notAfter ${after.utc}); roll it over before it does`));
  }
  if (notBefore > nowMs) {
    const before = describeInstant(notBefore / 1000, now);
    out.push(finding('cert.not-yet-valid', 'error', `${label} is not valid until ${before.utc} (${before.relative})`));
  }
  const oid = certificateSignatureOid(cert.raw);
  const sig = oid ? ownEntry(SIGNATURE_OIDS, oid) : undefined;
  if (sig?.weak) {
    out.push(finding('cert.weak-signature', 'info', `${label} is itself signed with ${sig.name}; for a self-signed IdP certificate this does not weaken XML signatures, but CAs stopped issuing SHA-1 certificates`));
  }
  return out;
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

export function certificateLabel(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return `certificate ${cn ? `CN=${cn}` : oneLine(cert.subject)}`;
}
