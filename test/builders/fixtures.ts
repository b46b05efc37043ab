/** Test data access and the options every decoder test starts from. Tests never read ../shared. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectArtifact } from '../../src/decoders/inspect';
import { defaultInspectOptions, type InspectOptions } from '../../src/decoders/inspect-options';
import { loadTrustMaterial } from '../../src/decoders/keys/load-trust';
import { mergeTrust, type TrustMaterial } from '../../src/decoders/keys/trusted-key';
import type { FindingId, InspectReport } from '../../src/decoders/result';

/** The instant the shared corpus's expectations were written for (cases.json "now"). */
export const CORPUS_NOW = new Date('2026-11-22T06:00:00Z');

/** Compiled tests live in out/test/…; fixtures stay in the source tree. */
export const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures');

export type FixtureArea = 'jwt' | 'x509' | 'har';

export function fixturePath(area: FixtureArea, name: string): string {
  return join(FIXTURES_DIR, area, name);
}

export function readFixture(area: FixtureArea, name: string): Buffer {
  return readFileSync(fixturePath(area, name));
}

export function readFixtureText(area: FixtureArea, name: string): string {
  return readFixture(area, name).toString('utf8').trim();
}

/** Trust material from fixture files, as `--key FILE` would load it. */
export function trustFrom(area: FixtureArea, ...names: string[]): TrustMaterial {
  return mergeTrust(
    ...names.map((n) => {
      const r = loadTrustMaterial(readFixture(area, n), n);
      assert.ok(r.ok, `trust material ${n}: ${r.ok ? '' : r.error.message}`);
      return r.value;
    }),
  );
}

/** Offline options at the corpus instant; a test overrides what it is about. */
export function corpusOptions(overrides: Partial<InspectOptions> = {}): InspectOptions {
  return defaultInspectOptions({ now: CORPUS_NOW, ...overrides });
}

/** Inspects bytes and insists on a report (not an `input.unrecognised` error value). */
export async function inspectToReport(input: Uint8Array | string, options: InspectOptions = corpusOptions()): Promise<InspectReport> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const r = await inspectArtifact(bytes, options);
  assert.ok(r.ok, `expected a report, got ${r.ok ? '' : `${r.error.id}: ${r.error.message}`}`);
  return r.value;
}

export function findingIds(report: InspectReport): FindingId[] {
  return report.findings.map((f) => f.id);
}
