// Regenerates examples/tokens/: Entra-shaped ID tokens signed with `jose` by throw-away RSA keys whose
// public halves are kept as JWKS files (the private keys are discarded). Fictional tenants and objects.
//   node scripts/make-sample-tokens.mjs [entra] [exoscale]     (default: both)
// entra: the generic samples and Palette's (entra-sample-jwks.json); exoscale: the Exoscale example's
// (exoscale-sample-jwks.json). Each set has its own key, so regenerating one leaves the other valid.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdirSync, writeFileSync } from 'node:fs';

const dir = new URL('../examples/tokens/', import.meta.url);
mkdirSync(dir, { recursive: true });
const tenant = '72f988bf-0000-4c7e-9a1d-5b7f0e2c4d11';
const clientId = 'c0ffee00-1d7a-4b6e-8f3e-2a9c5d7b1e42';

/** A fresh signing key; its public half is written as `jwksFile`. */
async function signer(kid, jwksFile) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  writeFileSync(new URL(jwksFile, dir), JSON.stringify({ keys: [jwk] }, null, 2) + '\n');
  return (claims, iat, exp) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).setIssuedAt(iat).setNotBefore(iat).setExpirationTime(exp).sign(privateKey);
}

const base = {
  iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
  aud: clientId,
  tid: tenant,
  oid: '4f6c2d8e-9a1b-4c3d-8e7f-0a1b2c3d4e5f',
  sub: 'kR3vQ9mZ_sampleSubjectPairwise_x1Y2z3',
  name: 'Megan Bowen',
  preferred_username: 'MeganB@contoso.example',
  ver: '2.0',
  nonce: 'sample-nonce-7d1e',
  aio: 'AUQAu/8sampleAioValue==',
  rh: '0.ARoAsampleRh.',
  uti: 'sampleUtiValue0000',
  sid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
async function entra() {
const sign = await signer('sso-lens-sample-2026', 'entra-sample-jwks.json');

// Valid until 2099: groups as object IDs (Entra's default), no email claim (not requested).
const valid = await sign({ ...base, groups: ['b7e3c1a4-2f5d-4e8a-9c6b-1d0e2f3a4b5c', 'e4d2a9f1-7c3b-4a6e-8d5f-0b1c2d3e4f5a'], roles: ['Palette.Admin'] }, 1767225600, 4102444800);
writeFileSync(new URL('entra-v2-id-token.jwt', dir), valid + '\n');
// Expired in 2025, and in too many groups: Entra sent the overage link instead of "groups".
const overage = await sign(
  { ...base, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: `https://graph.windows.net/${tenant}/users/${base.oid}/getMemberObjects` } } },
  1735689600,
  1735693200,
);
writeFileSync(new URL('entra-v2-expired-overage.jwt', dir), overage + '\n');

// Palette (examples/palette.sso.json): the guide's "admin" test user signing in to palette_oidc, with
// the optional claims email and preferred_username and groups as object IDs, as that app is set up.
const paletteTenant = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
const palette = await sign(
  {
    ...base,
    iss: `https://login.microsoftonline.com/${paletteTenant}/v2.0`,
    aud: '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17',
    tid: paletteTenant,
    name: 'Tenant Admin',
    preferred_username: 'admin@SpectroCloud500.onmicrosoft.com',
    email: 'admin@SpectroCloud500.onmicrosoft.com',
    groups: ['e3ac07cc-bd12-4edc-92a4-983d783153ba', 'c4606295-e8b0-4df0-891b-de4428d7e54f'],
  },
  1767225600,
  4102444800,
);
writeFileSync(new URL('palette-admin-id-token.jwt', dir), palette + '\n');
  // Palette's typical failure: a user in more than 200 groups (the guide picks "Security groups"), so
  // Entra sends the overage link instead of `groups` and no Palette team gets a member
  // (Microsoft Learn, "Access token claims reference": groups overage).
  const paletteOverage = await sign(
    {
      ...base,
      iss: `https://login.microsoftonline.com/${paletteTenant}/v2.0`,
      aud: '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17',
      tid: paletteTenant,
      name: 'Tenant Admin',
      preferred_username: 'admin@SpectroCloud500.onmicrosoft.com',
      email: 'admin@SpectroCloud500.onmicrosoft.com',
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: `https://graph.windows.net/${paletteTenant}/users/${base.oid}/getMemberObjects` } },
    },
    1767225600,
    4102444800,
  );
  writeFileSync(new URL('palette-admin-overage-id-token.jwt', dir), paletteOverage + '\n');
}

/**
 * Exoscale (examples/exoscale.sso.json): ID tokens for the Exoscale portal app, with the claims its
 * CEL expression reads. Exoscale asks for openid, profile and email; Entra puts `email` in the ID
 * token only when the user has an e-mail address (the `mail` attribute) — Microsoft Learn, "ID token
 * claims reference" and "Optional claims" (https://learn.microsoft.com/entra/identity-platform/optional-claims).
 */
async function exoscale() {
  const sign = await signer('sso-lens-exoscale-2026', 'exoscale-sample-jwks.json');
  const acme = '2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f';
  const exo = { ...base, iss: `https://login.microsoftonline.com/${acme}/v2.0`, aud: 'c8e1f2a3-4b5c-4d6e-8f70-91a2b3c4d5e6', tid: acme };
  // The example's "staff" persona: an exoscale.com address, so the expression returns the IAM role UUID.
  const staff = await sign({ ...exo, oid: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', name: 'Ada Lovelace', preferred_username: 'ada@exoscale.com', email: 'ada@exoscale.com', given_name: 'Ada', family_name: 'Lovelace' }, 1767225600, 4102444800);
  writeFileSync(new URL('exoscale-staff-id-token.jwt', dir), staff + '\n');
  // The typical failure: an account without an e-mail address (no mailbox, `mail` empty), so Entra
  // sends no `email` claim; the expression cannot read it and Exoscale denies the sign-in.
  const noEmail = await sign({ ...exo, oid: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', name: 'Grace Hopper', preferred_username: 'grace@exoscale.com' }, 1767225600, 4102444800);
  writeFileSync(new URL('exoscale-no-email-id-token.jwt', dir), noEmail + '\n');
}

const SETS = { entra, exoscale };
const asked = process.argv.slice(2);
for (const name of asked) if (!Object.hasOwn(SETS, name)) throw new Error(`unknown set ${name}; one of ${Object.keys(SETS).join(', ')}`);
for (const name of asked.length ? asked : Object.keys(SETS)) {
  await SETS[name]();
  console.log(`wrote the ${name} tokens in examples/tokens/`);
}
