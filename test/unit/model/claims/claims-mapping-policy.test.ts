/**
 * Claims-mapping policies on Microsoft's documented examples
 * (https://learn.microsoft.com/en-us/entra/identity-platform/claims-customization-powershell), simulated for a
 * persona and checked by the config rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimsMappingPolicyDefinition, SamlApp } from '../../../../src/model/config-types';
import { evaluateClaimsPolicy } from '../../../../src/model/claims/claims-mapping-policy';
import { personaTable } from '../../../../src/model/mapping';
import { check, example, only } from '../helpers';

const joinPolicy: ClaimsMappingPolicyDefinition = {
  ClaimsMappingPolicy: {
    Version: 1,
    IncludeBasicClaimSet: 'true',
    ClaimsSchema: [
      { Source: 'User', ID: 'extensionattribute1' },
      { Source: 'Transformation', ID: 'DataJoin', TransformationId: 'JoinTheData', JwtClaimType: 'JoinedData' },
    ],
    ClaimsTransformations: [
      {
        ID: 'JoinTheData',
        TransformationMethod: 'Join',
        InputClaims: [{ ClaimTypeReferenceId: 'extensionattribute1', TransformationClaimType: 'string1' }],
        InputParameters: [{ ID: 'string2', Value: 'sandbox' }, { ID: 'separator', Value: '.' }],
        OutputClaims: [{ ClaimTypeReferenceId: 'DataJoin', TransformationClaimType: 'outputClaim' }],
      },
    ],
  },
};

describe('claims-mapping policy', () => {
  it('documented Join example: extensionattribute1 "." "sandbox" → JoinedData', () => {
    const r = evaluateClaimsPolicy(joinPolicy, (op) => (op.toLowerCase() === 'user.extensionattribute1' ? ['foo@bar.com'] : []));
    assert.equal(r.includeBasicClaimSet, true);
    assert.deepEqual(r.claims.map((c) => [c.jwtClaimType, c.values]), [['JoinedData', ['foo@bar.com.sandbox']]]);
  });

  it('documented employeeid/tenantcountry example: the user attribute is simulated, the company one is said to be unknown', () => {
    const r = evaluateClaimsPolicy(
      { ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: 'true', ClaimsSchema: [{ Source: 'user', ID: 'employeeid', SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/employeeid', JwtClaimType: 'employeeid' }, { Source: 'company', ID: 'tenantcountry', SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/country', JwtClaimType: 'country' }] } },
      (op) => (op === 'user.employeeid' ? ['4711'] : []),
    );
    assert.deepEqual(r.claims[0]?.values, ['4711']);
    assert.deepEqual(r.claims[1]?.values, []);
    assert.match(r.claims[1]?.notSimulated ?? '', /company\/tenantcountry/);
  });

  it('a policy on the Spark upstream app replaces the Attributes & Claims page: its own "roles" claim is gone, the role attribute still carries the app roles', () => {
    const config = example('spark-keycloak');
    const app = config.providers[0]?.apps?.[0] as SamlApp;
    app.claimsMappingPolicy = { ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: 'true', ClaimsSchema: [{ Source: 'user', ID: 'mail', SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }] } };
    const before = personaTable(example('spark-keycloak')).rows.find((r) => r.userId === 'analyst');
    const after = personaTable(config).rows.find((r) => r.userId === 'analyst');
    assert.ok(before?.claims['roles'], 'the portal claim "roles" (user.assignedroles) is sent without the policy');
    assert.equal(after?.claims['roles'], undefined, 'the policy supersedes it');
    // The assigned role still reaches …/claims/role, so the role mappers keep firing.
    assert.deepEqual(after?.mapping.teams, before?.mapping.teams);
    const findings = check(config);
    assert.deepEqual(only(findings, 'config.claims-policy-supersedes').map((f) => f.path), ['/providers/0/apps/0/claims']);
  });

  it('rules: restricted claim types, unknown TransformationId, methods not simulated', () => {
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app);
    app.claimsMappingPolicy = {
      ClaimsMappingPolicy: {
        ClaimsSchema: [
          { Source: 'user', ID: 'employeeid', JwtClaimType: 'groups' },
          { Source: 'Transformation', ID: 'x', TransformationId: 'Missing', JwtClaimType: 'x' },
          { Source: 'Transformation', ID: 'y', TransformationId: 'Odd', JwtClaimType: 'y' },
        ],
        ClaimsTransformations: [{ ID: 'Odd', TransformationMethod: 'ExtractAlphaPrefix' }],
      },
    };
    const findings = check(config);
    // Palette's app has neither a custom signing key nor acceptMappedClaims: AADSTS50146 at sign-in.
    assert.deepEqual(only(findings, 'config.claims-policy-needs-signing-key').map((f) => f.path), ['/providers/0/apps/0/claimsMappingPolicy']);
    assert.ok('protocol' in app && app.protocol === 'oidc');
    app.acceptMappedClaims = true;
    assert.deepEqual(only(check(config), 'config.claims-policy-needs-signing-key'), []);
    assert.deepEqual(only(findings, 'config.claim-transformation-invalid').map((f) => f.path), [
      '/providers/0/apps/0/claimsMappingPolicy/ClaimsMappingPolicy/ClaimsSchema/0/JwtClaimType',
      '/providers/0/apps/0/claimsMappingPolicy/ClaimsMappingPolicy/ClaimsSchema/1/TransformationId',
    ]);
    assert.deepEqual(only(findings, 'config.claim-transformation-not-simulated').map((f) => f.path), ['/providers/0/apps/0/claimsMappingPolicy/ClaimsMappingPolicy/ClaimsTransformations/0/TransformationMethod']);
  });
});
