import type { Document, Element, Node } from '@xmldom/xmldom';
import type { InspectOptions } from '../inspect-options';
import { nearMiss } from '../jwt/inspect-jwt';
import { LIMITS } from '../limits';
import { finding, type ArtifactKind, type Finding, type InspectReport, type SignatureReport } from '../result';
import { formatDuration } from '../time';
import { checkAssertion } from './check-conditions';
import { decryptAssertion, encryptionInfoOf, WEAK_ENCRYPTION, withEnclosingNamespaces } from './decrypt-assertion';
import { parseXml } from './parse-xml';
import { prettyXml } from './pretty-xml';
import { readAssertion, readNameId, readStatus, timeAttr } from './read-saml';
import type { RedirectSignature, SamlCandidate } from './recognize-saml';
import { checkRedirectSignature } from './redirect-signature';
import type { AssertionView, SamlMessageData, SamlMessageType, SignatureView } from './saml-data';
import { checkEnvelopedSignature, SHA1_ALGORITHMS, signatureAlgorithmsOf, type SignatureCheck } from './verify-signature';
import { allElements, attrOf, childElement, childElements, descendants, hasCommentInText, NS, textOf } from './xml-names';
import { createHash } from 'node:crypto';

export const KIND_OF_MESSAGE: Record<SamlMessageType, ArtifactKind> = {
  Response: 'saml-response',
  Assertion: 'saml-response',
  AuthnRequest: 'saml-authn-request',
  LogoutRequest: 'saml-logout-request',
  LogoutResponse: 'saml-logout-response',
};

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/**
 * Decodes, verifies and checks one SAML protocol message (Response, AuthnRequest, LogoutRequest,
 * LogoutResponse, or a bare Assertion). Values are read from signed content wherever a valid
 * signature exists; everything else is reported as received and marked unsigned.
 */
export async function inspectSamlMessage(doc: Document, xmlText: string, type: SamlMessageType, candidate: SamlCandidate, options: InspectOptions): Promise<InspectReport<SamlMessageData>> {
  const root = doc.documentElement as Element;
  const findings: Finding[] = [];
  const signatures: Array<SignatureView & { check?: SignatureCheck }> = [];
  const algorithms: string[] = [];
  const wrapping = structuralProblems(doc, root, type);
  findings.push(...commentInjection(doc, 'in the message'));

  // --- the message's own signature (enveloped in the root) ---------------------------------
  let envelope: Element = root;
  let envelopeSigned = false;
  const ownLocation: SignatureView['location'] = type === 'Response' ? 'response' : type === 'Assertion' ? 'assertion' : 'request';
  const rootSig = childElement(root, NS.dsig, 'Signature');
  if (rootSig) {
    algorithms.push(...signatureAlgorithmsOf(rootSig));
    const check = checkEnvelopedSignature(xmlText, rootSig, root, options.trust);
    signatures.push(viewOf(ownLocation, check));
    if (check.outcome === 'valid' && check.signedXml) {
      const signed = signedContent(check);
      if (signed) {
        envelope = signed;
        envelopeSigned = true;
      }
    }
  }
  if (candidate.redirectSignature) {
    algorithms.push(candidate.redirectSignature.sigAlg);
    const rc = checkRedirectSignature(candidate.redirectSignature, options.trust);
    signatures.push({ location: 'query-string', outcome: rc.outcome, algorithm: candidate.redirectSignature.sigAlg, digestAlgorithms: [], detail: rc.detail });
    if (rc.outcome === 'valid') envelopeSigned = true;
  }

  const data: SamlMessageData = {
    message: type,
    encoding: candidate.encoding,
    carrier: candidate.carrier,
    ...(candidate.relayState !== undefined ? { relayState: candidate.relayState } : {}),
    assertions: [],
    signatures: [],
    evaluatedAt: options.now.toISOString(),
    xml: '',
  };
  lazyProperty(data, 'xml', () => prettyXml(doc));
  if (type !== 'Assertion') readEnvelope(envelope, type, data, findings, options);

  // --- the assertion (Response, or a bare Assertion) -------------------------------------------
  let assertionPresent = false;
  let assertionCovered = false;
  let encryptedUnread = false;
  let decryptFailed = false;
  if (type === 'Response' || type === 'Assertion') {
    let assertionEl: Element | undefined = type === 'Assertion' ? envelope : childElements(envelope, NS.assertion, 'Assertion')[0];
    let assertionDocXml = xmlText;
    let source: AssertionView['source'] = envelopeSigned ? 'signed-content' : 'document';
    let encrypted = false;
    const enc = type === 'Response' ? childElements(envelope, NS.assertion, 'EncryptedAssertion')[0] : undefined;
    if (!assertionEl && enc) {
      encrypted = true;
      const info = encryptionInfoOf(enc);
      data.encryptedAssertion = { ...info, decrypted: false };
      for (const alg of [info.dataAlgorithm, info.keyTransportAlgorithm]) {
        const why = alg ? WEAK_ENCRYPTION.get(alg) : undefined;
        if (why) findings.push(finding('saml.weak-encryption', alg?.endsWith('-cbc') && !alg.includes('tripledes') ? 'info' : 'warning', why));
      }
      if (options.decryptionKeys.length === 0) {
        encryptedUnread = true;
        findings.push(finding('saml.encrypted-assertion', 'info', 'the assertion is encrypted (EncryptedAssertion); give the SP private key (--decrypt-key) to read and verify it'));
      } else {
        const r = await decryptAssertion(enc, options.decryptionKeys);
        if (!r.ok) {
          encryptedUnread = true;
          decryptFailed = true;
          findings.push(finding('saml.decrypt-failed', 'error', `the EncryptedAssertion could not be decrypted, so the assertion was neither read nor verified: ${r.error}`));
        } else {
          let plaintext = r.xml;
          let parsed = parseXml(plaintext, { malformedId: 'saml.malformed', maxBytes: LIMITS.maxSamlMessageBytes });
          if (!parsed.ok && parsed.error.id === 'saml.malformed') {
            // A prefix declared only on the enclosing Response: read it in that context (issue 15, class 1).
            const inContext = withEnclosingNamespaces(plaintext, enc);
            const again = inContext === undefined ? undefined : parseXml(inContext, { malformedId: 'saml.malformed', maxBytes: LIMITS.maxSamlMessageBytes });
            if (inContext !== undefined && again?.ok) {
              plaintext = inContext;
              parsed = again;
            }
          }
          const el = parsed.ok ? parsed.value.documentElement : undefined;
          if (!parsed.ok || !el || el.namespaceURI !== NS.assertion || el.localName !== 'Assertion') {
            encryptedUnread = true;
            decryptFailed = true;
            findings.push(finding('saml.decrypt-failed', 'error', `the EncryptedAssertion decrypted to something that is not a SAML Assertion${parsed.ok ? '' : ` (${parsed.error.message})`}`));
          } else {
            data.encryptedAssertion.decrypted = true;
            const decryptedDoc = parsed.value;
            lazyProperty(data, 'decryptedXml', () => prettyXml(decryptedDoc));
            findings.push(...commentInjection(parsed.value, 'in the decrypted assertion'));
            wrapping.push(...structuralProblems(parsed.value, el, 'Assertion'));
            assertionEl = el;
            assertionDocXml = plaintext;
            if (!envelopeSigned) source = 'decrypted';
          }
        }
      }
    }
    if (assertionEl) {
      assertionPresent = true;
      assertionCovered = envelopeSigned;
      let reportEl = assertionEl;
      const aSig = type === 'Assertion' ? undefined : childElement(assertionEl, NS.dsig, 'Signature');
      if (aSig) {
        algorithms.push(...signatureAlgorithmsOf(aSig));
        const check = checkEnvelopedSignature(assertionDocXml, aSig, assertionEl, options.trust);
        signatures.push(viewOf('assertion', check));
        if (check.outcome === 'valid' && check.signedXml) {
          const signed = signedContent(check);
          if (signed) {
            reportEl = signed;
            assertionCovered = true;
            source = 'signed-content';
          }
        }
      }
      if (type === 'Assertion' && envelopeSigned) assertionCovered = true;
      const view = readAssertion(reportEl, options.now, { signed: assertionCovered && wrapping.length === 0, source, encrypted });
      data.assertions.push(view);
      findings.push(...checkAssertion(view, options));
    }
  }

  // --- verdict -------------------------------------------------------------------------------
  data.signatures = signatures.map(({ check, ...v }) => (void check, v));
  const signature = verdict(type, signatures, wrapping, { assertionPresent, assertionCovered, encryptedUnread, decryptFailed }, findings);
  const weak = [...new Set(algorithms.filter((a) => SHA1_ALGORITHMS.has(a)))];
  if (weak.length) findings.push(finding('saml.weak-algorithm', 'warning', `the signature uses SHA-1 (${weak.join(', ')}); SHA-1 is deprecated for signatures (RFC 6931 §2.1.1) — ask the IdP to sign with RSA-SHA256`));
  return { kind: KIND_OF_MESSAGE[type], signature, findings: order(findings), data };
}

/**
 * The signed element to read values from. The digest covered this very element of the parsed
 * document (resolved by its ID there), so it is read in place rather than parsing the canonical XML
 * again. Exception: xml-crypto's canonicalizers render a processing instruction as text, so inside
 * signed content one would make the DOM read differently from what was digested; then the
 * canonical XML is parsed and read, as before.
 */
function signedContent(check: SignatureCheck): Element | undefined {
  if (check.signedElement && onlyPlainNodes(check.signedElement)) return check.signedElement;
  if (check.signedXml === undefined) return undefined;
  const signed = parseXml(check.signedXml, { malformedId: 'saml.malformed', maxBytes: LIMITS.maxSamlMessageBytes });
  return signed.ok && signed.value.documentElement ? signed.value.documentElement : undefined;
}

/** Elements, text, CDATA and comments only (what canonical XML round-trips to the same reading). */
function onlyPlainNodes(root: Element): boolean {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop() as Node;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      const t = c.nodeType;
      if (t === 1) stack.push(c);
      else if (t !== 3 && t !== 4 && t !== 8) return false;
    }
  }
  return true;
}

/** A report field computed on first read (pretty XML is only needed when a view or the JSON shows it). */
function lazyProperty<K extends 'xml' | 'decryptedXml'>(data: SamlMessageData, key: K, compute: () => string): void {
  Object.defineProperty(data, key, {
    enumerable: true,
    configurable: true,
    get(): string {
      const value = compute();
      Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: string): void {
      Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

function readEnvelope(envelope: Element, type: SamlMessageType, data: SamlMessageData, findings: Finding[], options: InspectOptions): void {
  const now = options.now;
  for (const [k, attr] of [['id', 'ID'], ['version', 'Version'], ['destination', 'Destination'], ['inResponseTo', 'InResponseTo']] as const) {
    const v = attrOf(envelope, attr);
    if (v !== undefined) data[k] = v;
  }
  const issueInstant = timeAttr(envelope, 'IssueInstant', now);
  if (issueInstant) data.issueInstant = issueInstant;
  const issuer = textOf(childElement(envelope, NS.assertion, 'Issuer'));
  if (issuer !== undefined) data.issuer = issuer;

  if (issueInstant && Number.isFinite(issueInstant.epochSeconds)) {
    const ago = Math.round(now.getTime() / 1000 - issueInstant.epochSeconds);
    data.clockSkew = { issuedSecondsAgo: ago, description: ago >= 0 ? `issued ${formatDuration(ago * 1000)} ago` : `dated ${formatDuration(-ago * 1000)} in the future` };
    if (-ago > options.clockSkewSeconds) {
      findings.push(finding('saml.clock-skew', 'warning', `IssueInstant ${issueInstant.utc} is ${formatDuration(-ago * 1000)} in the future: the IdP's clock and this clock differ by more than the ${options.clockSkewSeconds} s allowed`));
    }
  }

  if (type === 'Response' || type === 'LogoutResponse') {
    const status = readStatus(envelope);
    if (status) {
      data.status = status;
      if (status.code !== undefined && status.code !== SUCCESS) {
        const short = (u: string) => u.replace('urn:oasis:names:tc:SAML:2.0:status:', '');
        const codes = [status.code, ...status.subCodes].map(short).join(' / ');
        const aad = status.aadsts ? ` — ${status.aadsts.code}${status.aadsts.meaning ? `: ${status.aadsts.meaning}` : ''}` : '';
        findings.push(finding('saml.status-error', 'error', `the IdP answered ${codes}${status.message ? `: "${status.message.slice(0, 300)}"` : ''}${aad}`));
      }
    } else if (type === 'Response') {
      findings.push(finding('saml.malformed', 'error', 'the Response has no Status (SAML core §3.2.2 requires one)'));
    }
  }
  const expectedRecipient = options.expected.recipient;
  if (type === 'Response' && expectedRecipient !== undefined && data.destination !== undefined && data.destination !== expectedRecipient) {
    findings.push(finding('saml.recipient-mismatch', 'error', `Destination is ${JSON.stringify(data.destination)}, expected ${JSON.stringify(expectedRecipient)} (the ACS / reply URL)${nearMiss([data.destination], expectedRecipient)}`));
  }
  const expectedIssuer = options.expected.issuer;
  if ((type === 'Response' || type === 'LogoutResponse') && expectedIssuer !== undefined && issuer !== undefined && issuer !== expectedIssuer) {
    findings.push(finding('saml.issuer-mismatch', 'error', `the Response Issuer is ${JSON.stringify(issuer)}, expected ${JSON.stringify(expectedIssuer)}${nearMiss([issuer], expectedIssuer)}`));
  }
  if (type === 'AuthnRequest') {
    const policy = childElement(envelope, NS.protocol, 'NameIDPolicy');
    const rac = childElement(envelope, NS.protocol, 'RequestedAuthnContext');
    const req: NonNullable<SamlMessageData['authnRequest']> = {
      requestedAuthnContext: rac ? childElements(rac, NS.assertion, 'AuthnContextClassRef').map((e) => textOf(e) ?? '') : [],
    };
    const set = (k: Exclude<keyof typeof req, 'requestedAuthnContext'>, v: string | undefined) => {
      if (v !== undefined) req[k] = v;
    };
    set('assertionConsumerServiceUrl', attrOf(envelope, 'AssertionConsumerServiceURL'));
    set('assertionConsumerServiceIndex', attrOf(envelope, 'AssertionConsumerServiceIndex'));
    set('protocolBinding', attrOf(envelope, 'ProtocolBinding'));
    set('forceAuthn', attrOf(envelope, 'ForceAuthn'));
    set('isPassive', attrOf(envelope, 'IsPassive'));
    set('providerName', attrOf(envelope, 'ProviderName'));
    set('nameIdPolicyFormat', attrOf(policy, 'Format'));
    set('allowCreate', attrOf(policy, 'AllowCreate'));
    set('requestedAuthnContextComparison', attrOf(rac, 'Comparison'));
    data.authnRequest = req;
    if (expectedRecipient !== undefined && req.assertionConsumerServiceUrl !== undefined && req.assertionConsumerServiceUrl !== expectedRecipient) {
      findings.push(finding('saml.recipient-mismatch', 'error', `AssertionConsumerServiceURL is ${JSON.stringify(req.assertionConsumerServiceUrl)}, expected ${JSON.stringify(expectedRecipient)}; Entra answers AADSTS50011 when it is not a registered Reply URL${nearMiss([req.assertionConsumerServiceUrl], expectedRecipient)}`));
    }
    const expectedAudience = options.expected.audience;
    if (expectedAudience !== undefined && issuer !== undefined && issuer !== expectedAudience) {
      findings.push(finding('saml.issuer-mismatch', 'error', `the request Issuer (the SP entity ID) is ${JSON.stringify(issuer)}, expected ${JSON.stringify(expectedAudience)}; Entra answers AADSTS700016 when no app has this identifier${nearMiss([issuer], expectedAudience)}`));
    }
  }
  if (type === 'LogoutRequest') {
    const lr: NonNullable<SamlMessageData['logoutRequest']> = { sessionIndexes: childElements(envelope, NS.protocol, 'SessionIndex').map((e) => textOf(e) ?? '') };
    const nameId = readNameId(childElement(envelope, NS.assertion, 'NameID'));
    if (nameId) lr.nameId = nameId;
    const reason = attrOf(envelope, 'Reason');
    if (reason) lr.reason = reason;
    const noa = timeAttr(envelope, 'NotOnOrAfter', now);
    if (noa) lr.notOnOrAfter = noa;
    data.logoutRequest = lr;
  }
}

/**
 * Signature-wrapping defences that do not depend on the crypto: one assertion, directly in the
 * Response, and no ID twice (XSW1–8, Somorovsky et al., "On Breaking SAML", USENIX Security 2012).
 */
function structuralProblems(doc: Document, root: Element, type: SamlMessageType): string[] {
  const problems: string[] = [];
  if (type === 'Response' || type === 'Assertion') {
    // Assertions inside <saml:Advice> are evidence the IdP attaches (SAML core §2.6.1), not the one read.
    const all = descendants(doc, NS.assertion, 'Assertion');
    const advice = all.filter((a) => insideAdvice(a));
    const assertions = all.filter((a) => !advice.includes(a));
    const encrypted = descendants(doc, NS.assertion, 'EncryptedAssertion').filter((a) => !insideAdvice(a));
    const n = assertions.length + encrypted.length;
    if (n > 1) problems.push(`the message holds ${n} assertions; a Response must carry exactly one, or the signed one and the one read can differ`);
    for (const a of [...assertions, ...encrypted]) {
      const parent = a.parentNode as Element | null;
      if (a !== root && parent !== root) problems.push(`an ${a.localName} sits inside <${parent?.nodeName ?? '?'}> rather than directly in the ${root.localName}`);
    }
    problems.push(...adviceReadInstead(advice, [...assertions, ...encrypted]));
  }
  const seen = new Map<string, number>();
  for (const el of allElements(doc)) {
    for (const name of ['ID', 'Id', 'id']) {
      const v = el.getAttribute(name);
      if (el.hasAttribute(name) && v !== null) seen.set(v, (seen.get(v) ?? 0) + 1);
    }
  }
  for (const [id, count] of seen) if (count > 1) problems.push(`${count} elements carry the ID "${id}"`);
  return [...new Set(problems)];
}

function insideAdvice(el: Element): boolean {
  for (let p = el.parentNode as Element | null; p && p.nodeType === 1; p = p.parentNode as Element | null) {
    if (p.namespaceURI === NS.assertion && p.localName === 'Advice') return true;
  }
  return false;
}

/**
 * An Advice assertion is flagged only where an SP could read it in place of the real one: there is
 * no real assertion, or the real one has no Subject and the Advice one does (a reader taking the
 * first Subject / NameID in document order gets the Advice one's).
 */
function adviceReadInstead(advice: Element[], real: Element[]): string[] {
  if (advice.length === 0) return [];
  const subjectOf = (a: Element) => childElement(a, NS.assertion, 'Subject');
  const [outer] = real;
  if (!outer) return [`the only assertion sits inside <saml:Advice>, where an SP that searches for any Assertion would read it as the real one`];
  if (outer.localName === 'Assertion' && !subjectOf(outer) && advice.some((a) => subjectOf(a))) {
    return ['the assertion has no Subject but an assertion inside its <saml:Advice> has one: an SP that reads the first Subject in the document would take the Advice assertion\'s subject as the user'];
  }
  return [];
}

function commentInjection(doc: Document, where: string): Finding[] {
  const out: Finding[] = [];
  for (const el of [...descendants(doc, NS.assertion, 'NameID'), ...descendants(doc, NS.assertion, 'AttributeValue')]) {
    if (!hasCommentInText(el)) continue;
    const full = (el.textContent ?? '').trim();
    let first = '';
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && (n.nodeValue ?? '').trim()) {
        first = (n.nodeValue ?? '').trim();
        break;
      }
    }
    out.push(
      finding(
        'saml.xml-comment-in-value',
        'error',
        `a comment splits the ${el.localName} value ${where}: the signed value is ${JSON.stringify(full)}, but a parser that reads only the first text node sees ${JSON.stringify(first)} (comment injection, CVE-2017-11427 class)`,
      ),
    );
  }
  return out;
}

function viewOf(location: SignatureView['location'], check: SignatureCheck): SignatureView & { check: SignatureCheck } {
  return {
    location,
    outcome: check.outcome,
    ...(check.signatureAlgorithm ? { algorithm: check.signatureAlgorithm } : {}),
    digestAlgorithms: check.digestAlgorithms,
    ...(check.referenceUri !== undefined ? { referenceUri: check.referenceUri } : {}),
    detail: check.detail,
    check,
  };
}

function verdict(
  type: SamlMessageType,
  signatures: Array<SignatureView & { check?: SignatureCheck }>,
  wrapping: string[],
  state: { assertionPresent: boolean; assertionCovered: boolean; encryptedUnread: boolean; decryptFailed?: boolean },
  findings: Finding[],
): SignatureReport {
  const first = signatures[0];
  const report = (status: SignatureReport['status'], detail: string, extra: Partial<SignatureReport> = {}): SignatureReport => ({
    status,
    ...(first?.algorithm ? { algorithm: first.algorithm } : {}),
    ...extra,
    detail,
  });
  const wholeDocument = signatures.filter((s) => s.outcome === 'wrong-reference' && s.referenceUri === '');
  const wrapped = signatures.filter((s) => (s.outcome === 'wrong-reference' && s.referenceUri !== '') || s.outcome === 'duplicate-id');
  if (!wrapping.length && !wrapped.length && wholeDocument.length) {
    for (const s of wholeDocument) findings.push(finding('saml.signature-invalid', 'error', `the ${where(s.location)} signature is not a SAML signature: ${s.detail}`));
    return report('invalid', wholeDocument[0]?.detail ?? '');
  }
  const alsoWhole = wholeDocument.map((s) => s.detail);
  if (wrapping.length || wrapped.length) {
    // The XML library's own duplicate-ID error says again what the structural check already said, in its words.
    const saidDuplicate = wrapping.some((w) => /carry the ID/.test(w));
    const reasons = [...new Set([...wrapping, ...wrapped.filter((s) => !(saidDuplicate && s.outcome === 'duplicate-id')).map((s) => s.detail), ...alsoWhole])];
    findings.push(finding('saml.signature-wrapping', 'error', `signature wrapping: ${reasons.join('; ')}. Nothing in this message can be trusted`));
    return report('invalid', 'the structure lets the signed element and the element read differ (signature wrapping)');
  }
  const invalid = signatures.filter((s) => s.outcome === 'invalid');
  const untrusted = signatures.filter((s) => s.outcome === 'untrusted');
  for (const s of invalid) findings.push(finding('saml.signature-invalid', 'error', `the ${where(s.location)} signature does not verify: ${s.detail}`));
  for (const s of untrusted) findings.push(finding('saml.untrusted-certificate', 'error', `the ${where(s.location)} signature ${s.detail.replace(/^the signature /, '')}; add the IdP's signing certificate (--key) if it really is theirs`));
  if (invalid.length || untrusted.length) return report('invalid', (invalid[0] ?? untrusted[0])?.detail ?? '');
  const valid = signatures.filter((s) => s.outcome === 'valid');
  if (state.decryptFailed) {
    // A valid Response signature says nothing about an assertion nobody could read (issue 15, class 1).
    const response = valid.length ? `; the ${valid.map((s) => where(s.location)).join(' and ')} signature itself verifies` : '';
    return report('not-checked', `the EncryptedAssertion could not be decrypted, so the assertion was neither read nor verified${response}`);
  }
  if (valid.length) {
    if (state.assertionPresent && !state.assertionCovered) {
      findings.push(finding('saml.unsigned', 'error', 'a valid signature covers the message, but not its assertion'));
      return report('invalid', 'the assertion is not covered by the valid signature');
    }
    const signedElements = [...new Set(valid.map((s) => (s.location === 'query-string' ? (type === 'Response' ? 'response' : 'request') : s.location)))];
    const cert = valid.find((s) => s.check?.key?.certificate)?.check?.key?.certificate;
    const keyId = cert ? createHash('sha1').update(cert.raw).digest('hex').toUpperCase() : valid[0]?.check?.key?.kid;
    return report('valid', valid.map((s) => `${where(s.location)}: ${s.detail}`).join('; '), { signedElements, ...(keyId ? { keyId } : {}) });
  }
  const notChecked = signatures.filter((s) => s.outcome === 'not-checked');
  if (notChecked.length) {
    findings.push(finding('saml.signature-not-checked', 'warning', `the message is signed, but the signature was not checked: ${notChecked[0]?.detail ?? ''}`));
    return report('not-checked', notChecked[0]?.detail ?? '');
  }
  if (state.encryptedUnread) return report('not-checked', 'the assertion is encrypted; any signature inside it cannot be seen without the decryption key');
  if (type === 'Response' && state.assertionPresent) {
    findings.push(finding('saml.unsigned', 'error', 'neither the Response nor its assertion is signed: anyone could have written it (Entra signs the assertion by default)'));
  }
  return report('unsigned', 'no signature');
}

function where(location: SignatureView['location']): string {
  switch (location) {
    case 'query-string':
      return 'HTTP-Redirect query-string';
    default:
      return location;
  }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
function order(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export type { RedirectSignature };
