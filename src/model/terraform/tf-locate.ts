import type { TextRange } from '../config-finding';
import { closingIndex } from './tf-expression';
import type { TfBlockSource } from './tf-module';

/**
 * Finds a block and an attribute inside it in the text of a `.tf` file. The HCL parser's JSON has no
 * positions, so the block is found by its header (`resource "azuread_application" "palette" {`) and the
 * attribute by name at the start of a line inside the block's braces (nested blocks and `dynamic "x"`
 * blocks included). Falls back to the nearest thing found: the block header, else the file start.
 */
export function locateInTerraform(text: string, source: TfBlockSource, attribute: Array<string | number> = []): TextRange {
  const header = blockHeader(text, source.labels);
  if (!header) return { offset: 0, length: 0 };
  const open = text.indexOf('{', header.offset + header.length - 1);
  let range = { start: open + 1, end: open < 0 ? text.length : closingIndex(text, open) };
  if (range.end < 0) range.end = text.length;
  let found: TextRange = header;
  for (let n = 0; n < attribute.length; n++) {
    const seg = attribute[n];
    if (typeof seg === 'number') continue;
    const nth = typeof attribute[n + 1] === 'number' ? (attribute[n + 1] as number) : 0;
    const hit = seg === undefined ? undefined : findAttribute(text, range.start, range.end, seg, nth);
    if (!hit) break;
    found = { offset: hit.offset, length: hit.length };
    range = hit.inner ?? { start: hit.offset, end: hit.valueEnd };
  }
  return found;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The header of a top-level block: its keyword and quoted labels. */
function blockHeader(text: string, labels: string[]): TextRange | undefined {
  const [kind, ...rest] = labels;
  if (!kind) return undefined;
  if (kind === 'locals') {
    const m = /^[ \t]*locals\s*\{/m.exec(text);
    return m ? { offset: m.index + (m[0].length - m[0].trimStart().length), length: m[0].trim().length } : undefined;
  }
  if (rest.length === 1 && !['resource', 'data', 'module', 'variable', 'provider', 'output'].includes(kind)) {
    // an attribute of a .tfvars file
    const m = new RegExp(`^[ \\t]*${escape(kind)}\\s*=`, 'm').exec(text);
    return m ? { offset: m.index + (m[0].length - m[0].trimStart().length), length: kind.length } : undefined;
  }
  const re = new RegExp(`^[ \\t]*${escape(kind)}${rest.map((l) => `\\s+"${escape(l)}"`).join('')}\\s*\\{`, 'm');
  const m = re.exec(text);
  if (!m) return undefined;
  const lead = m[0].length - m[0].trimStart().length;
  return { offset: m.index + lead, length: m[0].length - lead };
}

interface AttributeHit {
  offset: number;
  length: number;
  /** For a nested block: the text between its braces. */
  inner?: { start: number; end: number };
  valueEnd: number;
}

/** The n-th `name = …` / `name {` / `dynamic "name" {` directly or deeper inside [start, end). */
function findAttribute(text: string, start: number, end: number, name: string, nth: number): AttributeHit | undefined {
  const body = text.slice(start, end);
  const re = new RegExp(`^[ \\t]*(?:(${escape(name)})\\s*(=|\\{)|dynamic\\s+"(${escape(name)})"\\s*\\{|"(${escape(name)})"\\s*=)`, 'gm');
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (count++ < nth && m[3] === undefined) continue;
    const lead = m[0].length - m[0].trimStart().length;
    const offset = start + m.index + lead;
    const length = name.length + (m[3] !== undefined ? 'dynamic "'.length + 1 : m[4] !== undefined ? 2 : 0);
    const after = start + m.index + m[0].length;
    if (m[2] === '{' || m[3] !== undefined) {
      const close = closingIndex(text, after - 1);
      return { offset, length, inner: { start: after, end: close < 0 ? end : close }, valueEnd: close < 0 ? end : close };
    }
    // `name = value`: the value runs to the end of the line, or over its brackets.
    let i = after;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const c = text[i];
    const valueEnd = c === '[' || c === '{' ? Math.max(closingIndex(text, i), i) + 1 : (text.indexOf('\n', i) + 1 || end) - 1;
    return { offset, length, inner: c === '{' || c === '[' ? { start: i, end: valueEnd } : undefined, valueEnd };
  }
  return undefined;
}
