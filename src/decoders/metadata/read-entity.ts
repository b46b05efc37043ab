import { createHash, type X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { finding, type Finding } from '../result';
import { timeAttr } from '../saml/read-saml';
import { attrOf, childElement, childElements, descendants, NS, textOf, xsiTypeOf } from '../saml/xml-names';
import { certificateFindings, certificateFromBase64, certificateLabel, summarizeCertificate } from '../x509/certificate';
import type { EndpointView, EntityView, MetadataCertificateView, RoleView } from './metadata-data';
import { ownEntry } from '../own-entry';

/** Short names for SAML bindings (SAML bindings §3) and the WS-Fed passive endpoint. */
const BINDINGS: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'HTTP-POST',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'HTTP-Redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact': 'HTTP-Artifact',
  'urn:oasis:names:tc:SAML:2.0:bindings:SOAP': 'SOAP',
  'urn:oasis:names:tc:SAML:2.0:bindings:PAOS': 'PAOS (ECP)',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST-SimpleSign': 'HTTP-POST-SimpleSign',
  'urn:oasis:names:tc:SAML:2.0:bindings:URI': 'URI',
};

const ENDPOINT_ELEMENTS = ['SingleSignOnService', 'SingleLogoutService', 'AssertionConsumerService', 'ArtifactResolutionService', 'ManageNameIDService', 'NameIDMappingService', 'AssertionIDRequestService', 'AttributeService'];

export interface ReadEntityResult {
  entity: EntityView;
  findings: Finding[];
  /** Signing certificates (KeyDescriptor use="signing" or without use), de-duplicated. */
  signingCertificates: X509Certificate[];
}

/** Reads one EntityDescriptor: roles, endpoints per binding, NameID formats, every certificate. */
export function readEntity(el: Element, now: Date, withFindings: boolean): ReadEntityResult {
  const entityId = attrOf(el, 'entityID') ?? '';
  const entity: EntityView = { entityId, roles: [] };
  const id = attrOf(el, 'ID');
  if (id) entity.id = id;
  const validUntil = timeAttr(el, 'validUntil', now);
  if (validUntil) entity.validUntil = validUntil;
  const cacheDuration = attrOf(el, 'cacheDuration');
  if (cacheDuration) entity.cacheDuration = cacheDuration;
  const org = childElement(el, NS.metadata, 'Organization');
  const orgName = textOf(org && (childElement(org, NS.metadata, 'OrganizationDisplayName') ?? childElement(org, NS.metadata, 'OrganizationName')));
  if (orgName) entity.organization = orgName;

  const findings: Finding[] = [];
  const signing = new Map<string, X509Certificate>();
  const certFindingsFor = new Map<string, { cert: X509Certificate; roles: string[] }>();
  for (const roleEl of childElements(el, NS.metadata)) {
    if (!roleEl.localName?.endsWith('Descriptor')) continue;
    const role: RoleView = { type: roleEl.localName, endpoints: [], nameIdFormats: [], certificates: [] };
    const xsiType = xsiTypeOf(roleEl);
    if (xsiType) role.xsiType = xsiType;
    for (const [k, a] of [['protocolSupportEnumeration', 'protocolSupportEnumeration'], ['wantAuthnRequestsSigned', 'WantAuthnRequestsSigned'], ['authnRequestsSigned', 'AuthnRequestsSigned'], ['wantAssertionsSigned', 'WantAssertionsSigned']] as const) {
      const v = attrOf(roleEl, a);
      if (v !== undefined) role[k] = v;
    }
    for (const child of childElements(roleEl)) {
      if (child.namespaceURI === NS.metadata && ENDPOINT_ELEMENTS.includes(child.localName ?? '')) role.endpoints.push(endpointOf(child));
      if (child.namespaceURI === NS.metadata && child.localName === 'NameIDFormat') role.nameIdFormats.push(textOf(child) ?? '');
      if (child.namespaceURI === NS.fed && (child.localName === 'PassiveRequestorEndpoint' || child.localName === 'SecurityTokenServiceEndpoint')) {
        const addr = descendants(child, 'http://www.w3.org/2005/08/addressing', 'Address')[0];
        role.endpoints.push({ service: child.localName, binding: 'WS-Federation', bindingLabel: 'WS-Federation', location: textOf(addr) ?? '' });
      }
      if (child.namespaceURI === NS.fed && child.localName === 'ClaimTypesOffered') role.claimTypesOffered = childElements(child).length;
    }
    let roleSigning = 0;
    for (const kd of childElements(roleEl, NS.metadata, 'KeyDescriptor')) {
      const useAttr = attrOf(kd, 'use');
      const use: MetadataCertificateView['use'] = useAttr === 'signing' ? 'signing' : useAttr === 'encryption' ? 'encryption' : 'signing+encryption';
      const keyName = textOf(descendants(kd, NS.dsig, 'KeyName')[0]);
      for (const certEl of descendants(kd, NS.dsig, 'X509Certificate')) {
        const cert = certificateFromBase64(certEl.textContent ?? '');
        if (!cert.ok) {
          if (withFindings) findings.push(finding('cert.malformed', 'error', `a ${use} certificate of ${role.type} in ${entityId} is not readable: ${cert.error.message}`));
          continue;
        }
        const view: MetadataCertificateView = { ...summarizeCertificate(cert.value, now), use, ...(keyName ? { keyName } : {}) };
        role.certificates.push(view);
        const tp = createHash('sha256').update(cert.value.raw).digest('hex');
        if (use !== 'encryption') {
          roleSigning++;
          signing.set(tp, cert.value);
        }
        const seen = certFindingsFor.get(tp);
        const label = `${use} in ${role.xsiType ? `RoleDescriptor ${role.xsiType}` : role.type}`;
        if (seen) seen.roles.push(label);
        else certFindingsFor.set(tp, { cert: cert.value, roles: [label] });
      }
    }
    if (withFindings && role.type === 'IDPSSODescriptor' && roleSigning === 0) {
      findings.push(finding('metadata.no-signing-certificate', 'warning', `the IdP role of ${entityId} lists no signing certificate: an SP importing this metadata cannot verify any response`));
    }
    entity.roles.push(role);
  }
  if (withFindings) {
    for (const { cert, roles } of certFindingsFor.values()) {
      findings.push(...certificateFindings(cert, now, `the ${certificateLabel(cert)} (${[...new Set(roles)].join(', ')}) of ${entityId}`));
    }
    if (validUntil && Number.isFinite(validUntil.epochSeconds) && validUntil.epochSeconds * 1000 <= now.getTime()) {
      findings.push(finding('metadata.expired', 'error', `the metadata of ${entityId} was valid until ${validUntil.utc} (${validUntil.relative}); SPs that honour validUntil reject it — download a fresh copy`));
    }
  }
  return { entity, findings, signingCertificates: [...signing.values()] };
}

function endpointOf(el: Element): EndpointView {
  const binding = attrOf(el, 'Binding') ?? '';
  const view: EndpointView = { service: el.localName ?? '', binding, bindingLabel: ownEntry(BINDINGS, binding) ?? binding, location: attrOf(el, 'Location') ?? '' };
  const rl = attrOf(el, 'ResponseLocation');
  const index = attrOf(el, 'index');
  const isDefault = attrOf(el, 'isDefault');
  if (rl) view.responseLocation = rl;
  if (index !== undefined) view.index = index;
  if (isDefault !== undefined) view.isDefault = isDefault;
  return view;
}

/** Every EntityDescriptor under an EntitiesDescriptor (nested aggregates included), in order. */
export function entityElements(root: Element): Element[] {
  if (root.namespaceURI === NS.metadata && root.localName === 'EntityDescriptor') return [root];
  return descendants(root, NS.metadata, 'EntityDescriptor');
}
