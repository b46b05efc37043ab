/**
 * JWE decryption with `--decrypt-key`: an ID token a real OpenID provider (`oidc-provider`)
 * signed and then encrypted to the client, and JWEs made with `jose` for the algorithm matrix,
 * wrong keys, tampering, refused algorithms and a compressed "zip bomb".
 */
import assert from 'node:assert/strict';
import { createCipheriv, generateKeyPairSync, publicEncrypt, randomBytes, constants, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CompactEncrypt, exportJWK, SignJWT } from 'jose';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import type { JweData } from '../../../../src/decoders/jwt/inspect-jwt';
import { MAX_JWE_PLAINTEXT_BYTES } from '../../../../src/decoders/jwt/decrypt-jwe';
import { DiscoveryKeySource } from '../../../../src/decoders/oidc/key-source';
import type { InspectReport } from '../../../../src/decoders/result';
import { presentReport } from '../../../../src/present/present-report';
import { NodeFetcher } from '../../../../src/platform/node-fetcher';
import { findingIds } from '../../../builders/fixtures';
import { ACCOUNT_ID, CLIENT_ID, providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { rsaKeyPair } from '../../../builders/rsa-key-pair';

const rsa = () => rsaKeyPair(2048);
const recipient = rsa();
const otherRecipient = rsa();
const ecRecipient = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = rsa();
const NOW = new Date();
const nowS = Math.floor(NOW.getTime() / 1000);

function trustSigner(): InspectOptions['trust'] {
  return { keys: [{ source: 'signer.pem', kty: 'RSA', key: signer.publicKey }] };
}

async function inspect(token: string, overrides: Partial<InspectOptions> = {}): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(token), defaultInspectOptions({ now: NOW, ...overrides }));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

async function signedIdToken(claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ name: 'Adele Vance', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'sig-1' }).setIssuer('https://idp.test.example').setAudience('client-1').setSubject('user-1').setIssuedAt(nowS).setExpirationTime(nowS + 600).sign(signer.privateKey);
}

async function encrypt(plaintext: string, key: KeyObject, header: { alg: string; enc: string; cty?: string; zip?: 'DEF' }): Promise<string> {
  return new CompactEncrypt(Buffer.from(plaintext)).setProtectedHeader(header).encrypt(key);
}

const dataOf = (r: InspectReport) => r.data as JweData;

describe('an encrypted ID token from a real OpenID provider (oidc-provider)', () => {
  let idp: OidcHarness;
  let keySource: DiscoveryKeySource;
  before(async () => {
    const clientEncryptionKey = { ...(await exportJWK(recipient.publicKey)), kid: 'client-enc-1', alg: 'RSA-OAEP-256' };
    idp = await startOidcProvider([await providerSigningKey('op-sig-1')], { encryptIdTokens: { alg: 'RSA-OAEP-256', enc: 'A256GCM', key: clientEncryptionKey } });
    keySource = new DiscoveryKeySource(new NodeFetcher({ ca: idp.server.ca, timeoutMs: 5000 }));
  });
  after(() => idp.close());

  test('without a key it is recognised and reported as encrypted, nothing more', async () => {
    const token = await idp.issueIdToken();
    assert.equal(token.split('.').length, 5, 'the provider really encrypted it');
    const report = await inspect(token, { keySource });
    assert.equal(report.kind, 'jwe');
    assert.deepEqual(findingIds(report), ['jwt.encrypted']);
    assert.equal(dataOf(report).decrypted, undefined);
    assert.equal(dataOf(report).header['alg'], 'RSA-OAEP-256');
  });

  test('with the client key it decrypts, and the nested ID token verifies through discovery', async () => {
    const token = await idp.issueIdToken('nonce-jwe-1');
    const report = await inspect(token, { keySource, decryptionKeys: [recipient.privateKey], expected: { audience: CLIENT_ID, issuer: idp.issuer } });
    assert.equal(report.kind, 'jwe');
    assert.equal(report.signature.status, 'valid', report.signature.detail);
    assert.equal(report.signature.keyId, 'op-sig-1');
    assert.deepEqual(findingIds(report), []);
    const decrypted = dataOf(report).decrypted;
    assert.equal(decrypted?.content, 'nested-jws');
    assert.equal(decrypted?.token.payload['sub'], ACCOUNT_ID);
    assert.equal(decrypted?.token.payload['nonce'], 'nonce-jwe-1');
    assert.equal(decrypted?.token.header['kid'], 'op-sig-1');
    // The report shows the claims, and carries no trace of the private key.
    const text = JSON.stringify(presentReport(report));
    assert.ok(text.includes(ACCOUNT_ID));
    const jwk = await exportJWK(recipient.privateKey);
    const json = JSON.stringify(report);
    for (const part of [jwk.d, jwk.p, jwk.q]) assert.ok(part && !json.includes(part) && !text.includes(part));
  });

  test('with another private key it is jwt.decrypt-failed, and no claim is shown', async () => {
    const report = await inspect(await idp.issueIdToken(), { keySource, decryptionKeys: [otherRecipient.privateKey] });
    assert.equal(report.kind, 'jwe');
    assert.deepEqual(findingIds(report), ['jwt.decrypt-failed']);
    assert.match(report.findings[0]?.message ?? '', /encrypted for another key/);
    assert.equal(dataOf(report).decrypted, undefined);
    assert.equal(report.signature.status, 'not-checked');
  });

  test('of several keys, the one that fits opens it', async () => {
    const report = await inspect(await idp.issueIdToken(), { keySource, decryptionKeys: [ecRecipient.privateKey, otherRecipient.privateKey, recipient.privateKey] });
    assert.equal(dataOf(report).decrypted?.keyIndex, 2);
    assert.equal(report.signature.status, 'valid');
  });
});

describe('the algorithm allow-list (JWEs made with jose)', () => {
  const matrix: Array<[string, string, 'rsa' | 'ec']> = [];
  for (const enc of ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512']) {
    for (const alg of ['RSA-OAEP', 'RSA-OAEP-256']) matrix.push([alg, enc, 'rsa']);
    for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW']) matrix.push([alg, enc, 'ec']);
  }
  for (const [alg, enc, type] of matrix) {
    test(`${alg} / ${enc} with a nested RS256 token decrypts and verifies`, async () => {
      const pair = type === 'rsa' ? recipient : ecRecipient;
      const token = await encrypt(await signedIdToken(), pair.publicKey, { alg, enc, cty: 'JWT' });
      const report = await inspect(token, { decryptionKeys: [pair.privateKey], trust: trustSigner() });
      assert.equal(report.kind, 'jwe');
      assert.equal(report.signature.status, 'valid', report.signature.detail);
      assert.equal(report.signature.algorithm, 'RS256');
      assert.equal(dataOf(report).decrypted?.token.payload['name'], 'Adele Vance');
    });
  }

  test('a nested token without cty is still recognised as a JWS', async () => {
    const report = await inspect(await encrypt(await signedIdToken(), recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), { decryptionKeys: [recipient.privateKey] });
    assert.equal(dataOf(report).decrypted?.content, 'nested-jws');
    assert.equal(report.signature.status, 'not-checked');
    assert.deepEqual(findingIds(report), ['jwt.signature-not-checked']);
  });

  test('a nested token signed by another key is jwt.signature-invalid: decryption proves nothing about the issuer', async () => {
    const forger = rsa();
    const forged = await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'RS256' }).sign(forger.privateKey);
    const report = await inspect(await encrypt(forged, recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' }), { decryptionKeys: [recipient.privateKey], trust: trustSigner() });
    assert.equal(report.signature.status, 'invalid');
    assert.deepEqual(findingIds(report), ['jwt.signature-invalid']);
  });

  test('a JSON claims set inside is shown, checked, and reported unsigned', async () => {
    const claims = JSON.stringify({ iss: 'https://idp.test.example', sub: 'user-2', aud: 'client-1', exp: nowS - 3600, email: '<img src=x onerror=alert(1)>' });
    const report = await inspect(await encrypt(claims, recipient.publicKey, { alg: 'RSA-OAEP', enc: 'A128CBC-HS256' }), { decryptionKeys: [recipient.privateKey], expected: { audience: 'client-2' } });
    assert.equal(report.signature.status, 'unsigned');
    assert.equal(dataOf(report).decrypted?.content, 'claims');
    assert.deepEqual(findingIds(report).sort(), ['claims.html-in-value', 'jwt.audience-mismatch', 'jwt.expired']);
    const claimsSection = presentReport(report).find((s) => s.title === 'Claims');
    assert.equal(claimsSection?.rows.find((r) => r.label === 'sub')?.value, 'user-2');
  });

  test('an EC key for an RSA-OAEP token is named as the wrong kind of key', async () => {
    const report = await inspect(await encrypt('{}', recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), { decryptionKeys: [ecRecipient.privateKey] });
    assert.deepEqual(findingIds(report), ['jwt.decrypt-failed']);
    assert.match(report.findings[0]?.message ?? '', /RSA-OAEP-256 needs an RSA private key; the key given is EC/);
  });

  test('a changed ciphertext is jwt.decrypt-failed (the tag does not match)', async () => {
    const parts = (await encrypt(await signedIdToken(), recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })).split('.');
    const ct = Buffer.from(parts[3] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = ct.toString('base64url');
    const report = await inspect(parts.join('.'), { decryptionKeys: [recipient.privateKey] });
    assert.deepEqual(findingIds(report), ['jwt.decrypt-failed']);
    assert.equal(dataOf(report).decrypted, undefined);
  });

  test('a changed protected header is jwt.decrypt-failed too (it is the AAD)', async () => {
    const parts = (await encrypt('{"sub":"a"}', recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' })).split('.');
    parts[0] = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'x' })).toString('base64url');
    assert.deepEqual(findingIds(await inspect(parts.join('.'), { decryptionKeys: [recipient.privateKey] })), ['jwt.decrypt-failed']);
  });

  test('RSA1_5 key transport is refused with the reason, not attempted', async () => {
    // A real RSA1_5/A128GCM JWE (RFC 7516 §5.1) built with node:crypto, since jose no longer makes them.
    const header = Buffer.from(JSON.stringify({ alg: 'RSA1_5', enc: 'A128GCM' })).toString('base64url');
    const cek = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-128-gcm', cek, iv).setAAD(Buffer.from(header, 'ascii'));
    const ct = Buffer.concat([cipher.update('{"sub":"a"}'), cipher.final()]);
    const ek = publicEncrypt({ key: recipient.publicKey, padding: constants.RSA_PKCS1_PADDING }, cek);
    const token = [header, ek, iv, ct, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    const report = await inspect(token, { decryptionKeys: [recipient.privateKey] });
    assert.deepEqual(findingIds(report), ['jwt.decrypt-failed']);
    assert.match(report.findings[0]?.message ?? '', /RSA1_5 .*padding-oracle/);
  });

  test('"dir" (a shared secret) is refused: --decrypt-key is a private key', async () => {
    const secret = randomBytes(32);
    const token = await new CompactEncrypt(Buffer.from('{"sub":"a"}')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(secret);
    const report = await inspect(token, { decryptionKeys: [recipient.privateKey] });
    assert.deepEqual(findingIds(report), ['jwt.decrypt-failed']);
    assert.match(report.findings[0]?.message ?? '', /shared secret/);
  });

  test('a small zip: DEF payload inflates and reads as usual', async () => {
    const report = await inspect(await encrypt(JSON.stringify({ sub: 'zipped', pad: 'a'.repeat(5000) }), recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' }), { decryptionKeys: [recipient.privateKey] });
    assert.equal(dataOf(report).decrypted?.token.payload['sub'], 'zipped');
  });

  test('a zip bomb (a few KB inflating to 50 MB) is stopped at the limit, quickly', async () => {
    const bomb = JSON.stringify({ sub: 'x', pad: '0'.repeat(50 * 1024 * 1024) });
    const token = await encrypt(bomb, recipient.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' });
    assert.ok(token.length < 200_000, `the token itself is small (${token.length})`);
    const t0 = Date.now();
    const report = await inspect(token, { decryptionKeys: [recipient.privateKey] });
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(findingIds(report), ['input.too-large']);
    assert.match(report.findings[0]?.message ?? '', new RegExp(`beyond ${MAX_JWE_PLAINTEXT_BYTES} bytes`));
    assert.equal(dataOf(report).decrypted, undefined);
  });
});
