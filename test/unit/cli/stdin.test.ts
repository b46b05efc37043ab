/** `sso-lens inspect -` reads standard input: the built CLI (dist/cli.js, `npm run build`) in a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readFixture, readFixtureText } from '../../builders/fixtures';

const CLI = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

function cli(args: string[], input: string | Buffer): { status: number | null; stdout: string; stderr: string } {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a token piped to "inspect -" is decoded like a file, with one JSON object on stdout', () => {
  const r = cli(['inspect', '-', '--offline', '--now', '2026-11-22T06:00:00Z', '--json'], readFixture('jwt', 'gen-entra-v2-expired.jwt'));
  assert.equal(r.status, 1, r.stderr.slice(-400));
  assert.equal(r.stderr, '');
  const json = JSON.parse(r.stdout) as { kind: string; signature: { status: string }; findings: Array<{ id: string }> };
  assert.equal(json.kind, 'jwt');
  assert.equal(json.signature.status, 'not-checked');
  assert.deepEqual(json.findings.map((f) => f.id), ['jwt.signature-not-checked', 'jwt.expired']);
});

test('"Bearer <token>" pasted into stdin works too', () => {
  const r = cli(['inspect', '-', '--offline', '--now', '2026-11-22T06:00:00Z', '--json'], `Bearer ${readFixtureText('jwt', 'gen-entra-v2-groups-overage.jwt')}\n`);
  assert.equal(r.status, 0, r.stderr.slice(-400));
  assert.ok((JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.some((f) => f.id === 'claims.groups-overage'));
});

test('empty standard input is a usage error (exit 2) with {"error"} under --json', () => {
  const r = cli(['inspect', '-', '--offline', '--json'], '');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^sso-lens: -: the input is empty\n$/);
  assert.deepEqual(Object.keys(JSON.parse(r.stdout) as object), ['error']);
});
