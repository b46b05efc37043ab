#!/usr/bin/env node
// A throw-away OpenID provider on https://127.0.0.1 for trying "Sign In as This App…" and
// `sso-lens sign-in` by hand: oidc-provider (the test suite's own, test/builders/sign-in-provider.ts)
// with its development login page (any login and password), the device flow, a native client with
// the Palette example's client ID, and the Palette admin persona's claims (groups as Entra object IDs).
// Its certificate is made on start; the CA file it writes is what NODE_EXTRA_CA_CERTS needs.
// Run after `npm run compile-tests`; stop with Ctrl+C. Nothing leaves 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { startSignInProvider } = require('../out/test/builders/sign-in-provider.js');

const provider = await startSignInProvider({
  clientId: '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17',
  claims: {
    groups: ['e3ac07cc-bd12-4edc-92a4-983d783153ba', 'c4606295-e8b0-4df0-891b-de4428d7e54f'],
    email: 'admin@SpectroCloud500.onmicrosoft.com',
    name: 'Tenant Admin',
    preferred_username: 'admin@SpectroCloud500.onmicrosoft.com',
  },
});
const caFile = join(tmpdir(), 'sso-lens-test-provider-ca.pem');
writeFileSync(caFile, provider.ca);
console.log(`Test provider: ${provider.issuer}
CA certificate: ${caFile}

Point the Palette app at it (examples/palette.sso.json, app "palette"):
  "issuer": "${provider.issuer}",  remove "clientSecret", and use "http://localhost/" in "redirectUris".
Then:
  NODE_EXTRA_CA_CERTS=${caFile} node dist/cli.js sign-in --config examples/palette.sso.json --app palette
  NODE_EXTRA_CA_CERTS=${caFile} code examples     # then click "Sign In as This App…" above the app
Sign in with any login and password. Ctrl+C stops the provider.`);
process.on('SIGINT', () => provider.close().then(() => process.exit(0)));
