import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * SHA-1 signatures are collision-prone (SHAttered, 2017) and deprecated for XML signatures
 * [W3C xmldsig-core1 §6.1: SHA-1 "discouraged"]. Entra defaults to RSA-SHA256; Keycloak to RSA_SHA256.
 */
export const sha1SigningRule: ConfigRule = {
  name: 'sha1-signing',
  ids: ['config.sha1-signing'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      if (a.value.protocol !== 'saml') continue;
      if (a.value.signing?.algorithm === 'rsa-sha1') {
        const at = childPointer(a.pointer, 'signing', 'algorithm');
        out.push(configFinding('config.sha1-signing', 'warning', `${a.value.id} signs tokens with RSA-SHA1; choose SHA-256 (Token signing certificate → Signing Algorithm)`, at, { title: 'Sign with RSA-SHA256', kind: 'replace', path: at, value: 'rsa-sha256' }));
      }
      if (a.value.verificationCertificates?.allowSha1) {
        const at = childPointer(a.pointer, 'verificationCertificates', 'allowSha1');
        out.push(configFinding('config.sha1-signing', 'warning', `${a.value.id} accepts requests signed with RSA-SHA1; untick "Allow requests signed with RSA-SHA1" unless the SP can sign only with SHA-1`, at, { title: 'Refuse RSA-SHA1 requests', kind: 'replace', path: at, value: false }));
      }
    }
    for (const b of index.brokers) {
      const alg = b.value.saml?.signatureAlgorithm;
      if (alg === 'RSA_SHA1' || alg === 'DSA_SHA1') {
        const at = childPointer(b.pointer, 'saml', 'signatureAlgorithm');
        out.push(configFinding('config.sha1-signing', 'warning', `identity provider ${b.value.alias} signs AuthnRequests with ${alg}; use RSA_SHA256`, at, { title: 'Use RSA_SHA256', kind: 'replace', path: at, value: 'RSA_SHA256' }));
      }
    }
    return out;
  },
};
