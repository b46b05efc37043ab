import type { App, GroupsClaim, IdpGroup, OktaCustomClaim, Provider } from './config-types';
import { regexMatches } from './safe-regex';

/**
 * Group filters as the IdPs apply them, and what a filter that keeps nothing would have kept with
 * the separator the directory actually uses. The Palette guide's Okta claim filters on "Starts
 * with: palette-" while its groups are named palette_tenant_admins: every group is dropped.
 */

export type EntraGroupFilter = NonNullable<GroupsClaim['filter']>;
export type OktaGroupFilter = NonNullable<OktaCustomClaim['groupFilter']>;

/** Entra's group filter on display name or sAMAccountName (enterprise app → Attributes & Claims → groups → Filter groups). */
export function entraFilterKeeps(filter: EntraGroupFilter, group: IdpGroup): boolean {
  const v = (filter.attribute === 'displayName' ? group.displayName : group.samAccountName) ?? '';
  return filter.match === 'prefix' ? v.startsWith(filter.value) : filter.match === 'suffix' ? v.endsWith(filter.value) : v.includes(filter.value);
}

/** Okta's groups claim filter (Starts with / Equals / Contains / Matches regex) on the group name. */
export function oktaFilterKeeps(filter: OktaGroupFilter, name: string): boolean {
  switch (filter.match) {
    case 'startsWith':
      return name.startsWith(filter.value);
    case 'equals':
      return name === filter.value;
    case 'contains':
      return name.includes(filter.value);
    case 'regex':
      // As the persona synthesis always did: a search, not a whole-value match (Okta's docs leave it open).
      return regexMatches(filter.value, name) === true;
  }
}

export function describeEntraFilter(filter: EntraGroupFilter): string {
  const how = filter.match === 'prefix' ? 'starts with' : filter.match === 'suffix' ? 'ends with' : 'contains';
  return `${filter.attribute} ${how} ${JSON.stringify(filter.value)}`;
}

export function describeOktaFilter(filter: OktaGroupFilter): string {
  const how = filter.match === 'startsWith' ? 'starts with' : filter.match === 'regex' ? 'matches regex' : filter.match;
  return `group name ${how} ${JSON.stringify(filter.value)}`;
}

/** The groups Entra considers for the app's claim, before the filter: all of the user's, or only those assigned to the app. */
export function groupsBeforeFilter(app: App, provider: Provider): IdpGroup[] {
  const all = provider.groups ?? [];
  const g = app.groupsClaim;
  if (g && g.membership.length === 1 && g.membership[0] === 'ApplicationGroup') return all.filter((x) => (app.assignments ?? []).some((a) => a.group === x.id));
  return all;
}

/**
 * A filter value written with another separator (`palette-` for `palette_…`) or in another case:
 * the variant that keeps at least one of `names`, if any. Only for plain-text filters.
 */
export function filterNearMiss(value: string, names: string[], keeps: (candidate: string, name: string) => boolean): { value: string; kept: string[] } | undefined {
  const variants = new Set<string>();
  for (const sep of ['-', '_', '.', ' ']) variants.add(value.replace(/[-_. ]/g, sep));
  variants.add(value.toLowerCase());
  variants.add(value.toUpperCase());
  variants.delete(value);
  for (const v of variants) {
    const kept = names.filter((n) => keeps(v, n));
    if (kept.length > 0) return { value: v, kept };
  }
  return undefined;
}

export function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}
