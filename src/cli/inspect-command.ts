import { createPrivateKey, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { inspectArtifact, inspectText } from '../decoders/inspect';
import { inspectCaptureBytes, recognizeCapture } from '../decoders/capture';
import type { InspectOptions } from '../decoders/inspect-options';
import { mergeTrust } from '../decoders/keys/trusted-key';
import { LIMITS } from '../decoders/limits';
import { inspectMetadataBytes } from '../decoders/metadata';
import { hasErrors } from '../decoders/result';
import { rootLocalName } from '../decoders/saml';
import { ARTIFACT_OPTIONS, CLOCK_AND_NETWORK_HELP, isOffline, loadKeyFiles, parseClock, readFileOrThrow } from './common-options';
import { cliKeySource } from './cli-key-source';
import { formatReport } from './format-report';
import { checkFlowThroughConfig, fetchConfigTrust, mapThroughConfig, optionsWithConfig, parseLogin } from './inspect-config';
import { loadAnyInspectConfig } from './terraform-config';
import { readBounded, type BoundedRead } from './read-input';
import { UsageError, type CliIo } from './io';

export const INSPECT_USAGE = `sso-lens inspect <FILE | -> [options]

Decodes a JWT/JWE, SAML message, SAML metadata, OIDC discovery document, JWKS,
certificate or HAR file, verifies what it can and reports findings.

  --key FILE          trust material (JWK/JWKS, PEM key, certificate, SAML metadata); repeatable
  --decrypt-key FILE  PEM private key for an EncryptedAssertion or a JWE
  --audience VALUE    expected aud / Audience
  --issuer VALUE      expected iss / Issuer
  --recipient URL     expected SAML Destination / Recipient (reply URL)
  --entity ID         the entity of a metadata aggregate (EntitiesDescriptor) to report in full
  --config FILE --app ID   take expectations (audience, issuer, recipient, trusted
                      certificates or keys, NameID format) from an SSO Lens config file and map
                      the claims through the app: attributes, teams, roles, authorization,
                      a rule-by-rule trace and mapping.* findings. Without --app, the app
                      whose audience the artifact carries. An AuthnRequest or LogoutRequest
                      is checked against the app instead (request.* findings).
  --login first|later with --config and a Keycloak broker: simulate the user's first login
                      through the broker (default) or a later one (IMPORT mappers do not
                      run, LEGACY mappers add no group or role)
${CLOCK_AND_NETWORK_HELP}
  --fetch-keys        fetch a token issuer's keys from any public https issuer; without it keys
                      are fetched only for issuers --config names and well-known cloud IdPs
                      (Entra, Okta, Auth0, Google). Private and loopback addresses need --config
  --json              print one JSON object (see README "CLI contract")`;

export async function runInspect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...ARTIFACT_OPTIONS,
      'decrypt-key': { type: 'string', multiple: true },
      audience: { type: 'string' },
      issuer: { type: 'string' },
      recipient: { type: 'string' },
      entity: { type: 'string' },
      login: { type: 'string' },
    },
  });
  if (values.help) {
    io.out(INSPECT_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('inspect takes exactly one input: a file, or - for standard input');
  const input = positionals[0];

  const { now, skew } = parseClock(values);
  if (values.app !== undefined && values.config === undefined) throw new UsageError('--app needs --config FILE');
  if (values.login !== undefined && values.config === undefined) throw new UsageError('--login needs --config FILE');
  const mappingOptions = parseLogin(values.login);
  const configured = values.config !== undefined ? await loadAnyInspectConfig(values.config, values.app) : undefined;

  const trust = loadKeyFiles(values.key);
  const decryptionKeys: KeyObject[] = [];
  for (const file of values['decrypt-key'] ?? []) {
    try {
      decryptionKeys.push(createPrivateKey(readFileOrThrow(file)));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--decrypt-key ${file}: not a PEM private key (PKCS#1 or PKCS#8)`);
    }
  }
  const offline = isOffline(values);
  const keySource = offline ? undefined : cliKeySource(configured?.file, configured?.index.config, values['fetch-keys'] === true, io);
  // An OIDC app's trusted keys may name a discovery URL: fetched only when online.
  if (configured) await fetchConfigTrust(configured, keySource);
  const cliOptions: InspectOptions = {
    now,
    clockSkewSeconds: skew,
    trust: mergeTrust(...trust),
    decryptionKeys,
    expected: {
      ...(values.audience !== undefined ? { audience: values.audience } : {}),
      ...(values.issuer !== undefined ? { issuer: values.issuer } : {}),
      ...(values.recipient !== undefined ? { recipient: values.recipient } : {}),
    },
    ...(keySource ? { keySource } : {}),
  };
  const options = optionsWithConfig(cliOptions, configured?.expectations);

  let read: BoundedRead;
  try {
    // Metadata aggregates may be larger than any other input (LIMITS.maxMetadataAggregateBytes).
    read = readBounded(input, LIMITS.maxInputBytes, (head) => (isMetadata(head) ? LIMITS.maxMetadataAggregateBytes : recognizeCapture(head) ? LIMITS.maxCaptureBytes : LIMITS.maxInputBytes));
  } catch (e) {
    throw new UsageError(`cannot read ${input}: ${(e as Error).message}`);
  }
  const { bytes } = read;
  // Only the head of a too-large input was read: its messages give the real size, not the bytes read.
  const extent = { truncated: read.truncated, ...(read.size !== undefined ? { size: read.size } : {}) };
  if (values.entity !== undefined && !isMetadata(bytes)) throw new UsageError(`--entity picks an entity of SAML metadata; ${input} is not metadata`);
  const result = values.entity !== undefined ? { ok: true as const, value: inspectMetadataBytes(bytes, options, { entityId: values.entity }, extent) } : await inspectArtifact(bytes, options, extent);
  if (!result.ok) throw new UsageError(`${input}: ${result.error.message}`);
  const report = !configured
    ? result.value
    : result.value.kind === 'flow'
      ? await checkFlowThroughConfig(result.value, configured, options, async (optionsFor) => {
          const format = recognizeCapture(bytes);
          return format ? inspectCaptureBytes(bytes, format, options, inspectText, { optionsFor }) : undefined;
        })
      : await mapThroughConfig(result.value, configured, cliOptions, (o) => inspectArtifact(bytes, o, extent), mappingOptions);
  io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return hasErrors(report) ? 1 : 0;
}

/** SAML metadata by its root element (after a BOM, the XML declaration and comments). */
function isMetadata(bytes: Buffer): boolean {
  const root = rootLocalName(bytes.subarray(0, 65_536).toString('utf8').replace(/^\uFEFF/, ''));
  return root === 'EntityDescriptor' || root === 'EntitiesDescriptor';
}
