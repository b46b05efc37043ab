import { createPrivateKey } from 'node:crypto';
import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import { pickArtifactText } from './artifact-input';
import { pickWorkspaceFile, readPickedFile, showInspection } from './inspect-artifact';
import type { Services } from './services';

const looksLikeSaml = (t: string): boolean => /^</.test(t) || /SAML(Response|Request)=/.test(t) || /^PD94bWw|^PHNhbWxw|^PHNhbWw6|^PFJlc3Bvbn/.test(t) || /^[A-Za-z0-9+/=\s]{200,}$/.test(t);

/** "SSO Lens: Decode SAML Message": selection, clipboard, a file, or an input box. */
export async function decodeSamlMessage(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  if (arg instanceof vscode.Uri) {
    return showInspection(services, { bytes: await readPickedFile(arg), source: vscode.workspace.asRelativePath(arg) });
  }
  const input = await pickArtifactText({ looksRight: looksLikeSaml, prompt: 'Paste a SAMLResponse/SAMLRequest (XML, base64, or the whole redirect URL)', placeHolder: 'PHNhbWxwOlJlc3BvbnNl… or https://…?SAMLRequest=…' });
  if (!input) return undefined;
  return showInspection(services, input);
}

/** "SSO Lens: Inspect Federation Metadata": a file, or a URL when online in a trusted workspace. */
export async function inspectMetadata(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  if (arg instanceof vscode.Uri) {
    return showInspection(services, { bytes: await readPickedFile(arg), source: vscode.workspace.asRelativePath(arg) });
  }
  const items: Array<vscode.QuickPickItem & { choice: 'file' | 'url' }> = [
    { choice: 'file', label: '$(file) A metadata file in the workspace…' },
    { choice: 'url', label: '$(globe) A metadata URL…', description: services.settings.networkAllowed ? 'e.g. the App Federation Metadata URL' : 'unavailable: network is off or the workspace is untrusted' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Inspect federation metadata', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.choice === 'file') {
    const uri = await pickWorkspaceFile('Metadata file', '**/*.xml');
    if (uri) return showInspection(services, { bytes: await readPickedFile(uri), source: vscode.workspace.asRelativePath(uri) });
    return undefined;
  }
  if (!services.settings.networkAllowed) {
    void vscode.window.showWarningMessage('SSO Lens: downloading metadata is disabled (setting ssoLens.network.enabled, or an untrusted workspace).');
    return undefined;
  }
  const url = await vscode.window.showInputBox({ prompt: 'Federation metadata URL (https)', placeHolder: 'https://login.microsoftonline.com/{tenant}/federationmetadata/2007-06/federationmetadata.xml?appid=…', ignoreFocusOut: true, validateInput: (v) => (/^https:\/\//i.test(v.trim()) ? undefined : 'an https URL') });
  if (!url) return undefined;
  const core = services.core;
  const fetched = await new core.NodeFetcher({ maxBytes: 64 * 1024 * 1024 }).getText(url.trim());
  if (!fetched.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${fetched.error.message}`);
    return undefined;
  }
  return showInspection(services, { bytes: Buffer.from(fetched.value.body), source: fetched.value.url });
}

/** "Decrypt with…": re-inspect the last SAML message with a private key the user picks. The key is not kept. */
export async function decryptWith(services: Services): Promise<InspectReport | undefined> {
  const input = services.lastInput;
  if (!input) return undefined;
  const uri = await pickWorkspaceFile('Private key (PEM) for the EncryptedAssertion', '**/*.{pem,key}');
  if (!uri) return undefined;
  let key;
  try {
    key = createPrivateKey(Buffer.from(await readPickedFile(uri)));
  } catch {
    void vscode.window.showWarningMessage('SSO Lens: that file is not a PEM private key (PKCS#1 or PKCS#8).');
    return undefined;
  }
  return showInspection(services, input, services.inspectOptions({ decryptionKeys: [key] }));
}

/** "SSO Lens: Inspect File": any supported artifact from the explorer or the active editor. */
export async function inspectFile(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return undefined;
  return showInspection(services, { bytes: await readPickedFile(uri), source: vscode.workspace.asRelativePath(uri) });
}
