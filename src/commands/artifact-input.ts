import * as vscode from 'vscode';
import { COMPACT_JWE, COMPACT_JWT } from '../decoders/jwt/decode-jwt';

export interface ArtifactInput {
  /** The artifact's bytes (text as UTF-8; a DER certificate as it is). */
  bytes: Uint8Array;
  /** Where it came from, for the report's subtitle. */
  source: string;
  /** Metadata aggregates: the entity to report in full (kept so "Verify with…" re-checks the same one). */
  entityId?: string;
}

/**
 * The artifact a command acts on: the editor selection, else the clipboard when it looks like
 * one, else `otherwise` (when given) or what the user types. Nothing is stored.
 */
export async function pickArtifactText(options: { looksRight: (text: string) => boolean; prompt: string; placeHolder: string; otherwise?: () => Promise<ArtifactInput | undefined> }): Promise<ArtifactInput | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection).trim();
    if (text) return { bytes: Buffer.from(text), source: 'selection' };
  }
  const clip = (await vscode.env.clipboard.readText()).trim();
  if (clip && options.looksRight(clip)) return { bytes: Buffer.from(clip), source: 'clipboard' };
  if (options.otherwise) return options.otherwise();
  return typeArtifact(options);
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
