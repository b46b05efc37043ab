#!/usr/bin/env node
// `npm start`: build, then open SSO Lens in a real VS Code on the examples/ folder.
//   - A desktop VS Code (`code` on PATH, or SSO_LENS_VSCODE=desktop): an Extension Development Host
//     window, `code --extensionDevelopmentPath=<root> <root>/examples`.
//   - Otherwise (or SSO_LENS_VSCODE=server): the VS Code server from .test-env (see
//     ensure-test-env.mjs) on http://127.0.0.1:<PORT or a free port>/, to open in a browser. It
//     runs until Ctrl-C.
// Why the server loads the extension from a symlink in its extensions dir: 1.139 ignores the
// extensionDevelopmentPath URL payload unless --enable-smoke-test-driver is set, and that flag
// hides notification toasts, which SSO Lens uses. The symlink points at this checkout, so after
// `npm run build` a "Developer: Reload Window" picks up the new bundle; no .vsix needed.
// The profile (settings, state) persists in .test-env/start-profile.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ROOT, TEST_ENV_DIR, ensureTestEnv, findOnPath, serverVersion } from './ensure-test-env.mjs';
import { ensureExamplesFolder, startVsCodeServer } from './run-integration-tests.mjs';

const say = (...args) => console.log('[start]', ...args);
/** The sample Entra-style token the Quick start decodes (examples/README.md). */
const SAMPLE_TOKEN = join('tokens', 'entra-v2-expired-overage.jwt');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function build() {
  say('npm run build');
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`npm run build failed (${r.status ?? r.signal})`);
}

function useDesktop() {
  const wanted = (process.env.SSO_LENS_VSCODE || '').toLowerCase();
  if (wanted === 'desktop') return true;
  if (wanted === 'server') return false;
  return !!findOnPath('code');
}

function openDesktop(examples) {
  const code = findOnPath('code');
  if (!code) throw new Error('SSO_LENS_VSCODE=desktop needs `code` on PATH');
  // The sample token opens beside the folder, ready to select and decode (or hover).
  const token = join(examples, SAMPLE_TOKEN);
  say(`${code} --extensionDevelopmentPath=${ROOT} ${examples} ${token}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${ROOT}`, examples, token], { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

function portFromEnvOrFree() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a TCP port number, not "${process.env.PORT}"`);
    return Promise.resolve(port);
  }
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Links this checkout into the profile's extensions dir as <publisher>.<name>-<version>. */
function linkExtension(extensionsDir) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const id = `${publisher}.${name}`.toLowerCase();
  mkdirSync(extensionsDir, { recursive: true });
  for (const entry of readdirSync(extensionsDir)) {
    // Older links (another version) would load the extension twice.
    if (entry.toLowerCase().startsWith(`${id}-`)) rmSync(join(extensionsDir, entry), { recursive: lstatSync(join(extensionsDir, entry)).isDirectory(), force: true });
  }
  symlinkSync(ROOT, join(extensionsDir, `${id}-${version}`), 'dir');
  return id;
}

/** First run only: quieter defaults for a demo (examples/ sits inside this git repository). */
function seedSettings(profileDir) {
  const file = join(profileDir, 'user', 'Machine', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true }, null, 2)}\n`);
}

async function openInServer(examples) {
  await ensureTestEnv();
  const profileDir = join(TEST_ENV_DIR, 'start-profile');
  seedSettings(profileDir);
  const id = linkExtension(join(profileDir, 'ext'));
  const port = await portFromEnvOrFree();
  const server = await startVsCodeServer({
    port, profileDir, smokeTestDriver: false, logFile: join(profileDir, 'server.log'), echo: !!process.env.SSO_LENS_VERBOSE,
  });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`;
  console.log('');
  say(`VS Code ${serverVersion()} with ${id} (linked from ${ROOT}) is running.`);
  say(`Open in a browser:  ${url}`);
  say(`Then open ${SAMPLE_TOKEN}, select the token and run "SSO Lens: Decode Token" (or hover over it).`);
  say(`After \`npm run build\`, run "Developer: Reload Window" to load the new bundle. Server log: ${join(profileDir, 'server.log')}`);
  say('Ctrl-C stops it.');
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (sig) => {
      if (stopping) return;
      stopping = true;
      say(`${sig}: stopping the server`);
      server.stopAndWait().then(() => resolve(0));
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    server.exited.then((code) => {
      if (stopping) return;
      say(`the server exited (${code}); see ${join(profileDir, 'server.log')}`);
      resolve(1);
    });
  });
}

async function main() {
  build();
  const examples = ensureExamplesFolder();
  if (useDesktop()) return openDesktop(examples);
  if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing after the build');
  return openInServer(examples);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
