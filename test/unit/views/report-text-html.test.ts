/**
 * Report text as HTML: IDs shortened but whole in the DOM and on hover, break points only between
 * the parts of long tokens, findings by severity with the fix first.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { finding } from '../../../src/decoders/result';
import { splitFix } from '../../../src/present/finding-fix';
import { findingsSection } from '../../../src/present/sections';
import { findingsHtml, textHtml } from '../../../src/views/report-text-html';

describe('textHtml', () => {
  test('a GUID is a shortened, focusable span with the whole value as its text and hover', () => {
    const html = textHtml('team palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba)');
    assert.equal(html, 'team palette_tenant_admins (<span class="id" title="e3ac07cc-bd12-4edc-92a4-983d783153ba" tabindex="0" role="button" aria-label="e3ac07cc-bd12-4edc-92a4-983d783153ba (copy)">e3ac07cc-bd12-4edc-92a4-983d783153ba</span>)');
  });

  test('a thumbprint or base64 run is an ID too; ordinary words are not', () => {
    assert.match(textHtml('sha1 0A1B2C3D4E5F60718293A4B5C6D7E8F901234567'), /<span class="id" title="0A1B2C3D4E5F60718293A4B5C6D7E8F901234567"/);
    assert.doesNotMatch(textHtml('the signature is intact'), /class="id"/);
  });

  test('URLs may wrap after a slash or dot, never inside a word or inside "https://"', () => {
    assert.equal(textHtml('https://login.microsoftonline.com/common/v2.0'), 'https://<wbr>login.<wbr>microsoftonline.<wbr>com/<wbr>common/<wbr>v2.<wbr>0');
    assert.equal(textHtml('short/one'), 'short/one');
    // A GUID inside a URL stays part of it.
    assert.equal(textHtml('https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/'), 'https://<wbr>sts.<wbr>windows.<wbr>net/<wbr>0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/');
  });

  test('markup is escaped, IDs and all', () => {
    const html = textHtml('<img src=x onerror="alert(1)"> AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"><script>');
    assert.doesNotMatch(html, /<img|<script/);
    assert.match(html, /&lt;img/);
  });
});

describe('findings', () => {
  test('the remedy at the end of a message comes first', () => {
    assert.deepEqual(splitFix('the metadata of x was valid until 2026-01-01 (3 d ago); SPs that honour validUntil reject it — download a fresh copy'), {
      problem: 'the metadata of x was valid until 2026-01-01 (3 d ago); SPs that honour validUntil reject it',
      fix: 'Download a fresh copy',
    });
    assert.deepEqual(splitFix('the request asks for NameID format email. Entra honours it. Align the SP\'s NameID policy with the app'), { problem: 'the request asks for NameID format email. Entra honours it.', fix: 'Align the SP\'s NameID policy with the app' });
    assert.deepEqual(splitFix('the signature does not verify; if the issuer rolled its signing keys, fetch the current JWKS'), { problem: 'the signature does not verify', fix: 'If the issuer rolled its signing keys, fetch the current JWKS' });
    assert.deepEqual(splitFix('sign-in refused: SSO is disabled for all users'), { problem: 'sign-in refused: SSO is disabled for all users' });
    assert.deepEqual(splitFix('the token expired 3 h ago (exp 2026-01-01T00:00:00Z)'), { problem: 'the token expired 3 h ago (exp 2026-01-01T00:00:00Z)' });
  });

  test('grouped by severity, errors first, each with its fix first and its id', () => {
    const section = findingsSection({
      kind: 'jwt',
      signature: { status: 'not-checked' },
      findings: [finding('claims.groups-overage', 'warning', 'the groups claim was replaced by a link; use app roles instead'), finding('jwt.expired', 'error', 'the token expired 3 h ago'), finding('mapping.unmatched-group', 'info', 'groups carries a value no team uses')],
    } as never);
    const html = findingsHtml(section.rows);
    const headings = [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    assert.deepEqual(headings, ['Errors (1)', 'Warnings (1)', 'Information (1)']);
    assert.match(html, /<li class="finding tone-warn"><p class="fix"><span class="fix-label">Fix:<\/span> Use app roles instead<\/p><p class="problem">the groups claim was replaced by a link<\/p><p class="finding-id"><code>claims\.groups-overage<\/code><\/p><\/li>/);
  });
});
