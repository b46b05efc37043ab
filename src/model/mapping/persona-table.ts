import { asIndex, type ConfigIndex } from '../config-index';
import type { SsoConfig } from '../config-types';
import { childPointer } from '../json-pointer';
import { withRegexBudget } from '../safe-regex';
import { analyzeClaims, type MappingOptions } from './analyze-claims';
import type { MappingResult } from './mapping-types';
import { assignmentOf, synthesizeClaims } from './synthesize-claims';

export interface PersonaRow {
  appId: string;
  appPath: string;
  userId: string;
  /** JSON pointer of the test user. */
  userPath: string;
  userLabel: string;
  /** Entra refuses the sign-in when assignment is required and the user is not assigned (AADSTS50105). */
  signIn: 'ok' | 'not-assigned';
  /** Claims synthesized for the user, name → values (what the analysis ran on). */
  claims: Record<string, string[]>;
  nameId?: { value: string; format?: string };
  mapping: MappingResult;
}

export interface PersonaTable {
  rows: PersonaRow[];
}

/**
 * "Sample personas": every test user of each app's provider, signed in to every app (or one), with
 * the claims the provider would send as configured, through the same analysis as a real artifact —
 * who lands where, before anyone signs in.
 */
export function personaTable(config: SsoConfig | ConfigIndex, appId?: string, options: MappingOptions = {}): PersonaTable {
  // One regex budget for the whole table; each row's analysis says when its own matches were cut.
  return withRegexBudget(() => buildTable(config, appId, options)).value;
}

function buildTable(config: SsoConfig | ConfigIndex, appId: string | undefined, options: MappingOptions): PersonaTable {
  const index = asIndex(config);
  const rows: PersonaRow[] = [];
  for (const entry of index.apps) {
    const app = entry.value;
    if (appId !== undefined && app.id !== appId) continue;
    (entry.provider.value.users ?? []).forEach((user, ui) => {
      const bag = synthesizeClaims(entry, user);
      const mapping = analyzeClaims(bag, index, entry, { kind: app.protocol === 'oidc' ? 'jwt' : 'saml-response', signatureStatus: 'not-checked' }, { ...options, personaGroups: user.groups ?? [] });
      const assigned = app.assignmentRequired !== true || assignmentOf(app, user).assigned;
      rows.push({
        appId: app.id,
        appPath: entry.pointer,
        userId: user.id,
        userPath: childPointer(entry.provider.pointer, 'users', ui),
        userLabel: user.displayName ?? user.userPrincipalName ?? user.mail ?? user.id,
        signIn: assigned ? 'ok' : 'not-assigned',
        claims: Object.fromEntries(bag.values),
        ...(bag.nameId ? { nameId: bag.nameId } : {}),
        mapping,
      });
    });
  }
  return { rows };
}
