#!/usr/bin/env node
// Runs test/integration (compiled to out/test/integration) inside a real VS Code and exits with
// the result: 0 all passed, 1 a test failed, 2 the run could not start, 124 timeout.
//
// Default route (Linux x64, CI): the VS Code server from the code-server npm package (installed by
// ensure-test-env.mjs into .test-env/), started on 127.0.0.1 with a fresh profile, its workbench
// opened in headless Chromium by playwright-core. The URL payload makes the extension host load
// this project as the extension under development and call out/test/integration/index.js `run()`;
// the workbench then calls window.codeAutomationExit(code). VS Code 1.139 honours that payload
// only with --enable-smoke-test-driver.
// Desktop route (SSO_LENS_VSCODE=desktop, or no Linux x64 but `code` on PATH): @vscode/test-electron's
// runTests with the desktop VS Code found via SSO_LENS_VSCODE_EXECUTABLE or `code` on PATH.
//
// env: SSO_LENS_VSCODE=server|desktop   SSO_LENS_VSCODE_EXECUTABLE=<desktop VS Code binary>
//      SSO_LENS_TEST_TIMEOUT_MS (whole run, default 900000)   SSO_LENS_TEST_GREP=<mocha grep>
//      SSO_LENS_SCREENSHOT=<file.png> (workbench at the end)   SSO_LENS_VERBOSE=1 (all host output)
//      SSO_LENS_KEEP_PROFILE=1 (keep the temp profile and logs)   CHROMIUM=/usr/bin/chromium
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { CHROMIUM, ROOT, ensureTestEnv, findOnPath, serverPaths, serverVersion, vscodeMode } from './ensure-test-env.mjs';

const EXAMPLES = join(ROOT, 'examples');
const TESTS_ENTRY = join(ROOT, 'out', 'test', 'integration', 'index');
const TIMEOUT_MS = Number(process.env.SSO_LENS_TEST_TIMEOUT_MS || 900_000);
const VERBOSE = !!process.env.SSO_LENS_VERBOSE;
const SCREENSHOT = process.env.SSO_LENS_SCREENSHOT ? resolve(process.env.SSO_LENS_SCREENSHOT) : undefined;
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

// Console lines of the workbench and extension host that say nothing about our tests: marketplace
// and telemetry lookups on a closed network, connection chatter, chat/agent services, stack frames.
const NOISE = new RegExp(
  [
    '^%c', '^Resolving', '^Resolved', '^Creating a socket', '^\\[Service Worker\\]', '^\\[reconnection', '^Updating additional',
    '^ChatSessionStore', '^\\[AgentHost', '^\\[ChatModel', '^\\[AccountPolicy', 'getaddrinfo', 'ENOTFOUND', '^Canceled', '^\\s+at ',
    "authentication provider 'github'", 'No signed-in session',
    'vsda', 'open-vsx', 'marketplace', 'Failed to fetch', 'service-worker', 'ms-vscode\\.', 'Extension host \\(Remote\\) is',
  ].join('|'),
);

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (...args) => console.log('[integration]', ...args);

function checkBuilt() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const main = join(ROOT, manifest.main);
  if (!existsSync(main)) throw new Error(`${manifest.main} is missing: run \`npm run build\` first`);
  if (!existsSync(`${TESTS_ENTRY}.js`)) throw new Error(`${TESTS_ENTRY}.js is missing: run \`npm run compile-tests\` first`);
  ensureExamplesFolder();
}

/** The workspace VS Code opens; the real samples arrive with the examples/ folder itself. */
export function ensureExamplesFolder() {
  if (existsSync(EXAMPLES)) return EXAMPLES;
  mkdirSync(EXAMPLES, { recursive: true });
  writeFileSync(join(EXAMPLES, 'README.md'), '# SSO Lens examples\n\nSample configurations and artifacts to open with SSO Lens.\n');
  return EXAMPLES;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts server-main.js in its own process group (so that we can stop it and every extension host
 * it forked: a host whose client goes away otherwise waits 3 h for a reconnect).
 * Resolves once it listens; `stop()` always kills the group.
 */
export async function startVsCodeServer({ port, profileDir, smokeTestDriver, logFile, extraArgs = [], echo = VERBOSE }) {
  const { node, serverMain } = serverPaths();
  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    '--disable-telemetry', '--disable-workspace-trust',
    '--server-data-dir', join(profileDir, 'server'), '--user-data-dir', join(profileDir, 'user'), '--extensions-dir', join(profileDir, 'ext'),
    ...extraArgs,
  ];
  const server = spawn(node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile);
  let exited = false;
  let output = '';
  const stop = () => {
    if (exited) return;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const killHard = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', killHard); // last resort, synchronous
  const exitedPromise = new Promise((res) => server.on('exit', (code, signal) => { exited = true; res(code ?? signal); }));
  /** SIGTERM the group, then SIGKILL whatever is left after a grace period. */
  const stopAndWait = async () => {
    stop();
    await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 5000))]);
    killHard();
    out.end();
  };
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`VS Code server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      out.write(chunk);
      if (echo) process.stdout.write(`[server] ${chunk}`);
      if (output.length < 100_000) output += chunk;
      if (/Extension host agent listening on/.test(output)) {
        clearTimeout(timer);
        res();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', (e) => { clearTimeout(timer); rej(e); });
    exitedPromise.then((code) => { clearTimeout(timer); rej(new Error(`VS Code server exited (${code}) before listening:\n${output}`)); });
  });
  return { server, stop, stopAndWait, exited: exitedPromise };
}

async function runOnServer() {
  const { node, serverMain } = serverPaths();
  if (!existsSync(serverMain) || !existsSync(node)) throw new Error('VS Code server not installed: run `node scripts/ensure-test-env.mjs`');
  const { chromium } = await import('playwright-core');
  const profileDir = mkdtempSync(join(tmpdir(), 'sso-lens-vscode-'));
  const removeProfile = () => rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  if (!process.env.SSO_LENS_KEEP_PROFILE) process.on('exit', removeProfile); // also after Ctrl-C
  const serverLog = join(profileDir, 'server.log');
  const port = await freePort();
  say(`VS Code ${serverVersion()} server on 127.0.0.1:${port}, profile ${profileDir}`);
  let server;
  let context;
  let result = 2;
  try {
    server = await startVsCodeServer({ port, profileDir, smokeTestDriver: true, logFile: serverLog });
    say(`server up after ${elapsed()}; opening the workbench in ${CHROMIUM}`);
    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(TESTS_ENTRY)]];
    const url = `http://${authority}/?folder=${encodeURIComponent(EXAMPLES)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    context = await chromium.launchPersistentContext(join(profileDir, 'chrome'), {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 }, args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    let finish;
    const finished = new Promise((r) => (finish = r));
    // Registered before navigating: the workbench looks for them when it starts.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The host forwards console.* arguments unformatted (mocha's reporter logs '%s%s', …).
      const list = Array.isArray(args) ? args : [args];
      const line = format(...list);
      const styled = typeof list[0] === 'string' && list[0].startsWith('%c'); // the workbench's own coloured logs
      if (VERBOSE || !(styled || NOISE.test(line))) (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('pageerror', (e) => { if (VERBOSE || !NOISE.test(String(e))) console.error('[workbench error]', String(e).slice(0, 300)); });
    server.exited.then((code) => finish(`server exited (${code})`));

    // A loaded machine (many runs on 2 cores) can take longer than playwright's 30 s default to serve the workbench.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    let timer;
    const outcome = await Promise.race([finished, new Promise((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, TIMEOUT_MS - (Date.now() - t0)))))]);
    clearTimeout(timer);
    if (SCREENSHOT) {
      await page.screenshot({ path: SCREENSHOT }).then(() => say(`screenshot: ${SCREENSHOT}`), (e) => say(`screenshot failed: ${e.message}`));
    }
    if (outcome === 'timeout') {
      say(`TIMEOUT after ${TIMEOUT_MS / 1000}s (SSO_LENS_TEST_TIMEOUT_MS); last server output:\n${tail(serverLog)}`);
      result = 124;
    } else if (typeof outcome === 'number' && Number.isInteger(outcome)) {
      result = outcome;
    } else {
      say(`${outcome}; last server output:\n${tail(serverLog)}`);
      result = 2;
    }
  } finally {
    await context?.close().catch(() => {});
    await server?.stopAndWait();
    if (process.env.SSO_LENS_KEEP_PROFILE) say(`kept profile and logs: ${profileDir}`);
    else removeProfile();
  }
  return result;
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** The desktop VS Code binary (the Electron app, not the `code` CLI wrapper). */
function desktopExecutable() {
  if (process.env.SSO_LENS_VSCODE_EXECUTABLE) return process.env.SSO_LENS_VSCODE_EXECUTABLE;
  const cli = findOnPath('code');
  if (!cli) throw new Error('SSO_LENS_VSCODE=desktop needs `code` on PATH or SSO_LENS_VSCODE_EXECUTABLE');
  const binDir = dirname(realpathSync(cli)); // <install>/bin (Linux, Windows) or <app>/Contents/Resources/app/bin
  const candidates = [
    join(binDir, '..', 'code'), // Linux
    join(binDir, '..', 'Code.exe'), // Windows
    join(binDir, '..', '..', '..', 'MacOS', 'Code'), // macOS
    join(binDir, '..', '..', '..', 'MacOS', 'Electron'), // macOS, older builds
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`cannot find the VS Code binary next to ${cli}; set SSO_LENS_VSCODE_EXECUTABLE`);
  return resolve(found);
}

async function runOnDesktop() {
  const { runTests } = await import('@vscode/test-electron');
  const vscodeExecutablePath = desktopExecutable();
  const profileDir = mkdtempSync(join(tmpdir(), 'sso-lens-vscode-'));
  say(`desktop VS Code ${vscodeExecutablePath}, profile ${profileDir}`);
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS_ENTRY,
      launchArgs: [EXAMPLES, '--disable-extensions', '--user-data-dir', join(profileDir, 'user'), '--extensions-dir', join(profileDir, 'ext')],
      extensionTestsEnv: { ...(process.env.SSO_LENS_TEST_GREP ? { SSO_LENS_TEST_GREP: process.env.SSO_LENS_TEST_GREP } : {}) },
    });
  } catch (err) {
    // runTests rejects with the exit code when tests fail.
    say(String(err instanceof Error ? err.message : err));
    return 1;
  } finally {
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function main() {
  checkBuilt();
  const mode = vscodeMode();
  if (mode === 'desktop') return runOnDesktop();
  await ensureTestEnv();
  return runOnServer();
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] || '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  let exiting = false;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (exiting) return;
      exiting = true;
      say(`${sig}: stopping`);
      process.exit(130); // the 'exit' handler kills the server's process group
    });
  }
  main().then(
    (code) => {
      say(`${code === 0 ? 'PASSED' : code === 124 ? 'TIMED OUT' : 'FAILED'} (exit ${code}) in ${elapsed()}`);
      process.exit(code);
    },
    (err) => {
      console.error(`[integration] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
