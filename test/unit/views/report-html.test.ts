import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, renderReportHtml } from '../../../src/views/report-html';

const ctx = { nonce: 'n0nce', cspSource: 'vscode-resource:', styleUri: 'style.css', scriptUri: 'report.js' };

test('escapeHtml neutralises every character that could open markup or an attribute', () => {
  assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
});

test('claim values from the token never appear as markup in the report', () => {
  const html = renderReportHtml(
    {
      title: 'JSON Web Token',
      subtitle: 'selection',
      sections: [{ title: 'Claims', rows: [{ label: '<b>name</b>', value: '<script>alert(1)</script>', note: '"><svg onload=alert(2)>' }] }],
      actions: [],
    },
    ctx,
  );
  assert.ok(!html.includes('<script>alert(1)</script>'));
  assert.ok(!html.includes('<svg onload'));
  // Long tokens carry break points (<wbr>) after their punctuation; the text itself is unchanged.
  assert.ok(html.replaceAll('<wbr>', '').includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!html.includes('<b>name</b>'));
});

test('the report page has a strict CSP: no inline script, nothing remote, scripts only with the nonce', () => {
  const html = renderReportHtml({ title: 't', subtitle: 's', sections: [], actions: [{ action: 'verify', label: 'Verify Signature…' }] }, ctx);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-n0nce'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  assert.equal((html.match(/<script /g) ?? []).length, 1, 'one script tag, the nonce-bearing one');
  assert.match(html, /<script nonce="n0nce" src="report.js">/);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
});

test('the raw document (pretty XML) is rendered beside the summary, escaped', () => {
  const html = renderReportHtml(
    {
      title: 'SAML Response',
      subtitle: 's',
      sections: [
        { title: 'Message', rows: [{ label: 'Issuer', value: 'https://sts.windows.net/t/' }] },
        { title: 'XML', rows: [], code: { language: 'xml', text: '<samlp:Response ID="_1"/>' } },
      ],
      actions: [],
    },
    ctx,
  );
  const summary = /<div class="summary">([\s\S]*?)<\/div><aside class="raw">/.exec(html)?.[1] ?? '';
  const raw = /<aside class="raw">([\s\S]*?)<\/aside>/.exec(html)?.[1] ?? '';
  assert.match(summary.replaceAll('<wbr>', ''), /https:\/\/sts\.windows\.net\/t\//);
  assert.doesNotMatch(summary, /samlp:Response/);
  assert.match(raw, /&lt;samlp:Response ID=&quot;_1&quot;\/&gt;/);
  // A report with only a raw section keeps one column.
  const single = renderReportHtml({ title: 't', subtitle: 's', sections: [{ title: 'Decoded', rows: [], code: { language: 'json', text: '{}' } }], actions: [] }, ctx);
  assert.doesNotMatch(single, /class="split"/);
});
