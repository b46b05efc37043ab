/**
 * MSAL's network port over node:https: bounded (time, size), https only, cancellable, and the two
 * device-flow bridges to RFC 8628 providers, against a real https server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MsalNetworkClient, NetworkClientError } from '../../../src/platform/msal-network-client';
import { startHttpsServer, type TestHttpsServer } from '../../builders/https-server';

let server: TestHttpsServer;
const bodies: string[] = [];

describe('MsalNetworkClient', () => {
  before(async () => {
    server = await startHttpsServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        const path = req.url ?? '';
        if (path === '/.well-known/openid-configuration') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ issuer: server.origin, token_endpoint: `${server.origin}/oauth/token`, device_authorization_endpoint: `${server.origin}/device/auth` }));
        } else if (path === '/device/auth') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ device_code: 'd', user_code: 'U', verification_uri: `${server.origin}/device`, expires_in: 600 }));
        } else if (path === '/big') {
          res.writeHead(200);
          res.end('x'.repeat(4096));
        } else if (path === '/slow') {
          setTimeout(() => res.end('{}'), 5_000).unref();
        } else {
          res.writeHead(400, { 'content-type': 'application/json', 'X-Ms-Request-Id': 'r1' });
          res.end(JSON.stringify({ error: 'invalid_grant' }));
        }
      });
    });
  });
  after(() => server.close());

  test('answers with status, lower-case headers and the parsed body, errors included', async () => {
    const client = new MsalNetworkClient({ ca: server.ca });
    const r = await client.sendPostRequestAsync<{ error: string }>(`${server.origin}/oauth/token`, { body: 'grant_type=authorization_code' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'invalid_grant');
    assert.equal(r.headers['x-ms-request-id'], 'r1');
  });

  test('sends the device code poll with the RFC 8628 grant URN and the device request to the advertised endpoint, with the default interval', async () => {
    const client = new MsalNetworkClient({ ca: server.ca });
    await client.sendGetRequestAsync(`${server.origin}/.well-known/openid-configuration`);
    const device = await client.sendPostRequestAsync<{ device_code: string; interval: number }>(`${server.origin}/oauth/devicecode`, { body: 'client_id=c&scope=openid' });
    assert.equal(device.body.device_code, 'd');
    assert.equal(device.body.interval, 5, 'RFC 8628 §3.2: 5 s when the provider names none');
    await client.sendPostRequestAsync(`${server.origin}/oauth/token`, { body: 'client_id=c&grant_type=device_code&device_code=d' });
    assert.ok(bodies.includes('client_id=c&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=d'));
  });

  test('refuses http, caps the size, times out and cancels, each as a typed failure', async () => {
    const client = new MsalNetworkClient({ ca: server.ca, maxBytes: 1024, timeoutMs: 300 });
    await assert.rejects(client.sendGetRequestAsync('http://127.0.0.1:9/x'), (e: unknown) => e instanceof NetworkClientError && e.kind === 'unreachable');
    await assert.rejects(client.sendGetRequestAsync(`${server.origin}/big`), (e: unknown) => e instanceof NetworkClientError && e.kind === 'too-large');
    await assert.rejects(client.sendGetRequestAsync(`${server.origin}/slow`), (e: unknown) => e instanceof NetworkClientError && e.kind === 'timeout');
    const abort = new AbortController();
    const cancellable = new MsalNetworkClient({ ca: server.ca, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await assert.rejects(cancellable.sendGetRequestAsync(`${server.origin}/slow`), (e: unknown) => e instanceof NetworkClientError && e.kind === 'cancelled');
    assert.equal(cancellable.lastError?.kind, 'cancelled');
  });
});
