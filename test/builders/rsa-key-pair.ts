import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * An RSA key pair whose KeyObjects are not the ones key generation returned. Node 20 can deadlock when the
 * key-generation job is garbage-collected while the same key is being exported as a JWK (the job's destructor
 * waits for the mutex the export holds: seen as a test file hanging at start with 0 CPU). Keys re-created from
 * PEM share nothing with the job.
 */
export function rsaKeyPair(modulusLength = 2048): { privateKey: KeyObject; publicKey: KeyObject } {
  const pair = generateKeyPairSync('rsa', { modulusLength, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return { privateKey: createPrivateKey(pair.privateKey), publicKey: createPublicKey(pair.publicKey) };
}
