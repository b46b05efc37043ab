import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { LIMITS } from '../../../../src/decoders/limits';
import { ENTITY_INDEX_LIMIT } from '../../../../src/decoders/metadata/inspect-aggregate';
import { inspectMetadataBytes, scanAggregate, signingCertificatesFromMetadata, type MetadataData } from '../../../../src/decoders/metadata';
import { hasErrors } from '../../../../src/decoders/result';
import { loadCases, optionsFromArgs, readFixture } from '../saml/fixture-cases';

const NOW = new Date('2026-11-22T06:00:00Z');

describe('SAML metadata corpus cases', () => {
  for (const c of loadCases('metadata')) {
    it(c.file, async () => {
      const result = await inspectArtifact(readFixture('metadata', c.file), optionsFromArgs('metadata', c.args));
      assert.ok(result.ok);
      const r = result.value;
      const ids = new Set<string>(r.findings.map((f) => f.id));
      assert.equal(r.kind, c.expect.kind);
      if (c.expect.signature) assert.ok([c.expect.signature].flat().includes(r.signature.status), `signature ${r.signature.status}`);
      for (const id of c.expect.findings_all ?? []) assert.ok(ids.has(id), `missing ${id}`);
      for (const id of c.expect.findings_none ?? []) assert.ok(!ids.has(id), `unexpected ${id}`);
      if (c.expect.exit !== undefined) assert.equal(hasErrors(r), c.expect.exit === 1);
      const data = r.data as MetadataData;
      const d = c.decoded;
      if (d['entityID'] !== undefined) assert.equal(data.entities[0]?.entityId, d['entityID']);
      if (d['sso_endpoints'] !== undefined) {
        const sso = Object.fromEntries(data.entities[0]?.roles.flatMap((role) => role.endpoints).filter((e) => e.service === 'SingleSignOnService').map((e) => [e.binding, e.location]) ?? []);
        assert.deepEqual(sso, d['sso_endpoints']);
      }
      if (typeof d['idpsso_signing_cert_count'] === 'number' && r.signature.status !== 'invalid') {
        const idp = data.entities[0]?.roles.find((role) => role.type === 'IDPSSODescriptor');
        assert.equal(idp?.certificates.filter((x) => x.use !== 'encryption').length, d['idpsso_signing_cert_count']);
      }
      if (Array.isArray(d['entities'])) assert.deepEqual(data.entityIndex?.map((e) => e.entityId), (d['entities'] as Array<{ entityID: string }>).map((e) => e.entityID));
    });
  }

  it('shows thumbprints the way the Entra admin center does and names Entra\'s WS-Fed roles', async () => {
    const r = await inspectArtifact(readFixture('metadata', 'metadata/entra-2014-federationmetadata.signed.xml'), defaultInspectOptions({ now: NOW }));
    assert.ok(r.ok);
    const data = r.value.data as MetadataData;
    const roles = data.entities[0]?.roles.map((x) => x.xsiType ?? x.type);
    assert.deepEqual(roles, ['fed:SecurityTokenServiceType', 'fed:ApplicationServiceType', 'IDPSSODescriptor']);
    const thumbs = data.entities[0]?.roles[2]?.certificates.map((c) => c.sha1Thumbprint);
    assert.deepEqual(thumbs, ['92B88C3DD981BF1EBCB244FCFA63C007706C79E0', '3270BF5597004DF339A4E62224731B6BD82810A6']);
    assert.equal(r.value.signature.status, 'not-checked', 'signed, but no trust material given');
  });

  it('tolerates the UTF-8 byte-order mark of Entra app-specific metadata', async () => {
    const xml = readFixture('metadata', 'metadata/keycloak-firezone-realm-descriptor.xml');
    const r = await inspectArtifact(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml]), defaultInspectOptions({ now: NOW }));
    assert.ok(r.ok);
    assert.equal(r.value.kind, 'saml-metadata');
    assert.equal((r.value.data as MetadataData).entities[0]?.entityId, 'http://localhost:8080/realms/firezone');
  });
});

describe('signing certificates from metadata (trust material)', () => {
  it('takes every distinct signing certificate, in any role', () => {
    const r = signingCertificatesFromMetadata(readFixture('metadata', 'metadata/entra-2014-federationmetadata.signed.xml').toString('utf8'));
    assert.ok(r.ok);
    assert.equal(r.value.length, 2);
  });
  it('leaves out encryption-only certificates', () => {
    const r = signingCertificatesFromMetadata(readFixture('metadata', 'metadata/onelogin-idp-different-sign-and-encrypt-cert.xml').toString('utf8'));
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((c) => c.subject.includes('app.onelogin.com')), [true]);
  });
  it('refuses metadata with a DOCTYPE', () => {
    const r = signingCertificatesFromMetadata('<!DOCTYPE x [<!ENTITY a "b">]><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>');
    assert.ok(!r.ok);
    assert.equal(r.error.id, 'saml.doctype-forbidden');
  });
});

/** A synthetic aggregate: the Keycloak realm descriptor repeated with distinct entity IDs. */
function aggregate(targetBytes: number): { bytes: Buffer; count: number } {
  const entity = readFixture('metadata', 'metadata/keycloak-firezone-realm-descriptor.xml').toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const parts: string[] = ['<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:test:federation" validUntil="2099-01-01T00:00:00Z">\n<!-- a comment with <EntityDescriptor> inside must not count -->\n'];
  let size = parts[0]?.length ?? 0;
  let count = 0;
  while (size < targetBytes) {
    const e = entity.replace('entityID="http://localhost:8080/realms/firezone"', `entityID="https://idp${count}.federation.example/idp"`);
    parts.push(e, '\n');
    size += e.length + 1;
    count++;
  }
  parts.push('</md:EntitiesDescriptor>\n');
  return { bytes: Buffer.from(parts.join('')), count };
}

describe('large metadata aggregates are indexed without one DOM', () => {
  it('lists every entity with its roles, skipping comments', () => {
    const { bytes, count } = aggregate(200_000);
    const index = scanAggregate(bytes);
    assert.ok(index.ok);
    assert.equal(index.value.entities.length, count);
    assert.equal(index.value.entities.at(3)?.entityId, 'https://idp3.federation.example/idp');
    assert.deepEqual(index.value.entities.at(3)?.roles, ['IDPSSODescriptor']);
    assert.equal(index.value.entities.at(count - 1)?.entityId, `https://idp${count - 1}.federation.example/idp`);
  });

  it('streams an aggregate beyond the DOM limit and picks one entity by ID', () => {
    const { bytes, count } = aggregate(LIMITS.maxMetadataDomBytes + 1024 * 1024);
    const options = defaultInspectOptions({ now: NOW });
    const all = inspectMetadataBytes(bytes, options);
    const data = all.data as MetadataData;
    assert.equal(data.streamed, true);
    assert.equal(data.entityCount, count);
    assert.ok(all.findings.some((f) => f.id === 'metadata.aggregate'));
    const picked = inspectMetadataBytes(bytes, options, { entityId: `https://idp${count - 1}.federation.example/idp` });
    const p = picked.data as MetadataData;
    assert.equal(p.entities.length, 1);
    assert.equal(p.entities[0]?.roles[0]?.certificates[0]?.subject, 'CN=firezone');
    const missing = inspectMetadataBytes(bytes, options, { entityId: 'https://nope.example' });
    assert.ok(missing.findings.some((f) => f.id === 'metadata.entity-not-found'));
  });

  it('indexes millions-style tiny entities compactly: the list is capped, the rest counted, any one can be picked', () => {
    // Tiny but legal entities (class 16 of issue 15): 17 MB of them, beyond the DOM limit.
    const parts = ['<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'];
    let size = 0;
    let count = 0;
    while (size < LIMITS.maxMetadataDomBytes + 1024 * 1024) {
      const e = `<md:EntityDescriptor entityID="urn:e:${count}"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
      parts.push(e);
      size += e.length;
      count++;
    }
    parts.push('</md:EntitiesDescriptor>');
    const bytes = Buffer.from(parts.join(''));
    const index = scanAggregate(bytes);
    assert.ok(index.ok);
    assert.equal(index.value.entities.length, count);
    assert.equal(index.value.entities.entityId(count - 1), `urn:e:${count - 1}`);
    assert.deepEqual(index.value.entities.roles(count - 1), ['SPSSODescriptor']);
    const options = defaultInspectOptions({ now: NOW });
    const all = inspectMetadataBytes(bytes, options);
    const data = all.data as MetadataData;
    assert.equal(data.entityCount, count);
    assert.equal(data.entityIndex?.length, ENTITY_INDEX_LIMIT);
    assert.equal(data.entityIndexOmitted, count - ENTITY_INDEX_LIMIT);
    assert.match(all.findings.find((f) => f.id === 'metadata.aggregate')?.message ?? '', new RegExp(`${count} entities .*the first ${ENTITY_INDEX_LIMIT} are listed`));
    const picked = inspectMetadataBytes(bytes, options, { entityId: `urn:e:${count - 1}` });
    assert.equal((picked.data as MetadataData).entities[0]?.entityId, `urn:e:${count - 1}`);
    assert.ok(!picked.findings.some((f) => f.id === 'metadata.entity-not-found'));
  });

  it('reports a truncated aggregate and refuses a DOCTYPE in it', () => {
    const { bytes } = aggregate(100_000);
    const cut = scanAggregate(bytes.subarray(0, bytes.length - 500));
    assert.ok(!cut.ok);
    assert.equal(cut.error.id, 'metadata.malformed');
    const doctype = scanAggregate(Buffer.from('<!DOCTYPE x><EntitiesDescriptor/>'));
    assert.ok(!doctype.ok);
    assert.equal(doctype.error.id, 'saml.doctype-forbidden');
  });
});
