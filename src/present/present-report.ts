import type { ArtifactKind, InspectReport } from '../decoders/result';
import { presentJwe, presentJwt } from './present-jwt';
import { presentGeneric } from './present-generic';
import { presentFlow } from './present-flow';
import { mappingOf, presentMapping } from './present-mapping';
import { presentSamlMessage, presentSamlMetadata } from './present-saml';
import { presentSignIn, signInOf } from './present-sign-in';
import { presentSamlSignIn } from './present-saml-sign-in';
import { findingsSection, signatureSection, type Presenter, type Section } from './sections';
import { nameSections } from './names';

/** One presenter per kind; kinds without one show their data as JSON. */
const PRESENTERS: Partial<Record<ArtifactKind, Presenter>> = {
  jwt: presentJwt,
  jwe: presentJwe,
  'saml-response': presentSamlMessage,
  'saml-authn-request': presentSamlMessage,
  'saml-logout-request': presentSamlMessage,
  'saml-logout-response': presentSamlMessage,
  'saml-metadata': presentSamlMetadata,
  flow: presentFlow,
};

export const KIND_TITLES: Record<ArtifactKind, string> = {
  jwt: 'JSON Web Token',
  jwe: 'Encrypted token (JWE)',
  'saml-response': 'SAML Response',
  'saml-authn-request': 'SAML AuthnRequest',
  'saml-logout-request': 'SAML LogoutRequest',
  'saml-logout-response': 'SAML LogoutResponse',
  'saml-metadata': 'SAML metadata',
  'oidc-discovery': 'OpenID Connect discovery document',
  jwks: 'JSON Web Key Set',
  certificate: 'X.509 certificate',
  har: 'HTTP archive (HAR)',
  flow: 'Sign-in flow',
  'http-step': 'HTTP request',
};

export function registerPresenter(kind: ArtifactKind, presenter: Presenter): void {
  PRESENTERS[kind] = presenter;
}

/** Findings first: they are what the user came for; then, with a config, what the app makes of it. */
export function presentReport(report: InspectReport): Section[] {
  const body = (PRESENTERS[report.kind] ?? presentGeneric)(report);
  const mapping = mappingOf(report);
  const signIn = signInOf(report);
  const sections = [findingsSection(report), signatureSection(report), ...(mapping ? presentMapping(mapping) : []), ...(signIn ? presentSignIn(signIn) : []), ...presentSamlSignIn(report), ...body];
  // With a config, the names it gives group and role IDs stand beside them everywhere (claims, findings, trace).
  return mapping?.names ? nameSections(sections, mapping.names) : sections;
}
