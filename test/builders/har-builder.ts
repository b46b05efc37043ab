/**
 * HAR 1.2 files ("Save all as HAR" in a browser; W3C draft "HTTP Archive") assembled from typed
 * entries, so each test says which request carried which artifact.
 */
export interface HarEntryInit {
  method?: string;
  url: string;
  requestHeaders?: Record<string, string>;
  /** Form fields of a POST (application/x-www-form-urlencoded), as browsers record them. */
  form?: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  responseEncoding?: 'base64';
}

export function buildHar(entries: HarEntryInit[]): string {
  const headers = (h: Record<string, string> = {}) => Object.entries(h).map(([name, value]) => ({ name, value }));
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'sso-lens-tests', version: '1' },
      entries: entries.map((e, i) => ({
        startedDateTime: new Date(Date.UTC(2026, 10, 22, 6, 0, i)).toISOString(),
        time: 12,
        request: {
          method: e.method ?? (e.form ? 'POST' : 'GET'),
          url: e.url,
          httpVersion: 'HTTP/1.1',
          headers: headers(e.requestHeaders),
          queryString: [...new URL(e.url).searchParams].map(([name, value]) => ({ name, value })),
          cookies: [],
          headersSize: -1,
          bodySize: -1,
          ...(e.form
            ? { postData: { mimeType: 'application/x-www-form-urlencoded', params: Object.entries(e.form).map(([name, value]) => ({ name, value })), text: new URLSearchParams(e.form).toString() } }
            : {}),
        },
        response: {
          status: e.status ?? 200,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          headers: headers(e.responseHeaders),
          cookies: [],
          content: { size: e.responseBody?.length ?? 0, mimeType: 'application/json', ...(e.responseBody !== undefined ? { text: e.responseBody } : {}), ...(e.responseEncoding ? { encoding: e.responseEncoding } : {}) },
          redirectURL: e.responseHeaders?.['Location'] ?? '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 0, wait: 10, receive: 2 },
      })),
    },
  });
}
