import { parseArgs } from 'node:util';
import { inspectArtifact } from '../decoders/inspect';
import type { InspectOptions } from '../decoders/inspect-options';
import { mergeTrust } from '../decoders/keys/trusted-key';
import type { InspectReport } from '../decoders/result';
import { compareArtifacts, type ComparisonReport } from '../model/compare';
import { ARTIFACT_OPTIONS, CLOCK_AND_NETWORK_HELP, isOffline, loadKeyFiles, parseClock } from './common-options';
import { cliKeySource } from './cli-key-source';
import { presentComparison } from '../present/present-comparison';
import { loadInspectConfig, mapThroughConfig, optionsWithConfig, type InspectConfig } from './inspect-config';
import { safe } from './format-report';
import { UsageError, type CliIo } from './io';
import { readInput } from './read-input';

export const COMPARE_USAGE = `sso-lens compare <A> <B> [options]

Compares two captured sign-ins — two ID tokens, two SAML responses, or two HAR files (their last
token or SAML response): claims and attributes added, removed or changed; signature status and
algorithm; issuer, audience, recipient, status and times; findings only one side has. With
--config, also the mapping: teams, groups and roles gained or lost in B, and the rules that made
the difference.

  --key FILE          trust material for both (JWK/JWKS, PEM key, certificate, SAML metadata); repeatable
  --config FILE --app ID   map both through this app of an SSO Lens config
${CLOCK_AND_NETWORK_HELP}
  --fetch-keys        fetch keys from any public https issuer (see inspect --help)
  --json              print one JSON object: { kind: "comparison", signature, findings, data, items: [A, B] }

Exit status: 0 no difference that matters, 1 they differ, 2 usage error or unreadable input.`;

export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: ARTIFACT_OPTIONS,
  });
  if (values.help) {
    io.out(COMPARE_USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('compare takes exactly two inputs: A and B');
  const { now, skew } = parseClock(values);
  if (values.app !== undefined && values.config === undefined) throw new UsageError('--app needs --config FILE');
  const configured = values.config !== undefined ? loadInspectConfig(values.config, values.app) : undefined;
  const trust = loadKeyFiles(values.key);
  const offline = isOffline(values);
  const cliOptions: InspectOptions = { now, clockSkewSeconds: skew, trust: mergeTrust(...trust), decryptionKeys: [], expected: {}, ...(offline ? {} : { keySource: cliKeySource(configured?.file, configured?.index.config, values['fetch-keys'] === true, io) }) };
  const [a = '', b = ''] = positionals;
  const left = await inspectOne(a, cliOptions, configured);
  const right = await inspectOne(b, cliOptions, configured);
  const comparison = compareArtifacts({ report: left, source: a }, { report: right, source: b });
  io.out(values.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
  return comparison.data.equivalent ? 0 : 1;
}

async function inspectOne(input: string, cliOptions: InspectOptions, configured: InspectConfig | undefined): Promise<InspectReport> {
  const bytes = readInput(input);
  const options = optionsWithConfig(cliOptions, configured?.expectations);
  const result = await inspectArtifact(bytes, options);
  if (!result.ok) throw new UsageError(`${input}: ${result.error.message}`);
  return configured ? mapThroughConfig(result.value, configured, cliOptions, (o) => inspectArtifact(bytes, o)) : result.value;
}

/** The comparison as terminal text, control characters escaped. */
export function formatComparison(comparison: ComparisonReport): string {
  const lines: string[] = ['Comparison'];
  for (const section of presentComparison(comparison.data)) {
    lines.push('', `== ${section.title}`);
    const width = Math.min(28, Math.max(0, ...section.rows.map((r) => r.label.length)));
    for (const row of section.rows) {
      lines.push(`  ${safe(row.label).padEnd(width)}  ${safe(row.value)}`);
      if (row.note) lines.push(`  ${''.padEnd(width)}  ↳ ${safe(row.note)}`);
    }
  }
  return lines.join('\n');
}
