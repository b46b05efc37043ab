/**
 * JSON with comments, with offsets: every value and property knows where it is in the text, so
 * findings located by JSON pointer can be underlined. Parsing is jsonc-parser's `parseTree` (the
 * parser behind VS Code's own JSON support; esbuild bundles its ES module build, see esbuild.mjs
 * `mainFields`); this module adds what SSO Lens needs around it: a nesting limit for hostile input,
 * readable error messages, and values that cannot reach `Object.prototype`.
 *
 * Accepts `//` and `/* *\/` comments and trailing commas (VS Code's "jsonc" dialect); never throws:
 * syntax errors are collected and parsing recovers at the next plausible token.
 */
import { parseTree, type ParseError, ParseErrorCode } from 'jsonc-parser';
import { jsonNestingDepth } from '../decoders/jwt/json-depth';

export type JsoncNodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export interface JsoncNode {
  type: JsoncNodeType;
  offset: number;
  length: number;
  /** object: property nodes; property: [key, value]; array: element nodes. */
  children?: JsoncNode[];
  value?: unknown;
  parent?: JsoncNode;
}

export interface JsoncError {
  message: string;
  offset: number;
  length: number;
}

/** Nesting beyond this is refused: the parser recurses, and hostile input must not exhaust the stack. */
const MAX_DEPTH = 256;

/** Keeps the error list short: the first errors are the ones worth reading. */
const MAX_ERRORS = 100;

/** jsonc-parser's error codes in words. */
const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'property name expected (a quoted string)',
  [ParseErrorCode.ValueExpected]: 'value expected',
  [ParseErrorCode.ColonExpected]: 'colon expected after the property name',
  [ParseErrorCode.CommaExpected]: 'comma expected between values',
  [ParseErrorCode.CloseBraceExpected]: 'closing brace } expected',
  [ParseErrorCode.CloseBracketExpected]: 'closing bracket ] expected',
  [ParseErrorCode.EndOfFileExpected]: 'end of file expected (a second top-level value?)',
  [ParseErrorCode.InvalidCommentToken]: 'malformed comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'malformed \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'invalid character in a string (a raw line break or control character?)',
};

export function parseJsoncTree(text: string, errors: JsoncError[] = []): JsoncNode | undefined {
  if (text.trim() === '') return undefined; // empty (trim also drops a BOM): the caller says what to write
  const depth = jsonNestingDepth(text, MAX_DEPTH, true);
  if (depth > MAX_DEPTH) {
    errors.push({ message: `nested more than ${MAX_DEPTH} levels deep; not parsed`, offset: 0, length: 0 });
    return undefined;
  }
  // A byte order mark becomes a space: same offsets, and the parser does not stumble on it.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const found: ParseError[] = [];
  const root = parseTree(source, found, { allowTrailingComma: true, disallowComments: false });
  for (const e of found.slice(0, MAX_ERRORS)) errors.push({ message: MESSAGES[e.error] ?? `syntax error ${e.error}`, offset: e.offset, length: Math.max(1, e.length) });
  return root;
}

/** The plain value of a node (later duplicate keys win, as in JSON.parse). */
export function jsoncNodeValue(node: JsoncNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const k = p.children?.[0];
        const v = p.children?.[1];
        if (k && typeof k.value === 'string' && v) {
          // Own property even for "__proto__": a config must not reach Object.prototype.
          Object.defineProperty(out, k.value, { value: jsoncNodeValue(v), enumerable: true, writable: true, configurable: true });
        }
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(jsoncNodeValue);
    default:
      return node.value;
  }
}

/** Child of an object (by key) or array (by index); undefined when absent. */
export function jsoncChild(node: JsoncNode, segment: string): JsoncNode | undefined {
  if (node.type === 'array') return /^\d+$/.test(segment) ? node.children?.[Number(segment)] : undefined;
  if (node.type !== 'object') return undefined;
  const props = node.children ?? [];
  for (let i = props.length - 1; i >= 0; i--) if (props[i]?.children?.[0]?.value === segment) return props[i]?.children?.[1];
  return undefined;
}

/** Parses JSONC to a plain value; undefined when the text has no value at all. */
export function parseJsonc(text: string, errors: JsoncError[] = []): unknown {
  const root = parseJsoncTree(text, errors);
  return root ? jsoncNodeValue(root) : undefined;
}
