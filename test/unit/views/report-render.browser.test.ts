/**
 * Renders a real report for a hostile token in Debian's chromium (playwright-core) with the same
 * CSP the webview uses, and checks what a person would see: claim text shown literally, no
 * injected script running, and the buttons posting their action.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { presentReport } from '../../../src/present/present-report';
import { renderReportHtml } from '../../../src/views/report-html';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const root = join(__dirname, '..', '..', '..', '..');
let server: Server;
let port = 0;
let browser: Browser;
let html = '';

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

before(async () => {
  const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: 'https://idp.example/', name: '<img src=x onerror="window.__pwned=1">', nickname: '<script>window.__pwned=2</script>', exp: 4102444800 })}.c2ln`;
  const result = await inspectArtifact(Buffer.from(token), defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') }));
  assert.ok(result.ok);
  server = createServer((req, res) => {
    if (req.url === '/report') {
      res.setHeader('content-type', 'text/html');
      res.end(html);
      return;
    }
    const file = req.url === '/report.js' ? 'report.js' : req.url === '/report.css' ? 'report.css' : undefined;
    if (!file) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/css');
    res.end(readFileSync(join(root, 'media', 'report', file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  html = renderReportHtml(
    { title: 'JSON Web Token', subtitle: 'test', sections: presentReport(result.value), actions: [{ action: 'verify', label: 'Verify Signature…' }] },
    { nonce: 'dGVzdG5vbmNl', cspSource: `http://127.0.0.1:${port}`, styleUri: `http://127.0.0.1:${port}/report.css`, scriptUri: `http://127.0.0.1:${port}/report.js` },
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

test('chromium is available for rendered tests', () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: run scripts/ensure-test-env.mjs`);
});

test('a hostile token renders as text in a real browser and its markup never runs', async () => {
  const page = await browser.newPage();
  const posted: unknown[] = [];
  await page.exposeFunction('__post', (m: unknown) => posted.push(m));
  await page.addInitScript(() => {
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage: (m: unknown) => (window as unknown as { __post: (m: unknown) => void }).__post(m) });
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${port}/report`);
  await page.waitForSelector('section#claims table');
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
  if (process.env['SSO_LENS_SCREENSHOTS']) {
    mkdirSync(process.env['SSO_LENS_SCREENSHOTS'], { recursive: true });
    await page.screenshot({ path: join(process.env['SSO_LENS_SCREENSHOTS'], 'report-hostile-token.png'), fullPage: true });
  }
  await page.close();
});
