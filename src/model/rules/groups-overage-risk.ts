import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * Entra stops sending group IDs above 200 groups in a JWT and 150 in a SAML assertion and sends an
 * overage link instead [doc: access-token-claims-reference.md "Groups overage claim";
 * reference-saml-tokens.md]. Products (and Keycloak) do not follow the link, so large-directory
 * users land in no team. "Groups assigned to the application" caps the list at what the app uses.
 */
export const JWT_GROUPS_LIMIT = 200;
export const SAML_GROUPS_LIMIT = 150;

export const groupsOverageRiskRule: ConfigRule = {
  name: 'groups-overage-risk',
  ids: ['config.groups-overage-risk'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      const g = a.value.groupsClaim;
      if (!g || a.provider.value.type !== 'entra') continue;
      const broad = g.membership.filter((m) => m === 'SecurityGroup' || m === 'All');
      if (broad.length === 0) continue;
      const limit = a.value.protocol === 'saml' ? SAML_GROUPS_LIMIT : JWT_GROUPS_LIMIT;
      const brokered = index.brokers.some((b) => b.upstream?.value === a.value);
      const at = childPointer(a.pointer, 'groupsClaim', 'membership');
      out.push(
        configFinding('config.groups-overage-risk', 'warning', `groups claim sends ${broad.includes('All') ? 'all groups' : 'all security groups'} the user belongs to: above ${limit} groups (${a.value.protocol === 'saml' ? 'SAML' : 'JWT'}) Entra drops them and sends an overage link instead${brokered ? ', which Keycloak cannot follow' : ''}. Choose "Groups assigned to the application" (ApplicationGroup) and assign the groups, or use app roles`, at, {
          title: 'Send only groups assigned to the application',
          kind: 'replace',
          path: at,
          value: ['ApplicationGroup'],
        }),
      );
    }
    return out;
  },
};
