/**
 * GUIDs as Entra writes them: tenant IDs, application (client) IDs, object IDs, app role IDs.
 * 8-4-4-4-12 hex digits; Entra shows them lower case but compares case-insensitively.
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

/** `http://localhost…`, `http://127.0.0.1…`, `http://[::1]…`: the loopback exception to https. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** A URL or undefined, never a throw. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Compares URLs the way IdPs match them: exact, but case-insensitive in scheme/host and ignoring one trailing slash. */
export function sameUrl(a: string, b: string): boolean {
  const norm = (s: string): string => {
    const u = parseUrl(s.trim());
    if (!u) return s.trim();
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/$/, '')}${u.search}`;
  };
  return norm(a) === norm(b);
}
