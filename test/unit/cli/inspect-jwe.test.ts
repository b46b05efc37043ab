/** `sso-lens inspect TOKEN.jwe --decrypt-key KEY.pem`: exit status, the one JSON object, no key material in it. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CompactEncrypt, SignJWT } from 'jose';
import { runCliCaptured } from '../../builders/cli-io';
import { rsaKeyPair } from '../../builders/rsa-key-pair';

const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-jwe-cli-'));
const file = (name: string) => join(tmp, name);
const recipient = rsaKeyPair(2048);
const other = rsaKeyPair(2048);
const signer = rsaKeyPair(2048);
const NOW = '2030-01-01T00:00:00Z';
const nowS = Date.parse(NOW) / 1000;
const PKCS8 = recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface Report {
  kind: string;
  signature: { status: string; algorithm?: string };
  findings: Array<{ id: string; message: string }>;
  data: { decrypted?: { content: string; token: { payload: Record<string, unknown> } } };
}

before(async () => {
  const inner = await new SignJWT({ name: 'Adele Vance' }).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://idp.test.example').setAudience('client-1').setSubject('user-1').setIssuedAt(nowS).setExpirationTime(nowS + 600).sign(signer.privateKey);
  writeFileSync(file('id.jwe'), await new CompactEncrypt(Buffer.from(inner)).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' }).encrypt(recipient.publicKey));
  writeFileSync(file('pkcs8.pem'), PKCS8);
  writeFileSync(file('pkcs1.pem'), recipient.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(file('other.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(file('signer.pub.pem'), signer.publicKey.export({ type: 'spki', format: 'pem' }));
});

async function inspectJson(...args: string[]): Promise<{ code: number; report: Report; stdout: string }> {
  const run = await runCliCaptured(['inspect', file('id.jwe'), '--offline', '--now', NOW, '--json', ...args]);
  assert.equal(run.out.length, 1, run.stderr);
  return { code: run.code, report: JSON.parse(run.out[0] ?? '') as Report, stdout: run.stdout };
}

describe('inspect a JWE with --decrypt-key', () => {
  test('without a key: jwt.encrypted (info), exit 0', async () => {
    const { code, report } = await inspectJson();
    assert.equal(code, 0);
    assert.equal(report.kind, 'jwe');
    assert.deepEqual(report.findings.map((f) => f.id), ['jwt.encrypted']);
  });

  for (const key of ['pkcs8.pem', 'pkcs1.pem']) {
    test(`with the recipient's key (${key}) and the signer's public key: decrypted, signature valid, exit 0`, async () => {
      const { code, report, stdout } = await inspectJson('--decrypt-key', file(key), '--key', file('signer.pub.pem'), '--audience', 'client-1');
      assert.equal(code, 0, JSON.stringify(report.findings));
      assert.equal(report.kind, 'jwe');
      assert.equal(report.signature.status, 'valid');
      assert.equal(report.signature.algorithm, 'RS256');
      assert.deepEqual(report.findings, []);
      assert.equal(report.data.decrypted?.content, 'nested-jws');
      assert.equal(report.data.decrypted?.token.payload['sub'], 'user-1');
      // Not a line of the private key reaches standard output.
      for (const line of PKCS8.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!stdout.includes(line));
    });
  }

  test('a wrong audience inside the decrypted token is an error: exit 1', async () => {
    const { code, report } = await inspectJson('--decrypt-key', file('pkcs8.pem'), '--audience', 'client-2');
    assert.equal(code, 1);
    assert.ok(report.findings.some((f) => f.id === 'jwt.audience-mismatch'));
  });

  test('another private key: jwt.decrypt-failed, exit 1', async () => {
    const { code, report } = await inspectJson('--decrypt-key', file('other.pem'));
    assert.equal(code, 1);
    assert.deepEqual(report.findings.map((f) => f.id), ['jwt.decrypt-failed']);
    assert.equal(report.data.decrypted, undefined);
  });

  test('a public key as --decrypt-key is a usage error: exit 2, one-line {"error"}', async () => {
    const run = await runCliCaptured(['inspect', file('id.jwe'), '--offline', '--json', '--decrypt-key', file('signer.pub.pem')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--decrypt-key .*not a PEM private key/);
    assert.deepEqual(Object.keys(JSON.parse(run.out[0] ?? '') as object), ['error']);
  });

  test('the text report shows the decrypted claims', async () => {
    const run = await runCliCaptured(['inspect', file('id.jwe'), '--offline', '--now', NOW, '--decrypt-key', file('pkcs8.pem')]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Encrypted token \(JWE\)/);
    assert.match(run.stdout, /== Decrypted\n {2}Content +a signed JWT \(nested JWS\)/);
    assert.match(run.stdout, /== Claims[\s\S]*\n {2}sub +user-1/);
  });
});
