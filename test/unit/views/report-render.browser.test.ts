/**
 * Renders a real report for a hostile token in Debian's chromium (playwright-core) with the same
 * CSP the webview uses, and checks what a person would see: claim text shown literally, no
 * injected script running, and the buttons posting their action.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { presentReport } from '../../../src/present/present-report';
import { renderReportHtml } from '../../../src/views/report-html';
import { CHROMIUM, launchChromium, openWebviewPage, screenshot } from '../../builders/chromium-page';
import { reportContext, startReportServer, type ReportServer } from '../../builders/report-server';

let server: ReportServer;
let browser: Browser;

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

before(async () => {
  const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: 'https://idp.example/', name: '<img src=x onerror="window.__pwned=1">', nickname: '<script>window.__pwned=2</script>', exp: 4102444800 })}.c2ln`;
  const result = await inspectArtifact(Buffer.from(token), defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') }));
  assert.ok(result.ok);
  const page = { title: 'JSON Web Token', subtitle: 'test', sections: presentReport(result.value), actions: [{ action: 'verify', label: 'Verify Signature…' }] };
  server = await startReportServer((path, origin) => (path === '/report' ? renderReportHtml(page, reportContext(origin, 'dGVzdG5vbmNl')) : undefined));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('chromium is available for rendered tests', () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run scripts/ensure-test-env.mjs`);
});

test('a hostile token renders as text in a real browser and its markup never runs', async () => {
  const { page, posted, violations } = await openWebviewPage(browser, `${server.origin}/report`, 'section#claims table');
  const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
  assert.equal(pwned, undefined, 'no script from the token ran');
  assert.equal(await page.locator('img').count(), 0, 'no element was created from a claim');
  const claimsText = await page.locator('section#claims').innerText();
  assert.ok(claimsText.includes('<img src=x onerror="window.__pwned=1">'), 'the claim is shown literally');
  assert.ok(claimsText.includes('<script>window.__pwned=2</script>'));
  const findings = await page.locator('section#findings').innerText();
  assert.match(findings, /claims\.html-in-value/);
  await page.getByRole('button', { name: 'Verify Signature…' }).click();
  await page.waitForTimeout(100);
  assert.deepEqual(posted, [{ action: 'verify' }], 'the button posts its action (script allowed by nonce)');
  assert.deepEqual(await violations(), [], 'no CSP violation');
  await screenshot(page, 'report-hostile-token.png');
  await page.close();
});
