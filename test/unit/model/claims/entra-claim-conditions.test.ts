/**
 * Claim conditions as Entra evaluates them, on Microsoft's Britta Simon examples
 * (https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization#emit-claims-based-on-conditions):
 * Attribute conditions first, then Transformation ones, top to bottom, the last match with a value wins.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimCondition, TestUser } from '../../../../src/model/config-types';
import { entraClaimValue } from '../../../../src/model/claims/entra-claim-values';

const britta: TestUser = { id: 'britta', guest: true, guestHome: 'entra', mail: 'bsimon@fabrikam.com', attributes: { extensionattribute1: 'britta-ext', othermail: 'britta@other.example' }, groups: [] };
const reader = (user: TestUser) => (op: string): string[] => {
  const k = op.replace(/^user\./i, '').toLowerCase();
  if (k === 'mail') return user.mail ? [user.mail] : [];
  const v = user.attributes?.[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const value = (conditions: ClaimCondition[], user = britta) => entraClaimValue({ source: 'user.userprincipalname', conditions }, user, reader(user));

describe('claim conditions (documented examples)', () => {
  it('first example: All guests → extensionattribute1, then Microsoft Entra guests → mail: Britta gets her mail', () => {
    const r = value([{ userType: 'allGuests', source: 'user.extensionattribute1' }, { userType: 'entraGuests', source: 'user.mail' }]);
    assert.deepEqual(r.values, ['bsimon@fabrikam.com']);
    assert.deepEqual(r.from, { condition: 1 });
  });

  const second: ClaimCondition[] = [
    { userType: 'entraGuests', source: 'user.mail' },
    { userType: 'allGuests', transformations: [{ method: 'IfNotEmpty', input: 'user.extensionattribute1', parameter2: 'user.extensionattribute1' }] },
    { userType: 'entraGuests', transformations: [{ method: 'IfNotEmpty', input: 'user.othermail', parameter2: 'user.othermail' }] },
  ];

  it('second example: transformations come after attributes, so othermail wins', () => {
    assert.deepEqual(value(second).values, ['britta@other.example']);
  });

  it('final example: without othermail the entry is ignored and the claim falls back to extensionattribute1', () => {
    const noOther: TestUser = { ...britta, attributes: { extensionattribute1: 'britta-ext' } };
    assert.deepEqual(value(second, noOther).values, ['britta-ext']);
  });

  it('members and guests of other kinds do not match guest conditions; scoped groups restrict', () => {
    const member: TestUser = { id: 'm', mail: 'm@contoso.com', groups: ['finance'] };
    assert.deepEqual(entraClaimValue({ source: 'user.mail', conditions: [{ userType: 'allGuests', source: 'guest' }] }, member, reader(member)).values, ['m@contoso.com']);
    assert.deepEqual(entraClaimValue({ source: 'user.mail', conditions: [{ userType: 'members', groups: ['finance'], source: 'finance-member' }] }, member, reader(member)).values, ['finance-member']);
    assert.deepEqual(entraClaimValue({ source: 'user.mail', conditions: [{ userType: 'members', groups: ['hr'], source: 'hr-member' }] }, member, reader(member)).values, ['m@contoso.com']);
    const external: TestUser = { ...britta, guestHome: 'external' };
    assert.deepEqual(value([{ userType: 'entraGuests', source: 'user.mail' }], external).values, []);
  });
});
