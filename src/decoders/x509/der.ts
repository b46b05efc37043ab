/**
 * Just enough DER (X.690) reading to find a certificate's signature algorithm, which Node's
 * X509Certificate does not expose. Bounds-checked: a truncated input yields `undefined`.
 */
interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function readTlv(buf: Uint8Array, offset: number): Tlv | undefined {
  if (offset + 2 > buf.length) return undefined;
  const tag = buf[offset] ?? 0;
  let len = buf[offset + 1] ?? 0;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] ?? 0);
    start += n;
  }
  const end = start + len;
  return end <= buf.length ? { tag, start, end } : undefined;
}

function decodeOid(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The OID of Certificate.signatureAlgorithm (RFC 5280 §4.1.1.2). */
export function certificateSignatureOid(der: Uint8Array): string | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = readTlv(der, cert.start);
  if (!tbs) return undefined;
  const algSeq = readTlv(der, tbs.end);
  if (!algSeq || algSeq.tag !== 0x30) return undefined;
  const oid = readTlv(der, algSeq.start);
  if (!oid || oid.tag !== 0x06) return undefined;
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** Names for the signature OIDs seen on IdP certificates (RFC 3279, RFC 4055, RFC 5758, RFC 8410). */
export const SIGNATURE_OIDS: Record<string, { name: string; weak: boolean }> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', weak: true },
  '1.3.14.3.2.29': { name: 'sha1WithRSA (OIW)', weak: true },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', weak: true },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', weak: false },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', weak: false },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', weak: false },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', weak: false },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', weak: true },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', weak: false },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', weak: false },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', weak: false },
  '1.3.101.112': { name: 'Ed25519', weak: false },
};
