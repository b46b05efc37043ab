import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import { inspectMetadataXml, scanAggregate, type MetadataData } from '../../../../src/decoders/metadata';
import { readFixture } from '../saml/fixture-cases';

// Issue 12: below the 16 MiB DOM limit, an unsigned aggregate listed by ID only is indexed by
// streaming (one DOM cost 6× the time and 8× the memory per MB); everything else keeps its DOM.
const NOW = new Date('2026-11-22T06:00:00Z');

/** An unsigned EntitiesDescriptor of about `targetBytes`: a real Keycloak realm descriptor under distinct entity IDs. */
function unsignedAggregate(targetBytes: number): { xml: string; count: number } {
  const entity = readFixture('metadata', 'metadata/keycloak-firezone-realm-descriptor.xml').toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const parts = ['<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:test:federation" validUntil="2099-01-01T00:00:00Z">\n'];
  let size = 0;
  let count = 0;
  while (size < targetBytes) {
    const e = entity.replace('entityID="http://localhost:8080/realms/firezone"', `entityID="https://idp${count}.federation.example/idp"`);
    parts.push(e, '\n');
    size += e.length + 1;
    count++;
  }
  parts.push('</md:EntitiesDescriptor>\n');
  return { xml: parts.join(''), count };
}

describe('metadata aggregates below the DOM limit (issue 12)', () => {
  it('indexes an unsigned 2 MB aggregate by streaming, with the verdict and index the DOM gives', async () => {
    const { xml, count } = unsignedAggregate(2 * 1024 * 1024);
    const options = defaultInspectOptions({ now: NOW });
    const streamed = await inspectArtifact(Buffer.from(xml), options);
    assert.ok(streamed.ok);
    const data = streamed.value.data as MetadataData;
    assert.equal(data.streamed, true);
    assert.equal(data.entityCount, count);
    const dom = inspectMetadataXml(xml, options);
    const domData = dom.data as MetadataData;
    assert.equal(domData.streamed, false);
    assert.equal(streamed.value.signature.status, dom.signature.status);
    assert.deepEqual(streamed.value.findings.map((f) => f.id), dom.findings.map((f) => f.id));
    assert.deepEqual(data.entityIndex, domData.entityIndex);
  });

  it('still reports an end tag that closes the wrong element as malformed', async () => {
    const { xml } = unsignedAggregate(2 * 1024 * 1024);
    const broken = xml.replace('</md:IDPSSODescriptor>', '</md:SPSSODescriptor>');
    const scanned = scanAggregate(Buffer.from(broken));
    assert.ok(!scanned.ok);
    assert.equal(scanned.error.id, 'metadata.malformed');
    const r = await inspectArtifact(Buffer.from(broken), defaultInspectOptions({ now: NOW }));
    assert.ok(r.ok);
    assert.ok(r.value.findings.some((f) => f.id === 'metadata.malformed'));
  });

  it('keeps the DOM, and so the signature check, for a signed aggregate', async () => {
    // The corpus's signed aggregate grown past 1 MiB by entities added after signing: the DOM path
    // must find the signature broken (streaming would only say "not checked").
    const signed = readFixture('metadata', 'metadata/gen-entities-descriptor-keycloak-and-adfs.signed.xml').toString('utf8');
    const { xml: extra } = unsignedAggregate(1.1 * 1024 * 1024);
    const entities = extra.slice(extra.indexOf('<md:EntityDescriptor'), extra.lastIndexOf('</md:EntitiesDescriptor>'));
    const grown = signed.replace('</md:EntitiesDescriptor>', `${entities}</md:EntitiesDescriptor>`);
    const trust = loadTrustMaterial(readFixture('metadata', 'metadata/corpus-idp2-signing.crt'), 'corpus-idp2-signing.crt');
    assert.ok(trust.ok);
    const r = await inspectArtifact(Buffer.from(grown), defaultInspectOptions({ now: NOW, trust: trust.value }));
    assert.ok(r.ok);
    assert.equal((r.value.data as MetadataData).streamed, false);
    assert.equal(r.value.signature.status, 'invalid');
    assert.ok(r.value.findings.some((f) => f.id === 'metadata.signature-invalid'));
  });
});
