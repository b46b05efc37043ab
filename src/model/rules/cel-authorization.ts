import { analyzeCel, isRoleId } from '../cel-analysis';
import { configFinding, type ConfigFinding } from '../config-finding';
import { emittedIdTokenClaims, OIDC_STANDARD_CLAIMS } from '../emitted-claims';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** Claims Exoscale always has: "openid profile email" [seed: exoscale-oidc-cel.txt]. */
const ALWAYS_AVAILABLE = new Set([...(OIDC_STANDARD_CLAIMS.openid ?? []), ...(OIDC_STANDARD_CLAIMS.profile ?? []), ...(OIDC_STANDARD_CLAIMS.email ?? [])]);

/**
 * Exoscale evaluates the expression against the ID token payload at login: a role UUID grants that
 * IAM role, anything else — `false`, another string, `true` — denies access [seed: exoscale-oidc-cel.txt].
 */
export const celAuthorizationRule: ConfigRule = {
  name: 'cel-authorization',
  ids: ['config.cel-syntax', 'config.cel-result', 'config.cel-mixed-types', 'config.cel-claim-not-requested', 'config.claim-not-emitted'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      if (a.value.protocol !== 'oidc' || !a.value.authorization) continue;
      const at = childPointer(a.pointer, 'authorization', 'expression');
      const result = analyzeCel(a.value.authorization.expression);
      if (!result.ok) {
        out.push(configFinding('config.cel-syntax', 'error', `the CEL expression does not compile: ${result.message}. Every sign-in would be denied`, at));
        continue;
      }
      const o = result.outcome;
      for (const s of o.strings) if (!isRoleId(s)) out.push(configFinding('config.cel-result', 'warning', `the expression can return '${s}', which is not an IAM role UUID: users reaching that branch are denied access`, at));
      if (o.booleans.includes(true)) out.push(configFinding('config.cel-result', 'warning', 'the expression can return true, which is not an IAM role UUID: it denies like false. Return the role UUID instead', at));
      if (o.otherConstants.length > 0) out.push(configFinding('config.cel-result', 'warning', `the expression can return ${o.otherConstants.join(', ')}: only an IAM role UUID grants access`, at));
      if (o.computed > 0) out.push(configFinding('config.cel-result', 'info', 'part of the result is computed from claims; make sure it evaluates to an IAM role UUID (or false to deny)', at));
      if (o.strings.length > 0 && o.booleans.length > 0)
        out.push(configFinding('config.cel-mixed-types', 'info', 'the branches return a string (role UUID) and a bool (false): Exoscale evaluates dynamically and accepts this, as its own documented example does, but a type-checking CEL environment (cel-go with declarations, cel-js) rejects it', at));
      const requested = new Set(a.value.authorization.additionalClaims ?? []);
      const emitted = emittedIdTokenClaims(a.value, a.provider.value);
      for (const claim of result.claims) {
        if (!ALWAYS_AVAILABLE.has(claim) && !requested.has(claim))
          out.push(configFinding('config.cel-claim-not-requested', 'warning', `the expression reads "${claim}", which is not a standard claim: list it in OIDC Additional Claims (additionalClaims), or the expression never sees it`, at));
        if (emitted && !emitted.has(claim))
          out.push(configFinding('config.claim-not-emitted', 'warning', `the expression reads "${claim}", which ${a.provider.value.id} does not put into the ID token as configured here`, at));
      }
    }
    return out;
  },
};
