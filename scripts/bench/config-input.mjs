// The 5,000-line config the load rows re-validate: Entra apps with teams, groups, a SAML app with
// certificate and metadata files, and CEL authorization, so every rule has work to do.
export function benchConfigText() {
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
  // SAML apps with a certificate file and the IdP's metadata file (BENCH_FILES, relative to examples/).
  for (let a = 0; a < 12; a++) {
    apps.push({
      id: `saml${a}`,
      protocol: 'saml',
      identifiers: [`urn:example:sp:${a}`],
      replyUrls: [`https://sp${a}.example.com/saml/acs`],
      nameId: { format: 'emailAddress', source: 'user.mail' },
      metadataFile: 'metadata/assetpanda-federationmetadata.xml',
      signing: { certificate: { file: 'certs/entra-assetpanda-signing.cer' }, algorithm: 'rsa-sha256' },
      claimMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
    });
  }
  return JSON.stringify({ version: 1, providers: [{ id: 'entra', type: 'entra', tenantId, groups, apps }] }, null, 2);
}

/** Files the bench config references, relative to examples/. */
export const BENCH_FILES = ['metadata/assetpanda-federationmetadata.xml', 'certs/entra-assetpanda-signing.cer'];
