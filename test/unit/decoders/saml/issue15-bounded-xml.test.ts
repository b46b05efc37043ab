import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { inspectMetadataXml, scanAggregate } from '../../../../src/decoders/metadata';
import { parseAttributes } from '../../../../src/decoders/metadata/scan-aggregate';
import { MAX_XML_DEPTH, xmlNestingDepth } from '../../../../src/decoders/saml/nesting-depth';

const opts = defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') });
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** n nested elements, each declaring its own namespace prefix (the fuzzer's input, issue 15 class 11). */
function nested(n: number, root: string): string {
  let open = '';
  let close = '';
  for (let i = 0; i < n; i++) {
    open += `<p${i}:e xmlns:p${i}="urn:x:${i}">`;
    close = `</p${i}:e>${close}`;
  }
  return `${root.replace('></', `>${open}${close}</`)}`;
}

describe('issue 15: hostile XML structure is answered in bounded time (classes 10, 11)', () => {
  it('refuses 40,000 nested prefixed elements in a SAML Response before parsing (input.too-deep)', async () => {
    const xml = nested(40_000, '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0"></samlp:Response>');
    const r = await inspectArtifact(Buffer.from(xml), opts);
    assert.ok(r.ok);
    assert.deepEqual(r.value.findings.map((f) => f.id), ['input.too-deep']);
    assert.match(r.value.findings[0]?.message ?? '', /more than 256 levels/);
  });

  it('refuses deeply nested metadata, also base64-encoded as a SAMLResponse would be', async () => {
    const xml = nested(20_000, `<md:EntityDescriptor xmlns:md="${MD}" entityID="https://sp.example"></md:EntityDescriptor>`);
    assert.deepEqual(inspectMetadataXml(xml, opts).findings.map((f) => f.id), ['input.too-deep']);
    const r = await inspectArtifact(Buffer.from(Buffer.from(xml).toString('base64')), opts);
    assert.ok(r.ok);
    assert.ok(r.value.findings.some((f) => f.id === 'input.too-deep'));
  });

  it('counts depth by tags only: quoted ">" , comments, CDATA and self-closing tags do not nest', () => {
    assert.equal(xmlNestingDepth('<a x="<b>"><!-- <c><d><e> --><![CDATA[<f><g>]]><h/><i></i></a>'), 2);
    assert.equal(xmlNestingDepth(`${'<a>'.repeat(MAX_XML_DEPTH)}${'</a>'.repeat(MAX_XML_DEPTH)}`), MAX_XML_DEPTH);
    // Stops counting past the limit.
    assert.equal(xmlNestingDepth('<a>'.repeat(100_000), 10), 11);
  });

  it('keeps metadata nested to the limit readable (no false refusal)', () => {
    const xml = nested(200, `<md:EntityDescriptor xmlns:md="${MD}" entityID="https://sp.example"></md:EntityDescriptor>`);
    assert.ok(!inspectMetadataXml(xml, opts).findings.some((f) => f.id === 'input.too-deep'));
  });

  it('reads attributes around a 300,000-character name without a value in one pass (class 10)', () => {
    const name = 'a'.repeat(300_000);
    const attrs = parseAttributes(` Name="urn:fed" ${name} validUntil='2030-01-01T00:00:00Z' x = "1&amp;2"`);
    assert.equal(attrs['Name'], 'urn:fed');
    assert.equal(attrs['validUntil'], '2030-01-01T00:00:00Z');
    assert.equal(attrs['x'], '1&2');
    assert.equal(Object.keys(attrs).length, 3);
  });

  it('indexes an aggregate whose root carries a long valueless attribute name, then a long comment', () => {
    const entity = (i: number) => `<md:EntityDescriptor entityID="https://e${i}.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
    const xml = `<md:EntitiesDescriptor xmlns:md="${MD}" Name="urn:fed" ${'n'.repeat(300_000)}><!--${'-x'.repeat(500_000)}-->${entity(1)}${entity(2)}</md:EntitiesDescriptor>`;
    const r = scanAggregate(Buffer.from(xml));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.rootAttributes['Name'], 'urn:fed');
    assert.deepEqual([r.value.entities.entityId(0), r.value.entities.entityId(1)], ['https://e1.example', 'https://e2.example']);
    assert.equal(r.value.entities.length, 2);
  });

  it('refuses an aggregate nested beyond the limit with input.too-deep', () => {
    const r = scanAggregate(Buffer.from(`<md:EntitiesDescriptor xmlns:md="${MD}">${'<x>'.repeat(1000)}`));
    assert.ok(!r.ok);
    assert.equal(r.error.id, 'input.too-deep');
  });
});
