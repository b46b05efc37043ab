import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import { type ArtifactInput, looksLikeToken, pickArtifactText } from './artifact-input';
import { pickWorkspaceFile, readPickedFile, showInspection } from './inspect-artifact';
import type { Services } from './services';

/** "SSO Lens: Decode Token": the selection, else what the user picks (paste, a file, the clipboard). */
export async function decodeToken(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  const input = typeof arg === 'string' && arg.trim() ? { bytes: Buffer.from(arg.trim()), source: 'argument' } : await pickArtifactText({ looksRight: looksLikeToken, prompt: 'Paste an ID token, access token or JWE', placeHolder: 'eyJ…', title: 'Decode Token', what: 'a token', files: { title: 'Token file', pattern: '**/*.{jwt,jwe,token,txt}' } });
  if (!input) return undefined;
  return showInspection(services, input);
}

/**
 * "SSO Lens: Verify Signature…" (the report's "Verify with…"): re-inspect the last artifact with
 * keys the user picks, or with the trust file `arg` (a Uri) without asking.
 */
export async function verifySignature(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  const input = services.lastInput;
  if (!input) {
    void vscode.window.showInformationMessage('SSO Lens: decode a token or SAML message first, then verify it.');
    return undefined;
  }
  if (arg instanceof vscode.Uri) return verifyWithFile(services, input, arg);
  const isToken = looksLikeToken(Buffer.from(input.bytes).toString('utf8').trim());
  type Choice = vscode.QuickPickItem & { choice: 'discovery' | 'file' };
  const items: Choice[] = [];
  if (isToken) {
    items.push({
      choice: 'discovery',
      label: '$(globe) The issuer\'s published keys',
      description: services.settings.networkAllowed ? 'discovery from the token\'s iss' : 'unavailable: network is off or the workspace is untrusted',
    });
  }
  items.push({ choice: 'file', label: '$(file) A key, certificate or metadata file…', description: 'JWKS, PEM, certificate or SAML metadata' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Verify with', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.choice === 'discovery') {
    if (!services.settings.networkAllowed) {
      void vscode.window.showWarningMessage('SSO Lens: fetching keys is disabled (setting ssoLens.network.enabled, or an untrusted workspace). Pick a key file instead.');
      return undefined;
    }
    return showInspection(services, input, services.inspectOptions());
  }
  const uri = await pickWorkspaceFile('Trust material', '**/*.{json,jwks,pem,crt,cer,der,xml}');
  if (!uri) return undefined;
  return verifyWithFile(services, input, uri);
}

async function verifyWithFile(services: Services, input: ArtifactInput, uri: vscode.Uri): Promise<InspectReport | undefined> {
  const bytes = await readPickedFile(uri);
  if (!bytes) return undefined;
  const trust = services.core.loadTrustMaterial(bytes, vscode.workspace.asRelativePath(uri));
  if (!trust.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${trust.error.message}`);
    return undefined;
  }
  services.rememberTrust(trust.value);
  const options = services.inspectOptions({ trust: trust.value });
  delete options.keySource; // the user chose these keys; do not fall back to fetched ones
  return showInspection(services, input, options);
}
