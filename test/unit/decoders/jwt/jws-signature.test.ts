/**
 * The direct JWS signature check (node:crypto on the decoded token) gives jose's answer for every
 * token: valid, altered, signed by another key, with a broken signature, padded, with `crit`, or
 * with a key jose refuses. Tokens are signed by jose; the answers are compared with jose's own
 * compactVerify on the same token and key.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { CompactSign, compactVerify, FlattenedSign } from 'jose';
import { decodeCompact, type DecodedJws } from '../../../../src/decoders/jwt/decode-jwt';
import { directInput, verifyJwsSignature } from '../../../../src/decoders/jwt/jws-signature';
import type { JwsAlgorithm } from '../../../../src/decoders/jwt/algorithms';
import { b64url } from '../../../builders/jwt-builder';
import { rsaKeyPair } from '../../../builders/rsa-key-pair';

type Pair = { privateKey: KeyObject; publicKey: KeyObject };

function pairFor(alg: string, modulusLength = 2048): Pair {
  if (alg.startsWith('ES')) return generateKeyPairSync('ec', { namedCurve: { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }[alg] ?? 'prime256v1' });
  return rsaKeyPair(modulusLength);
}

async function sign(alg: string, key: KeyObject, header: object = {}, payload: object = { iss: 'https://issuer.example', sub: 'u1', aud: 'app' }): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg, ...header }).sign(key);
}

function decoded(token: string): DecodedJws {
  const d = decodeCompact(token);
  assert.ok(d.ok && d.value.form === 'jws', `decodes: ${token.slice(0, 40)}`);
  return d.value;
}

async function joseSays(token: string, key: KeyObject, alg: string): Promise<boolean> {
  try {
    await compactVerify(token, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

/** Changes one character of a segment to another base64url character. */
function alter(token: string, segment: number): string {
  const parts = token.split('.');
  const s = parts[segment] ?? '';
  const i = Math.floor(s.length / 2);
  parts[segment] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return parts.join('.');
}

const ALGS: JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

describe('JWS signature: node:crypto on the decoded token agrees with jose', () => {
  for (const alg of ALGS) {
    it(`${alg}: valid, altered payload, altered signature, another key, truncated signature`, { timeout: 120_000 }, async () => {
      const own = pairFor(alg);
      const other = pairFor(alg);
      const token = await sign(alg, own.privateKey, { kid: 'k1', typ: 'JWT' });
      assert.ok(directInput(decoded(token), own.publicKey, alg), 'the common case takes the direct path');
      const cases: Array<[string, string, KeyObject, boolean]> = [
        ['valid', token, own.publicKey, true],
        ['altered payload', alter(token, 1), own.publicKey, false],
        ['altered signature', alter(token, 2), own.publicKey, false],
        ['another key', token, other.publicKey, false],
        ['truncated signature', token.slice(0, -8), own.publicKey, false],
        ['empty signature', token.split('.').slice(0, 2).join('.') + '.', own.publicKey, false],
      ];
      for (const [name, t, key, expected] of cases) {
        const d = decodeCompact(t);
        if (!d.ok || d.value.form !== 'jws') continue; // not a token the decoder hands on
        assert.equal(await joseSays(t, key, alg), expected, `${name}: jose`);
        assert.equal(await verifyJwsSignature(d.value, key, alg), expected, `${name}: SSO Lens`);
      }
    });
  }

  it('ES256: a signature of the wrong length or in DER shape is refused as jose refuses it', async () => {
    const own = pairFor('ES256');
    const token = await sign('ES256', own.privateKey);
    const [h, p] = token.split('.');
    for (const sig of [Buffer.alloc(63, 1), Buffer.alloc(65, 1), Buffer.alloc(72, 0x30)]) {
      const t = `${h}.${p}.${b64url(sig)}`;
      assert.equal(await joseSays(t, own.publicKey, 'ES256'), false);
      assert.equal(await verifyJwsSignature(decoded(t), own.publicKey, 'ES256'), false);
    }
  });

  it('hands jose what only jose decides: crit / b64, padded segments, short RSA keys, EdDSA', { timeout: 120_000 }, async () => {
    const rsa = pairFor('RS256');
    // crit with b64:false — an unencoded payload; jose's answer must stand (here: it verifies).
    const unencoded = await new FlattenedSign(Buffer.from('abcdEFGH')).setProtectedHeader({ alg: 'RS256', b64: false, crit: ['b64'] }).sign(rsa.privateKey);
    const detachedAttached = `${unencoded.protected}.abcdEFGH.${unencoded.signature}`;
    // jose will not sign with an unknown crit parameter; a hostile issuer would.
    const critInput = `${b64url({ alg: 'RS256', crit: ['exp'], exp: 1 })}.${b64url({ sub: 'u1' })}`;
    const critUnknown = `${critInput}.${b64url(cryptoSign('sha256', Buffer.from(critInput), rsa.privateKey))}`;
    const short = pairFor('RS256', 1024);
    const shortToken = await new CompactSign(Buffer.from('{"a":1}')).setProtectedHeader({ alg: 'RS256' }).sign(short.privateKey).catch(() => undefined);
    const plain = await sign('RS256', rsa.privateKey);
    const [ph, pp, ps] = plain.split('.');
    const padded = `${ph}.${pp}.${ps}=`;
    const ed = generateKeyPairSync('ed25519');
    const edToken = await sign('EdDSA', ed.privateKey);
    const cases: Array<[string, string, KeyObject, JwsAlgorithm]> = [
      ['crit b64 as received', detachedAttached, rsa.publicKey, 'RS256'],
      ['crit names an unknown parameter', critUnknown, rsa.publicKey, 'RS256'],
      ['padded signature segment', padded, rsa.publicKey, 'RS256'],
      ['EdDSA', edToken, ed.publicKey, 'EdDSA'],
      ...(shortToken ? ([['1024-bit RSA key', shortToken, short.publicKey, 'RS256']] as Array<[string, string, KeyObject, JwsAlgorithm]>) : []),
    ];
    for (const [name, t, key, alg] of cases) {
      const d = decoded(t);
      assert.equal(directInput(d, key, alg), undefined, `${name}: left to jose`);
      assert.equal(await verifyJwsSignature(d, key, alg), await joseSays(t, key, alg), `${name}: same answer as jose`);
    }
  });

  it('an RSA key never verifies an ES token, nor an EC key of another curve', async () => {
    const rsa = pairFor('RS256');
    const p384 = pairFor('ES384');
    const es = pairFor('ES256');
    const token = await sign('ES256', es.privateKey);
    for (const key of [rsa.publicKey, p384.publicKey, createPublicKey(p384.publicKey.export({ type: 'spki', format: 'pem' }))]) {
      assert.equal(directInput(decoded(token), key, 'ES256'), undefined);
      assert.equal(await verifyJwsSignature(decoded(token), key, 'ES256'), false);
    }
  });
});
