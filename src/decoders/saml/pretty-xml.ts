import type { Node } from '@xmldom/xmldom';
import { isElement } from './xml-names';

/** Pretty XML beyond this many characters is cut (the report shows the head, the summary has the rest). */
const MAX_PRETTY_CHARS = 2 * 1024 * 1024;

/**
 * Indents an already parsed document for display. Text-only elements stay on one line; comments are
 * kept (a comment inside a NameID is itself a finding, so it must stay visible). Nothing is
 * re-namespaced: attributes are printed as written.
 */
export function prettyXml(root: Node, maxChars: number = MAX_PRETTY_CHARS): string {
  const out: string[] = [];
  let size = 0;
  const push = (s: string): boolean => {
    if (size > maxChars) return false;
    out.push(s);
    size += s.length;
    return true;
  };
  const walk = (node: Node, depth: number): void => {
    if (size > maxChars) return;
    const pad = '  '.repeat(depth);
    if (isElement(node)) {
      let open = `<${node.tagName}`;
      for (let i = 0; i < node.attributes.length; i++) {
        const a = node.attributes.item(i);
        if (a) open += ` ${a.name}="${escapeAttr(a.value)}"`;
      }
      const kids: Node[] = [];
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3 && (n.nodeValue ?? '').trim() === '') continue;
        kids.push(n);
      }
      if (kids.length === 0) {
        push(`${pad}${open}/>\n`);
        return;
      }
      if (kids.every((k) => k.nodeType === 3 || k.nodeType === 4 || k.nodeType === 8)) {
        push(`${pad}${open}>${kids.map(inline).join('')}</${node.tagName}>\n`);
        return;
      }
      push(`${pad}${open}>\n`);
      for (const k of kids) walk(k, depth + 1);
      push(`${pad}</${node.tagName}>\n`);
      return;
    }
    if (node.nodeType === 9) {
      for (let n = node.firstChild; n; n = n.nextSibling) walk(n, depth);
      return;
    }
    if (node.nodeType === 7) {
      push(`${pad}<?${node.nodeName} ${node.nodeValue ?? ''}?>\n`);
      return;
    }
    push(`${pad}${inline(node)}\n`);
  };
  walk(root, 0);
  const text = out.join('');
  return size > maxChars ? `${text}\n… (cut at ${maxChars} characters)\n` : text;
}

function inline(node: Node): string {
  if (node.nodeType === 8) return `<!--${node.nodeValue ?? ''}-->`;
  if (node.nodeType === 4) return `<![CDATA[${node.nodeValue ?? ''}]]>`;
  return escapeText((node.nodeValue ?? '').trim());
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
