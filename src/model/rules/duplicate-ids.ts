import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** Ids and names that references and the product rely on being unique. */
export const duplicateIdsRule: ConfigRule = {
  name: 'duplicate-ids',
  ids: ['config.duplicate-id'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    const dup = <T>(items: readonly T[] | undefined, key: (t: T) => string | undefined, base: string, field: string, what: string, caseInsensitive = false): void => {
      const seen = new Map<string, number>();
      (items ?? []).forEach((item, i) => {
        const raw = key(item);
        if (raw === undefined) return;
        const k = caseInsensitive ? raw.toLowerCase() : raw;
        const first = seen.get(k);
        if (first === undefined) seen.set(k, i);
        else out.push(configFinding('config.duplicate-id', 'error', `${what} "${raw}" is defined twice (first at ${base}/${first}); references to it are ambiguous`, childPointer(base, i, field)));
      });
    };
    dup(index.providers.map((p) => p.value), (p) => p.id, '/providers', 'id', 'provider id');
    // App ids are global: `--app ID` and `upstreamApp` name them without their provider.
    const appSeen = new Map<string, string>();
    for (const a of index.apps) {
      const first = appSeen.get(a.value.id);
      if (first !== undefined) out.push(configFinding('config.duplicate-id', 'error', `app id "${a.value.id}" is defined twice (first at ${first}); app ids must be unique in the file`, childPointer(a.pointer, 'id')));
      else appSeen.set(a.value.id, a.pointer);
    }
    for (const p of index.providers) {
      dup(p.value.groups, (g) => g.id, childPointer(p.pointer, 'groups'), 'id', 'group id');
      dup(p.value.users, (u) => u.id, childPointer(p.pointer, 'users'), 'id', 'user id');
      if (p.value.type === 'keycloak') {
        // Keycloak aliases are case-sensitive but end up in URLs; two differing only by case confuse everyone.
        dup(p.value.identityProviders, (b) => b.alias, childPointer(p.pointer, 'identityProviders'), 'alias', 'identity provider alias', true);
        dup(p.value.keys, (k) => k.name, childPointer(p.pointer, 'keys'), 'name', 'realm key');
      }
    }
    for (const a of index.apps) {
      dup(a.value.appRoles, (r) => r.value, childPointer(a.pointer, 'appRoles'), 'value', 'app role value');
      dup(a.value.appRoles, (r) => r.id, childPointer(a.pointer, 'appRoles'), 'id', 'app role id', true);
      dup(a.value.teams, (t) => t.name, childPointer(a.pointer, 'teams'), 'name', 'team', a.value.teamMatching === 'case-insensitive');
    }
    for (const b of index.brokers) dup(b.value.mappers, (m) => m.name, childPointer(b.pointer, 'mappers'), 'name', 'mapper name');
    return out;
  },
};
