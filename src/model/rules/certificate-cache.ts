import type { X509Certificate } from 'node:crypto';
import type { Result } from '../../decoders/result';
import { certificateFromBase64, parseCertificates } from '../../decoders/x509/certificate';

/**
 * Parsed certificates, by content. The editor re-validates a config on every (debounced) edit, and the
 * rules that read certificates would otherwise build new X509Certificate objects (a DER parse and a
 * key import each) every time, for files and inline certificates that did not change. Certificates are
 * immutable, so sharing them is safe; findings depend on the clock and are never cached.
 *
 * Referenced files are keyed by their bytes (the editor's store hands the same bytes to every
 * validation until the file changes on disk); inline PEM and base64 by their text. Bounded: the
 * text cache starts over beyond MAX_ENTRIES.
 */
const MAX_ENTRIES = 512;
const byText = new Map<string, Result<X509Certificate[]>>();
const byBytes = new WeakMap<Uint8Array, Result<X509Certificate[]>>();
const metadataByBytes = new WeakMap<Uint8Array, string[]>();

/** parseCertificates, once per file content. */
export function certificatesOfFile(bytes: Uint8Array): Result<X509Certificate[]> {
  let r = byBytes.get(bytes);
  if (!r) byBytes.set(bytes, (r = parseCertificates(bytes)));
  return r;
}

/** parseCertificates of an inline PEM, once per text. */
export function certificatesOfPem(pem: string): Result<X509Certificate[]> {
  return byTextOnce(`p:${pem}`, () => parseCertificates(Buffer.from(pem, 'latin1')));
}

/** certificateFromBase64, once per text. */
export function certificateOfBase64(b64: string): Result<X509Certificate> {
  const r = byTextOnce(`b:${b64}`, () => {
    const one = certificateFromBase64(b64);
    return one.ok ? { ok: true, value: [one.value] } : one;
  });
  return r.ok ? { ok: true, value: r.value[0] as X509Certificate } : r;
}

/** The base64 bodies a metadata file's <ds:X509Certificate> elements hold, once per file content. */
export function metadataCertificatesOfFile(bytes: Uint8Array, read: (xml: string) => string[]): string[] {
  let found = metadataByBytes.get(bytes);
  if (!found) metadataByBytes.set(bytes, (found = read(Buffer.from(bytes).toString('utf8'))));
  return found;
}

function byTextOnce(key: string, parse: () => Result<X509Certificate[]>): Result<X509Certificate[]> {
  let r = byText.get(key);
  if (!r) {
    if (byText.size >= MAX_ENTRIES) byText.clear();
    byText.set(key, (r = parse()));
  }
  return r;
}
