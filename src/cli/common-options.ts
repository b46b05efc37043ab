import { readFileSync } from 'node:fs';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../decoders/inspect-options';
import { loadTrustMaterial } from '../decoders/keys/load-trust';
import type { TrustMaterial } from '../decoders/keys/trusted-key';
import { parseInstant } from '../decoders/time';
import { UsageError } from './io';

/**
 * The options `inspect` and `compare` share (for `parseArgs`): trust material, the config and app
 * to map through, the clock, the network and the output. Each command adds its own.
 */
export const ARTIFACT_OPTIONS = {
  key: { type: 'string', multiple: true },
  config: { type: 'string' },
  app: { type: 'string' },
  now: { type: 'string' },
  'clock-skew': { type: 'string' },
  offline: { type: 'boolean' },
  'fetch-keys': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The options `sign-in` and `saml-sign-in` share: the config and app to sign in as, how long to
 * wait, `--offline` (which they refuse) and the output. Each command adds its own.
 */
export const SIGN_IN_OPTIONS = {
  config: { type: 'string' },
  app: { type: 'string' },
  timeout: { type: 'string' },
  offline: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--config FILE` and `--app ID`, both required by a live sign-in, or a usage error naming the command. */
export function requireConfigAndApp(command: string, values: { config?: string | undefined; app?: string | undefined }): { config: string; app: string } {
  if (values.config === undefined || values.app === undefined) throw new UsageError(`${command} needs --config FILE and --app ID`);
  return { config: values.config, app: values.app };
}

/** The `--help` lines of the shared options that read the same in both commands. */
export const CLOCK_AND_NETWORK_HELP = `  --now ISO-8601      evaluate time conditions at this instant
  --clock-skew SECS   tolerance for time conditions (default ${DEFAULT_CLOCK_SKEW_SECONDS})
  --offline           never use the network (also: SSO_LENS_OFFLINE=1)`;

/** `--now`: an ISO-8601 instant (default: the current time), or a usage error. */
export function parseNow(value: string | undefined): Date {
  const now = value !== undefined ? parseInstant(value) : new Date();
  if (!now) throw new UsageError(`--now must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not ${JSON.stringify(value)}`);
  return now;
}

/** `--now` and `--clock-skew` (seconds, 0 to 86400; default DEFAULT_CLOCK_SKEW_SECONDS), or a usage error. */
export function parseClock(values: { now?: string | undefined; 'clock-skew'?: string | undefined }): { now: Date; skew: number } {
  const now = parseNow(values.now);
  const skew = values['clock-skew'] !== undefined ? Number(values['clock-skew']) : DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isFinite(skew) || skew < 0 || skew > 86_400) throw new UsageError('--clock-skew takes a number of seconds from 0 to 86400');
  return { now, skew };
}

/** Offline by `--offline` or SSO_LENS_OFFLINE=1. */
export function isOffline(values: { offline?: boolean | undefined }): boolean {
  return values.offline === true || process.env['SSO_LENS_OFFLINE'] === '1';
}

/** Each `--key FILE` read as trust material, or a usage error naming the file. */
export function loadKeyFiles(files: readonly string[] | undefined): TrustMaterial[] {
  const trust: TrustMaterial[] = [];
  for (const file of files ?? []) {
    const r = loadTrustMaterial(readFileOrThrow(file), file);
    if (!r.ok) throw new UsageError(`--key ${file}: ${r.error.message}`);
    trust.push(r.value);
  }
  return trust;
}

export function readFileOrThrow(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
