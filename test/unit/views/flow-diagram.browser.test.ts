/**
 * The flow picture in real Chromium, under the report webview's CSP: a HAR recorded from the real
 * oidc-provider (a successful sign-in, then a silent one answered with an error redirect), read by
 * the capture decoder into the contract's `kind: "flow"` report, drawn as lanes and arrows; the failing step red; markup in
 * URLs shown as text; a click posts the step to open.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { InspectReport } from '../../../src/decoders/result';
import { flowDiagramOf, renderFlowSvg, type FlowDiagram } from '../../../src/present/flow-diagram';
import { renderReportHtml } from '../../../src/views/report-html';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { launchChromium, openWebviewPage, screenshot, type WebviewPage } from '../../builders/chromium-page';
import { recordOidcSuccessThenError } from '../../builders/record-browser-har';
import { reportContext, startReportServer, type ReportServer } from '../../builders/report-server';

const HOSTILE_STATE = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
let server: ReportServer;
let browser: Browser;
type FlowItem = InspectReport & { step: { index: number; role: string; flow: number; url: string } };
let flow: Omit<InspectReport, 'items'> & { items: FlowItem[] };
let diagram: FlowDiagram;
let recorded: { issuer: string; redirectUri: string };

before(async () => {
  browser = await launchChromium();
  const capture = await recordOidcSuccessThenError(browser, HOSTILE_STATE);
  recorded = capture;
  const read = await inspectArtifact(Buffer.from(capture.har), defaultInspectOptions());
  assert.ok(read.ok && read.value.kind === 'flow', 'the recorded HAR reads as a flow');
  flow = structuredClone(read.value) as Omit<InspectReport, 'items'> & { items: FlowItem[] };
  // A hostile capture (a HAR is only JSON) may carry markup where a URL belongs, unencoded.
  flow.items.push({ ...structuredClone(flow.items[0]!), step: { ...flow.items[0]!.step, index: flow.items.length + 1, role: 'other', url: 'https://evil.example/<img src=x onerror="window.__pwned=3">' } });
  flow.items.push({ ...structuredClone(flow.items[0]!), step: { ...flow.items[0]!.step, index: flow.items.length + 1, role: 'other', url: '<svg onload="window.__pwned=4">' } });
  const d = flowDiagramOf(flow);
  assert.ok(d);
  diagram = d;
  const page = { title: 'Sign-in flow', subtitle: 'recorded', sections: [{ title: 'Findings', rows: [{ label: 'error oidc.error', value: 'login_required' }] }], actions: [], flow: diagram };
  server = await startReportServer((path, origin) => (path === '/report' ? renderReportHtml(page, reportContext(origin, 'dGVzdG5vbmNl')) : undefined));
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await server?.close();
});

function openReport(): Promise<WebviewPage> {
  return openWebviewPage(browser, `${server.origin}/report`, 'svg.flow-diagram');
}

test('the recorded flow has the contract shape: two attempts, the second ending in an error redirect', () => {
  const roles = flow.items.slice(0, -2).map((i) => i.step.role);
  assert.deepEqual(roles.filter((r) => r !== 'other'), ['authorize', 'callback', 'authorize', 'error-redirect']);
  assert.deepEqual([...new Set(flow.items.slice(0, -2).map((i) => i.step.flow))], [1, 2]);
  const lanes = diagram.lanes.map((l) => l.label);
  assert.equal(lanes[0], 'Browser');
  assert.ok(lanes.includes(`SP · ${new URL(recorded.redirectUri).host}`), lanes.join(' | '));
  assert.ok(lanes.includes(`IdP · ${new URL(recorded.issuer).host}`), lanes.join(' | '));
});

test('rendered in Chromium: lanes and arrows, the failing step red, markup shown as text, no CSP violation', async () => {
  const { page, violations } = await openReport();
  assert.equal(await page.locator('svg.flow-diagram .flow-lane').count(), diagram.lanes.length);
  assert.equal(await page.locator('svg.flow-diagram .flow-step line.flow-arrow').count(), flow.items.length);
  const failing = diagram.steps.find((s) => s.role === 'error-redirect');
  assert.ok(failing);
  const failingGroup = page.locator(`svg.flow-diagram .flow-step[data-step="${failing.index}"]`);
  assert.equal(await failingGroup.getAttribute('class'), 'flow-step failing');
  assert.equal(await failingGroup.locator('line').evaluate((el) => getComputedStyle(el).stroke), 'rgb(229, 20, 0)');
  const ok = page.locator(`svg.flow-diagram .flow-step[data-step="1"] line`);
  assert.notEqual(await ok.evaluate((el) => getComputedStyle(el).stroke), 'rgb(229, 20, 0)', 'a step that worked is not red');
  // The failing arrow goes to the SP's lane (the redirect target), from the browser's.
  const spLane = diagram.lanes.findIndex((l) => l.label === `SP · ${new URL(recorded.redirectUri).host}`);
  assert.equal(failing.lane, spLane);
  // Hostile values: nothing ran, no element was made from them, the text is shown literally.
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('script').count(), 1, 'only the report script (with the nonce)');
  assert.equal(await page.locator('svg svg').count(), 0);
  const titles = await page.locator('svg.flow-diagram title').allTextContents();
  assert.ok(titles.some((t) => t.includes('https://evil.example/<img src=x onerror="window.__pwned=3">')), 'a URL with markup is shown as text');
  assert.ok(titles.some((t) => t.includes('<svg onload="window.__pwned=4">')));
  assert.deepEqual(await violations(), []);
  await screenshot(page, 'flow-diagram.png');
  await page.close();
});

test('clicking a step (or Enter on it) posts that step to the extension', async () => {
  const { page, posted, violations } = await openReport();
  const failing = diagram.steps.find((s) => s.role === 'error-redirect');
  assert.ok(failing);
  await page.locator(`svg.flow-diagram .flow-step[data-step="${failing.index}"] line.flow-arrow`).click({ force: true });
  await page.locator('svg.flow-diagram .flow-step[data-step="2"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => true);
  await page.waitForTimeout(100);
  assert.deepEqual(posted, [{ action: 'openStep', step: failing.index }, { action: 'openStep', step: 2 }]);
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('every value in the SVG is escaped, even where the browser is not involved', () => {
  const svg = renderFlowSvg({ lanes: [{ kind: 'browser', host: '', label: 'Browser' }, { kind: 'idp', host: '<b>', label: 'IdP · <b>&"\'' }], steps: [{ index: 1, time: '<t>', method: '<m>', url: '<u>', status: 400, role: 'other', flow: 1, lane: 1, failed: true, reason: '<r>' }] });
  assert.ok(!/<(b|t|m|u|r)>/.test(svg), svg);
  assert.ok(svg.includes('IdP · &lt;b&gt;&amp;&quot;&#39;'));
});
