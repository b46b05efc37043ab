/**
 * Runs inside a real VS Code: the mapping guards of issue 10 through the commands — "Test with a
 * token…" on Exoscale with a token issued for another client shows the sign-in as rejected and the
 * IAM role only as what it would be; "Sample personas" on Spark simulates a later Keycloak login
 * when asked to (the quick pick is answered by the command argument).
 */
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import * as vscode from 'vscode';
import { exampleUri, reportHtml } from './workspace';
import { rsaKeyPair } from '../builders/rsa-key-pair';

interface ReportLike {
  findings: Array<{ id: string }>;
  data: { mapping?: { accepted: boolean; rejectedBy?: Array<{ id: string }>; authorization?: { outcome: string; wouldBe?: string } } };
}

suite('Mapping guards', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Test with a token on Exoscale: a token for another client is rejected, the role is only what it would be', async () => {
    const { privateKey } = rsaKeyPair(2048);
    const now = Math.floor(Date.now() / 1000);
    // Issued by a loopback issuer nobody listens on: nothing is fetched beyond 127.0.0.1.
    const jwt = await new SignJWT({ email: 'ada@exoscale.com', tid: '2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f', oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84' })
      .setProtectedHeader({ alg: 'RS256', kid: 'guard' })
      .setIssuer('https://127.0.0.1:1/tenant/v2.0')
      .setAudience('11111111-2222-4333-8444-555555555555')
      .setSubject('ada')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', exampleUri('exoscale.sso.json'), 'exoscale', jwt);
    const mapping = report?.data.mapping;
    assert.ok(mapping, 'the report carries data.mapping');
    assert.equal(mapping.accepted, false);
    assert.ok(mapping.rejectedBy?.some((r) => r.id === 'jwt.audience-mismatch'), JSON.stringify(mapping.rejectedBy));
    assert.deepEqual([mapping.authorization?.outcome, mapping.authorization?.wouldBe], ['rejected', 'granted']);
    const html = await reportHtml();
    assert.ok(html.includes('rejected: the token fails validation'), 'the summary says the sign-in is rejected');
    assert.ok(html.includes('would be granted'));
    assert.ok(!html.includes('granted: IAM role'), '"granted" is not shown as the outcome');
  });

  test('Sample personas on Spark with a later Keycloak login', async () => {
    const rows = await vscode.commands.executeCommand<number | undefined>('ssoLens.showPersonas', exampleUri('spark-keycloak.sso.json'), 'spark-keycloak', 'later');
    assert.equal(rows, 2);
    const html = await reportHtml();
    assert.ok(html.includes('later Keycloak login'), 'the page says which login it simulates');
    assert.ok(html.includes('tenant-admin'), 'FORCE mappers still grant the group on a later login');
  });
});
