import { configFinding, type ConfigFinding } from '../config-finding';
import type { ClaimMapping } from '../config-types';
import { emittedClaims } from '../emitted-claims';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** Claims that come from somewhere else than the provider at hand, with the remedy. */
function remedy(claim: string, providerType: string, protocol: string): string {
  if (/^u_(first|last)_name$/.test(claim)) return providerType === 'okta' ? ' Add it as a custom claim of the authorization server.' : ` ${claim} is a custom claim of an Okta custom authorization server (Security → API → Authorization Servers → Claims), not something ${providerType === 'entra' ? 'Entra ID' : 'this provider'} sends.${providerType === 'entra' ? ' With Entra, map given_name / family_name (Token configuration → Add optional claim → ID).' : ''}`;
  if (providerType !== 'entra') return '';
  if (protocol === 'saml') return ' Add it under Attributes & Claims, or map an attribute Entra sends.';
  if (claim === 'email') return ' Request the email scope or add the email optional claim (Token configuration → Add optional claim → ID → email).';
  if (claim === 'groups' || claim === 'roles') return ' Add a groups claim (Token configuration → Add groups claim) or define app roles.';
  if (['given_name', 'family_name', 'upn', 'ctry', 'ipaddr', 'login_hint', 'verified_primary_email', 'xms_pdl'].includes(claim)) return ` Add it as an optional claim (Token configuration → Add optional claim → ID → ${claim}).`;
  if (claim === 'name' || claim === 'preferred_username' || claim === 'oid') return ' Request the profile scope.';
  return '';
}

const FIELDS: Array<keyof ClaimMapping> = ['email', 'firstName', 'lastName', 'displayName', 'username', 'team'];

/**
 * The product reads a claim the provider, as configured here, does not send — Palette's guide maps
 * First/Last Name to u_first_name/u_last_name, which exist only in an Okta custom authorization server.
 */
export const claimNotEmittedRule: ConfigRule = {
  name: 'claim-not-emitted',
  ids: ['config.claim-not-emitted'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      const emitted = emittedClaims(a.value, a.provider.value);
      const mapping = a.value.claimMapping;
      if (!emitted || !mapping) continue;
      for (const field of FIELDS) {
        const claim = mapping[field];
        if (claim === undefined || emitted.has(claim) || claim.toLowerCase() === 'nameid') continue;
        const severity = field === 'team' || field === 'email' ? 'error' : 'warning';
        const token = a.value.protocol === 'oidc' ? 'ID token' : 'assertion';
        out.push(configFinding('config.claim-not-emitted', severity, `${field} is read from "${claim}", which ${a.provider.value.id} does not put into the ${token} as configured here.${remedy(claim, a.provider.value.type, a.value.protocol)}`, childPointer(a.pointer, 'claimMapping', field)));
      }
    }
    return out;
  },
};
