import type { Element, Node } from '@xmldom/xmldom';
import { isElement } from './xml-names';

/** A namespace declaration in scope above an element, as xml-crypto's canonicalizers take them. */
export interface AncestorNamespace {
  prefix: string;
  namespaceURI: string;
}

/**
 * The namespace declarations of an element's ancestors that canonicalizing the element alone must
 * carry (its `ancestorNamespaces` option): the nearest declaration of each prefix, without
 * undeclarations (`xmlns=""` has done its work by shadowing) and without the prefixes the element
 * declares itself or is named with (C14N renders those on it already).
 *
 * The same result as xml-crypto 6's `findAncestorNsForElement` (lib/utils.js, not part of its public
 * exports), written here over the DOM so the core neither reaches into xml-crypto's internals nor loads
 * its XPath engine before a signature is checked. `test/unit/decoders/saml/ancestor-namespaces.test.ts`
 * compares the two on real responses.
 *
 * @see https://www.w3.org/TR/1999/REC-xpath-19991116/#namespace-nodes
 * @see https://www.w3.org/TR/2001/REC-xml-c14n-20010315#ProcessingModel
 */
export function ancestorNamespaces(element: Element): AncestorNamespace[] {
  const nearest = new Map<string, string>();
  for (let parent: Node | null = element.parentNode; parent && isElement(parent); parent = parent.parentNode) {
    const attributes = parent.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes.item(i);
      if (!attr?.nodeName || !/^xmlns:?/.test(attr.nodeName)) continue;
      const prefix = attr.nodeName.replace(/^xmlns:?/, '');
      if (!nearest.has(prefix)) nearest.set(prefix, attr.nodeValue || '');
    }
  }
  const own = new Set<string>([element.prefix || '']);
  for (let i = 0; i < element.attributes.length; i++) {
    const name = element.attributes.item(i)?.nodeName ?? '';
    if (name === 'xmlns' || name.startsWith('xmlns:')) own.add(name.replace(/^xmlns:?/, ''));
  }
  const out: AncestorNamespace[] = [];
  for (const [prefix, namespaceURI] of nearest) if (namespaceURI !== '' && !own.has(prefix)) out.push({ prefix, namespaceURI });
  return out;
}
