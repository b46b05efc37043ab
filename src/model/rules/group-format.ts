import { configFinding, type ConfigFinding } from '../config-finding';
import type { App, GroupClaimFormat, IdpGroup } from '../config-types';
import { ENTRA_GROUPS_ATTRIBUTE, groupsClaimName } from '../emitted-claims';
import { isGuid } from '../identifiers';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** The group claim format of the token the product reads. Entra's default is the object ID [doc: how-to-connect-fed-group-claims.md]. */
export function groupClaimFormat(app: App): GroupClaimFormat {
  const g = app.groupsClaim;
  return (app.protocol === 'oidc' ? g?.idToken?.format : g?.saml?.format) ?? 'objectId';
}

/** The string Entra puts into the groups claim for this group in this format; undefined when unknowable. */
export function groupValueInToken(group: IdpGroup, format: GroupClaimFormat): string | undefined {
  switch (format) {
    case 'objectId':
      return group.objectId;
    case 'cloudDisplayName':
      return group.displayName;
    case 'sAMAccountName':
      // Cloud-only groups have no sAMAccountName: Entra sends their object ID instead.
      return group.samAccountName ?? group.objectId;
    default:
      return undefined;
  }
}

const describe = (f: GroupClaimFormat): string => (f === 'objectId' ? 'group object IDs (GUIDs)' : f === 'cloudDisplayName' ? 'cloud group display names' : `${f} names`);

/**
 * Teams are matched by comparing the team name (or a mapper's value) with what the groups claim
 * carries. Entra sends object IDs unless told otherwise; names only as sAMAccountName (synced groups)
 * or cloud display names (groups assigned to the application) [doc: how-to-connect-fed-group-claims.md].
 * A team named by display name while GUIDs arrive — or the reverse — never gets a member.
 */
export const groupFormatRule: ConfigRule = {
  name: 'group-format',
  ids: ['config.group-format-mismatch'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      const app = a.value;
      const fmt = groupClaimFormat(app);
      const groupsClaim = groupsClaimName(app);
      if (a.provider.value.type === 'entra' && app.groupsClaim) {
        if (fmt === 'cloudDisplayName' && !app.groupsClaim.membership.includes('ApplicationGroup'))
          out.push(configFinding('config.group-format-mismatch', 'error', 'cloud-only group display names are sent only for "Groups assigned to the application" (groupMembershipClaims ApplicationGroup); with other group types Entra sends object IDs', childPointer(a.pointer, 'groupsClaim', 'membership')));
      }
      const teamClaim = app.claimMapping?.team;
      const matchesGroups = groupsClaim !== undefined && teamClaim !== undefined && (teamClaim === groupsClaim || (app.protocol === 'oidc' && teamClaim === 'groups' && groupsClaim === 'groups'));
      if (!matchesGroups || a.provider.value.type !== 'entra') continue;
      (app.teams ?? []).forEach((t, i) => {
        const at = childPointer(a.pointer, 'teams', i, 'name');
        const groupId = t.source?.group;
        const group = groupId !== undefined ? index.group(a.provider.value, groupId) : undefined;
        const expected = group ? groupValueInToken(group, fmt) : undefined;
        if (expected !== undefined) {
          const same = app.teamMatching === 'case-insensitive' ? expected.toLowerCase() === t.name.toLowerCase() : expected === t.name;
          if (!same)
            out.push(
              configFinding('config.group-format-mismatch', 'error', `team "${t.name}" takes members from group ${group?.displayName ?? groupId}, but the ${teamClaim} claim carries ${describe(fmt)}: this group arrives as "${expected}", so the team must be named that`, at, {
                title: `Rename the team to ${expected}`,
                kind: 'replace',
                path: at,
                value: expected,
              }),
            );
          return;
        }
        if (t.source && t.source.group === undefined) return;
        if (fmt === 'objectId' && !isGuid(t.name))
          out.push(configFinding('config.group-format-mismatch', 'error', `team "${t.name}" is named like a group display name, but the ${teamClaim} claim carries ${describe(fmt)}: no user will ever match it. Name the team by the group's object ID, or send names (sAMAccountName, or cloud display names for groups assigned to the application)`, at));
        else if (fmt !== 'objectId' && isGuid(t.name))
          out.push(configFinding('config.group-format-mismatch', 'error', `team "${t.name}" is named by object ID, but the ${teamClaim} claim carries ${describe(fmt)}`, at));
      });
    }
    for (const m of index.mappers) {
      const up = m.broker.upstream;
      if (!up || up.provider.value.type !== 'entra' || !up.value.groupsClaim) continue;
      const fmt = groupClaimFormat(up.value);
      const name = groupsClaimName(up.value);
      const pairs = m.value.claims ?? (m.value.claimValue !== undefined ? [{ key: m.value.attributeName ?? m.value.claim ?? '', value: m.value.claimValue }] : []);
      pairs.forEach((p, i) => {
        if (m.value.regex) return;
        const isGroups = p.key === name || p.key === ENTRA_GROUPS_ATTRIBUTE || p.key === 'groups';
        if (!isGroups) return;
        const at = m.value.claims ? childPointer(m.pointer, 'claims', i, 'value') : childPointer(m.pointer, 'claimValue');
        if (fmt === 'objectId' && !isGuid(p.value))
          out.push(configFinding('config.group-format-mismatch', 'error', `mapper ${m.value.name} expects group "${p.value}" by name, but ${up.value.id} sends ${describe(fmt)}: use the group's Object ID`, at));
        else if (fmt !== 'objectId' && isGuid(p.value))
          out.push(configFinding('config.group-format-mismatch', 'error', `mapper ${m.value.name} expects a group object ID, but ${up.value.id} sends ${describe(fmt)}`, at));
      });
    }
    return out;
  },
};
