/**
 * What each traced rule reads and gives, so the report can draw the mapping as a picture (claims →
 * rules → teams/roles/result): read from the config element every trace step points at, after the
 * analysis, so the analysis itself stays as it is. Also the values sent for those claims and the
 * config's display names for the IDs in the result. Pure.
 */
import { analyzeCel } from '../cel-analysis';
import type { AppEntry, ConfigIndex } from '../config-index';
import type { KeycloakMapper, Team } from '../config-types';
import { displayNames } from '../display-names';
import { groupsClaimName, roleClaimName } from '../emitted-claims';
import { childPointer } from '../json-pointer';
import type { ClaimBag, MappingResult, TraceInput, TraceOutput, TraceStep } from './mapping-types';
import { claimValues } from './near-misses';

/** Values kept per claim for the picture's hover text: enough to see what was sent, bounded for hostile input. */
const MAX_SENT_VALUES = 50;
const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const stripSlash = (s: string): string => s.replace(/^\/+/, '');
const claim = (name: string): TraceInput => ({ kind: 'claim', name });

/** Adds `reads`/`gives` to every trace step, and `sent` and `names` to the result (in place). */
export function linkTrace(result: MappingResult, bag: ClaimBag, index: ConfigIndex, entry: AppEntry): void {
  for (const step of result.trace) {
    const link = linkOf(step, index, entry);
    if (link.reads.length) step.reads = link.reads;
    if (link.gives) step.gives = link.gives;
  }
  const sent: Record<string, string[]> = {};
  for (const input of result.trace.flatMap((t) => t.reads ?? [])) {
    if (input.kind !== 'claim' || Object.hasOwn(sent, input.name)) continue;
    const values = input.name === 'NameID' ? (bag.nameId ? [bag.nameId.value] : undefined) : claimValues(bag, input.name);
    if (values && values.length > 0) sent[input.name] = values.slice(0, MAX_SENT_VALUES);
  }
  result.sent = sent;
  const lookup = displayNames(index.config);
  const names: Record<string, string> = {};
  const texts = [...result.trace.flatMap((t) => [t.rule, t.result ?? '', t.why ?? '']), ...result.findings.map((f) => f.message)];
  const candidates = [
    ...result.memberships.map((m) => m.name),
    ...result.trace.flatMap((t) => (t.gives ? [t.gives.name] : [])),
    ...Object.values(sent).flat(),
    ...texts.flatMap((t) => t.match(GUIDS) ?? []),
  ];
  for (const value of candidates) {
    const name = lookup.lookup(value)?.name;
    if (name !== undefined && !Object.hasOwn(names, value)) names[value] = name;
  }
  result.names = names;
}

function linkOf(step: TraceStep, index: ConfigIndex, entry: AppEntry): { reads: TraceInput[]; gives?: TraceOutput } {
  const app = entry.value;
  const at = (...segments: Array<string | number>): string => childPointer(entry.pointer, ...segments);
  const path = step.path;
  if (path.endsWith('/nameId/format') || path.endsWith('/saml/nameIdPolicyFormat')) return { reads: [claim('NameID')] };
  const field = /^\/claimMapping\/([^/]+)$/.exec(path.slice(entry.pointer.length));
  if (path.startsWith(`${entry.pointer}/`) && field?.[1] !== undefined) {
    const read = (app.claimMapping as Record<string, string | undefined> | undefined)?.[field[1]];
    return read === undefined ? { reads: [] } : { reads: [claim(read.toLowerCase() === 'nameid' ? 'NameID' : read)], gives: { kind: 'attribute', name: field[1] } };
  }
  const mapper = index.mappers.find((m) => m.pointer === path);
  if (mapper) return mapperLink(mapper.value);
  const team = /^\/teams\/(\d+)$/.exec(path.slice(entry.pointer.length));
  if (path.startsWith(`${entry.pointer}/`) && team?.[1] !== undefined) {
    const t = app.teams?.[Number(team[1])];
    return t ? { reads: teamReads(t, entry), gives: { kind: 'team', name: t.name } } : { reads: [] };
  }
  const fallback = /^\/defaultTeams\/(\d+)$/.exec(path.slice(entry.pointer.length));
  if (path.startsWith(`${entry.pointer}/`) && fallback?.[1] !== undefined) {
    const name = app.defaultTeams?.[Number(fallback[1])];
    return name === undefined ? { reads: [] } : { reads: [], gives: { kind: 'team', name } };
  }
  if (path === at('groupsClaim', 'filter', 'value')) {
    const groups = groupsClaimName(app);
    return { reads: groups !== undefined ? [claim(groups)] : [] };
  }
  if (path.startsWith(at('serviceProvider', 'enablement'))) {
    const email = app.claimMapping?.email;
    return { reads: [claim(email === undefined || email.toLowerCase() === 'nameid' ? 'NameID' : email)], gives: { kind: 'access', name: 'SSO sign-in' } };
  }
  if (path === at('authorization', 'expression') && app.protocol === 'oidc' && app.authorization?.expression !== undefined) {
    const cel = analyzeCel(app.authorization.expression);
    return { reads: cel.ok ? cel.claims.map(claim) : [], gives: { kind: 'authorization', name: 'IAM role' } };
  }
  return { reads: [] };
}

/** The claim a team rule reads, chosen as the analysis chooses it (analyze-claims.ts, "The product's teams"). */
function teamReads(team: Team, entry: AppEntry): TraceInput[] {
  const app = entry.value;
  const src = team.source;
  const teamClaim = app.claimMapping?.team;
  if (teamClaim !== undefined && (!src || src.group !== undefined)) return [claim(teamClaim)];
  if (src?.group !== undefined) {
    const groups = groupsClaimName(app);
    return groups !== undefined ? [claim(groups)] : [];
  }
  if (src?.appRole !== undefined) return [claim(roleClaimName(app))];
  if (src?.claim !== undefined) return [claim(src.claim.name)];
  if (src?.keycloakGroup !== undefined) return [{ kind: 'keycloak-group', name: stripSlash(src.keycloakGroup) }];
  return [];
}

function mapperLink(m: KeycloakMapper): { reads: TraceInput[]; gives?: TraceOutput } {
  const key = m.attributeName ?? m.claim ?? m.friendlyName;
  switch (m.type) {
    case 'attribute-importer':
      return { reads: key !== undefined ? [claim(key)] : [], ...(m.userAttribute !== undefined ? { gives: { kind: 'attribute' as const, name: m.userAttribute } } : {}) };
    case 'hardcoded-attribute':
      return { reads: [], ...(m.userAttribute !== undefined ? { gives: { kind: 'attribute' as const, name: m.userAttribute } } : {}) };
    case 'hardcoded-group':
      return { reads: [], ...(m.group !== undefined ? { gives: { kind: 'keycloak-group' as const, name: stripSlash(m.group) } } : {}) };
    case 'hardcoded-role':
      return { reads: [], ...(m.role !== undefined ? { gives: { kind: 'keycloak-role' as const, name: stripSlash(m.role) } } : {}) };
    case 'username-template': {
      const template = m.template ?? '${ALIAS}.${NAMEID}';
      const reads = [...template.matchAll(/\$\{(?:CLAIM|ATTRIBUTE)\.([^}]+)\}|\$\{(NAMEID)\}/g)].map((x) => claim(x[1] ?? 'NameID'));
      return { reads, gives: { kind: 'attribute', name: 'username' } };
    }
    case 'claim-to-role':
    case 'advanced-claim-to-role':
    case 'advanced-claim-to-group': {
      const reads = m.claims ? m.claims.map((c) => claim(c.key)) : m.claimValue !== undefined && key !== undefined ? [claim(key)] : [];
      const target = m.type === 'advanced-claim-to-group' ? m.group : m.role;
      return { reads, ...(target !== undefined ? { gives: { kind: m.type === 'advanced-claim-to-group' ? ('keycloak-group' as const) : ('keycloak-role' as const), name: stripSlash(target) } } : {}) };
    }
  }
}
