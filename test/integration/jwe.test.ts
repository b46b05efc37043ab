/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs): "Decode Token" on an
 * encrypted ID token, then "Verify with…" the signer's JWKS and "Decrypt with…" the client's
 * private key, on the samples written by scripts/make-sample-jwe.mjs (examples/tokens/).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, reportHtml } from './workspace';

interface ReportLike {
  kind: string;
  signature: { status: string; algorithm?: string; keyId?: string; detail?: string };
  findings: Array<{ id: string; severity: string }>;
  data: { header?: Record<string, unknown>; decrypted?: { content: string; token: { payload: Record<string, unknown> } } };
}

const ids = (r: ReportLike) => r.findings.map((f) => f.id);

suite('Encrypted tokens (JWE)', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Decode Token on a JWE, then Verify with the JWKS and Decrypt with the client key', async () => {
    const jwe = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('tokens', 'sample-encrypted-id-token.jwe'))).trim();
    const encrypted = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken', jwe);
    assert.ok(encrypted, 'the command returns the report it shows');
    assert.equal(encrypted.kind, 'jwe');
    assert.deepEqual(ids(encrypted), ['jwt.encrypted']);
    assert.equal(encrypted.data.decrypted, undefined);
    let html = await reportHtml();
    assert.match(html, /<title>Encrypted token \(JWE\)<\/title>/);
    assert.match(html, /data-action="decrypt">Decrypt with…/);

    const verified = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', exampleUri('tokens', 'sample-jwe-signing-jwks.json'));
    assert.ok(verified);
    assert.equal(verified.signature.status, 'not-checked', 'still encrypted: nothing to verify yet');

    const decrypted = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decryptSamlAssertion', exampleUri('tokens', 'sample-jwe-decryption.key'));
    assert.ok(decrypted);
    assert.equal(decrypted.kind, 'jwe');
    assert.equal(decrypted.data.decrypted?.content, 'nested-jws');
    assert.equal(decrypted.data.decrypted?.token.payload['preferred_username'], 'MeganB@contoso.example');
    // The JWKS picked with "Verify with…" verifies the nested token's signature.
    assert.equal(decrypted.signature.status, 'valid', decrypted.signature.detail);
    assert.equal(decrypted.signature.keyId, 'sso-lens-jwe-sample-signing');
    assert.ok(!ids(decrypted).includes('jwt.encrypted'), ids(decrypted).join(','));
    html = await reportHtml();
    assert.match(html, /Decrypted/);
    assert.match(html, /MeganB@contoso\.example/);
    assert.ok(!html.includes('PRIVATE KEY'), 'no key material in the report view');

    // The SAML samples' SP key is another RSA key: a clear error, no claims.
    const wrong = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decryptSamlAssertion', exampleUri('saml', 'sample-sp-decryption.key'));
    assert.ok(wrong);
    assert.deepEqual(ids(wrong), ['jwt.decrypt-failed']);
    assert.equal(wrong.data.decrypted, undefined);
  });
});
