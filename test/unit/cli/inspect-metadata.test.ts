/** `sso-lens inspect` on SAML metadata: aggregates beyond the general input limit, and `--entity`. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readBounded } from '../../../src/cli/read-input';
import { LIMITS } from '../../../src/decoders/limits';
import { runCliCaptured } from '../../builders/cli-io';
import { fixturePath, readFixture } from '../decoders/saml/fixture-cases';

const NOW = ['--now', '2026-11-22T06:00:00Z'];
const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-cli-md-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface MetadataJson {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string }>;
  data: { entityCount?: number; streamed?: boolean; entityIndex?: Array<{ entityId: string; roles: string[] }>; selectedEntityId?: string; entities?: Array<{ entityId: string; roles: Array<{ certificates: Array<{ subject: string }> }> }> };
}

function json(run: { out: string[] }): MetadataJson {
  assert.equal(run.out.length, 1, 'exactly one write to standard output');
  return JSON.parse(run.out[0] ?? '') as MetadataJson;
}

/** The Keycloak realm descriptor (a real export) repeated with distinct entity IDs, like a federation feed. */
function writeAggregate(file: string, targetBytes: number): number {
  const entity = readFixture('metadata', 'metadata/keycloak-firezone-realm-descriptor.xml').toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const parts: string[] = ['\uFEFF<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:test:federation" validUntil="2099-01-01T00:00:00Z">\n'];
  let size = 0;
  let count = 0;
  while (size < targetBytes) {
    const e = entity.replace('entityID="http://localhost:8080/realms/firezone"', `entityID="https://idp${count}.federation.example/idp"`);
    parts.push(e, '\n');
    size += e.length + 1;
    count++;
  }
  parts.push('</md:EntitiesDescriptor>\n');
  writeFileSync(file, parts.join(''));
  return count;
}

describe('readBounded', () => {
  test('stops one byte past the limit unless raiseLimit allows more, reading the input once', () => {
    const file = join(tmp, 'bytes.txt');
    writeFileSync(file, Buffer.alloc(5000, 0x41));
    assert.deepEqual([readBounded(file, 1000).truncated, readBounded(file, 1000).bytes.length > 1000], [true, true]);
    const heads: number[] = [];
    const raised = readBounded(file, 1000, (head) => {
      heads.push(head.length);
      return 10_000;
    });
    assert.deepEqual([raised.truncated, raised.bytes.length], [false, 5000]);
    assert.equal(heads.length, 1, 'asked once');
    assert.equal(readBounded(file, 1000, () => 1000).truncated, true);
  });
});

describe('inspect on a metadata aggregate larger than the general input limit', () => {
  const big = join(tmp, 'federation.xml');
  let count = 0;
  before(() => {
    count = writeAggregate(big, LIMITS.maxInputBytes + 2 * 1024 * 1024);
  });

  test('without --entity: kind saml-metadata, every entity listed, exit 0', async () => {
    const run = await runCliCaptured(['inspect', big, '--offline', ...NOW, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const r = json(run);
    assert.equal(r.kind, 'saml-metadata');
    assert.equal(r.data.streamed, true);
    assert.equal(r.data.entityCount, count);
    assert.equal(r.data.entityIndex?.length, count);
    assert.deepEqual(r.data.entityIndex?.[count - 1], { entityId: `https://idp${count - 1}.federation.example/idp`, roles: ['IDPSSODescriptor'] });
    assert.ok(r.findings.some((f) => f.id === 'metadata.aggregate'));
  });

  test('--entity reports that one entity in full, with its certificate', async () => {
    const id = `https://idp${count - 2}.federation.example/idp`;
    const run = await runCliCaptured(['inspect', big, '--entity', id, '--offline', ...NOW, '--json']);
    const r = json(run);
    assert.equal(r.kind, 'saml-metadata');
    assert.equal(r.data.selectedEntityId, id);
    assert.deepEqual(r.data.entities?.map((e) => e.entityId), [id]);
    assert.equal(r.data.entities?.[0]?.roles[0]?.certificates[0]?.subject, 'CN=firezone');
    assert.ok(!r.findings.some((f) => f.id === 'metadata.aggregate'));
  });

  test('an unknown --entity is an error finding (exit 1)', async () => {
    const run = await runCliCaptured(['inspect', big, '--entity', 'https://nobody.example/idp', '--offline', ...NOW, '--json']);
    assert.equal(run.code, 1);
    assert.ok(json(run).findings.some((f) => f.id === 'metadata.entity-not-found' && f.severity === 'error'));
  });

  test('other input beyond the general limit is still refused (exit 2)', async () => {
    const file = join(tmp, 'huge.txt');
    writeFileSync(file, Buffer.alloc(LIMITS.maxInputBytes + 1024, 0x41));
    const run = await runCliCaptured(['inspect', file, '--offline', '--json']);
    assert.equal(run.code, 2);
    assert.match(run.err[0] ?? '', /the limit is/);
  });
});

describe('inspect --entity on metadata in one DOM', () => {
  const signed = fixturePath('metadata', 'metadata/gen-entities-descriptor-keycloak-and-adfs.signed.xml');

  test('picks one entity of a small signed aggregate and still verifies the aggregate signature', async () => {
    const run = await runCliCaptured(['inspect', signed, '--entity', 'http://adfs.corpus.example/adfs/services/trust', '--key', fixturePath('metadata', 'metadata/corpus-idp2-signing.crt'), '--offline', ...NOW, '--json']);
    const r = json(run);
    assert.equal(r.kind, 'saml-metadata');
    assert.equal(r.signature.status, 'valid');
    assert.deepEqual(r.data.entities?.map((e) => e.entityId), ['http://adfs.corpus.example/adfs/services/trust']);
    assert.equal(r.data.entityCount, 2);
  });

  test('--entity on something that is not metadata is a usage error', async () => {
    const run = await runCliCaptured(['inspect', fixturePath('saml', 'saml-response/gen-expired-conditions.xml'), '--entity', 'x', '--offline', '--json']);
    assert.equal(run.code, 2);
    assert.match(run.err[0] ?? '', /--entity picks an entity of SAML metadata/);
  });
});
