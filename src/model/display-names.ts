/**
 * Names where people think in names: a group object ID, a Keycloak group path, an app role value or a user's
 * object ID, looked up in the config so every surface (report, trace, persona table, tree, CLI) can show the
 * display name beside the raw value. Pure: no `vscode`.
 */
import type { SsoConfig, Provider } from './config-types';

export interface DisplayName {
  /** The raw value as it appears in a token, an assertion or the config (a GUID, a path, a role value). */
  readonly value: string;
  /** The config's human name for it, when it has one different from the value. */
  readonly name?: string;
  /** What the value is. */
  readonly kind: 'group' | 'app-role' | 'user' | 'keycloak-group';
}

export interface DisplayNames {
  /** The entry for a raw value, or undefined when the config does not name it. */
  lookup(value: string): DisplayName | undefined;
  /** `name (value)` when the config names it, else the value itself. */
  label(value: string): string;
}

/** A GUID such as an Entra object ID: compared case-insensitively, as Entra does. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function key(value: string): string {
  return GUID.test(value) ? value.toLowerCase() : value;
}

/** Builds the lookup for one provider, or for the whole file when `provider` is omitted. */
export function displayNames(config: SsoConfig, provider?: Provider): DisplayNames {
  const table = new Map<string, DisplayName>();
  const put = (value: string | undefined, name: string | undefined, kind: DisplayName['kind']): void => {
    if (value === undefined || value === '' || name === undefined || name === '' || name === value) return;
    const k = key(value);
    if (!table.has(k)) table.set(k, { value, name, kind });
  };
  for (const p of provider ? [provider] : config.providers) {
    for (const g of p.groups ?? []) {
      const name = g.displayName ?? g.id;
      put(g.objectId, name, 'group');
      put(g.samAccountName, g.displayName, 'group');
      put(g.id, g.displayName, 'group');
      put(g.path, g.displayName, 'keycloak-group');
    }
    for (const u of p.users ?? []) put(u.objectId, u.displayName ?? u.userPrincipalName ?? u.id, 'user');
    for (const a of p.apps ?? []) for (const r of a.appRoles ?? []) put(r.value, r.displayName, 'app-role');
  }
  return {
    lookup: (value) => table.get(key(value)),
    label: (value) => {
      const hit = table.get(key(value));
      return hit?.name !== undefined ? `${hit.name} (${value})` : value;
    },
  };
}
