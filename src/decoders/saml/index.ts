import type { InspectOptions } from '../inspect-options';
import type { InspectReport } from '../result';

/**
 * TEMPORARY (owned by the SAML/metadata work): a SAML protocol message or metadata recognised by
 * content (raw XML, POST base64, Redirect deflate+base64, a URL or query string).
 */
export interface SamlCandidate {
  xml: string;
}

export function recognizeSaml(text: string): SamlCandidate | undefined {
  return text.startsWith('<') ? { xml: text } : undefined;
}

export async function inspectSaml(candidate: SamlCandidate, options: InspectOptions): Promise<InspectReport> {
  void options;
  return Promise.resolve({ kind: 'saml-response', signature: { status: 'not-checked' }, findings: [], data: { length: candidate.xml.length } });
}
