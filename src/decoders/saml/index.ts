import type { InspectOptions } from '../inspect-options';
import { LIMITS } from '../limits';
import { inspectMetadataXml } from '../metadata/inspect-metadata';
import { finding, type ArtifactKind, type FindingId, type InspectReport } from '../result';
import { inspectSamlMessage, KIND_OF_MESSAGE } from './inspect-message';
import { parseXml } from './parse-xml';
import type { SamlCandidate } from './recognize-saml';
import type { SamlMessageType } from './saml-data';
import { NS } from './xml-names';

export { recognizeSaml, type SamlCandidate } from './recognize-saml';
export type { SamlMessageData } from './saml-data';

const PROTOCOL_MESSAGES: ReadonlySet<string> = new Set(['Response', 'AuthnRequest', 'LogoutRequest', 'LogoutResponse']);

/**
 * Inspects a recognised SAML candidate: a protocol message (Response, AuthnRequest, LogoutRequest,
 * LogoutResponse, bare Assertion) or metadata (EntityDescriptor / EntitiesDescriptor). Bad input
 * becomes findings (saml.malformed, saml.doctype-forbidden, input.too-large), never an exception.
 */
export async function inspectSaml(candidate: SamlCandidate, options: InspectOptions): Promise<InspectReport> {
  const guessed: ArtifactKind = candidate.parameter === 'SAMLRequest' ? 'saml-authn-request' : 'saml-response';
  if (candidate.xml === undefined) return problem(guessed, 'saml.malformed', `looks like a SAML message but cannot be decoded: ${candidate.error ?? 'unknown encoding'}`);
  const xml = candidate.xml;
  const rootName = rootLocalName(xml);
  if (rootName === 'EntityDescriptor' || rootName === 'EntitiesDescriptor') return inspectMetadataXml(xml, options);
  const kind = rootName && PROTOCOL_MESSAGES.has(rootName) ? KIND_OF_MESSAGE[rootName as SamlMessageType] : guessed;
  if (xml.length > LIMITS.maxSamlMessageBytes) {
    return problem(kind, 'input.too-large', `the SAML message is ${xml.length} characters; the limit is ${LIMITS.maxSamlMessageBytes} (real messages are a few KB); it was not processed`);
  }
  const parsed = parseXml(xml, { malformedId: 'saml.malformed', maxBytes: LIMITS.maxSamlMessageBytes });
  if (!parsed.ok) return problem(kind, parsed.error.id, parsed.error.message);
  const root = parsed.value.documentElement;
  if (!root) return problem(kind, 'saml.malformed', 'no root element');
  let type: SamlMessageType | undefined;
  if (root.namespaceURI === NS.protocol && PROTOCOL_MESSAGES.has(root.localName ?? '')) type = root.localName as SamlMessageType;
  else if (root.namespaceURI === NS.assertion && root.localName === 'Assertion') type = 'Assertion';
  if (!type) {
    return problem(kind, 'saml.malformed', `well-formed XML, but not a SAML message: the root is <${root.nodeName}> in namespace ${JSON.stringify(root.namespaceURI ?? '')} (expected a SAML 2.0 protocol Response, AuthnRequest, LogoutRequest or LogoutResponse, or metadata)`);
  }
  return inspectSamlMessage(parsed.value, xml, type, candidate, options);
}

/** The root element's local name, read without parsing (skips the XML declaration and comments). */
export function rootLocalName(xml: string): string | undefined {
  let i = 0;
  const head = xml.length > 65_536 ? xml.slice(0, 65_536) : xml;
  for (;;) {
    while (i < head.length && /\s/.test(head[i] ?? '')) i++;
    if (head.startsWith('<?', i)) {
      const end = head.indexOf('?>', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (head.startsWith('<!--', i)) {
      const end = head.indexOf('-->', i + 4);
      if (end < 0) return undefined;
      i = end + 3;
    } else break;
  }
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(head.slice(i, i + 200));
  return m?.[1];
}

function problem(kind: ArtifactKind, id: FindingId, message: string): InspectReport {
  return { kind, signature: { status: 'not-checked' }, findings: [finding(id, 'error', message)], data: {} };
}
