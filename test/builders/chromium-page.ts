/**
 * Debian's real Chromium driven by playwright-core, the one way every test launches it: our flags
 * (loopback only, nothing in the background), and a webview-like page that records what the page
 * posts to the extension and every Content Security Policy violation or page error it hits.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
/** Headless comes from `headless: true`; the rest keeps Chromium off the network and quiet. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches Chromium with our flags; playwright-core loads only when a test first needs a browser. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface WebviewPage {
  page: Page;
  /** Messages the page posted through the stubbed `acquireVsCodeApi().postMessage`, in order. */
  posted: unknown[];
  /** CSP violations (console reports and `securitypolicyviolation` events) and uncaught page errors so far. */
  violations: () => Promise<string[]>;
}

/**
 * Opens `url` in a fresh page as a webview would show it: `acquireVsCodeApi` stubbed to record
 * posts, CSP violations collected; resolves once `waitFor` (a selector) is on the page.
 */
export async function openWebviewPage(browser: Browser, url: string, waitFor: string, viewport?: { width: number; height: number }): Promise<WebviewPage> {
  const page = await browser.newPage(viewport ? { viewport } : {});
  const posted: unknown[] = [];
  const collected: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) collected.push(m.text());
  });
  page.on('pageerror', (e) => collected.push(`page error: ${e.message}`));
  await page.exposeFunction('__post', (m: unknown) => posted.push(m));
  await page.addInitScript(() => {
    const w = window as unknown as { acquireVsCodeApi: () => unknown; __post: (m: unknown) => void; __csp: string[] };
    w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__post(m) });
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  await page.waitForSelector(waitFor);
  const violations = async () => [...collected, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
  return { page, posted, violations };
}

/** Saves a full-page screenshot into `$SSO_LENS_SCREENSHOTS` when that is set (for the README's pictures). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['SSO_LENS_SCREENSHOTS'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage: true });
}
