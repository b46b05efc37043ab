/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs): claim-mapping analysis on the
 * Palette example — the "Test with a token…" code lens, the "Mapped through <app>" trace in the report
 * view, mapping diagnostics on the rule that failed, sample personas, and the automatic app pick when
 * a token is decoded. The token is examples/tokens/palette-admin-id-token.jwt (made by
 * scripts/make-sample-tokens.mjs with jose): the guide's admin user, groups as object IDs.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri } from './workspace';

interface MappingLike {
  app: { id: string };
  teams: string[];
  attributes: Array<{ name: string; value?: string | string[]; source: string }>;
  trace: Array<{ rule: string; path: string; fired: boolean; whyNot?: string }>;
  findings: Array<{ id: string; path?: string }>;
}

interface ReportLike {
  kind: string;
  findings: Array<{ id: string; severity: string; path?: string }>;
  data: { mapping?: MappingLike };
}

interface Api {
  reportHtml: () => string | undefined;
  testing: { configIdle: () => Promise<void> };
}

const ADMINS_GROUP = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const EDITORS_GROUP = 'c4606295-e8b0-4df0-891b-de4428d7e54f';

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

async function reportHtml(): Promise<string> {
  const a = await api();
  for (let i = 0; i < 150 && !a.reportHtml(); i++) await new Promise((r) => setTimeout(r, 100));
  const html = a.reportHtml();
  assert.ok(html, 'the report view is open');
  return html;
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''));

async function mappingDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 30; i++) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d).startsWith('mapping.'));
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

suite('Claim mapping', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Test with a token…" on the Palette app shows the teams, the trace and a diagnostic on the rule that failed', async () => {
    const configUri = exampleUri('palette.sso.json');
    const doc = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(doc);
    await (await api()).testing.configIdle();

    // The code lens sits on the app and carries the file and the app id.
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', configUri)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'ssoLens.testWithToken');
    assert.ok(lens?.command, `a "Test with a token…" lens; got ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(lens.command.title, 'Test with a token…');
    assert.equal(doc.lineAt(lens.range.start.line).text.trim(), '{', 'the lens is on the app object');
    assert.ok(doc.getText(new vscode.Range(lens.range.start, doc.lineAt(lens.range.start.line + 1).range.end)).includes('"id": "palette"'));

    const args = [...(lens.command.arguments ?? []), exampleUri('tokens', 'palette-admin-id-token.jwt')];
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', ...args);
    assert.ok(report?.data.mapping, 'the command returns the report with data.mapping');
    const mapping = report.data.mapping;
    assert.equal(mapping.app.id, 'palette');
    assert.deepEqual([...mapping.teams].sort(), [EDITORS_GROUP, ADMINS_GROUP].sort(), 'the admin lands in the two teams named by their groups\' object IDs');
    assert.equal(mapping.attributes.find((a) => a.name === 'email')?.value, 'admin@SpectroCloud500.onmicrosoft.com');
    const firstName = mapping.trace.find((t) => t.path === '/providers/0/apps/0/claimMapping/firstName');
    assert.equal(firstName?.fired, false);
    assert.equal(firstName?.whyNot, 'claim-absent', 'u_first_name is an Okta claim Entra does not send');
    assert.ok(report.findings.some((f) => f.id === 'mapping.claim-missing' && f.path === '/providers/0/apps/0/claimMapping/firstName'));

    const html = await reportHtml();
    assert.ok(html.includes('Mapped through'), 'the report has the "Mapped through <app>" section');
    assert.ok(html.includes('Rule-by-rule trace'));
    assert.ok(html.includes(ADMINS_GROUP));

    // The failed rule is underlined in the config: the u_first_name value of claimMapping.firstName.
    const diagnostics = await mappingDiagnostics(configUri);
    const onFirstName = diagnostics.find((d) => d.code === 'mapping.claim-missing' && doc.lineAt(d.range.start.line).text.includes('"firstName"'));
    assert.ok(onFirstName, `a mapping.claim-missing diagnostic on the firstName line; got ${diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}`).join(', ')}`);
    assert.equal(doc.getText(onFirstName.range), '"u_first_name"');
    assert.equal(onFirstName.severity, vscode.DiagnosticSeverity.Error);
  });

  test('Sample personas: every test user of the Palette tenant, and where each lands', async () => {
    const rows = await vscode.commands.executeCommand<number | undefined>('ssoLens.showPersonas', exampleUri('palette.sso.json'), 'palette');
    assert.equal(rows, 4, 'the four test users of the guide');
    const html = await reportHtml();
    assert.ok(html.includes('Sample personas → palette'));
    assert.ok(html.includes('Tenant Admin'), 'the admin persona is listed');
    assert.ok(html.includes(ADMINS_GROUP), 'with the team the admin lands in');
    assert.ok(html.includes('no team'), 'and the user in no group lands nowhere');
  });

  test('Decode Token maps a token through the app whose audience it matches', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('tokens', 'palette-admin-id-token.jwt'));
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken', doc.getText().trim());
    assert.equal(report?.kind, 'jwt');
    assert.equal(report.data.mapping?.app.id, 'palette', 'aud and iss match palette in palette.sso.json');
    const other = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken', (await vscode.workspace.openTextDocument(exampleUri('tokens', 'entra-v2-id-token.jwt'))).getText().trim());
    assert.equal(other?.data.mapping, undefined, 'a token for no configured app is not mapped');
  });

  test('Decode SAML Message maps the IOMETE sample response through the iomete app, and Test with a Token verifies it with the config\'s certificate', async () => {
    const file = exampleUri('saml', 'entra-signed-response.b64');
    const decoded = await vscode.commands.executeCommand<ReportLike & { signature: { status: string } } | undefined>('ssoLens.decodeSamlMessage', file);
    assert.equal(decoded?.kind, 'saml-response');
    assert.equal(decoded.data.mapping?.app.id, 'iomete', 'audience and issuer match iomete.sso.json');
    const tested = await vscode.commands.executeCommand<ReportLike & { signature: { status: string } } | undefined>('ssoLens.testWithToken', exampleUri('iomete.sso.json'), 'iomete', file);
    assert.equal(tested?.signature.status, 'valid', 'verified with certs/entra-iomete-signing.cer named by the config');
    assert.deepEqual(tested.findings.filter((f) => f.severity === 'error').map((f) => f.id), []);
  });
});
