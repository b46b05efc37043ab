// JWT rows: Entra-shaped ID tokens signed here with jose (RS256, ES256), decoded + verified + checked
// by SSO Lens (core.inspectArtifact with the JWKS as trust material) next to plain jose.jwtVerify on
// the same tokens and keys, round by round in this process.
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { batch, fmt, loadCore, paired, pairedRatio, verdict, median } from './lib.mjs';

const TENANT = '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37';
const CLIENT = 'd8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13';

/** Claims as an Entra v2.0 ID token carries them (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference). */
function entraClaims() {
  return {
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    aud: CLIENT,
    tid: TENANT,
    oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84',
    sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
    ver: '2.0',
    name: 'Adele Vance',
    preferred_username: 'adele@contoso.example',
    nonce: 'n-0S6_WzA2Mj',
    groups: Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
  };
}

export async function makeTokens() {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'r1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'e1', alg: 'ES256', use: 'sig' },
    ],
  };
  const sign = (alg, kid, key) => new SignJWT(entraClaims()).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuedAt().setNotBefore('0s').setExpirationTime('10y').sign(key);
  return { jwks, tokens: { RS256: await sign('RS256', 'r1', rsa.privateKey), ES256: await sign('ES256', 'e1', ec.privateKey) } };
}

export async function benchJwt(ctx) {
  const core = loadCore();
  const { jwks, tokens } = await makeTokens();
  const trust = core.loadTrustMaterial(Buffer.from(JSON.stringify(jwks)), 'bench-jwks.json');
  if (!trust.ok) throw new Error(trust.error.message);
  const options = core.defaultInspectOptions({ trust: trust.value });
  const localSet = createLocalJWKSet(jwks);
  const rows = [];
  for (const [alg, token] of Object.entries(tokens)) {
    const bytes = Buffer.from(token);
    const ours = async () => {
      const r = await core.inspectArtifact(bytes, options);
      if (!r.ok || r.value.signature.status !== 'valid') throw new Error(`bench ${alg} token did not verify in SSO Lens`);
    };
    const plain = async () => {
      await jwtVerify(token, localSet);
    };
    // Verdicts: a token with one flipped signature byte fails on both sides.
    const bad = token.slice(0, -4) + (token.at(-4) === 'A' ? 'B' : 'A') + token.slice(-3);
    const oursBad = await core.inspectArtifact(Buffer.from(bad), options);
    const plainBad = await jwtVerify(bad, localSet).then(() => 'valid', () => 'invalid');
    const agree = oursBad.ok && oursBad.value.signature.status !== 'valid' && plainBad === 'invalid';
    for (let i = 0; i < 50; i++) {
      await ours();
      await plain();
    }
    const n = ctx.quick ? 20 : 200;
    const s = await paired(ctx.quick ? 3 : 15, { ours: () => batch(n, ours), plain: () => batch(n, plain) });
    const ratio = pairedRatio(s.ours, s.plain, (o, p) => p.wallMs / o.wallMs);
    const cpuRatio = pairedRatio(s.ours, s.plain, (o, p) => p.cpuMs / o.cpuMs);
    rows.push({
      what: `ID token decode + verify + findings, ${alg}`,
      ours: `${fmt.ops(1000 / median(s.ours.map((x) => x.wallMs)))} (${fmt.ms(median(s.ours.map((x) => x.wallMs)))})`,
      compared: `jose.jwtVerify ${fmt.ops(1000 / median(s.plain.map((x) => x.wallMs)))}; rejects a bad signature alike: ${agree ? 'yes' : 'NO'}`,
      ratio: fmt.x(ratio),
      cpuRatio: fmt.x(cpuRatio),
      goal: '≥ 0.9× jose',
      meets: verdict(ctx, ratio >= 0.9 && agree),
    });
  }
  return rows;
}
