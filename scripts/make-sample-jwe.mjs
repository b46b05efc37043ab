// Writes the encrypted-ID-token samples in examples/tokens/ (and nothing else): an Entra-shaped ID
// token signed (RS256) and then encrypted to the client (RSA-OAEP-256 / A256GCM, cty "JWT"), as
// OIDC Core §10.2 orders it, made with `jose`. Two throw-away key pairs, created on each run:
//   sample-jwe-decryption.key        the client's private key (PKCS#8 PEM), kept only so decryption can be tried
//   sample-jwe-signing-jwks.json     the signer's public key (its private half is discarded)
//   sample-encrypted-id-token.jwe    the token
//   node scripts/make-sample-jwe.mjs
import { CompactEncrypt, exportJWK, exportPKCS8, generateKeyPair, SignJWT } from 'jose';
import { mkdirSync, writeFileSync } from 'node:fs';

const dir = new URL('../examples/tokens/', import.meta.url);
mkdirSync(dir, { recursive: true });
const tenant = '72f988bf-0000-4c7e-9a1d-5b7f0e2c4d11';
const clientId = 'c0ffee00-1d7a-4b6e-8f3e-2a9c5d7b1e42';
const kid = 'sso-lens-jwe-sample-signing';

const signing = await generateKeyPair('RS256', { modulusLength: 2048 });
const encryption = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048, extractable: true });
writeFileSync(new URL('sample-jwe-signing-jwks.json', dir), JSON.stringify({ keys: [{ ...(await exportJWK(signing.publicKey)), kid, use: 'sig', alg: 'RS256' }] }, null, 2) + '\n');
writeFileSync(new URL('sample-jwe-decryption.key', dir), await exportPKCS8(encryption.privateKey));

const now = Math.floor(Date.now() / 1000);
const idToken = await new SignJWT({
  tid: tenant,
  oid: '4f6c2d8e-9a1b-4c3d-8e7f-0a1b2c3d4e5f',
  name: 'Megan Bowen',
  preferred_username: 'MeganB@contoso.example',
  ver: '2.0',
  nonce: 'sample-nonce-jwe',
})
  .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
  .setIssuer(`https://login.microsoftonline.com/${tenant}/v2.0`)
  .setAudience(clientId)
  .setSubject('kR3vQ9mZ_sampleSubjectPairwise_x1Y2z3')
  .setIssuedAt(now)
  .setNotBefore(now)
  // Like the SAML samples: valid for decades, so the example keeps verifying without jwt.expired.
  .setExpirationTime(new Date('2099-01-01T00:00:00Z'))
  .sign(signing.privateKey);
const jwe = await new CompactEncrypt(new TextEncoder().encode(idToken))
  .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: 'sso-lens-jwe-sample-encryption' })
  .encrypt(encryption.publicKey);
writeFileSync(new URL('sample-encrypted-id-token.jwe', dir), jwe + '\n');
console.log('wrote examples/tokens/sample-encrypted-id-token.jwe, sample-jwe-decryption.key, sample-jwe-signing-jwks.json');
