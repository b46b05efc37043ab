/**
 * The elements of one array inside a large JSON document, one at a time, without parsing the whole
 * document: a byte-level scan (the metadata aggregate scanner's approach) that tracks strings,
 * nesting and the key path, and hands each element of the array at `path` (e.g. `log.entries`)
 * to `JSON.parse` on its own. Memory is the input plus one element; time is one pass.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Deeper nesting than this is hostile (a HAR is about six levels deep). */
const MAX_DEPTH = 256;

export type ElementVisitor = (element: unknown, index: number) => 'continue' | 'stop';

export interface ScanOutcome {
  /** Elements seen (also the ones that were not valid JSON on their own). */
  count: number;
  /** Why the scan stopped before the end of the document, if it did. */
  problem?: string;
}

interface Frame {
  container: 'object' | 'array';
  /** Object frames: the key whose value is being read. */
  key?: string;
}

/**
 * Calls `visit` with each element of the array found at `path` (keys from the root). Elements
 * that are not valid JSON are passed as `undefined`. Never throws on bad input.
 */
export function scanJsonArray(bytes: Uint8Array, path: readonly string[], visit: ElementVisitor): ScanOutcome {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Frame[] = [];
  let count = 0;
  let expectKey = false;
  let lastString: string | undefined;
  let i = 0;
  const n = buf.length;
  /** The array being scanned is the top frame and its path is `path`. */
  const atTarget = (): boolean => {
    if (stack.length !== path.length + 1) return false;
    if (stack[stack.length - 1]?.container !== 'array') return false;
    for (let d = 0; d < path.length; d++) if (stack[d]?.container !== 'object' || stack[d]?.key !== path[d]) return false;
    return true;
  };
  while (i < n) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = stringEnd(buf, i);
      if (end < 0) return { count, problem: 'an unterminated string' };
      // Only keys are needed; they are short. Values may be megabytes and are skipped unread.
      lastString = expectKey && end - i < 1024 ? safeString(buf, i, end + 1) : undefined;
      i = end + 1;
      continue;
    }
    if (c === COLON) {
      const top = stack[stack.length - 1];
      if (top?.container === 'object') top.key = lastString;
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = stack[stack.length - 1]?.container === 'object';
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (atTarget()) {
        const end = valueEnd(buf, i);
        if (end < 0) return { count, problem: 'an unterminated element' };
        const element = parseSlice(buf, i, end + 1);
        const answer = visit(element, count++);
        if (answer === 'stop') return { count };
        i = end + 1;
        continue;
      }
      if (stack.length >= MAX_DEPTH) return { count, problem: `nesting deeper than ${MAX_DEPTH} levels` };
      stack.push({ container: c === OPEN_OBJECT ? 'object' : 'array' });
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
    } else if (atTarget() && c !== undefined && c > 0x20 && c !== COMMA) {
      // A scalar element (number, true, false, null): not an entry; count it so indexes stay true.
      let j = i;
      while (j < n && buf[j] !== COMMA && buf[j] !== CLOSE_ARRAY) j++;
      const answer = visit(undefined, count++);
      if (answer === 'stop') return { count };
      i = j;
      continue;
    }
    i++;
  }
  return { count };
}

/** Index of the closing quote of the string opening at `start`, or -1. */
function stringEnd(buf: Buffer, start: number): number {
  const q = buf.indexOf(QUOTE, start + 1);
  if (q < 0) return -1;
  // An escaped quote is preceded by an odd number of backslashes.
  let b = q - 1;
  while (b > start && buf[b] === BACKSLASH) b--;
  if ((q - 1 - b) % 2 === 0) return q;
  // A string holding escaped quotes is mostly a JSON body (an API response) with hundreds of
  // them: one call per quote was half the scan of a HAR (issue 12); the regex walks it natively.
  return escapedStringEnd(buf, q + 1);
}

/** A string body's characters up to its closing quote (or the end of the text), escapes whole. */
const STRING_BODY = /(?:[^"\\]+|\\[\s\S])*/y;
/** Windows stay small: the regex keeps a backtrack entry per step it takes. */
const FIRST_WINDOW = 4 * 1024;
const MAX_WINDOW = 64 * 1024;

/**
 * Index of the closing quote of a string whose body continues at `from` (not inside an escape),
 * or -1. Latin-1 maps each byte to one character, so indexes are byte offsets; the bytes of a
 * UTF-8 sequence are never a quote or a backslash. Window by window: linear in the string.
 */
function escapedStringEnd(buf: Buffer, from: number): number {
  let at = from;
  let size = FIRST_WINDOW;
  while (at < buf.length) {
    const window = buf.toString('latin1', at, Math.min(buf.length, at + size));
    STRING_BODY.lastIndex = 0;
    STRING_BODY.exec(window);
    const taken = STRING_BODY.lastIndex;
    if (taken < window.length && window.charCodeAt(taken) === QUOTE) return at + taken;
    // Stopped at the window's end, or before a backslash that is the input's last byte.
    if (taken === 0) return -1;
    at += taken;
    size = Math.min(size * 2, MAX_WINDOW);
  }
  return -1;
}

/** Index of the bracket closing the object or array opening at `start`, or -1. */
function valueEnd(buf: Buffer, start: number): number {
  let depth = 0;
  let i = start;
  const n = buf.length;
  while (i < n) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = stringEnd(buf, i);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > MAX_DEPTH) return -1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return -1;
}

function safeString(buf: Buffer, start: number, end: number): string | undefined {
  const v = parseSlice(buf, start, end);
  return typeof v === 'string' ? v : undefined;
}

function parseSlice(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end)) as unknown;
  } catch {
    return undefined;
  }
}
