import { ENTRA_GROUPS_ATTRIBUTE, ENTRA_ROLE_ATTRIBUTE, SAML_CLAIMS_NS } from '../emitted-claims';
import { isGuid } from '../identifiers';
import type { ClaimBag, WhyNot } from './mapping-types';

/**
 * Claim names that mean the same thing. A rule reading one of them while the artifact carries
 * another did not fire because of the name, not because the user lacks the value. Entra's SAML
 * names from reference-saml-tokens.md; the `firstname` slip from derricksmith/phpsaml#125 (DOMAIN-FACTS.md).
 */
const FAMILIES: string[][] = [
  ['given_name', `${SAML_CLAIMS_NS}/givenname`, `${SAML_CLAIMS_NS}/firstname`, 'u_first_name', 'firstName', 'first_name', 'givenname', 'firstname'],
  ['family_name', `${SAML_CLAIMS_NS}/surname`, `${SAML_CLAIMS_NS}/lastname`, 'u_last_name', 'lastName', 'last_name', 'surname', 'lastname'],
  ['email', `${SAML_CLAIMS_NS}/emailaddress`, `${SAML_CLAIMS_NS}/email`, `${SAML_CLAIMS_NS}/mail`, 'http://schemas.xmlsoap.org/claims/EmailAddress', 'mail', 'emailaddress'],
  ['roles', 'role', ENTRA_ROLE_ATTRIBUTE, 'http://schemas.microsoft.com/ws/2008/06/identity/claims/roles', `${SAML_CLAIMS_NS}/role`],
  ['groups', 'group', ENTRA_GROUPS_ATTRIBUTE, `${SAML_CLAIMS_NS}/groups`, 'http://schemas.xmlsoap.org/claims/Group'],
  ['name', 'http://schemas.microsoft.com/identity/claims/displayname', 'displayname'],
];

const tail = (name: string): string => (name.split('/').pop() ?? name).toLowerCase().replace(/s$/, '');

/** The values of a claim/attribute: by exact name, and for SAML by FriendlyName too (Keycloak matches both). */
export function claimValues(bag: ClaimBag, name: string): string[] | undefined {
  const direct = bag.values.get(name);
  if (direct !== undefined) return direct;
  const byFriendly = bag.friendlyNames.get(name);
  return byFriendly !== undefined ? bag.values.get(byFriendly) : undefined;
}

/** A claim the artifact carries that is `name` under another name or URI; undefined when none. */
export function otherNameFor(bag: ClaimBag, name: string): string | undefined {
  const present = [...bag.values.keys()].filter((k) => k !== name && (bag.values.get(k)?.length ?? 0) > 0);
  const family = FAMILIES.find((f) => f.some((n) => n.toLowerCase() === name.toLowerCase()));
  if (family) {
    const hit = present.find((k) => family.some((n) => n.toLowerCase() === k.toLowerCase()));
    if (hit !== undefined) return hit;
  }
  return present.find((k) => k.toLowerCase() === name.toLowerCase()) ?? present.find((k) => looseName(k) === looseName(name)) ?? present.find((k) => tail(k) === tail(name));
}

/** Why a claim the rule reads is not there: absent, or under another name. */
export function whyClaimAbsent(bag: ClaimBag, name: string, groupsClaim?: string): { whyNot: WhyNot; why: string; otherName?: string } {
  if (bag.overage && groupsClaim !== undefined && name === groupsClaim)
    return { whyNot: 'overage', why: `the ${name} claim was replaced by an overage link (${bag.overage.kind === 'groups-link' ? 'groups.link attribute' : bag.overage.kind === 'hasgroups' ? 'hasgroups' : '_claim_names.groups'}): the user is in too many groups for the token` };
  const other = otherNameFor(bag, name);
  if (other !== undefined) return { whyNot: 'other-name', why: `"${name}" is not in the ${bag.protocol === 'saml' ? 'assertion' : 'token'}, but "${other}" is (${preview(bag.values.get(other) ?? [])}): the rule reads the wrong name`, otherName: other };
  return { whyNot: 'claim-absent', why: `"${name}" is not in the ${bag.protocol === 'saml' ? 'assertion' : 'token'}` };
}

export function preview(values: string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v));
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ') || 'no value';
}

/** Groups known to the config, to say which group a GUID or a name is. */
export interface GroupDirectory {
  byObjectId(id: string): { displayName?: string; id: string; objectId?: string } | undefined;
  byName(name: string): { displayName?: string; id: string; objectId?: string } | undefined;
}

/** Loose equality for names written differently in two places (palette_tenant_admins vs palette-tenant-admins, k8s.cluster.editor). */
export const looseName = (s: string): string => s.trim().toLowerCase().replace(/[\s_.-]+/g, '');

/**
 * Why `expected` is not among `sent`: a case/whitespace slip, GUIDs where a name is expected (or the
 * reverse), or simply not there. `directory` resolves group GUIDs and names from the config.
 */
export function whyValueAbsent(expected: string, sent: string[], directory: GroupDirectory | undefined, what = 'value'): { whyNot: WhyNot; why: string; near?: string } {
  const norm = (s: string): string => s.trim().toLowerCase();
  const near = sent.find((s) => norm(s) === norm(expected));
  if (near !== undefined) return { whyNot: 'case-or-whitespace', why: `the ${what} sent is ${JSON.stringify(near)}: it differs from ${JSON.stringify(expected)} only in case or whitespace, and the comparison is exact`, near };
  // The guides name groups with `-`, `_` and `.` interchangeably (Palette's k8s_cluster-editor next to k8s_cluster_admins).
  const separated = sent.find((s) => looseName(s) === looseName(expected) && looseName(expected) !== '');
  if (separated !== undefined) return { whyNot: 'separator', why: `the ${what} sent is ${JSON.stringify(separated)}: it differs from ${JSON.stringify(expected)} only in separators (-, _, .)${separated.replace(/[\s_.-]/g, '') === expected.replace(/[\s_.-]/g, '') ? '' : ' and case'}, and the comparison is exact`, near: separated };
  const guids = sent.filter(isGuid);
  if (!isGuid(expected) && guids.length > 0 && guids.length === sent.length) {
    const group = directory?.byName(expected);
    const resolved = guids.map((g) => directory?.byObjectId(g)).find((g) => g && (looseName(g.displayName ?? '') === looseName(expected) || (group !== undefined && g.id === group.id)));
    const detail = resolved ? `; ${resolved.objectId ?? ''} is group ${resolved.displayName ?? resolved.id}, which the user is in` : '';
    return { whyNot: 'guid-vs-name', why: `group object IDs (GUIDs) were sent (${preview(sent)}), but ${JSON.stringify(expected)} is a name${detail}`, ...(resolved?.objectId !== undefined ? { near: resolved.objectId } : {}) };
  }
  if (isGuid(expected) && sent.length > 0 && !sent.some(isGuid)) {
    const group = directory?.byObjectId(expected);
    const named = group ? sent.find((s) => looseName(s) === looseName(group.displayName ?? group.id)) : undefined;
    return { whyNot: 'name-vs-guid', why: `names were sent (${preview(sent)}), but ${expected} is a group object ID${group ? ` (group ${group.displayName ?? group.id}${named !== undefined ? `, sent as ${JSON.stringify(named)}` : ''})` : ''}`, ...(named !== undefined ? { near: named } : {}) };
  }
  return { whyNot: 'value-absent', why: sent.length ? `${JSON.stringify(expected)} is not among the values sent (${preview(sent)})` : `the claim carries no value` };
}
