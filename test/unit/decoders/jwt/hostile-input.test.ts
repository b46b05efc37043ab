/**
 * Hostile tokens through `inspectArtifact`: each one gets a clear finding (or a typed
 * `input.unrecognised` value), in bounded time, and never an exception.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { formatReport } from '../../../../src/cli/format-report';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import type { JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import { LIMITS } from '../../../../src/decoders/limits';
import type { InspectReport } from '../../../../src/decoders/result';
import { presentReport } from '../../../../src/present/present-report';
import { corpusOptions, CORPUS_NOW, findingIds, inspectToReport, readFixtureText, trustFrom } from '../../../builders/fixtures';
import { b64url, compact, entraV2Claims, rsaSigner } from '../../../builders/jwt-builder';

const VALID = readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt');
const corpusTrust = () => corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') });

/** What the CLI and the extension do with every report: serialise it and present it. */
function render(report: InspectReport): string {
  JSON.stringify(report);
  presentReport(report);
  return formatReport(report);
}

async function malformed(input: string, why: RegExp): Promise<void> {
  const report = await inspectToReport(input, corpusTrust());
  assert.equal(report.kind, 'jwt');
  assert.notEqual(report.signature.status, 'valid');
  const f = report.findings.find((x) => x.id === 'jwt.malformed');
  assert.ok(f, `expected jwt.malformed, got ${findingIds(report).join(', ')}`);
  assert.equal(f.severity, 'error');
  assert.match(f.message, why);
  render(report);
}

describe('truncated and non-base64url tokens', () => {
  test('the valid corpus token, truncated at every length, never verifies and never throws', async () => {
    const seen = new Set<string>();
    for (let n = VALID.length - 1; n > 0; n -= 7) {
      const r = await inspectArtifact(Buffer.from(VALID.slice(0, n)), corpusTrust());
      if (!r.ok) {
        seen.add(r.error.id);
        continue;
      }
      assert.notEqual(r.value.signature.status, 'valid', `truncated to ${n}`);
      for (const id of findingIds(r.value)) seen.add(id);
      render(r.value);
    }
    assert.ok(seen.has('jwt.malformed'));
    assert.ok(seen.has('jwt.signature-invalid'));
  });

  test('a signature cut to an impossible base64url length is named as truncated', async () => {
    const [h, p, s = ''] = VALID.split('.');
    const cut = s.slice(0, s.length - (s.length % 4) + 1 - 4);
    await malformed(`${h}.${p}.${cut}`, /signature .*truncated/);
  });

  test('characters outside base64url in the payload are reported against the payload', async () => {
    const [h, p = '', s] = VALID.split('.');
    await malformed(`${h}.${p.slice(0, 10)}+/${p.slice(12)}.${s}`, /payload .*base64url alphabet/);
    await malformed(`${h}.${p.slice(0, 10)}!${p.slice(11)}.${s}`, /payload .*base64url alphabet/);
  });

  test('wrong part counts say how many parts there are', async () => {
    const [h, p, s] = VALID.split('.');
    await malformed(`${h}.${p}`, /3 dot-separated parts .* this has 2/);
    await malformed(`${h}.${p}.${s}.${s}`, /this has 4/);
    await malformed(`${h}.${p}.${s}.${s}.${s}.${s}`, /this has 6/);
  });

  test('header or payload that is not JSON, or JSON but not an object', async () => {
    await malformed(compact('{"alg":"RS256"', { sub: 'x' }, 'c2ln'), /header is not valid JSON/);
    await malformed(compact({ alg: 'RS256' }, '{"sub":', 'c2ln'), /payload is not valid JSON/);
    await malformed(compact({ alg: 'RS256' }, '["an","array"]', 'c2ln'), /payload is JSON but not an object/);
    await malformed(compact('"alg"', {}, 'c2ln'), /header is JSON but not an object/);
  });

  test('a JWE with a broken protected header is malformed, a well-formed one is kind jwe with jwt.encrypted', async () => {
    await malformed(`${b64url('{"alg":')}.${b64url('k')}.${b64url('iv')}.${b64url('ct')}.${b64url('tag')}`, /JWE protected header is not valid JSON/);
    await malformed(`${b64url({ alg: 'dir', enc: 'A256GCM' })}.a.b.c.d`, /JWE part 2 .*truncated/);
    const jwe = await inspectToReport(`${b64url({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })}.${b64url('k')}.${b64url('iv')}.${b64url('ct')}.${b64url('tag')}`);
    assert.equal(jwe.kind, 'jwe');
    assert.equal(jwe.signature.status, 'not-checked');
    assert.deepEqual(findingIds(jwe), ['jwt.encrypted']);
  });

  test('non-numeric time claims are malformed rather than silently ignored', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { exp: '2100-01-01', nbf: null }, 'c2ln'), corpusTrust());
    assert.ok(report.findings.some((f) => f.id === 'jwt.malformed' && /"exp" must be a number/.test(f.message)));
    assert.ok(report.findings.some((f) => f.id === 'jwt.malformed' && /"nbf" must be a number/.test(f.message)));
  });
});

describe('size and nesting limits', () => {
  test('a 5 MB token is input.too-large, quickly, without being decoded', async () => {
    const [h, , s] = VALID.split('.');
    const huge = `${h}.${'A'.repeat(5 * 1024 * 1024)}.${s}`;
    const started = Date.now();
    const report = await inspectToReport(huge, corpusTrust());
    assert.ok(Date.now() - started < 2000);
    assert.equal(report.kind, 'jwt');
    assert.deepEqual(findingIds(report), ['input.too-large']);
    assert.equal(report.findings[0]?.severity, 'error');
    assert.deepEqual(report.data, {});
  });

  test('a token just under the token limit is still decoded', async () => {
    const payload = { ...entraV2Claims(CORPUS_NOW), pad: 'x'.repeat(LIMITS.maxTokenBytes / 2) };
    const report = await inspectToReport(compact({ alg: 'RS256' }, payload, 'c2ln'));
    assert.ok(!findingIds(report).includes('input.too-large'));
    assert.equal((report.data as JwtData).payload['tid'], '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37');
  });

  test('deeply nested JSON in the payload is malformed, and the report stays printable', async () => {
    for (const depth of [100, 10_000, 200_000]) {
      const payload = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      await malformed(compact({ alg: 'RS256' }, payload, 'c2ln'), /nests JSON more than 64 levels/);
    }
  });

  test('ordinary nesting (Keycloak resource_access) is fine, and brackets inside strings do not count', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { resource_access: { app: { roles: ['a'] } }, note: '['.repeat(500) }, 'c2ln'));
    assert.ok(!findingIds(report).includes('jwt.malformed'));
  });

  test('a JWKS with 1500 keys: the first 1000 are read, the rest reported, within a second or two', async () => {
    const signer = await rsaSigner('k-0');
    const keys = Array.from({ length: 1500 }, (_, i) => ({ ...signer.publicJwk, kid: `k-${i}` }));
    const jwks = JSON.stringify({ keys });
    const started = Date.now();
    const report = await inspectToReport(jwks);
    assert.equal(report.kind, 'jwks');
    assert.equal((report.data as { keys: unknown[] }).keys.length, 1000);
    assert.ok(report.findings.some((f) => f.id === 'jwks.malformed' && /500 keys beyond the limit of 1000/.test(f.message)));

    const trust = loadTrustMaterial(Buffer.from(jwks), 'big.jwks');
    assert.ok(trust.ok);
    const inside = await inspectToReport(await signer.sign(entraV2Claims(CORPUS_NOW), { kid: 'k-999' }), corpusOptions({ trust: trust.value }));
    assert.equal(inside.signature.status, 'valid');
    const beyond = await inspectToReport(await signer.sign(entraV2Claims(CORPUS_NOW), { kid: 'k-1200' }), corpusOptions({ trust: trust.value }));
    assert.equal(beyond.signature.status, 'invalid');
    assert.ok(findingIds(beyond).includes('jwt.key-not-found'));
    // The "known kids" list in the message is capped, not 1000 ids long.
    assert.ok((beyond.signature.detail ?? '').length < 400);
    assert.ok(Date.now() - started < 5000);
  });

  test('a discovery document nested thousands deep is malformed and still printable', async () => {
    const doc = `{"issuer":"https://idp.example","jwks_uri":"https://idp.example/keys","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const report = await inspectToReport(doc);
    assert.equal(report.kind, 'oidc-discovery');
    assert.ok(report.findings.some((f) => f.id === 'discovery.malformed' && /levels deep/.test(f.message)));
    render(report);
  });
});

describe('NUL bytes, markup and terminal escapes', () => {
  test('a NUL byte inside or after the token is malformed', async () => {
    await malformed(`${VALID}\u0000`, /signature .*base64url alphabet/);
    await malformed(compact({ alg: 'RS256' }, '{"sub":"a\u0000b"}', 'c2ln'), /payload contains NUL bytes/);
  });

  test('an escaped \\u0000 in a claim decodes, and the text report shows it escaped', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { name: 'a\u0000b\u001b]0;owned\u0007' }, 'c2ln'));
    const text = render(report);
    assert.ok(text.includes('a\\u0000b\\u001b]0;owned\\u0007'));
    assert.ok(!/[\u0000\u001b\u0007]/.test(text));
  });

  test('HTML/script in claim values is flagged and shown as inert text', async () => {
    const signer = await rsaSigner('html');
    const token = await signer.sign(entraV2Claims(CORPUS_NOW, { name: '<script>alert(document.cookie)</script>', roles: ['<img src=x onerror=alert(1)>'] }));
    const report = await inspectToReport(token);
    const f = report.findings.find((x) => x.id === 'claims.html-in-value');
    assert.equal(f?.severity, 'warning');
    const text = render(report);
    assert.ok(text.includes('<script>alert(document.cookie)</script>'), 'shown verbatim as text in the terminal');
    const claims = presentReport(report).find((s) => s.title === 'Claims');
    assert.equal(claims?.rows.find((r) => r.label === 'name')?.value, '<script>alert(document.cookie)</script>');
  });

  test('a less-than sign in ordinary text is not markup', async () => {
    const report = await inspectToReport(compact({ alg: 'RS256' }, { name: 'a < b and 3<4' }, 'c2ln'));
    assert.ok(!findingIds(report).includes('claims.html-in-value'));
  });
});

describe('algorithm attacks', () => {
  const variants = Array.from({ length: 16 }, (_, bits) => [...'none'].map((c, i) => ((bits >> i) & 1 ? c.toUpperCase() : c)).join(''));

  test('alg none in all 16 case variants is unsigned with jwt.alg-none, even with a signature and trusted keys', async () => {
    assert.equal(new Set(variants).size, 16);
    for (const alg of variants) {
      for (const sig of ['', 'c2lnbmF0dXJl']) {
        const report = await inspectToReport(compact({ alg, kid: '7aIR-bzXVolRT0FB1QnSUZFxjM8' }, entraV2Claims(CORPUS_NOW), sig), corpusTrust());
        assert.equal(report.signature.status, 'unsigned', alg);
        assert.ok(findingIds(report).includes('jwt.alg-none'), alg);
      }
    }
  });

  test('algorithms off the allow-list (and a missing alg) are alg-not-allowed', async () => {
    for (const header of [{ alg: 'RS1' }, { alg: 'HS1' }, { alg: ' none' }, { alg: 'RSA-OAEP' }, {}, { alg: 42 }]) {
      const report = await inspectToReport(compact(header, entraV2Claims(CORPUS_NOW), 'c2ln'), corpusTrust());
      assert.equal(report.signature.status, 'invalid', JSON.stringify(header));
      assert.ok(findingIds(report).includes('jwt.alg-not-allowed'), JSON.stringify(header));
    }
  });

  test('HS256 with an RSA JWKS is key confusion (alg-not-allowed), even signed with the JWK text itself', async () => {
    const jwksText = readFixtureText('jwt', 'corpus-jwks.json');
    const { createHmac } = await import('node:crypto');
    const h = b64url({ alg: 'HS256', kid: '7aIR-bzXVolRT0FB1QnSUZFxjM8' });
    const p = b64url(entraV2Claims(CORPUS_NOW));
    const sig = createHmac('sha256', jwksText).update(`${h}.${p}`).digest('base64url');
    const report = await inspectToReport(`${h}.${p}.${sig}`, corpusTrust());
    assert.equal(report.signature.status, 'invalid');
    assert.deepEqual(findingIds(report), ['jwt.alg-not-allowed']);
  });

  test('HS256 does verify with a symmetric oct key the user gave, and fails with the wrong one', async () => {
    const { SignJWT } = await import('jose');
    const secret = createHash('sha256').update('shared secret').digest();
    const token = await new SignJWT(entraV2Claims(CORPUS_NOW)).setProtectedHeader({ alg: 'HS256', kid: 'oct-1' }).sign(secret);
    const trust = loadTrustMaterial(Buffer.from(JSON.stringify({ kty: 'oct', kid: 'oct-1', k: secret.toString('base64url') })), 'oct.jwk');
    assert.ok(trust.ok);
    assert.equal((await inspectToReport(token, corpusOptions({ trust: trust.value }))).signature.status, 'valid');
    const wrong = loadTrustMaterial(Buffer.from(JSON.stringify({ kty: 'oct', kid: 'oct-1', k: b64url('other') })), 'oct.jwk');
    assert.ok(wrong.ok);
    const bad = await inspectToReport(token, corpusOptions({ trust: wrong.value }));
    assert.equal(bad.signature.status, 'invalid');
    assert.deepEqual(findingIds(bad), ['jwt.signature-invalid']);
  });

  test('a Graph access token (nonce in the header) is not-checked by design, not tampered', async () => {
    const signer = await rsaSigner('7aIR-bzXVolRT0FB1QnSUZFxjM8');
    const token = await signer.sign(entraV2Claims(CORPUS_NOW, { aud: '00000003-0000-0000-c000-000000000000' }), { nonce: 'AQABAAAAAA' });
    const report = await inspectToReport(token, corpusTrust());
    assert.equal(report.signature.status, 'not-checked');
    assert.deepEqual(findingIds(report), ['jwt.graph-access-token']);
  });
});
