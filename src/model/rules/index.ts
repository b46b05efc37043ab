import { attributeNotSentRule } from './attribute-not-sent';
import { celAuthorizationRule } from './cel-authorization';
import { certificateExpiryRule } from './certificate-expiry';
import { claimNotEmittedRule } from './claim-not-emitted';
import { crossHopCertificatesRule } from './cross-hop-certificates';
import { crossHopEndpointsRule } from './cross-hop-endpoints';
import { documentedEndpointsRule } from './documented-endpoints';
import { duplicateIdsRule } from './duplicate-ids';
import { encryptionWithoutCertificateRule } from './encryption-certificate';
import { entraClaimTransformationsRule } from './entra-claim-transformations';
import { groupFilterDropsAllRule } from './group-filter-drops-all';
import { groupFormatRule } from './group-format';
import { groupsOverageRiskRule } from './groups-overage-risk';
import { insecureRedirectUrisRule } from './insecure-redirect-uris';
import { keycloakBrokerRule } from './keycloak-broker';
import { literalSecretRule } from './literal-secret';
import { malformedGuidsRule } from './malformed-guids';
import { metadataProviderRule } from './metadata-provider';
import { mutableClaimAuthorizationRule } from './mutable-claim-authorization';
import { referencesRule } from './references';
import { secretExpiryRule } from './secret-expiry';
import type { ConfigRule } from './rule';
import { sha1SigningRule } from './sha1-signing';
import { trustedKeysRule } from './trusted-keys';
import { unknownAppRoleRule } from './unknown-app-role';

export type { ConfigRule, RuleContext } from './rule';

/** Every semantic rule, in the order their findings are listed. One rule per file. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  literalSecretRule,
  duplicateIdsRule,
  referencesRule,
  malformedGuidsRule,
  insecureRedirectUrisRule,
  keycloakBrokerRule,
  crossHopEndpointsRule,
  documentedEndpointsRule,
  metadataProviderRule,
  crossHopCertificatesRule,
  groupFormatRule,
  groupFilterDropsAllRule,
  claimNotEmittedRule,
  attributeNotSentRule,
  entraClaimTransformationsRule,
  unknownAppRoleRule,
  groupsOverageRiskRule,
  celAuthorizationRule,
  mutableClaimAuthorizationRule,
  sha1SigningRule,
  encryptionWithoutCertificateRule,
  certificateExpiryRule,
  trustedKeysRule,
  secretExpiryRule,
];
