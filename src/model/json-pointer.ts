/** RFC 6901 JSON pointers: how every config finding names the element it concerns. */

export type PathSegment = string | number;

/** `['providers', 0, 'apps']` → `/providers/0/apps`. */
export function toPointer(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += '/' + (typeof s === 'number' ? String(s) : escapeSegment(s));
  return out;
}

/** RFC 6901 escaping of one segment; most keys have nothing to escape (the index and tree build thousands per edit). */
function escapeSegment(s: string): string {
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

/** `/providers/0/apps` → `['providers', '0', 'apps']` (array indices stay strings; see `resolvePointer`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Appends segments to a pointer. */
export function childPointer(pointer: string, ...segments: PathSegment[]): string {
  return pointer + toPointer(segments);
}

/** The value at a pointer in a plain JSON value, or undefined. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  let cur: unknown = value;
  for (const seg of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined;
    else if (cur !== null && typeof cur === 'object') cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    else return undefined;
  }
  return cur;
}
