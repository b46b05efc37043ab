/**
 * The browser step of a test sign-in, in Debian's real Chromium driven by playwright-core: open the
 * IdP URL, fill in the test IdP's login form, submit, and let the IdP's auto-submitting form post
 * the SAMLResponse to the loopback ACS.
 */
import type { Browser } from 'playwright-core';

export interface BrowserSignIn {
  username: string;
  password: string;
  /** Resolves once the page has left the IdP (the ACS answered, or the post failed). */
  done?: (finalUrl: string) => void;
}

/**
 * Returns an `openBrowser` port: each call opens a fresh context (no cookies shared between tests),
 * signs in and leaves the page on whatever the ACS answered. Errors of the browser step surface in
 * `failures` rather than as unhandled rejections: the flow's own outcome is what the test asserts.
 */
export function chromiumSignIn(browser: Browser, who: BrowserSignIn, failures: string[] = []): (url: string) => Promise<boolean> {
  return async (url) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    void (async () => {
      try {
        await page.goto(url);
        await page.fill('#username', who.username);
        await page.fill('#password', who.password);
        // Done once the browser has left the IdP: the ACS answered (or the post failed: an error page).
        const idp = new URL(url).origin;
        await Promise.all([page.waitForURL((u) => u.origin !== idp, { timeout: 60_000 }).catch(() => undefined), page.click('#submit')]);
        who.done?.(page.url());
      } catch (e) {
        failures.push((e as Error).message);
      } finally {
        await context.close().catch(() => undefined);
      }
    })();
    return true;
  };
}
