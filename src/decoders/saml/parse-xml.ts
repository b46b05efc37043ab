import { DOMParser, type Document } from '@xmldom/xmldom';
import { fail, ok, type FindingId, type Result } from '../result';
import { MAX_XML_DEPTH, xmlNestingDepth } from './nesting-depth';

/**
 * A DOCTYPE declaration anywhere in the text. XML signatures and SAML never need one (SAML core
 * §1.3: "SAML messages … MUST NOT contain a DOCTYPE"), and it is how entity-expansion ("billion
 * laughs") and external-entity (XXE) attacks start, so its presence alone stops processing.
 */
const DOCTYPE = /<!DOCTYPE/i;

export interface ParseXmlOptions {
  /** The finding id for "not well-formed" (saml.malformed or metadata.malformed). */
  malformedId: FindingId;
  maxBytes: number;
}

/**
 * Parses XML with @xmldom/xmldom, refusing a DOCTYPE before the parser sees anything and turning
 * every parser error into a value. Warnings are tolerated; errors and fatal errors are not.
 */
export function parseXml(text: string, options: ParseXmlOptions): Result<Document> {
  if (text.length > options.maxBytes) return fail('input.too-large', `the XML is ${text.length} characters; the limit is ${options.maxBytes}`);
  if (DOCTYPE.test(text)) return fail('saml.doctype-forbidden', 'the XML declares a DOCTYPE; SAML forbids one and it is how entity-expansion and XXE attacks begin, so the document was not processed');
  // Before the parser: its cost grows with depth × in-scope namespaces (issue 15, class 11).
  if (xmlNestingDepth(text, MAX_XML_DEPTH) > MAX_XML_DEPTH) return fail('input.too-deep', `the XML nests elements more than ${MAX_XML_DEPTH} levels deep (real SAML messages and metadata nest about a dozen); it was not parsed`);
  const problems: string[] = [];
  const parser = new DOMParser({
    onError: (level, message: unknown) => {
      if (level === 'warning') return;
      const text = String(message);
      problems.push(text);
      // Throwing here stops xmldom at the first error; it rethrows as a ParseError we catch below.
      throw new Error(text);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const msg = problems[0] ?? (e as Error).message;
    return fail(options.malformedId, `not well-formed XML: ${oneLine(msg)}`);
  }
  if (!doc.documentElement) return fail(options.malformedId, 'not well-formed XML: no root element');
  return ok(doc);
}

function oneLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
