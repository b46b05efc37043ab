import type { InstantView } from '../time';
import type { SamlEncoding } from './recognize-saml';
import type { EncryptionInfo } from './decrypt-assertion';
import type { SignatureOutcome } from './verify-signature';

/** An XML dateTime attribute: as written, and as UTC + relative to the evaluation instant. */
export interface TimeView extends InstantView {
  raw: string;
}

export interface NameIdView {
  value: string;
  format?: string;
  formatLabel?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

export interface SubjectConfirmationView {
  method?: string;
  recipient?: string;
  inResponseTo?: string;
  notBefore?: TimeView;
  notOnOrAfter?: TimeView;
  address?: string;
}

export interface AttributeView {
  name: string;
  friendlyName?: string;
  nameFormat?: string;
  /** Friendly label for well-known claim URIs (Entra, SAML, eduPerson). */
  label?: string;
  note?: string;
  values: string[];
}

export interface AuthnStatementView {
  authnInstant?: TimeView;
  sessionIndex?: string;
  sessionNotOnOrAfter?: TimeView;
  authnContextClassRef?: string;
  authnContextLabel?: string;
}

export interface AssertionView {
  id?: string;
  issueInstant?: TimeView;
  issuer?: string;
  /**
   * True only when a valid signature made with trust material covers this assertion (its own or
   * the Response's). The values are then read from the signed content itself.
   */
  signed: boolean;
  /** Where the values were read: the signed content, the document as received, or the decrypted text. */
  source: 'signed-content' | 'document' | 'decrypted';
  encrypted: boolean;
  nameId?: NameIdView;
  subjectConfirmations: SubjectConfirmationView[];
  conditions?: { notBefore?: TimeView; notOnOrAfter?: TimeView; audiences: string[]; oneTimeUse?: boolean };
  authnStatements: AuthnStatementView[];
  attributes: AttributeView[];
}

export interface StatusView {
  code?: string;
  codeLabel?: string;
  subCodes: string[];
  message?: string;
  detail?: string;
  aadsts?: { code: string; meaning?: string };
}

export interface SignatureView {
  /** Which element carries it: the Response/request itself, the assertion, or the Redirect query string. */
  location: 'response' | 'assertion' | 'request' | 'query-string' | 'metadata' | 'other';
  outcome: SignatureOutcome;
  algorithm?: string;
  digestAlgorithms: string[];
  referenceUri?: string;
  detail: string;
}

/** `Assertion` = a bare assertion pasted on its own (reported as a saml-response). */
export type SamlMessageType = 'Response' | 'AuthnRequest' | 'LogoutRequest' | 'LogoutResponse' | 'Assertion';

export interface SamlMessageData {
  message: SamlMessageType;
  /** How it arrived: raw XML, base64 (HTTP-POST), deflate+base64 (HTTP-Redirect). */
  encoding: SamlEncoding;
  /** In a URL / query string / form body rather than on its own. */
  carrier: 'raw' | 'url';
  relayState?: string;
  id?: string;
  version?: string;
  issueInstant?: TimeView;
  destination?: string;
  inResponseTo?: string;
  issuer?: string;
  status?: StatusView;
  /** How far IssueInstant is from the evaluation instant (positive = in the past). */
  clockSkew?: { issuedSecondsAgo: number; description: string };
  assertions: AssertionView[];
  encryptedAssertion?: EncryptionInfo & { decrypted: boolean };
  authnRequest?: {
    assertionConsumerServiceUrl?: string;
    assertionConsumerServiceIndex?: string;
    protocolBinding?: string;
    nameIdPolicyFormat?: string;
    allowCreate?: string;
    forceAuthn?: string;
    isPassive?: string;
    providerName?: string;
    requestedAuthnContext: string[];
    requestedAuthnContextComparison?: string;
  };
  logoutRequest?: { nameId?: NameIdView; sessionIndexes: string[]; reason?: string; notOnOrAfter?: TimeView };
  signatures: SignatureView[];
  /** Evaluation instant, so "expired 3 h ago" can be reproduced. */
  evaluatedAt: string;
  /** The message, indented. */
  xml: string;
  /** The decrypted assertion, indented (only when it was decrypted). */
  decryptedXml?: string;
}
