/**
 * A JSON-with-comments parser that keeps offsets: every value and property knows where it is in the
 * text, so findings located by JSON pointer can be underlined. Same tree shape as jsonc-parser's
 * `parseTree` (type/offset/length/children/value). Own code because jsonc-parser ships a UMD build whose
 * internal `require`s esbuild cannot follow under the default `mainFields` (see examples/README.md).
 *
 * Accepts `//` and `/* *\/` comments and trailing commas (VS Code's "jsonc" dialect); never throws:
 * syntax errors are collected and parsing recovers at the next plausible token.
 */

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

/** Nesting beyond this is refused: hostile input must not exhaust the stack. */
const MAX_DEPTH = 256;

export function parseJsoncTree(text: string, errors: JsoncError[] = []): JsoncNode | undefined {
  let pos = 0;
  const err = (message: string, offset = pos, length = 1): void => {
    if (errors.length < 100) errors.push({ message, offset, length });
  };
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) pos++;
      else if (c === 47 && text.charCodeAt(pos + 1) === 47) {
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 ? text.length : nl + 1;
      } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
        const end = text.indexOf('*/', pos + 2);
        if (end < 0) {
          err('unterminated comment', pos, text.length - pos);
          pos = text.length;
        } else pos = end + 2;
      } else return;
    }
  };
  const parseString = (): JsoncNode => {
    const start = pos;
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) {
        err('unterminated string', start, pos - start);
        break;
      }
      const ch = text[pos] ?? '';
      if (ch === '"') {
        pos++;
        break;
      }
      if (ch === '\n') {
        err('unterminated string', start, pos - start);
        break;
      }
      if (ch === '\\') {
        const e = text[pos + 1] ?? '';
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else if (map[e] !== undefined) {
          out += map[e];
          pos += 2;
        } else {
          err('malformed escape', pos, 2);
          pos += 2;
        }
        continue;
      }
      out += ch;
      pos++;
    }
    return { type: 'string', offset: start, length: pos - start, value: out };
  };
  const parseValue = (depth: number): JsoncNode | undefined => {
    skip();
    if (depth > MAX_DEPTH) {
      err('nesting too deep');
      pos = text.length;
      return undefined;
    }
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const node: JsoncNode = { type: 'object', offset: start, length: 0, children: [] };
      let first = true;
      for (;;) {
        skip();
        if (text[pos] === '}') {
          pos++;
          break;
        }
        if (pos >= text.length) {
          err('closing brace } expected');
          break;
        }
        if (!first) {
          if (text[pos] === ',') {
            pos++;
            skip();
            if (text[pos] === '}') {
              pos++;
              break;
            }
          } else err('comma expected');
        }
        first = false;
        if (text[pos] !== '"') {
          err('property name expected');
          // Recover: skip to the next comma or closing brace.
          while (pos < text.length && text[pos] !== ',' && text[pos] !== '}') pos++;
          continue;
        }
        const key = parseString();
        const prop: JsoncNode = { type: 'property', offset: key.offset, length: 0, children: [key], parent: node };
        key.parent = prop;
        skip();
        if (text[pos] === ':') pos++;
        else err('colon expected');
        const value = parseValue(depth + 1);
        if (value) {
          value.parent = prop;
          prop.children?.push(value);
        } else err('value expected');
        prop.length = pos - prop.offset;
        node.children?.push(prop);
      }
      node.length = pos - start;
      return node;
    }
    if (c === '[') {
      pos++;
      const node: JsoncNode = { type: 'array', offset: start, length: 0, children: [] };
      let first = true;
      for (;;) {
        skip();
        if (text[pos] === ']') {
          pos++;
          break;
        }
        if (pos >= text.length) {
          err('closing bracket ] expected');
          break;
        }
        if (!first) {
          if (text[pos] === ',') {
            pos++;
            skip();
            if (text[pos] === ']') {
              pos++;
              break;
            }
          } else err('comma expected');
        }
        first = false;
        const before = pos;
        const v = parseValue(depth + 1);
        if (v) {
          v.parent = node;
          node.children?.push(v);
        }
        if (pos === before) {
          err('value expected');
          pos++;
        }
      }
      node.length = pos - start;
      return node;
    }
    if (c === '"') return parseString();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
    if (lit) {
      pos += lit[0].length;
      const t = lit[0];
      if (t === 'true' || t === 'false') return { type: 'boolean', offset: start, length: t.length, value: t === 'true' };
      if (t === 'null') return { type: 'null', offset: start, length: 4, value: null };
      return { type: 'number', offset: start, length: t.length, value: Number(t) };
    }
    if (pos < text.length) {
      err('unexpected character');
      // Skip the offending token so parsing can go on.
      const m = /^[^\s,:\]}]+/.exec(text.slice(pos));
      pos += m ? m[0].length : 1;
    }
    return undefined;
  };
  const root = parseValue(0);
  skip();
  if (pos < text.length) err('end of file expected (a second top-level value?)', pos, text.length - pos);
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
