import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CLOCK_SKEW_SECONDS, defaultInspectOptions } from '../decoders/inspect-options';
import { hasErrors } from '../decoders/result';
import { planSamlSignIn } from '../model/saml-sign-in-plan';
import { reportSamlSignIn } from '../model/saml-sign-in-report';
import { runSamlSignIn, whyNoResponse, type SamlSignInOutcome } from '../platform/saml-sign-in';
import { requireConfigAndApp, SIGN_IN_OPTIONS } from './common-options';
import { formatReport } from './format-report';
import { loadInspectConfig } from './inspect-config';
import { nodeChildProcess } from '../platform/node-builtins';
import { parseTimeoutSeconds, UsageError, type CliIo } from './io';

export const SAML_SIGN_IN_USAGE = `sso-lens saml-sign-in --config FILE --app ID [options]

Signs in to the SAML app as configured: sends the AuthnRequest the SP would send (its entity ID,
a loopback ACS, the NameID policy; signed with --sign-key) to the IdP's SSO URL in your browser,
takes the SAMLResponse the IdP posts back to http://127.0.0.1:<port>/acs (one POST, 127.0.0.1
only), and prints the same report as "inspect --config FILE --app ID" on it. Add the printed test
reply URL on the IdP first. The response stays in memory; nothing is written.

  --sign-key FILE     PEM RSA private key of the SP to sign the request (RSA-SHA256)
  --decrypt-key FILE  PEM private key of the SP for an EncryptedAssertion
  --port N            listen on this port (an IdP that needs the exact reply URL); default random
  --acs-host H        127.0.0.1 (default) or localhost in the reply URL; binds 127.0.0.1 either way
  --timeout SECS      how long to wait for the response (default 300)
  --no-browser        only print the sign-in URL
  --offline           refuse (a live sign-in needs the network): exit 2
  --json              print one JSON object (see README "CLI contract")

Exit: as inspect; 2 when the sign-in did not complete (timeout, Ctrl+C, the browser did not open).`;

export interface SamlSignInCliDeps {
  /** Opens the IdP URL; default the system browser. */
  openBrowser?: (url: string) => Promise<boolean>;
  /** Aborts the wait (tests); Ctrl+C does in a terminal. */
  signal?: AbortSignal;
}

export async function runSamlSignInCommand(args: string[], io: CliIo, deps: SamlSignInCliDeps = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...SIGN_IN_OPTIONS,
      'sign-key': { type: 'string' },
      'decrypt-key': { type: 'string', multiple: true },
      port: { type: 'string' },
      'acs-host': { type: 'string' },
      'no-browser': { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(SAML_SIGN_IN_USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`saml-sign-in takes no positional arguments (got ${JSON.stringify(positionals[0])})`);
  const { config: configFile, app } = requireConfigAndApp('saml-sign-in', values);
  if (values.offline === true || process.env['SSO_LENS_OFFLINE'] === '1') throw new UsageError('saml-sign-in is a live sign-in with the IdP; it does not run with --offline (or SSO_LENS_OFFLINE=1)');
  const timeoutSeconds = parseTimeoutSeconds(values.timeout);
  const port = values.port !== undefined ? Number(values.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new UsageError('--port takes a port number from 1 to 65535');
  const acsHost = values['acs-host'] ?? '127.0.0.1';
  if (acsHost !== '127.0.0.1' && acsHost !== 'localhost') throw new UsageError('--acs-host is 127.0.0.1 or localhost');

  const config = loadInspectConfig(configFile, app);
  if (!config.entry || !config.expectations) throw new UsageError(`--app ${app}: no such app`);
  const planned = planSamlSignIn(config.index, config.entry, config.readFile);
  if (!planned.ok) throw new UsageError(planned.message);
  const plan = planned.value;
  const signingKey = values['sign-key'] !== undefined ? privateKey(values['sign-key'], '--sign-key') : undefined;
  const decryptionKeys = (values['decrypt-key'] ?? []).map((f) => privateKey(f, '--decrypt-key'));
  if (plan.signedRequestsRequiredBy && !signingKey) io.err(`sso-lens: note: ${plan.signedRequestsRequiredBy}; without --sign-key the request is unsigned and the IdP may refuse it`);

  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  deps.signal?.addEventListener('abort', onSigint, { once: true });
  let outcome: SamlSignInOutcome;
  try {
    outcome = await runSamlSignIn(
      plan,
      {
        onListening: (r) => {
          io.err(`sso-lens: waiting up to ${timeoutSeconds} s for the IdP's response on the test ACS ${r.acsUrl} (one POST, 127.0.0.1 only; Ctrl+C cancels)`);
          io.err(`sso-lens: the IdP must accept this reply URL for the test — ${plan.replyUrlHowTo}: ${r.acsUrl}`);
          io.err(`sso-lens: ${values['no-browser'] ? 'open this URL to sign in' : 'opening the browser; if it does not open, use'}: ${r.loginUrl}`);
        },
        openBrowser: values['no-browser'] ? () => Promise.resolve(true) : (deps.openBrowser ?? openSystemBrowser),
      },
      { timeoutMs: timeoutSeconds * 1000, signal: abort.signal, acsHost, ...(port !== undefined ? { port } : {}), ...(signingKey ? { signingKey } : {}) },
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
    deps.signal?.removeEventListener('abort', onSigint);
  }
  if (outcome.kind !== 'received') throw new UsageError(`the sign-in did not complete: ${whyNoResponse(outcome, plan.replyUrlHowTo)}`);
  const c = outcome.capture;
  const options = defaultInspectOptions({ clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS, decryptionKeys });
  const r = await reportSamlSignIn(c.samlResponse, { requestId: c.request.id, acsUrl: c.request.acsUrl, relayStateSent: c.request.relayState, requestSigned: c.request.signed, ...(c.relayState !== undefined ? { relayStateReceived: c.relayState } : {}) }, plan, config.index, config.expectations, options);
  if (!r.ok) throw new UsageError(r.message);
  io.out(values.json ? JSON.stringify(r.report, null, 2) : formatReport(r.report));
  return hasErrors(r.report) ? 1 : 0;
}

function privateKey(file: string, option: string): KeyObject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`${option} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return createPrivateKey(bytes);
  } catch {
    throw new UsageError(`${option} ${file}: not an unencrypted PEM private key (PKCS#1 or PKCS#8)`);
  } finally {
    bytes.fill(0);
  }
}

/** The platform's URL opener, detached; the URL is printed as well, so a failure here costs nothing. */
function openSystemBrowser(url: string): Promise<boolean> {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = nodeChildProcess().spawn(cmd, args, { detached: true, stdio: 'ignore' });
      child.on('error', () => resolve(true));
      child.on('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(true);
    }
  });
}
