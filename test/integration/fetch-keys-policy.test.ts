/** Runs inside a real VS Code: a token's `iss` alone does not decide which host SSO Lens contacts. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import * as vscode from 'vscode';

interface ReportLike {
  signature: { status: string };
  findings: Array<{ id: string; severity: string; message: string }>;
}

async function tokenFrom(issuer: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return new SignJWT({ sub: 'ada' }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).setIssuer(issuer).setIssuedAt().setExpirationTime('1h').sign(privateKey);
}

suite('Key fetch policy', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an issuer no workspace config names is not fetched unless the user chooses Fetch (test mode answers Not now)', async () => {
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken', await tokenFrom('https://idp.example/'));
    assert.ok(report);
    assert.equal(report.signature.status, 'not-checked');
    const f = report.findings.find((x) => x.id === 'jwt.keys-not-fetched');
    assert.equal(f?.severity, 'info', JSON.stringify(report.findings));
    assert.match(f?.message ?? '', /idp\.example is not named by a config; choose Fetch when asked/);
  });

  test('a loopback issuer no config names is refused without asking', async () => {
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken', await tokenFrom('https://127.0.0.1:1/tenant'));
    assert.ok(report);
    const f = report.findings.find((x) => x.id === 'jwt.keys-not-fetched');
    assert.match(f?.message ?? '', /127\.0\.0\.1 is a loopback address and no config names it/, JSON.stringify(report.findings));
  });
});
