// Packages the extension: `node scripts/package-vsix.mjs [--out FILE]` (after `npm run build`; `npm run
// package` does both). Used by `npm run package` and the bench's .vsix row, so both build it alike.
//  - `--no-rewrite-relative-links`: the README's screenshots are relative paths into media/, which the
//    .vsix ships; VS Code shows them from the installed extension. vsce would otherwise insist on a
//    GitHub or GitLab repository to turn them into absolute URLs, and fail without one.
//  - `--allow-package-secrets privatekey`: the walkthroughs decrypt sample responses and tokens with
//    throw-away keys shipped in examples/ (made by scripts/make-sample-*.mjs, encrypting nothing real).
//    vsce's secret scan rightly refuses private keys, so this script does the check in its place: the
//    package is refused when a private key turns up anywhere but in those sample files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
if (outAt >= 0 && !args[outAt + 1]) fail('--out needs a file name');
const out = outAt >= 0 ? args[outAt + 1] : join(root, 'sso-lens.vsix');

/** The sample keys the walkthroughs need; nothing else in the package may hold a private key. */
const SAMPLE_KEYS = new Set(['examples/saml/keycloak-saml-encryption.key', 'examples/saml/sample-sp-decryption.key', 'examples/tokens/sample-jwe-decryption.key']);

const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) fail(`vsce ls failed: ${listed.stderr}`);
const files = listed.stdout.split('\n').map((l) => l.trim()).filter((f) => f && existsSync(join(root, f)));
// PEM and OpenSSH keys (`BEGIN … PRIVATE KEY`) and PGP ones (`BEGIN PGP PRIVATE KEY BLOCK`).
const keyed = files.filter((f) => /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/.test(readFileSync(join(root, f), 'latin1')));
const unexpected = keyed.filter((f) => !SAMPLE_KEYS.has(f));
if (unexpected.length > 0) fail(`private keys in the package that are not the walkthroughs' sample keys: ${unexpected.join(', ')}`);

const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-package-secrets', 'privatekey', '--out', out], { cwd: root, encoding: 'utf8' });
if (packed.status !== 0) fail(`vsce package failed: ${(packed.stderr || packed.stdout).trim()}`);
console.log(`packaged ${out} (${files.length} files; sample keys: ${keyed.length})`);

function fail(message) {
  console.error(message);
  process.exit(1);
}
