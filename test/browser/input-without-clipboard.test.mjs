// The browser VS Code, driven as a person would (playwright-core + Debian chromium): with nothing selected,
// "Decode Token" asks where the token is instead of reading the clipboard, so the browser's "Unable to read
// from the browser's clipboard…" error never greets the user; each choice then works, and a clipboard the
// browser refuses to read gets a calm message offering paste.
// Run: npm run build && node --test test/browser/   (needs the test VS Code: node scripts/ensure-test-env.mjs)
// The server runs WITHOUT --enable-smoke-test-driver (that flag hides notification toasts, which this test
// must see), so the extension is linked into the profile's extensions dir, as `npm start` does.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, ROOT, serverPaths } from '../../scripts/ensure-test-env.mjs';
import { CHROMIUM_ARGS, ensureExamplesFolder, startVsCodeServer } from '../../scripts/run-integration-tests.mjs';

const LONG = 180_000; // a loaded 2-core machine serves the workbench slowly
const CLIPBOARD_ERROR = /Unable to read from the browser's clipboard/;
const TOKEN = readFileSync(join(ROOT, 'examples', 'tokens', 'entra-v2-id-token.jwt'), 'utf8').trim();

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

describe('browser VS Code: Decode Token with nothing selected', { timeout: 900_000 }, () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'sso-lens-browser-'));
  let server;
  let context;
  let page;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'extension.js')), 'run `npm run build` first');
    assert.ok(existsSync(serverPaths().serverMain), 'the test VS Code is installed (node scripts/ensure-test-env.mjs)');
    const { publisher, name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    mkdirSync(join(profileDir, 'ext'), { recursive: true });
    symlinkSync(ROOT, join(profileDir, 'ext', `${publisher}.${name}-${version}`.toLowerCase()), 'dir');
    mkdirSync(join(profileDir, 'user', 'Machine'), { recursive: true });
    writeFileSync(join(profileDir, 'user', 'Machine', 'settings.json'), JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true, 'workbench.startupEditor': 'none' }));
    const port = await freePort();
    server = await startVsCodeServer({ port, profileDir, smokeTestDriver: false, logFile: join(profileDir, 'server.log') });
    const { chromium } = await import('playwright-core');
    // No clipboard permission granted: the browser refuses navigator.clipboard.readText(), as it does for a
    // site the user has not allowed.
    context = await chromium.launchPersistentContext(join(profileDir, 'chrome'), { executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 }, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ensureExamplesFolder())}`, { waitUntil: 'domcontentloaded', timeout: LONG });
    await page.waitForSelector('.monaco-workbench .statusbar', { timeout: LONG });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stopAndWait();
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  });

  const toasts = () => page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  const rows = () => page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();

  async function runDecodeToken() {
    // The first time, the palette lists the command only once the workbench has read the extensions, and keys
    // typed while it starts can be lost: open the palette again until the command is listed.
    const command = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'SSO Lens: Decode Token' }).first();
    const deadline = Date.now() + LONG;
    for (;;) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill('>SSO Lens: Decode Token');
      const listed = await command.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (listed) break;
      assert.ok(Date.now() < deadline, 'the command palette lists SSO Lens: Decode Token');
    }
    await page.keyboard.press('Enter');
    // The command's own quick pick replaces the palette (activation may take a while the first time).
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'From Clipboard' }).first().waitFor({ timeout: LONG });
  }

  async function pick(label) {
    await page.keyboard.type(label, { delay: 10 });
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
  }

  async function reportOpens() {
    await page.locator('.tabs-container .tab', { hasText: 'SSO Lens: JSON Web Token' }).first().waitFor({ timeout: LONG });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W'); // close the editors for the next choice
  }

  test('the quick pick offers Paste…, Open File… and From Clipboard, and no clipboard error appears', async () => {
    await runDecodeToken();
    const labels = await rows();
    for (const label of ['Paste…', 'Open File…', 'From Clipboard']) assert.ok(labels.some((l) => l.includes(label)), `${label} in ${JSON.stringify(labels)}`);
    await page.waitForTimeout(3000); // an unasked clipboard read would have raised its error by now
    assert.deepEqual((await toasts()).filter((t) => CLIPBOARD_ERROR.test(t)), []);
    assert.ok((await page.locator('.quick-input-widget').isVisible()), 'the quick pick is still open, not hidden behind an error');
  });

  test('Paste…: the token typed into the input box is decoded', async () => {
    await runDecodeToken();
    await pick('Paste');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget input').fill(TOKEN);
    await page.keyboard.press('Enter');
    await reportOpens();
    assert.deepEqual((await toasts()).filter((t) => CLIPBOARD_ERROR.test(t)), []);
  });

  test('Open File…: a token file picked from the workspace is decoded', async () => {
    await runDecodeToken();
    await pick('Open File');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'entra-v2-id-token.jwt' }).first().waitFor({ timeout: LONG });
    await pick('entra-v2-id-token.jwt');
    await reportOpens();
    assert.deepEqual((await toasts()).filter((t) => CLIPBOARD_ERROR.test(t)), []);
  });

  test('From Clipboard, refused by the browser: a calm message offers Paste…, which works', async () => {
    await runDecodeToken();
    await pick('From Clipboard');
    // The user asked for the clipboard, so the browser's own refusal may now show (VS Code's notice); closing
    // it leads to SSO Lens's message, not a second error.
    const browserNotice = page.locator('.notifications-toasts .notification-toast', { hasText: CLIPBOARD_ERROR }).first();
    const ours = page.locator('.notifications-toasts .notification-toast', { hasText: 'nothing to read from the clipboard here' }).first();
    await Promise.race([browserNotice.waitFor({ timeout: 60_000 }), ours.waitFor({ timeout: 60_000 })]);
    if (await browserNotice.isVisible()) {
      await browserNotice.hover();
      await browserNotice.locator('.codicon-notifications-clear').first().click();
    }
    await ours.waitFor({ timeout: 60_000 });
    const text = await ours.innerText();
    assert.match(text, /Paste a token instead\?/);
    await ours.getByRole('button', { name: 'Paste…' }).click();
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget input').fill(TOKEN);
    await page.keyboard.press('Enter');
    await reportOpens();
  });
});
