/**
 * Entra's claim transformations on the examples Microsoft documents for each function
 * (https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization#claim-transformations
 * and #regex-based-claims-transformation): the value a persona's claim would carry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimTransformation } from '../../../../src/model/config-types';
import { applyTransformations } from '../../../../src/model/claims/entra-claim-transformations';

const attrs: Record<string, string[]> = {
  'user.mail': ['joe_smith@contoso.com'],
  'user.userprincipalname': ['joe_smith@contoso.onmicrosoft.com'],
  'user.employeeid': ['4711000'],
  'user.extensionattribute1': ['ext-one'],
  'user.country': ['US'],
  'user.proxyaddresses': ['SMTP:Joe@Contoso.com', 'smtp:joe@fabrikam.com'],
};
const reader = (op: string): string[] => attrs[op.toLowerCase()] ?? [];
const run = (chain: ClaimTransformation[], input: string | string[], nameId = false): string[] => applyTransformations(chain, Array.isArray(input) ? input : [input], reader, { nameId }).values;

describe('Entra claim transformations (documented examples)', () => {
  it('ExtractMailPrefix(): joe_smith@contoso.com → joe_smith; no @ → the input', () => {
    assert.deepEqual(run([{ method: 'ExtractMailPrefix' }], 'joe_smith@contoso.com'), ['joe_smith']);
    assert.deepEqual(run([{ method: 'ExtractMailPrefix' }], 'joe_smith'), ['joe_smith']);
  });

  it('Join(): joins with the separator; on the NameID the input loses its domain first', () => {
    assert.deepEqual(run([{ method: 'Join', parameter2: 'sandbox', separator: '.' }], 'foo@bar.com'), ['foo@bar.com.sandbox']);
    assert.deepEqual(run([{ method: 'Join', parameter2: 'fabrikam.com', separator: '@' }], 'joe_smith@contoso.com', true), ['joe_smith@fabrikam.com']);
  });

  it('two steps: extract the mail prefix, then upper-case it', () => {
    assert.deepEqual(run([{ method: 'ExtractMailPrefix', input: 'user.mail' }, { method: 'ToUppercase' }], []), ['JOE_SMITH']);
  });

  it('Contains(): the mail when it contains @contoso.com, else the UPN', () => {
    const t: ClaimTransformation = { method: 'Contains', input: 'user.mail', value: '@contoso.com', parameter2: 'user.mail', parameter3: 'user.userprincipalname' };
    assert.deepEqual(run([t], []), ['joe_smith@contoso.com']);
    assert.deepEqual(run([{ ...t, value: '@fabrikam.com' }], []), ['joe_smith@contoso.onmicrosoft.com']);
  });

  it('EndWith()/StartWith(): the employee ID ending with 000; the country starting with US', () => {
    assert.deepEqual(run([{ method: 'EndWith', input: 'user.employeeid', value: '000', parameter2: 'user.employeeid', parameter3: 'user.extensionattribute1' }], []), ['4711000']);
    assert.deepEqual(run([{ method: 'StartWith', input: 'user.country', value: 'US', parameter2: 'user.employeeid', parameter3: 'user.extensionattribute1' }], []), ['4711000']);
    assert.deepEqual(run([{ method: 'StartWith', input: 'user.country', value: 'DE', parameter2: 'user.employeeid' }], []), [], 'no match and no Parameter 3: nothing is emitted');
  });

  it('Extract() after / before / between matching', () => {
    assert.deepEqual(run([{ method: 'ExtractAfter', value: 'Finance_' }], 'Finance_BSimon'), ['BSimon']);
    assert.deepEqual(run([{ method: 'ExtractBefore', value: '_US' }], 'BSimon_US'), ['BSimon']);
    assert.deepEqual(run([{ method: 'ExtractBetween', value: 'Finance_', value2: '_US' }], 'Finance_BSimon_US'), ['BSimon']);
  });

  it('ExtractAlpha() and ExtractNumeric(), prefix and suffix', () => {
    assert.deepEqual(run([{ method: 'ExtractAlphaPrefix' }], 'BSimon_123'), ['BSimon']);
    assert.deepEqual(run([{ method: 'ExtractAlphaSuffix' }], '123_Simon'), ['Simon']);
    assert.deepEqual(run([{ method: 'ExtractNumericPrefix' }], '123_BSimon'), ['123']);
    assert.deepEqual(run([{ method: 'ExtractNumericSuffix' }], 'BSimon_123'), ['123']);
  });

  it('IfEmpty()/IfNotEmpty() act as restrictions', () => {
    assert.deepEqual(run([{ method: 'IfEmpty', input: 'user.department', parameter2: 'user.extensionattribute1' }], []), ['ext-one']);
    assert.deepEqual(run([{ method: 'IfEmpty', input: 'user.employeeid', parameter2: 'user.extensionattribute1', parameter3: 'user.employeeid' }], []), ['4711000']);
    assert.deepEqual(run([{ method: 'IfNotEmpty', input: 'user.employeeid', parameter2: 'user.extensionattribute1' }], []), ['ext-one']);
    assert.deepEqual(run([{ method: 'IfNotEmpty', input: 'user.department', parameter2: 'user.extensionattribute1' }], []), []);
  });

  it('Substring(): PleaseExtractThisNow, 6, 11 → ExtractThis; from 6 to the end → ExtractThisNow; out of range → nothing', () => {
    assert.deepEqual(run([{ method: 'SubstringFixedLength', startIndex: 6, length: 11 }], 'PleaseExtractThisNow'), ['ExtractThis']);
    assert.deepEqual(run([{ method: 'SubstringEndOfString', startIndex: 6 }], 'PleaseExtractThisNow'), ['ExtractThisNow']);
    assert.deepEqual(run([{ method: 'SubstringFixedLength', startIndex: 6, length: 40 }], 'PleaseExtractThisNow'), []);
  });

  it("RegexReplace(): the documented .NET pattern (?'domain'^.*?)(?i)(\\@fabrikam\\.com)$ with {country}.{domain}@xyz.com → US.swmal@xyz.com", () => {
    const t: ClaimTransformation = { method: 'RegexReplace', regexPattern: "(?'domain'^.*?)(?i)(\\@fabrikam\\.com)$", replacementPattern: '{country}.{domain}@xyz.com', additionalParameters: { country: 'user.country' } };
    assert.deepEqual(run([t], 'swmal@FABRIKAM.com'), ['US.swmal@xyz.com']);
    assert.deepEqual(run([t], 'swmal@contoso.com'), [], 'no match: skipped');
    assert.deepEqual(run([{ ...t, parameter3: 'user.mail' }], 'swmal@contoso.com'), ['joe_smith@contoso.com'], 'Specify output if no match');
  });

  it('a catastrophic pattern answers with a problem instead of hanging', () => {
    const r = applyTransformations([{ method: 'RegexReplace', regexPattern: '^(a+)+$', replacementPattern: 'x' }], ['a'.repeat(40) + 'b'], reader);
    assert.deepEqual(r.values, []);
    assert.match(r.problem ?? '', /took too long|does not compile/);
  });

  it('only the first value is transformed unless the source is treated as multivalued', () => {
    assert.deepEqual(run([{ method: 'ToLowercase', input: 'user.proxyaddresses' }], []), ['smtp:joe@contoso.com']);
    assert.deepEqual(run([{ method: 'ToLowercase', input: 'user.proxyaddresses', treatAsMultiValued: true }], []), ['smtp:joe@contoso.com', 'smtp:joe@fabrikam.com']);
  });
});
