/** A too-large input is reported with its real size, though only the head of it is ever read. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readBounded } from '../../../src/cli/read-input';
import { LIMITS } from '../../../src/decoders/limits';
import { runCliCaptured } from '../../builders/cli-io';

const tmp = mkdtempSync(join(tmpdir(), 'sso-lens-too-large-'));
const SIZE = 70 * 1024 * 1024;

/** A sparse 70 MB file that starts like a token. */
function bigTokenFile(): string {
  const file = join(tmp, 'big.jwt');
  writeFileSync(file, 'eyJhbGciOiJSUzI1NiJ9.');
  truncateSync(file, SIZE);
  return file;
}

test('readBounded stops past the limit but knows the file size', () => {
  const r = readBounded(bigTokenFile(), LIMITS.maxInputBytes);
  assert.equal(r.truncated, true);
  assert.ok(r.bytes.length < SIZE);
  assert.equal(r.size, SIZE);
});

test('a 70 MB file: input.too-large says 73400320 bytes, not the bytes read', async () => {
  const run = await runCliCaptured(['inspect', bigTokenFile(), '--offline', '--json']);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.out[0] ?? '') as { findings: Array<{ id: string; message: string }> };
  assert.deepEqual(report.findings.map((f) => f.id), ['input.too-large']);
  assert.match(report.findings[0]?.message ?? '', new RegExp(`^the input is ${SIZE} bytes; the limit is ${LIMITS.maxInputBytes}`));
});

test('an unrecognisable 70 MB file: the one-line reason also gives its size', async () => {
  const file = join(tmp, 'zeros.bin');
  writeFileSync(file, '');
  truncateSync(file, SIZE);
  const run = await runCliCaptured(['inspect', file, '--offline', '--json']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`the input is ${SIZE} bytes`));
});

test('70 MB on standard input (no size to stat): "more than" the limit', () => {
  const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  const input = Buffer.alloc(SIZE, 0x41);
  input.write('eyJhbGciOiJSUzI1NiJ9.');
  const r = spawnSync(process.execPath, [cli, 'inspect', '-', '--offline', '--json'], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20 });
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: Array<{ id: string; message: string }> };
  assert.match(report.findings[0]?.message ?? '', new RegExp(`^the input is more than ${LIMITS.maxInputBytes} bytes`));
});
