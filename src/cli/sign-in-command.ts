import { parseArgs } from 'node:util';
import { defaultInspectOptions, DEFAULT_CLOCK_SKEW_SECONDS } from '../decoders/inspect-options';
import { DiscoveryKeySource } from '../decoders/oidc/key-source';
import { hasErrors } from '../decoders/result';
import { oidcSignInTarget } from '../model/oidc-sign-in-target';
import { reportSignIn } from '../model/sign-in/sign-in-report';
import { NodeFetcher } from '../platform/node-fetcher';
import { describeSecretRef, signInWithOidc, type DeviceCodeInfo, type OidcSignInPorts } from '../platform/oidc-sign-in';
import { requireConfigAndApp, SIGN_IN_OPTIONS } from './common-options';
import { formatReport } from './format-report';
import { loadInspectConfig } from './inspect-config';
import { nodeChildProcess } from '../platform/node-builtins';
import { parseTimeoutSeconds, UsageError, type CliIo } from './io';

export const SIGN_IN_USAGE = `sso-lens sign-in --config FILE --app ID [--device-code] [--json]

Signs in for real as the OIDC app of the config (client ID, authority, scopes, loopback
redirect) with MSAL, then prints the same report as "inspect --config FILE --app ID" on the
ID token it got: verified against the issuer's keys, mapped through the app.

  --config FILE    the SSO Lens config file
  --app ID         the OIDC app to sign in as
  --device-code    device code flow (show a code, sign in on any device) instead of the
                   browser and a loopback redirect on 127.0.0.1
  --timeout SECS   how long to wait for the sign-in (default 300)
  --json           print one JSON object (kind "jwt", with data.mapping and data.signIn)

A confidential app's client secret comes from the environment only ("clientSecret":
{ "env": "NAME" }); secrets in VS Code secret storage are not readable here. Tokens stay in
memory and are never printed. Exit 2 when the sign-in could not complete (timeout, Ctrl+C,
provider error, provider unreachable, --offline or SSO_LENS_OFFLINE=1).`;

/** What the command needs from the outside world; tests replace the browser and add their CA. */
export interface SignInEnvironment {
  openBrowser(url: string): Promise<boolean>;
  /** An extra CA for the provider and its JWKS (tests). NODE_EXTRA_CA_CERTS works as well. */
  ca?: string;
  /** Cancels the sign-in (default: Ctrl+C). */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export async function runSignIn(args: string[], io: CliIo, environment?: SignInEnvironment): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...SIGN_IN_OPTIONS, 'device-code': { type: 'boolean' } },
  });
  if (values.help) {
    io.out(SIGN_IN_USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`sign-in takes no positional arguments (got ${positionals.join(' ')}): use --config FILE --app ID`);
  const { config, app } = requireConfigAndApp('sign-in', values);
  const env = environment?.env ?? process.env;
  if (values.offline === true || env['SSO_LENS_OFFLINE'] === '1') throw new UsageError('sign-in needs the network (it talks to the provider); not with --offline or SSO_LENS_OFFLINE=1');
  const timeoutS = parseTimeoutSeconds(values.timeout);

  const configured = loadInspectConfig(config, app);
  const entry = configured.entry;
  const expectations = configured.expectations;
  if (!entry || !expectations) throw new UsageError(`--app ${app}: no such app`);
  const target = oidcSignInTarget(entry);
  if (!target.ok) throw new UsageError(`--app ${app}: ${target.message}`);
  const secretRef = target.value.clientSecret;
  if (secretRef && 'secretStorage' in secretRef && !values['device-code']) {
    throw new UsageError(`--app ${app}: its client secret is in VS Code secret storage ("${secretRef.secretStorage}"), which the CLI cannot read; use "clientSecret": { "env": "NAME" } in the config and set NAME, or --device-code with a public client`);
  }

  const ownAbort = environment?.signal ? undefined : new AbortController();
  const onSigint = (): void => ownAbort?.abort();
  if (ownAbort) process.once('SIGINT', onSigint);
  const ports: OidcSignInPorts = {
    openBrowser: async (url) => {
      io.err(`sso-lens: opening the sign-in page in your browser. If it does not open, go to:\n  ${url}`);
      return (environment ?? defaultEnvironment).openBrowser(url);
    },
    showDeviceCode: (info: DeviceCodeInfo) => io.err(`sso-lens: to sign in, open ${info.verificationUri} on any device and enter the code ${info.userCode} (valid ${Math.round(info.expiresInSeconds / 60)} min)`),
    getClientSecret: (ref) => Promise.resolve('env' in ref ? env[ref.env] || undefined : undefined),
  };
  let result;
  try {
    result = await signInWithOidc(target.value, ports, {
      flow: values['device-code'] ? 'device-code' : 'auth-code',
      timeoutMs: timeoutS * 1000,
      ...(environment?.ca ? { ca: environment.ca } : {}),
      ...((environment?.signal ?? ownAbort?.signal) ? { signal: environment?.signal ?? ownAbort?.signal } : {}),
      onRedirectUri: (uri) => io.err(`sso-lens: waiting on ${uri} (register ${target.value.loopback.register})`),
    });
  } finally {
    if (ownAbort) process.removeListener('SIGINT', onSigint);
  }
  if (!result.ok) {
    const hint = result.reason === 'no-secret' && secretRef ? ` (set ${describeSecretRef(secretRef)})` : '';
    throw new UsageError(`sign-in as ${app} did not complete: ${result.message}${hint}`);
  }
  const options = defaultInspectOptions({ clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS });
  options.keySource = new DiscoveryKeySource(new NodeFetcher(environment?.ca ? { ca: environment.ca } : {}));
  const outcome = await reportSignIn(
    { idToken: result.idToken, ...(result.accessToken ? { accessToken: result.accessToken } : {}) },
    configured.index,
    entry.value.id,
    expectations,
    options,
    { app: entry.value.id, flow: result.flow, authority: target.value.authority, ...(result.redirectUri ? { redirectUri: result.redirectUri } : {}) },
  );
  if (!outcome.ok) throw new UsageError(outcome.message);
  io.out(values.json ? JSON.stringify(outcome.report, null, 2) : formatReport(outcome.report));
  return hasErrors(outcome.report) ? 1 : 0;
}

/** The system browser: xdg-open, open or start. False when none could be started (the URL is printed anyway). */
const defaultEnvironment: SignInEnvironment = {
  openBrowser: (url) =>
    new Promise((resolve) => {
      const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
      try {
        const child = nodeChildProcess().spawn(cmd, args, { stdio: 'ignore', detached: true });
        child.on('error', () => resolve(false));
        child.on('spawn', () => {
          child.unref();
          resolve(true);
        });
      } catch {
        resolve(false);
      }
    }),
};
