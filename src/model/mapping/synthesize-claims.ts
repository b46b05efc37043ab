import type { AppEntry } from '../config-index';
import { createHash } from 'node:crypto';
import { evaluateClaimsPolicy, SAML_NAMEID_CLAIM_TYPE, type PolicyClaim } from '../claims/claims-mapping-policy';
import { applyTransformations, type OperandReader } from '../claims/entra-claim-transformations';
import { entraClaimValue } from '../claims/entra-claim-values';
import type { App, GroupsClaim, IdpGroup, NameIdFormat, OidcApp, Provider, SamlApp, TestUser } from '../config-types';
import { ENTRA_GROUPS_LINK_ATTRIBUTE, ENTRA_SAML_DEFAULT_CLAIMS, emittedIdTokenClaims, groupsClaimName, roleClaimName, samlAttributeName } from '../emitted-claims';
import { groupClaimFormat, groupValueInToken } from '../rules/group-format';
import { bagFromPayload, bagFromSaml } from './claim-bag';
import type { ClaimBag } from './mapping-types';
import { NAMEID_FORMAT_URNS } from './nameid-format';
import { isRestrictedJwtClaim } from '../claims/restricted-claims';
import { expectedOidcIssuer, expectedSamlIssuer } from './pick-app';
import { entraFilterKeeps, oktaFilterKeeps } from '../group-filter';

/** Entra's overage thresholds [doc: access-token-claims-reference.md (200, JWT); reference-saml-tokens.md (150, SAML)]. */
export const JWT_GROUP_LIMIT = 200;
export const SAML_GROUP_LIMIT = 150;

/** Whether Entra lets this user sign in to the app: with "Assignment required?" only assigned users (AADSTS50105). */
export function assignmentOf(app: App, user: TestUser): { assigned: boolean; roles: string[] } {
  const mine = (app.assignments ?? []).filter((a) => (a.user !== undefined && a.user === user.id) || (a.group !== undefined && (user.groups ?? []).includes(a.group)));
  return { assigned: mine.length > 0, roles: [...new Set(mine.map((a) => a.role).filter((r): r is string => r !== undefined))] };
}

/** The groups Entra puts into the claim for this app: all, or only those assigned to the app; then the group filter. */
function sentGroups(app: App, provider: Provider, user: TestUser): IdpGroup[] {
  const g: GroupsClaim | undefined = app.groupsClaim;
  if (!g || !g.membership.some((m) => m !== 'None')) return [];
  let groups = (user.groups ?? []).map((id) => provider.groups?.find((x) => x.id === id)).filter((x): x is IdpGroup => x !== undefined);
  // "Groups assigned to the application": only groups assigned to the app, and no nested ones [doc: how-to-connect-fed-group-claims.md].
  if (g.membership.length === 1 && g.membership[0] === 'ApplicationGroup') groups = groups.filter((x) => (app.assignments ?? []).some((a) => a.group === x.id));
  if (g.filter) {
    const f = g.filter;
    groups = groups.filter((x) => entraFilterKeeps(f, x));
  }
  return groups;
}

function groupValues(app: App, groups: IdpGroup[]): string[] {
  const fmt = groupClaimFormat(app);
  return groups.map((x) => groupValueInToken(x, fmt) ?? x.objectId ?? x.displayName ?? x.id);
}

/** A user directory attribute by Entra source name (user.mail, user.givenname…). */
function sourceValue(user: TestUser, provider: Provider, source: string, roles: string[]): string[] {
  const key = source.replace(/^user\./i, '').toLowerCase();
  const one = (v: string | undefined): string[] => (v !== undefined && v !== '' ? [v] : []);
  switch (key) {
    case 'mail':
      return one(user.mail);
    case 'givenname':
      return one(user.givenName);
    case 'surname':
      return one(user.surname);
    case 'userprincipalname':
      return one(user.userPrincipalName);
    case 'displayname':
      return one(user.displayName);
    case 'objectid':
      return one(user.objectId);
    case 'assignedroles':
      return roles;
    case 'tenantid':
      return provider.type === 'entra' ? [provider.tenantId] : [];
    default: {
      const a = Object.entries(user.attributes ?? {}).find(([k]) => k.toLowerCase() === key)?.[1];
      return a === undefined ? [] : Array.isArray(a) ? a : [a];
    }
  }
}

/**
 * The claims the app would receive for a test user, as the config says the provider emits them:
 * Entra's ID-token claims (emitted-claims.ts) or SAML attributes, the user's groups in the app's
 * group claim format (object IDs unless configured otherwise), assigned app roles, and the overage
 * link instead of groups above Entra's limits. Approximate for providers whose claims are not known.
 */
export function synthesizeClaims(entry: AppEntry, user: TestUser): ClaimBag {
  const app = entry.value;
  return app.protocol === 'oidc' ? synthesizeIdToken(entry, app, user) : synthesizeAssertion(entry, app, user);
}

function synthesizeIdToken(entry: AppEntry, app: OidcApp, user: TestUser): ClaimBag {
  const provider = entry.provider.value;
  const emitted = emittedIdTokenClaims(app, provider);
  const has = (c: string): boolean => emitted === undefined || emitted.has(c);
  const { roles } = assignmentOf(app, user);
  const payload: Record<string, unknown> = { iss: expectedOidcIssuer(entry) ?? 'https://issuer.invalid', aud: app.clientId, sub: user.objectId ?? user.id };
  const put = (claim: string, value: string | undefined): void => {
    if (value !== undefined && value !== '' && has(claim)) payload[claim] = value;
  };
  if (provider.type === 'entra') {
    payload['tid'] = provider.tenantId;
    put('oid', user.objectId);
    put('name', user.displayName);
    put('preferred_username', user.userPrincipalName);
    put('upn', user.userPrincipalName);
    put('unique_name', user.userPrincipalName);
    // Entra sends email only when the user has a mail address (and the scope or optional claim asks for it).
    put('email', user.mail);
    put('given_name', user.givenName);
    put('family_name', user.surname);
  } else {
    put('email', user.mail ?? user.userPrincipalName);
    put('preferred_username', user.userPrincipalName ?? user.mail);
    put('name', user.displayName);
    put('given_name', user.givenName);
    put('family_name', user.surname);
  }
  if (provider.type === 'okta') {
    const server = provider.authorizationServers?.find((s) => s.id === app.authorizationServer);
    for (const c of server?.claims ?? []) {
      if (c.tokenType !== 'id') continue;
      if (c.valueType === 'expression') {
        const src = c.value?.replace(/^user\./, '') ?? '';
        const v = ({ firstName: user.givenName, lastName: user.surname, email: user.mail, login: user.userPrincipalName, displayName: user.displayName } as Record<string, string | undefined>)[src] ?? (typeof user.attributes?.[src] === 'string' ? user.attributes[src] : undefined);
        if (v !== undefined) payload[c.name] = v;
      } else {
        const f = c.groupFilter;
        const names = (user.groups ?? []).map((id) => provider.groups?.find((g) => g.id === id)?.displayName ?? id);
        const kept = names.filter((n) => !f || oktaFilterKeeps(f, n));
        if (kept.length) payload[c.name] = kept;
      }
    }
  }
  if (app.claimsMappingPolicy) {
    const read: OperandReader = (operand) => sourceValue(user, provider, operand, roles);
    const policy = evaluateClaimsPolicy(app.claimsMappingPolicy, read, { application: { ...(app.displayName !== undefined ? { displayname: app.displayName } : {}), ...(app.objectId !== undefined ? { objectid: app.objectId } : {}) } });
    // Restricted JWT claims cannot be changed by a policy [doc: reference-claims-customization.md#json-web-token-jwt-restricted-claim-set].
    for (const c of policy.claims) if (c.jwtClaimType !== undefined && !isRestrictedJwtClaim(c.jwtClaimType) && c.values.length > 0) payload[c.jwtClaimType] = c.values.length === 1 ? c.values[0] : c.values;
  }
  const groupsClaim = groupsClaimName(app);
  const groups = groupValues(app, sentGroups(app, provider, user));
  const rolesFromGroups = groupsClaim === 'roles';
  if (groupsClaim !== undefined && groups.length > 0) {
    if (groups.length > JWT_GROUP_LIMIT) {
      payload['_claim_names'] = { groups: 'src1' };
      payload['_claim_sources'] = { src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${user.objectId ?? user.id}/getMemberObjects` } };
    } else payload[groupsClaim] = groups;
  }
  // "Emit groups as role claims" puts groups into roles and drops the app roles [doc: how-to-connect-fed-group-claims.md].
  if (!rolesFromGroups && roles.length > 0 && ((app.appRoles ?? []).length > 0 || provider.type !== 'entra')) payload['roles'] = roles;
  return bagFromPayload(payload);
}

function synthesizeAssertion(entry: AppEntry, app: SamlApp, user: TestUser): ClaimBag {
  const provider = entry.provider.value;
  const { roles } = assignmentOf(app, user);
  const attributes: Array<{ name: string; values: string[] }> = [];
  const add = (name: string, values: string[]): void => {
    if (values.length > 0) attributes.push({ name, values });
  };
  if (provider.type === 'entra') {
    add('http://schemas.microsoft.com/identity/claims/tenantid', [provider.tenantId]);
    add('http://schemas.microsoft.com/identity/claims/objectidentifier', user.objectId ? [user.objectId] : []);
    add('http://schemas.microsoft.com/identity/claims/displayname', user.displayName ? [user.displayName] : []);
    add('http://schemas.microsoft.com/identity/claims/identityprovider', [`https://sts.windows.net/${provider.tenantId}/`]);
  }
  const read: OperandReader = (operand) => sourceValue(user, provider, operand, roles);
  const policy = app.claimsMappingPolicy ? evaluateClaimsPolicy(app.claimsMappingPolicy, read, { application: { ...(app.displayName !== undefined ? { displayname: app.displayName } : {}), ...(app.objectId !== undefined ? { objectid: app.objectId } : {}) } }) : undefined;
  if (policy) {
    // The policy supersedes the Attributes & Claims page; its entries replace basic claims of the same type.
    const own = new Set(policy.claims.map((c) => c.samlClaimType));
    if (policy.includeBasicClaimSet) for (const c of ENTRA_SAML_DEFAULT_CLAIMS) if (!own.has(samlAttributeName(c))) add(samlAttributeName(c), read(c.source));
    for (const c of policy.claims) if (c.samlClaimType !== undefined && c.samlClaimType !== SAML_NAMEID_CLAIM_TYPE) add(c.samlClaimType, c.values);
  } else {
    const claims = app.claims && app.claims.length > 0 ? app.claims : ENTRA_SAML_DEFAULT_CLAIMS;
    for (const c of claims) add(samlAttributeName(c), entraClaimValue(c, user, read).values);
  }
  const groupsAttr = groupsClaimName(app);
  const groups = groupValues(app, sentGroups(app, provider, user));
  const role = roleClaimName(app);
  if (groupsAttr !== undefined && groups.length > 0) {
    if (groups.length > SAML_GROUP_LIMIT) add(ENTRA_GROUPS_LINK_ATTRIBUTE, [`https://graph.windows.net/${provider.type === 'entra' ? provider.tenantId : 'tenant'}/users/${user.objectId ?? user.id}/getMemberObjects`]);
    else add(groupsAttr, groups);
  }
  // Assigned app roles go to …/claims/role unless groups are emitted as roles.
  if (groupsAttr !== role && roles.length > 0 && !attributes.some((a) => a.name === role)) add(role, roles);
  const nameId = synthesizeNameId(app, user, read, policy?.claims.find((c) => c.samlClaimType === SAML_NAMEID_CLAIM_TYPE));
  const issuer = expectedSamlIssuer(entry);
  return bagFromSaml({ attributes, nameId, audiences: app.identifiers.slice(0, 1), ...(issuer !== undefined ? { issuer } : {}) });
}

/**
 * The Subject's NameID: the configured source, its transformations (ExtractMailPrefix/Join only), or the
 * policy's nameidentifier entry. "If a transformation results in a null or illegal value, Microsoft Entra ID
 * sends a persistent pairwise identifier" [doc: saml-claims-customization.md#nameid-format].
 */
function synthesizeNameId(app: SamlApp, user: TestUser, read: OperandReader, fromPolicy: PolicyClaim | undefined): { value: string; format: string } {
  const format = NAMEID_FORMAT_URNS[app.nameId?.format ?? 'emailAddress'];
  const source = read(app.nameId?.source ?? 'user.userprincipalname');
  const chain = app.nameId?.transformations ?? [];
  const values = fromPolicy ? fromPolicy.values : chain.length ? applyTransformations(chain, source, read, { nameId: true }).values : source;
  const value = values[0];
  if (value === undefined && (fromPolicy || chain.length)) return { value: pairwiseId(app, user), format: NAMEID_FORMAT_URNS.persistent };
  const policyFormat = fromPolicy?.samlNameIdFormat;
  return { value: value ?? user.userPrincipalName ?? user.id, format: policyFormat !== undefined ? (policyFormat.startsWith('urn:') ? policyFormat : (NAMEID_FORMAT_URNS[policyFormat as NameIdFormat] ?? policyFormat)) : format };
}

/** A stand-in for Entra's pairwise identifier: stable per user and app, visibly not an attribute value. */
function pairwiseId(app: SamlApp, user: TestUser): string {
  return `pairwise:${createHash('sha256').update(`${app.id}\u0000${user.objectId ?? user.id}`).digest('base64url').slice(0, 22)}`;
}
