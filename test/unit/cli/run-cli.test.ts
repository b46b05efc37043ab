/** `sso-lens inspect` against the CLI contract: exit status, one JSON object, usage errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { fixturePath } from '../../builders/fixtures';
import { runCliCaptured } from '../../builders/cli-io';

const NOW = ['--now', '2026-11-22T06:00:00Z'];
const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-cli-'));
const jwt = (name: string) => fixturePath('jwt', name);

function onlyJson(run: { out: string[] }): Record<string, unknown> {
  assert.equal(run.out.length, 1, 'exactly one write to standard output');
  const parsed = JSON.parse(run.out[0] ?? '') as unknown;
  assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed));
  return parsed as Record<string, unknown>;
}

describe('exit status and --json', () => {
  test('a valid token with only a warning exits 0 and prints one JSON object with the contract fields', async () => {
    const run = await runCliCaptured(['inspect', jwt('gen-entra-v2-groups-overage.jwt'), '--key', jwt('corpus-jwks.json'), '--offline', ...NOW, '--json']);
    assert.equal(run.code, 0);
    assert.deepEqual(run.err, []);
    const json = onlyJson(run);
    assert.equal(json['kind'], 'jwt');
    assert.deepEqual(json['signature'], { status: 'valid', algorithm: 'RS256', keyId: '7aIR-bzXVolRT0FB1QnSUZFxjM8', detail: `verified with kid 7aIR-bzXVolRT0FB1QnSUZFxjM8 (${jwt('corpus-jwks.json')})` });
    assert.deepEqual((json['findings'] as Array<{ id: string; severity: string }>).map((f) => [f.id, f.severity]), [['claims.groups-overage', 'warning']]);
    assert.ok(typeof json['data'] === 'object');
  });

  test('an error finding exits 1', async () => {
    const run = await runCliCaptured(['inspect', jwt('gen-entra-v2-expired.jwt'), '--key', jwt('corpus-jwks.json'), '--offline', ...NOW, '--json']);
    assert.equal(run.code, 1);
    assert.ok((onlyJson(run)['findings'] as Array<{ id: string }>).some((f) => f.id === 'jwt.expired'));
  });

  test('--audience and --issuer are expectations', async () => {
    const run = await runCliCaptured(['inspect', jwt('gen-entra-v2-no-email-claim.jwt'), '--key', jwt('corpus-jwks.json'), '--offline', ...NOW, '--json', '--audience', 'someone-else', '--issuer', 'https://login.microsoftonline.com/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/v2.0/']);
    assert.equal(run.code, 1);
    assert.deepEqual((onlyJson(run)['findings'] as Array<{ id: string }>).map((f) => f.id), ['jwt.audience-mismatch', 'jwt.issuer-mismatch']);
  });

  test('--clock-skew widens the tolerance: a token 4 min past exp fails with 0 and passes with 300', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Math.floor(Date.parse('2026-11-22T06:00:00Z') / 1000);
    const file = join(tmp, 'skew.jwt');
    writeFileSync(file, await new SignJWT({ exp: now - 240 }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey));
    const strict = await runCliCaptured(['inspect', file, '--offline', ...NOW, '--clock-skew', '0', '--json']);
    assert.ok((onlyJson(strict)['findings'] as Array<{ id: string }>).some((f) => f.id === 'jwt.expired'));
    assert.equal(strict.code, 1);
    const lenient = await runCliCaptured(['inspect', file, '--offline', ...NOW, '--clock-skew', '300', '--json']);
    assert.equal(lenient.code, 0);
  });

  test('the text report (no --json) is readable: title, findings, claims with their meaning, times in UTC', async () => {
    const run = await runCliCaptured(['inspect', jwt('entra-v1-id-token-2016-jose4j.jwt'), '--key', jwt('entra-2016-common-discovery-keys.jwks.json'), '--offline', ...NOW]);
    assert.equal(run.code, 1);
    assert.equal(run.out.length, 1);
    const text = run.out[0] ?? '';
    assert.throws(() => JSON.parse(text));
    assert.match(text, /^JSON Web Token/);
    assert.match(text, /error jwt\.expired +the token expired 10 y \d+ d ago/);
    assert.match(text, /Token version +v1 \(from "ver"\)/);
    assert.match(text, /exp +2016-08-01T22:34:57\.000Z \(10 y \d+ d ago\) \[1470090897\]/);
    assert.match(text, /Status +valid/);
  });
});

describe('usage errors exit 2 with a one-line reason, and {"error"} with --json', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no input', ['inspect', '--json'], /exactly one input/],
    ['two inputs', ['inspect', 'a', 'b', '--json'], /exactly one input/],
    ['an unknown option', ['inspect', jwt('jwt-alg-none.jwt'), '--bogus', '--json'], /bogus/],
    ['an option without its value', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--key'], /--key/],
    ['a missing file', ['inspect', join(tmp, 'nope.jwt'), '--json'], /cannot read .*nope\.jwt/],
    ['a directory', ['inspect', tmp, '--json'], /cannot read .*is a directory/],
    ['an unrecognised input', ['inspect', join(tmp, 'hello.txt'), '--json'], /hello\.txt: not a JWT\/JWE/],
    ['a bad --now', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--now', 'yesterday'], /--now must be an ISO-8601 instant/],
    ['a date-only --now', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--now', '2026-11-22'], /--now must be/],
    ['a negative --clock-skew', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--clock-skew=-1'], /--clock-skew takes a number of seconds from 0 to 86400/],
    ['a dash-led --clock-skew value', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--clock-skew', '-1'], /--clock-skew/],
    ['a non-numeric --clock-skew', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--clock-skew', 'five'], /--clock-skew/],
    ['a --clock-skew over a day', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--clock-skew', '86401'], /--clock-skew/],
    ['--config that cannot be read', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--config', 'x.json'], /--config x\.json: cannot read it/],
    ['--app without --config', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--app', 'palette'], /--app needs --config/],
    ['a --key that is not trust material', ['inspect', jwt('jwt-alg-none.jwt'), '--json', '--key', jwt('jwt-alg-none.jwt')], /--key .*not a JWK\/JWKS, PEM public key, certificate or SAML metadata/],
    ['an unknown command', ['decode', 'x', '--json'], /unknown command "decode"/],
    ['--json before the command', ['--json', 'inspect'], /unknown command "--json"/],
    ['--key with its value missing before --json', ['inspect', jwt('jwt-alg-none.jwt'), '--key', '--json'], /argument is ambiguous\. Did you forget to specify the option argument for '--key'\?/],
  ];
  before(() => writeFileSync(join(tmp, 'hello.txt'), 'hello, world'));
  for (const [name, argv, why] of cases) {
    test(name, async () => {
      const run = await runCliCaptured(argv);
      assert.equal(run.code, 2);
      assert.equal(run.err.length, 1);
      assert.ok(!run.err[0]?.includes('\n'), 'one line');
      assert.match(run.err[0] ?? '', /^sso-lens: /);
      assert.match(run.err[0] ?? '', why);
      const json = onlyJson(run);
      assert.deepEqual(Object.keys(json), ['error']);
      assert.ok(!String(json['error']).includes('\n'), 'the error message is one line');
      assert.match(String(json['error']), why);
    });
  }

  test('without --json a usage error prints nothing on standard output', async () => {
    const run = await runCliCaptured(['inspect']);
    assert.equal(run.code, 2);
    assert.deepEqual(run.out, []);
  });

  test('no command prints the usage and exits 2; help exits 0', async () => {
    const none = await runCliCaptured([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /usage: sso-lens <command>/);
    const help = await runCliCaptured(['inspect', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--clock-skew SECS/);
  });
});

describe('--offline', () => {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  let tokenFile = '';
  let configFile = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    tokenFile = join(tmp, 'online.jwt');
    writeFileSync(tokenFile, await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).setIssuer(`https://127.0.0.1:${port}/tenant`).setAudience('cli-client').sign(privateKey));
    // A loopback issuer is contacted only when a config names it (README "Privacy and security model").
    configFile = join(tmp, 'online.sso.json');
    writeFileSync(configFile, JSON.stringify({ version: 1, providers: [{ id: 'local', type: 'oidc', issuer: `https://127.0.0.1:${port}/tenant`, apps: [{ id: 'app', protocol: 'oidc', clientId: 'cli-client' }] }] }));
  });
  after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });

  test('with --offline nothing connects to the issuer, and the signature is not-checked', async () => {
    const run = await runCliCaptured(['inspect', tokenFile, '--offline', ...NOW, '--json']);
    assert.equal(run.code, 0);
    await runCliCaptured(['inspect', tokenFile, '--config', configFile, '--offline', ...NOW, '--json']);
    const json = onlyJson(run);
    assert.equal((json['signature'] as { status: string }).status, 'not-checked');
    assert.deepEqual((json['findings'] as Array<{ id: string }>).map((f) => f.id), ['jwt.signature-not-checked']);
    assert.equal(connections, 0);
  });

  test('SSO_LENS_OFFLINE=1 is the same as --offline', async () => {
    process.env['SSO_LENS_OFFLINE'] = '1';
    try {
      await runCliCaptured(['inspect', tokenFile, '--config', configFile, ...NOW, '--json']);
    } finally {
      delete process.env['SSO_LENS_OFFLINE'];
    }
    assert.equal(connections, 0);
  });

  test('without it the CLI does try the issuer a config names (the control for the two tests above)', async () => {
    const run = await runCliCaptured(['inspect', tokenFile, '--config', configFile, ...NOW, '--json']);
    assert.equal(connections, 1);
    const json = onlyJson(run);
    assert.ok((json['findings'] as Array<{ id: string }>).some((f) => f.id === 'jwt.keys-fetch-failed'));
    assert.equal((json['signature'] as { status: string }).status, 'not-checked');
  });
});

describe('hostile tokens through the CLI', () => {
  test('markup and terminal escapes in claims come out as inert text', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = join(tmp, 'markup.jwt');
    writeFileSync(file, await new SignJWT({ name: '<script>alert(1)</script>\u001b[2J' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey));
    const run = await runCliCaptured(['inspect', file, '--offline', ...NOW]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /warning claims\.html-in-value/);
    assert.ok(run.stdout.includes('<script>alert(1)</script>\\u001b[2J'));
    assert.ok(!run.stdout.includes('\u001b'));
  });

  test('a 5 MB token file is input.too-large, exit 1, one JSON object', async () => {
    const file = join(tmp, 'huge.jwt');
    writeFileSync(file, `eyJhbGciOiJSUzI1NiJ9.${'A'.repeat(5 * 1024 * 1024)}.AAAA`);
    const run = await runCliCaptured(['inspect', file, '--offline', ...NOW, '--json']);
    assert.equal(run.code, 1);
    assert.deepEqual((onlyJson(run)['findings'] as Array<{ id: string }>).map((f) => f.id), ['input.too-large']);
  });

  test('a token nested thousands deep still yields exactly one JSON object', async () => {
    const file = join(tmp, 'deep.jwt');
    const payload = Buffer.from(`{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`).toString('base64url');
    writeFileSync(file, `eyJhbGciOiJSUzI1NiJ9.${payload}.AAAA`);
    const run = await runCliCaptured(['inspect', file, '--offline', ...NOW, '--json']);
    assert.equal(run.code, 1);
    assert.deepEqual((onlyJson(run)['findings'] as Array<{ id: string }>).map((f) => f.id), ['jwt.malformed']);
  });
});
