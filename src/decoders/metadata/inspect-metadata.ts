import type { Element } from '@xmldom/xmldom';
import type { InspectOptions } from '../inspect-options';
import { LIMITS } from '../limits';
import { finding, type Finding, type FindingId, type InspectReport, type SignatureReport } from '../result';
import { parseXml } from '../saml/parse-xml';
import { prettyXml } from '../saml/pretty-xml';
import { timeAttr } from '../saml/read-saml';
import { checkEnvelopedSignature, SHA1_ALGORITHMS, signatureAlgorithmsOf } from '../saml/verify-signature';
import { allElements, attrOf, childElement, NS } from '../saml/xml-names';
import { createHash } from 'node:crypto';
import type { MetadataData } from './metadata-data';
import { entityElements, readEntity } from './read-entity';

/** Aggregates with more entities than this list them by ID; full detail needs `entityId`. */
export const DETAIL_ENTITY_LIMIT = 20;
/** Pretty XML is included only below this size. */
export const PRETTY_LIMIT = 1024 * 1024;

export interface MetadataPick {
  /** Report this entity of an aggregate in full. */
  entityId?: string;
}

/**
 * Inspects SAML metadata held in one DOM (up to LIMITS.maxMetadataDomBytes): entity ID, roles,
 * endpoints, NameID formats, every certificate, validUntil/cacheDuration, and the metadata
 * signature against the user's trust material. When the signature is valid, everything is read
 * from the signed content.
 */
export function inspectMetadataXml(xml: string, options: InspectOptions, pick: MetadataPick = {}): InspectReport<MetadataData | Record<string, never>> {
  const parsed = parseXml(xml.replace(/^\uFEFF/, ''), { malformedId: 'metadata.malformed', maxBytes: LIMITS.maxMetadataDomBytes });
  if (!parsed.ok) return problem(parsed.error.id === 'saml.malformed' ? 'metadata.malformed' : parsed.error.id, parsed.error.message);
  const doc = parsed.value;
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.metadata || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    return problem('metadata.malformed', `not SAML metadata: the root is <${root?.nodeName ?? '?'}> in namespace ${JSON.stringify(root?.namespaceURI ?? '')}, expected EntityDescriptor or EntitiesDescriptor in ${NS.metadata}`);
  }
  const findings: Finding[] = [];
  let readRoot: Element = root;
  let signature: SignatureReport = { status: 'unsigned', detail: 'the metadata carries no signature on its root element' };
  const sig = childElement(root, NS.dsig, 'Signature');
  if (sig) {
    const algorithms = signatureAlgorithmsOf(sig);
    const weak = algorithms.filter((a) => SHA1_ALGORITHMS.has(a));
    if (weak.length) findings.push(finding('saml.weak-algorithm', 'warning', `the metadata signature uses SHA-1 (${[...new Set(weak)].join(', ')})`));
    const duplicates = duplicateIds(root);
    const check = checkEnvelopedSignature(xml.replace(/^\uFEFF/, ''), sig, root, options.trust);
    const algorithm = check.signatureAlgorithm ? { algorithm: check.signatureAlgorithm } : {};
    if (duplicates.length || check.outcome === 'duplicate-id' || check.outcome === 'wrong-reference') {
      findings.push(finding('metadata.signature-invalid', 'error', `the metadata signature cannot be trusted: ${duplicates.length ? `the IDs ${duplicates.join(', ')} occur more than once` : check.detail}`));
      signature = { status: 'invalid', ...algorithm, detail: check.detail };
    } else if (check.outcome === 'valid' && check.signedXml) {
      const signed = parseXml(check.signedXml, { malformedId: 'metadata.malformed', maxBytes: LIMITS.maxMetadataDomBytes });
      if (signed.ok && signed.value.documentElement) readRoot = signed.value.documentElement;
      const cert = check.key?.certificate;
      signature = {
        status: 'valid',
        ...algorithm,
        ...(cert ? { keyId: createHash('sha1').update(cert.raw).digest('hex').toUpperCase() } : {}),
        signedElements: [root.localName === 'EntityDescriptor' ? 'entity-descriptor' : 'entities-descriptor'],
        detail: check.detail,
      };
    } else if (check.outcome === 'not-checked') {
      findings.push(finding('metadata.signature-not-checked', 'info', `the metadata is signed, but its signature was not checked: no certificate was given to check it with (--key, or Verify with…)${check.intactWithEmbeddedCertificate ? '; it verifies with the certificate it carries, which proves nothing about who published it' : ''}`));
      signature = { status: 'not-checked', ...algorithm, detail: check.detail };
    } else {
      findings.push(finding('metadata.signature-invalid', 'error', `the metadata signature does not verify with the certificate or keys given: ${check.detail}`));
      signature = { status: 'invalid', ...algorithm, detail: check.detail };
    }
  }

  if (!sig && root.localName === 'EntityDescriptor') {
    const roleLevel = roleSignatures(root, xml.replace(/^\uFEFF/, ''), options, findings);
    if (roleLevel) signature = roleLevel;
  }

  const now = options.now;
  const elements = entityElements(readRoot);
  const aggregate = readRoot.localName === 'EntitiesDescriptor';
  const picked = pick.entityId !== undefined ? elements.filter((e) => attrOf(e, 'entityID') === pick.entityId) : undefined;
  if (pick.entityId !== undefined && picked?.length === 0) {
    findings.push(finding('metadata.entity-not-found', 'error', `no entity with entityID ${JSON.stringify(pick.entityId)} in this metadata (${elements.length} entities)`));
  }
  const detailed = picked ?? (elements.length <= DETAIL_ENTITY_LIMIT ? elements : []);
  const data: MetadataData = {
    root: aggregate ? 'EntitiesDescriptor' : 'EntityDescriptor',
    entityCount: elements.length,
    entities: [],
    streamed: false,
    evaluatedAt: now.toISOString(),
  };
  if (pick.entityId !== undefined) data.selectedEntityId = pick.entityId;
  const name = attrOf(readRoot, 'Name');
  if (name) data.name = name;
  const validUntil = timeAttr(readRoot, 'validUntil', now);
  if (validUntil) data.validUntil = validUntil;
  const cacheDuration = attrOf(readRoot, 'cacheDuration');
  if (cacheDuration) data.cacheDuration = cacheDuration;
  if (aggregate && validUntil && Number.isFinite(validUntil.epochSeconds) && validUntil.epochSeconds * 1000 <= now.getTime()) {
    findings.push(finding('metadata.expired', 'error', `the aggregate was valid until ${validUntil.utc} (${validUntil.relative}); download a fresh copy`));
  }
  for (const el of detailed) {
    const r = readEntity(el, now, true);
    data.entities.push(r.entity);
    findings.push(...r.findings);
  }
  if (aggregate) {
    data.entityIndex = elements.map((e) => ({ entityId: attrOf(e, 'entityID') ?? '', roles: rolesOf(e) }));
    if (detailed.length === 0 && elements.length > 0) {
      findings.push(finding('metadata.aggregate', 'info', `an aggregate of ${elements.length} entities; pick one by entity ID to see its endpoints and certificates`));
    }
  }
  if (elements.length === 0) findings.push(finding('metadata.malformed', 'error', 'the metadata holds no EntityDescriptor'));
  if (xml.length <= PRETTY_LIMIT) data.xml = prettyXml(doc);
  return { kind: 'saml-metadata', signature, findings: order(findings), data };
}

const ROLE_ELEMENT_NAMES: ReadonlyMap<string, string> = new Map([
  ['SPSSODescriptor', 'sp-sso-descriptor'],
  ['IDPSSODescriptor', 'idp-sso-descriptor'],
  ['AttributeAuthorityDescriptor', 'attribute-authority-descriptor'],
  ['RoleDescriptor', 'role-descriptor'],
]);

/**
 * Signatures on role descriptors (SAML metadata §3.1: any RoleDescriptor may carry its own
 * ds:Signature), verified when the EntityDescriptor itself is unsigned (issue 15, class 4). Such a
 * signature covers that role only: its keys, endpoints and NameID formats, not the entityID, the
 * Organization and contacts, or another role. Undefined when no role is signed.
 */
function roleSignatures(entity: Element, xml: string, options: InspectOptions, findings: Finding[]): SignatureReport | undefined {
  const signed: Array<{ role: Element; sig: Element }> = [];
  const unsigned: string[] = [];
  for (let n = entity.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (n.nodeType !== 1 || el.namespaceURI !== NS.metadata || !el.localName?.endsWith('Descriptor')) continue;
    const sig = childElement(el, NS.dsig, 'Signature');
    if (sig) signed.push({ role: el, sig });
    else unsigned.push(el.localName);
  }
  if (signed.length === 0) return undefined;
  const duplicates = duplicateIds(entity);
  const names = signed.map((s) => s.role.localName).join(' and ');
  const covers = `it covers the ${names} only (keys, endpoints, NameID formats), not the entityID, Organization or contacts${unsigned.length ? `, nor the unsigned ${unsigned.join(', ')}` : ''}`;
  const checks = signed.map(({ role, sig }) => ({ role: role.localName, check: checkEnvelopedSignature(xml, sig, role, options.trust), weak: signatureAlgorithmsOf(sig).filter((a) => SHA1_ALGORITHMS.has(a)) }));
  const weak = [...new Set(checks.flatMap((c) => c.weak))];
  if (weak.length) findings.push(finding('saml.weak-algorithm', 'warning', `the ${names} signature uses SHA-1 (${weak.join(', ')})`));
  const first = checks[0]?.check;
  const algorithm = first?.signatureAlgorithm ? { algorithm: first.signatureAlgorithm } : {};
  const bad = checks.filter((c) => c.check.outcome !== 'valid' && c.check.outcome !== 'not-checked');
  if (duplicates.length || bad.length) {
    const why = duplicates.length ? `the IDs ${duplicates.join(', ')} occur more than once` : bad.map((c) => `${c.role}: ${c.check.detail}`).join('; ');
    findings.push(finding('metadata.signature-invalid', 'error', `the role-level metadata signature cannot be trusted: ${why}`));
    return { status: 'invalid', ...algorithm, detail: why };
  }
  if (checks.some((c) => c.check.outcome === 'not-checked')) {
    findings.push(finding('metadata.signature-not-checked', 'info', `the metadata is signed at role level (${names}), but the signature was not checked: no certificate was given to check it with (--key, or Verify with…); ${covers}`));
    return { status: 'not-checked', ...algorithm, detail: `signed at role level; ${covers}` };
  }
  const cert = checks.find((c) => c.check.key?.certificate)?.check.key?.certificate;
  return {
    status: 'valid',
    ...algorithm,
    ...(cert ? { keyId: createHash('sha1').update(cert.raw).digest('hex').toUpperCase() } : {}),
    signedElements: signed.map((s) => ROLE_ELEMENT_NAMES.get(s.role.localName ?? '') ?? (s.role.localName ?? '').toLowerCase()),
    detail: `signed at role level: ${checks.map((c) => `${c.role} ${c.check.detail}`).join('; ')}; ${covers}`,
  };
}

function rolesOf(entity: Element): string[] {
  const out: string[] = [];
  for (let n = entity.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (n.nodeType !== 1 || el.namespaceURI !== NS.metadata || !el.localName?.endsWith('Descriptor')) continue;
    const t = el.getAttributeNS(NS.xsi, 'type');
    out.push(t ? `${el.localName} (${t})` : el.localName);
  }
  return out;
}

function duplicateIds(root: Element): string[] {
  const seen = new Map<string, number>();
  for (const el of allElements(root)) {
    for (const name of ['ID', 'Id', 'id']) {
      if (!el.hasAttribute(name)) continue;
      const v = el.getAttribute(name) ?? '';
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([id]) => JSON.stringify(id));
}

function problem(id: FindingId, message: string): InspectReport<Record<string, never>> {
  return { kind: 'saml-metadata', signature: { status: 'not-checked' }, findings: [finding(id, 'error', message)], data: {} };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
function order(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
