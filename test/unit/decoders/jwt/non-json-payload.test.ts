/**
 * Issue 15, class 6: a JWS may sign any content (RFC 7515 §2). The RFC 7520 §4 examples sign a line
 * of prose; they must verify with the RFC's own keys and show the payload as data, and
 * `not-checked` must mean only "no trust material". A JWE whose plaintext is not JSON shows it
 * (bounded, escaped). JWEs are made by jose in the test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompactEncrypt } from 'jose';
import { formatReport } from '../../../../src/cli/format-report';
import type { JweData, JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import { MAX_PAYLOAD_DATA_CHARS } from '../../../../src/decoders/jwt/payload-data';
import { presentReport } from '../../../../src/present/present-report';
import { corpusOptions, findingIds, inspectToReport, readFixtureText, trustFrom } from '../../../builders/fixtures';
import { rsaKeyPair } from '../../../builders/rsa-key-pair';

const PROSE = 'It’s a dangerous business, Frodo, going out your door. You step onto the road, and if you don\'t keep your feet, there’s no knowing where you might be swept off to.';

const CASES = [
  { name: '§4.1 RS256', jws: 'rfc7520-4.1-rs256.jws', key: 'rfc7520-3.4-rsa.public.jwk.json', alg: 'RS256' },
  { name: '§4.4 HS256', jws: 'rfc7520-4.4-hs256.jws', key: 'rfc7520-3.5-oct.jwk.json', alg: 'HS256' },
];

describe('RFC 7520 §4: JWS over a non-JSON payload', () => {
  for (const c of CASES) {
    test(`${c.name}: verifies with the RFC key and shows the prose as data`, async () => {
      const report = await inspectToReport(readFixtureText('jwt', c.jws), corpusOptions({ trust: trustFrom('jwt', c.key) }));
      assert.equal(report.kind, 'jwt');
      assert.equal(report.signature.status, 'valid', JSON.stringify(report.signature));
      assert.deepEqual(findingIds(report), []);
      const data = report.data as JwtData;
      assert.equal(data.payloadData?.text, PROSE);
      assert.equal(data.payloadData?.encoding, 'utf-8');
      assert.deepEqual(data.claims, []);
      const text = formatReport(report);
      assert.match(text, /Payload \(data, not claims\)/);
      assert.match(text, /dangerous business, Frodo/);
    });

    test(`${c.name}: one changed payload byte is signature-invalid, not malformed`, async () => {
      const [h, p, s] = readFixtureText('jwt', c.jws).trim().split('.');
      const tampered = `${h}.${Buffer.from(PROSE.replace('Frodo', 'Sam  ')).toString('base64url')}.${s}`;
      assert.notEqual(p, tampered.split('.')[1]);
      const report = await inspectToReport(tampered, corpusOptions({ trust: trustFrom('jwt', c.key) }));
      assert.equal(report.signature.status, 'invalid');
      assert.ok(findingIds(report).includes('jwt.signature-invalid'));
      assert.ok(!findingIds(report).includes('jwt.malformed'));
    });
  }

  test('without trust material the status is not-checked, and the payload is still shown', async () => {
    const report = await inspectToReport(readFixtureText('jwt', 'rfc7520-4.1-rs256.jws'));
    assert.equal(report.signature.status, 'not-checked');
    assert.equal((report.data as JwtData).payloadData?.text, PROSE);
  });
});

describe('JWE with a non-JSON plaintext', () => {
  const recipient = rsaKeyPair(2048);
  const encrypt = (plaintext: Uint8Array) => new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }).encrypt(recipient.publicKey);

  test('the plaintext is shown, escaped and bounded', async () => {
    const hostile = `\u001b[31mred\u0007 ${'x'.repeat(MAX_PAYLOAD_DATA_CHARS * 2)}`;
    const report = await inspectToReport(await encrypt(Buffer.from(hostile)), corpusOptions({ decryptionKeys: [recipient.privateKey] }));
    assert.equal(report.kind, 'jwe');
    assert.equal(report.signature.status, 'unsigned');
    const decrypted = (report.data as JweData).decrypted;
    assert.equal(decrypted?.content, 'data');
    const shown = decrypted?.token.payloadData;
    assert.ok(shown?.text.startsWith('\\u001b[31mred\\u0007 '));
    assert.equal(shown?.truncated, true);
    assert.equal(shown?.text.length, MAX_PAYLOAD_DATA_CHARS);
    const text = formatReport(report);
    assert.doesNotMatch(text, /\u001b/);
    assert.match(text, /data \(not JSON\), not signed/);
    presentReport(report);
  });

  test('bytes that are not UTF-8 are shown as base64url', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const report = await inspectToReport(await encrypt(bytes), corpusOptions({ decryptionKeys: [recipient.privateKey] }));
    const shown = (report.data as JweData).decrypted?.token.payloadData;
    assert.equal(shown?.encoding, 'base64url');
    assert.equal(shown?.text, `base64url:${bytes.toString('base64url')}`);
  });
});
