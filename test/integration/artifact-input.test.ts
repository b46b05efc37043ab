/**
 * Runs inside a real VS Code: with nothing selected, the commands that take an artifact ask where it is
 * (Paste…, Open File…, From Clipboard) instead of reading the clipboard unasked, and each choice works.
 * The quick pick is driven with the workbench's own list commands, as the keyboard would.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri } from './workspace';

interface ReportLike {
  kind: string;
  data: { mapping?: { app: { id: string }; teams: string[] } };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CHOICE = { paste: 0, file: 1, clipboard: 2 } as const;

/**
 * Runs `command` and, once its quick pick is open, picks the item at `index` (then the first item of each
 * following quick pick, e.g. the file list). The extension API cannot see a quick pick, so each round waits
 * and retries until the command settles; picking in a closed quick pick does nothing.
 */
async function runPicking<T>(command: string, args: unknown[], picks: number[]): Promise<T | undefined> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand<T | undefined>(command, ...args)).finally(() => (settled = true));
  for (const index of picks) {
    await sleep(1500);
    if (settled) break;
    for (let i = 0; i < index; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  const timeout = sleep(60_000).then(() => 'timeout' as const);
  const outcome = await Promise.race([running, timeout]);
  assert.notEqual(outcome, 'timeout', `${command} settled after the picks`);
  return outcome as T | undefined;
}

async function tokenText(name: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(exampleUri('tokens', name))).toString('utf8').trim();
}

suite('Artifact input: the selection, else Paste…, Open File…, From Clipboard', () => {
  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Decode Token with nothing selected: "From Clipboard" decodes the token on the clipboard', async () => {
    await vscode.env.clipboard.writeText(await tokenText('entra-v2-id-token.jwt'));
    const report = await runPicking<ReportLike>('ssoLens.decodeToken', [], [CHOICE.clipboard]);
    assert.equal(report?.kind, 'jwt');
  });

  test('Decode Token with nothing selected: "Open File…" offers the workspace\'s token files', async () => {
    await vscode.env.clipboard.writeText('not a token: the clipboard is not read for this choice');
    const report = await runPicking<ReportLike>('ssoLens.decodeToken', [], [CHOICE.file, 0]);
    assert.ok(report && ['jwt', 'jwe'].includes(report.kind), `a token file was decoded: ${report?.kind}`);
  });

  test('Decode Token with nothing selected: "Paste…" opens the input box; leaving it empty ends quietly', async () => {
    const report = await runPicking<ReportLike>('ssoLens.decodeToken', [], [CHOICE.paste, 0]);
    assert.equal(report, undefined);
  });

  test('Escape on the quick pick ends the command without an error', async () => {
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken')).finally(() => (settled = true));
    await sleep(1500);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    for (let i = 0; i < 100 && !settled; i++) await sleep(100);
    assert.equal(await running, undefined);
  });

  test('Test with a Token… on the Palette app: "From Clipboard" maps the token on the clipboard', async () => {
    await vscode.env.clipboard.writeText(await tokenText('palette-admin-id-token.jwt'));
    const report = await runPicking<ReportLike>('ssoLens.testWithToken', [exampleUri('palette.sso.json'), 'palette'], [CHOICE.clipboard]);
    assert.equal(report?.data.mapping?.app.id, 'palette');
    assert.equal(report.data.mapping.teams.length, 2);
  });

  test('a selection is taken first, without any quick pick', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('tokens', 'entra-v2-id-token.jwt'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.lineAt(0).range.start, doc.lineAt(0).range.end);
    await vscode.env.clipboard.writeText('not a token');
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken');
    assert.equal(report?.kind, 'jwt');
  });
});
