import { asIndex, type ConfigIndex, type MapperEntry } from '../config-index';
import type { KeycloakSyncMode, SsoConfig } from '../config-types';

/** Mappers that add a group or role (LEGACY adds none after the first login). */
const GRANTING = new Set(['hardcoded-group', 'hardcoded-role', 'claim-to-role', 'advanced-claim-to-role', 'advanced-claim-to-group']);

/** A mapper's sync mode once INHERIT is resolved; Keycloak's identity-provider default is LEGACY. */
export function effectiveSyncMode(m: MapperEntry): KeycloakSyncMode {
  const mode = m.value.syncMode ?? 'INHERIT';
  return mode === 'INHERIT' ? (m.broker.value.syncMode ?? 'LEGACY') : mode;
}

/**
 * Whether the user's first login through a Keycloak broker and a later one map differently for
 * this app (or any app): some mapper runs only at import (IMPORT) or adds memberships only then
 * (LEGACY). The UI asks "first or later login?" only then.
 */
export function keycloakLoginMatters(config: SsoConfig | ConfigIndex, appId?: string): boolean {
  const index = asIndex(config);
  return index.mappers.some((m) => {
    if (m.broker.value.enabled === false || (appId !== undefined && m.broker.upstream?.value.id !== appId)) return false;
    const mode = effectiveSyncMode(m);
    return mode === 'IMPORT' || (mode === 'LEGACY' && GRANTING.has(m.value.type));
  });
}
