import type { InspectOptions } from '../inspect-options';
import { LIMITS } from '../limits';
import { finding, type Finding, type InspectReport } from '../result';
import { parseXml } from '../saml/parse-xml';
import { describeInstant } from '../time';
import { parseInstant } from '../time';
import { describeSize, type InputExtent } from '../input-extent';
import { DETAIL_ENTITY_LIMIT, inspectMetadataXml, PRETTY_LIMIT, type MetadataPick } from './inspect-metadata';
import type { MetadataData } from './metadata-data';
import { readEntity } from './read-entity';
import { extractEntity, scanAggregate, type AggregateIndex } from './scan-aggregate';
import { NS } from '../saml/xml-names';

/**
 * Most entities listed in `data.entityIndex` (the rest are counted in `entityIndexOmitted` and can
 * still be picked by entity ID): a list of millions of objects would cost more memory than the file.
 * 25,000 keeps a 250 MB aggregate of 5 million tiny entities at 1.5× the file through the CLI
 * (scripts/measure-aggregate.mjs; 100,000 listed cost 1.55×); every entity stays pickable.
 */
export const ENTITY_INDEX_LIMIT = 25_000;

/**
 * Metadata from raw bytes: documents up to LIMITS.maxMetadataDomBytes go through one DOM (and their
 * signature is verified); larger aggregates are indexed by streaming and only the picked entity is
 * parsed. Strips a UTF-8 BOM (Entra's app-specific metadata has one).
 *
 * @example inspectMetadataBytes(readFileSync('edugain.xml'), options, { entityId: 'https://idp.example.org/idp' })
 */
export function inspectMetadataBytes(bytes: Uint8Array, options: InspectOptions, pick: MetadataPick = {}, extent: InputExtent = {}): InspectReport {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  // White space before the XML declaration (a file saved with a leading newline) is not well-formed XML.
  let lead = 0;
  while (lead < body.length && (body[lead] === 0x20 || body[lead] === 0x0a || body[lead] === 0x0d || body[lead] === 0x09)) lead++;
  body = body.subarray(lead);
  if (body.length <= LIMITS.maxMetadataDomBytes) {
    // A DOM costs ten times a streaming index (issue 12: a 15 MB aggregate took 6× the time and 8× the
    // memory per MB of a 17 MB one). Where the DOM would add nothing — an unsigned aggregate listed
    // by ID only, too large for pretty XML — the aggregate is indexed by streaming; a signed one still
    // gets its DOM, so its signature is verified.
    return streamedIfNoLoss(body, options, pick) ?? inspectMetadataXml(Buffer.from(body).toString('utf8'), options, pick);
  }
  if (body.length > LIMITS.maxMetadataAggregateBytes) {
    return { kind: 'saml-metadata', signature: { status: 'not-checked' }, findings: [finding('input.too-large', 'error', `${describeSize('the metadata', body.length, LIMITS.maxMetadataAggregateBytes, extent)}; the limit is ${LIMITS.maxMetadataAggregateBytes}`)], data: {} };
  }
  const index = scanAggregate(body);
  if (!index.ok) return { kind: 'saml-metadata', signature: { status: 'not-checked' }, findings: [finding(index.error.id, 'error', index.error.message)], data: {} };
  return streamedReport(body, index.value, options, pick);
}

/**
 * The streamed report of metadata of at most LIMITS.maxMetadataDomBytes whose DOM would add nothing
 * to it (see inspectMetadataBytes); undefined for anything else, which then takes its usual path.
 */
export function streamedIfNoLoss(bytes: Uint8Array, options: InspectOptions, pick: MetadataPick = {}): InspectReport | undefined {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  let lead = 0;
  while (lead < body.length && (body[lead] === 0x20 || body[lead] === 0x0a || body[lead] === 0x0d || body[lead] === 0x09)) lead++;
  body = body.subarray(lead);
  if (body.length <= PRETTY_LIMIT || body.length > LIMITS.maxMetadataDomBytes) return undefined;
  const index = scanAggregate(body);
  return index.ok && streamable(index.value) ? streamedReport(body, index.value, options, pick) : undefined;
}

/** An unsigned EntitiesDescriptor in the metadata namespace with more entities than are shown in detail. */
function streamable(index: AggregateIndex): boolean {
  return index.rootName === 'EntitiesDescriptor' && index.rootNamespace === NS.metadata && !index.signed && index.entities.length > DETAIL_ENTITY_LIMIT;
}

/** The report of an aggregate indexed by streaming: the index, and the picked entity parsed alone. */
function streamedReport(body: Uint8Array, index: AggregateIndex, options: InspectOptions, pick: MetadataPick): InspectReport {
  const { rootName, rootAttributes, signed, entities } = index;
  const findings: Finding[] = [];
  if (['Response', 'AuthnRequest', 'LogoutRequest', 'LogoutResponse', 'Assertion'].includes(rootName)) {
    return { kind: 'saml-response', signature: { status: 'not-checked' }, findings: [finding('input.too-large', 'error', `a SAML ${rootName} of ${body.length} bytes; the limit for messages is ${LIMITS.maxSamlMessageBytes}`)], data: {} };
  }
  if (rootName !== 'EntitiesDescriptor' && rootName !== 'EntityDescriptor') {
    return { kind: 'saml-metadata', signature: { status: 'not-checked' }, findings: [finding('metadata.malformed', 'error', `not SAML metadata: the root element is <${rootName}>`)], data: {} };
  }
  const now = options.now;
  const mb = (body.length / 1048576).toFixed(1);
  const listed = Math.min(entities.length, ENTITY_INDEX_LIMIT);
  const entityIndex = Array.from({ length: listed }, (_, i) => ({ entityId: entities.entityId(i), roles: [...entities.roles(i)] }));
  const data: MetadataData = {
    root: rootName,
    entityCount: entities.length,
    entityIndex,
    ...(listed < entities.length ? { entityIndexOmitted: entities.length - listed } : {}),
    entities: [],
    streamed: true,
    evaluatedAt: now.toISOString(),
  };
  if (rootAttributes['Name']) data.name = rootAttributes['Name'];
  if (rootAttributes['cacheDuration']) data.cacheDuration = rootAttributes['cacheDuration'];
  const vu = rootAttributes['validUntil'];
  if (vu !== undefined) {
    const d = parseInstant(vu);
    data.validUntil = { raw: vu, ...(d ? describeInstant(d.getTime() / 1000, now) : { epochSeconds: Number.NaN, utc: 'not an xs:dateTime', relative: 'unknown' }) };
    if (d && d.getTime() <= now.getTime()) findings.push(finding('metadata.expired', 'error', `the aggregate was valid until ${data.validUntil.utc} (${data.validUntil.relative}); download a fresh copy`));
  }
  if (pick.entityId !== undefined) {
    data.selectedEntityId = pick.entityId;
    const hit = entities.find(pick.entityId);
    if (!hit) findings.push(finding('metadata.entity-not-found', 'error', `no entity with entityID ${JSON.stringify(pick.entityId)} among the ${entities.length} entities`));
    else {
      const parsed = parseXml(extractEntity(body, hit), { malformedId: 'metadata.malformed', maxBytes: LIMITS.maxMetadataDomBytes });
      if (!parsed.ok || !parsed.value.documentElement) findings.push(finding('metadata.malformed', 'error', `the entity ${pick.entityId} is not well-formed: ${parsed.ok ? 'empty' : parsed.error.message}`));
      else {
        const r = readEntity(parsed.value.documentElement, now, true);
        data.entities.push(r.entity);
        findings.push(...r.findings);
      }
    }
  } else {
    findings.push(finding('metadata.aggregate', 'info', `an aggregate of ${entities.length} entities (${mb} MB), indexed without loading it whole; pick one by entity ID to see its endpoints and certificates${listed < entities.length ? ` (the first ${listed} are listed)` : ''}`));
  }
  if (signed) {
    findings.push(finding('metadata.signature-not-checked', 'info', `the aggregate is signed, but at ${mb} MB it is beyond the ${LIMITS.maxMetadataDomBytes / 1048576} MB that SSO Lens verifies in one DOM; verify it with the federation's own tooling (xmlsec1) before trusting entities from it`));
  }
  return { kind: 'saml-metadata', signature: signed ? { status: 'not-checked', detail: 'aggregate too large to verify in one DOM' } : { status: 'unsigned' }, findings, data };
}
