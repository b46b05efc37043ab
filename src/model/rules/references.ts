import { configFinding, type ConfigFinding } from '../config-finding';
import type { KeycloakProvider } from '../config-types';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** Every id used as a reference names something defined in the file. */
export const referencesRule: ConfigRule = {
  name: 'references',
  ids: ['config.unknown-reference'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    const missing = (path: string, message: string): void => {
      out.push(configFinding('config.unknown-reference', 'error', message, path));
    };
    for (const p of index.providers) {
      const groupIds = new Set((p.value.groups ?? []).map((g) => g.id));
      (p.value.users ?? []).forEach((u, ui) =>
        (u.groups ?? []).forEach((g, gi) => {
          if (!groupIds.has(g)) missing(childPointer(p.pointer, 'users', ui, 'groups', gi), `user ${u.id} is a member of "${g}", which is not a group of provider ${p.value.id}`);
        }),
      );
    }
    const keycloakGroups = new Set<string>();
    for (const p of index.providers) if (p.value.type === 'keycloak') for (const g of p.value.groups ?? []) for (const n of [g.id, g.displayName, g.path, g.path?.replace(/^\//, '')]) if (n) keycloakGroups.add(n);

    for (const a of index.apps) {
      const provider = a.provider.value;
      const roles = new Set((a.value.appRoles ?? []).map((r) => r.value));
      (a.value.assignments ?? []).forEach((as, i) => {
        const at = childPointer(a.pointer, 'assignments', i);
        if (as.user !== undefined && !index.user(provider, as.user)) missing(childPointer(at, 'user'), `assigned user "${as.user}" is not a user of provider ${provider.id}`);
        if (as.group !== undefined && !index.group(provider, as.group)) missing(childPointer(at, 'group'), `assigned group "${as.group}" is not a group of provider ${provider.id}`);
        if (as.role !== undefined && !roles.has(as.role)) missing(childPointer(at, 'role'), `app role "${as.role}" is not defined in ${a.value.id}'s appRoles`);
      });
      (a.value.teams ?? []).forEach((t, i) => {
        const s = t.source;
        const at = childPointer(a.pointer, 'teams', i, 'source');
        if (s?.group !== undefined && !index.group(provider, s.group)) missing(childPointer(at, 'group'), `team ${t.name} takes members from group "${s.group}", which is not a group of provider ${provider.id}`);
        if (s?.keycloakGroup !== undefined && keycloakGroups.size > 0 && !keycloakGroups.has(s.keycloakGroup)) missing(childPointer(at, 'keycloakGroup'), `team ${t.name} takes members from Keycloak group "${s.keycloakGroup}", which no Keycloak realm here defines`);
      });
      const teamNames = new Set((a.value.teams ?? []).map((t) => t.name));
      if (teamNames.size > 0)
        (a.value.defaultTeams ?? []).forEach((d, i) => {
          if (!teamNames.has(d)) missing(childPointer(a.pointer, 'defaultTeams', i), `default team "${d}" is not one of ${a.value.id}'s teams; the product will not find it`);
        });
      const server = a.value.protocol === 'oidc' ? a.value.authorizationServer : undefined;
      if (server !== undefined) {
        const servers = provider.type === 'okta' ? (provider.authorizationServers ?? []) : [];
        if (!servers.some((s) => s.id === server)) missing(childPointer(a.pointer, 'authorizationServer'), `authorization server "${server}" is not defined on provider ${provider.id}${provider.type === 'okta' ? '' : ' (custom authorization servers exist only in Okta)'}`);
      }
    }
    for (const b of index.brokers) {
      if (b.value.upstreamApp !== undefined && !b.upstream) missing(childPointer(b.pointer, 'upstreamApp'), `upstream app "${b.value.upstreamApp}" is not an app in this file`);
      const realmGroups = groupNames(b.realm.value);
      if (realmGroups.size === 0) continue;
      (b.value.mappers ?? []).forEach((m, i) => {
        if (m.group !== undefined && !realmGroups.has(m.group.replace(/^\//, ''))) missing(childPointer(b.pointer, 'mappers', i, 'group'), `mapper ${m.name} joins group "${m.group}", which is not a group of realm ${b.realm.value.realm}`);
      });
    }
    return out;
  },
};

function groupNames(realm: KeycloakProvider): Set<string> {
  const out = new Set<string>();
  for (const g of realm.groups ?? []) for (const n of [g.id, g.displayName, g.path?.replace(/^\//, '')]) if (n) out.add(n);
  return out;
}
