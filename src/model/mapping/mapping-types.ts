import type { Finding, FindingId } from '../../decoders/result';

/**
 * What the consuming side makes of one sign-in: the typed result of `analyzeMapping`, carried as
 * `data.mapping` in the CLI's JSON (CLI contract, "Mapping findings") and rendered as the
 * "Mapped through <app>" report section.
 */

/** Why a rule did not fire, as a stable code (the trace's `why` says it in words). */
export type WhyNot =
  /** The claim or attribute the rule reads is not in the artifact. */
  | 'claim-absent'
  /** It is there under another name or URI (`givenname` vs `firstname`, `roles` vs `…/role`). */
  | 'other-name'
  /** Group object IDs were sent where a name is expected. */
  | 'guid-vs-name'
  /** Names were sent where a group object ID is expected. */
  | 'name-vs-guid'
  /** The expected value is there but differs in case or surrounding whitespace. */
  | 'case-or-whitespace'
  /** The expected value is there but written with other separators (`k8s_cluster-editor` vs `k8s-cluster-editor`). */
  | 'separator'
  /** Entra dropped the groups claim (overage) and sent a link instead. */
  | 'overage'
  /** The claim is there, without the value the rule expects (the user is not in that group/role). */
  | 'value-absent'
  /** The rule never applies to this sign-in (sync mode, a hop that was not reached). */
  | 'not-applicable';

/** One user attribute the product (or a broker in between) sets, and where it came from. */
export interface MappedAttribute {
  /** The product's/broker's attribute name (email, firstName, Keycloak user attribute…). */
  name: string;
  /** Undefined when the source claim is absent. Several values for multi-valued attributes. */
  value?: string | string[];
  /** The claim or SAML attribute Name read (or "NameID"). */
  source: string;
  /** JSON pointer of the config element that defines this mapping. */
  path: string;
  /** Which hop set it ("palette", "keycloak-mytenant/entra-id"). */
  hop: string;
}

/** A team, group or role the user lands in. */
export interface LandedMembership {
  name: string;
  kind: 'team' | 'keycloak-group' | 'keycloak-role' | 'app-role';
  /** The rule that put the user there. */
  path: string;
  /** How: "groups contains e3ac07cc-…", "default team", "hardcoded". */
  via: string;
  /** Roles the product gives the team (documentation in the config). */
  roles?: string[];
}

export interface AuthorizationResult {
  expression: string;
  path: string;
  /** `rejected`: the artifact failed validation, so the product never evaluates the expression; `wouldBe` says what it would return. */
  outcome: 'granted' | 'denied' | 'error' | 'rejected';
  /** With `rejected`: the outcome if the artifact were accepted. */
  wouldBe?: 'granted' | 'denied' | 'error';
  /** Not evaluated: the static cost estimate is over CEL_ITERATION_BUDGET (`mapping.budget-exceeded`). */
  budgetExceeded?: true;
  /** What the expression returned, as JSON text (`"dc097e90-…"`, `false`). */
  returned?: string;
  /** The IAM role ID granted, when the result is a valid one. */
  roleId?: string;
  message: string;
}

/** One rule of the chain, fired or not. */
export interface TraceStep {
  hop: string;
  /** What the rule is, in words ("team e3ac07cc-… ← groups", "mapper tenant-admin (advanced claim to group)"). */
  rule: string;
  path: string;
  fired: boolean;
  /** What it did when it fired ("joined group tenant-admin", "email = ada@…"). */
  result?: string;
  whyNot?: WhyNot;
  /** Why it did not fire, in words, naming what was sent instead. */
  why?: string;
  /** Additional remark (sync mode IMPORT, regex). */
  note?: string;
  /** What the rule reads: claims or SAML attributes as the config names them ("NameID" for the subject), or a Keycloak group an earlier hop grants. */
  reads?: TraceInput[];
  /** What the rule gives when it fires (a team, group, role, attribute, the authorization result). */
  gives?: TraceOutput;
}

export interface TraceInput {
  kind: 'claim' | 'keycloak-group';
  name: string;
}

export interface TraceOutput {
  kind: LandedMembership['kind'] | 'attribute' | 'authorization' | 'access';
  name: string;
}

export interface MappingHop {
  /** Short label used in attributes and trace. */
  id: string;
  /** "Entra ID → Keycloak realm mytenant (identity provider entra-id)". */
  description: string;
  path: string;
}

export interface MappingResult {
  app: { id: string; path: string; displayName?: string; product?: string };
  /** The artifact the claims were read from (a HAR item number when the input was a HAR). */
  artifact: { kind: 'jwt' | 'jwe' | 'saml-response'; item?: number; signatureStatus: string };
  /** False when no claims could be read (encrypted, malformed): then only `reason` says why. */
  analyzed: boolean;
  reason?: string;
  /**
   * False when the consuming side refuses the artifact before mapping anything (signature, audience,
   * issuer, recipient or time checks failed): attributes, teams, groups and roles are then what the
   * user *would* get if it were accepted, and the authorization outcome is `rejected`.
   */
  accepted: boolean;
  /** Why it is refused: the decoder's error findings (`jwt.audience-mismatch`, `saml.recipient-mismatch`…). */
  rejectedBy?: Array<{ id: FindingId; message: string }>;
  /** The product lets this user sign in with SSO at all (Asset Panda "Enable Type": selected domains). */
  access?: { allowed: boolean; why: string; path: string };
  /** Keycloak hops: which broker login was simulated (mappers in IMPORT/LEGACY behave differently). */
  keycloakLogin?: 'first' | 'later';
  hops: MappingHop[];
  attributes: MappedAttribute[];
  /** Teams (product side), Keycloak groups and roles, app roles, in that order. */
  memberships: LandedMembership[];
  /** Names of the product teams the user lands in (convenience for scripts and tests). */
  teams: string[];
  groups: string[];
  roles: string[];
  authorization?: AuthorizationResult;
  nameId?: { value: string; format?: string; expectedFormat?: string };
  trace: TraceStep[];
  /** The `mapping.*` findings, each with `path`. Also appended to the report's findings. */
  findings: Finding[];
  /** The values the artifact carries for each claim the rules read (absent claims are left out), as the diagram shows them. */
  sent?: Record<string, string[]>;
  /** The config's display names for the group object IDs, Keycloak group paths and app role values in this result: value → name. */
  names?: Record<string, string>;
}

/** The claims of one artifact, normalised: JWT payload claims or SAML attribute Names → values. */
export interface ClaimBag {
  protocol: 'oidc' | 'saml';
  /** Every claim/attribute as a list of string values (numbers and booleans as text). */
  values: Map<string, string[]>;
  /** SAML FriendlyName → Name. */
  friendlyNames: Map<string, string>;
  /** The raw JWT payload (CEL evaluates on it with its JSON types). */
  payload?: Record<string, unknown>;
  nameId?: { value: string; format?: string };
  /** Entra replaced the groups by a link: how. */
  overage?: { kind: 'claim-sources' | 'hasgroups' | 'groups-link'; endpoint?: string };
  audiences: string[];
  issuer?: string;
}
