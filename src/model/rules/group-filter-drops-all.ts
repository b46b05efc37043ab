import { configFinding, type ConfigFinding } from '../config-finding';
import type { App } from '../config-types';
import { ENTRA_GROUPS_ATTRIBUTE, groupsClaimName, roleClaimName } from '../emitted-claims';
import { describeEntraFilter, describeOktaFilter, entraFilterKeeps, filterNearMiss, groupsBeforeFilter, listNames, oktaFilterKeeps } from '../group-filter';
import { childPointer } from '../json-pointer';
import { valueMatches } from '../mapping/analyze-claims';
import { groupClaimFormat, groupValueInToken } from './group-format';
import type { ConfigRule } from './rule';

/** Teams that can only get members through the groups claim. */
function teamsNeedGroups(app: App): boolean {
  const claim = groupsClaimName(app);
  return (app.teams ?? []).some((t) => t.source?.group !== undefined || (claim !== undefined && app.claimMapping?.team === claim));
}

/**
 * A group filter that keeps none of the groups the config knows — Entra's "Filter groups" (prefix,
 * contains, suffix), an Okta groups claim filter, or a Keycloak mapper's regex over the values the
 * upstream app can send — so no user ever arrives with a group. When the filter written with
 * another separator (or case) would keep some, that value is offered as the fix.
 */
export const groupFilterDropsAllRule: ConfigRule = {
  name: 'group-filter-drops-all',
  ids: ['config.group-filter-drops-all'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      const app = a.value;
      const filter = app.groupsClaim?.filter;
      if (!filter) continue;
      const candidates = groupsBeforeFilter(app, a.provider.value);
      if (candidates.length === 0 || candidates.some((g) => entraFilterKeeps(filter, g))) continue;
      const values = candidates.map((g) => (filter.attribute === 'displayName' ? g.displayName : g.samAccountName));
      // Cloud-only groups have no sAMAccountName: a filter on it drops them whatever it says.
      const names = candidates.map((g, i) => values[i] ?? `${g.displayName ?? g.id} (no ${filter.attribute})`);
      const near = filterNearMiss(filter.value, values.filter((v): v is string => v !== undefined), (v, n) => entraFilterKeeps({ ...filter, value: v }, { id: n, displayName: n, samAccountName: n }));
      const path = childPointer(a.pointer, 'groupsClaim', 'filter', 'value');
      const hint = near ? `; ${JSON.stringify(near.value)} would keep ${listNames(near.kept)}` : '';
      out.push(
        configFinding(
          'config.group-filter-drops-all',
          teamsNeedGroups(app) ? 'error' : 'warning',
          `the group filter (${describeEntraFilter(filter)}) drops every group: ${listNames(names)}. No user gets a groups claim${teamsNeedGroups(app) ? ', so the teams fed from groups never get a member' : ''}${hint}`,
          path,
          near ? { title: `Filter on ${JSON.stringify(near.value)}`, kind: 'replace', path, value: near.value } : undefined,
        ),
      );
    }
    for (const p of index.providers) {
      const provider = p.value;
      if (provider.type !== 'okta') continue;
      const names = (provider.groups ?? []).map((g) => g.displayName ?? g.id);
      if (names.length === 0) continue;
      (provider.authorizationServers ?? []).forEach((server, si) =>
        (server.claims ?? []).forEach((claim, ci) => {
          const f = claim.groupFilter;
          if (claim.valueType !== 'groups' || !f || names.some((n) => oktaFilterKeeps(f, n))) return;
          const near = f.match === 'regex' ? undefined : filterNearMiss(f.value, names, (v, n) => oktaFilterKeeps({ ...f, value: v }, n));
          const path = childPointer(p.pointer, 'authorizationServers', si, 'claims', ci, 'groupFilter', 'value');
          out.push(
            configFinding(
              'config.group-filter-drops-all',
              'warning',
              `the ${claim.name} claim's filter (${describeOktaFilter(f)}) drops every group: ${listNames(names)}. The claim is never sent with a group${near ? `; ${JSON.stringify(near.value)} would keep ${listNames(near.kept)}` : ''}`,
              path,
              near ? { title: `Filter on ${JSON.stringify(near.value)}`, kind: 'replace', path, value: near.value } : undefined,
            ),
          );
        }),
      );
    }
    // Keycloak regex mappers over the values the upstream app can send (groups in its claim format, app roles).
    for (const m of index.mappers) {
      const mapper = m.value;
      const upstream = m.broker.upstream;
      if (mapper.regex !== true || !upstream || !mapper.claims) continue;
      const app = upstream.value;
      const groupValues = groupsBeforeFilter(app, upstream.provider.value)
        .map((g) => groupValueInToken(g, groupClaimFormat(app)))
        .filter((v): v is string => v !== undefined);
      mapper.claims.forEach((pair, i) => {
        const isGroups = pair.key === ENTRA_GROUPS_ATTRIBUTE || pair.key === 'groups' || pair.key === groupsClaimName(app);
        const isRoles = pair.key === roleClaimName(app) || pair.key === 'roles';
        const known = isGroups ? groupValues : isRoles ? (app.appRoles ?? []).filter((r) => r.enabled !== false).map((r) => r.value) : [];
        if (known.length === 0 || known.some((v) => valueMatches(v, pair.value, true, false))) return;
        out.push(
          configFinding(
            'config.group-filter-drops-all',
            'warning',
            `Keycloak mapper ${mapper.name} matches ${pair.key} against /${pair.value}/ (the whole value must match), which none of the ${isGroups ? 'groups' : 'app roles'} ${app.id} can send matches: ${listNames(known)}. The mapper never grants ${mapper.group ?? mapper.role ?? 'anything'}`,
            childPointer(m.pointer, 'claims', i, 'value'),
          ),
        );
      });
    }
    return out;
  },
};
