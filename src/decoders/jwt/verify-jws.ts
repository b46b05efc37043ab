import { stringOf } from '../json';
import type { TrustedKey, TrustMaterial } from '../keys/trusted-key';
import type { IssuerKeys, KeySource } from '../oidc/key-source';
import { finding, type Finding, type SignatureReport } from '../result';
import { isAllowedAlgorithm, keyFitsAlgorithm, type JwsAlgorithm } from './algorithms';
import type { DecodedJws } from './decode-jwt';
import { verifyJwsSignature } from './jws-signature';

export interface JwsVerification {
  signature: SignatureReport;
  findings: Finding[];
}

export interface VerifyJwsOptions {
  trust: TrustMaterial;
  /** Online discovery; used only when `trust` holds no key. */
  keySource?: KeySource;
  /** Entra apps with custom signing keys publish them under `?appid=` (the token's aud). */
  appId?: string;
}

/**
 * Verifies a decoded JWS against trust material only. Keys named inside the token (`jwk`, `jku`,
 * `x5u`, `x5c` headers) are never used: whoever made the token chose them.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8725 (JWT Best Current Practices §3.1, §3.2)
 */
export async function verifyJws(jws: DecodedJws, options: VerifyJwsOptions): Promise<JwsVerification> {
  const findings: Finding[] = [];
  const alg = stringOf(jws.header, 'alg') ?? '';
  const kid = stringOf(jws.header, 'kid');
  const x5t = stringOf(jws.header, 'x5t');
  const base = { algorithm: alg || '(missing)', ...(kid !== undefined ? { keyId: kid } : {}) };

  if (alg.toLowerCase() === 'none') {
    findings.push(finding('jwt.alg-none', 'error', `the token says "alg": ${JSON.stringify(alg)}: it is not signed at all, and anyone could have written it`));
    return { signature: { status: 'unsigned', ...base, detail: 'alg none' }, findings };
  }
  for (const h of ['jwk', 'jku', 'x5u', 'x5c']) {
    if (jws.header[h] !== undefined) {
      findings.push(finding('jwt.embedded-key-ignored', 'warning', `the header carries "${h}": a key chosen by the token's author; it was ignored (only keys you trust verify a token)`));
    }
  }
  if (!isAllowedAlgorithm(alg)) {
    findings.push(finding('jwt.alg-not-allowed', 'error', `the algorithm ${JSON.stringify(alg)} is not on the allow-list (RS*, PS*, ES*, EdDSA, and HS* with a shared secret)`));
    return { signature: { status: 'invalid', ...base, detail: 'algorithm not allowed' }, findings };
  }

  // Microsoft Graph access tokens carry a `nonce` header and are hashed before signing, so no
  // third party can verify them (DOMAIN-FACTS.md: identitymodel-extensions #609).
  const graphToken = typeof jws.header['nonce'] === 'string';

  let keys = options.trust.keys;
  let fromDiscovery = false;
  let discoveryNote: string | undefined;
  const iss = stringOf(jws.payload, 'iss');
  if (keys.length === 0 && options.keySource && iss !== undefined) {
    const fetched = await options.keySource.keysForIssuer(iss, {});
    if (fetched.ok) {
      keys = fetched.value.keys;
      fromDiscovery = true;
      discoveryNote = keysFrom(fetched.value);
    } else if (fetched.error.id === 'jwt.keys-not-fetched') {
      findings.push(finding('jwt.keys-not-fetched', 'info', fetched.error.message));
    } else {
      findings.push(finding('jwt.keys-fetch-failed', 'warning', `could not fetch the issuer's keys: ${fetched.error.message}`));
    }
  }
  if (keys.length === 0) {
    if (graphToken) return graphVerdict(base, findings);
    findings.push(finding('jwt.signature-not-checked', 'info', 'the signature was not checked: no key was given to check it with (--key, Verify with…, or the issuer\'s published keys when online)'));
    return { signature: { status: 'not-checked', ...base, detail: 'no key was given to check it with' }, findings };
  }

  let candidates = selectKeys(keys, alg, kid, x5t);
  if (candidates.length === 0 && fromDiscovery && options.keySource && iss !== undefined) {
    // Unknown kid: the issuer may have rolled its keys. Refetch once (the source rate-limits it).
    const again = await options.keySource.keysForIssuer(iss, { refresh: true });
    if (again.ok) candidates = selectKeys(again.value.keys, alg, kid, x5t);
    // Entra apps with custom signing keys (claims mapping) publish them only under ?appid=.
    if (candidates.length === 0 && options.appId !== undefined) {
      const app = await options.keySource.keysForIssuer(iss, { appId: options.appId });
      if (app.ok) {
        candidates = selectKeys(app.value.keys, alg, kid, x5t);
        discoveryNote = keysFrom(app.value);
      }
    }
  }
  if (candidates.length === 0) {
    if (graphToken) return graphVerdict(base, findings);
    if (alg.startsWith('HS')) {
      findings.push(finding('jwt.alg-not-allowed', 'error', `the token asks for ${alg} (a shared secret), but the trusted keys are public keys: using a public key as an HMAC secret is the key-confusion attack, so it never verifies`));
      return { signature: { status: 'invalid', ...base, detail: 'HMAC with public key' }, findings };
    }
    const fitting = keys.filter((k) => keyFitsAlgorithm(k, alg));
    const why =
      fitting.length === 0
        ? `no trusted key fits ${alg}`
        : `no trusted ${fitting[0]?.kty} key has ${kid !== undefined ? `kid ${JSON.stringify(kid)}` : `x5t ${JSON.stringify(x5t)}`} (known: ${fitting.map((k) => k.kid ?? k.x5t ?? '(no kid)').slice(0, 10).join(', ')})`;
    findings.push(finding('jwt.key-not-found', 'error', `${why}; if the issuer rolled its signing keys, fetch the current JWKS`));
    return { signature: { status: 'invalid', ...base, detail: why }, findings };
  }

  for (const key of candidates) {
    if (await verifyJwsSignature(jws, key.key, alg)) {
      return {
        signature: { status: 'valid', ...base, detail: `verified with ${describeKey(key)}${discoveryNote ? ` from ${discoveryNote}` : ''}` },
        findings,
      };
    }
  }
  if (graphToken) return graphVerdict(base, findings);
  findings.push(finding('jwt.signature-invalid', 'error', `the signature does not verify with ${candidates.length === 1 ? describeKey(candidates[0]) : `any of ${candidates.length} matching trusted keys`}: the token was altered, or signed by another key`));
  return { signature: { status: 'invalid', ...base, detail: 'signature mismatch' }, findings };
}

/** Where fetched keys came from, for the report: "https://…/jwks (issuer named by palette.sso.json)". */
function keysFrom(keys: IssuerKeys): string {
  return keys.why !== undefined ? `${keys.jwksUri} (${keys.why})` : keys.jwksUri;
}

function graphVerdict(base: SignatureReport | { algorithm: string; keyId?: string }, findings: Finding[]): JwsVerification {
  findings.push(finding('jwt.graph-access-token', 'info', 'this is a Microsoft Graph access token (its header has a "nonce"): by design only Microsoft Graph can validate its signature; it is meant for Graph, not for your app. This is not a sign of tampering'));
  return { signature: { status: 'not-checked', ...base, detail: 'Graph access token' }, findings };
}

function selectKeys(keys: TrustedKey[], alg: JwsAlgorithm, kid: string | undefined, x5t: string | undefined): TrustedKey[] {
  const fitting = keys.filter((k) => keyFitsAlgorithm(k, alg));
  if (kid === undefined && x5t === undefined) return fitting;
  // Keys without a kid (a PEM or certificate the user gave) still count: the user vouched for them.
  return fitting.filter((k) => (kid !== undefined && (k.kid === kid || k.x5t === kid)) || (x5t !== undefined && k.x5t === x5t) || (k.kid === undefined && k.x5t === undefined) || (k.kid === undefined && k.certificate !== undefined));
}

function describeKey(key: TrustedKey | undefined): string {
  if (!key) return 'no key';
  const name = key.kid !== undefined ? `kid ${key.kid}` : key.certificate ? `certificate ${key.certificate.subject.replace(/\n/g, ', ')}` : `${key.kty} key`;
  return `${name} (${key.source})`;
}
