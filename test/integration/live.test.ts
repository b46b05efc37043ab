/**
 * "Check Live" and the expiry countdown inside a real VS Code, over the examples workspace. The
 * config checked live is an unsaved editor (nothing is written) naming a loopback https IdP whose
 * throw-away CA the extension is told to trust through its test hook; production TLS is untouched.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { idpCertificate, idpMetadata, publishingServer, type IdpCertificate } from '../builders/published-keys';
import type { ProvidersSnapshot } from '../../src/views/config-tree';
import { EXTENSION_ID, exampleUri } from './workspace';

interface Hooks {
  providersTree(): Promise<ProvidersSnapshot[]>;
  configIdle(): Promise<void>;
  trustLiveTestCa(ca: string | undefined): void;
}

interface Outcome {
  offline?: string;
  files: Array<{ uri: vscode.Uri; result: { fetched: boolean; findings: Array<{ id: string; path: string }> } }>;
}

async function hooks(): Promise<Hooks> {
  const extension = vscode.extensions.getExtension<{ testing: Hooks }>(EXTENSION_ID);
  assert.ok(extension);
  return (await extension.activate()).testing;
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SSO Lens');
}

function findRow(rows: readonly ProvidersSnapshot[], kind: string, label: string): ProvidersSnapshot | undefined {
  for (const r of rows) {
    if (r.kind === kind && r.label === label) return r;
    const below = findRow(r.children, kind, label);
    if (below) return below;
  }
  return undefined;
}

async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const NETWORK = 'ssoLens.network';

suite('Check Live and expiry countdowns', () => {
  let server: Awaited<ReturnType<typeof publishingServer>>;
  let rolled: IdpCertificate;
  let ending: IdpCertificate;
  let current: IdpCertificate;

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    server = await publishingServer();
    [rolled, ending, current] = await Promise.all([idpCertificate('Portal IdP (rolled)', -500, 300), idpCertificate('Portal IdP (ending)', -300, 12), idpCertificate('Portal IdP (current)', -10, 700)]);
    server.publish('/portal/federationmetadata.xml', 'application/xml', idpMetadata('https://idp.example/', [ending, current]));
    (await hooks()).trustLiveTestCa(server.ca);
  });
  suiteTeardown(async () => {
    (await hooks()).trustLiveTestCa(undefined);
    await vscode.workspace.getConfiguration(NETWORK).update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });
  teardown(revertAndCloseAll);

  /** An unsaved `live-portal.sso.json` in the workspace: one SAML app pinning a rolled and an ending certificate. */
  async function portalConfig(path = '/portal/federationmetadata.xml', withEnding = true): Promise<vscode.TextDocument> {
    const uri = exampleUri('live-portal.sso.json').with({ scheme: 'untitled' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const config = {
      version: 1,
      providers: [
        {
          id: 'portal-idp',
          type: 'saml',
          displayName: 'Portal IdP',
          entityId: 'https://idp.example/',
          apps: [
            {
              id: 'portal',
              protocol: 'saml',
              identifiers: ['https://portal.example/saml'],
              replyUrls: ['https://portal.example/saml/acs'],
              metadataUrl: `${server.origin}${path}`,
              signing: { certificate: { thumbprint: rolled.sha1 } },
              ...(withEnding ? { serviceProvider: { idpCertificate: { thumbprint: ending.sha1 } } } : {}),
            },
          ],
        },
      ],
    };
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), JSON.stringify(config, null, 2));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.window.showTextDocument(doc);
    await until('the unsaved config in the Providers view', async () => findRow(await (await hooks()).providersTree(), 'app', 'portal'));
    return doc;
  }

  test('a client secret\'s noted expiry is a warning and counts down on the app and provider', async () => {
    const uri = exampleUri('palette.sso.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const expires = new Date(Date.now() + 12 * 86_400_000 + 3_600_000).toISOString().slice(0, 10);
    const from = '"clientSecret": { "secretStorage": "palette/oidc-client-secret" }';
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), `"clientSecret": { "secretStorage": "palette/oidc-client-secret", "expires": "${expires}" }`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diag = await until('the secret-expiring diagnostic', () => ours(uri).find((d) => d.code === 'config.secret-expiring'));
    assert.equal(doc.getText(diag.range), `"${expires}"`);
    const h = await hooks();
    const app = await until('the countdown on the app', async () => {
      const row = findRow(await h.providersTree(), 'app', 'palette_oidc');
      return row && /expires in 1[12] d/.test(row.description ?? '') ? row : undefined;
    });
    assert.equal(app.severity, 'warning');
    const tenant = findRow(await h.providersTree(), 'provider', 'SpectroCloud500 tenant');
    assert.match(tenant?.description ?? '', /expires in 1[12] d/);
  });

  test('with the network off, Check Live fetches nothing and says so on the config line', async () => {
    await vscode.workspace.getConfiguration(NETWORK).update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const doc = await portalConfig();
      const before = server.requests.length;
      const outcome = await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive', doc.uri);
      assert.equal(outcome.offline, 'ssoLens.network.enabled is off');
      assert.equal(outcome.files[0]?.result.fetched, false);
      assert.equal(server.requests.length, before, 'no request reached the loopback IdP');
      const diag = await until('the not-fetched diagnostic', () => ours(doc.uri).find((d) => d.code === 'live.not-fetched'));
      assert.match(doc.getText(diag.range), /^"https:\/\/127\.0\.0\.1:\d+\/portal\/federationmetadata\.xml"$/);
      assert.match(diag.message, /nothing fetched \(ssoLens\.network\.enabled is off\)/);
      assert.ok(!ours(doc.uri).some((d) => d.code === 'live.key-rolled-over'), 'nothing guessed');
    } finally {
      await vscode.workspace.getConfiguration(NETWORK).update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Check Live on the app row: the rolled certificate is an error on its line, the ending one counts down', async () => {
    const doc = await portalConfig();
    const h = await hooks();
    const app = findRow(await h.providersTree(), 'app', 'portal');
    assert.ok(app?.pointer);
    // What the view's inline action passes: the row, with its config entry and node.
    const outcome = await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive', { type: 'node', entry: { uri: doc.uri }, node: { pointer: app.pointer } });
    assert.equal(outcome.offline, undefined);
    assert.equal(server.count('/portal/'), 1);
    const rolledDiag = await until('the rolled-over diagnostic', () => ours(doc.uri).find((d) => d.code === 'live.key-rolled-over'));
    assert.equal(rolledDiag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(rolledDiag.range), '"certificate"', 'the pinned certificate\'s key is underlined');
    assert.ok(ours(doc.uri).some((d) => d.code === 'live.key-staged'), 'the other published certificate is staged');
    const row = await until('the tree to show the live result', async () => {
      const r = findRow(await h.providersTree(), 'app', 'portal');
      return r?.severity === 'error' ? r : undefined;
    });
    assert.match(row.description ?? '', /expires in 1[12] d/, 'the published certificate pinned by thumbprint ends in 12 days');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the live diagnostics to go after an edit', () => !ours(doc.uri).some((d) => typeof d.code === 'string' && d.code.startsWith('live.')));
  });

  test('a rolled-over thumbprint gets a quick fix that pins the one certificate published now', async () => {
    server.publish('/single/federationmetadata.xml', 'application/xml', idpMetadata('https://idp.example/', [current]));
    const doc = await portalConfig('/single/federationmetadata.xml', false);
    await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive', doc.uri);
    const diag = await until('the rolled-over diagnostic', () => ours(doc.uri).find((d) => d.code === 'live.key-rolled-over'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const fix = actions.find((a) => a.title.startsWith('Pin the published certificate'));
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes(`"thumbprint": "${current.sha1}"`));
    assert.ok(!doc.getText().includes(rolled.sha1));
  });
});
