/** Hostile captures: arbitrary shapes and bytes in HAR and SAML-tracer form give a report, never an exception. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';

const json = fc.jsonValue({ maxDepth: 4 });
const entry = fc.record({
  startedDateTime: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  request: fc.record({ method: fc.constantFrom('GET', 'POST', 'get', 7), url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), headers: fc.array(fc.oneof(json, fc.record({ name: fc.string(), value: fc.string() }))), postData: fc.oneof(json, fc.record({ text: fc.string(), params: fc.array(json) })) }, { requiredKeys: [] }),
  response: fc.record({ status: fc.oneof(fc.integer(), json), headers: fc.array(fc.oneof(json, fc.record({ name: fc.constantFrom('location', 'Location', 'x'), value: fc.string() }))), content: fc.record({ text: fc.string(), mimeType: fc.constantFrom('text/html', 'application/json', 'x'), encoding: fc.constantFrom('base64', 'x') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
}, { requiredKeys: [] });

test('HAR entries of any shape never throw', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(entry, json), { maxLength: 8 }), async (entries) => {
      const r = await inspectArtifact(Buffer.from(JSON.stringify({ log: { entries } })), defaultInspectOptions());
      assert.ok(r.ok || r.error.id === 'input.unrecognised');
    }),
    { numRuns: 150 },
  );
});

test('SAML-tracer requests of any shape never throw', async () => {
  const request = fc.record({ method: fc.string(), url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()), requestId: fc.string(), requestHeaders: fc.array(json), post: fc.array(fc.array(fc.oneof(fc.string(), json), { maxLength: 3 })), saml: fc.oneof(fc.string(), fc.constant('<samlp:Response><x/>')), responseStatus: json, responseHeaders: fc.array(json) }, { requiredKeys: ['method'] });
  await fc.assert(
    fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 6 }), async (requests) => {
      const r = await inspectArtifact(Buffer.from(JSON.stringify({ requests, timestamp: 'x' })), defaultInspectOptions());
      assert.ok(r.ok || r.error.id === 'input.unrecognised');
    }),
    { numRuns: 150 },
  );
});
