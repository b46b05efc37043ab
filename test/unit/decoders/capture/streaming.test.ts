/**
 * Large captures are read entry by entry (json-elements.ts), and the key fetches for one capture's
 * tokens share one budget and run concurrently (key-budget.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlowData } from '../../../../src/decoders/capture';
import { BudgetedKeySource } from '../../../../src/decoders/capture/key-budget';
import { scanJsonArray } from '../../../../src/decoders/capture/json-elements';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import type { IssuerKeys, KeySource } from '../../../../src/decoders/oidc/key-source';
import type { Result } from '../../../../src/decoders/result';
import { readCapture } from '../../../builders/capture-fixtures';
import { inspectToReport } from '../../../builders/fixtures';

describe('reading a capture entry by entry', () => {
  test('a long session (thousands of requests, megabytes of scripts) around one sign-in still yields that flow', async () => {
    const signIn = JSON.parse(readCapture('oidc-access-denied.har')) as { log: { entries: unknown[] } };
    const script = 'x'.repeat(4096);
    const filler = Array.from({ length: 1500 }, (_, i) => ({
      startedDateTime: new Date(Date.UTC(2026, 10, 22, 5, 0, 0, i)).toISOString(),
      time: 3,
      _resourceType: 'script',
      request: { method: 'GET', url: `https://cdn.example/app-${i}.js`, headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', headers: [], cookies: [], content: { size: script.length, mimeType: 'application/javascript', text: script }, redirectURL: '', headersSize: -1, bodySize: -1 },
    }));
    const har = JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [...filler.slice(0, 700), ...signIn.log.entries, ...filler.slice(700)] } });
    assert.ok(har.length > 6_000_000);
    const report = await inspectToReport(har, defaultInspectOptions());
    assert.equal(report.kind, 'flow');
    const data = report.data as FlowData;
    assert.equal(data.entries, 1500 + signIn.log.entries.length);
    assert.equal(data.flows.length, 1);
    assert.ok((report.items ?? []).every((s) => !JSON.stringify((s as { step?: unknown }).step).includes('cdn.example')), 'scripts are not steps');
  });

  test('the scanner finds the array by its key path, not by text that looks like it, and visits one element at a time', () => {
    const doc = JSON.stringify({ note: '"log": {"entries": [1]}', log: { pages: [{ entries: ['not these'] }], 'we\\"ird': 'a\\"b', entries: [{ a: 1 }, { b: '}]' }, 7, { c: [[{}]] }] } });
    const seen: unknown[] = [];
    const out = scanJsonArray(Buffer.from(doc), ['log', 'entries'], (e) => {
      seen.push(e);
      return 'continue';
    });
    assert.deepEqual(seen, [{ a: 1 }, { b: '}]' }, undefined, { c: [[{}]] }]);
    assert.equal(out.count, 4);
    assert.equal(out.problem, undefined);
    let visits = 0;
    scanJsonArray(Buffer.from(doc), ['log', 'entries'], () => (++visits === 2 ? 'stop' : 'continue'));
    assert.equal(visits, 2, 'stop ends the scan');
  });

  test('strings full of escaped quotes and backslashes (JSON bodies of any length) are read as JSON.parse reads them', () => {
    // Escape runs placed so that they straddle the scanner's 4 KB and 64 KB windows.
    const bodies = [
      JSON.stringify({ value: Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `item "${i}"` })) }),
      `${'a'.repeat(4094)}\\"}]${'\\'.repeat(9)}"${'b'.repeat(70_000)}\\\\`,
      `\\${'"'.repeat(5000)}\\`,
      '\\',
    ];
    for (const body of bodies) {
      for (const pad of [0, 1, 2, 3, 4093]) {
        const entries = [{ n: 'x'.repeat(pad), text: body, after: '"' }, { text: `${body}"`, ok: true }, 5];
        const doc = JSON.stringify({ log: { entries } });
        const seen: unknown[] = [];
        const out = scanJsonArray(Buffer.from(doc), ['log', 'entries'], (e) => (seen.push(e), 'continue'));
        assert.equal(out.problem, undefined);
        assert.deepEqual(seen, [entries[0], entries[1], undefined]);
      }
    }
    // An unterminated string holding escaped quotes ends the scan, as any unterminated string does.
    const cut = JSON.stringify({ log: { entries: [{ text: bodies[0] }] } }).slice(0, 50_000);
    assert.match(scanJsonArray(Buffer.from(cut), ['log', 'entries'], () => 'continue').problem ?? '', /unterminated/);
    assert.match(scanJsonArray(Buffer.from('{"log":{"entries":[{"a":"\\"\\'), ['log', 'entries'], () => 'continue').problem ?? '', /unterminated/);
  });

  test('hostile documents end the scan with a reason, never an exception', () => {
    const cases = ['{"log":{"entries":[{"a":"unterminated', `{"log":{"entries":[${'['.repeat(10_000)}`, '{"log":{"entries":[{}', '"just a string"', '', '{"log":{"entries":[{"a":1},'];
    for (const c of cases) {
      const out = scanJsonArray(Buffer.from(c), ['log', 'entries'], () => 'continue');
      assert.ok(out.count >= 0);
    }
    assert.match(scanJsonArray(Buffer.from(cases[0] ?? ''), ['log', 'entries'], () => 'continue').problem ?? '', /unterminated/);
  });
});

/** An issuer that never answers (a firewall dropping packets): the fetch hangs until given up. */
class SilentIssuers implements KeySource {
  calls: string[] = [];
  pendingAtOnce = 0;
  private pending = 0;
  keysForIssuer(issuer: string): Promise<Result<IssuerKeys>> {
    this.calls.push(issuer);
    this.pending++;
    this.pendingAtOnce = Math.max(this.pendingAtOnce, this.pending);
    return new Promise(() => undefined);
  }
}

describe('key fetches for one capture', () => {
  test('ten unresponsive issuers are asked at once, each once, and all give up together when the budget is spent', async () => {
    const inner = new SilentIssuers();
    const source = new BudgetedKeySource(inner, 50);
    const issuers = Array.from({ length: 10 }, (_, i) => `https://issuer-${i}.example`);
    const results = await Promise.all([...issuers, ...issuers].map((iss) => source.keysForIssuer(iss, {})));
    assert.equal(inner.calls.length, 10, 'each issuer once, however many tokens name it');
    assert.equal(inner.pendingAtOnce, 10, 'all fetches were under way together');
    for (const r of results) {
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.id, 'jwt.keys-fetch-failed');
        assert.match(r.error.message, /key-fetch budget/);
      }
    }
    // Once the budget is spent, further issuers are not even asked.
    const late = await source.keysForIssuer('https://late.example', {});
    assert.equal(late.ok, false);
    assert.equal(inner.calls.length, 10);
  });
});
