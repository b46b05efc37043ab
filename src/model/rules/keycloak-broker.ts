import { configFinding, crossHopFinding, type ConfigFinding } from '../config-finding';
import { matchExactly } from '../exact-match';
import type { KeycloakProvider } from '../config-types';
import { sameUrl } from '../identifiers';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** {baseUrl}/realms/{realm}: the realm URL, Keycloak's default SAML SP entity ID. */
export function realmUrl(realm: KeycloakProvider): string {
  return `${realm.baseUrl.replace(/\/+$/, '')}/realms/${realm.realm}`;
}

/** {baseUrl}/realms/{realm}/broker/{alias}/endpoint: the Redirect URI the Keycloak console shows for a brokered IdP. */
export function brokerEndpoint(realm: KeycloakProvider, alias: string): string {
  return `${realmUrl(realm)}/broker/${alias}/endpoint`;
}

/**
 * Keycloak brokering an upstream app: the upstream registration must name Keycloak's endpoints.
 * SAML: Identifier (Entity ID) = the broker redirect URI cut after the realm (the realm URL, unless
 * "Service provider entity ID" is set) and Reply URL = …/broker/{alias}/endpoint [seed: spark guide;
 * Keycloak Server Admin guide "SAML v2.0 providers"]. OIDC: the redirect URI = …/broker/{alias}/endpoint.
 * Exact: a trailing slash or a case difference is a different identifier to Entra; such near misses
 * are named. Each finding points at the Entra side and, as `relatedPath`, at the Keycloak side.
 */
export const keycloakBrokerRule: ConfigRule = {
  name: 'keycloak-broker',
  ids: ['config.keycloak-broker-mismatch'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const b of index.brokers) {
      const up = b.upstream;
      if (!up) continue;
      const realm = b.realm.value;
      const endpoint = brokerEndpoint(realm, b.value.alias);
      const app = up.value;
      if (b.value.protocol === 'saml') {
        if (app.protocol !== 'saml') {
          out.push(configFinding('config.keycloak-broker-mismatch', 'error', `identity provider ${b.value.alias} is SAML but its upstream app ${app.id} is ${app.protocol}`, childPointer(b.pointer, 'upstreamApp')));
          continue;
        }
        const entityId = b.value.saml?.serviceProviderEntityId ?? realmUrl(realm);
        const entityIdAt = b.value.saml?.serviceProviderEntityId !== undefined ? childPointer(b.pointer, 'saml', 'serviceProviderEntityId') : childPointer(b.realm.pointer, 'realm');
        const idMatch = matchExactly(app.identifiers, entityId);
        if (idMatch.kind === 'near') {
          const at = childPointer(up.pointer, 'identifiers', idMatch.index);
          out.push(crossHopFinding('config.keycloak-broker-mismatch', 'error', `Identifier (Entity ID) ${JSON.stringify(app.identifiers[idMatch.index])} of ${app.id} is not exactly ${entityId}, the Issuer Keycloak sends: ${idMatch.why}. Entra compares identifiers as strings and answers AADSTS700016`, at, entityIdAt, { title: `Set the identifier to ${entityId}`, kind: 'replace', path: at, value: entityId }));
        } else if (idMatch.kind === 'none') {
          const endpointUsed = app.identifiers.findIndex((i) => sameUrl(i, endpoint));
          const at = childPointer(up.pointer, 'identifiers', endpointUsed >= 0 ? endpointUsed : 0);
          out.push(
            crossHopFinding('config.keycloak-broker-mismatch', 'error', `Identifier (Entity ID) of ${app.id} must be ${entityId}: Keycloak sends ${b.value.saml?.serviceProviderEntityId ? 'its Service provider entity ID' : 'the realm URL (the broker redirect URI cut after the realm)'} as Issuer, and Entra answers AADSTS700016 for any other value${endpointUsed >= 0 ? ' — the full broker redirect URI belongs in the Reply URL, not here' : ''}`, at, entityIdAt, {
              title: `Set the identifier to ${entityId}`,
              kind: 'replace',
              path: at,
              value: entityId,
            }),
          );
        }
        const aliasAt = childPointer(b.pointer, 'alias');
        const replyMatch = matchExactly(app.replyUrls, endpoint);
        if (replyMatch.kind === 'near') {
          const at = childPointer(up.pointer, 'replyUrls', replyMatch.index);
          out.push(crossHopFinding('config.keycloak-broker-mismatch', 'error', `Reply URL ${JSON.stringify(app.replyUrls[replyMatch.index])} of ${app.id} is not exactly Keycloak's broker endpoint ${endpoint}: ${replyMatch.why}. Entra compares reply URLs as strings (AADSTS50011)`, at, aliasAt, { title: `Set the reply URL to ${endpoint}`, kind: 'replace', path: at, value: endpoint }));
        } else if (replyMatch.kind === 'none') {
          const at = childPointer(up.pointer, 'replyUrls', 0);
          out.push(
            crossHopFinding('config.keycloak-broker-mismatch', 'error', `Reply URL of ${app.id} must include ${endpoint}: Keycloak receives the assertion for alias "${b.value.alias}" only there (AADSTS50011 otherwise)`, at, aliasAt, {
              title: `Set the reply URL to ${endpoint}`,
              kind: 'replace',
              path: at,
              value: endpoint,
            }),
          );
        }
      } else {
        if (app.protocol !== 'oidc') {
          out.push(configFinding('config.keycloak-broker-mismatch', 'error', `identity provider ${b.value.alias} is OIDC but its upstream app ${app.id} is ${app.protocol}`, childPointer(b.pointer, 'upstreamApp')));
          continue;
        }
        const redirect = matchExactly(app.redirectUris ?? [], endpoint);
        if (redirect.kind === 'near') {
          const at = childPointer(up.pointer, 'redirectUris', redirect.index);
          out.push(crossHopFinding('config.keycloak-broker-mismatch', 'error', `redirect URI ${JSON.stringify(app.redirectUris?.[redirect.index])} of ${app.id} is not exactly the broker endpoint ${endpoint}: ${redirect.why}. Entra compares redirect URIs as strings (AADSTS50011)`, at, childPointer(b.pointer, 'alias'), { title: `Set the redirect URI to ${endpoint}`, kind: 'replace', path: at, value: endpoint }));
        } else if (redirect.kind === 'none')
          out.push(crossHopFinding('config.keycloak-broker-mismatch', 'error', `redirect URIs of ${app.id} must include ${endpoint}, the broker endpoint of alias "${b.value.alias}" (AADSTS50011 otherwise)`, childPointer(up.pointer, 'redirectUris'), childPointer(b.pointer, 'alias')));
        const clientId = b.value.oidc?.clientId;
        if (clientId !== undefined && clientId !== app.clientId)
          out.push(configFinding('config.keycloak-broker-mismatch', 'error', `client ID ${clientId} differs from upstream app ${app.id}'s client ID ${app.clientId}`, childPointer(b.pointer, 'oidc', 'clientId')));
      }
    }
    return out;
  },
};
