/**
 * The report's layout in real Chromium (playwright-core), under the webview's CSP, at a narrow and a
 * wide panel: no word is broken inside (every word's line boxes sit on one line), long IDs are
 * shortened with the whole value on hover and copyable, findings are grouped by severity with the
 * fix first, and the mapping diagram is drawn with the right fired and not-fired edges. Pages: the
 * Palette example token mapped through the Palette app, and the sample personas of Palette and Spark.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { analyzeMapping, personaTable, withMapping } from '../../../src/model/mapping';
import { presentPersonas } from '../../../src/present/present-personas';
import { presentReport } from '../../../src/present/present-report';
import { renderReportHtml, type ReportPage } from '../../../src/views/report-html';
import { launchChromium, openWebviewPage, screenshot, type WebviewPage } from '../../builders/chromium-page';
import { reportContext, startReportServer, type ReportServer } from '../../builders/report-server';
import { EXAMPLES, example } from '../model/helpers';

const WIDTHS = [480, 1200];
let server: ReportServer;
let browser: Browser;
const pages = new Map<string, ReportPage>();

before(async () => {
  // The example token through its app, as "Test with a Token…" shows it (the token is from 2026-11; the clock is fixed).
  const token = readFileSync(join(EXAMPLES, 'tokens', 'palette-admin-id-token.jwt'));
  const inspected = await inspectArtifact(token, defaultInspectOptions({ now: new Date('2026-11-22T06:00:00Z') }));
  assert.ok(inspected.ok);
  const mapped = analyzeMapping(inspected.value, example('palette'), 'palette');
  assert.ok(mapped.ok);
  const report = withMapping(inspected.value, mapped.value);
  pages.set('/token', { title: 'JSON Web Token', subtitle: 'examples/tokens/palette-admin-id-token.jwt → palette', sections: presentReport(report), actions: [{ action: 'verify', label: 'Verify Signature…' }] });
  pages.set('/palette-personas', { title: 'Sample personas', subtitle: 'palette.sso.json', sections: presentPersonas(personaTable(example('palette'))), actions: [] });
  pages.set('/spark-personas', { title: 'Sample personas', subtitle: 'spark-keycloak.sso.json', sections: presentPersonas(personaTable(example('spark-keycloak'))), actions: [] });
  server = await startReportServer((path, origin) => {
    const page = pages.get(path);
    return page && renderReportHtml(page, reportContext(origin, 'bGF5b3V0bm9uY2U='));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page at a width, with the webview API stubbed and CSP violations collected. */
function open(path: string, width: number): Promise<WebviewPage> {
  return openWebviewPage(browser, `${server.origin}${path}`, 'main', { width, height: 900 });
}

/** Every word (a run of letters and digits) whose line boxes lie on more than one line, with its text around it. */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (node.parentElement?.closest('script, title, svg')) continue;
      for (const m of text.matchAll(/[A-Za-z0-9]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index ?? 0);
        range.setEnd(node, (m.index ?? 0) + m[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        if (rects.length < 2) continue;
        const tops = rects.map((r) => r.top);
        const height = Math.min(...rects.map((r) => r.height));
        if (Math.max(...tops) - Math.min(...tops) > height / 2) broken.push(`${m[0]} in "${text.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + m[0].length + 20)}"`);
      }
    }
    return broken;
  });
}

for (const width of WIDTHS) {
  describe(`the report at ${width} px`, () => {
    test('the mapped token: no word broken, IDs shortened and whole on hover, findings by severity with the fix first, the diagram drawn', async () => {
      const { page, violations } = await open('/token', width);
      assert.deepEqual(await brokenWords(page), [], 'no word is broken inside');
      // The teams are GUIDs named after their groups; the GUID itself is shortened, whole in the DOM and on hover.
      const teams = page.locator('section#mapped-through-palette tr', { hasText: 'Teams' }).first();
      assert.match(await teams.innerText(), /palette_tenant_admins/);
      const id = teams.locator('.id').first();
      const full = await id.textContent();
      assert.match(full ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(await id.getAttribute('title'), full, 'the whole value on hover');
      assert.ok(await id.evaluate((e) => e.scrollWidth > e.clientWidth), 'shown shortened');
      await id.click();
      assert.equal(await page.evaluate(() => window.getSelection()?.toString()), full, 'a click selects the whole value for copying');
      assert.ok(await id.evaluate((e) => e.classList.contains('expanded') && e.scrollWidth <= e.clientWidth + 1), 'and shows all of it');
      // Findings: errors before warnings before information; the fix first where the message names one.
      const groups = await page.locator('section#findings .findings-group h3').allInnerTexts();
      const order = groups.map((g) => g.replace(/ \(\d+\)$/, ''));
      assert.ok(order.length > 0);
      assert.deepEqual(order, ['Errors', 'Warnings', 'Information'].filter((g) => order.includes(g)));
      for (const item of await page.locator('li.finding').all()) {
        const first = await item.locator('p').first().getAttribute('class');
        if ((await item.locator('p.fix').count()) > 0) assert.equal(first, 'fix', 'the fix comes first');
      }
      // The diagram: the groups claim fed two teams, the name claims (Okta-only) were never sent.
      const svg = page.locator('section#mapped-through-palette figure.mapping svg.mapping-diagram');
      assert.equal(await svg.count(), 1);
      const fired = await svg.locator('g.md-edge[data-from="claim:groups"][data-fired="true"]').count();
      const notFired = await svg.locator('g.md-edge[data-from="claim:groups"][data-fired="false"]').count();
      assert.equal(fired + notFired, 4, 'one edge from groups to each team rule');
      assert.ok(fired >= 1);
      assert.equal(await svg.locator('g.md-node[data-node="claim:u_first_name"]').getAttribute('data-state'), 'absent');
      assert.deepEqual(await violations(), [], 'no CSP violation');
      await screenshot(page, `report-mapped-token-${width}.png`);
      await page.close();
    });

    test('Palette personas: the Tenant Admin diagram shows which team edges fired, dashed where not, the reason on hover', async () => {
      const { page, violations } = await open('/palette-personas', width);
      const details = page.locator('details.mapping', { hasText: 'Tenant Admin:' });
      await details.locator('summary').click();
      const svg = details.locator('svg.mapping-diagram');
      await svg.waitFor();
      const label = (sel: string) => svg.locator(sel).evaluateAll((gs) => gs.map((g) => g.querySelector('text')?.textContent ?? ''));
      assert.deepEqual(await label('g.md-node.md-output.landed'), ['✓ team palette_tenant_admins', '✓ team k8s_cluster-editor']);
      const edges = await svg.locator('g.md-edge[data-from="claim:groups"]').evaluateAll((gs) =>
        gs.map((g) => {
          const to = g.getAttribute('data-to') ?? '';
          const rule = g.closest('svg')?.querySelector(`g.md-node[data-node="${to}"] text`)?.textContent ?? to;
          const line = g.querySelector('path.md-line');
          return { rule, fired: g.getAttribute('data-fired') === 'true', dashed: line ? getComputedStyle(line).strokeDasharray !== 'none' : false, marker: line?.getAttribute('marker-end') ?? '', why: g.querySelector('title')?.textContent ?? '' };
        }),
      );
      assert.deepEqual(
        edges.map((e) => [e.rule, e.fired, e.dashed, e.marker]),
        [
          ['✓ team palette_tenant_admins', true, false, 'url(#md-arrow)'],
          // A name too long for its box is cut; the whole of it is in the box's hover text.
          ['✗ team palette_default_projec…', false, true, 'url(#md-cross)'],
          ['✗ team k8s_cluster_admins', false, true, 'url(#md-cross)'],
          ['✓ team k8s_cluster-editor', true, false, 'url(#md-arrow)'],
        ],
      );
      assert.match(await details.locator('g.md-node[data-node="rule:4"] > title').textContent() ?? '', /^team palette_default_project_admins \(88f61c49-1dd1-40c3-a820-68a513a38725\)/);
      assert.match(edges[1]?.why ?? '', /^did not fire: "88f61c49-1dd1-40c3-a820-68a513a38725" \(palette_default_project_admins\) is not among the values sent/, 'the reason on hover: the value as sent, in quotes, with the group name after it');
      assert.deepEqual(await brokenWords(page), [], 'no word is broken inside');
      assert.deepEqual(await violations(), [], 'no CSP violation');
      await screenshot(page, `report-palette-personas-${width}.png`);
      await page.close();
    });

    test('Spark personas: the broker hop between the attributes and the teams, no word broken', async () => {
      const { page, violations } = await open('/spark-personas', width);
      const details = page.locator('details.mapping', { hasText: 'analyst' });
      await details.locator('summary').click();
      const svg = details.locator('svg.mapping-diagram');
      await svg.waitFor();
      const headings = await svg.locator('g.md-column text').allTextContents();
      assert.equal(headings.length, 5, 'attributes, Keycloak mappers, Keycloak user, Spark, result');
      assert.equal(await svg.locator('g.md-edge[data-from="out:0:keycloak-group:user:teamA"][data-fired="true"]').count(), 1, 'the Keycloak group feeds the Spark team');
      assert.equal(await svg.locator('g.md-edge[data-from="out:0:keycloak-group:tenant-admin"][data-fired="false"]').count(), 1);
      assert.deepEqual(await brokenWords(page), [], 'no word is broken inside');
      assert.deepEqual(await violations(), [], 'no CSP violation');
      await screenshot(page, `report-spark-personas-${width}.png`);
      await page.close();
    });
  });
}
