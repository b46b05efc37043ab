import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntityTable } from '../../../../src/decoders/metadata/entity-table';
import { scanAggregate } from '../../../../src/decoders/metadata/scan-aggregate';

// The compact entity index (issue 15, class 16): byte ranges stored as varints in chunks with
// checkpoints must read back exactly, across chunk boundaries and for offsets far into a file.
describe('EntityTable', () => {
  it('reads back every entity range, shape and ID it was given, across chunks and checkpoints', () => {
    const ids = new Map<number, string>();
    const table = new EntityTable((start) => ids.get(start) ?? '');
    const expected: Array<{ start: number; end: number; roles: string[]; inheritedXmlns: string }> = [];
    const roleSets = [[], ['SPSSODescriptor'], ['IDPSSODescriptor', 'SPSSODescriptor'], ['RoleDescriptor (fed:ApplicationServiceType)']];
    let at = 0;
    // 400,000 entries of 3–9 bytes each fill several 1 MiB chunks; some gaps and lengths are huge.
    for (let i = 0; i < 400_000; i++) {
      const start = at + (i % 97 === 0 ? 5_000_000 : i % 5);
      const end = start + (i % 1001 === 0 ? 300_000_000 : 40 + (i % 300));
      const roles = roleSets[i % roleSets.length] as string[];
      const inheritedXmlns = i % 7 === 0 ? 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"' : '';
      ids.set(start, `https://e${i}.example/`);
      table.add(start, end, roles, inheritedXmlns);
      expected.push({ start, end, roles, inheritedXmlns });
      at = end;
    }
    assert.ok(at > 2 ** 32, 'offsets beyond 32 bits are covered');
    assert.equal(table.length, expected.length);
    for (const i of [0, 1, 31, 32, 33, 1000, 123_457, 262_143, 262_144, 399_999]) {
      const e = expected[i];
      assert.deepEqual(table.at(i), { entityId: `https://e${i}.example/`, roles: e?.roles, start: e?.start, end: e?.end, inheritedXmlns: e?.inheritedXmlns });
    }
    for (let i = 0; i < expected.length; i += 997) assert.deepEqual(table.roles(i), expected[i]?.roles);
    assert.equal(table.find('https://e399998.example/')?.start, expected[399_998]?.start);
    assert.equal(table.find('https://nowhere.example/'), undefined);
    assert.equal(table.at(400_000), undefined);
  });

  it('finds an entity by the decoded entityID whatever bytes spell it (references, invalid UTF-8)', () => {
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
    const bytes = Buffer.concat([
      Buffer.from(`<md:EntitiesDescriptor xmlns:md="${md}"><md:EntityDescriptor entityID="https://a.example/"/>`),
      Buffer.from('<md:EntityDescriptor entityID="https://&#x62;.example/&amp;x"><md:SPSSODescriptor/></md:EntityDescriptor>'),
      Buffer.from('<md:EntityDescriptor entityID="https://c.example/'),
      Buffer.from([0xff]),
      Buffer.from('"><md:IDPSSODescriptor/></md:EntityDescriptor></md:EntitiesDescriptor>'),
    ]);
    const index = scanAggregate(bytes);
    assert.ok(index.ok);
    assert.deepEqual(index.value.entities.find('https://b.example/&x')?.roles, ['SPSSODescriptor']);
    assert.deepEqual(index.value.entities.find('https://c.example/\uFFFD')?.roles, ['IDPSSODescriptor']);
    assert.equal(index.value.entities.find('https://a.example/')?.entityId, 'https://a.example/');
    assert.equal(index.value.entities.find('https://b.example/'), undefined);
  });
});
