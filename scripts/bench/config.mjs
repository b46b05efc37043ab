// Config re-validation cost: a generated ~5,000-line SSO Lens config, one edit, full re-validation
// (parse + schema + every rule), which is what the editor does on each debounced change.
// Uses the shipped core bundle, dist/core.js (`npm run build`). Standalone: node scripts/bench/config.mjs
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function generateConfig() {
  const tenantId = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
  const guid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const groups = Array.from({ length: 120 }, (_, i) => ({ id: `g${i}`, displayName: `group ${i}`, objectId: guid(i), kind: 'security' }));
  const apps = Array.from({ length: 63 }, (_, a) => ({
    id: `app${a}`,
    protocol: 'oidc',
    clientId: guid(10_000 + a),
    issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    clientSecret: { env: `APP${a}_SECRET` },
    redirectUris: [`https://app${a}.example.com/callback`, 'http://localhost:8000'],
    scopes: ['openid', 'profile', 'email'],
    groupsClaim: { membership: ['ApplicationGroup'], idToken: { format: 'objectId' } },
    claimMapping: { email: 'email', team: 'groups' },
    teams: Array.from({ length: 6 }, (_, t) => ({ name: guid((a * 6 + t) % 120), source: { group: `g${(a * 6 + t) % 120}` } })),
  }));
  return { version: 1, providers: [{ id: 'entra', type: 'entra', tenantId, groups, apps }] };
}

export async function benchConfig() {
  const corePath = join(root, 'dist', 'core.js');
  if (!existsSync(corePath)) return [{ name: 'config bench skipped (run npm run build first)', value: 0, unit: '' }];
  const { validateConfigText } = require(corePath);
  const text = JSON.stringify(generateConfig(), null, 2);
  const lines = text.split('\n').length;
  const edited = text.replace('https://app7.example.com/callback', 'https://app7.example.com/callback2');
  validateConfigText(text); // warm-up: schema compile
  const runs = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const v = validateConfigText(i % 2 ? text : edited);
    runs.push(performance.now() - t0);
    if (v.findings.some((f) => f.severity === 'error')) throw new Error('bench config should be clean');
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)];
  return [
    { name: `config re-validate after one edit (${lines} lines), median`, value: median.toFixed(1), unit: 'ms' },
    { name: 'config re-validate after one edit, p90', value: runs[Math.floor(runs.length * 0.9)].toFixed(1), unit: 'ms' },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) for (const r of await benchConfig()) console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(12)} ${r.unit}`);
