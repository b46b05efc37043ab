import { constants, createDecipheriv, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { decryptKeyInfo } from 'xml-encryption';
import { attrOf, childElement, descendants, NS } from './xml-names';

export interface EncryptionInfo {
  /** Content encryption (EncryptedData/EncryptionMethod), e.g. …xmlenc11#aes256-gcm. */
  dataAlgorithm?: string;
  /** Key transport (EncryptedKey/EncryptionMethod), e.g. …xmlenc#rsa-oaep-mgf1p. */
  keyTransportAlgorithm?: string;
}

const CBC_WEAK = 'AES-CBC content encryption has no integrity and is open to the XML-Enc CBC attacks (XML-Enc 1.1 §6.1.1); AES-GCM is preferred';

/**
 * Content and key-transport algorithms that XML-Enc 1.1 §5.4.1 / §5.5.1 warn about. A Map, so an
 * Algorithm named like an Object.prototype member finds nothing.
 * https://www.w3.org/TR/xmlenc-core1/#sec-Alg-Block, #sec-RSA-1_5
 */
export const WEAK_ENCRYPTION: ReadonlyMap<string, string> = new Map([
  ['http://www.w3.org/2001/04/xmlenc#rsa-1_5', 'RSA PKCS#1 v1.5 key transport is weak: it is open to padding-oracle attacks (Bleichenbacher; XML-Enc 1.1 §5.5.1 — "not recommended"); the IdP should use RSA-OAEP'],
  ['http://www.w3.org/2001/04/xmlenc#tripledes-cbc', 'Triple-DES content encryption is deprecated (NIST SP 800-131A)'],
  ['http://www.w3.org/2001/04/xmlenc#aes128-cbc', CBC_WEAK],
  ['http://www.w3.org/2001/04/xmlenc#aes192-cbc', CBC_WEAK],
  ['http://www.w3.org/2001/04/xmlenc#aes256-cbc', CBC_WEAK],
]);

interface BlockAlgorithm {
  cipher: string;
  keyBytes: number;
  ivBytes: number;
  gcm: boolean;
}

/**
 * Every block encryption algorithm XML Encryption 1.1 §5.2 lists (3DES, AES-128/192/256 in CBC and
 * GCM mode); https://www.w3.org/TR/xmlenc-core1/#sec-Alg-Block. xml-encryption decrypts only four of
 * them (no AES-192), which ruby-saml and xmlsec1 do decrypt (issue 15, class 3), so content is
 * decrypted here with node:crypto and xml-encryption unwraps the key.
 */
export const BLOCK_ALGORITHMS: ReadonlyMap<string, BlockAlgorithm> = new Map([
  ['http://www.w3.org/2001/04/xmlenc#tripledes-cbc', { cipher: 'des-ede3-cbc', keyBytes: 24, ivBytes: 8, gcm: false }],
  ['http://www.w3.org/2001/04/xmlenc#aes128-cbc', { cipher: 'aes-128-cbc', keyBytes: 16, ivBytes: 16, gcm: false }],
  ['http://www.w3.org/2001/04/xmlenc#aes192-cbc', { cipher: 'aes-192-cbc', keyBytes: 24, ivBytes: 16, gcm: false }],
  ['http://www.w3.org/2001/04/xmlenc#aes256-cbc', { cipher: 'aes-256-cbc', keyBytes: 32, ivBytes: 16, gcm: false }],
  ['http://www.w3.org/2009/xmlenc11#aes128-gcm', { cipher: 'aes-128-gcm', keyBytes: 16, ivBytes: 12, gcm: true }],
  ['http://www.w3.org/2009/xmlenc11#aes192-gcm', { cipher: 'aes-192-gcm', keyBytes: 24, ivBytes: 12, gcm: true }],
  ['http://www.w3.org/2009/xmlenc11#aes256-gcm', { cipher: 'aes-256-gcm', keyBytes: 32, ivBytes: 12, gcm: true }],
]);

export function encryptionInfoOf(encryptedAssertion: Element): EncryptionInfo {
  const data = childElement(encryptedAssertion, NS.xenc, 'EncryptedData');
  const dataAlgorithm = attrOf(data && childElement(data, NS.xenc, 'EncryptionMethod'), 'Algorithm');
  const key = descendants(encryptedAssertion, NS.xenc, 'EncryptedKey')[0];
  const keyTransportAlgorithm = attrOf(key && childElement(key, NS.xenc, 'EncryptionMethod'), 'Algorithm');
  return { ...(dataAlgorithm ? { dataAlgorithm } : {}), ...(keyTransportAlgorithm ? { keyTransportAlgorithm } : {}) };
}

export type DecryptResult = { ok: true; xml: string; keyIndex: number } | { ok: false; error: string };

/**
 * Decrypts an EncryptedAssertion with each of the user's private keys in turn (xml-encryption
 * unwraps the key: RSA-OAEP and RSA 1.5 key transport; content: every XML-Enc 1.1 block algorithm). Weak algorithms are
 * decrypted too (and reported separately): the user wants to read their own message.
 */
export function decryptAssertion(encryptedAssertion: Element, keys: KeyObject[]): Promise<DecryptResult> {
  return Promise.resolve(decryptWithKeys(encryptedAssertion, keys));
}

function decryptWithKeys(encryptedAssertion: Element, keys: KeyObject[]): DecryptResult {
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
    const result = decryptWithKey(input.xml, pem);
    if (result.ok) return { ok: true, xml: result.xml, keyIndex: i };
    lastError = explain(result.error);
  }
  return { ok: false, error: lastError };
}

function decryptWithKey(xml: string, pem: string): { ok: true; xml: string } | { ok: false; error: string } {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const data = descendants(doc, NS.xenc, 'EncryptedData')[0];
  const algorithm = attrOf(data && childElement(data, NS.xenc, 'EncryptionMethod'), 'Algorithm') ?? '';
  const cipherData = data && childElement(data, NS.xenc, 'CipherData');
  const cipherValue = cipherData && childElement(cipherData, NS.xenc, 'CipherValue');
  const block = BLOCK_ALGORITHMS.get(algorithm);
  if (!block) return { ok: false, error: `the content encryption algorithm ${JSON.stringify(algorithm.slice(0, 200))} is not an XML Encryption 1.1 block algorithm` };
  if (!cipherValue) return { ok: false, error: 'the EncryptedData has no CipherValue' };
  let key: Buffer | undefined;
  try {
    key = decryptKeyInfo(xml, { key: pem, disallowDecryptionWithInsecureAlgorithm: false, warnInsecureAlgorithm: false });
    if (key.length !== block.keyBytes) return { ok: false, error: `the unwrapped key is ${key.length} bytes; ${algorithm} needs ${block.keyBytes} (the assertion was encrypted for another certificate, or the algorithm was changed)` };
    const bytes = Buffer.from(cipherValue.textContent ?? '', 'base64');
    const tagBytes = block.gcm ? 16 : 0;
    if (bytes.length < block.ivBytes + tagBytes + 1) return { ok: false, error: 'the CipherValue is too short for its algorithm' };
    const iv = bytes.subarray(0, block.ivBytes);
    const body = bytes.subarray(block.ivBytes, bytes.length - tagBytes);
    if (block.gcm) {
      const decipher = createDecipheriv(block.cipher as 'aes-256-gcm', key, iv);
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
      return { ok: true, xml: Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8') };
    }
    const decipher = createDecipheriv(block.cipher, key, iv);
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]);
    // XML-Enc padding (§5.2): arbitrary bytes, then one byte with the padding length (1..block size).
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > block.ivBytes) return { ok: false, error: 'bad decrypt: the padding is not XML-Enc padding' };
    return { ok: true, xml: plain.subarray(0, plain.length - pad).toString('utf8') };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    key?.fill(0);
  }
}

/**
 * The decrypted assertion as a document of its own. Plaintext that uses a prefix declared only on
 * the enclosing Response (many IdPs encrypt `<saml:Assertion>` without its own xmlns:saml) is read in
 * the enclosing element's context, as XML-Enc §4.5 decrypts in place: the in-scope declarations it
 * lacks are copied onto its root start tag. Undefined when the plaintext has no start tag.
 */
export function withEnclosingNamespaces(plaintext: string, enclosing: Element): string | undefined {
  const inScope = new Map<string, string>();
  for (let n: Element | null = enclosing; n && n.nodeType === 1; n = n.parentNode as Element | null) {
    for (let i = 0; i < n.attributes.length; i++) {
      const a = n.attributes.item(i);
      if (!a || (a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))) continue;
      if (!inScope.has(a.name)) inScope.set(a.name, a.value);
    }
  }
  // The root start tag: the first '<' not opening a declaration, comment or PI.
  let start = -1;
  for (let i = plaintext.indexOf('<'); i >= 0; i = plaintext.indexOf('<', i + 1)) {
    const c = plaintext[i + 1];
    if (c !== '?' && c !== '!') {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  let end = start + 1;
  for (let quote = ''; end < plaintext.length; end++) {
    const c = plaintext[end] ?? '';
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') break;
  }
  let nameEnd = start + 1;
  while (nameEnd < end && !/[\s/>]/.test(plaintext[nameEnd] ?? '')) nameEnd++;
  const tag = plaintext.slice(start, end);
  const declared = new Set([...tag.matchAll(/\s(xmlns(?::[^\s=/>]+)?)\s*=/g)].map((m) => m[1]));
  const missing = [...inScope].filter(([name]) => !declared.has(name)).map(([name, uri]) => ` ${name}="${uri.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`);
  return plaintext.slice(0, nameEnd) + missing.join('') + plaintext.slice(nameEnd);
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
