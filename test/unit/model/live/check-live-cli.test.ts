import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../../../src/cli/run-cli';
import { NodeFetcher } from '../../../../src/platform/node-fetcher';
import { idpCertificate, idpMetadata, publishingServer, type IdpCertificate } from '../../../builders/published-keys';

async function run(args: string[], fetcher?: NodeFetcher): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), ...(fetcher ? { fetcher } : {}) });
  return { code, out, err };
}

describe('sso-lens check --live', () => {
  let server: Awaited<ReturnType<typeof publishingServer>>;
  let dir: string;
  let file: string;
  let pinned: IdpCertificate;

  before(async () => {
    server = await publishingServer();
    const [old, current] = await Promise.all([idpCertificate('IdP signing (rolled)', -400, 300), idpCertificate('IdP signing (current)', -10, 700)]);
    pinned = old;
    server.publish('/app/federationmetadata.xml', 'application/xml', idpMetadata('https://idp.example/', [current]));
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-live-'));
    writeFileSync(join(dir, 'idp-signing.pem'), pinned.pem);
    file = join(dir, 'portal.sso.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          version: 1,
          providers: [
            {
              id: 'idp',
              type: 'saml',
              entityId: 'https://idp.example/',
              apps: [
                {
                  id: 'portal',
                  protocol: 'saml',
                  identifiers: ['https://portal.example/saml'],
                  replyUrls: ['https://portal.example/saml/acs'],
                  metadataUrl: `${server.origin}/app/federationmetadata.xml`,
                  signing: { certificate: { file: 'idp-signing.pem' } },
                },
              ],
            },
            { id: 'op', type: 'oidc', issuer: `${server.origin}/no-such-issuer`, apps: [{ id: 'cli', protocol: 'oidc', clientId: 'cli', clientSecret: { env: 'CLI_SECRET', expires: new Date(Date.now() + 12.5 * 86_400_000).toISOString().slice(0, 10) } }] },
          ],
        },
        null,
        2,
      ),
    );
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('text: the rolled-over certificate on its config line, and what was fetched', async () => {
    // The OIDC issuer on the same loopback server has no discovery document: a failed fetch, said so.
    const r = await run(['check', file, '--live'], new NodeFetcher({ ca: server.ca, timeoutMs: 5000 }));
    assert.equal(r.code, 1, r.out + r.err);
    const line = r.out.split('\n').find((l) => l.includes('live.key-rolled-over'));
    assert.ok(line, r.out);
    assert.match(line, /^.*portal\.sso\.json:\d+:\d+: error live\.key-rolled-over: .*\[\/providers\/0\/apps\/0\/signing\/certificate\]$/);
    assert.match(r.out, /portal\.sso\.json: live: fetched 1 of 2 document\(s\), 1 failed/);
    assert.match(r.out, /warning config\.secret-expiring: the client secret of cli expires on \d{4}-\d{2}-\d{2} \(in 1[12] d\)/);
    assert.equal(server.count('/app/'), 1);
  });

  test('json: findings carry their expiry; the live sources are listed', async () => {
    const r = await run(['check', file, '--live', '--json'], new NodeFetcher({ ca: server.ca, timeoutMs: 5000 }));
    const json = JSON.parse(r.out) as { files: Array<{ findings: Array<{ id: string; expires?: string }>; live?: { fetched: boolean; sources: Array<{ status: string; url: string }> } }> };
    const f = json.files[0];
    assert.equal(f?.live?.fetched, true);
    assert.deepEqual(f?.live?.sources.map((s) => s.status), ['fetched', 'failed']);
    assert.ok(f?.findings.find((x) => x.id === 'config.secret-expiring')?.expires);
  });

  test('--offline: nothing is fetched and the output says so', async () => {
    const before = server.requests.length;
    const r = await run(['check', file, '--live', '--offline'], new NodeFetcher({ ca: server.ca }));
    assert.equal(server.requests.length, before, 'no request reached the server');
    assert.match(r.out, /portal\.sso\.json: live: nothing fetched \(--offline\); 2 document\(s\) not compared/);
    assert.match(r.out, /info live\.not-fetched: nothing fetched \(--offline\)/);
    assert.ok(!r.out.includes('live.key-rolled-over'));
    assert.equal(r.code, 0, 'a warning and infos only');
  });

  test('--expiry-days moves the warning window, and must be a day count', async () => {
    const quiet = await run(['check', file, '--expiry-days', '7']);
    assert.ok(!quiet.out.includes('config.secret-expiring'), quiet.out);
    assert.ok(!quiet.out.includes('live.'), 'without --live nothing live is said');
    const bad = await run(['check', file, '--expiry-days', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--expiry-days takes a whole number of days/);
  });
});

test('check --live leaves a file with schema errors alone and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-live-'));
  try {
    const file = join(dir, 'broken.sso.json');
    writeFileSync(file, JSON.stringify({ version: 1, providers: [{ id: 'x', type: 'saml', entityId: 'https://idp.example/', metadataUrl: 'https://127.0.0.1:1/never', apps: [{ id: 'a', protocol: 'saml', identifiers: 'not-a-list', replyUrls: [] }] }] }));
    const r = await run(['check', file, '--live']);
    assert.match(r.out, /broken\.sso\.json: live: not checked: fix the schema errors first/);
    assert.equal(r.code, 1, 'the schema error itself');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
