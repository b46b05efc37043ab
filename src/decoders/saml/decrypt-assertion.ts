import { constants, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';
import { attrOf, childElement, descendants, NS } from './xml-names';

export interface EncryptionInfo {
  /** Content encryption (EncryptedData/EncryptionMethod), e.g. …xmlenc11#aes256-gcm. */
  dataAlgorithm?: string;
  /** Key transport (EncryptedKey/EncryptionMethod), e.g. …xmlenc#rsa-oaep-mgf1p. */
  keyTransportAlgorithm?: string;
}

/** Content and key-transport algorithms that XML-Enc 1.1 §5.4.1 / §5.5.1 warn about. */
export const WEAK_ENCRYPTION: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmlenc#rsa-1_5': 'RSA PKCS#1 v1.5 key transport is open to padding-oracle attacks (XML-Enc 1.1 §5.5.1); use RSA-OAEP',
  'http://www.w3.org/2001/04/xmlenc#tripledes-cbc': 'Triple-DES content encryption is deprecated (NIST SP 800-131A)',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc': 'AES-CBC content encryption has no integrity and is open to the XML-Enc CBC attacks (XML-Enc 1.1 §6.1.1); AES-GCM is preferred',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc': 'AES-CBC content encryption has no integrity and is open to the XML-Enc CBC attacks (XML-Enc 1.1 §6.1.1); AES-GCM is preferred',
};

export function encryptionInfoOf(encryptedAssertion: Element): EncryptionInfo {
  const data = childElement(encryptedAssertion, NS.xenc, 'EncryptedData');
  const dataAlgorithm = attrOf(data && childElement(data, NS.xenc, 'EncryptionMethod'), 'Algorithm');
  const key = descendants(encryptedAssertion, NS.xenc, 'EncryptedKey')[0];
  const keyTransportAlgorithm = attrOf(key && childElement(key, NS.xenc, 'EncryptionMethod'), 'Algorithm');
  return { ...(dataAlgorithm ? { dataAlgorithm } : {}), ...(keyTransportAlgorithm ? { keyTransportAlgorithm } : {}) };
}

export type DecryptResult = { ok: true; xml: string; keyIndex: number } | { ok: false; error: string };

/**
 * Decrypts an EncryptedAssertion with each of the user's private keys in turn (xml-encryption:
 * RSA-OAEP and RSA 1.5 key transport; AES-128/256-CBC and -GCM content). Weak algorithms are
 * decrypted too (and reported separately): the user wants to read their own message.
 */
export async function decryptAssertion(encryptedAssertion: Element, keys: KeyObject[]): Promise<DecryptResult> {
  const xml = new XMLSerializer().serializeToString(encryptedAssertion);
  let lastError = 'no key';
  for (const [i, key] of keys.entries()) {
    let pem: string;
    try {
      pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    } catch (e) {
      lastError = `the decryption key cannot be used (${(e as Error).message})`;
      continue;
    }
    const input = rewrapRsa15(xml, key);
    if (!input.ok) {
      lastError = input.error;
      continue;
    }
    const result = await new Promise<{ ok: true; xml: string } | { ok: false; error: string }>((resolve) => {
      try {
        decrypt(input.xml, { key: pem, disallowDecryptionWithInsecureAlgorithm: false, warnInsecureAlgorithm: false }, (err, out) => {
          if (err || out === undefined) resolve({ ok: false, error: err?.message ?? 'no output' });
          else resolve({ ok: true, xml: Buffer.isBuffer(out) ? out.toString('utf8') : out });
        });
      } catch (e) {
        resolve({ ok: false, error: (e as Error).message });
      }
    });
    if (result.ok) return { ok: true, xml: result.xml, keyIndex: i };
    lastError = explain(result.error);
  }
  return { ok: false, error: lastError };
}

const RSA_1_5 = 'http://www.w3.org/2001/04/xmlenc#rsa-1_5';
const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';

/**
 * Node refuses RSA_PKCS1_PADDING in privateDecrypt since the Marvin fix (CVE-2023-46809) unless
 * OpenSSL does implicit rejection, so xml-encryption cannot unwrap an RSA 1.5 key on Node 20. A user
 * who captured such a response still wants to read it (it is flagged weak separately): the key is
 * unwrapped here without padding, the PKCS#1 v1.5 type-2 block (RFC 8017 §7.2.2) is checked and
 * stripped, and the symmetric key is wrapped again with RSA-OAEP for the same key pair, in memory,
 * so the content decryption stays xml-encryption's. Not a padding oracle: nothing answers a remote
 * party. Other key transports pass through unchanged.
 */
function rewrapRsa15(xml: string, key: KeyObject): { ok: true; xml: string } | { ok: false; error: string } {
  if (!xml.includes(RSA_1_5)) return { ok: true, xml };
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  for (const encryptedKey of descendants(doc, NS.xenc, 'EncryptedKey')) {
    const method = childElement(encryptedKey, NS.xenc, 'EncryptionMethod');
    const cipherData = childElement(encryptedKey, NS.xenc, 'CipherData');
    const cipherValue = cipherData && childElement(cipherData, NS.xenc, 'CipherValue');
    if (!method || attrOf(method, 'Algorithm') !== RSA_1_5 || !cipherValue) continue;
    let symmetric: Buffer | undefined;
    let block: Buffer | undefined;
    try {
      block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(cipherValue.textContent ?? '', 'base64'));
      symmetric = pkcs1v15Unpad(block);
      if (!symmetric) return { ok: false, error: 'the encrypted key cannot be unwrapped with this private key (the assertion was encrypted for another certificate)' };
      const wrapped = publicEncrypt({ key: createPublicKey(key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, symmetric);
      method.setAttribute('Algorithm', RSA_OAEP_MGF1P);
      while (cipherValue.firstChild) cipherValue.removeChild(cipherValue.firstChild);
      cipherValue.appendChild(doc.createTextNode(wrapped.toString('base64')));
    } catch (e) {
      return { ok: false, error: `the RSA 1.5 encrypted key cannot be unwrapped with this private key (${(e as Error).message})` };
    } finally {
      // Both hold the content-encryption key.
      symmetric?.fill(0);
      block?.fill(0);
    }
  }
  return { ok: true, xml: new XMLSerializer().serializeToString(doc) };
}

/** EM = 0x00 || 0x02 || PS (≥ 8 non-zero bytes) || 0x00 || M [RFC 8017 §7.2.2]; undefined when malformed. */
function pkcs1v15Unpad(block: Buffer): Buffer | undefined {
  if (block.length < 11 || block[0] !== 0x00 || block[1] !== 0x02) return undefined;
  const sep = block.indexOf(0x00, 2);
  if (sep < 10) return undefined;
  return Buffer.from(block.subarray(sep + 1));
}

function explain(message: string): string {
  if (/unsupported state or unable to authenticate data/i.test(message)) return 'the AES-GCM authentication tag does not match: the ciphertext was changed, or the wrong key was used';
  if (/oaep decoding error|decryption failed|RSA_padding_check/i.test(message)) return 'the encrypted key cannot be unwrapped with this private key (the assertion was encrypted for another certificate)';
  if (/bad decrypt/i.test(message)) return 'AES-CBC decryption failed (bad padding): wrong key or changed ciphertext';
  return message;
}
