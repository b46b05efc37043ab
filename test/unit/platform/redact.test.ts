/**
 * Issue 15, class 14: the log redactor recognises secrets by what they are. The corpus is made in
 * the test by node:crypto (keys, random tokens) and samlify-free string building for the XML; each
 * secret is embedded the ways logs and error messages carry it, and no 8-character piece of it may
 * survive. The CLI's standard error goes through the same redactor.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { redact } from '../../../src/platform/redact';
import { runCliCaptured } from '../../builders/cli-io';
import { rsaKeyPair } from '../../builders/rsa-key-pair';

interface Secret {
  kind: string;
  /** What may not leak (pieces of it are checked). */
  value: string;
  /** The text a log line or error message would carry. */
  carriers: string[];
}

function pieces(secret: string): string[] {
  const compact = secret.replace(/\s+/g, '');
  const out: string[] = [];
  for (let i = 0; i + 12 <= compact.length; i += 6) out.push(compact.slice(i, i + 12));
  return out.length ? out : [compact];
}

function corpus(): Secret[] {
  const rsa = rsaKeyPair(2048);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsaPem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const ecPem = ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
  const ecJwk = ec.privateKey.export({ format: 'jwk' });
  const oct = { kty: 'oct', k: randomBytes(32).toString('base64url'), alg: 'HS256' };
  const opaque = randomBytes(32).toString('base64url');
  const refresh = `0.A${randomBytes(48).toString('base64url')}`;
  // Entra client secrets: 40 characters with "~" and "." in them (Certificates & secrets blade).
  const entraSecret = `${randomBytes(3).toString('hex').slice(0, 3)}8Q~${randomBytes(27).toString('base64url').replace(/[-_]/g, 'a').slice(0, 34)}.x`;
  const keycloakSecret = randomBytes(24).toString('base64url');
  const cookie = `ESTSAUTH=${randomBytes(40).toString('base64url')}; x-ms-cpim-sso=${randomBytes(20).toString('hex')}`;
  const code = `1.AV${randomBytes(60).toString('base64url')}`;
  const email = `${randomUUID().slice(0, 8)}.person@contoso.example`;
  const wrapped = randomBytes(300).toString('base64').replace(/.{76}/g, '$&\n');
  const samlValue = randomUUID();
  const truncatedPem = rsaPem.slice(0, 400);
  return [
    { kind: 'RSA private key PEM', value: rsaPem.replace(/-----[A-Z ]+-----/g, ''), carriers: [`failed to read key: ${rsaPem}`] },
    { kind: 'EC private key PEM', value: ecPem.replace(/-----[A-Z ]+-----/g, ''), carriers: [`config: ${ecPem}`] },
    { kind: 'truncated PEM private key', value: truncatedPem.replace(/-----[A-Z ]+-----/g, ''), carriers: [`unreadable: ${truncatedPem}`] },
    { kind: 'RSA private JWK', value: [rsaJwk.d, rsaJwk.p, rsaJwk.q, rsaJwk.dp, rsaJwk.dq, rsaJwk.qi].join(' '), carriers: [`bad key ${JSON.stringify(rsaJwk)}`] },
    { kind: 'EC private JWK', value: ecJwk.d ?? '', carriers: [`bad key ${JSON.stringify(ecJwk)}`, `bad key ${JSON.stringify(ecJwk, null, 2)}`] },
    { kind: 'oct JWK', value: oct.k, carriers: [`key ${JSON.stringify(oct)}`] },
    { kind: 'opaque access token', value: opaque, carriers: [`Authorization: Bearer ${opaque}`, `access_token=${opaque}&token_type=Bearer`, `{"access_token": "${opaque}"}`] },
    { kind: 'refresh token', value: refresh, carriers: [`refresh_token=${refresh}`, `{"refresh_token":"${refresh}"}`] },
    { kind: 'Entra client secret', value: entraSecret, carriers: [`client_secret=${entraSecret}&grant_type=client_credentials`, `SSO_LENS_CLIENT_SECRET=${entraSecret}`, `{"clientSecret": "${entraSecret}"}`] },
    { kind: 'Keycloak client secret', value: keycloakSecret, carriers: [`POST body client_id=app&client_secret=${keycloakSecret}`] },
    { kind: 'cookies', value: cookie, carriers: [`Cookie: ${cookie}`, `set-cookie: ${cookie}; Path=/; Secure`] },
    { kind: 'authorization code', value: code, carriers: [`https://app.example/cb?code=${code}&state=abc`, `{"code":"${code}"}`] },
    { kind: 'base64 wrapped at 76 columns', value: wrapped, carriers: [`SAMLResponse body:\n${wrapped}\nend`] },
    {
      kind: 'SAML NameID and attributes (raw XML)',
      value: `${email} ${samlValue}`,
      carriers: [`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${email}</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier"><saml:AttributeValue>${samlValue}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`],
    },
  ];
}

describe('log redaction by what a value is', () => {
  const secrets = corpus();
  for (const s of secrets) {
    test(`${s.kind} does not survive`, () => {
      for (const carrier of s.carriers) {
        const out = redact(carrier);
        for (const p of pieces(s.value)) assert.ok(!out.includes(p), `${s.kind}: "${p}" survived in ${JSON.stringify(out)}`);
      }
    });
  }

  test('ordinary diagnostics stay readable', () => {
    const lines = [
      'fetching https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
      'https://idp.example/realms/master/protocol/openid-connect/certs answered 404',
      'app 00000000-0000-4000-8000-000000000001: error_code=AADSTS50011 redirect_uri mismatch',
      'check: 3 errors, 2 warnings in contoso.sso.json',
    ];
    for (const l of lines) assert.equal(redact(l), l);
  });

  test('linear on hostile shapes', () => {
    for (const hostile of ['>'.repeat(200_000), `${'<a>'.repeat(50_000)}x</a>`, `-----BEGIN X-----${'A'.repeat(200_000)}`, 'a='.repeat(100_000), `${'A1b'.repeat(60_000)}\n`.repeat(3)]) {
      assert.equal(typeof redact(hostile), 'string');
    }
  });

  test('the CLI standard error never echoes a secret from the command line', async () => {
    for (const s of secrets) {
      for (const carrier of s.carriers) {
        const run = await runCliCaptured([carrier]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /unknown command/);
        for (const p of pieces(s.value)) assert.ok(!run.stderr.includes(p), `${s.kind}: "${p}" reached stderr: ${run.stderr}`);
      }
    }
  });
});
