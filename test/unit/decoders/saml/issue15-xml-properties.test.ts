import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { inspectMetadataXml, scanAggregate } from '../../../../src/decoders/metadata';
import { parseAttributes } from '../../../../src/decoders/metadata/scan-aggregate';
import { normalizeSignatureBase64 } from '../../../../src/decoders/saml/verify-signature';
import { xmlNestingDepth } from '../../../../src/decoders/saml/nesting-depth';

/**
 * Issue 15: a bounded property slice over the SAML/XML decoders — XML-shaped noise built from the
 * tokens that trip tag scanners (quotes, comments, CDATA, prefixes, valueless names, base64 with
 * character references) never throws and always answers with a typed result or findings.
 */
const token = fc.constantFrom(
  '<',
  '>',
  '/>',
  '</',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '&#13;',
  '&amp;',
  'xmlns:p="urn:p"',
  'p:',
  'saml:Assertion',
  'md:EntityDescriptor',
  'EntitiesDescriptor',
  'SignatureValue',
  'X509Certificate',
  'constructor',
  '__proto__',
  'aaaaaaaaaaaaaaaa',
  'ID="_1"',
);
const xmlNoise = fc.array(token, { maxLength: 200 }).map((t) => t.join(''));
const opts = defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') });
const RUNS = { numRuns: 150 };

describe('issue 15: XML decoders answer arbitrary XML-shaped input (property slice)', () => {
  it('the nesting pre-scan, attribute reader and base64 normaliser never throw', () => {
    fc.assert(
      fc.property(xmlNoise, (s) => {
        assert.ok(xmlNestingDepth(s) >= 0);
        assert.equal(typeof parseAttributes(s), 'object');
        assert.equal(typeof normalizeSignatureBase64(s), 'string');
      }),
      RUNS,
    );
  });

  it('the aggregate scanner returns a typed result', () => {
    fc.assert(
      fc.property(xmlNoise, (s) => {
        const r = scanAggregate(Buffer.from(s));
        assert.ok(r.ok || typeof r.error.message === 'string');
      }),
      RUNS,
    );
  });

  it('metadata and SAML inspection answer with findings, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(xmlNoise, async (s) => {
        const md = inspectMetadataXml(s, opts);
        assert.ok(md.findings.every((f) => typeof f.message === 'string'));
        const r = await inspectArtifact(Buffer.from(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${s}</samlp:Response>`), opts);
        if (r.ok) assert.ok(r.value.findings.every((f) => typeof f.message === 'string' && typeof f.id === 'string'));
        else assert.equal(typeof r.error.message, 'string');
      }),
      RUNS,
    );
  });
});
