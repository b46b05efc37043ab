// Regenerates test/fixtures/capture/: browser captures (HAR) of real sign-ins on loopback, recorded
// by the real chromium (playwright-core recordHar) through oidc-provider and a samlify IdP/SP pair,
// plus SAML-tracer exports converted from them (test/builders/saml-tracer-export.ts), the
// provider's public keys, the SAML IdP certificate and a config describing the apps.
//   npm run compile-tests && node scripts/record-captures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { recordCaptures } = require('../out/test/builders/capture-recorder.js');
const { harToSamlTracer } = require('../out/test/builders/saml-tracer-export.js');
const dir = new URL('../test/fixtures/capture/', import.meta.url);
mkdirSync(dir, { recursive: true });
const recorded = await recordCaptures();
for (const [name, text] of Object.entries(recorded.hars)) {
  writeFileSync(new URL(name, dir), text);
  if (name.startsWith('saml-')) {
    writeFileSync(new URL(name.replace('.har', '.saml-tracer.json'), dir), JSON.stringify(harToSamlTracer(JSON.parse(text), 'none'), null, 2));
    writeFileSync(new URL(name.replace('.har', '.saml-tracer-masked.json'), dir), JSON.stringify(harToSamlTracer(JSON.parse(text), 'mask'), null, 2));
  }
  if (name === 'saml-success.har') {
    writeFileSync(new URL('saml-success.saml-tracer-obfuscated.json', dir), JSON.stringify(harToSamlTracer(JSON.parse(text), 'obfuscate'), null, 2));
    writeFileSync(new URL('saml-success.saml-tracer-legacy.json', dir), JSON.stringify(harToSamlTracer(JSON.parse(text), 'legacy'), null, 2));
  }
}
writeFileSync(new URL('oidc-jwks.json', dir), JSON.stringify(recorded.oidcJwks, null, 2));
writeFileSync(new URL('saml-idp.cer', dir), recorded.samlCertificate);
writeFileSync(new URL('recorded.sso.json', dir), JSON.stringify({ $schema: '../../../schemas/sso-config.schema.json', ...recorded.config }, null, 2));
console.log(`wrote ${Object.keys(recorded.hars).length} captures to ${dir.pathname}`);
