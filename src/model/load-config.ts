import type { ConfigFinding, TextRange } from './config-finding';
import { parsePointer } from './json-pointer';
import { jsoncChild, jsoncNodeValue, parseJsoncTree, type JsoncError, type JsoncNode } from './jsonc';
import { LIMITS } from '../decoders/limits';

/** Largest config text read; beyond it the file is refused with a finding instead of parsed. */
export const MAX_CONFIG_CHARS = LIMITS.maxConfigBytes;

/**
 * A parsed config text: the plain value, the syntax tree with offsets, and the findings of parsing.
 * `locate` turns a JSON pointer into the text range an editor underlines.
 */
export interface ConfigDocument {
  text: string;
  /** The JSON value (comments dropped); undefined when the text is not JSON at all. */
  value: unknown;
  /**
   * The syntax tree: offsets and lengths of every value and property, in the text it was parsed from.
   * After incremental re-parses (edits inside strings, see incremental-parse.ts) that is an earlier
   * text: `shifts` moves its offsets to this one (`locate` applies them), and the string values edited
   * since are in `value`, not in the tree.
   */
  root: JsoncNode | undefined;
  /** String edits since `root` was parsed; absent after a full parse. */
  shifts?: readonly TextShift[];
  findings: ConfigFinding[];
  locate(pointer: string, target?: 'value' | 'key'): TextRange | undefined;
}

/** An edit inside one string: offsets of the tree at or after `at` move by `delta`. */
export interface TextShift {
  at: number;
  delta: number;
}

/**
 * Documents whose `value` is their own text's value (from parseConfigText or an incremental re-parse of
 * one): only those can be re-parsed incrementally. A realm export checked in place carries the config
 * built from it instead, whose paths are not its tree's.
 */
const ownValueDocuments = new WeakSet<ConfigDocument>();

/** Whether `document` came from parsing its text (see `ownValueDocuments`). */
export function isParsedDocument(document: ConfigDocument): boolean {
  return ownValueDocuments.has(document);
}

/** Marks a document whose value is its text's own (incremental-parse.ts). */
export function markParsedDocument(document: ConfigDocument): ConfigDocument {
  ownValueDocuments.add(document);
  return document;
}

/**
 * Parses JSON with comments (the `*.sso.json` dialect: comments and trailing commas allowed) without
 * throwing: syntax errors become `config.parse-error` findings with their range.
 */
export function parseConfigText(text: string): ConfigDocument {
  if (text.length > MAX_CONFIG_CHARS) {
    return {
      text,
      value: undefined,
      root: undefined,
      findings: [{ id: 'input.too-large', severity: 'error', message: `config file is larger than ${MAX_CONFIG_CHARS} characters; not read`, path: '', range: { offset: 0, length: 0 } }],
      locate: () => undefined,
    };
  }
  const errors: JsoncError[] = [];
  const root = parseJsoncTree(text, errors);
  const findings: ConfigFinding[] = errors.map((e) => ({
    id: 'config.parse-error',
    severity: 'error',
    message: `JSON syntax: ${e.message}`,
    path: '',
    range: { offset: e.offset, length: Math.max(e.length, 1) },
  }));
  const value: unknown = root ? jsoncNodeValue(root) : undefined;
  if (!root && findings.length === 0) findings.push({ id: 'config.parse-error', severity: 'error', message: 'the file is empty; a config starts with { "version": 1, "providers": [] }', path: '', range: { offset: 0, length: 0 } });
  return markParsedDocument({ text, value, root, findings, locate: (pointer, target) => locateNode(root, pointer, target) });
}

/** Range of the value (or, for `key`, the property name) at a pointer; the nearest existing ancestor otherwise. */
export function locateNode(root: JsoncNode | undefined, pointer: string, target: 'value' | 'key' = 'value'): TextRange | undefined {
  if (!root) return undefined;
  let node = root;
  const segments = parsePointer(pointer);
  for (let i = 0; i < segments.length; i++) {
    const next = jsoncChild(node, segments[i] ?? '');
    if (!next) break;
    node = next;
    if (i === segments.length - 1 && target === 'key' && node.parent?.type === 'property') {
      const key = node.parent.children?.[0];
      if (key) return { offset: key.offset, length: key.length };
    }
  }
  return { offset: node.offset, length: node.length };
}
