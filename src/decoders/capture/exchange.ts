/**
 * One request and its response as a capture recorded it, whatever the capture's format (HAR,
 * SAML-tracer, a pasted URL). Only what the flow needs is kept: a HAR's other bodies (scripts,
 * images) are dropped as each entry is read, so memory stays bounded by the SSO traffic.
 */
export interface Header {
  name: string;
  value: string;
}

export interface Exchange {
  /** 1-based position in the capture. */
  entry: number;
  /** When the request started (ISO-8601), when the capture says. */
  time?: string;
  /** Total time of the exchange in milliseconds, when the capture says. */
  durationMs?: number;
  method: string;
  url: string;
  requestHeaders: Header[];
  /** Form fields of a POST (url-encoded), decoded. */
  form?: Array<[string, string]>;
  status?: number;
  responseHeaders: Header[];
  /** The response body when it is small and could matter (JSON, HTML, XML), decoded from base64 if need be. */
  responseBody?: string;
  responseMimeType?: string;
  /** SAML-tracer: the SAML message it decoded (XML), kept even when its filters masked the form. */
  samlXml?: string;
  /** The capture marked the request as a document load (HAR `_resourceType`). */
  resourceType?: string;
}

export function header(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** Bodies larger than this are not SSO messages (token responses and error pages are a few KB). */
export const MAX_KEPT_BODY_CHARS = 512 * 1024;
