import type { Element } from '@xmldom/xmldom';
import { describeInstant, parseInstant } from '../time';
import { AUTHN_CONTEXTS, labelOfAttribute, NAMEID_FORMATS } from './attribute-labels';
import type { AssertionView, AttributeView, AuthnStatementView, NameIdView, StatusView, SubjectConfirmationView, TimeView } from './saml-data';
import { explainAadsts, STATUS_CODES } from './status-codes';
import { attrOf, childElement, childElements, NS, textOf } from './xml-names';
import { ownEntry } from '../own-entry';

/** An XML dateTime attribute as a TimeView (undefined when absent or not a dateTime). */
export function timeAttr(el: Element | undefined, name: string, now: Date): TimeView | undefined {
  const raw = attrOf(el, name);
  if (raw === undefined) return undefined;
  const d = parseInstant(raw);
  if (!d) return { raw, epochSeconds: Number.NaN, utc: 'not an xs:dateTime', relative: 'unknown' };
  return { raw, ...describeInstant(d.getTime() / 1000, now) };
}

export function readNameId(el: Element | undefined): NameIdView | undefined {
  if (!el) return undefined;
  const format = attrOf(el, 'Format');
  const view: NameIdView = { value: textOf(el) ?? '' };
  if (format) {
    view.format = format;
    const label = ownEntry(NAMEID_FORMATS, format);
    if (label) view.formatLabel = label;
  }
  const nq = attrOf(el, 'NameQualifier');
  const spnq = attrOf(el, 'SPNameQualifier');
  if (nq) view.nameQualifier = nq;
  if (spnq) view.spNameQualifier = spnq;
  return view;
}

export function readStatus(parent: Element): StatusView | undefined {
  const status = childElement(parent, NS.protocol, 'Status');
  if (!status) return undefined;
  const top = childElement(status, NS.protocol, 'StatusCode');
  const subCodes: string[] = [];
  for (let c = top && childElement(top, NS.protocol, 'StatusCode'); c; c = childElement(c, NS.protocol, 'StatusCode')) {
    const v = attrOf(c, 'Value');
    if (v) subCodes.push(v);
    if (subCodes.length > 8) break;
  }
  const view: StatusView = { subCodes };
  const code = attrOf(top, 'Value');
  if (code) {
    view.code = code;
    const label = ownEntry(STATUS_CODES, code);
    if (label) view.codeLabel = label;
  }
  const message = textOf(childElement(status, NS.protocol, 'StatusMessage'));
  if (message) view.message = message;
  const detail = textOf(childElement(status, NS.protocol, 'StatusDetail'));
  if (detail) view.detail = detail;
  const aadsts = explainAadsts(`${message ?? ''} ${detail ?? ''}`);
  if (aadsts) view.aadsts = aadsts;
  return view;
}

/** Reads one Assertion element into the summary (values only; trust is decided by the caller). */
export function readAssertion(assertion: Element, now: Date, provenance: Pick<AssertionView, 'signed' | 'source' | 'encrypted'>): AssertionView {
  const view: AssertionView = { ...provenance, subjectConfirmations: [], authnStatements: [], attributes: [] };
  const id = attrOf(assertion, 'ID');
  if (id) view.id = id;
  const issueInstant = timeAttr(assertion, 'IssueInstant', now);
  if (issueInstant) view.issueInstant = issueInstant;
  const issuer = textOf(childElement(assertion, NS.assertion, 'Issuer'));
  if (issuer !== undefined) view.issuer = issuer;

  const subject = childElement(assertion, NS.assertion, 'Subject');
  if (subject) {
    const nameId = readNameId(childElement(subject, NS.assertion, 'NameID'));
    if (nameId) view.nameId = nameId;
    for (const sc of childElements(subject, NS.assertion, 'SubjectConfirmation')) {
      const scd = childElement(sc, NS.assertion, 'SubjectConfirmationData');
      const c: SubjectConfirmationView = {};
      const method = attrOf(sc, 'Method');
      if (method) c.method = method;
      for (const [k, attr] of [['recipient', 'Recipient'], ['inResponseTo', 'InResponseTo'], ['address', 'Address']] as const) {
        const v = attrOf(scd, attr);
        if (v !== undefined) c[k] = v;
      }
      const nb = timeAttr(scd, 'NotBefore', now);
      const noa = timeAttr(scd, 'NotOnOrAfter', now);
      if (nb) c.notBefore = nb;
      if (noa) c.notOnOrAfter = noa;
      view.subjectConfirmations.push(c);
    }
  }

  const conditions = childElement(assertion, NS.assertion, 'Conditions');
  if (conditions) {
    const audiences = childElements(conditions, NS.assertion, 'AudienceRestriction').flatMap((r) => childElements(r, NS.assertion, 'Audience').map((a) => textOf(a) ?? ''));
    const c: NonNullable<AssertionView['conditions']> = { audiences };
    const nb = timeAttr(conditions, 'NotBefore', now);
    const noa = timeAttr(conditions, 'NotOnOrAfter', now);
    if (nb) c.notBefore = nb;
    if (noa) c.notOnOrAfter = noa;
    if (childElement(conditions, NS.assertion, 'OneTimeUse')) c.oneTimeUse = true;
    view.conditions = c;
  }

  for (const st of childElements(assertion, NS.assertion, 'AuthnStatement')) {
    const a: AuthnStatementView = {};
    const ai = timeAttr(st, 'AuthnInstant', now);
    const snoa = timeAttr(st, 'SessionNotOnOrAfter', now);
    if (ai) a.authnInstant = ai;
    if (snoa) a.sessionNotOnOrAfter = snoa;
    const si = attrOf(st, 'SessionIndex');
    if (si) a.sessionIndex = si;
    const ctx = childElement(st, NS.assertion, 'AuthnContext');
    const ref = textOf(ctx && childElement(ctx, NS.assertion, 'AuthnContextClassRef'));
    if (ref) {
      a.authnContextClassRef = ref;
      const label = ownEntry(AUTHN_CONTEXTS, ref);
      if (label) a.authnContextLabel = label;
    }
    view.authnStatements.push(a);
  }

  for (const st of childElements(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attr of childElements(st, NS.assertion, 'Attribute')) view.attributes.push(readAttribute(attr));
  }
  return view;
}

function readAttribute(attr: Element): AttributeView {
  const name = attrOf(attr, 'Name') ?? '';
  const view: AttributeView = { name, values: childElements(attr, NS.assertion, 'AttributeValue').map((v) => textOf(v) ?? '') };
  const friendlyName = attrOf(attr, 'FriendlyName');
  const nameFormat = attrOf(attr, 'NameFormat');
  if (friendlyName) view.friendlyName = friendlyName;
  if (nameFormat) view.nameFormat = nameFormat;
  const label = labelOfAttribute(name);
  if (label) {
    view.label = label.label;
    if (label.note) view.note = label.note;
  }
  return view;
}
