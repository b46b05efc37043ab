import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { inspectArtifact } from '../decoders/inspect';
import { DEFAULT_CLOCK_SKEW_SECONDS, type InspectOptions } from '../decoders/inspect-options';
import { loadTrustMaterial } from '../decoders/keys/load-trust';
import { mergeTrust, type TrustMaterial } from '../decoders/keys/trusted-key';
import { DiscoveryKeySource } from '../decoders/oidc/key-source';
import { hasErrors } from '../decoders/result';
import { parseInstant } from '../decoders/time';
import { NodeFetcher } from '../platform/node-fetcher';
import { formatReport } from './format-report';
import { readBounded } from './read-input';
import { UsageError, type CliIo } from './io';

export const INSPECT_USAGE = `sso-lens inspect <FILE | -> [options]

Decodes a JWT/JWE, SAML message, SAML metadata, OIDC discovery document, JWKS,
certificate or HAR file, verifies what it can and reports findings.

  --key FILE          trust material (JWK/JWKS, PEM key, certificate, SAML metadata); repeatable
  --decrypt-key FILE  PEM private key for an EncryptedAssertion or a JWE
  --audience VALUE    expected aud / Audience
  --issuer VALUE      expected iss / Issuer
  --recipient URL     expected SAML Destination / Recipient (reply URL)
  --config FILE --app ID   take expectations from an SSO Lens config file
  --now ISO-8601      evaluate time conditions at this instant
  --clock-skew SECS   tolerance for time conditions (default ${DEFAULT_CLOCK_SKEW_SECONDS})
  --offline           never use the network (also: SSO_LENS_OFFLINE=1)
  --json              print one JSON object (see README "CLI contract")`;

export async function runInspect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      key: { type: 'string', multiple: true },
      'decrypt-key': { type: 'string', multiple: true },
      audience: { type: 'string' },
      issuer: { type: 'string' },
      recipient: { type: 'string' },
      config: { type: 'string' },
      app: { type: 'string' },
      now: { type: 'string' },
      'clock-skew': { type: 'string' },
      offline: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(INSPECT_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('inspect takes exactly one input: a file, or - for standard input');
  const input = positionals[0];

  const now = values.now !== undefined ? parseInstant(values.now) : new Date();
  if (!now) throw new UsageError(`--now must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not ${JSON.stringify(values.now)}`);
  const skew = values['clock-skew'] !== undefined ? Number(values['clock-skew']) : DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isFinite(skew) || skew < 0 || skew > 86_400) throw new UsageError('--clock-skew takes a number of seconds from 0 to 86400');
  if ((values.config === undefined) !== (values.app === undefined)) throw new UsageError('--config and --app go together');
  if (values.config !== undefined) throw new UsageError('--config/--app: config files arrive with the configuration model; this build does not read them yet');

  const trust: TrustMaterial[] = [];
  for (const file of values.key ?? []) {
    const r = loadTrustMaterial(readFileOrThrow(file), file);
    if (!r.ok) throw new UsageError(`--key ${file}: ${r.error.message}`);
    trust.push(r.value);
  }
  const decryptionKeys: KeyObject[] = [];
  for (const file of values['decrypt-key'] ?? []) {
    try {
      decryptionKeys.push(createPrivateKey(readFileOrThrow(file)));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--decrypt-key ${file}: not a PEM private key (PKCS#1 or PKCS#8)`);
    }
  }
  const offline = values.offline === true || process.env['SSO_LENS_OFFLINE'] === '1';
  const options: InspectOptions = {
    now,
    clockSkewSeconds: skew,
    trust: mergeTrust(...trust),
    decryptionKeys,
    expected: {
      ...(values.audience !== undefined ? { audience: values.audience } : {}),
      ...(values.issuer !== undefined ? { issuer: values.issuer } : {}),
      ...(values.recipient !== undefined ? { recipient: values.recipient } : {}),
    },
    ...(offline ? {} : { keySource: new DiscoveryKeySource(new NodeFetcher()) }),
  };

  let bytes: Buffer;
  try {
    bytes = readBounded(input).bytes;
  } catch (e) {
    throw new UsageError(`cannot read ${input}: ${(e as Error).message}`);
  }
  const result = await inspectArtifact(bytes, options);
  if (!result.ok) throw new UsageError(`${input}: ${result.error.message}`);
  io.out(values.json ? JSON.stringify(result.value, null, 2) : formatReport(result.value));
  return hasErrors(result.value) ? 1 : 0;
}

function readFileOrThrow(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
