import { fail, ok, type Result } from '../result';
import { EntityTable, type ScannedEntity } from './entity-table';

export type { ScannedEntity } from './entity-table';

export interface AggregateIndex {
  rootName: string;
  rootAttributes: Record<string, string>;
  /** The root element's namespace URI, from its own xmlns declarations ('' when it declares none). */
  rootNamespace: string;
  /** A ds:Signature is a direct child of the root. */
  signed: boolean;
  /** Compact: byte ranges in typed arrays, entity IDs read back on demand. */
  entities: EntityTable;
}

/** Most open elements tracked; deeper nesting is hostile. */
const MAX_DEPTH = 256;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;

/**
 * Indexes a large metadata aggregate (research federations publish 50–100 MB) WITHOUT building a
 * DOM: a bounded, byte-level scan over tags that records each EntityDescriptor's entityID, roles
 * and byte range. Memory is the index plus the input; time is one pass. Comments, CDATA and
 * processing instructions are skipped; a DOCTYPE is refused (as everywhere else).
 */
export function scanAggregate(bytes: Uint8Array): Result<AggregateIndex> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Open elements as two parallel arrays (no object per element): where each name starts (decoded
  // only for an error message) and the xmlns declarations it makes ('' for most).
  const stackName: number[] = [];
  const stackXmlns: string[] = [];
  // inheritedAt[d]: the xmlns declarations of stackXmlns[0..d-1], joined and interned; entries past
  // a changed level are dropped, so an aggregate's entities share one string.
  const inheritedAt: string[] = [];
  const interned = new Map<string, string>();
  let wanted: { id: string; bytes: Buffer } | undefined;
  const entities = new EntityTable(
    (start) => readEntityId(buf, start),
    (start, id) => {
      // U+FFFD may stand for any invalid byte in the input: no byte-level shortcut then.
      if (id.includes('\uFFFD')) return true;
      if (wanted?.id !== id) wanted = { id, bytes: Buffer.from(id, 'utf8') };
      return mayHaveEntityId(buf, start, wanted.bytes);
    },
  );
  // The entity being read: its start tag's offset (-1: none), its depth and roles.
  let entityStart = -1;
  let entityDepth = 0;
  let entityXmlns = '';
  const entityRoles: string[] = [];
  const roleLabels = new Map<string, string>();
  let rootName = '';
  let rootAttributes: Record<string, string> = {};
  let rootNamespace = '';
  let signed = false;
  let i = 0;
  for (;;) {
    i = buf.indexOf(LT, i);
    if (i < 0) break;
    const next = buf[i + 1];
    if (next === BANG) {
      if (startsWith(buf, i, '<!--')) i = skipPast(buf, i + 4, '-->');
      else if (startsWith(buf, i, '<![CDATA[')) i = skipPast(buf, i + 9, ']]>');
      else if (startsWith(buf, i, '<!DOCTYPE') || startsWith(buf, i, '<!doctype')) return fail('saml.doctype-forbidden', 'the metadata declares a DOCTYPE; it was not processed (entity expansion / XXE risk)');
      else i = skipPast(buf, i + 2, '>');
      if (i < 0) return fail('metadata.malformed', 'unterminated comment, CDATA section or declaration');
      continue;
    }
    if (next === QUESTION) {
      i = skipPast(buf, i + 2, '?>');
      if (i < 0) return fail('metadata.malformed', 'unterminated processing instruction');
      continue;
    }
    const end = tagEnd(buf, i + 1);
    if (end < 0) return fail('metadata.malformed', `unterminated tag at byte ${i} (truncated file?)`);
    if (next === SLASH) {
      const openAt = stackName.pop();
      if (openAt === undefined) return fail('metadata.malformed', `an end tag at byte ${i} closes nothing`);
      // As a DOM parser would: the end tag names the element it closes.
      if (!closesElement(buf, openAt, i + 2, end)) return fail('metadata.malformed', `the end tag at byte ${i} does not close <${buf.toString('utf8', openAt, tagEnd(buf, openAt)).split(/[\s/>]/)[0]}>`);
      if (stackXmlns.pop() && inheritedAt.length > stackXmlns.length + 1) inheritedAt.length = stackXmlns.length + 1;
      if (entityStart >= 0 && stackName.length === entityDepth) {
        entities.add(entityStart, end + 1, entityRoles, entityXmlns);
        entityStart = -1;
      }
      i = end + 1;
      continue;
    }
    const selfClosing = buf[end - 1] === SLASH;
    const tagClose = selfClosing ? end - 1 : end;
    const tag = readStartTag(buf, i + 1, tagClose);
    const depth = stackName.length;
    let attrs: Record<string, string> | undefined = tag.attrs;
    const attributes = (): Record<string, string> => (attrs ??= parseTagAttributes(buf, i + 1, tagClose, tag.nameEnd));
    // Namespace declarations are rare: the attributes are parsed only when the tag mentions xmlns.
    const xmlnsHere = tag.attrs || contains(buf, tag.nameEnd, tagClose, 'xmlns') ? xmlnsDeclarations(attributes()) : '';
    if (depth === 0) {
      if (rootName) return fail('metadata.malformed', 'more than one root element');
      rootName = tag.local ?? buf.toString('utf8', tag.localStart, tag.nameEnd);
      const prefix = tag.local === undefined && tag.localStart > i + 1 ? buf.toString('utf8', i + 1, tag.localStart - 1) : '';
      rootAttributes = attributes();
      rootNamespace = rootAttributes[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '';
    } else if (depth === 1 && localIs(buf, tag, 'Signature')) {
      signed = true;
    }
    if (entityStart < 0 && localIs(buf, tag, 'EntityDescriptor')) {
      entityStart = i;
      entityDepth = depth;
      entityXmlns = inheritedXmlns(stackXmlns, inheritedAt, depth, interned);
      entityRoles.length = 0;
      if (selfClosing) {
        entities.add(entityStart, end + 1, entityRoles, entityXmlns);
        entityStart = -1;
      }
    } else if (entityStart >= 0 && depth === entityDepth + 1 && localEndsWith(buf, tag, 'Descriptor')) {
      const local = tag.local ?? buf.toString('utf8', tag.localStart, tag.nameEnd);
      const xsiType = tag.attrs || contains(buf, tag.nameEnd, tagClose, ':type') ? Object.entries(attributes()).find(([k]) => k.endsWith(':type'))?.[1] : undefined;
      const label = xsiType ? `${local} (${xsiType})` : local;
      const known = roleLabels.get(label);
      if (known === undefined) roleLabels.set(label, label);
      entityRoles.push(known ?? label);
    }
    if (!selfClosing) {
      if (depth >= MAX_DEPTH) return fail('input.too-deep', `elements nested deeper than ${MAX_DEPTH} levels; the aggregate was not indexed`);
      stackName.push(i + 1);
      stackXmlns.push(xmlnsHere);
      if (xmlnsHere && inheritedAt.length > depth + 1) inheritedAt.length = depth + 1;
    }
    i = end + 1;
  }
  const open = stackName[stackName.length - 1];
  if (open !== undefined) {
    const t = readStartTag(buf, open, tagEnd(buf, open));
    return fail('metadata.malformed', `the document ends inside <${t.local ?? buf.toString('utf8', t.localStart, t.nameEnd)}> (truncated file?)`);
  }
  if (!rootName) return fail('metadata.malformed', 'no root element');
  return ok({ rootName, rootAttributes, rootNamespace, signed, entities });
}

/**
 * A start tag's name, found in the bytes without decoding it: `[from, nameEnd)` is the qualified
 * name and `[localStart, nameEnd)` the part after its first colon. A name with non-ASCII bytes
 * (hostile input) is decoded as before (`local`, `attrs` set) so every verdict stays the same.
 */
interface StartTag {
  nameEnd: number;
  localStart: number;
  local?: string;
  attrs?: Record<string, string>;
}

/** One reused result: the scan makes no object per tag. */
const scratch: StartTag = { nameEnd: 0, localStart: 0 };

function readStartTag(buf: Buffer, from: number, to: number): StartTag {
  let k = from;
  let colon = -1;
  for (; k < to; k++) {
    const c = buf[k] as number;
    if (c >= 0x80) return slowStartTag(buf, from, to);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === SLASH || c === GT) break;
    if (c === 0x3a && colon < 0) colon = k;
  }
  scratch.nameEnd = k;
  scratch.localStart = colon < 0 ? from : colon + 1;
  delete scratch.local;
  delete scratch.attrs;
  return scratch;
}

/** The previous, string-based reading of a start tag, for names with non-ASCII bytes. */
function slowStartTag(buf: Buffer, from: number, to: number): StartTag {
  const tag = buf.toString('utf8', from, to);
  const nameEnd = tag.search(/[\s/>]|$/);
  const qname = tag.slice(0, nameEnd);
  const local = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
  return { nameEnd: to, localStart: to, local, attrs: tag.length > nameEnd ? parseAttributes(tag.slice(nameEnd)) : {} };
}

function parseTagAttributes(buf: Buffer, from: number, to: number, nameEnd: number): Record<string, string> {
  return to > nameEnd ? parseAttributes(buf.toString('utf8', nameEnd, to)) : {};
}

function localIs(buf: Buffer, tag: StartTag, name: string): boolean {
  if (tag.local !== undefined) return tag.local === name;
  return tag.nameEnd - tag.localStart === name.length && startsWith(buf, tag.localStart, name);
}

function localEndsWith(buf: Buffer, tag: StartTag, suffix: string): boolean {
  if (tag.local !== undefined) return tag.local.endsWith(suffix);
  return tag.nameEnd - tag.localStart >= suffix.length && startsWith(buf, tag.nameEnd - suffix.length, suffix);
}

/** The end tag's name in buf[from, to) is the qualified name of the start tag at `open`, followed by white space only. */
function closesElement(buf: Buffer, open: number, from: number, to: number): boolean {
  let j = open;
  let k = from;
  for (;;) {
    const c = buf[j];
    if (c === undefined || c === SLASH || c === GT || isSpace(c)) break;
    if (k >= to || buf[k] !== c) return false;
    j++;
    k++;
  }
  for (; k < to; k++) if (!isSpace(buf[k] as number)) return false;
  return true;
}

/** `s` (ASCII) occurs in buf[from, to): a bounded search (indexOf would run on past the tag). */
function contains(buf: Buffer, from: number, to: number, s: string): boolean {
  const first = s.charCodeAt(0);
  for (let k = from; k + s.length <= to; k++) if (buf[k] === first && startsWith(buf, k, s)) return true;
  return false;
}

function xmlnsDeclarations(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .filter(([k]) => k === 'xmlns' || k.startsWith('xmlns:'))
    .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
    .join(' ');
}

/** The declarations of the open elements below `depth`, joined as before, computed once per change. */
function inheritedXmlns(stackXmlns: readonly string[], inheritedAt: string[], depth: number, interned: Map<string, string>): string {
  const cached = inheritedAt[depth];
  if (cached !== undefined) return cached;
  const joined = stackXmlns.slice(0, depth).filter(Boolean).join(' ');
  const key = interned.get(joined) ?? joined;
  interned.set(key, key);
  inheritedAt[depth] = key;
  return key;
}

/** The entityID of the start tag at `start` (the table keeps offsets, not strings). */
function readEntityId(buf: Buffer, start: number): string {
  const end = tagEnd(buf, start + 1);
  if (end < 0) return '';
  const tag = buf.toString('utf8', start + 1, end);
  const nameEnd = tag.search(/[\s/>]|$/);
  return parseAttributes(tag.slice(nameEnd))['entityID'] ?? '';
}

/**
 * False only when the start tag at `start` cannot carry this entityID: it has no character or
 * entity reference ('&', the only thing parseAttributes rewrites) and the ID's bytes are not in it.
 */
function mayHaveEntityId(buf: Buffer, start: number, id: Buffer): boolean {
  const end = tagEnd(buf, start + 1);
  if (end < 0) return true;
  for (let k = start; k < end; k++) if (buf[k] === 0x26) return true;
  if (id.length === 0) return true;
  const first = id[0];
  for (let k = start; k + id.length <= end; k++) if (buf[k] === first && buf.compare(id, 0, id.length, k, k + id.length) === 0) return true;
  return false;
}

/**
 * One entity's XML on its own, with the namespace declarations it inherits from its ancestors
 * copied onto its start tag so it parses standalone.
 */
export function extractEntity(bytes: Uint8Array, entity: ScannedEntity): string {
  const xml = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', entity.start, entity.end);
  if (!entity.inheritedXmlns) return xml;
  const nameEnd = xml.search(/[\s/>]/);
  const own = new Set([...xml.slice(0, xml.indexOf('>')).matchAll(/\s(xmlns(?::[\w.-]+)?)\s*=/g)].map((m) => m[1]));
  const inherited = [...entity.inheritedXmlns.matchAll(/(xmlns(?::[\w.-]+)?)="[^"]*"/g)]
    .filter((m) => !own.has(m[1]))
    .map((m) => m[0]);
  const unique = [...new Map(inherited.map((d) => [d.slice(0, d.indexOf('=')), d])).values()];
  return `${xml.slice(0, nameEnd)} ${unique.join(' ')}${xml.slice(nameEnd)}`;
}

function startsWith(buf: Buffer, at: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (buf[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** Index just past the next occurrence of `s` at or after `from`, or -1. */
function skipPast(buf: Buffer, from: number, s: string): number {
  const at = buf.indexOf(s, from, 'latin1');
  return at < 0 ? -1 : at + s.length;
}

/** The `>` that ends the tag starting at `from`, skipping quoted attribute values. */
function tagEnd(buf: Buffer, from: number): number {
  let quote = 0;
  for (let k = from; k < buf.length; k++) {
    const c = buf[k];
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === GT) return k;
    else if (c === LT) return -1;
  }
  return -1;
}

/**
 * `name="value"` pairs of a start tag, in one pass: a name without `=` is stepped over whole, so a
 * 300,000-character valueless name costs one pass, not one per character (a global regex restarts
 * at every position after a failed match — quadratic; issue 15, class 10).
 */
export function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isNameChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && isNameChar(s.charCodeAt(i))) i++;
    const name = s.slice(nameStart, i);
    let k = i;
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    if (s.charCodeAt(k) !== 0x3d) continue; // no '=': not an attribute; carry on after the name
    k++;
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    const quote = s.charCodeAt(k);
    if (quote !== 0x22 && quote !== 0x27) {
      i = k;
      continue;
    }
    const close = s.indexOf(quote === 0x22 ? '"' : "'", k + 1);
    if (close < 0) break;
    out[name] = unescapeXml(s.slice(k + 1, close));
    i = close + 1;
  }
  return out;
}

/** [\w.:-] of the previous regex: ASCII letters, digits, '_', '.', ':', '-'. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x3a) || c === 0x5f || c === 0x2e || c === 0x2d;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    switch (e.toLowerCase()) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    }
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
