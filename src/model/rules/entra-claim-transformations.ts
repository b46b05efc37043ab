import { configFinding, type ConfigFinding } from '../config-finding';
import type { AppEntry } from '../config-index';
import type { ClaimTransformation, SamlApp } from '../config-types';
import { childPointer } from '../json-pointer';
import { POLICY_TRANSFORMATION_METHODS } from '../claims/claims-mapping-policy';
import { dotNetPatternToJs, MAX_CLAIM_TRANSFORMATIONS, NAMEID_TRANSFORMATIONS, REQUIRED_PARAMETERS, unknownPlaceholders } from '../claims/entra-claim-transformations';
import { isRestrictedJwtClaim, isRestrictedSamlClaim } from '../claims/restricted-claims';
import type { ConfigRule } from './rule';

/** "You can select up to 50 unique groups across all claims for a given application" [doc: saml-claims-customization.md#emit-claims-based-on-conditions]. */
const MAX_CONDITION_GROUPS = 50;

const DOC = 'https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization';

function chainFindings(chain: readonly ClaimTransformation[], at: string, what: string, nameId: boolean): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  if (chain.length > MAX_CLAIM_TRANSFORMATIONS) out.push(configFinding('config.claim-transformation-invalid', 'error', `${what} has ${chain.length} transformations; Entra applies at most ${MAX_CLAIM_TRANSFORMATIONS} to a claim (${DOC}#claim-transformations)`, childPointer(at, MAX_CLAIM_TRANSFORMATIONS)));
  chain.forEach((t, i) => {
    const here = childPointer(at, i);
    if (nameId && !NAMEID_TRANSFORMATIONS.includes(t.method)) out.push(configFinding('config.claim-transformation-invalid', 'error', `${what}: Entra allows only ${NAMEID_TRANSFORMATIONS.join(' and ')} on the Name ID, not ${t.method}`, childPointer(here, 'method')));
    const missing = (REQUIRED_PARAMETERS[t.method] ?? []).filter((k) => t[k] === undefined);
    if (missing.length) out.push(configFinding('config.claim-transformation-invalid', 'error', `${what}: ${t.method} needs ${missing.join(', ')}`, here));
    if (t.method === 'RegexReplace' && t.regexPattern !== undefined) {
      const js = dotNetPatternToJs(t.regexPattern);
      let compiles = js !== undefined;
      if (js) {
        try {
          new RegExp(js.source, js.flags);
        } catch {
          compiles = false;
        }
      }
      if (!compiles) out.push(configFinding('config.claim-transformation-invalid', 'error', `${what}: the regex pattern does not compile`, childPointer(here, 'regexPattern')));
      const unknown = unknownPlaceholders(t);
      // "The source for the groups into the replacement pattern isn't found" is a validation the portal runs [doc: saml-claims-customization.md].
      if (compiles && unknown.length) out.push(configFinding('config.claim-transformation-invalid', 'error', `${what}: the replacement pattern names ${unknown.map((u) => `{${u}}`).join(', ')}, which neither a regex group nor an additional parameter provides`, childPointer(here, 'replacementPattern')));
    }
  });
  return out;
}

function samlClaimFindings(a: AppEntry, app: SamlApp): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const known = new Set((a.provider.value.groups ?? []).map((g) => g.id));
  const scoped = new Set<string>();
  (app.claims ?? []).forEach((c, i) => {
    const at = childPointer(a.pointer, 'claims', i);
    out.push(...chainFindings(c.transformations ?? [], childPointer(at, 'transformations'), `claim ${c.name}`, false));
    (c.conditions ?? []).forEach((cond, j) => {
      const cat = childPointer(at, 'conditions', j);
      out.push(...chainFindings(cond.transformations ?? [], childPointer(cat, 'transformations'), `claim ${c.name}, condition ${j + 1}`, false));
      (cond.groups ?? []).forEach((g, k) => {
        scoped.add(g);
        if (!known.has(g)) out.push(configFinding('config.claim-transformation-invalid', 'error', `claim ${c.name}, condition ${j + 1} is scoped to group "${g}", which ${a.provider.value.id} does not define`, childPointer(cat, 'groups', k)));
      });
      if (cond.source === undefined && !(cond.transformations?.length)) out.push(configFinding('config.claim-transformation-invalid', 'error', `claim ${c.name}, condition ${j + 1} has neither a source attribute nor a transformation, so it emits nothing`, cat));
    });
  });
  if (scoped.size > MAX_CONDITION_GROUPS) out.push(configFinding('config.claim-transformation-invalid', 'error', `claim conditions of ${app.id} scope ${scoped.size} groups; Entra allows ${MAX_CONDITION_GROUPS} unique groups across all claims of an application`, childPointer(a.pointer, 'claims')));
  out.push(...chainFindings(app.nameId?.transformations ?? [], childPointer(a.pointer, 'nameId', 'transformations'), 'the Name ID', true));
  return out;
}

function policyFindings(a: AppEntry): ConfigFinding[] {
  const app = a.value;
  const policy = app.claimsMappingPolicy;
  if (!policy) return [];
  const out: ConfigFinding[] = [];
  const at = childPointer(a.pointer, 'claimsMappingPolicy', 'ClaimsMappingPolicy');
  const transformations = policy.ClaimsMappingPolicy.ClaimsTransformations ?? [];
  const customSigningKey = app.protocol === 'saml' && app.signing?.certificate !== undefined;
  (policy.ClaimsMappingPolicy.ClaimsSchema ?? []).forEach((e, i) => {
    const here = childPointer(at, 'ClaimsSchema', i);
    if (e.TransformationId !== undefined && !transformations.some((t) => t.ID === e.TransformationId)) out.push(configFinding('config.claim-transformation-invalid', 'error', `claims schema entry ${i + 1} uses transformation "${e.TransformationId}", which the policy's ClaimsTransformations do not define`, childPointer(here, 'TransformationId')));
    // "Names and URIs of claims in the restricted claim set can't be used for the claim type elements" [doc: reference-claims-customization.md].
    if (e.JwtClaimType !== undefined && isRestrictedJwtClaim(e.JwtClaimType)) out.push(configFinding('config.claim-transformation-invalid', 'error', `claims schema entry ${i + 1} sets JWT claim "${e.JwtClaimType}", which is in Entra's restricted claim set: a policy cannot change it`, childPointer(here, 'JwtClaimType')));
    if (e.SamlClaimType !== undefined && isRestrictedSamlClaim(e.SamlClaimType, customSigningKey)) out.push(configFinding('config.claim-transformation-invalid', 'error', `claims schema entry ${i + 1} sets SAML claim "${e.SamlClaimType}", which is in Entra's restricted claim set${customSigningKey ? '' : ' unless the app has a custom signing key'}`, childPointer(here, 'SamlClaimType')));
  });
  transformations.forEach((t, i) => {
    if (!POLICY_TRANSFORMATION_METHODS.some((m) => m === t.TransformationMethod)) out.push(configFinding('config.claim-transformation-not-simulated', 'info', `transformation "${t.ID}" uses ${t.TransformationMethod}, which SSO Lens does not simulate: personas show no value for the claims it produces`, childPointer(at, 'ClaimsTransformations', i, 'TransformationMethod')));
  });
  // Claims changed by a policy need a custom signing key or acceptMappedClaims, else "AADSTS50146: This application is required to be
  // configured with an application-specific signing key" [doc: https://learn.microsoft.com/en-us/entra/identity-platform/claims-customization-powershell].
  if (app.protocol === 'oidc' && app.acceptMappedClaims !== true && !(app.certificates ?? []).some((c) => c.usage === 'Sign')) {
    out.push(configFinding('config.claims-policy-needs-signing-key', 'error', `${app.id} has a claims-mapping policy but neither a custom signing key nor acceptMappedClaims: Entra refuses its sign-ins with AADSTS50146. Add a signing certificate to the service principal, or set api.acceptMappedClaims to true in the manifest (single-tenant apps only)`, childPointer(a.pointer, 'claimsMappingPolicy')));
  }
  if (app.protocol === 'saml' && ((app.claims?.length ?? 0) > 0 || (app.nameId?.transformations?.length ?? 0) > 0)) {
    out.push(configFinding('config.claims-policy-supersedes', 'warning', `${app.id} has a claims-mapping policy, so Entra ignores the claims configured on the Attributes & Claims page; move them into the policy's ClaimsSchema or remove the policy (https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization)`, childPointer(a.pointer, (app.claims?.length ?? 0) > 0 ? 'claims' : 'nameId')));
  }
  return out;
}

/**
 * Entra claim transformations, claim conditions and claims-mapping policies that Entra would refuse or
 * that cannot produce a value, found before a persona signs in. Values are simulated by the mapping
 * analysis (synthesize-claims.ts); this rule checks the configuration itself.
 */
export const entraClaimTransformationsRule: ConfigRule = {
  name: 'entra-claim-transformations',
  ids: ['config.claim-transformation-invalid', 'config.claims-policy-supersedes', 'config.claims-policy-needs-signing-key', 'config.claim-transformation-not-simulated'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      if (a.value.protocol === 'saml') out.push(...samlClaimFindings(a, a.value));
      out.push(...policyFindings(a));
    }
    return out;
  },
};
