/**
 * A claims-mapping policy (Microsoft Graph `claimsMappingPolicy.definition`) evaluated for one user: which
 * claims its ClaimsSchema emits, with the values of Source/ID pairs, constants and ClaimsTransformations
 * [doc: https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization].
 * Pure: no `vscode`.
 */
import type { ClaimsMappingPolicyDefinition, ClaimsPolicyTransformation, ClaimsSchemaEntry } from '../config-types';
import { applyTransformations, type OperandReader } from './entra-claim-transformations';

/** The transformation methods a claims-mapping policy documents [doc: reference-claims-customization.md#claims-transformation]. */
export const POLICY_TRANSFORMATION_METHODS = ['Join', 'ExtractMailPrefix', 'ToLowercase', 'ToUppercase'] as const;

/** The SAML NameID claim type: a schema entry with it sets the Subject's NameID. */
export const SAML_NAMEID_CLAIM_TYPE = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';

export interface PolicyClaim {
  /** The schema entry's index, for findings and the trace. */
  entry: number;
  jwtClaimType?: string;
  samlClaimType?: string;
  samlNameIdFormat?: string;
  values: string[];
  /** Why the value could not be computed here (a method this simulation does not evaluate). */
  notSimulated?: string;
}

export interface PolicyOutcome {
  includeBasicClaimSet: boolean;
  claims: PolicyClaim[];
}

/** Facts about the app and tenant a Source other than `user` reads. */
export interface PolicyContext {
  application?: { displayname?: string; objectid?: string };
}

export function includesBasicClaimSet(policy: ClaimsMappingPolicyDefinition): boolean {
  const v = policy.ClaimsMappingPolicy.IncludeBasicClaimSet;
  // Graph stores it as the string "true"/"false"; absent means the basic set is not included.
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

function entryValues(entry: ClaimsSchemaEntry, reader: OperandReader, ctx: PolicyContext): string[] | undefined {
  if (entry.Value !== undefined) return entry.Value === '' ? [] : [entry.Value];
  const source = entry.Source?.toLowerCase();
  const id = entry.ID?.toLowerCase();
  if (source === 'user' && (id !== undefined || entry.ExtensionID !== undefined)) return reader(`user.${id ?? entry.ExtensionID ?? ''}`);
  if ((source === 'application' || source === 'resource' || source === 'audience') && id !== undefined) {
    const v = id === 'displayname' ? ctx.application?.displayname : id === 'objectid' ? ctx.application?.objectid : undefined;
    return v === undefined ? undefined : [v];
  }
  return undefined;
}

function inputOf(t: ClaimsPolicyTransformation, name: string, schema: readonly ClaimsSchemaEntry[], reader: OperandReader, ctx: PolicyContext): string[] {
  const claim = t.InputClaims?.find((c) => c.TransformationClaimType.toLowerCase() === name.toLowerCase());
  if (claim) {
    const entry = schema.find((e) => e.ID !== undefined && e.ID.toLowerCase() === claim.ClaimTypeReferenceId.toLowerCase() && e.TransformationId === undefined);
    return (entry ? entryValues(entry, reader, ctx) : reader(`user.${claim.ClaimTypeReferenceId}`)) ?? [];
  }
  const param = t.InputParameters?.find((p) => p.ID.toLowerCase() === name.toLowerCase());
  return param ? [param.Value] : [];
}

/** One policy transformation for one output claim; a method the policy documentation does not list is not simulated. */
function runTransformation(t: ClaimsPolicyTransformation, schema: readonly ClaimsSchemaEntry[], reader: OperandReader, ctx: PolicyContext): { values: string[]; notSimulated?: string } {
  // Single-input methods take their one InputClaim whatever its TransformationClaimType (`mail`, `string`…).
  const only = (): string[] => (t.InputClaims?.[0] ? inputOf(t, t.InputClaims[0].TransformationClaimType, schema, reader, ctx) : []);
  const method = POLICY_TRANSFORMATION_METHODS.find((m) => m === t.TransformationMethod);
  if (method === undefined) return { values: [], notSimulated: `transformation method ${t.TransformationMethod}` };
  if (method === 'Join') {
    // "Joins input strings by using a separator in between" [doc: reference-claims-customization.md#claims-transformation].
    const a = inputOf(t, 'string1', schema, reader, ctx)[0];
    const b = inputOf(t, 'string2', schema, reader, ctx)[0];
    const sep = inputOf(t, 'separator', schema, reader, ctx)[0] ?? '';
    const joined = a !== undefined && b !== undefined ? `${a}${sep}${b}` : (a ?? b);
    return { values: joined === undefined || joined === '' ? [] : [joined] };
  }
  const input = only();
  return applyTransformations([{ method }], input, () => input);
}

export function evaluateClaimsPolicy(policy: ClaimsMappingPolicyDefinition, reader: OperandReader, ctx: PolicyContext = {}): PolicyOutcome {
  const schema = policy.ClaimsMappingPolicy.ClaimsSchema ?? [];
  const transformations = policy.ClaimsMappingPolicy.ClaimsTransformations ?? [];
  const claims: PolicyClaim[] = [];
  schema.forEach((entry, i) => {
    if (entry.JwtClaimType === undefined && entry.SamlClaimType === undefined) return; // an input only
    const types = {
      ...(entry.JwtClaimType !== undefined ? { jwtClaimType: entry.JwtClaimType } : {}),
      ...(entry.SamlClaimType !== undefined ? { samlClaimType: entry.SamlClaimType } : {}),
      ...(entry.SamlNameIdFormat !== undefined ? { samlNameIdFormat: entry.SamlNameIdFormat } : {}),
    };
    if (entry.TransformationId !== undefined || entry.Source?.toLowerCase() === 'transformation') {
      const t = transformations.find((x) => x.ID === entry.TransformationId);
      if (!t) return void claims.push({ entry: i, ...types, values: [] });
      const r = runTransformation(t, schema, reader, ctx);
      return void claims.push({ entry: i, ...types, values: r.values, ...(r.notSimulated !== undefined ? { notSimulated: r.notSimulated } : {}) });
    }
    const v = entryValues(entry, reader, ctx);
    claims.push({ entry: i, ...types, values: v ?? [], ...(v === undefined ? { notSimulated: `source ${entry.Source ?? '?'}/${entry.ID ?? entry.ExtensionID ?? '?'}` } : {}) });
  });
  return { includeBasicClaimSet: includesBasicClaimSet(policy), claims };
}
