import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { hasErrors } from '../../../../src/decoders/result';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import { loadCases, optionsFromArgs, readFixture } from './fixture-cases';

/**
 * Every SAML case of the shared corpus (real responses from Entra, Okta, python3-saml, samlify and
 * the signature-wrapping / comment-injection / re-signing attacks), held to the corpus's
 * expectations: kind, signature status, finding ids, error-or-not, and the decoded values.
 */
describe('SAML corpus cases', () => {
  for (const c of loadCases('saml')) {
    it(`${c.file}${c.note ? ` (${c.note.slice(0, 60)}…)` : ''}`, async () => {
      const result = await inspectArtifact(readFixture('saml', c.file), optionsFromArgs('saml', c.args));
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      const r = result.value;
      const ids = new Set(r.findings.map((f) => f.id));
      if (c.expect.kind) assert.equal(r.kind, c.expect.kind);
      if (c.expect.signature) assert.ok([c.expect.signature].flat().includes(r.signature.status), `signature ${r.signature.status}, expected ${String(c.expect.signature)}`);
      for (const id of c.expect.findings_all ?? []) assert.ok(ids.has(id as never), `missing ${id} in ${[...ids].join(', ')}`);
      for (const group of c.expect.findings_any ?? []) assert.ok(group.some((id) => ids.has(id as never)), `none of ${group.join(' | ')} in ${[...ids].join(', ')}`);
      for (const id of c.expect.findings_none ?? []) assert.ok(!ids.has(id as never), `unexpected ${id}`);
      if (c.expect.exit !== undefined) assert.equal(hasErrors(r), c.expect.exit === 1);

      const data = r.data as Partial<SamlMessageData>;
      const a = data.assertions?.[0];
      const d = c.decoded;
      const mustFail = c.expect.signature !== 'valid';
      if (!mustFail) {
        // Decoded values of genuine messages, as the corpus recorded them.
        if (d['issuer'] !== undefined) assert.equal(data.issuer ?? a?.issuer, d['issuer']);
        if (d['nameid'] !== undefined) assert.equal(a?.nameId?.value, d['nameid']);
        if (d['nameid_format'] !== undefined) assert.equal(a?.nameId?.format ?? null, d['nameid_format']);
        if (d['audience'] !== undefined) assert.deepEqual(a?.conditions?.audiences, [d['audience']]);
        if (d['recipient'] !== undefined) assert.equal(a?.subjectConfirmations[0]?.recipient, d['recipient']);
        if (d['destination'] !== undefined) assert.equal(data.destination, d['destination']);
        if (d['in_response_to'] !== undefined) assert.equal(data.inResponseTo, d['in_response_to']);
        if (d['attributes'] !== undefined) assert.deepEqual(Object.fromEntries((a?.attributes ?? []).map((x) => [x.name, x.values])), d['attributes']);
        assert.equal(a?.signed, true, 'a verified assertion is marked signed');
      } else if (a && r.signature.status !== 'valid') {
        // Attack messages: whatever is shown is never presented as signed.
        assert.equal(a.signed, false);
      }
    });
  }
});
