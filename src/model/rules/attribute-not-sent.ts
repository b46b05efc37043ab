import { configFinding, type ConfigFinding } from '../config-finding';
import { emittedIdTokenClaims, emittedSamlAttributes, SAML_CLAIMS_NS } from '../emitted-claims';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';
import { ownEntry } from '../../decoders/own-entry';

/**
 * Attribute names consumers commonly expect that Entra never sends, with the one it does send
 * [DOMAIN-FACTS: derricksmith/phpsaml#125; doc: reference-saml-tokens.md].
 */
const KNOWN_SLIPS: Record<string, string> = {
  [`${SAML_CLAIMS_NS}/firstname`]: `${SAML_CLAIMS_NS}/givenname`,
  [`${SAML_CLAIMS_NS}/lastname`]: `${SAML_CLAIMS_NS}/surname`,
  [`${SAML_CLAIMS_NS}/email`]: `${SAML_CLAIMS_NS}/emailaddress`,
  [`${SAML_CLAIMS_NS}/mail`]: `${SAML_CLAIMS_NS}/emailaddress`,
  [`${SAML_CLAIMS_NS}/groups`]: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  [`${SAML_CLAIMS_NS}/role`]: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/roles': 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
};

function suggest(name: string, emitted: Set<string>): string | undefined {
  const known = ownEntry(KNOWN_SLIPS, name);
  if (known && emitted.has(known)) return known;
  const tail = name.split('/').pop()?.toLowerCase();
  return [...emitted].find((e) => e.toLowerCase() === name.toLowerCase() || (tail !== undefined && e.split('/').pop()?.toLowerCase() === tail));
}

/**
 * Keycloak mappers reading attributes the upstream Entra app does not send. Entra sends full-URI
 * Names and no FriendlyName, so a mapper on `…/claims/firstname` or on a friendly name imports nothing.
 */
export const attributeNotSentRule: ConfigRule = {
  name: 'attribute-not-sent',
  ids: ['config.attribute-not-sent'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const m of index.mappers) {
      const up = m.broker.upstream;
      if (!up || up.provider.value.type !== 'entra') continue;
      const mapper = m.value;
      const emitted = up.value.protocol === 'saml' ? emittedSamlAttributes(up.value, up.provider.value) : emittedIdTokenClaims(up.value, up.provider.value);
      if (!emitted) continue;
      const check = (name: string, at: string): void => {
        if (emitted.has(name)) return;
        const better = suggest(name, emitted);
        out.push(
          configFinding('config.attribute-not-sent', 'warning', `mapper ${mapper.name} reads "${name}", which ${up.value.id} (Entra) does not send as configured${better ? `; Entra sends ${better}` : ''}`, at, better ? { title: `Use ${better}`, kind: 'replace', path: at, value: better } : undefined),
        );
      };
      if (up.value.protocol === 'saml' && mapper.friendlyName !== undefined && mapper.attributeName === undefined)
        out.push(configFinding('config.attribute-not-sent', 'warning', `mapper ${mapper.name} matches FriendlyName "${mapper.friendlyName}", but Entra sends attributes without a FriendlyName: use the full attribute Name`, childPointer(m.pointer, 'friendlyName')));
      if (mapper.attributeName !== undefined) check(mapper.attributeName, childPointer(m.pointer, 'attributeName'));
      if (mapper.claim !== undefined) check(mapper.claim, childPointer(m.pointer, 'claim'));
      (mapper.claims ?? []).forEach((c, i) => check(c.key, childPointer(m.pointer, 'claims', i, 'key')));
    }
    return out;
  },
};
