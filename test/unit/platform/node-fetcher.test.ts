/**
 * The only network code: a hostile or broken server costs bounded time and memory. Each test runs
 * a real https server on 127.0.0.1 with a throw-away certificate.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { NodeFetcher } from '../../../src/platform/node-fetcher';
import { startHttpsServer, type TestHttpsServer } from '../../builders/https-server';

let server: TestHttpsServer;
const TEN_MB = 10 * 1024 * 1024;

before(async () => {
  server = await startHttpsServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"keys":[]}');
    } else if (url === '/silent') {
      // Accepts the request and never answers.
    } else if (url === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    } else if (url === '/huge-declared') {
      res.writeHead(200, { 'content-length': String(TEN_MB) });
      res.end(Buffer.alloc(TEN_MB, 0x20));
    } else if (url === '/huge-chunked') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < TEN_MB) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    } else if (url.startsWith('/loop')) {
      const n = Number(url.slice('/loop'.length) || '0');
      res.writeHead(302, { location: `/loop${n + 1}` });
      res.end();
    } else if (url === '/redirect-once') {
      res.writeHead(301, { location: '/ok' });
      res.end();
    } else if (url === '/bad-location') {
      res.writeHead(302, { location: 'https://[not a host' });
      res.end();
    } else if (url === '/to-http') {
      res.writeHead(302, { location: 'http://127.0.0.1:1/keys' });
      res.end();
    } else if (url === '/404') {
      res.writeHead(404);
      res.end('nope');
    } else {
      res.writeHead(500);
      res.end();
    }
  });
});

after(() => server.close());

describe('NodeFetcher', () => {
  test('fetches a document over https from a server whose certificate it was given', async () => {
    const r = await new NodeFetcher({ ca: server.ca }).getText(`${server.origin}/ok`);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value, { url: `${server.origin}/ok`, status: 200, body: '{"keys":[]}' });
  });

  test('without that certificate the TLS handshake fails: a typed error, not an exception', async () => {
    const r = await new NodeFetcher().getText(`${server.origin}/ok`);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.error.id === 'jwt.keys-fetch-failed' && /certificate/i.test(r.error.message), r.ok ? '' : r.error.message);
  });

  test('a server that never answers times out within the cap', async () => {
    const started = Date.now();
    const r = await new NodeFetcher({ ca: server.ca, timeoutMs: 400 }).getText(`${server.origin}/silent`);
    const took = Date.now() - started;
    assert.ok(!r.ok && /did not answer within 0.4 s/.test(r.error.message), r.ok ? '' : r.error.message);
    assert.ok(took >= 350 && took < 1500, `took ${took} ms`);
  });

  test('a server that sends headers and then trickles the body also times out within the cap', async () => {
    const started = Date.now();
    const r = await new NodeFetcher({ ca: server.ca, timeoutMs: 400 }).getText(`${server.origin}/trickle`);
    const took = Date.now() - started;
    assert.ok(!r.ok && /did not answer within/.test(r.error.message), r.ok ? 'fetched' : r.error.message);
    assert.ok(took < 1500, `took ${took} ms`);
  });

  test('a 10 MB body is refused at the byte cap, whether declared or chunked', async () => {
    const fetcher = new NodeFetcher({ ca: server.ca });
    const declared = await fetcher.getText(`${server.origin}/huge-declared`);
    assert.ok(!declared.ok && /sent 10485760 bytes; the limit is 2097152/.test(declared.error.message), declared.ok ? '' : declared.error.message);
    const chunked = await fetcher.getText(`${server.origin}/huge-chunked`);
    assert.ok(!chunked.ok && /more than 2097152 bytes/.test(chunked.error.message), chunked.ok ? '' : chunked.error.message);
  });

  test('a redirect loop stops after 3 redirects (4 requests)', async () => {
    const before = server.count('/loop');
    const r = await new NodeFetcher({ ca: server.ca }).getText(`${server.origin}/loop`);
    assert.ok(!r.ok && /redirected more than 3 times/.test(r.error.message), r.ok ? '' : r.error.message);
    assert.equal(server.count('/loop') - before, 4);
  });

  test('one redirect is followed, and the final URL reported', async () => {
    const r = await new NodeFetcher({ ca: server.ca }).getText(`${server.origin}/redirect-once`);
    assert.ok(r.ok);
    assert.equal(r.value.url, `${server.origin}/ok`);
  });

  test('a malformed Location header is a typed failure, not an exception', async () => {
    const r = await new NodeFetcher({ ca: server.ca }).getText(`${server.origin}/bad-location`);
    assert.ok(!r.ok && /which is not a URL/.test(r.error.message), r.ok ? 'ok' : r.error.message);
  });

  test('http:// is refused without connecting, also as a redirect target', async () => {
    let hits = 0;
    const plain = createHttpServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      const r = await new NodeFetcher().getText(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
      assert.ok(!r.ok && /only https/.test(r.error.message));
      const viaRedirect = await new NodeFetcher({ ca: server.ca }).getText(`${server.origin}/to-http`);
      assert.ok(!viaRedirect.ok && /refusing to fetch http:\/\/127\.0\.0\.1:1\/keys/.test(viaRedirect.error.message));
      assert.equal(hits, 0);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  test('non-200 answers and non-URLs are typed errors', async () => {
    const fetcher = new NodeFetcher({ ca: server.ca });
    const notFound = await fetcher.getText(`${server.origin}/404`);
    assert.ok(!notFound.ok && /answered HTTP 404/.test(notFound.error.message));
    const junk = await fetcher.getText('not a url');
    assert.ok(!junk.ok && /is not a URL/.test(junk.error.message));
    const file = await fetcher.getText('file:///etc/passwd');
    assert.ok(!file.ok && /only https/.test(file.error.message));
  });
});

describe('NodeFetcher checkAddress: every address is checked before connecting', () => {
  test('an IP-literal host that is refused is never contacted; an allowed one is', async () => {
    const before = server.count('/ok');
    const seen: string[] = [];
    const refusing = new NodeFetcher({ ca: server.ca, checkAddress: (host, address) => (seen.push(`${host}=${address}`), 'refused by the test') });
    const r = await refusing.getText(`${server.origin}/ok`);
    assert.ok(!r.ok && r.error.message === 'refused by the test', r.ok ? '' : r.error.message);
    assert.deepEqual(seen, ['127.0.0.1=127.0.0.1']);
    assert.equal(server.count('/ok'), before);
    const allowing = new NodeFetcher({ ca: server.ca, checkAddress: () => undefined });
    assert.ok((await allowing.getText(`${server.origin}/ok`)).ok);
    assert.equal(server.count('/ok'), before + 1);
  });

  test('a host name is resolved and each of its addresses checked; a refused one stops the request', async () => {
    const before = server.count('/ok');
    const seen: string[] = [];
    const fetcher = new NodeFetcher({ ca: server.ca, checkAddress: (host, address) => (seen.push(`${host}=${address}`), address === '127.0.0.1' || address === '::1' ? `refusing ${host}` : undefined) });
    const r = await fetcher.getText(`${server.origin.replace('127.0.0.1', 'localhost')}/ok`);
    assert.ok(!r.ok && /refusing localhost/.test(r.error.message), r.ok ? '' : r.error.message);
    assert.ok(seen.length >= 1 && seen.every((s) => s.startsWith('localhost=')), seen.join());
    assert.equal(server.count('/ok'), before);
  });
});
