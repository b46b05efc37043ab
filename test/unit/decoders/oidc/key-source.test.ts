/** DiscoveryKeySource rules that need no server: URLs, the Entra ?appid= variant, cache and guard. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Fetcher, FetchedText, FetchError } from '../../../../src/decoders/oidc/fetcher';
import { CACHE_TTL_MS, discoveryUrlFor, DiscoveryKeySource, MIN_REFRESH_INTERVAL_MS } from '../../../../src/decoders/oidc/key-source';
import type { Result } from '../../../../src/decoders/result';
import { corpusOptions, CORPUS_NOW, findingIds, inspectToReport, readFixtureText } from '../../../builders/fixtures';

const TENANT = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const JWKS = readFixtureText('jwt', 'corpus-jwks.json');

/** Serves fixed documents by URL and records every request. */
class RecordingFetcher implements Fetcher {
  readonly urls: string[] = [];
  constructor(private readonly docs: Record<string, string>) {}
  getText(url: string): Promise<Result<FetchedText, FetchError>> {
    this.urls.push(url);
    const body = this.docs[url];
    return Promise.resolve(body === undefined ? { ok: false, error: { id: 'jwt.keys-fetch-failed', message: `${url} answered HTTP 404` } } : { ok: true, value: { url, status: 200, body } });
  }
}

function entraDocs(discoveryIssuer = 'https://login.microsoftonline.com/{tenantid}/v2.0'): Record<string, string> {
  const jwksUri = `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`;
  const doc = (extra = '') => JSON.stringify({ issuer: discoveryIssuer, jwks_uri: `${jwksUri}${extra}` });
  return {
    [`${ISSUER}/.well-known/openid-configuration`]: doc(),
    [`${ISSUER}/.well-known/openid-configuration?appid=d8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13`]: doc(),
    [jwksUri]: JWKS,
    [`${jwksUri}?appid=d8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13`]: JWKS,
  };
}

describe('discoveryUrlFor', () => {
  test('appends the well-known path once, and ?appid= for Entra apps with custom signing keys', () => {
    assert.equal(discoveryUrlFor('https://idp.example/realms/x/'), 'https://idp.example/realms/x/.well-known/openid-configuration');
    assert.equal(discoveryUrlFor(ISSUER, 'app id'), `${ISSUER}/.well-known/openid-configuration?appid=app%20id`);
  });
});

describe('DiscoveryKeySource', () => {
  test('Entra\'s {tenantid} template issuer matches a tenant issuer, and keys come from jwks_uri', async () => {
    const fetcher = new RecordingFetcher(entraDocs());
    const r = await new DiscoveryKeySource(fetcher, () => 0).keysForIssuer(ISSUER, {});
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value.keys.map((k) => k.kid), ['7aIR-bzXVolRT0FB1QnSUZFxjM8', '9oWAlFNQFmzIVRuHdl430cpl3gs', 'corpus-ec-p256']);
  });

  test('the template does not match another host or a non-GUID tenant', async () => {
    const lying = (issuer: string) =>
      new DiscoveryKeySource(new RecordingFetcher({ [`${issuer}/.well-known/openid-configuration`]: JSON.stringify({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: 'https://evil.example/keys' }) }), () => 0).keysForIssuer(issuer, {});
    for (const issuer of ['https://evil.example/v2.0', 'https://login.microsoftonline.com/not-a-tenant/v2.0', `https://login.microsoftonline.com/${TENANT}/v2.0/extra`]) {
      const r = await lying(issuer);
      assert.ok(!r.ok && /names issuer/.test(r.error.message), issuer);
    }
  });

  test('an http or non-URL issuer is refused before any request', async () => {
    const fetcher = new RecordingFetcher({});
    const src = new DiscoveryKeySource(fetcher, () => 0);
    for (const iss of ['http://localhost:8080/realms/corpus', 'corpus', 'file:///etc']) {
      const r = await src.keysForIssuer(iss, {});
      assert.ok(!r.ok && /not an https URL/.test(r.error.message), iss);
    }
    assert.deepEqual(fetcher.urls, []);
  });

  test('cache: fresh for 24 h; refresh allowed only 5 min after the last fetch', async () => {
    const fetcher = new RecordingFetcher(entraDocs());
    let now = 0;
    const src = new DiscoveryKeySource(fetcher, () => now);
    await src.keysForIssuer(ISSUER, {});
    assert.equal(fetcher.urls.length, 2);
    now = MIN_REFRESH_INTERVAL_MS - 1;
    await src.keysForIssuer(ISSUER, { refresh: true });
    assert.equal(fetcher.urls.length, 2, 'refresh inside the guard is served from cache');
    now = MIN_REFRESH_INTERVAL_MS;
    await src.keysForIssuer(ISSUER, { refresh: true });
    assert.equal(fetcher.urls.length, 4);
    now += CACHE_TTL_MS - 1;
    await src.keysForIssuer(ISSUER, {});
    assert.equal(fetcher.urls.length, 4);
    now += 1;
    await src.keysForIssuer(ISSUER, {});
    assert.equal(fetcher.urls.length, 6, 'stale after 24 h');
  });

  test('a failed fetch is not retried for 5 min: a HAR full of tokens waits for a dead issuer once', async () => {
    const fetcher = new RecordingFetcher({});
    let now = 0;
    const src = new DiscoveryKeySource(fetcher, () => now);
    const first = await src.keysForIssuer(ISSUER, {});
    assert.ok(!first.ok && /HTTP 404/.test(first.error.message));
    now = MIN_REFRESH_INTERVAL_MS - 1;
    for (let i = 0; i < 50; i++) {
      const again = await src.keysForIssuer(ISSUER, { refresh: true });
      assert.ok(!again.ok && /not retried/.test(again.error.message), again.ok ? 'ok' : again.error.message);
    }
    assert.equal(fetcher.urls.length, 1, 'one request for 51 tokens');
    now = MIN_REFRESH_INTERVAL_MS;
    await src.keysForIssuer(ISSUER, {});
    assert.equal(fetcher.urls.length, 2, 'tried again once the interval has passed');
  });

  test('broken documents are typed failures', async () => {
    const base = 'https://idp.example';
    const d = `${base}/.well-known/openid-configuration`;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /HTTP 404/],
      [{ [d]: '<html>' }, /did not return a JSON discovery document/],
      [{ [d]: JSON.stringify({ issuer: base }) }, /has no jwks_uri/],
      [{ [d]: JSON.stringify({ issuer: base, jwks_uri: `${base}/keys` }), [`${base}/keys`]: 'nope' }, /did not return JSON/],
      [{ [d]: JSON.stringify({ issuer: base, jwks_uri: `${base}/keys` }), [`${base}/keys`]: '[1]' }, /a JWKS is a JSON object/],
    ];
    for (const [docs, why] of cases) {
      const r = await new DiscoveryKeySource(new RecordingFetcher(docs), () => 0).keysForIssuer(base, {});
      assert.ok(!r.ok && why.test(r.error.message), r.ok ? 'ok' : r.error.message);
    }
  });

  test('through inspectArtifact: an Entra token verifies with the tenant keys, without asking for ?appid=', async () => {
    const fetcher = new RecordingFetcher(entraDocs());
    const report = await inspectToReport(readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ keySource: new DiscoveryKeySource(fetcher, () => CORPUS_NOW.getTime()) }));
    assert.equal(report.signature.status, 'valid', report.signature.detail);
    assert.deepEqual(fetcher.urls, [`${ISSUER}/.well-known/openid-configuration`, `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`]);
  });

  test('through inspectArtifact: an app with custom signing keys (kid only under ?appid=) verifies from the ?appid= documents', async () => {
    const docs = entraDocs();
    const keysUrl = `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`;
    // The tenant-wide JWKS lacks kid 1; only the app-specific one has it.
    const all = JSON.parse(JWKS) as { keys: Array<{ kid: string }> };
    docs[keysUrl] = JSON.stringify({ keys: all.keys.filter((k) => k.kid !== '7aIR-bzXVolRT0FB1QnSUZFxjM8') });
    const fetcher = new RecordingFetcher(docs);
    const report = await inspectToReport(readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ keySource: new DiscoveryKeySource(fetcher, () => CORPUS_NOW.getTime()) }));
    assert.equal(report.signature.status, 'valid', report.signature.detail);
    assert.match(report.signature.detail ?? '', /keys\?appid=d8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13/);
    assert.deepEqual(fetcher.urls.slice(-2), [
      `${ISSUER}/.well-known/openid-configuration?appid=d8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13`,
      `${keysUrl}?appid=d8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13`,
    ]);
  });

  test('through inspectArtifact: given trust material, the key source is never asked', async () => {
    const fetcher = new RecordingFetcher(entraDocs());
    const { trustFrom } = await import('../../../builders/fixtures');
    const report = await inspectToReport(readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ trust: trustFrom('jwt', 'corpus-jwks.json'), keySource: new DiscoveryKeySource(fetcher) }));
    assert.equal(report.signature.status, 'valid');
    assert.deepEqual(fetcher.urls, []);
  });

  test('through inspectArtifact: a failed fetch is a warning plus not-checked, never "invalid"', async () => {
    const report = await inspectToReport(readFixtureText('jwt', 'gen-entra-v2-no-email-claim.jwt'), corpusOptions({ keySource: new DiscoveryKeySource(new RecordingFetcher({})) }));
    assert.equal(report.signature.status, 'not-checked');
    assert.deepEqual(findingIds(report), ['jwt.keys-fetch-failed', 'jwt.signature-not-checked']);
    assert.equal(report.findings[0]?.severity, 'warning');
  });
});
