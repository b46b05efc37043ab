/**
 * The options several commands share (src/cli/common-options.ts) answer alike in each of them:
 * compare and check read --now, --clock-skew and --key as inspect does (run-cli.test.ts), and
 * sign-in and saml-sign-in both require --config and --app and refuse --offline; compare and
 * redact read their inputs under the same limit (src/cli/read-input.ts).
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LIMITS } from '../../../src/decoders/limits';
import { fixturePath } from '../../builders/fixtures';
import { runCliCaptured } from '../../builders/cli-io';

const token = fixturePath('jwt', 'jwt-alg-none.jwt');
const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-options-'));
const missing = 'no-such-input.har';
const tooLarge = join(tmp, 'too-large.har');
const out = join(tmp, 'out.har');
// A sparse file one byte over the limit: its size is what counts, not what it holds. (Messages
// show its random temp path redacted, so the cases match only the file's ending.)
const fd = openSync(tooLarge, 'w');
ftruncateSync(fd, LIMITS.maxInputBytes + 1);
closeSync(fd);
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('shared options: usage errors exit 2 with the same one-line reason in every command', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['compare: a bad --now', ['compare', token, token, '--now', 'yesterday'], /^sso-lens: --now must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not "yesterday"$/],
    ['compare: a --clock-skew over a day', ['compare', token, token, '--clock-skew', '86401'], /^sso-lens: --clock-skew takes a number of seconds from 0 to 86400$/],
    ['compare: a --key that cannot be read', ['compare', token, token, '--key', 'no-such-key.pem'], /^sso-lens: cannot read no-such-key\.pem: ENOENT$/],
    ['compare: a --key that is not trust material', ['compare', token, token, '--key', token], /^sso-lens: --key .*jwt-alg-none\.jwt: .*jwt-alg-none\.jwt is not a JWK\/JWKS/],
    ['compare: --app without --config', ['compare', token, token, '--app', 'palette'], /^sso-lens: --app needs --config FILE$/],
    ['inspect: a --key that cannot be read', ['inspect', token, '--key', 'no-such-key.pem'], /^sso-lens: cannot read no-such-key\.pem: ENOENT$/],
    ['check: a bad --now', ['check', '--now', 'yesterday'], /^sso-lens: --now must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not "yesterday"$/],
    ['sign-in: no --app', ['sign-in', '--config', 'x.sso.json'], /^sso-lens: sign-in needs --config FILE and --app ID$/],
    ['saml-sign-in: no --config', ['saml-sign-in', '--app', 'spark'], /^sso-lens: saml-sign-in needs --config FILE and --app ID$/],
    ['sign-in: --offline', ['sign-in', '--config', 'x.sso.json', '--app', 'a', '--offline'], /^sso-lens: sign-in needs the network/],
    ['saml-sign-in: --offline', ['saml-sign-in', '--config', 'x.sso.json', '--app', 'a', '--offline'], /^sso-lens: saml-sign-in is a live sign-in with the IdP; it does not run with --offline/],
    ['compare: an input that cannot be read', ['compare', missing, token], /^sso-lens: cannot read no-such-input\.har: ENOENT/],
    ['compare: an input over the limit', ['compare', token, tooLarge], new RegExp(`^sso-lens: .*\\.har is larger than ${LIMITS.maxInputBytes} bytes, the limit for one input$`)],
    ['redact: an input that cannot be read', ['redact', missing, '--out', out], /^sso-lens: cannot read no-such-input\.har: ENOENT/],
    ['redact: an input over the limit', ['redact', tooLarge, '--out', out], new RegExp(`^sso-lens: .*\\.har is larger than ${LIMITS.maxInputBytes} bytes, the limit for one input$`)],
    ['saml-sign-in: a bad --timeout', ['saml-sign-in', '--config', 'x.sso.json', '--app', 'a', '--timeout', 'soon'], /--timeout/],
  ];
  for (const [name, argv, why] of cases) {
    test(name, async () => {
      const run = await runCliCaptured(argv);
      assert.equal(run.code, 2);
      assert.deepEqual(run.out, []);
      assert.equal(run.err.length, 1, run.stderr);
      assert.match(run.err[0] ?? '', why);
    });
  }
});
