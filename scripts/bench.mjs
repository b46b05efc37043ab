// `npm run bench`: throughput of SSO Lens's token decode+verify next to plain jose.jwtVerify on the
// same tokens in the same run (our overhead as a ratio), the extension's activation cost and the
// bundle sizes; then the SAML and config benches when present. Numbers only; no assertions.
import { generateKeyPair, exportJWK, SignJWT, jwtVerify, createLocalJWKSet } from 'jose';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import Module from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = require(join(root, 'dist', 'core.js'));
const rows = [];
const row = (name, value, unit) => { rows.push({ name, value, unit }); console.log(`${name.padEnd(58)} ${String(value).padStart(12)} ${unit}`); };

async function timeLoop(fn, minMs = 1500) {
  for (let i = 0; i < 50; i++) await fn(); // warm-up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) { await fn(); n++; }
  return (n * 1000) / (performance.now() - t0);
}

// Tokens: Entra-shaped RS256 and ES256, signed here with jose.
const rsa = await generateKeyPair('RS256');
const ec = await generateKeyPair('ES256');
const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'r1', alg: 'RS256', use: 'sig' }, { ...(await exportJWK(ec.publicKey)), kid: 'e1', alg: 'ES256', use: 'sig' }] };
const claims = { iss: 'https://login.microsoftonline.com/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/v2.0', aud: 'd8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13', tid: '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37', oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84', ver: '2.0', name: 'Adele Vance', groups: Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) };
const tokens = {
  RS256: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'r1' }).setIssuedAt().setExpirationTime('10y').sign(rsa.privateKey),
  ES256: await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'e1' }).setIssuedAt().setExpirationTime('10y').sign(ec.privateKey),
};
const trust = core.loadTrustMaterial(Buffer.from(JSON.stringify(jwks)), 'bench-jwks');
if (!trust.ok) throw new Error(trust.error.message);
const options = core.defaultInspectOptions({ trust: trust.value });
const localSet = createLocalJWKSet(jwks);

console.log(`SSO Lens bench — node ${process.version}, ${new Date().toISOString()}\n`);
for (const [alg, token] of Object.entries(tokens)) {
  const bytes = Buffer.from(token);
  const ours = await timeLoop(async () => { const r = await core.inspectArtifact(bytes, options); if (!r.ok || r.value.signature.status !== 'valid') throw new Error('bench token did not verify'); });
  const plain = await timeLoop(async () => { await jwtVerify(token, localSet); });
  row(`JWT ${alg} inspect (decode+verify+checks), SSO Lens`, ours.toFixed(0), 'ops/s');
  row(`JWT ${alg} jose.jwtVerify (same token, same keys)`, plain.toFixed(0), 'ops/s');
  row(`JWT ${alg} overhead ratio (jose / SSO Lens)`, (plain / ours).toFixed(2), 'x');
}
const decodeOnly = await timeLoop(async () => { await core.inspectArtifact(Buffer.from(tokens.RS256), core.defaultInspectOptions()); });
row('JWT decode only (no trust material)', decodeOnly.toFixed(0), 'ops/s');

// Activation: load dist/extension.js with a stub `vscode` module and call activate().
{
  const calls = [];
  const disposable = { dispose() {} };
  // Any other API the extension touches at load or activation (enums, classes, events, views):
  // a callable, constructible stub whose members are stubs too, and which is not a thenable.
  const anything = new Proxy(function stub() {}, {
    get: (_t, p) => (p === 'then' || typeof p === 'symbol' ? undefined : anything),
    apply: () => anything,
    construct: () => anything,
  });
  const withRest = (known) => new Proxy(known, { get: (t, p) => (p in t ? t[p] : anything) });
  // The top level is a plain object (esbuild's interop copies own properties, so a Proxy would look empty).
  const vscodeStub = {
    window: withRest({ createOutputChannel: () => ({ info() {}, error() {}, show() {}, dispose() {} }), showErrorMessage: async () => undefined }),
    commands: withRest({ registerCommand: (id) => { calls.push(id); return disposable; }, executeCommand: async () => undefined }),
    languages: withRest({ registerHoverProvider: () => disposable }),
    workspace: withRest({ getConfiguration: () => ({ get: (_k, d) => d }), isTrusted: true, findFiles: async () => [], textDocuments: [], workspaceFolders: undefined }),
    Uri: withRest({ joinPath: (...p) => p.join('/') }),
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeActionKind: { QuickFix: 'quickfix' },
    EventEmitter: class { event = () => disposable; fire() {} dispose() {} },
    TreeItem: class {},
    ThemeIcon: class {},
    ThemeColor: class {},
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    FileType: { File: 1, Directory: 2 },
    Range: class {},
    Position: class {},
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  };
  const origLoad = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? vscodeStub : origLoad.call(this, request, ...rest); };
  const t0 = performance.now();
  const ext = require(join(root, 'dist', 'extension.js'));
  const loaded = performance.now();
  ext.activate({ subscriptions: [], extensionUri: root, extensionMode: vscodeStub.ExtensionMode.Production });
  const activated = performance.now();
  Module._load = origLoad;
  row('extension.js require (cold, outside VS Code)', (loaded - t0).toFixed(1), 'ms');
  row('activate() (commands + hover registered)', (activated - loaded).toFixed(1), 'ms');
  row('commands registered at activation', calls.length, '');
}
for (const f of readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'))) row(`bundle size dist/${f}`, (statSync(join(root, 'dist', f)).size / 1024).toFixed(1), 'KiB');

for (const [file, fn] of [['saml.mjs', 'benchSaml'], ['config.mjs', 'benchConfig'], ['capture.mjs', 'benchCapture']]) {
  const p = join(root, 'scripts', 'bench', file);
  if (!existsSync(p)) continue;
  console.log('');
  const mod = await import(pathToFileURL(p).href);
  if (typeof mod[fn] === 'function') for (const r of await mod[fn]()) row(r.name, r.value, r.unit);
}

// Peak memory of indexing a 50 MB aggregate of about a million tiny entities (issue 15, class 16).
{
  console.log('');
  const { measureAggregate } = await import(pathToFileURL(join(root, 'scripts', 'measure-aggregate.mjs')).href);
  for (const r of measureAggregate(50)) row(r.name, r.value, r.unit);
}
