/**
 * Tokens for tests that the corpus cannot provide (hostile shapes, fresh keys), made with `jose`,
 * a real third-party implementation: SSO Lens's own encoder is never used to make its test data.
 */
import { type KeyObject } from 'node:crypto';
import { exportJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { rsaKeyPair } from './rsa-key-pair';

export function b64url(value: string | Buffer | object): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  return bytes.toString('base64url');
}

/** A compact token from raw parts, for shapes no signer would produce (alg none, bad JSON…). */
export function compact(header: string | object, payload: string | object, signature: string | Buffer = ''): string {
  return `${b64url(header)}.${b64url(payload)}.${typeof signature === 'string' ? signature : b64url(signature)}`;
}

export interface TestSigner {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
  sign(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
}

/** An RSA signer with a public JWK carrying `kid`, `alg` and `use` as providers publish them. */
export async function rsaSigner(kid: string): Promise<TestSigner> {
  const { privateKey, publicKey } = rsaKeyPair(2048);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateKey,
    publicJwk,
    sign: (payload, header = {}) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(privateKey),
  };
}

/** Entra-v2-shaped claims valid around `now`. */
export function entraV2Claims(now: Date, extra: JWTPayload = {}): JWTPayload {
  const t = Math.floor(now.getTime() / 1000);
  const tid = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
  return {
    iss: `https://login.microsoftonline.com/${tid}/v2.0`,
    aud: 'd8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13',
    tid,
    oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84',
    ver: '2.0',
    iat: t - 60,
    nbf: t - 60,
    exp: t + 3600,
    ...extra,
  };
}
