import type { JweData, JwtData } from '../decoders/jwt/inspect-jwt';
import type { InspectReport } from '../decoders/result';
import { stringify, type Row, type Section } from './sections';

export function presentJwt(report: InspectReport): Section[] {
  const data = report.data as Partial<JwtData>;
  if (!data.claims || !data.header) return [];
  const expired = new Set(report.findings.filter((f) => f.id === 'jwt.expired' || f.id === 'jwt.not-yet-valid').map((f) => f.id));
  const claims: Row[] = data.claims.map((c) => {
    const row: Row = { label: c.name, value: stringify(c.value) };
    if (c.time) {
      row.value = `${c.time.utc} (${c.time.relative}) [${c.value as number}]`;
      if ((c.name === 'exp' && expired.has('jwt.expired')) || (c.name === 'nbf' && expired.has('jwt.not-yet-valid'))) row.tone = 'bad';
    }
    if (c.description) row.note = `${c.title}: ${c.description}`;
    return row;
  });
  const sections: Section[] = [];
  if (data.entra) {
    sections.push({
      title: 'Microsoft Entra ID',
      rows: [
        { label: 'Token version', value: `${data.entra.version} (from ${data.entra.versionFrom === 'ver' ? '"ver"' : 'the issuer URL'})` },
        ...(data.entra.tenantId ? [{ label: 'Tenant', value: data.entra.tenantId + (data.entra.consumerTenant ? ' (Microsoft accounts)' : '') }] : []),
      ],
    });
  }
  sections.push({ title: 'Header', rows: (data.headerParams ?? []).map((h) => ({ label: h.name, value: stringify(h.value), ...(h.description ? { note: h.description } : {}) })) });
  if (data.payloadData) {
    const d = data.payloadData;
    sections.push({
      title: 'Payload (data, not claims)',
      rows: [{ label: 'Size', value: `${d.bytes} bytes, shown as ${d.encoding}${d.truncated ? ' (cut short)' : ''}`, note: 'A JWS may sign any content (RFC 7515); only a JWT carries a JSON claims set, so no claim checks apply' }],
      code: { language: 'text', text: d.text },
    });
    return sections;
  }
  sections.push({ title: 'Claims', rows: claims });
  sections.push({ title: 'Payload (raw)', rows: [], code: { language: 'json', text: JSON.stringify(data.payload, null, 2) } });
  return sections;
}

/** The protected header, and once decrypted the inner token, shown as a JWT is. */
export function presentJwe(report: InspectReport): Section[] {
  const data = report.data as Partial<JweData>;
  const sections: Section[] = [{ title: 'JWE protected header', rows: (data.headerParams ?? []).map((h) => ({ label: h.name, value: stringify(h.value), ...(h.description ? { note: h.description } : {}) })) }];
  const decrypted = data.decrypted;
  if (!decrypted) return sections;
  const nested = decrypted.content === 'nested-jws';
  sections.push({
    title: 'Decrypted',
    rows: [
      { label: 'Content', value: nested ? 'a signed JWT (nested JWS); the signature above is its signature' : decrypted.content === 'data' ? 'data (not JSON), not signed' : 'a JSON claims set, not signed', ...(nested ? {} : { tone: 'warn' as const }) },
      { label: 'Opened with', value: `decryption key ${decrypted.keyIndex + 1}` },
    ],
  });
  for (const s of presentJwt({ ...report, kind: 'jwt', data: decrypted.token })) {
    // Bare claims have no header of their own: it is the JWE header already shown.
    if (s.title === 'Header') {
      if (nested) sections.push({ ...s, title: 'Inner JWS header' });
    } else sections.push(s);
  }
  return sections;
}
