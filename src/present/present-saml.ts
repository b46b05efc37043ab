import type { MetadataData, MetadataCertificateView, EntityView } from '../decoders/metadata/metadata-data';
import type { InspectReport } from '../decoders/result';
import type { AssertionView, SamlMessageData, TimeView } from '../decoders/saml/saml-data';
import type { Row, Section } from './sections';

const time = (t: TimeView | undefined): string => (t ? `${t.utc} (${t.relative})` : '');

/** SAML Response / AuthnRequest / LogoutRequest / LogoutResponse: envelope, assertion(s), XML. */
export function presentSamlMessage(report: InspectReport): Section[] {
  const data = report.data as Partial<SamlMessageData>;
  if (!data.message) return [];
  const ids = new Set(report.findings.map((f) => f.id));
  const rows: Row[] = [{ label: 'Message', value: data.message }];
  rows.push({ label: 'Encoding', value: `${encodingLabel(data.encoding)}${data.carrier === 'url' ? ', in a URL / query string' : ''}` });
  const add = (label: string, value: string | undefined, extra: Partial<Row> = {}) => {
    if (value !== undefined && value !== '') rows.push({ label, value, ...extra });
  };
  add('Issuer', data.issuer, ids.has('saml.issuer-mismatch') ? { tone: 'bad' } : {});
  add('ID', data.id);
  // The relative time is in the value already ("(15 h 8 min ago)"); data.clockSkew would only repeat it.
  add('Issue instant', time(data.issueInstant));
  add('Destination', data.destination, ids.has('saml.recipient-mismatch') ? { tone: 'bad' } : {});
  add('InResponseTo', data.inResponseTo);
  add('RelayState', data.relayState);
  if (data.status) {
    const s = data.status;
    add('Status', [s.codeLabel ?? s.code, ...s.subCodes.map((c) => c.replace('urn:oasis:names:tc:SAML:2.0:status:', ''))].filter(Boolean).join(' / '), { tone: ids.has('saml.status-error') ? 'bad' : 'good' });
    add('Status message', s.message);
    if (s.aadsts) add(s.aadsts.code, s.aadsts.meaning ?? 'see the Microsoft Entra error code reference', { tone: 'bad' });
  }
  if (data.encryptedAssertion) {
    add('Encrypted assertion', `${data.encryptedAssertion.decrypted ? 'decrypted' : 'not decrypted'} (${data.encryptedAssertion.dataAlgorithm ?? '?'}; key transport ${data.encryptedAssertion.keyTransportAlgorithm ?? '?'})`);
  }
  const sections: Section[] = [{ title: data.message === 'Assertion' ? 'Assertion' : `SAML ${data.message}`, rows }];
  if (data.authnRequest) {
    const r = data.authnRequest;
    const req: Row[] = [];
    const push = (label: string, value: string | undefined) => value !== undefined && req.push({ label, value });
    push('AssertionConsumerServiceURL', r.assertionConsumerServiceUrl);
    push('AssertionConsumerServiceIndex', r.assertionConsumerServiceIndex);
    push('ProtocolBinding', r.protocolBinding);
    push('NameIDPolicy Format', r.nameIdPolicyFormat);
    push('AllowCreate', r.allowCreate);
    push('ForceAuthn', r.forceAuthn);
    push('IsPassive', r.isPassive);
    push('ProviderName', r.providerName);
    if (r.requestedAuthnContext.length) push(`RequestedAuthnContext (${r.requestedAuthnContextComparison ?? 'exact'})`, r.requestedAuthnContext.join(', '));
    sections.push({ title: 'Authentication request', rows: req });
  }
  if (data.logoutRequest) {
    const l = data.logoutRequest;
    sections.push({
      title: 'Logout request',
      rows: [
        ...(l.nameId ? [{ label: 'NameID', value: l.nameId.value, note: l.nameId.formatLabel ?? l.nameId.format }] : []),
        ...l.sessionIndexes.map((s) => ({ label: 'SessionIndex', value: s })),
        ...(l.reason ? [{ label: 'Reason', value: l.reason }] : []),
        ...(l.notOnOrAfter ? [{ label: 'NotOnOrAfter', value: time(l.notOnOrAfter) }] : []),
      ],
    });
  }
  (data.assertions ?? []).forEach((a, i) => sections.push(...assertionSections(a, i, (data.assertions ?? []).length, ids)));
  if (data.signatures?.length) {
    sections.push({
      title: 'Signatures found',
      rows: data.signatures.map((s) => ({ label: `${s.location}: ${s.outcome}`, value: s.detail, note: [s.algorithm, ...s.digestAlgorithms].filter(Boolean).join(', '), tone: s.outcome === 'valid' ? 'good' : s.outcome === 'not-checked' ? 'warn' : 'bad' })),
    });
  }
  if (data.xml) sections.push({ title: 'XML', rows: [], code: { language: 'xml', text: data.xml } });
  if (data.decryptedXml) sections.push({ title: 'Decrypted assertion (XML)', rows: [], code: { language: 'xml', text: data.decryptedXml } });
  return sections;
}

function assertionSections(a: AssertionView, i: number, n: number, ids: Set<string>): Section[] {
  const title = n > 1 ? `Assertion ${i + 1} of ${n}` : 'Assertion';
  const trust = a.signed ? 'values read from the signed content' : a.source === 'decrypted' ? 'decrypted, not covered by a valid signature' : 'NOT covered by a valid signature: do not trust these values';
  const rows: Row[] = [{ label: 'Trust', value: trust, tone: a.signed ? 'good' : 'bad' }];
  const add = (label: string, value: string | undefined, extra: Partial<Row> = {}) => {
    if (value !== undefined && value !== '') rows.push({ label, value, ...extra });
  };
  add('Issuer', a.issuer, ids.has('saml.issuer-mismatch') ? { tone: 'bad' } : {});
  add('ID', a.id);
  add('Issue instant', time(a.issueInstant));
  if (a.nameId) add('NameID', a.nameId.value, { note: [a.nameId.formatLabel ?? a.nameId.format ?? 'no Format (unspecified)', a.nameId.spNameQualifier ? `SPNameQualifier ${a.nameId.spNameQualifier}` : ''].filter(Boolean).join('; '), ...(ids.has('saml.xml-comment-in-value') ? { tone: 'bad' as const } : {}) });
  for (const sc of a.subjectConfirmations) {
    add('Subject confirmation', [sc.method?.replace('urn:oasis:names:tc:SAML:2.0:cm:', ''), sc.recipient ? `Recipient ${sc.recipient}` : '', sc.inResponseTo ? `InResponseTo ${sc.inResponseTo}` : '', sc.notOnOrAfter ? `NotOnOrAfter ${time(sc.notOnOrAfter)}` : ''].filter(Boolean).join('; '), ids.has('saml.recipient-mismatch') ? { tone: 'bad' } : {});
  }
  if (a.conditions) {
    add('NotBefore', time(a.conditions.notBefore), ids.has('saml.not-yet-valid') ? { tone: 'bad' } : {});
    add('NotOnOrAfter', time(a.conditions.notOnOrAfter), ids.has('saml.expired') ? { tone: 'bad' } : {});
    add('Audience', a.conditions.audiences.join(', '), ids.has('saml.audience-mismatch') ? { tone: 'bad' } : {});
  }
  for (const s of a.authnStatements) {
    add('Authentication', [s.authnContextLabel ?? s.authnContextClassRef, s.authnInstant ? `at ${time(s.authnInstant)}` : ''].filter(Boolean).join(' '), s.sessionIndex ? { note: `SessionIndex ${s.sessionIndex}` } : {});
  }
  const sections: Section[] = [{ title, rows }];
  if (a.attributes.length) {
    sections.push({
      title: `${title}: attributes`,
      rows: a.attributes.map((at) => {
        const row: Row = { label: at.label ?? at.friendlyName ?? at.name, value: at.values.join(', ') };
        const note = [at.label || at.friendlyName ? at.name : '', at.note ?? ''].filter(Boolean).join(' — ');
        if (note) row.note = note;
        if (at.name === 'http://schemas.microsoft.com/claims/groups.link') row.tone = 'warn';
        return row;
      }),
    });
  }
  return sections;
}

/** SAML metadata: the document, then each entity in detail, then the index of an aggregate. */
export function presentSamlMetadata(report: InspectReport): Section[] {
  const data = report.data as Partial<MetadataData>;
  if (!data.root) return [];
  const rows: Row[] = [{ label: 'Root', value: data.root }];
  if (data.name) rows.push({ label: 'Name', value: data.name });
  rows.push({ label: 'Entities', value: String(data.entityCount ?? 0), ...(data.streamed ? { note: 'indexed by streaming, without one DOM' } : {}) });
  if (data.validUntil) rows.push({ label: 'validUntil', value: time(data.validUntil), ...(report.findings.some((f) => f.id === 'metadata.expired') ? { tone: 'bad' as const } : {}) });
  if (data.cacheDuration) rows.push({ label: 'cacheDuration', value: data.cacheDuration });
  const sections: Section[] = [{ title: 'Metadata', rows }];
  for (const e of data.entities ?? []) sections.push(...entitySections(e));
  if (data.entityIndex && (data.entities ?? []).length !== data.entityIndex.length) {
    const shown = data.entityIndex.slice(0, 500);
    const total = data.entityCount ?? data.entityIndex.length;
    sections.push({
      title: `Entities (${total}${shown.length < total ? `, first ${shown.length} shown` : ''})`,
      rows: shown.map((e) => ({ label: e.entityId, value: e.roles.join(', ') })),
    });
  }
  if (data.xml) sections.push({ title: 'XML', rows: [], code: { language: 'xml', text: data.xml } });
  return sections;
}

function entitySections(e: EntityView): Section[] {
  const rows: Row[] = [{ label: 'entityID', value: e.entityId }];
  if (e.organization) rows.push({ label: 'Organization', value: e.organization });
  if (e.validUntil) rows.push({ label: 'validUntil', value: time(e.validUntil) });
  if (e.cacheDuration) rows.push({ label: 'cacheDuration', value: e.cacheDuration });
  const sections: Section[] = [{ title: `Entity ${e.entityId}`, rows }];
  for (const r of e.roles) {
    const roleRows: Row[] = [];
    for (const [label, v] of [['protocolSupportEnumeration', r.protocolSupportEnumeration], ['WantAuthnRequestsSigned', r.wantAuthnRequestsSigned], ['AuthnRequestsSigned', r.authnRequestsSigned], ['WantAssertionsSigned', r.wantAssertionsSigned]] as const) {
      if (v !== undefined) roleRows.push({ label, value: v });
    }
    for (const ep of r.endpoints) roleRows.push({ label: `${ep.service} (${ep.bindingLabel})`, value: ep.location, ...(ep.index !== undefined ? { note: `index ${ep.index}${ep.isDefault === 'true' ? ', default' : ''}` } : {}) });
    for (const f of r.nameIdFormats) roleRows.push({ label: 'NameIDFormat', value: f });
    if (r.claimTypesOffered !== undefined) roleRows.push({ label: 'Claim types offered', value: String(r.claimTypesOffered) });
    r.certificates.forEach((c) => roleRows.push(certRow(c)));
    sections.push({ title: `${r.type}${r.xsiType ? ` (${r.xsiType})` : ''}`, rows: roleRows });
  }
  return sections;
}

function certRow(c: MetadataCertificateView): Row {
  const expired = c.notAfter.relative.endsWith('ago');
  return {
    label: `${c.use} certificate`,
    value: `${c.subject}, valid ${c.notBefore.utc} to ${c.notAfter.utc} (${c.notAfter.relative})`,
    note: `SHA-1 ${c.sha1Thumbprint}; SHA-256 ${c.sha256Thumbprint}; ${c.publicKey}; signed with ${c.signatureAlgorithm}${c.keyName ? `; KeyName ${c.keyName}` : ''}`,
    ...(expired ? { tone: 'bad' as const } : {}),
  };
}

function encodingLabel(e: SamlMessageData['encoding'] | undefined): string {
  switch (e) {
    case 'base64':
      return 'base64 (HTTP-POST binding)';
    case 'deflate-base64':
      return 'deflate + base64 (HTTP-Redirect binding)';
    default:
      return 'XML';
  }
}
