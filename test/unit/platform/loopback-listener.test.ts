/**
 * The loopback listener that takes the browser's redirect after a sign-in: one request, on
 * 127.0.0.1 only, and every way a wait can end leaves nothing listening.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { listenOnLoopback } from '../../../src/platform/loopback-listener';

function send(url: string, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

describe('listenOnLoopback', () => {
  test('takes the OIDC redirect with its query, answers the browser, then stops listening', async () => {
    const listener = await listenOnLoopback({ path: '/', timeoutMs: 10_000 });
    assert.match(listener.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const browser = await send(`${listener.redirectUri}?code=abc&state=xyz`);
    assert.equal(browser.status, 200);
    assert.match(browser.text, /close this tab/);
    assert.doesNotMatch(browser.text, /abc/, 'the page must not echo the authorization code');
    const outcome = await listener.outcome;
    assert.equal(outcome.kind, 'received');
    assert.deepEqual(outcome.kind === 'received' && outcome.request.params, { code: 'abc', state: 'xyz' });
    assert.ok(await portIsClosed(listener.port));
  });

  test('takes a SAML response posted to the ACS path as form fields', async () => {
    const listener = await listenOnLoopback({ path: '/acs', methods: ['POST'], timeoutMs: 10_000 });
    const favicon = await send(`http://127.0.0.1:${listener.port}/favicon.ico`);
    assert.equal(favicon.status, 404, 'other paths are not the answer and do not end the wait');
    const get = await send(listener.redirectUri);
    assert.equal(get.status, 404, 'a GET to a POST-only ACS is not taken');
    await send(listener.redirectUri, 'POST', 'SAMLResponse=PHNhbWw%2B&RelayState=r1');
    const outcome = await listener.outcome;
    assert.equal(outcome.kind, 'received');
    if (outcome.kind === 'received') {
      assert.equal(outcome.request.method, 'POST');
      assert.equal(outcome.request.params.SAMLResponse, 'PHNhbWw+');
      assert.equal(outcome.request.params.RelayState, 'r1');
    }
  });

  test('a wait with nobody answering ends as a timeout with the port closed', async () => {
    const listener = await listenOnLoopback({ path: '/', timeoutMs: 150 });
    const outcome = await listener.outcome;
    assert.deepEqual(outcome, { kind: 'timeout', afterMs: 150 });
    assert.ok(await portIsClosed(listener.port));
  });

  test('cancelling (the Cancel button, Ctrl+C) ends the wait with the port closed', async () => {
    const abort = new AbortController();
    const listener = await listenOnLoopback({ path: '/', timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    assert.deepEqual(await listener.outcome, { kind: 'cancelled' });
    assert.ok(await portIsClosed(listener.port));
  });

  test('an oversized POST ends the wait as failed instead of buffering it', async () => {
    const listener = await listenOnLoopback({ path: '/acs', timeoutMs: 10_000, maxBodyBytes: 1024 });
    await send(listener.redirectUri, 'POST', `SAMLResponse=${'A'.repeat(10_000)}`).catch(() => undefined);
    const outcome = await listener.outcome;
    assert.equal(outcome.kind, 'failed');
  });

  test('can name localhost in the redirect URI while binding 127.0.0.1 only', async () => {
    const listener = await listenOnLoopback({ path: '/', timeoutMs: 10_000, redirectHost: 'localhost' });
    assert.match(listener.redirectUri, /^http:\/\/localhost:\d+\/$/);
    listener.close();
    assert.deepEqual(await listener.outcome, { kind: 'cancelled' });
  });
});
