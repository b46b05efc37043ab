import type { X509Certificate } from 'node:crypto';
import { certificateFindings, certificateLabel, EXPIRING_WITHIN_DAYS } from '../../decoders/x509/certificate';
import { configFinding, type ConfigFinding } from '../config-finding';
import type { CertificateRef } from '../config-types';
import { childPointer } from '../json-pointer';
import { certificateOfBase64, certificatesOfFile, certificatesOfPem, metadataCertificatesOfFile } from './certificate-cache';
import type { ConfigRule, RuleContext } from './rule';

/** The certificates a reference stands for, or a finding saying why there are none. */
export function loadCertificateRef(ref: CertificateRef, pointer: string, ctx: Pick<RuleContext, 'readFile'>): { certs: X509Certificate[] } | { finding: ConfigFinding } | { thumbprintOnly: true } {
  if ('file' in ref) {
    const bytes = ctx.readFile?.(ref.file);
    if (!bytes) return { finding: configFinding('config.file-not-found', 'error', `certificate file ${ref.file} cannot be read (paths are relative to the config file)`, childPointer(pointer, 'file')) };
    const r = certificatesOfFile(bytes);
    return r.ok ? { certs: r.value } : { finding: configFinding('cert.malformed', 'error', `${ref.file}: ${r.error.message}`, childPointer(pointer, 'file')) };
  }
  if ('pem' in ref) {
    const r = certificatesOfPem(ref.pem);
    return r.ok ? { certs: r.value } : { finding: configFinding('cert.malformed', 'error', r.error.message, childPointer(pointer, 'pem')) };
  }
  if ('base64' in ref) {
    const r = certificateOfBase64(ref.base64.replace(/\s+/g, ''));
    return r.ok ? { certs: [r.value] } : { finding: configFinding('cert.malformed', 'error', r.error.message, childPointer(pointer, 'base64')) };
  }
  return { thumbprintOnly: true };
}

/** Base64 bodies of every <ds:X509Certificate> in a metadata document (for expiry only, not trust). */
export function metadataCertificates(xml: string): string[] {
  return [...xml.matchAll(/<(?:[A-Za-z0-9_-]+:)?X509Certificate>\s*([A-Za-z0-9+/=\s]+?)\s*<\/(?:[A-Za-z0-9_-]+:)?X509Certificate>/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
}

/**
 * Certificates written into the config or referenced from it, and those inside referenced metadata
 * files: expired (error), expiring within 30 days (warning, as for standalone certificates; Entra
 * mails 60, 30 and 7 days ahead; `expiryWarningDays` changes it) or not yet valid — the contract's
 * `cert.*` ids, with a config path.
 */
export const certificateExpiryRule: ConfigRule = {
  name: 'certificate-expiry',
  ids: ['cert.expired', 'cert.expiring', 'cert.not-yet-valid', 'cert.malformed', 'config.file-not-found'],
  check(ctx) {
    const out: ConfigFinding[] = [];
    const { index, now } = ctx;
    const days = ctx.expiryWarningDays ?? EXPIRING_WITHIN_DAYS;
    for (const c of index.certificates) {
      const loaded = loadCertificateRef(c.value, c.pointer, ctx);
      if ('finding' in loaded) out.push(loaded.finding);
      else if ('certs' in loaded) for (const cert of loaded.certs) for (const f of certificateFindings(cert, now, `${c.label} (${certificateLabel(cert)})`, days)) out.push(withExpiry({ ...f, path: c.pointer }, cert));
      else if ('thumbprint' in c.value && c.value.notAfter !== undefined) {
        const notAfter = Date.parse(c.value.notAfter);
        if (Number.isFinite(notAfter)) {
          const expires = new Date(notAfter).toISOString();
          if (notAfter <= now.getTime()) out.push({ ...configFinding('cert.expired', 'error', `${c.label} (thumbprint ${c.value.thumbprint}) expired on ${c.value.notAfter}`, childPointer(c.pointer, 'notAfter')), expires });
          else if (notAfter - now.getTime() <= days * 86_400_000) out.push({ ...configFinding('cert.expiring', 'warning', `${c.label} (thumbprint ${c.value.thumbprint}) expires on ${c.value.notAfter}; roll it over before it does`, childPointer(c.pointer, 'notAfter')), expires });
        }
      }
    }
    const metadataFiles: Array<{ file: string; pointer: string }> = [];
    for (const a of index.apps) {
      if (a.value.protocol !== 'saml') continue;
      if (a.value.metadataFile !== undefined) metadataFiles.push({ file: a.value.metadataFile, pointer: childPointer(a.pointer, 'metadataFile') });
      if (a.value.serviceProvider?.metadataFile !== undefined) metadataFiles.push({ file: a.value.serviceProvider.metadataFile, pointer: childPointer(a.pointer, 'serviceProvider', 'metadataFile') });
    }
    for (const p of index.providers) if (p.value.type === 'saml' && p.value.metadataFile !== undefined) metadataFiles.push({ file: p.value.metadataFile, pointer: childPointer(p.pointer, 'metadataFile') });
    const done = new Set<string>();
    for (const m of metadataFiles) {
      const bytes = ctx.readFile?.(m.file);
      if (!bytes) {
        out.push(configFinding('config.file-not-found', 'error', `metadata file ${m.file} cannot be read (paths are relative to the config file)`, m.pointer));
        continue;
      }
      if (done.has(m.file)) continue;
      done.add(m.file);
      for (const b64 of new Set(metadataCertificatesOfFile(bytes, metadataCertificates))) {
        const r = certificateOfBase64(b64);
        if (!r.ok) out.push(configFinding('cert.malformed', 'error', `${m.file}: ${r.error.message}`, m.pointer));
        else for (const f of certificateFindings(r.value, now, `${certificateLabel(r.value)} in ${m.file}`, days)) out.push(withExpiry({ ...f, path: m.pointer }, r.value));
      }
    }
    return out;
  },
};

/** Expiry findings carry the instant, so the Providers view can count down to it. */
function withExpiry(f: ConfigFinding, cert: X509Certificate): ConfigFinding {
  if (f.id !== 'cert.expired' && f.id !== 'cert.expiring') return f;
  const at = Date.parse(cert.validTo);
  return Number.isFinite(at) ? { ...f, expires: new Date(at).toISOString() } : f;
}
