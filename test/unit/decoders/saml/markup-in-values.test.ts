/**
 * Markup in a SAML NameID or AttributeValue gets the same `claims.html-in-value` warning as in a
 * JWT claim. Responses minted by samlify (a real SAML IdP implementation).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import type { SamlMessageData } from '../../../../src/decoders/saml';
import type { InspectReport } from '../../../../src/decoders/result';
import { findingIds } from '../../../builders/fixtures';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../../builders/samlify-minter';

const ISSUER = 'https://sts.windows.net/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/';
const DISPLAY_NAME = 'http://schemas.microsoft.com/identity/claims/displayname';
let keys: SamlKeys;

before(async () => {
  keys = await makeSamlKeys();
});

async function inspectMinted(nameId: string, attributes: Array<[string, string[]]>): Promise<InspectReport> {
  const b64 = await mintSamlResponse({ keys, issuer: ISSUER, audience: 'https://sp.test.example/saml/metadata', acs: 'https://sp.test.example/saml/acs', nameId, attributes });
  const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions());
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

describe('markup in SAML values', () => {
  test('an <img onerror> in an AttributeValue is claims.html-in-value, and the value is kept as text', async () => {
    const report = await inspectMinted('adele@contoso.example', [[DISPLAY_NAME, ['Adele <img src=x onerror=alert(1)>']]]);
    assert.ok(findingIds(report).includes('claims.html-in-value'), findingIds(report).join(','));
    const attr = (report.data as SamlMessageData).assertions[0]?.attributes.find((a) => a.name === DISPLAY_NAME);
    assert.deepEqual(attr?.values, ['Adele <img src=x onerror=alert(1)>']);
    assert.match(report.findings.find((f) => f.id === 'claims.html-in-value')?.message ?? '', /NameID or an attribute value contains HTML\/script markup/);
  });

  test('a <script> in the NameID is claims.html-in-value', async () => {
    const report = await inspectMinted('<script>alert(1)</script>@contoso.example', [[DISPLAY_NAME, ['Adele Vance']]]);
    assert.equal((report.data as SamlMessageData).assertions[0]?.nameId?.value, '<script>alert(1)</script>@contoso.example');
    assert.ok(findingIds(report).includes('claims.html-in-value'), findingIds(report).join(','));
  });

  test('a plain "<" (a < b) is not markup: no warning', async () => {
    const report = await inspectMinted('adele@contoso.example', [[DISPLAY_NAME, ['a < b', 'Adele Vance']]]);
    assert.ok(!findingIds(report).includes('claims.html-in-value'), findingIds(report).join(','));
  });
});
