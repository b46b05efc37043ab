import * as vscode from 'vscode';
import { COMPACT_JWE, COMPACT_JWT } from '../decoders/jwt/decode-jwt';
import { pickWorkspaceFile, readArtifactFile } from './inspect-artifact';

export interface ArtifactInput {
  /** The artifact's bytes (text as UTF-8; a DER certificate as it is). */
  bytes: Uint8Array;
  /** Where it came from, for the report's subtitle. */
  source: string;
  /** Metadata aggregates: the entity to report in full (kept so "Verify with…" re-checks the same one). */
  entityId?: string;
}

export interface ArtifactPrompt {
  /** Whether clipboard text is the kind of artifact the command takes (else the user is asked before using it). */
  looksRight: (text: string) => boolean;
  /** The input box's prompt and placeholder ("Paste…"). */
  prompt: string;
  placeHolder: string;
  /** The quick pick's title, e.g. the command's name. */
  title: string;
  /** "Open File…": the file picker's title and the workspace files offered. */
  files: { title: string; pattern: string };
  /** What the artifact is, for messages ("a token", "a SAML message"). */
  what: string;
}

/**
 * The artifact a command acts on: the editor selection, else what the user picks — paste, a file, or the
 * clipboard. The clipboard is read only when the user picks it: in the browser VS Code a read may raise the
 * browser's permission error, so reading it unasked would greet the user with an error. Nothing is stored.
 */
export async function pickArtifactText(options: ArtifactPrompt): Promise<ArtifactInput | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection).trim();
    if (text) return { bytes: Buffer.from(text), source: 'selection' };
  }
  return chooseArtifactSource(options);
}

type Source = 'paste' | 'file' | 'clipboard';

/** The quick pick: Paste…, Open File…, From Clipboard. Never raises an error; Escape gives undefined. */
export async function chooseArtifactSource(options: ArtifactPrompt): Promise<ArtifactInput | undefined> {
  const web = vscode.env.uiKind === vscode.UIKind.Web;
  const items: Array<vscode.QuickPickItem & { source: Source }> = [
    { source: 'paste', label: '$(edit) Paste…', description: options.placeHolder },
    { source: 'file', label: '$(file) Open File…', description: 'a file in the workspace, or browse' },
    { source: 'clipboard', label: '$(clippy) From Clipboard', ...(web ? { description: 'the browser may ask to allow reading the clipboard' } : {}) },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: `Where is ${options.what}? (or select it in an editor first)`, ignoreFocusOut: true });
  switch (picked?.source) {
    case 'paste':
      return typeArtifact(options);
    case 'file': {
      const uri = await pickWorkspaceFile(options.files.title, options.files.pattern);
      return uri ? readArtifactFile(uri) : undefined;
    }
    case 'clipboard':
      return fromClipboard(options);
    default:
      return undefined;
  }
}

/**
 * The clipboard's text, asked for. A read the browser refuses (VS Code shows its own notice and gives empty
 * text) or an empty clipboard gets a calm message offering the input box instead.
 */
async function fromClipboard(options: ArtifactPrompt): Promise<ArtifactInput | undefined> {
  let text = '';
  try {
    text = (await vscode.env.clipboard.readText()).trim();
  } catch {
    text = ''; // a refused read: answered below like an empty clipboard
  }
  const paste = 'Paste…';
  if (!text) {
    const choice = await vscode.window.showInformationMessage(`SSO Lens: nothing to read from the clipboard here${vscode.env.uiKind === vscode.UIKind.Web ? ' (the browser may not allow it)' : ''}. Paste ${options.what} instead?`, paste);
    return choice === paste ? typeArtifact(options) : undefined;
  }
  if (options.looksRight(text)) return { bytes: Buffer.from(text), source: 'clipboard' };
  const useIt = 'Use It Anyway';
  const choice = await vscode.window.showInformationMessage(`SSO Lens: the clipboard does not look like ${options.what}.`, useIt, paste);
  if (choice === useIt) return { bytes: Buffer.from(text), source: 'clipboard' };
  return choice === paste ? typeArtifact(options) : undefined;
}

/** An input box for pasting or typing an artifact. */
export async function typeArtifact(options: { prompt: string; placeHolder: string }): Promise<ArtifactInput | undefined> {
  const typed = await vscode.window.showInputBox({ prompt: options.prompt, placeHolder: options.placeHolder, ignoreFocusOut: true, password: false });
  return typed?.trim() ? { bytes: Buffer.from(typed.trim()), source: 'input' } : undefined;
}

/** Clipboard text worth taking as a token without asking: a JWT/JWE, bare or after `Bearer `, or in a URL. */
export function looksLikeToken(t: string): boolean {
  const bare = t.replace(/^Bearer\s+/i, '');
  return COMPACT_JWT.test(bare) || COMPACT_JWE.test(bare) || /[#?&](id_token|access_token)=eyJ/.test(t);
}

/** Clipboard text worth taking as a SAML message: XML, a binding's parameter, or long base64. */
export function looksLikeSaml(t: string): boolean {
  return /^</.test(t) || /SAML(Response|Request)=/.test(t) || /^PD94bWw|^PHNhbWxw|^PHNhbWw6|^PFJlc3Bvbn/.test(t) || /^[A-Za-z0-9+/=\s]{200,}$/.test(t);
}
