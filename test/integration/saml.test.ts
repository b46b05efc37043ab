/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs): "Decode SAML Message",
 * "Verify with…", "Decrypt with…" and "Inspect Federation Metadata" on the samples in examples/
 * (SAML responses minted by samlify, scripts/make-sample-saml.mjs; Entra-shaped metadata).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { exampleUri, reportHtml } from './workspace';

interface ReportLike {
  kind: string;
  signature: { status: string; signedElements?: string[]; detail?: string };
  findings: Array<{ id: string; severity: string }>;
  data: {
    issuer?: string;
    assertions?: Array<{ nameId?: { value: string }; signed?: boolean; attributes: Array<{ name: string; label?: string; values: string[] }> }>;
    encryptedAssertion?: { decrypted: boolean };
    entityCount?: number;
    entityIndex?: Array<{ entityId: string }>;
    entities?: Array<{ entityId: string; roles: Array<{ type: string; certificates: Array<{ use: string; subject: string; sha1Thumbprint: string; sha256Thumbprint: string }> }> }>;
  };
}

const TENANT_ISSUER = 'https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/';
const NAME_ID = 'analyst@dataco.com';

const ids = (r: ReportLike) => r.findings.map((f) => f.id);

suite('SAML and federation metadata', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Decode SAML Message on a selected base64 SAMLResponse, then Verify with the IdP certificate', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('saml', 'entra-signed-response.b64'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.lineAt(0).range.start, doc.lineAt(0).range.end);
    const decoded = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeSamlMessage');
    assert.ok(decoded, 'the command returns the report it shows');
    assert.equal(decoded.kind, 'saml-response');
    assert.equal(decoded.data.issuer, TENANT_ISSUER);
    // Nothing was trusted yet: the embedded certificate alone proves nothing.
    assert.equal(decoded.signature.status, 'not-checked');
    assert.ok(ids(decoded).includes('saml.signature-not-checked'), ids(decoded).join(','));
    const a = decoded.data.assertions?.[0];
    assert.equal(a?.nameId?.value, NAME_ID);
    assert.equal(a?.attributes.find((x) => x.name.endsWith('/givenname'))?.label, 'Given name');

    const verified = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', exampleUri('certs', 'entra-iomete-signing.cer'));
    assert.ok(verified);
    assert.equal(verified.signature.status, 'valid');
    assert.deepEqual(verified.signature.signedElements, ['response', 'assertion']);
    assert.equal(verified.data.assertions?.[0]?.signed, true);

    // Another app's signing certificate (Asset Panda's) must not verify it.
    const wrong = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', exampleUri('certs', 'entra-assetpanda-signing.cer'));
    assert.ok(wrong);
    assert.equal(wrong.signature.status, 'invalid');
    assert.ok(ids(wrong).includes('saml.untrusted-certificate'), ids(wrong).join(','));
  });

  test('the report view shows the summary and, beside it, the pretty XML', async () => {
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeSamlMessage', exampleUri('saml', 'entra-signed-response.xml'));
    assert.ok(report);
    assert.equal(report.kind, 'saml-response');
    const html = await reportHtml();
    assert.match(html, /<title>SAML Response<\/title>/);
    const summary = /<div class="summary">([\s\S]*?)<\/div><aside class="raw">/.exec(html)?.[1] ?? '';
    const raw = /<aside class="raw">([\s\S]*?)<\/aside>/.exec(html)?.[1] ?? '';
    assert.ok(summary.includes(TENANT_ISSUER), 'the issuer is in the summary');
    assert.ok(summary.includes(NAME_ID), 'the NameID is in the summary');
    assert.ok(summary.includes('https://iomete.dataco.example/api/v1/identity/saml/callback'), 'the audience is in the summary');
    // The XML is shown (escaped, one element per line), not interpreted as markup.
    assert.match(raw, /&lt;samlp:Response [^\n]*\n\s+&lt;saml:Issuer/);
    assert.ok(!/<samlp:Response/.test(html));
    assert.match(html, /data-action="verify">Verify with…/);
    assert.match(html, /data-action="decrypt">Decrypt with…/);
  });

  test('Decrypt with the SP key decrypts an EncryptedAssertion and verifies its inner signature', async () => {
    const encrypted = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeSamlMessage', exampleUri('saml', 'entra-encrypted-assertion.b64'));
    assert.ok(encrypted);
    assert.equal(encrypted.kind, 'saml-response');
    assert.ok(ids(encrypted).includes('saml.encrypted-assertion'), ids(encrypted).join(','));
    assert.equal(encrypted.data.assertions?.length ?? 0, 0, 'nothing of the assertion is readable yet');
    await vscode.commands.executeCommand('ssoLens.verifySignature', exampleUri('certs', 'entra-iomete-signing.cer'));

    const decrypted = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decryptSamlAssertion', exampleUri('saml', 'sample-sp-decryption.key'));
    assert.ok(decrypted);
    assert.equal(decrypted.data.encryptedAssertion?.decrypted, true);
    assert.equal(decrypted.data.assertions?.[0]?.nameId?.value, NAME_ID);
    assert.equal(decrypted.signature.status, 'valid', decrypted.signature.detail);
    assert.deepEqual(decrypted.signature.signedElements, ['assertion']);
    assert.ok(!ids(decrypted).includes('saml.encrypted-assertion'));
    const html = await reportHtml();
    assert.match(html, /Decrypted assertion \(XML\)/);

    // A certificate is not a private key: refused with a message, the report stays as it was.
    const refused = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decryptSamlAssertion', exampleUri('certs', 'entra-iomete-signing.cer'));
    assert.equal(refused, undefined);
  });

  test('Inspect Federation Metadata on a file: entity ID, roles and certificates with thumbprints', async () => {
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.inspectMetadata', exampleUri('metadata', 'iomete-federationmetadata.xml'));
    assert.ok(report);
    assert.equal(report.kind, 'saml-metadata');
    assert.equal(report.signature.status, 'unsigned');
    const entity = report.data.entities?.[0];
    assert.equal(entity?.entityId, 'https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/');
    const idp = entity?.roles.find((r) => r.type === 'IDPSSODescriptor');
    assert.ok(idp, 'the IdP role is listed');
    const cert = new X509Certificate(readFileSync(exampleUri('certs', 'entra-iomete-signing.cer').fsPath));
    const shown = idp.certificates.find((c) => c.use !== 'encryption');
    assert.equal(shown?.sha1Thumbprint, cert.fingerprint.replace(/:/g, ''));
    assert.equal(shown?.sha256Thumbprint, cert.fingerprint256.replace(/:/g, ''));
    const html = await reportHtml();
    assert.ok(html.includes(cert.fingerprint.replace(/:/g, '')), 'the SHA-1 thumbprint is on the page');
    assert.ok(html.includes('https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/'));
    assert.match(/<aside class="raw">([\s\S]*?)<\/aside>/.exec(html)?.[1] ?? '', /&lt;EntityDescriptor /);
  });

  test('Inspect Federation Metadata on an aggregate lists its entities and reports the one picked', async () => {
    // A federation-style EntitiesDescriptor made of the examples' entities under distinct IDs.
    const entity = readFileSync(exampleUri('metadata', 'spark-federationmetadata.xml').fsPath, 'utf8').replace(/^<\?xml[^>]*\?>\s*(<!--[\s\S]*?-->\s*)?/, '');
    const original = /entityID="([^"]+)"/.exec(entity)?.[1] ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'sso-lens-agg-'));
    try {
      const file = join(dir, 'federation.xml');
      const entities = Array.from({ length: 30 }, (_, i) => entity.replace(`entityID="${original}"`, `entityID="https://idp${i}.federation.example/"`).replace(/ ID="[^"]+"/, ` ID="_e${i}"`));
      writeFileSync(file, `<?xml version="1.0" encoding="utf-8"?>\n<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:example:federation">\n${entities.join('\n')}\n</EntitiesDescriptor>\n`);
      const uri = vscode.Uri.file(file);
      const listed = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.inspectMetadata', uri, { pickEntity: false });
      assert.ok(listed);
      assert.equal(listed.kind, 'saml-metadata');
      assert.equal(listed.data.entityCount, 30);
      assert.equal(listed.data.entityIndex?.[29]?.entityId, 'https://idp29.federation.example/');
      assert.ok(ids(listed).includes('metadata.aggregate'));
      assert.match(await reportHtml(), /data-action="entity">Pick Entity…/);

      const picked = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.inspectMetadata', uri, { entityId: 'https://idp7.federation.example/' });
      assert.ok(picked);
      assert.deepEqual(picked.data.entities?.map((e) => e.entityId), ['https://idp7.federation.example/']);
      assert.ok((picked.data.entities?.[0]?.roles.flatMap((r) => r.certificates).length ?? 0) > 0, 'its certificates are shown');
      // "Verify with…" re-checks the same entity, not the whole aggregate.
      const again = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', exampleUri('certs', 'entra-spark-signing.cer'));
      assert.deepEqual(again?.data.entities?.map((e) => e.entityId), ['https://idp7.federation.example/']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
