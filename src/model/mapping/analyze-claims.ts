import { finding, type Finding, type FindingId, type Severity } from '../../decoders/result';
import type { AppEntry, BrokerEntry, ConfigIndex, MapperEntry } from '../config-index';
import type { App, ClaimMapping, IdpGroup, KeycloakMapper, Provider } from '../config-types';
import { ENTRA_GROUPS_ATTRIBUTE, ENTRA_ROLE_ATTRIBUTE, emittedClaims, groupsClaimName, roleClaimName } from '../emitted-claims';
import { isGuid } from '../identifiers';
import { childPointer } from '../json-pointer';
import { groupClaimFormat, groupValueInToken } from '../rules/group-format';
import { evaluateAuthorization } from './evaluate-cel';
import { effectiveSyncMode } from './keycloak-login';
import type { ClaimBag, LandedMembership, MappedAttribute, MappingHop, MappingResult, TraceStep, WhyNot } from './mapping-types';
import { claimValues, looseName, preview, whyClaimAbsent, whyValueAbsent, type GroupDirectory } from './near-misses';
import { NAMEID_FORMAT_URNS, shortNameIdFormat } from './nameid-format';
import { analyzeCel } from '../cel-analysis';
import { REGEX_TOTAL_BUDGET_MS, regexMatches, withRegexBudget } from '../safe-regex';
import { describeEntraFilter, entraFilterKeeps, groupsBeforeFilter, listNames } from '../group-filter';
import { linkTrace } from './trace-links';

export interface MappingOptions {
  /**
   * Keycloak: is this the user's first login through the broker? Mappers in sync mode IMPORT run only
   * then, and mappers in LEGACY never add a group or role after it [Keycloak Server Admin guide,
   * "Mapping claims and assertions" → sync mode]. Default true: show what a fresh user gets.
   */
  firstBrokerLogin?: boolean;
  /** Persona runs: the test user's groups (ids in the provider), to name what a group filter dropped. */
  personaGroups?: string[];
}

/** The claim or attribute Names that carry roles / groups, in any protocol. */
const ROLE_KEYS = new Set(['roles', 'role', ENTRA_ROLE_ATTRIBUTE]);
const GROUP_KEYS = new Set(['groups', ENTRA_GROUPS_ATTRIBUTE]);

/** Mappers that add a group or role membership (as opposed to attributes). */
const GRANTING = new Set<KeycloakMapper['type']>(['hardcoded-group', 'hardcoded-role', 'claim-to-role', 'advanced-claim-to-role', 'advanced-claim-to-group']);

const FIELDS: Array<keyof ClaimMapping> = ['email', 'firstName', 'lastName', 'displayName', 'username'];

interface Miss {
  whyNot: WhyNot;
  why: string;
}

/** One rule that grants a membership when a claim holds a value. */
interface MembershipRule {
  hop: string;
  label: string;
  path: string;
  claim: string;
  keyPath: string;
  expected: string;
  valuePath: string;
  regex: boolean;
  caseInsensitive: boolean;
  /** What the rule grants. */
  grant: LandedMembership;
  /** More key/value pairs that must all hold (Keycloak advanced mappers). */
  and?: Array<{ claim: string; expected: string; keyPath: string; valuePath: string }>;
  syncNote?: string;
}

/**
 * The consuming side of one sign-in, step by step, from the claims of one artifact: the product's
 * claim mapping, the Keycloak broker mappers in between (when the config says Keycloak brokers this
 * app), teams, default teams, and the CEL authorization expression. Every rule is traced, with why
 * it did not fire; findings follow the CLI contract's `mapping.*` ids, each with the JSON pointer
 * of the config element concerned.
 */
export function analyzeClaims(bag: ClaimBag, index: ConfigIndex, entry: AppEntry, artifact: MappingResult['artifact'], options: MappingOptions = {}): MappingResult {
  // One regex budget per analysis (or per persona table, which nests these): a slow mapper pattern
  // against hundreds of claim values would otherwise cost 100 ms each.
  const { value, skipped } = withRegexBudget(() => analyzeClaimsWithinBudget(bag, index, entry, artifact, options));
  if (skipped > 0) value.findings.push(finding('mapping.budget-exceeded', 'warning', `the configured regular expressions used up their ${REGEX_TOTAL_BUDGET_MS} ms budget; ${skipped} match${skipped === 1 ? ' was' : 'es were'} not tried and counted as no match, so this analysis may miss groups or roles. Simplify the patterns (nested quantifiers such as (a+)+ backtrack exponentially)`, entry.pointer));
  linkTrace(value, bag, index, entry);
  return value;
}

function analyzeClaimsWithinBudget(bag: ClaimBag, index: ConfigIndex, entry: AppEntry, artifact: MappingResult['artifact'], options: MappingOptions): MappingResult {
  const app = entry.value;
  const provider = entry.provider.value;
  const trace: TraceStep[] = [];
  const attributes: MappedAttribute[] = [];
  const memberships: LandedMembership[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (id: FindingId, severity: Severity, message: string, path: string): void => {
    const key = `${id} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding(id, severity, message, path));
  };
  const directory = groupDirectory(provider);
  const brokers = index.brokers.filter((b) => b.upstream?.value.id === app.id && b.value.protocol === bag.protocol && b.value.enabled !== false);
  const hops: MappingHop[] = [];
  const appHop = app.id;
  for (const b of brokers) hops.push({ id: brokerHop(b), description: `${provider.id} → Keycloak realm ${b.realm.value.realm}, identity provider ${b.value.alias}`, path: b.pointer });
  hops.push({ id: appHop, description: brokers.length ? `Keycloak → ${app.product ?? app.displayName ?? app.id}` : `${provider.id} → ${app.product ?? app.displayName ?? app.id}`, path: entry.pointer });
  const appGroupsClaim = groupsClaimName(app);
  const groupsKeyOf = (claim: string): boolean => GROUP_KEYS.has(claim) || claim === appGroupsClaim;
  const roleKeyOf = (claim: string): boolean => ROLE_KEYS.has(claim) || claim === roleClaimName(app);
  const tokenWord = bag.protocol === 'saml' ? 'assertion' : 'token';

  // --- NameID: the format the consumer asks for.
  let nameId: MappingResult['nameId'];
  if (bag.protocol === 'saml' && bag.nameId) {
    const broker = brokers.find((b) => b.value.saml?.nameIdPolicyFormat !== undefined);
    const wanted = broker?.value.saml?.nameIdPolicyFormat ?? (app.protocol === 'saml' ? app.nameId?.format : undefined);
    const path = broker ? childPointer(broker.pointer, 'saml', 'nameIdPolicyFormat') : childPointer(entry.pointer, 'nameId', 'format');
    const hop = broker ? brokerHop(broker) : appHop;
    nameId = { value: bag.nameId.value, ...(bag.nameId.format !== undefined ? { format: bag.nameId.format } : {}), ...(wanted ? { expectedFormat: NAMEID_FORMAT_URNS[wanted] } : {}) };
    attributes.push({ name: 'NameID', value: bag.nameId.value, source: 'NameID', path: broker ? broker.pointer : childPointer(entry.pointer, 'nameId'), hop });
    if (wanted) {
      const ok = bag.nameId.format === NAMEID_FORMAT_URNS[wanted] || (wanted === 'unspecified' && bag.nameId.format === undefined);
      const got = shortNameIdFormat(bag.nameId.format);
      trace.push({ hop, rule: `NameID format ${wanted}`, path, fired: ok, ...(ok ? { result: `NameID ${bag.nameId.value} (${got})` } : { whyNot: 'value-absent' as const, why: `the NameID is ${got}, not ${wanted}` }) });
      if (!ok)
        report('mapping.nameid-format-mismatch', 'warning', `${broker ? `Keycloak identity provider ${broker.value.alias}` : app.id} asks for NameID format ${wanted}, but the ${tokenWord} carries ${got} (${JSON.stringify(bag.nameId.value)})${app.protocol === 'saml' && app.nameId?.source ? `; set Entra's Unique User Identifier (Name ID) format to match (source ${app.nameId.source})` : ''}`, path);
      if (ok && wanted === 'emailAddress' && !bag.nameId.value.includes('@'))
        trace.push({ hop, rule: 'NameID value', path, fired: false, whyNot: 'value-absent', why: `the format says email address, but the value ${JSON.stringify(bag.nameId.value)} is not one` });
    }
  }

  // --- The product's own claim mapping (attributes).
  for (const field of FIELDS) {
    const claim = app.claimMapping?.[field];
    if (claim === undefined) continue;
    const path = childPointer(entry.pointer, 'claimMapping', field);
    if (claim.toLowerCase() === 'nameid') {
      if (bag.nameId) attributes.push({ name: field, value: bag.nameId.value, source: 'NameID', path, hop: appHop });
      continue;
    }
    const values = claimValues(bag, claim);
    if (values && values.length > 0) {
      attributes.push({ name: field, value: values.length === 1 ? (values[0] ?? '') : values, source: claim, path, hop: appHop });
      trace.push({ hop: appHop, rule: `${field} ← ${claim}`, path, fired: true, result: `${field} = ${preview(values)}` });
      continue;
    }
    const miss = whyClaimAbsent(bag, claim, appGroupsClaim);
    attributes.push({ name: field, source: claim, path, hop: appHop });
    trace.push({ hop: appHop, rule: `${field} ← ${claim}`, path, fired: false, whyNot: miss.whyNot, why: miss.why });
    report('mapping.claim-missing', 'error', `${app.product ?? app.id} reads ${field} from ${whichIsNot(claim, miss.why)}`, path);
  }

  // --- Keycloak broker mappers (the hop between Entra and the product).
  const rules: MembershipRule[] = [];
  /** Trace steps in config order; membership rules are traced once evaluated. */
  const pending: Array<TraceStep | MembershipRule> = [];
  for (const b of brokers) {
    const hop = brokerHop(b);
    for (const m of index.mappers.filter((x) => x.broker === b)) {
      const sync = effectiveSyncMode(m);
      const syncNote = sync === 'IMPORT' ? 'sync mode IMPORT: applied only when Keycloak first creates the user; later logins keep the old value' : undefined;
      if (sync === 'IMPORT' && options.firstBrokerLogin === false) {
        pending.push({ hop, rule: mapperLabel(m.value), path: m.pointer, fired: false, whyNot: 'not-applicable', why: 'sync mode IMPORT and this is not the first login through the broker: the mapper does not run' });
        continue;
      }
      // LEGACY on a later login calls updateBrokeredUserLegacy: the hardcoded role/group mappers do
      // nothing and the claim-to-role/group mappers only take the membership away when the claim no
      // longer matches; none adds one [keycloak/keycloak HardcodedRoleMapper, AbstractClaimToRoleMapper,
      // AbstractClaimToGroupMapper].
      if (sync === 'LEGACY' && options.firstBrokerLogin === false && GRANTING.has(m.value.type)) {
        pending.push({ hop, rule: mapperLabel(m.value), path: m.pointer, fired: false, whyNot: 'not-applicable', why: 'sync mode LEGACY and this is not the first login through the broker: Keycloak does not add this membership on later logins (it only removes it when the claim no longer matches), so the user has it only if they got it at their first login' });
        continue;
      }
      runMapper(m, hop, syncNote);
    }
  }

  function runMapper(m: MapperEntry, hop: string, syncNote: string | undefined): void {
    const mapper = m.value;
    const label = mapperLabel(mapper);
    const note = syncNote ? { note: syncNote } : {};
    switch (mapper.type) {
      case 'attribute-importer': {
        const key = mapper.attributeName ?? mapper.claim ?? mapper.friendlyName;
        const keyPath = childPointer(m.pointer, mapper.attributeName !== undefined ? 'attributeName' : mapper.claim !== undefined ? 'claim' : 'friendlyName');
        if (key === undefined || mapper.userAttribute === undefined) return;
        const values = claimValues(bag, key);
        if (values && values.length > 0) {
          attributes.push({ name: mapper.userAttribute, value: values.length === 1 ? (values[0] ?? '') : values, source: key, path: m.pointer, hop });
          pending.push({ hop, rule: label, path: m.pointer, fired: true, result: `${mapper.userAttribute} = ${preview(values)}`, ...note });
        } else {
          const miss = whyClaimAbsent(bag, key, appGroupsClaim);
          attributes.push({ name: mapper.userAttribute, source: key, path: m.pointer, hop });
          pending.push({ hop, rule: label, path: m.pointer, fired: false, whyNot: miss.whyNot, why: miss.why, ...note });
          report('mapping.claim-missing', 'error', `Keycloak mapper ${mapper.name} imports ${mapper.userAttribute} from "${key}": ${miss.why}`, keyPath);
        }
        return;
      }
      case 'hardcoded-attribute':
        if (mapper.userAttribute !== undefined) attributes.push({ name: mapper.userAttribute, value: mapper.value ?? '', source: '(hardcoded)', path: m.pointer, hop });
        pending.push({ hop, rule: label, path: m.pointer, fired: true, result: `${mapper.userAttribute ?? '?'} = ${JSON.stringify(mapper.value ?? '')}`, ...note });
        return;
      case 'hardcoded-group':
      case 'hardcoded-role': {
        const name = mapper.type === 'hardcoded-group' ? mapper.group : mapper.role;
        if (name === undefined) return;
        memberships.push({ name: stripSlash(name), kind: mapper.type === 'hardcoded-group' ? 'keycloak-group' : 'keycloak-role', path: m.pointer, via: 'hardcoded' });
        pending.push({ hop, rule: label, path: m.pointer, fired: true, result: `${mapper.type === 'hardcoded-group' ? 'joined group' : 'granted role'} ${name}`, ...note });
        return;
      }
      case 'username-template': {
        const template = mapper.template ?? '${ALIAS}.${NAMEID}';
        const value = template.replace(/\$\{(CLAIM|ATTRIBUTE)\.([^}]+)\}|\$\{NAMEID\}|\$\{ALIAS\}/g, (all, kind: string | undefined, name: string | undefined) => {
          if (all === '${NAMEID}') return bag.nameId?.value ?? '';
          if (all === '${ALIAS}') return m.broker.value.alias;
          return kind !== undefined && name !== undefined ? (claimValues(bag, name)?.[0] ?? '') : '';
        });
        attributes.push({ name: 'username', value, source: template, path: m.pointer, hop });
        pending.push({ hop, rule: label, path: m.pointer, fired: true, result: `username = ${JSON.stringify(value)}`, ...note });
        return;
      }
      case 'claim-to-role':
      case 'advanced-claim-to-role':
      case 'advanced-claim-to-group': {
        const pairs = mapper.claims
          ? mapper.claims.map((c, i) => ({ claim: c.key, expected: c.value, keyPath: childPointer(m.pointer, 'claims', i, 'key'), valuePath: childPointer(m.pointer, 'claims', i, 'value') }))
          : mapper.claimValue !== undefined
            ? [{ claim: mapper.attributeName ?? mapper.claim ?? mapper.friendlyName ?? '', expected: mapper.claimValue, keyPath: childPointer(m.pointer, mapper.attributeName !== undefined ? 'attributeName' : 'claim'), valuePath: childPointer(m.pointer, 'claimValue') }]
            : [];
        const first = pairs[0];
        const target = mapper.type === 'advanced-claim-to-group' ? mapper.group : mapper.role;
        if (!first || target === undefined) {
          pending.push({ hop, rule: label, path: m.pointer, fired: false, whyNot: 'not-applicable', why: 'the mapper names no claim or no target' });
          return;
        }
        const rule: MembershipRule = {
          hop,
          label,
          path: m.pointer,
          ...first,
          regex: mapper.regex === true,
          caseInsensitive: false,
          grant: { name: stripSlash(target), kind: mapper.type === 'advanced-claim-to-group' ? 'keycloak-group' : 'keycloak-role', path: m.pointer, via: pairs.map((p) => `${p.claim} ${mapper.regex ? 'matches' : 'contains'} ${JSON.stringify(p.expected)}`).join(' and ') },
          ...(pairs.length > 1 ? { and: pairs.slice(1) } : {}),
          ...(syncNote ? { syncNote } : {}),
        };
        rules.push(rule);
        pending.push(rule);
        return;
      }
    }
  }

  // Keycloak rules run first: the product's teams can depend on the groups they grant.
  const outcomes = new Map<MembershipRule, { fired: boolean; miss?: Miss & { claim: string; keyPath: string; valuePath: string; expected: string } }>();
  const evaluate = (r: MembershipRule): void => {
    for (const p of [{ claim: r.claim, expected: r.expected, keyPath: r.keyPath, valuePath: r.valuePath }, ...(r.and ?? [])]) {
      const values = claimValues(bag, p.claim);
      if (!values || values.length === 0) {
        const miss = whyClaimAbsent(bag, p.claim, groupsKeyOf(p.claim) ? p.claim : appGroupsClaim);
        outcomes.set(r, { fired: false, miss: { ...miss, ...p } });
        return;
      }
      if (!values.some((v) => valueMatches(v, p.expected, r.regex, r.caseInsensitive))) {
        const miss = r.regex ? { whyNot: 'value-absent' as const, why: `no value matches /${p.expected}/ (sent: ${preview(values)})` } : whyValueAbsent(p.expected, values, directory, groupsKeyOf(p.claim) ? 'group' : roleKeyOf(p.claim) ? 'role' : 'value');
        outcomes.set(r, { fired: false, miss: { whyNot: miss.whyNot, why: miss.why, ...p } });
        return;
      }
    }
    outcomes.set(r, { fired: true });
    memberships.push(r.grant);
  };
  rules.forEach(evaluate);

  // --- The product's teams.
  const teamRules: Array<{ rule: MembershipRule | undefined; index: number }> = [];
  const teamClaim = app.claimMapping?.team;
  const caseInsensitive = app.teamMatching === 'case-insensitive';
  const fmt = groupClaimFormat(app);
  (app.teams ?? []).forEach((team, i) => {
    const path = childPointer(entry.pointer, 'teams', i);
    const grant: LandedMembership = { name: team.name, kind: 'team', path, via: '', ...(team.roles ? { roles: team.roles } : {}) };
    const src = team.source;
    let rule: MembershipRule | undefined;
    const base = { hop: appHop, label: `team ${team.name}`, path, regex: false, caseInsensitive, grant };
    if (teamClaim !== undefined && (!src || src.group !== undefined || src.claim === undefined)) {
      // Palette-style: the team whose name equals a value of the team claim.
      if (!src || src.group !== undefined) rule = { ...base, claim: teamClaim, keyPath: childPointer(entry.pointer, 'claimMapping', 'team'), expected: team.name, valuePath: childPointer(path, 'name') };
    }
    if (!rule && src?.group !== undefined) {
      const group = directory.byId(src.group);
      const expected = group ? (groupValueInToken(group, fmt) ?? group.objectId ?? group.displayName) : undefined;
      if (expected !== undefined && appGroupsClaim !== undefined) rule = { ...base, claim: appGroupsClaim, keyPath: childPointer(entry.pointer, 'groupsClaim'), expected, valuePath: childPointer(path, 'source', 'group') };
    }
    if (!rule && src?.appRole !== undefined) rule = { ...base, claim: roleClaimName(app), keyPath: childPointer(entry.pointer, 'appRoles'), expected: src.appRole, valuePath: childPointer(path, 'source', 'appRole') };
    if (!rule && src?.claim !== undefined) rule = { ...base, claim: src.claim.name, keyPath: childPointer(path, 'source', 'claim', 'name'), expected: src.claim.value, valuePath: childPointer(path, 'source', 'claim', 'value') };
    if (rule) {
      rule.grant.via = `${rule.claim} contains ${JSON.stringify(rule.expected)}`;
      rule.label = `team ${team.name} ← ${rule.claim} contains ${JSON.stringify(rule.expected)}`;
      evaluate(rule);
      teamRules.push({ rule, index: i });
      pending.push(rule);
      return;
    }
    if (src?.keycloakGroup !== undefined) {
      const wanted = stripSlash(src.keycloakGroup);
      const via = memberships.find((mm) => mm.kind === 'keycloak-group' && (mm.name === wanted || mm.name.split('/').pop() === wanted));
      const label = `team ${team.name} ← Keycloak group ${wanted}`;
      if (via) {
        memberships.push({ ...grant, via: `Keycloak group ${wanted}` });
        pending.push({ hop: appHop, rule: label, path, fired: true, result: `lands in ${team.name}` });
      } else {
        const granting = rules.filter((r) => r.grant.kind === 'keycloak-group' && r.grant.name === wanted).map((r) => r.grant.path);
        pending.push({ hop: appHop, rule: label, path, fired: false, whyNot: 'value-absent', why: granting.length ? `no mapper put the user into Keycloak group ${wanted} (see the mappers above)` : `no mapper in the config grants Keycloak group ${wanted}` });
      }
      teamRules.push({ rule: undefined, index: i });
      return;
    }
    pending.push({ hop: appHop, rule: `team ${team.name}`, path, fired: false, whyNot: 'not-applicable', why: 'the config does not say where this team gets its members (no source and no team claim)' });
  });

  for (const p of pending) {
    if (!('grant' in p)) {
      trace.push(p);
      continue;
    }
    const o = outcomes.get(p);
    if (!o) continue;
    trace.push({
      hop: p.hop,
      rule: p.label,
      path: p.path,
      fired: o.fired,
      ...(o.fired ? { result: `${p.grant.kind === 'team' ? 'lands in team' : p.grant.kind === 'keycloak-group' ? 'joined group' : 'granted role'} ${p.grant.name}` } : { whyNot: o.miss?.whyNot ?? 'value-absent', why: o.miss?.why ?? '' }),
      ...(p.syncNote ? { note: p.syncNote } : {}),
    });
  }

  // --- Findings from the rules that did not fire.
  const allRules = [...rules, ...teamRules.map((t) => t.rule).filter((r): r is MembershipRule => r !== undefined)];
  const landedTeams = memberships.filter((mm) => mm.kind === 'team');
  const landedAnywhere = memberships.some((mm) => mm.kind === 'team' || mm.kind === 'keycloak-group' || mm.kind === 'keycloak-role');
  const roleRulesFired = allRules.some((r) => roleKeyOf(r.claim) && outcomes.get(r)?.fired);
  let overageReported = false;
  for (const r of allRules) {
    const o = outcomes.get(r);
    if (!o || o.fired || !o.miss) continue;
    const miss = o.miss;
    const who = r.grant.kind === 'team' ? `team ${r.grant.name}` : `Keycloak mapper ${r.label.replace(/ \(.*$/, '')}`;
    switch (miss.whyNot) {
      case 'overage':
        overageReported = true;
        report('mapping.overage-unresolved', 'error', overageMessage(app, brokers.length > 0, bag), app.groupsClaim ? childPointer(entry.pointer, 'groupsClaim') : miss.keyPath);
        break;
      case 'other-name':
        report('mapping.claim-missing', 'error', `${who} reads "${miss.claim}": ${miss.why}`, miss.keyPath);
        break;
      case 'guid-vs-name':
      case 'name-vs-guid':
        report('mapping.group-id-vs-name', 'error', `${who} expects ${JSON.stringify(miss.expected)} in ${miss.claim}: ${miss.why}. ${miss.whyNot === 'guid-vs-name' ? `Name it by the group's object ID, or have Entra send names (sAMAccountName, or cloud display names for groups assigned to the application)` : `Use the group's object ID, or make Entra send object IDs (the default group claim format)`}`, miss.valuePath);
        break;
      case 'claim-absent':
        if (roleKeyOf(miss.claim) && !roleRulesFired && !landedAnywhere) report('mapping.role-missing', 'error', `${who} needs app role ${JSON.stringify(miss.expected)}, but the ${tokenWord} has no ${miss.claim} claim: the user is assigned no app role${app.appRoles?.some((ar) => ar.value === miss.expected) ? '' : ' (and the app defines no such role)'}`, miss.valuePath);
        else if (groupsKeyOf(miss.claim) && appGroupsClaim === roleClaimName(app) && miss.claim !== appGroupsClaim)
          report('mapping.claim-missing', 'error', `${who} reads ${miss.claim}, but the app emits groups as role claims ("Emit groups as role claims"): the groups arrive in ${appGroupsClaim}`, miss.keyPath);
        else if (groupsKeyOf(miss.claim) && !app.groupsClaim && !brokers.length) report('mapping.claim-missing', 'error', `${who} reads ${miss.claim}, but the app sends no groups claim (Token configuration → Add groups claim)`, miss.keyPath);
        break;
      case 'case-or-whitespace':
      case 'separator':
        if (roleKeyOf(miss.claim) && !roleRulesFired && !landedAnywhere) report('mapping.role-missing', 'error', `${who} needs app role ${JSON.stringify(miss.expected)}: ${miss.why}`, miss.valuePath);
        else if (!roleKeyOf(miss.claim)) report('mapping.near-miss', 'error', `${who} expects ${JSON.stringify(miss.expected)} in ${miss.claim}: ${miss.why}. Write it exactly as sent`, miss.valuePath);
        break;
      case 'value-absent':
        if (roleKeyOf(miss.claim) && !roleRulesFired && !landedAnywhere) report('mapping.role-missing', 'error', `${who} needs app role ${JSON.stringify(miss.expected)}: ${miss.why}`, miss.valuePath);
        break;
      default:
        break;
    }
  }
  if (bag.overage && !overageReported && (allRules.some((r) => groupsKeyOf(r.claim)) || (teamClaim !== undefined && groupsKeyOf(teamClaim))))
    report('mapping.overage-unresolved', 'error', overageMessage(app, brokers.length > 0, bag), app.groupsClaim ? childPointer(entry.pointer, 'groupsClaim') : entry.pointer);

  // --- A group filter that left nothing (Entra "Filter groups"), or regex mappers that matched no value sent.
  const filter = app.groupsClaim?.filter;
  const sentGroups = appGroupsClaim !== undefined ? (claimValues(bag, appGroupsClaim) ?? []) : [];
  if (filter && provider.type === 'entra' && !bag.overage && sentGroups.length === 0) {
    // A persona's groups that reach the filter at all ("Groups assigned to the application" sends only assigned ones).
    const eligible = new Set(groupsBeforeFilter(app, provider).map((g) => g.id));
    const persona = (options.personaGroups ?? []).map((id) => directory.byId(id)).filter((g): g is IdpGroup => g !== undefined && eligible.has(g.id));
    const fed = (app.teams ?? []).map((t) => (t.source?.group !== undefined ? directory.byId(t.source.group) : undefined)).filter((g): g is IdpGroup => g !== undefined);
    const candidates = persona.length > 0 ? persona : fed.length > 0 ? fed : groupsBeforeFilter(app, provider);
    if (candidates.length > 0 && !candidates.some((g) => entraFilterKeeps(filter, g))) {
      const names = candidates.map((g) => (filter.attribute === 'displayName' ? g.displayName : g.samAccountName) ?? g.id);
      const whose = persona.length > 0 ? "the user's groups" : fed.length > 0 ? 'the groups the teams are fed from' : 'every group of the directory';
      const path = childPointer(entry.pointer, 'groupsClaim', 'filter', 'value');
      trace.push({ hop: appHop, rule: `group filter ${describeEntraFilter(filter)}`, path, fired: false, whyNot: 'value-absent', why: `it drops ${whose}: ${listNames(names)}` });
      report('mapping.group-filter-drops-all', 'error', `the ${tokenWord} carries no groups: the group filter (${describeEntraFilter(filter)}) drops ${whose} (${listNames(names)})`, path);
    }
  }
  const regexClaims = new Set(rules.filter((r) => r.regex).map((r) => r.claim));
  for (const claim of regexClaims) {
    const values = claimValues(bag, claim) ?? [];
    const onClaim = rules.filter((r) => r.claim === claim);
    if (values.length === 0 || landedAnywhere || onClaim.some((r) => outcomes.get(r)?.fired)) continue;
    const patterns = onClaim.filter((r) => r.regex);
    const first = patterns[0];
    if (!first) continue;
    report('mapping.group-filter-drops-all', 'warning', `the Keycloak mapper regex${patterns.length > 1 ? 'es' : ''} ${patterns.map((r) => `/${r.expected}/`).join(', ')} on ${claim} matched none of the ${values.length} value${values.length === 1 ? '' : 's'} sent (${preview(values, 5)}): every one was dropped. Keycloak matches the whole value`, first.valuePath);
  }

  // --- Who may use SSO at all (Asset Panda "Enable Type").
  let access: MappingResult['access'];
  const enablement = app.protocol === 'saml' ? app.serviceProvider?.enablement : undefined;
  if (enablement) {
    const base = childPointer(entry.pointer, 'serviceProvider', 'enablement');
    const product = app.product ?? app.id;
    if (enablement.mode === 'disabled') {
      access = { allowed: false, why: `SSO is disabled for all users of ${product}`, path: childPointer(base, 'mode') };
    } else if (enablement.mode === 'selected-domains') {
      const emailField = attributes.find((at) => at.name === 'email' && at.hop === appHop && typeof at.value === 'string');
      const address = typeof emailField?.value === 'string' ? emailField.value : bag.nameId?.value.includes('@') ? bag.nameId.value : undefined;
      const domain = address?.split('@').pop()?.trim().toLowerCase();
      const domains = (enablement.domains ?? []).map((d) => d.trim().toLowerCase().replace(/^@/, ''));
      const path = childPointer(base, 'domains');
      if (!domain) access = { allowed: false, why: `${product} enables SSO for selected domains (${domains.join(', ') || 'none listed'}), and the ${tokenWord} carries no email address to tell the user's domain`, path };
      else if (!domains.includes(domain)) access = { allowed: false, why: `${product} enables SSO only for ${domains.join(', ') || 'no domain'}; ${address ?? ''} is in ${domain}`, path };
      else access = { allowed: true, why: `${domain} is among the domains SSO is enabled for`, path };
    } else access = { allowed: true, why: `SSO is enabled for all users of ${product}`, path: childPointer(base, 'mode') };
    trace.push({ hop: appHop, rule: `SSO enablement (${enablement.mode})`, path: access.path, fired: access.allowed, ...(access.allowed ? { result: access.why } : { whyNot: 'value-absent' as const, why: access.why }) });
    if (!access.allowed) report('mapping.sso-not-enabled', 'error', `sign-in refused: ${access.why}`, access.path);
  }

  // --- Default teams, and no team at all.
  if ((app.teams ?? []).length > 0 && landedTeams.length === 0) {
    const defaults = app.defaultTeams ?? [];
    if (defaults.length > 0) {
      defaults.forEach((name, i) => {
        const path = childPointer(entry.pointer, 'defaultTeams', i);
        memberships.push({ name, kind: 'team', path, via: 'default team (no team matched)', ...(app.teams?.find((t) => t.name === name)?.roles ? { roles: app.teams.find((t) => t.name === name)?.roles ?? [] } : {}) });
        trace.push({ hop: appHop, rule: `default team ${name}`, path, fired: true, result: `lands in ${name} (no team matched)` });
      });
    } else {
      const path = app.defaultTeams !== undefined ? childPointer(entry.pointer, 'defaultTeams') : childPointer(entry.pointer, 'teams');
      trace.push({ hop: appHop, rule: 'default teams', path, fired: false, whyNot: 'not-applicable', why: 'no team matched and the app has no default team' });
      report('mapping.no-team', 'error', `the user lands in no team of ${app.product ?? app.id} and there is no default team: they will be denied or see nothing`, path);
    }
  }

  // --- Values sent that no rule uses.
  for (const claim of new Set(allRules.map((r) => r.claim).filter((c) => groupsKeyOf(c) || roleKeyOf(c)))) {
    const values = claimValues(bag, claim) ?? [];
    const used = allRules.filter((r) => r.claim === claim || r.and?.some((p) => p.claim === claim));
    const unused = values.filter((v) => !used.some((r) => [{ expected: r.expected, claim: r.claim }, ...(r.and ?? [])].some((p) => p.claim === claim && valueMatches(v, p.expected, r.regex, r.caseInsensitive))));
    if (unused.length === 0) continue;
    const named = unused.map((v) => {
      const g = isGuid(v) ? directory.byObjectId(v) : undefined;
      return g ? `${v} (${g.displayName ?? g.id})` : JSON.stringify(v);
    });
    const first = used[0];
    const path = first?.grant.kind === 'team' ? childPointer(entry.pointer, 'teams') : first ? first.path.replace(/\/\d+$/, '') : entry.pointer;
    report('mapping.unmatched-group', 'info', `${claim} carries ${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''}, which no ${first?.grant.kind === 'team' ? 'team' : 'mapper'} uses`, path);
  }

  // --- App roles the token carries.
  const roleValues = claimValues(bag, roleClaimName(app)) ?? (app.protocol === 'saml' ? claimValues(bag, 'roles') : undefined) ?? [];
  for (const v of roleValues) {
    const i = (app.appRoles ?? []).findIndex((ar) => ar.value === v);
    if (i >= 0) memberships.push({ name: v, kind: 'app-role', path: childPointer(entry.pointer, 'appRoles', i), via: `${roleClaimName(app)} contains ${JSON.stringify(v)}` });
  }

  // --- CEL authorization (Exoscale).
  let authorization: MappingResult['authorization'];
  if (app.protocol === 'oidc' && app.authorization?.expression !== undefined) {
    const path = childPointer(entry.pointer, 'authorization', 'expression');
    authorization = evaluateAuthorization(app.authorization.expression, bag.payload ?? Object.fromEntries([...bag.values].map(([k, v]) => [k, v.length === 1 ? v[0] : v])), path);
    const granted = authorization.outcome === 'granted';
    const absent: string[] = [];
    const cel = analyzeCel(app.authorization.expression);
    if (cel.ok) for (const c of cel.claims) if (!bag.values.has(c)) absent.push(c);
    trace.push({ hop: appHop, rule: `authorization ${app.authorization.expression}`, path, fired: granted, ...(granted ? { result: authorization.message } : { whyNot: absent.length ? 'claim-absent' : 'value-absent', why: authorization.message }) });
    for (const c of absent) {
      const miss = whyClaimAbsent(bag, c);
      report('mapping.claim-missing', 'error', `the authorization expression reads ${whichIsNot(c, miss.why)}`, path);
    }
    if (authorization.budgetExceeded) report('mapping.budget-exceeded', 'warning', `the authorization expression ${authorization.message}`, path);
    else if (!granted) report('mapping.authorization-denied', 'error', `the authorization expression ${authorization.message}`, path);
  }

  const teams = uniq(memberships.filter((mm) => mm.kind === 'team').map((mm) => mm.name));
  return {
    app: { id: app.id, path: entry.pointer, ...(app.displayName !== undefined ? { displayName: app.displayName } : {}), ...(app.product !== undefined ? { product: app.product } : {}) },
    artifact,
    analyzed: true,
    accepted: true,
    ...(access ? { access } : {}),
    ...(brokers.length > 0 ? { keycloakLogin: options.firstBrokerLogin === false ? ('later' as const) : ('first' as const) } : {}),
    hops,
    attributes,
    memberships,
    teams,
    groups: uniq(memberships.filter((mm) => mm.kind === 'keycloak-group').map((mm) => mm.name)),
    roles: uniq(memberships.filter((mm) => mm.kind === 'keycloak-role' || mm.kind === 'app-role').map((mm) => mm.name)),
    ...(authorization ? { authorization } : {}),
    ...(nameId ? { nameId } : {}),
    trace,
    findings,
  };
}

function brokerHop(b: BrokerEntry): string {
  return `${b.realm.value.id}/${b.value.alias}`;
}

function mapperLabel(m: KeycloakMapper): string {
  const kind: Record<KeycloakMapper['type'], string> = {
    'attribute-importer': 'attribute importer',
    'hardcoded-role': 'hardcoded role',
    'hardcoded-group': 'hardcoded group',
    'hardcoded-attribute': 'hardcoded attribute',
    'claim-to-role': 'claim to role',
    'advanced-claim-to-role': 'advanced claim to role',
    'advanced-claim-to-group': 'advanced claim to group',
    'username-template': 'username template',
  };
  return `${m.name} (${kind[m.type]})`;
}

/** Longest claim value a configured regex is tested against. */
const MAX_REGEX_INPUT = 4096;

/** Keycloak matches regex values against the whole value (Java `String.matches`); exact values with `equals`. */
export function valueMatches(value: string, expected: string, regex: boolean, caseInsensitive: boolean): boolean {
  if (regex) {
    // The pattern is the user's, the value comes from a captured token: bound what a backtracking
    // pattern can be run against (no group name, role or email is this long).
    // The time limit in regexMatches covers patterns that blow up on short values.
    if (value.length > MAX_REGEX_INPUT) return false;
    return regexMatches(`^(?:${expected})$`, value) === true;
  }
  return caseInsensitive ? value.toLowerCase() === expected.toLowerCase() : value === expected;
}

const stripSlash = (s: string): string => s.replace(/^\/+/, '');
const uniq = (xs: string[]): string[] => [...new Set(xs)];

function groupDirectory(provider: Provider): GroupDirectory & { byId(id: string): IdpGroup | undefined } {
  const groups = provider.groups ?? [];
  return {
    byId: (id) => groups.find((g) => g.id === id),
    byObjectId: (oid) => groups.find((g) => g.objectId?.toLowerCase() === oid.toLowerCase()),
    byName: (name) => groups.find((g) => looseName(g.displayName ?? g.id) === looseName(name) || looseName(g.id) === looseName(name)),
  };
}

/**
 * The overage remedy: Entra leaves out the groups above 200 (JWT) / 150 (SAML) and sends a link to
 * Graph instead [doc: access-token-claims-reference.md; reference-saml-tokens.md]. Keycloak's
 * mappers cannot follow that link, so the fix is on the Entra side.
 */
function overageMessage(app: App, viaKeycloak: boolean, bag: ClaimBag): string {
  const limit = bag.protocol === 'saml' ? 150 : bag.overage?.kind === 'hasgroups' ? 'a handful (implicit flow)' : 200;
  const assigned = app.groupsClaim?.membership.includes('ApplicationGroup') === true;
  const remedies = [
    ...(assigned ? [] : ['choose "Groups assigned to the application" (groupMembershipClaims ApplicationGroup) and assign the groups']),
    'add a group filter so only the relevant groups are sent',
    'use app roles instead of groups',
    viaKeycloak ? 'Keycloak cannot follow the overage link, so the fix must be on the Entra side' : 'or have the app look the groups up in Microsoft Graph (getMemberObjects)',
  ];
  return `the user is in more than ${limit} groups, so Entra sent an overage link instead of the groups and ${viaKeycloak ? 'Keycloak' : 'the app'} sees none: ${remedies.join('; ')}`;
}

/** Whether the app, as configured, sends the claim at all (used by persona synthesis and messages). */
export function appSendsClaim(app: App, provider: Provider, claim: string): boolean | undefined {
  const emitted = emittedClaims(app, provider);
  return emitted ? emitted.has(claim) : undefined;
}

/** `"u_first_name", which is not in the token`: the reason without naming the claim a second time. */
function whichIsNot(claim: string, why: string): string {
  const named = `"${claim}" `;
  return why.startsWith(named) ? `"${claim}", which ${why.slice(named.length)}` : `"${claim}": ${why}`;
}
