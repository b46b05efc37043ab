/**
 * What an IdP publishes, made by real implementations: signing certificates from `selfsigned`,
 * SAML IdP metadata from samlify's metadata writer, and a JWKS built from the certificates' own
 * public keys (node:crypto JWK export, x5c = the DER). Served from a loopback https server
 * (https-server.ts) for the live-comparison tests. Nothing here is hand-edited.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';
import { startHttpsServer, type TestHttpsServer } from './https-server';

export interface IdpCertificate {
  pem: string;
  /** DER as base64 (metadata <ds:X509Certificate>, JWKS x5c). */
  base64: string;
  /** SHA-1, upper-case hex: how the Entra admin center shows a thumbprint. */
  sha1: string;
}

const DAY = 86_400_000;

/** A signing certificate valid from `fromDays` to `toDays` days around `now` (negative = past). */
export async function idpCertificate(cn: string, fromDays: number, toDays: number, now = new Date()): Promise<IdpCertificate> {
  const r = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() + fromDays * DAY),
    notAfterDate: new Date(now.getTime() + toDays * DAY),
  });
  const x = new X509Certificate(r.cert);
  return { pem: r.cert, base64: x.raw.toString('base64'), sha1: createHash('sha1').update(x.raw).digest('hex').toUpperCase() };
}

/** SAML IdP metadata as samlify writes it, listing every certificate as a signing key. */
export function idpMetadata(entityId: string, certs: readonly IdpCertificate[]): string {
  samlify.setSchemaValidator({ validate: async () => Promise.resolve('skipped') });
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: certs.map((c) => c.pem),
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${entityId.replace(/\/$/, '')}/saml2` }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${entityId.replace(/\/$/, '')}/saml2` }],
  });
  return idp.getMetadata();
}

/** A JWKS with one key per certificate: the certificate's public key as a JWK, with kid and x5c. */
export function jwksOf(keys: ReadonlyArray<{ kid: string; cert: IdpCertificate }>): string {
  return JSON.stringify({
    keys: keys.map(({ kid, cert }) => {
      const x = new X509Certificate(cert.pem);
      return { ...x.publicKey.export({ format: 'jwk' }), kid, use: 'sig', x5c: [cert.base64], x5t: Buffer.from(cert.sha1, 'hex').toString('base64url') };
    }),
  });
}

/** Routes (path with query → body); anything else is 404. Counts every request. */
export async function publishingServer(routes: Record<string, { type: string; body: string | ((origin: string) => string) }> = {}): Promise<TestHttpsServer & { publish(path: string, type: string, body: string | ((origin: string) => string)): void }> {
  const table = new Map(Object.entries(routes));
  let origin = '';
  const server = await startHttpsServer((req, res) => {
    const route = table.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type }).end(typeof route.body === 'function' ? route.body(origin) : route.body);
  });
  origin = server.origin;
  return Object.assign(server, {
    publish: (path: string, type: string, body: string | ((o: string) => string)) => {
      table.set(path, { type, body });
    },
  });
}

/** An OIDC issuer at `origin + path`: discovery (§4) naming a JWKS next to it. */
export function publishOidc(server: { origin: string; publish(path: string, type: string, body: string): void }, path: string, jwks: string): string {
  const issuer = `${server.origin}${path}`;
  server.publish(`${path}/.well-known/openid-configuration`, 'application/json', JSON.stringify({ issuer, jwks_uri: `${issuer}/keys`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'] }));
  server.publish(`${path}/keys`, 'application/json', jwks);
  return issuer;
}
