import { configFinding, type ConfigFinding } from '../config-finding';
import type { App } from '../config-types';
import { ENTRA_ROLE_ATTRIBUTE } from '../emitted-claims';
import { childPointer } from '../json-pointer';
import { regexMatches } from '../safe-regex';
import type { ConfigRule } from './rule';

/** Names under which this app sends assigned app roles (`roles`, …/claims/role, or a custom claim from user.assignedroles). */
function roleClaims(app: App): Set<string> {
  const out = new Set<string>(app.protocol === 'oidc' ? ['roles'] : [ENTRA_ROLE_ATTRIBUTE]);
  if (app.protocol === 'saml') for (const c of app.claims ?? []) if (c.source.toLowerCase() === 'user.assignedroles') out.add(c.namespace ? `${c.namespace.replace(/\/$/, '')}/${c.name}` : c.name);
  return out;
}

function matches(value: string, regex: boolean | undefined, role: string): boolean {
  if (!regex) return value === role;
  // Keycloak matches the whole value (Java String.matches). The pattern is the config's: run it with a
  // time limit, so a catastrophic one cannot hang `check` (a pattern that does not compile matches nothing).
  return regexMatches(`^(?:${value})$`, role) === true;
}

/**
 * A mapper or team on the role claim waiting for a value no app role has: nobody can ever be assigned
 * it, so the group stays empty. With "emit groups as role claims" the role claim carries groups instead
 * and this rule steps aside.
 */
export const unknownAppRoleRule: ConfigRule = {
  name: 'unknown-app-role',
  ids: ['config.unknown-app-role'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const m of index.mappers) {
      const up = m.broker.upstream;
      if (!up || up.provider.value.type !== 'entra') continue;
      const app = up.value;
      const g = app.groupsClaim;
      if ((app.protocol === 'saml' ? g?.saml : g?.idToken)?.emitAsRoles) continue;
      const names = roleClaims(app);
      const roles = (app.appRoles ?? []).map((r) => r.value);
      const pairs = m.value.claims ?? (m.value.claimValue !== undefined ? [{ key: m.value.attributeName ?? m.value.claim ?? '', value: m.value.claimValue }] : []);
      pairs.forEach((p, i) => {
        if (!names.has(p.key)) return;
        if (roles.some((r) => matches(p.value, m.value.regex, r))) return;
        const at = m.value.claims ? childPointer(m.pointer, 'claims', i, 'value') : childPointer(m.pointer, 'claimValue');
        out.push(configFinding('config.unknown-app-role', 'error', `mapper ${m.value.name} waits for role "${p.value}", but ${app.id} has ${roles.length ? `only the app roles ${roles.join(', ')}` : 'no app roles'}: nobody can be assigned it, so the mapper never fires. Create the app role (App registrations → App roles) with that Value`, at));
      });
    }
    for (const a of index.apps) {
      const roles = new Set((a.value.appRoles ?? []).map((r) => r.value));
      (a.value.teams ?? []).forEach((t, i) => {
        const r = t.source?.appRole;
        if (r !== undefined && !roles.has(r)) out.push(configFinding('config.unknown-app-role', 'error', `team ${t.name} takes members with app role "${r}", which ${a.value.id} does not define`, childPointer(a.pointer, 'teams', i, 'source', 'appRole')));
      });
    }
    return out;
  },
};
