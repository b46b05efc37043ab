import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import type { KeyLike } from 'node:crypto';
import { SignedXml, type CanonicalizationOrTransformationAlgorithm, type CanonicalizationOrTransformationAlgorithmProcessOptions, type HashAlgorithm, type SignatureAlgorithm } from 'xml-crypto';
import { ancestorNamespaces } from './ancestor-namespaces';
import { isElement } from './xml-names';

/**
 * XML-DSig core validation of one Signature on a document that is already parsed, with
 * xml-crypto's own algorithms (its canonicalizers, enveloped-signature transform, digests and
 * signature methods, taken from its default tables) but without the two costs of
 * `SignedXml.checkSignature(xml)`: parsing the whole document again for every signature, and an
 * XPath scan of the whole document per ID attribute name to resolve a Reference.
 *
 * The steps and their refusals are those of xml-crypto 6 (`loadSignature`, `checkSignature`,
 * `loadReference`, `validateReference`, `canonicalize`), in the same order and with the same
 * messages, so callers keep their verdicts:
 * - References are read from the canonical SignedInfo parsed again (what is signed is what is used).
 * - A same-document reference `#id` resolves by the attributes whose local name is `Id`, `ID` or
 *   `id` (any namespace), and more than one element carrying the value refuses the document
 *   (signature wrapping), counted exactly as xml-crypto counts it.
 * - Comments are dropped from a same-document reference (XML-DSig §4.4.3.3); transforms and
 *   algorithms outside xml-crypto's tables are refused.
 * The DOM is left as it was found (see `canonicalize`).
 *
 * @see https://www.w3.org/TR/xmldsig-core1/#sec-CoreValidation
 */

/** xml-crypto's algorithm tables, built on the first signature checked: decoding a JWT never loads xml-crypto. */
let tables: SignedXml | undefined;
const defaults = (): SignedXml => (tables ??= new SignedXml());
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ID_ATTRIBUTES = ['Id', 'ID', 'id'] as const;

/** One Reference as xml-crypto's `loadReference` models it. */
export interface LoadedReference {
  uri: string;
  transforms: string[];
  digestAlgorithm: string;
  digestValue: string;
  inclusiveNamespacesPrefixList: string[];
}

export interface PreparedSignature {
  /** The canonical SignedInfo: the octets SignatureValue signs. */
  signedInfo: string;
  signatureAlgorithm: string;
  signatureValue: string;
  /** Every reference, in order, its digest matched: the canonical XML and the element it resolved to. */
  references: Array<{ uri: string; canonicalXml: string; element: Element }>;
}

export type Prepared =
  | { ok: true; value: PreparedSignature }
  /** `message` is what xml-crypto would have said (its error, or the reference's validation error). */
  | { ok: false; message: string }
  /**
   * A transform after a canonicalization (octets parsed into a new document): rare, and handled
   * by xml-crypto's own `checkSignature` on the text rather than re-implemented here.
   */
  | { ok: false; octetTransform: true };

class OctetTransform extends Error {}

/**
 * Everything of core validation that does not depend on the key: SignedInfo canonicalized, each
 * Reference resolved in `signature.ownerDocument`, transformed and its digest compared. The
 * SignatureValue is then checked per key with `verifyPrepared`.
 */
export function prepareSignature(signature: Element): Prepared {
  try {
    return { ok: true, value: prepare(signature) };
  } catch (e) {
    if (e instanceof OctetTransform) return { ok: false, octetTransform: true };
    if (e instanceof ReferenceFailure) return { ok: false, message: e.message };
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Checks the SignatureValue over the canonical SignedInfo with one key (xml-crypto's signature method). */
export function verifyPrepared(prepared: PreparedSignature, key: KeyLike): boolean {
  const Algorithm = lookup(defaults().SignatureAlgorithms, prepared.signatureAlgorithm) as (new () => SignatureAlgorithm) | undefined;
  if (!Algorithm) throw new Error(`signature algorithm '${prepared.signatureAlgorithm}' is not supported`);
  return new Algorithm().verifySignature(prepared.signedInfo, key, prepared.signatureValue);
}

class ReferenceFailure extends Error {}

function prepare(signature: Element): PreparedSignature {
  const doc = signature.ownerDocument;
  if (!doc) throw new Error('No signature found.');
  // loadSignature: the first CanonicalizationMethod/@Algorithm and SignatureMethod/@Algorithm below the Signature.
  const c14nMethod = firstDescendant(signature, 'CanonicalizationMethod', (el) => el.hasAttribute('Algorithm'));
  if (!c14nMethod) throw new Error('could not find CanonicalizationMethod/@Algorithm element');
  const canonicalizationAlgorithm = c14nMethod.getAttribute('Algorithm') ?? '';
  const signatureAlgorithm = firstDescendant(signature, 'SignatureMethod', (el) => el.hasAttribute('Algorithm'))?.getAttribute('Algorithm') ?? undefined;
  const signedInfos = childrenByLocalName(signature, 'SignedInfo');
  if (signedInfos.length === 0) throw new Error('no signed info node found');
  if (signedInfos.length > 1) throw new Error('could not load signature that contains multiple SignedInfo nodes');
  const signedInfoEl = signedInfos[0] as Element;
  algorithmFor(canonicalizationAlgorithm);
  const signatureValue = signatureValueOf(signature);

  // checkSignature: canonical SignedInfo, parsed again, its References loaded.
  const signedInfo = canonicalize([canonicalizationAlgorithm], signedInfoEl, { ancestorNamespaces: ancestorNamespaces(signedInfoEl) }, false, signature);
  if (!signedInfo) throw new Error('Canonical signed info cannot be empty');
  const reparsed = new DOMParser().parseFromString(signedInfo, 'text/xml').documentElement;
  if (!reparsed) throw new Error('Could not parse unverifiedSignedInfoCanon into a document');
  const refNodes = childrenByLocalName(reparsed, 'Reference');
  if (refNodes.length === 0) throw new Error('could not find any Reference elements');
  const loaded = refNodes.map(loadReference);

  const references: PreparedSignature['references'] = [];
  for (const ref of loaded) {
    const resolved = resolveReference(doc, ref);
    const canonicalXml = canonicalize(ref.transforms, resolved.element, { inclusiveNamespacesPrefixList: ref.inclusiveNamespacesPrefixList, ancestorNamespaces: resolved.ancestors ? ancestorNamespaces(resolved.element) : [] }, ref.uri === '' || ref.uri.startsWith('#'), signature);
    const Hash = lookup(defaults().HashAlgorithms, ref.digestAlgorithm) as (new () => HashAlgorithm) | undefined;
    if (!Hash) throw new Error(`hash algorithm '${ref.digestAlgorithm}' is not supported`);
    const digest = new Hash().getHash(canonicalXml);
    if (!Buffer.from(digest, 'base64').equals(Buffer.from(ref.digestValue, 'base64'))) {
      throw new ReferenceFailure(`invalid signature: for uri ${ref.uri} calculated digest is ${digest} but the xml to validate supplies digest ${ref.digestValue}`);
    }
    references.push({ uri: ref.uri, canonicalXml, element: resolved.element });
  }
  if (signatureAlgorithm === undefined) throw new Error('signatureAlgorithm is required');
  if (!lookup(defaults().SignatureAlgorithms, signatureAlgorithm)) throw new Error(`signature algorithm '${signatureAlgorithm}' is not supported`);
  return { signedInfo, signatureAlgorithm, signatureValue, references };
}

/** xmldom's `toString()` of a node, as xml-crypto's messages quote it. */
function xmlOf(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

/** xml-crypto's `loadReference`, on a Reference of the re-parsed canonical SignedInfo. */
export function loadReference(refNode: Element): LoadedReference {
  const digestMethod = childrenByLocalName(refNode, 'DigestMethod')[0];
  if (!digestMethod) throw new Error(`could not find DigestMethod in reference ${xmlOf(refNode)}`);
  const digestAlgorithm = attributeByLocalName(digestMethod, 'Algorithm');
  if (digestAlgorithm === undefined) throw new Error(`could not find Algorithm attribute in node ${xmlOf(digestMethod)}`);
  const digestValues = childrenByLocalName(refNode, 'DigestValue');
  if (digestValues.length === 0) throw new Error(`could not find DigestValue node in reference ${xmlOf(refNode)}`);
  if (digestValues.length > 1) throw new Error(`could not load reference for a node that contains multiple DigestValue nodes: ${xmlOf(refNode)}`);
  const digestValue = digestValues[0]?.textContent ?? '';
  if (!digestValue) throw new Error(`could not find the value of DigestValue in ${xmlOf(refNode)}`);
  const transforms: string[] = [];
  let inclusiveNamespacesPrefixList: string[] = [];
  const transformsNode = childrenByLocalName(refNode, 'Transforms')[0];
  if (transformsNode) {
    const all = childrenByLocalName(transformsNode, 'Transform');
    for (const t of all) {
      const alg = attributeByLocalName(t, 'Algorithm');
      if (alg !== undefined) transforms.push(alg);
    }
    const last = all[all.length - 1];
    // xml-crypto reads the last Transform's children without checking there is one.
    if (!last) throw new TypeError("Cannot read properties of undefined (reading 'documentElement')");
    inclusiveNamespacesPrefixList = childrenByLocalName(last, 'InclusiveNamespaces')
      .flatMap((ns) => (ns.getAttribute('PrefixList') ?? '').split(' '))
      .filter((v) => v.length > 0);
  }
  // A node-set left at the end is converted to octets with inclusive C14N (XML-DSig §4.4.3.2).
  if (transforms.length === 0 || transforms[transforms.length - 1] === ENVELOPED) transforms.push(C14N);
  return { uri: refNode.getAttribute('URI') || '', transforms, digestAlgorithm, digestValue, inclusiveNamespacesPrefixList };
}

/**
 * Resolves a same-document Reference URI the way xml-crypto's `validateReference` does: `""` is
 * the document element; otherwise (a leading `#` dropped) the one element with an `Id`, `ID` or
 * `id` attribute (any namespace) of that value. Two or more refuse the document.
 */
export function resolveReference(doc: Document, ref: Pick<LoadedReference, 'uri'>): { element: Element; ancestors: boolean } {
  const uri = ref.uri.startsWith('#') ? ref.uri.slice(1) : ref.uri;
  if (uri === '') {
    const root = doc.documentElement;
    if (!root) throw new ReferenceFailure(`invalid signature: the signature references an element with uri ${ref.uri} but could not find such element in the xml`);
    return { element: root, ancestors: false };
  }
  if (uri.includes("'")) throw new Error('Cannot validate a uri with quotes inside it');
  const entry = idIndexOf(doc).get(uri);
  if (entry && entry.count > 1) {
    throw new Error('Cannot validate a document which contains multiple elements with the same value for the ID / Id / Id attributes, in order to prevent signature wrapping attack.');
  }
  if (!entry) throw new ReferenceFailure(`invalid signature: the signature references an element with uri ${ref.uri} but could not find such element in the xml`);
  return { element: entry.element, ancestors: true };
}

interface IdEntry {
  /** Elements matched, counted once per ID attribute name (as xml-crypto's three XPath queries add up). */
  count: number;
  element: Element;
}

interface DocIndex {
  ids: Map<string, IdEntry>;
  /** Every ds:Signature element, in document order. */
  signatures: Element[];
}

const DOC_INDEX = new WeakMap<Document, DocIndex>();
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

function idIndexOf(doc: Document): Map<string, IdEntry> {
  return docIndexOf(doc).ids;
}

/**
 * One walk of the document: every value of an `Id`/`ID`/`id` attribute (by local name, any
 * namespace) and every ds:Signature. Cached per document, which nothing here changes.
 */
function docIndexOf(doc: Document): DocIndex {
  const cached = DOC_INDEX.get(doc);
  if (cached) return cached;
  const index: DocIndex = { ids: new Map(), signatures: [] };
  const stack: Node[] = [];
  for (let n = doc.lastChild; n; n = n.previousSibling) stack.push(n);
  while (stack.length) {
    const node = stack.pop() as Node;
    if (!isElement(node)) continue;
    if (node.localName === 'Signature' && node.namespaceURI === DSIG) index.signatures.push(node);
    const attrs = node.attributes;
    for (const name of ID_ATTRIBUTES) {
      // `@*[local-name(.)=name]=uri`: the element matches once per distinct value among such attributes.
      const values = new Set<string>();
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs.item(i);
        if (a && (a.localName ?? a.nodeName) === name) values.add(a.value);
      }
      for (const v of values) {
        const e = index.ids.get(v);
        if (e) e.count++;
        else index.ids.set(v, { count: 1, element: node });
      }
    }
    for (let n = node.lastChild; n; n = n.previousSibling) stack.push(n);
  }
  DOC_INDEX.set(doc, index);
  return index;
}

/**
 * xml-crypto found the Signature it verifies in its own parse of the document by its
 * SignatureValue, and refuses a document where another ds:Signature carries the same value (a
 * copied signature, as wrapping attacks plant). The DOM needs no such search, but the refusal is
 * kept. Values are compared without white space, as they were after `normalizeSignatureBase64`.
 */
function refuseCopiedSignature(signature: Element): void {
  const valueOf = (sig: Element) => (childrenByLocalName(sig, 'SignatureValue')[0]?.textContent ?? '').replace(/\s+/g, '');
  const own = valueOf(signature);
  const doc = signature.ownerDocument;
  if (!own || !doc) return;
  const same = docIndexOf(doc).signatures.filter((s) => valueOf(s) === own);
  if (same.length > 1) throw new Error('Cannot validate a document which contains multiple Signature elements with the same SignatureValue, in order to prevent signature wrapping attack.');
}

/**
 * xml-crypto's `canonicalize`: a deep clone of `node`, the loaded Signature located in the clone
 * for the enveloped transform, comments removed for a same-document reference, each transform
 * applied, and a node-set left at the end put through inclusive C14N.
 *
 * Cloning a whole assertion costs as much as parsing it, so where nothing in the transforms can
 * write to the tree, the same result comes from the document itself: the enveloped Signature and
 * the comments are taken out, the canonicalizer runs, and every node is put back where it was
 * (also when a canonicalizer throws). Exclusive C14N writes namespace declarations onto the
 * element when its InclusiveNamespaces prefix list names an ancestor's prefix; then the clone is
 * used as before.
 */
function canonicalize(transforms: string[], node: Element, options: CanonicalizationOrTransformationAlgorithmProcessOptions, discardComments: boolean, signature: Element): string {
  const opts: CanonicalizationOrTransformationAlgorithmProcessOptions = { ...options, defaultNsForPrefix: SignedXml.defaultNsForPrefix, signatureNode: signature as never };
  const enveloped = transforms.includes(ENVELOPED);
  if (enveloped) refuseCopiedSignature(signature);
  if (canWriteToTree(node, options)) return canonicalizeClone(transforms, node, opts, discardComments, signature, enveloped);
  const removed: Array<{ node: Node; parent: Node; next: Node | null }> = [];
  const take = (n: Node) => {
    const parent = n.parentNode;
    if (!parent) return;
    removed.push({ node: n, parent, next: n.nextSibling });
    parent.removeChild(n);
  };
  try {
    if (enveloped && isDescendant(signature, node)) take(signature);
    if (discardComments) for (const c of commentsBelow(node)) take(c);
    return runTransforms(transforms, node, opts);
  } finally {
    for (let i = removed.length - 1; i >= 0; i--) {
      const r = removed[i] as (typeof removed)[number];
      r.parent.insertBefore(r.node, r.next);
    }
  }
}

function canonicalizeClone(transforms: string[], node: Element, opts: CanonicalizationOrTransformationAlgorithmProcessOptions, discardComments: boolean, signature: Element, enveloped: boolean): string {
  const clone = node.cloneNode(true) as Element;
  if (enveloped) {
    const path: number[] = [];
    let at: Node = signature;
    while (at.parentNode && at !== node) {
      path.push(indexInParent(at));
      at = at.parentNode;
    }
    if (at === node) opts.signatureNode = path.reverse().reduce((c: Node, i) => c.childNodes.item(i) as Node, clone) as never;
  }
  if (discardComments) for (const c of commentsBelow(clone)) c.parentNode?.removeChild(c);
  return runTransforms(transforms, clone, opts);
}

function runTransforms(transforms: string[], node: Element, opts: CanonicalizationOrTransformationAlgorithmProcessOptions): string {
  let out: unknown = node;
  for (const name of transforms) {
    if (typeof out === 'string') throw new OctetTransform();
    out = algorithmFor(name).process(out as never, opts);
  }
  if (typeof out !== 'string') out = algorithmFor(C14N).process(out as never, opts);
  return String(out);
}

/**
 * Exclusive C14N adds `xmlns:p` attributes to the element it is given for each prefix of its
 * InclusiveNamespaces list that an ancestor declares. The list comes from the Reference, or else
 * from a CanonicalizationMethod child of the element itself (SignedInfo has one); this is the same
 * lookup, so the clone is taken exactly when a write would happen.
 */
function canWriteToTree(node: Element, options: CanonicalizationOrTransformationAlgorithmProcessOptions): boolean {
  let list = options.inclusiveNamespacesPrefixList ?? [];
  if (list.length === 0) {
    const method = childrenByLocalName(node, 'CanonicalizationMethod')[0];
    const inclusive = method ? childrenByLocalName(method, 'InclusiveNamespaces')[0] : undefined;
    if (inclusive) list = (inclusive.getAttribute('PrefixList') || '').split(' ');
  }
  const ancestors = options.ancestorNamespaces ?? [];
  return list.some((prefix) => ancestors.some((a) => a.prefix === prefix));
}

function isDescendant(node: Node, ancestor: Node): boolean {
  for (let p = node.parentNode; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}

function algorithmFor(name: string): CanonicalizationOrTransformationAlgorithm {
  const Algorithm = lookup(defaults().CanonicalizationAlgorithms, name) as (new () => CanonicalizationOrTransformationAlgorithm) | undefined;
  if (!Algorithm) throw new Error(`canonicalization algorithm '${name}' is not supported`);
  return new Algorithm();
}

/** A table entry by an untrusted name: own properties only ("constructor" is not an algorithm). */
function lookup(table: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(table, name) ? (table as Record<string, unknown>)[name] : undefined;
}

function indexInParent(node: Node): number {
  let i = 0;
  for (let n = node.previousSibling; n; n = n.previousSibling) i++;
  return i;
}

/** Every comment below `root` (XPath `.//comment()`). */
function commentsBelow(root: Node): Node[] {
  const comments: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop() as Node;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 8) comments.push(c);
      else stack.push(c);
    }
  }
  return comments;
}

/** XPath `.//*[local-name(.)='SignatureValue']/text()`, first in document order; only a text node counts. */
function signatureValueOf(signature: Element): string {
  let found: Node | undefined;
  firstDescendant(signature, 'SignatureValue', (el) => {
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) {
        found = c;
        return true;
      }
    }
    return false;
  });
  return found && found.nodeType === 3 ? (found.nodeValue ?? '').replace(/\r?\n/g, '') : '';
}

/** The first element below `root` (document order) with this local name that satisfies `accept`. */
function firstDescendant(root: Element, localName: string, accept: (el: Element) => boolean): Element | undefined {
  const stack: Node[] = [];
  for (let n = root.lastChild; n; n = n.previousSibling) stack.push(n);
  while (stack.length) {
    const node = stack.pop() as Node;
    if (!isElement(node)) continue;
    if (node.localName === localName && accept(node)) return node;
    for (let n = node.lastChild; n; n = n.previousSibling) stack.push(n);
  }
  return undefined;
}

/** Direct child elements by local name in any namespace (xml-crypto's `findChildren`). */
function childrenByLocalName(parent: Node, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (isElement(n) && n.localName === localName) out.push(n);
  return out;
}

/** The first attribute with this local name in any namespace (xml-crypto's `findAttr` without a namespace). */
function attributeByLocalName(el: Element, localName: string): string | undefined {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a && a.localName === localName) return a.value;
  }
  return undefined;
}
