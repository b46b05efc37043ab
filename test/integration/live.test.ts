/**
 * "Check Live" and the expiry countdown inside a real VS Code, over the examples workspace. The
 * config checked live is an unsaved editor (nothing is written) naming a loopback https IdP whose
 * throw-away CA the extension is told to trust through its test hook; production TLS is untouched.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { idpCertificate, idpMetadata, publishingServer, type IdpCertificate } from '../builders/published-keys';
import type { ProvidersSnapshot } from '../../src/views/config-tree';
import { exampleUri, EXTENSION_ID, ours, testHooks, until } from './workspace';

interface Hooks {
  providersTree(): Promise<ProvidersSnapshot[]>;
  providersRow(label: string, contextValue: RegExp): Promise<unknown>;
  configIdle(): Promise<void>;
  terraformIdle(): Promise<void>;
  trustLiveTestCa(ca: string | undefined): void;
}

interface Outcome {
  offline?: string;
  files: Array<{ uri: vscode.Uri; result: { fetched: boolean; sources: Array<{ url: string; status: string; reason?: string }>; findings: Array<{ id: string; path: string }> } }>;
  skipped: vscode.Uri[];
}

/** The Providers row of an app, as its inline action receives it: the config entry and the node. */
interface AppRow {
  type: string;
  entry: { uri: vscode.Uri; text: string };
  node: { pointer: string };
}

const hooks = (): Promise<Hooks> => testHooks<Hooks>();



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

  let serial = 0;
  /**
   * A fresh unsaved `live-portal-N.sso.json` in the workspace: one SAML app pinning a rolled and an ending
   * certificate. Each call uses a new name, so a test never meets the document (or the store's entry for
   * it) that the previous test's teardown closed, and it waits until the store has validated exactly
   * this text.
   */
  async function portalConfig(path = '/portal/federationmetadata.xml', withEnding = true): Promise<{ doc: vscode.TextDocument; row: AppRow }> {
    const uri = exampleUri(`live-portal-${++serial}.sso.json`).with({ scheme: 'untitled' });
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
    const text = JSON.stringify(config, null, 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText(), text, 'a new, empty unsaved editor now holding exactly this config');
    await vscode.window.showTextDocument(doc);
    const h = await hooks();
    const row = await until('this unsaved config in the Providers view', async () => {
      const r = (await h.providersRow('portal', /^ssoLens\.config\.app/)) as AppRow | undefined;
      return r?.entry.uri.toString() === uri.toString() && r.entry.text === text ? r : undefined;
    });
    return { doc, row };
  }

  /** The one file Check Live compared, with what it fetched; says why when it fetched nothing. */
  function checked(outcome: Outcome, doc: vscode.TextDocument): Outcome['files'][number]['result'] {
    assert.deepEqual(outcome.skipped, [], 'the config has no schema errors');
    assert.deepEqual(outcome.files.map((f) => f.uri.toString()), [doc.uri.toString()], 'exactly this config was checked');
    const result = outcome.files[0]?.result;
    assert.ok(result);
    assert.deepEqual(result.sources.map((s) => `${s.status} ${s.url}${s.reason ? `: ${s.reason}` : ''}`), [`fetched ${server.origin}/portal/federationmetadata.xml`]);
    return result;
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
      const { doc } = await portalConfig();
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
    const { doc, row: app } = await portalConfig();
    const h = await hooks();
    // What the view's inline action passes: the row, with its config entry and node.
    const outcome = await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive', app);
    assert.equal(outcome.offline, undefined);
    checked(outcome, doc);
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

  test('Check Live on a Terraform app row: a signing certificate the sidecar pins and the IdP no longer publishes is an error on its sidecar line', async () => {
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus['view/item/context'] ?? [];
    const when = menus.find((m) => m.command === 'ssoLens.checkLive')?.when ?? '';
    const pattern = new RegExp(/viewItem =~ \/(.+)\/$/.exec(when)?.[1] ?? '^$');
    for (const row of ['ssoLens.terraform.app.saml', 'ssoLens.terraform.app.oidc', 'terraformModule']) assert.ok(pattern.test(row), `Check Live is offered on ${row} rows (${when})`);
    // The Spark module's sidecar (never saved) names the loopback IdP's metadata instead of Entra's.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const sidecar = exampleUri('terraform', 'spark', 'sso-lens.terraform.json');
    const doc = await vscode.workspace.openTextDocument(sidecar);
    const entra = 'https://login.microsoftonline.com/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/federationmetadata/2007-06/federationmetadata.xml?appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64';
    assert.ok(doc.getText().includes(entra));
    server.publish('/spark/federationmetadata.xml', 'application/xml', idpMetadata('https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/', [current]));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(sidecar, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), doc.getText().split(entra).join(`${server.origin}/spark/federationmetadata.xml`));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.window.showTextDocument(doc);
    const h = await hooks();
    const before = server.count('/spark/');
    const row = await until('the Spark app row read with the edit', async () => {
      await h.terraformIdle();
      const r = (await h.providersRow('Coherent Spark (Keycloak)', /^ssoLens\.terraform\.app\.saml$/)) as { check: { files: Map<string, string> } } | undefined;
      return r && r.check.files.get(sidecar.path) === doc.getText() ? r : undefined;
    });
    const outcome = await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive', row);
    assert.equal(outcome.offline, undefined);
    assert.deepEqual(outcome.files[0]?.result.sources.map((s) => `${s.status} ${s.url}${s.reason ? `: ${s.reason}` : ''}`), [`fetched ${server.origin}/spark/federationmetadata.xml`, `fetched ${server.origin}/spark/federationmetadata.xml`], "the app's metadata and the broker's, the same document");
    assert.equal(server.count('/spark/') - before, 1, 'fetched once');
    const rolled = await until('the rolled-over diagnostic on the sidecar', () => ours(sidecar).find((d) => d.code === 'live.key-rolled-over'));
    assert.equal(rolled.severity, vscode.DiagnosticSeverity.Error);
    assert.match(doc.lineAt(rolled.range.start.line).text, /"signing": \{ "certificate": \{ "file": "\.\.\/\.\.\/certs\/entra-spark-signing\.cer" \}/, 'on the line that pins it');
    assert.match(rolled.message, /\(Check Live\)$/);

    // From the palette with one of the module's .tf files active: that module is checked (found in review:
    // the palette looked at config files only).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri('terraform', 'spark', 'main.tf')));
    const fromPalette = await vscode.commands.executeCommand<Outcome>('ssoLens.checkLive');
    assert.equal(fromPalette.files[0]?.uri.path, exampleUri('terraform', 'spark').path, 'the Spark module is checked');
    assert.equal(server.count('/spark/') - before, 2, 'fetched once more');
    await vscode.window.showTextDocument(doc);

    const again = new vscode.WorkspaceEdit();
    again.insert(sidecar, new vscode.Position(0, 0), '// edited\n');
    assert.ok(await vscode.workspace.applyEdit(again));
    await until('the live diagnostics to go after an edit', async () => {
      await h.terraformIdle();
      return !ours(sidecar).some((d) => typeof d.code === 'string' && d.code.startsWith('live.'));
    });
  });

  test('a rolled-over thumbprint gets a quick fix that pins the one certificate published now', async () => {
    server.publish('/single/federationmetadata.xml', 'application/xml', idpMetadata('https://idp.example/', [current]));
    const { doc } = await portalConfig('/single/federationmetadata.xml', false);
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
