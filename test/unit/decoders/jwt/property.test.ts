/** Property tests: whatever bytes arrive, `inspectArtifact` returns a Result and never throws. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import type { ArtifactKind, Result, InspectReport } from '../../../../src/decoders/result';
import { formatReport } from '../../../../src/cli/format-report';
import { corpusOptions, readFixtureText, trustFrom } from '../../../builders/fixtures';
import { b64url } from '../../../builders/jwt-builder';

const KINDS: ArtifactKind[] = ['jwt', 'jwe', 'saml-response', 'saml-authn-request', 'saml-logout-request', 'saml-logout-response', 'saml-metadata', 'oidc-discovery', 'jwks', 'certificate', 'har'];
const options = corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json') });
const RUNS = { numRuns: 300 };

/** A Result in the contract's shape, printable by the CLI in both output modes. */
function assertWellFormed(r: Result<InspectReport>): void {
  assert.equal(typeof r.ok, 'boolean');
  if (!r.ok) {
    assert.equal(typeof r.error.id, 'string');
    assert.equal(typeof r.error.message, 'string');
    return;
  }
  assert.ok(KINDS.includes(r.value.kind), r.value.kind);
  assert.ok(['valid', 'invalid', 'unsigned', 'not-checked'].includes(r.value.signature.status));
  for (const f of r.value.findings) {
    assert.match(f.id, /^[a-z0-9-]+\.[a-z0-9.-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
  }
  JSON.stringify(r.value);
  formatReport(r.value);
}

describe('inspectArtifact on arbitrary input', () => {
  test('arbitrary byte arrays', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => assertWellFormed(await inspectArtifact(bytes, options))), RUNS);
  });

  test('arbitrary unicode strings, and the same after "Bearer " or "id_token="', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 512 }), fc.constantFrom('', 'Bearer ', 'eyJ', 'https://app/cb#id_token=', '{', '<'), async (s, prefix) =>
        assertWellFormed(await inspectArtifact(Buffer.from(prefix + s, 'utf8'), options)),
      ),
      RUNS,
    );
  });

  test('dot-joined segments of arbitrary JSON (the shape of a token) never verify and never throw', async () => {
    const segment = fc.oneof(fc.json().map((j) => b64url(j)), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url')));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (parts) => {
        const r = await inspectArtifact(Buffer.from(parts.join('.')), options);
        assertWellFormed(r);
        if (r.ok) assert.notEqual(r.value.signature.status, 'valid');
      }),
      RUNS,
    );
  });

  test('arbitrary headers with arbitrary alg values over a real payload never verify', async () => {
    const payload = readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt').split('.')[1] ?? '';
    const header = fc.record({ alg: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('none', 'NONE', 'HS256', 'RS256', 'ES256', 'EdDSA')), kid: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(header, fc.uint8Array({ maxLength: 300 }), async (h, sig) => {
        const r = await inspectArtifact(Buffer.from(`${b64url(h)}.${payload}.${Buffer.from(sig).toString('base64url')}`), options);
        assertWellFormed(r);
        assert.ok(r.ok);
        assert.notEqual(r.value.signature.status, 'valid');
      }),
      RUNS,
    );
  });

  test('flipping any one character of a valid token never leaves it valid', async () => {
    const token = readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (i, c) => {
        fc.pre(token[i] !== '.' && token[i] !== c);
        const mutated = token.slice(0, i) + c + token.slice(i + 1);
        // The last character of a segment may carry unused bits; a flip there can decode to the same bytes.
        const same = mutated.split('.').every((seg, n) => Buffer.from(seg, 'base64url').equals(Buffer.from(token.split('.')[n] ?? '', 'base64url')));
        fc.pre(!same);
        const r = await inspectArtifact(Buffer.from(mutated), options);
        assertWellFormed(r);
        if (r.ok) assert.notEqual(r.value.signature.status, 'valid', `flip at ${i}`);
      }),
      RUNS,
    );
  });
});
