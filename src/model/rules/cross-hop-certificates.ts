import { createHash } from 'node:crypto';
import { crossHopFinding, type ConfigFinding, type ConfigFix } from '../config-finding';
import type { AppEntry } from '../config-index';
import type { CertificateRef, KeycloakProvider, SamlApp } from '../config-types';
import { childPointer } from '../json-pointer';
import { certificateOfBase64, metadataCertificatesOfFile } from './certificate-cache';
import { loadCertificateRef, metadataCertificates } from './certificate-expiry';
import type { ConfigRule, RuleContext } from './rule';

/** One side's certificates as SHA-1 thumbprints (upper-case hex, as the Entra admin center shows them). */
interface CertSide {
  thumbprints: string[];
  at: string;
  ref?: CertificateRef;
}

/**
 * Certificate pairs across hops, compared by thumbprint:
 * - signing: the certificate an SP trusts (`serviceProvider.idpCertificate`, the metadata uploaded to
 *   it, a Keycloak broker's validating certificates) must be the IdP's active token signing
 *   certificate (`signing.certificate`, else the app's federation metadata). Otherwise every
 *   assertion fails signature validation at the SP.
 * - request signing: an upstream app that requires signed AuthnRequests verifies them with its
 *   verification certificates; a Keycloak broker signs with its realm's signing key [seed: spark guide].
 * - encryption: the certificate Entra encrypts to (Security → Token encryption) must be one whose
 *   private key the SP holds — for Keycloak, a realm `enc` key [seed: spark guide; Entra
 *   https://learn.microsoft.com/entra/identity/enterprise-apps/howto-saml-token-encryption].
 * Files that cannot be read are `config.file-not-found`'s business; such a side is skipped here.
 */
export const crossHopCertificatesRule: ConfigRule = {
  name: 'cross-hop-certificates',
  ids: ['config.signing-certificate-mismatch', 'config.encryption-certificate-mismatch'],
  check(ctx) {
    const out: ConfigFinding[] = [];
    for (const a of ctx.index.apps) {
      if (a.value.protocol !== 'saml') continue;
      const app = a.value;
      const active = activeSigning(a, app, ctx);
      if (active) out.push(...trustedBySp(a, app, active, ctx));
      for (const b of ctx.index.brokers) {
        if (b.upstream?.value.id !== app.id || b.value.protocol !== 'saml') continue;
        const s = b.value.saml;
        const realm = b.realm;
        if (active && s?.validateSignature !== false && s?.signingCertificates?.length) {
          const sides = s.signingCertificates.map((ref, i) => side(ref, childPointer(b.pointer, 'saml', 'signingCertificates', i), ctx)).filter((x): x is CertSide => x !== undefined);
          if (sides.length === s.signingCertificates.length && !sides.some((x) => overlaps(x, active))) {
            const first = sides[0];
            if (first) out.push(mismatch('config.signing-certificate-mismatch', `Keycloak identity provider ${b.value.alias} validates signatures with ${describe(sides)}, but ${app.id}'s active token signing certificate is ${describe([active])}: Keycloak rejects every assertion ("Invalid signature")`, first.at, active, sides.length === 1 ? 'validating certificate' : undefined));
          }
        }
        const verification = app.verificationCertificates;
        if (s?.wantAuthnRequestsSigned && verification?.certificates?.length) {
          const realmSig = realmKeys(realm.value, realm.pointer, 'sig', ctx);
          const verifiers = verification.certificates.map((ref, i) => side(ref, childPointer(a.pointer, 'verificationCertificates', 'certificates', i), ctx)).filter((x): x is CertSide => x !== undefined);
          const signer = realmSig[0];
          if (signer && verifiers.length === verification.certificates.length && !verifiers.some((v) => realmSig.some((k) => overlaps(v, k)))) {
            const first = verifiers[0];
            if (first) out.push(mismatch('config.signing-certificate-mismatch', `Keycloak signs its AuthnRequests with realm ${realm.value.realm}'s signing key (${describe(realmSig)}), but ${app.id} verifies them with ${describe(verifiers)}: Entra refuses the signed requests`, first.at, signer, verifiers.length === 1 ? 'verification certificate' : undefined));
          }
        }
        const enc = app.encryption;
        if (enc?.enabled && enc.certificate) {
          const target = side(enc.certificate, childPointer(a.pointer, 'encryption', 'certificate'), ctx);
          const realmEnc = realmKeys(realm.value, realm.pointer, 'enc', ctx);
          const holder = realmEnc[0];
          if (target && holder && !realmEnc.some((k) => overlaps(k, target))) {
            out.push(mismatch('config.encryption-certificate-mismatch', `${app.id} encrypts assertions to ${describe([target])}, but realm ${realm.value.realm}'s encryption key${realmEnc.length > 1 ? 's are' : ' is'} ${describe(realmEnc)}: Keycloak cannot decrypt them. Import the realm's rsa-enc-generated certificate under Security → Token encryption and activate it`, target.at, holder, 'token encryption certificate'));
          }
        }
      }
    }
    return out;
  },
};

/** The IdP's active signing certificate: the configured one, else the first in its federation metadata. */
function activeSigning(a: AppEntry, app: SamlApp, ctx: RuleContext): CertSide | undefined {
  if (app.signing?.certificate) return side(app.signing.certificate, childPointer(a.pointer, 'signing', 'certificate'), ctx);
  if (app.metadataFile !== undefined) return metadataSide(app.metadataFile, childPointer(a.pointer, 'metadataFile'), ctx);
  return undefined;
}

function trustedBySp(a: AppEntry, app: SamlApp, active: CertSide, ctx: RuleContext): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const sp = app.serviceProvider;
  const who = app.product ?? app.id;
  if (sp?.idpCertificate) {
    const trusted = side(sp.idpCertificate, childPointer(a.pointer, 'serviceProvider', 'idpCertificate'), ctx);
    if (trusted && !overlaps(trusted, active)) out.push(mismatch('config.signing-certificate-mismatch', `${who} trusts ${describe([trusted])} as the IdP's signing certificate, but ${app.id} signs with ${describe([active])}: every assertion fails signature validation at ${who}. Upload the active certificate (Entra: SAML Certificates → Certificate (Base64) or Federation Metadata XML)`, trusted.at, active, 'IdP certificate'));
  }
  if (sp?.metadataFile !== undefined) {
    const trusted = metadataSide(sp.metadataFile, childPointer(a.pointer, 'serviceProvider', 'metadataFile'), ctx);
    if (trusted && !overlaps(trusted, active)) out.push(mismatch('config.signing-certificate-mismatch', `the metadata uploaded to ${who} (${sp.metadataFile}) holds ${describe([trusted])}, not ${app.id}'s active signing certificate ${describe([active])}: download the app's Federation Metadata XML again`, trusted.at, active));
  }
  return out;
}

/** Certificates of a realm's keys of one use, highest priority first. */
function realmKeys(realm: KeycloakProvider, pointer: string, use: 'sig' | 'enc', ctx: RuleContext): CertSide[] {
  return (realm.keys ?? [])
    .map((k, i) => ({ k, i }))
    .filter(({ k }) => k.use === use && k.certificate !== undefined)
    .sort((x, y) => (y.k.priority ?? 0) - (x.k.priority ?? 0))
    .map(({ k, i }) => (k.certificate ? side(k.certificate, childPointer(pointer, 'keys', i, 'certificate'), ctx) : undefined))
    .filter((x): x is CertSide => x !== undefined);
}

function side(ref: CertificateRef, at: string, ctx: RuleContext): CertSide | undefined {
  if ('thumbprint' in ref) return { thumbprints: [ref.thumbprint.toUpperCase()], at, ref };
  const loaded = loadCertificateRef(ref, at, ctx);
  if (!('certs' in loaded) || loaded.certs.length === 0) return undefined;
  return { thumbprints: loaded.certs.map((c) => thumbprint(c.raw)), at, ref };
}

function metadataSide(file: string, at: string, ctx: RuleContext): CertSide | undefined {
  const bytes = ctx.readFile?.(file);
  if (!bytes) return undefined;
  const thumbprints = metadataCertificatesOfFile(bytes, metadataCertificates).flatMap((b64) => {
    const r = certificateOfBase64(b64);
    return r.ok ? [thumbprint(r.value.raw)] : [];
  });
  return thumbprints.length ? { thumbprints, at } : undefined;
}

export function thumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function overlaps(a: CertSide, b: CertSide): boolean {
  return a.thumbprints.some((t) => b.thumbprints.includes(t));
}

function describe(sides: CertSide[]): string {
  const all = [...new Set(sides.flatMap((s) => s.thumbprints))];
  return all.length === 1 ? `the certificate with thumbprint ${all[0]}` : `the certificates with thumbprints ${all.join(', ')}`;
}

/** The finding on the side that is wrong; the fix (when the right side is a reference) copies the right reference over. */
function mismatch(id: 'config.signing-certificate-mismatch' | 'config.encryption-certificate-mismatch', message: string, at: string, right: CertSide, label?: string): ConfigFinding {
  const fix: ConfigFix | undefined = label && right.ref ? { title: `Use the same certificate as the other side (${refLabel(right.ref)}) for the ${label}`, kind: 'replace', path: at, value: right.ref } : undefined;
  return crossHopFinding(id, 'error', message, at, right.at, fix);
}

function refLabel(ref: CertificateRef): string {
  if ('file' in ref) return ref.file;
  if ('thumbprint' in ref) return `thumbprint ${ref.thumbprint}`;
  return 'inline certificate';
}
