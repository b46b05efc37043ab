import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultInspectOptions, type InspectOptions } from '../../../../src/decoders/inspect-options';
import { loadTrustMaterial } from '../../../../src/decoders/keys/load-trust';
import { mergeTrust, type TrustMaterial } from '../../../../src/decoders/keys/trusted-key';

/** The repository root, found from wherever the compiled test runs (out/test/… or test/…). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test');
    dir = up;
  }
  return dir;
}

export function fixturePath(area: 'saml' | 'metadata', file: string): string {
  return join(repoRoot(), 'test', 'fixtures', area, file);
}

export function readFixture(area: 'saml' | 'metadata', file: string): Buffer {
  return readFileSync(fixturePath(area, file));
}

export interface FixtureCase {
  file: string;
  args: string[];
  expect: {
    kind?: string;
    signature?: string | string[];
    findings_all?: string[];
    findings_any?: string[][];
    findings_none?: string[];
    exit?: number;
  };
  decoded: Record<string, unknown>;
  note?: string;
}

export function loadCases(area: 'saml' | 'metadata'): FixtureCase[] {
  return (JSON.parse(readFixture(area, 'expectations.json').toString('utf8')) as { cases: FixtureCase[] }).cases;
}

/** The CLI arguments of a case as InspectOptions, as `sso-lens inspect` would build them. */
export function optionsFromArgs(area: 'saml' | 'metadata', args: string[]): InspectOptions {
  const trust: TrustMaterial[] = [];
  const decryptionKeys: KeyObject[] = [];
  const expected: InspectOptions['expected'] = {};
  let now = new Date();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1] ?? '';
    if (a === '--key') {
      const r = loadTrustMaterial(readFixture(area, v), v);
      if (!r.ok) throw new Error(r.error.message);
      trust.push(r.value);
      i++;
    } else if (a === '--decrypt-key') {
      decryptionKeys.push(createPrivateKey(readFixture(area, v)));
      i++;
    } else if (a === '--audience') {
      expected.audience = v;
      i++;
    } else if (a === '--recipient') {
      expected.recipient = v;
      i++;
    } else if (a === '--issuer') {
      expected.issuer = v;
      i++;
    } else if (a === '--now') {
      now = new Date(v);
      i++;
    }
  }
  return defaultInspectOptions({ now, trust: mergeTrust(...trust), decryptionKeys, expected });
}
