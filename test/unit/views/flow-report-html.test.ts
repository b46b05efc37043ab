/** A flow in the report view: a timeline row per step with an "Open step" button, the failing row marked, all escaped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectArtifact } from '../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../src/decoders/inspect-options';
import { presentReport } from '../../../src/present/present-report';
import { pageActions, renderReportHtml } from '../../../src/views/report-html';
import { readCapture } from '../../builders/capture-fixtures';

const ctx = { nonce: 'n0nce', cspSource: 'vscode-resource:', styleUri: 'style.css', scriptUri: 'report.js' };

test('a recorded failed sign-in renders as a timeline whose failing row is marked and opens its step', async () => {
  const r = await inspectArtifact(Buffer.from(readCapture('oidc-access-denied.har')), defaultInspectOptions());
  assert.ok(r.ok);
  const page = { title: 'Sign-in flow', subtitle: 'capture', sections: presentReport(r.value), actions: [] };
  const html = renderReportHtml(page, ctx);
  assert.match(html, /<h2>Sign-in attempts<\/h2>[\s\S]*failed at step 5/);
  const rows = [...html.matchAll(/<tr class="([^"]*)"><th scope="row">([^<]*)<\/th>[\s\S]*?<\/tr>/g)].filter((m) => /^[✗ ]?\s*\d+\. /.test(m[2] ?? ''));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((m) => m[1]), ['', '', '', '', 'tone-bad']);
  assert.match(rows[4]?.[0] ?? '', /POST error-redirect 401[\s\S]*oidc\.error access_denied[\s\S]*<button type="button" class="row-action" data-action="step:5">Open step<\/button>/);
  // Only what the page offers may come back from the webview.
  assert.deepEqual(pageActions(page), ['step:1', 'step:2', 'step:3', 'step:4', 'step:5']);
  assert.ok(!/ on\w+=/.test(html), 'no inline handlers');
});

test('row actions are escaped like everything else', () => {
  const html = renderReportHtml({ title: 't', subtitle: 's', sections: [{ title: 'Timeline', rows: [{ label: 'x', value: 'y', action: { id: '"><script>', label: '<b>' } }] }], actions: [] }, ctx);
  assert.ok(html.includes('data-action="&quot;&gt;&lt;script&gt;">&lt;b&gt;</button>'));
});
