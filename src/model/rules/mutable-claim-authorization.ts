import { analyzeCel } from '../cel-analysis';
import { configFinding, type ConfigFinding } from '../config-finding';
import type { Provider } from '../config-types';
import { childPointer } from '../json-pointer';
import { describeMutable, EMAIL_VERIFIED_CLAIMS, mutableClaimKind, saferClaimAdvice, type MutableClaimKind } from '../mutable-claims';
import type { ConfigRule } from './rule';

/** Keycloak mappers that grant a group or role from a claim value (attribute importers only fill profile fields). */
const GRANTING_MAPPERS = new Set(['claim-to-role', 'advanced-claim-to-role', 'advanced-claim-to-group']);

/**
 * A team, group, role or authorization expression that decides membership from a claim users or
 * administrators can set (`email`, `upn`, `preferred_username`, `name`, `unique_name` and their SAML
 * URIs): whoever sets the value picks their access (nOAuth; sources in mutable-claims.ts). Reading
 * the same claims to fill a profile field (claimMapping.email/username, attribute importers, username
 * templates) stays silent: that decides no membership. A CEL expression that also checks
 * `email_verified` / `xms_edov` is silent about `email` (Microsoft's documented remedy); one that pins
 * `tid` still warns, since within the tenant an administrator can set any address on a user.
 */
export const mutableClaimAuthorizationRule: ConfigRule = {
  name: 'mutable-claim-authorization',
  ids: ['config.mutable-claim-authorization'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    const warn = (provider: Provider, protocol: 'oidc' | 'saml', claim: string, kind: MutableClaimKind, what: string, path: string, extra = ''): void => {
      out.push(configFinding('config.mutable-claim-authorization', 'warning', `${what} from "${claim}"${extra}: ${describeMutable(kind)}, so whoever can set it picks their own access (the nOAuth mistake). ${capitalize(saferClaimAdvice(provider, protocol, kind))}`, path));
    };
    for (const a of index.apps) {
      const app = a.value;
      const provider = a.provider.value;
      const teamClaim = app.claimMapping?.team;
      const teamKind = teamClaim !== undefined ? mutableClaimKind(teamClaim) : undefined;
      if (teamClaim !== undefined && teamKind) warn(provider, app.protocol, teamClaim, teamKind, `${app.product ?? app.id} puts users into teams`, childPointer(a.pointer, 'claimMapping', 'team'));
      (app.teams ?? []).forEach((team, i) => {
        const name = team.source?.claim?.name;
        const kind = name !== undefined ? mutableClaimKind(name) : undefined;
        if (name !== undefined && kind) warn(provider, app.protocol, name, kind, `team ${team.name} gets its members`, childPointer(a.pointer, 'teams', i, 'source', 'claim', 'name'));
      });
      if (app.protocol === 'oidc' && app.authorization) {
        const cel = analyzeCel(app.authorization.expression);
        if (!cel.ok) continue;
        const verified = cel.claims.some((c) => EMAIL_VERIFIED_CLAIMS.includes(c));
        // An address whose verification the expression checks is what Microsoft and OIDC Core allow.
        const risky = cel.claims.map((c) => ({ c, kind: mutableClaimKind(c) })).filter((x): x is { c: string; kind: MutableClaimKind } => x.kind !== undefined && !(x.kind === 'email' && verified));
        const at = childPointer(a.pointer, 'authorization', 'expression');
        for (const { c, kind } of risky) {
          const unverified = kind === 'email' ? ` without checking ${provider.type === 'entra' ? '`xms_edov` (Entra sends no `email_verified`)' : '`email_verified`'}` : '';
          warn(provider, 'oidc', c, kind, 'the authorization expression decides the role', at, unverified);
        }
      }
    }
    for (const m of index.mappers) {
      const mapper = m.value;
      if (!GRANTING_MAPPERS.has(mapper.type)) continue;
      const upstream = m.broker.upstream?.provider.value ?? m.broker.realm.value;
      const protocol = m.broker.value.protocol;
      const target = mapper.type === 'advanced-claim-to-group' ? `group ${mapper.group ?? '?'}` : `role ${mapper.role ?? '?'}`;
      const keys: Array<{ claim: string; path: string }> = mapper.claims
        ? mapper.claims.map((c, i) => ({ claim: c.key, path: childPointer(m.pointer, 'claims', i, 'key') }))
        : [mapper.attributeName, mapper.claim, mapper.friendlyName].flatMap((c, i) => (c !== undefined ? [{ claim: c, path: childPointer(m.pointer, ['attributeName', 'claim', 'friendlyName'][i] ?? 'claim') }] : []));
      for (const k of keys) {
        const kind = mutableClaimKind(k.claim);
        if (kind) warn(upstream, protocol, k.claim, kind, `Keycloak mapper ${mapper.name} grants ${target}`, k.path);
      }
    }
    return out;
  },
};

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
