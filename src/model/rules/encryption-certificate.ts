import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * Encryption asked for but with nothing to encrypt to. Entra encrypts assertions only with an
 * imported and activated encryption certificate [doc: howto-saml-token-encryption.md]; a Keycloak
 * broker with "Want Assertions encrypted" needs an enc key in the realm and rejects plain assertions.
 */
export const encryptionWithoutCertificateRule: ConfigRule = {
  name: 'encryption-without-certificate',
  ids: ['config.encryption-without-certificate'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      if (a.value.protocol !== 'saml') continue;
      const enc = a.value.encryption;
      if (enc?.enabled && !enc.certificate) out.push(configFinding('config.encryption-without-certificate', 'error', `${a.value.id} has token encryption on but no encryption certificate: import the SP's .cer under Security → Token encryption and activate it`, childPointer(a.pointer, 'encryption')));
    }
    for (const b of index.brokers) {
      if (!b.value.saml?.wantAssertionsEncrypted) continue;
      const realm = b.realm.value;
      const at = childPointer(b.pointer, 'saml', 'wantAssertionsEncrypted');
      if (realm.keys && !realm.keys.some((k) => k.use === 'enc'))
        out.push(configFinding('config.encryption-without-certificate', 'error', `identity provider ${b.value.alias} wants encrypted assertions but realm ${realm.realm} has no encryption key: add an rsa-enc-generated key (Realm settings → Keys → Add provider)`, at));
      const up = b.upstream?.value;
      if (up && up.protocol === 'saml' && !(up.encryption?.enabled && up.encryption.certificate))
        out.push(configFinding('config.encryption-without-certificate', 'error', `identity provider ${b.value.alias} wants encrypted assertions but upstream app ${up.id} does not encrypt (no active token encryption certificate): Keycloak will reject every assertion`, at));
    }
    return out;
  },
};
