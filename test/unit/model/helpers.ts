import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigFinding } from '../../../src/model/config-finding';
import type { SsoConfig } from '../../../src/model/config-types';
import { parseJsonc } from '../../../src/model/jsonc';
import { validateConfigValue } from '../../../src/model/validate-config';

/** Repository root (tests run from out/test/unit/model). */
export const ROOT = resolve(__dirname, '../../../..');
export const EXAMPLES = join(ROOT, 'examples');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'config');
/** Certificates in examples/ were made 2026-11-22 for three years; rules are evaluated at a fixed instant. */
export const NOW = new Date('2027-06-01T00:00:00Z');

export const EXAMPLE_FILES = ['palette', 'spark-keycloak', 'iomete', 'assetpanda', 'exoscale'].map((n) => `${n}.sso.json`);

export function readFrom(dir: string): (rel: string) => Uint8Array | undefined {
  return (rel) => {
    try {
      return readFileSync(resolve(dir, rel));
    } catch {
      return undefined;
    }
  };
}

/** A fresh, mutable copy of an example config. */
export function example(name: string): SsoConfig {
  return parseJsonc(readFileSync(join(EXAMPLES, `${name}.sso.json`), 'utf8')) as SsoConfig;
}

export function check(config: unknown, now = NOW): ConfigFinding[] {
  return validateConfigValue(config, { now, readFile: readFrom(EXAMPLES) });
}

export function ids(findings: ConfigFinding[], severity?: string): string[] {
  return findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.id);
}

export function only(findings: ConfigFinding[], id: string): ConfigFinding[] {
  return findings.filter((f) => f.id === id);
}
