import type { Element, Node } from '@xmldom/xmldom';

/** Namespace URIs (SAML 2.0 core §2.1 / §3.1, metadata §2.1, XML-DSig, XML-Enc, WS-Federation). */
export const NS = {
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  /** WS-Federation metadata (Entra's RoleDescriptor xsi:type="fed:SecurityTokenServiceType"). */
  fed: 'http://docs.oasis-open.org/wsfed/federation/200706',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  mdui: 'urn:oasis:names:tc:SAML:metadata:ui',
} as const;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

export function isElement(node: Node | null | undefined): node is Element {
  return node !== null && node !== undefined && node.nodeType === ELEMENT_NODE;
}

/** Direct child elements, optionally only those with this namespace and local name. */
export function childElements(parent: Node, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (!isElement(n)) continue;
    if (ns !== undefined && n.namespaceURI !== ns) continue;
    if (local !== undefined && n.localName !== local) continue;
    out.push(n);
  }
  return out;
}

export function childElement(parent: Node, ns: string, local: string): Element | undefined {
  return childElements(parent, ns, local)[0];
}

/** Namespace-aware descendant search (never by prefix: prefixes are the sender's choice). */
export function descendants(root: Node, ns: string, local: string): Element[] {
  return allElements(root).filter((el) => el !== root && el.namespaceURI === ns && el.localName === local);
}

/** Every element in document order (for duplicate-ID checks). */
export function allElements(root: Node): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop() as Node;
    if (isElement(node)) out.push(node);
    const kids: Node[] = [];
    for (let n = node.firstChild; n; n = n.nextSibling) kids.push(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
  }
  return out;
}

/** The element's text content (text and CDATA of all descendants), trimmed. */
export function textOf(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return (el.textContent ?? '').trim();
}

export function attrOf(el: Element | undefined, name: string): string | undefined {
  if (!el || !el.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}

/**
 * True when a comment sits between pieces of the element's own text: `user@evil.com<!---->.good.com`.
 * Some SAML libraries read only the first text node and so see a different value than the signer
 * (the 2018 comment-injection class, CVE-2017-11427 and siblings); canonicalisation drops the
 * comment, so the signature still verifies.
 */
export function hasCommentInText(el: Element): boolean {
  let textBefore = false;
  let commentAfterText = false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === COMMENT_NODE) {
      if (textBefore) commentAfterText = true;
    } else if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) {
      if ((n.nodeValue ?? '').trim() === '') continue;
      if (commentAfterText) return true;
      textBefore = true;
    }
  }
  return false;
}

/** `xsi:type` local part ("SecurityTokenServiceType" of "fed:SecurityTokenServiceType"). */
export function xsiTypeOf(el: Element): string | undefined {
  const t = el.getAttributeNS(NS.xsi, 'type');
  return t ? t : undefined;
}
