import type { CertificateSummary } from '../x509/certificate';
import type { TimeView } from '../saml/saml-data';

export interface MetadataCertificateView extends CertificateSummary {
  /** KeyDescriptor use: signing, encryption, or both when `use` is absent (metadata §2.4.1.1). */
  use: 'signing' | 'encryption' | 'signing+encryption';
  keyName?: string;
}

export interface EndpointView {
  service: string;
  binding: string;
  /** Short binding name: HTTP-POST, HTTP-Redirect, SOAP, HTTP-Artifact, WS-Fed passive… */
  bindingLabel: string;
  location: string;
  responseLocation?: string;
  index?: string;
  isDefault?: string;
}

export interface RoleView {
  /** IDPSSODescriptor, SPSSODescriptor, RoleDescriptor (WS-Fed), AttributeAuthorityDescriptor… */
  type: string;
  /** xsi:type of a RoleDescriptor, e.g. fed:SecurityTokenServiceType (Entra's WS-Federation role). */
  xsiType?: string;
  protocolSupportEnumeration?: string;
  wantAuthnRequestsSigned?: string;
  authnRequestsSigned?: string;
  wantAssertionsSigned?: string;
  endpoints: EndpointView[];
  nameIdFormats: string[];
  certificates: MetadataCertificateView[];
  /** WS-Fed ClaimTypesOffered count (Entra lists the claims it can issue). */
  claimTypesOffered?: number;
}

export interface EntityView {
  entityId: string;
  id?: string;
  validUntil?: TimeView;
  cacheDuration?: string;
  organization?: string;
  roles: RoleView[];
}

export interface EntityIndexView {
  entityId: string;
  roles: string[];
}

export interface MetadataData {
  root: 'EntityDescriptor' | 'EntitiesDescriptor';
  name?: string;
  validUntil?: TimeView;
  cacheDuration?: string;
  /** Every entity in the document. */
  entityCount: number;
  /** One line per entity (entity ID and roles), for aggregates. */
  entityIndex?: EntityIndexView[];
  /** Entities of a streamed aggregate beyond the first ENTITY_INDEX_LIMIT, not listed in entityIndex. */
  entityIndexOmitted?: number;
  /** Full detail: the single entity, every entity of a small aggregate, or the one picked. */
  entities: EntityView[];
  /** The entity asked for (options entityId), when one was. */
  selectedEntityId?: string;
  /** True when the aggregate was indexed by streaming (too large for one DOM, or unsigned and listed by ID only). */
  streamed: boolean;
  evaluatedAt: string;
  /** Indented XML (omitted for very large documents). */
  xml?: string;
}
