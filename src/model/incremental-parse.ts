/**
 * Re-parsing a config after an edit without parsing it again. The editor re-validates on every
 * (debounced) keystroke, and most keystrokes land inside one string (a display name, a URL, a group
 * ID). Such an edit changes no structure: the new document keeps the previous syntax tree as it is
 * (shared, never changed) with one more entry in its `shifts` (every later offset moves by the edit's
 * length), and its value shares every object the edit did not touch with the previous one. Anything else (a quote, a brace, a key, a paste across values, a file
 * with syntax errors) returns undefined and the caller parses in full.
 *
 * The result is the document a full parse would give (same offsets through `locate`, value and findings);
 * `test/unit/model/incremental-parse.test.ts` checks that on generated edits.
 */
import type { JsoncNode } from './jsonc';
import { isParsedDocument, locateNode, markParsedDocument, MAX_CONFIG_CHARS, type ConfigDocument, type TextShift } from './load-config';

/** Strings edited since the tree was parsed, at most; beyond it the next edit parses in full. */
const MAX_SHIFTS = 64;

/** The new document, or undefined when the edit is not a change inside one string value. */
export function reparseAfterEdit(previous: ConfigDocument, text: string): ConfigDocument | undefined {
  const root = previous.root;
  if (!root || !isParsedDocument(previous) || previous.findings.length > 0 || text.length > MAX_CONFIG_CHARS) return undefined;
  const old = previous.text;
  if (old === text) return previous;
  // The changed span: old[start, oldEnd) became text[start, oldEnd + delta).
  const start = commonPrefix(old, text);
  const oldEnd = old.length - commonSuffix(old, text, start);
  const delta = text.length - old.length;

  const shifts = previous.shifts ?? [];
  const leaf = stringAround(root, shifts, start, oldEnd);
  if (!leaf) return undefined;
  const holder = leaf.parent;
  // A property's key changes the value's shape (and maybe which duplicate wins): parse in full.
  if (holder?.type === 'property' && holder.children?.[0] === leaf) return undefined;
  const from = shiftOffset(shifts, leaf.offset);
  const literal = text.slice(from, shiftOffset(shifts, leaf.offset + leaf.length) + delta);
  const value = stringLiteralValue(literal);
  if (value === undefined) return undefined;
  const path = pathTo(leaf);
  if (!path) return undefined;
  const next = withShift(shifts, leaf.offset + 1, delta);
  if (next.length > MAX_SHIFTS) return undefined;
  return markParsedDocument({
    text,
    value: withValueAt(previous.value, path, value),
    root,
    shifts: next,
    findings: [],
    locate: (pointer, target) => {
      const at = locateNode(root, pointer, target);
      if (!at) return undefined;
      const offset = shiftOffset(next, at.offset);
      return { offset, length: shiftOffset(next, at.offset + at.length) - offset };
    },
  });
}

/** An offset of the parsed tree in the edited text: every string edit before it moves it. */
export function shiftOffset(shifts: readonly TextShift[], offset: number): number {
  let moved = offset;
  for (const s of shifts) {
    if (s.at > offset) break;
    moved += s.delta;
  }
  return moved;
}

/** `shifts` with one more edit inside the string whose contents start at `at` (sorted, one entry per string). */
function withShift(shifts: readonly TextShift[], at: number, delta: number): TextShift[] {
  const out: TextShift[] = [];
  let added = false;
  for (const s of shifts) {
    if (!added && s.at >= at) {
      out.push(s.at === at ? { at, delta: s.delta + delta } : { at, delta });
      added = true;
      if (s.at === at) continue;
    }
    out.push(s);
  }
  if (!added) out.push({ at, delta });
  return out;
}

/** Length of the common prefix, compared a block at a time (equal blocks compare as memory, not per character). */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 4096; block >= 1; block >>= 4) while (i + block <= max && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  return i;
}

/** Length of the common suffix that does not reach into the first `prefix` characters of either text. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  for (let block = 4096; block >= 1; block >>= 4) while (n + block <= max && a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)) n += block;
  return n;
}

/** The string node whose contents (between its quotes) hold [start, end) of the edited text; undefined otherwise. */
function stringAround(root: JsoncNode, shifts: readonly TextShift[], start: number, end: number): JsoncNode | undefined {
  let node = root;
  for (;;) {
    if (node.type === 'string') return start > shiftOffset(shifts, node.offset) && end < shiftOffset(shifts, node.offset + node.length) ? node : undefined;
    const children = node.children;
    if (!children) return undefined;
    // Children are in text order: the last one starting at or before the edit.
    let lo = 0;
    let hi = children.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (shiftOffset(shifts, (children[mid] as JsoncNode).offset) <= start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const child = children[found];
    if (!child || end > shiftOffset(shifts, child.offset + child.length)) return undefined;
    node = child;
  }
}

/** The value of one JSON string literal, when that is all the text is (quotes included). */
function stringLiteralValue(literal: string): string | undefined {
  if (literal.length < 2 || literal.charCodeAt(0) !== 0x22 || literal.charCodeAt(literal.length - 1) !== 0x22) return undefined;
  try {
    const v: unknown = JSON.parse(literal); // JSON's escapes and control-character rule are jsonc-parser's too
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined; // an unescaped quote, a raw line break, a bad escape: the full parse reports it
  }
}

/** Object keys and array indices from the root to a value node; undefined when a duplicate key shadows it. */
function pathTo(node: JsoncNode): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  let cur = node;
  while (cur.parent) {
    const parent = cur.parent;
    if (parent.type === 'array') {
      path.push((parent.children ?? []).indexOf(cur));
      cur = parent;
    } else if (parent.type === 'property') {
      const key = parent.children?.[0]?.value;
      const object = parent.parent;
      if (typeof key !== 'string' || !object) return undefined;
      // Later duplicates win in the value (as in JSON.parse): only the last property with a key shows.
      const props = object.children ?? [];
      for (let i = props.length - 1; i >= 0; i--) {
        const p = props[i];
        if (p?.children?.[0]?.value !== key) continue;
        if (p !== parent) return undefined;
        break;
      }
      path.push(key);
      cur = object;
    } else return undefined;
  }
  return path.reverse();
}

/** `value` with the string at `path` replaced; every object off the path is shared, not copied. */
function withValueAt(value: unknown, path: readonly (string | number)[], leaf: string): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    const out = value.slice();
    out[head] = withValueAt(value[head], rest, leaf);
    return out;
  }
  if (value !== null && typeof value === 'object' && typeof head === 'string') {
    // Own properties defined as the parser defines them, so "__proto__" stays an ordinary key.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: k === head ? withValueAt(v, rest, leaf) : v, enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value; // not reached: the path comes from the same tree the value was built from
}
