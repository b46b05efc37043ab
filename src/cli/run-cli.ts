import { CHECK_USAGE, runCheck } from './check-command';
import { COMPARE_USAGE, runCompare } from './compare-command';
import { IMPORT_USAGE, runImport } from './import-command';
import { INSPECT_USAGE, runInspect } from './inspect-command';
import { UsageError, type CliIo } from './io';
import { PERSONAS_USAGE, runPersonas } from './personas-command';
import { runSignIn, SIGN_IN_USAGE } from './sign-in-command';
import { runSamlSignInCommand, SAML_SIGN_IN_USAGE } from './saml-sign-in-command';
import { REDACT_USAGE, runRedact } from './redact-command';
import { redact } from '../platform/redact';

const USAGE = `usage: sso-lens <command> [options]

commands:
  inspect <FILE | ->   decode and verify a token, SAML message, metadata, JWKS, certificate or HAR
  check [PATHS…]       check configs (*.sso.json, Terraform, realm exports, manifests): schema and rules
  import <FILE>        turn a Keycloak realm export or an Entra app manifest into an SSO Lens config
  personas <FILE>      who lands in which team: the config's test users mapped through every app
  sign-in              sign in for real as an OIDC app of a config and map the ID token through it
  saml-sign-in         sign in for real to a SAML app of a config in the browser and report the response
  redact <FILE>        a copy of a HAR / SAML-tracer export that is safe to share (--out FILE)
  compare <A> <B>      what differs between two captured sign-ins (claims, signature, conditions, mapping)
  help [COMMAND]       this text, or the full help of one command

Run "sso-lens <command> --help" (or "sso-lens help <command>") for its options. Nothing you inspect
leaves this machine; with --offline (or SSO_LENS_OFFLINE=1) not even public keys are fetched.`;

/** The full help of each subcommand, for `sso-lens help <command>`. */
const COMMAND_USAGE: Readonly<Record<string, string>> = {
  inspect: INSPECT_USAGE,
  check: CHECK_USAGE,
  import: IMPORT_USAGE,
  personas: PERSONAS_USAGE,
  'sign-in': SIGN_IN_USAGE,
  'saml-sign-in': SAML_SIGN_IN_USAGE,
  redact: REDACT_USAGE,
  compare: COMPARE_USAGE,
};

/** The CLI without process globals: returns the exit status (0 ok, 1 error findings, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  // Anywhere on the line: `sso-lens --json inspect …` must still get its {"error"} object (CLI contract).
  const json = argv.includes('--json');
  try {
    switch (command) {
      case 'inspect':
        return await runInspect(rest, io);
      case 'check':
        return await runCheck(rest, io);
      case 'import':
        return await runImport(rest, io);
      case 'personas':
        return await runPersonas(rest, io);
      case 'sign-in':
        return await runSignIn(rest, io);
      case 'saml-sign-in':
        return await runSamlSignInCommand(rest, io);
      case 'redact':
        return await runRedact(rest, io);
      case 'compare':
        return await runCompare(rest, io);
      case 'help': {
        const topic = rest.find((a) => !a.startsWith('-'));
        if (topic === undefined) {
          io.out(USAGE);
          return 0;
        }
        const usage = Object.hasOwn(COMMAND_USAGE, topic) ? COMMAND_USAGE[topic] : undefined;
        if (usage === undefined) throw new UsageError(`no command ${JSON.stringify(topic)} (commands: ${Object.keys(COMMAND_USAGE).join(', ')})`);
        io.out(usage);
        return 0;
      }
      case undefined:
      case '--help':
      case '-h':
        // The overview only: one line per command; each command's own --help has the details.
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    // Errors quote input (a file's first line, a bad value): never echo a secret to a terminal or CI log.
    const message = oneLine(redact(e instanceof UsageError || isArgError(e) ? (e as Error).message : `internal error: ${(e as Error).message}`));
    io.err(`sso-lens: ${message}`);
    if (json) io.out(JSON.stringify({ error: message }));
    return 2;
  }
}

/** The contract's "one-line reason": node:util parseArgs explains some mistakes over three lines. */
function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}

function isArgError(e: unknown): boolean {
  return e instanceof TypeError && typeof (e as NodeJS.ErrnoException).code === 'string' && ((e as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
}
