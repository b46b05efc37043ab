import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as vscode from 'vscode';
import type { TrustMaterial } from '../decoders/keys/trusted-key';
import { LIMITS } from '../decoders/limits';
import type { MetadataData } from '../decoders/metadata/metadata-data';
import type { InspectReport } from '../decoders/result';
import { type ArtifactInput, looksLikeSaml, pickArtifactText } from './artifact-input';
import { pickWorkspaceFile, readArtifactFile, readPickedFile, showInspection } from './inspect-artifact';
import type { Services } from './services';


const SAML_PROMPT = { prompt: 'Paste a SAMLResponse/SAMLRequest (XML, base64, or the whole redirect URL)', placeHolder: 'PHNhbWxwOlJlc3BvbnNl… or https://…?SAMLRequest=…' };
const SAML_FILES = '**/*.{xml,b64,base64,txt,saml}';
const METADATA_FILES = '**/*.xml';
/** A metadata URL may serve a federation aggregate (50–100 MB): more time and bytes than key fetches. */
const METADATA_FETCH = { timeoutMs: 60_000, maxBytes: LIMITS.maxMetadataAggregateBytes };

/** The text (a SAML message pasted by a caller) or file (a Uri) a command was invoked with. */
async function inputFromArgument(arg: unknown): Promise<ArtifactInput | undefined> {
  if (typeof arg === 'string' && arg.trim()) return { bytes: Buffer.from(arg.trim()), source: 'argument' };
  if (arg instanceof vscode.Uri) return readArtifactFile(arg);
  return undefined;
}

/**
 * "SSO Lens: Decode SAML Message": the text or Uri argument, else the selection, else what the user
 * picks: a pasted message, a workspace file or the clipboard.
 */
export async function decodeSamlMessage(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  const input =
    (await inputFromArgument(arg)) ??
    (await pickArtifactText({ looksRight: looksLikeSaml, ...SAML_PROMPT, title: 'Decode SAML Message', what: 'a SAML message', files: { title: 'SAML message file', pattern: SAML_FILES } }));
  if (!input) return undefined;
  return showInspection(services, input);
}

/** Arguments tests and other extensions pass to drive "Inspect Federation Metadata" without pickers. */
export interface MetadataCommandOptions {
  /** Report this entity of an aggregate in full. */
  entityId?: string;
  /** false: do not offer the entity quick pick after an aggregate. */
  pickEntity?: boolean;
}

function metadataOptions(arg: unknown): MetadataCommandOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const o = arg as Record<string, unknown>;
  return {
    ...(typeof o['entityId'] === 'string' ? { entityId: o['entityId'] } : {}),
    ...(typeof o['pickEntity'] === 'boolean' ? { pickEntity: o['pickEntity'] } : {}),
  };
}

/**
 * "SSO Lens: Inspect Federation Metadata": a file (the Uri argument, or picked), or an https URL
 * when online in a trusted workspace. For an aggregate the user then picks one entity.
 */
export async function inspectMetadata(services: Services, arg?: unknown, opts?: unknown): Promise<InspectReport | undefined> {
  const options = metadataOptions(opts);
  const input = arg instanceof vscode.Uri ? await readArtifactFile(arg) : await pickMetadataSource(services);
  if (!input) return undefined;
  if (options.entityId !== undefined) return showInspection(services, { ...input, entityId: options.entityId });
  const report = await showInspection(services, input);
  if (!report || options.pickEntity === false || !needsEntityPick(report)) return report;
  return (await pickEntity(services)) ?? report;
}

async function pickMetadataSource(services: Services): Promise<ArtifactInput | undefined> {
  const items: Array<vscode.QuickPickItem & { choice: 'file' | 'url' }> = [
    { choice: 'file', label: '$(file) A metadata file in the workspace…' },
    { choice: 'url', label: '$(globe) A metadata URL…', description: services.settings.networkAllowed ? 'e.g. the App Federation Metadata URL' : 'unavailable: network is off or the workspace is untrusted' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Inspect federation metadata', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.choice === 'file') {
    const uri = await pickWorkspaceFile('Metadata file', METADATA_FILES);
    return uri ? readArtifactFile(uri) : undefined;
  }
  if (!services.settings.networkAllowed) {
    void vscode.window.showWarningMessage('SSO Lens: downloading metadata is disabled (setting ssoLens.network.enabled, or an untrusted workspace).');
    return undefined;
  }
  const url = await vscode.window.showInputBox({ prompt: 'Federation metadata URL (https)', placeHolder: 'https://login.microsoftonline.com/{tenant}/federationmetadata/2007-06/federationmetadata.xml?appid=…', ignoreFocusOut: true, validateInput: (v) => (/^https:\/\//i.test(v.trim()) ? undefined : 'an https URL') });
  if (!url) return undefined;
  const fetched = await new services.core.NodeFetcher(METADATA_FETCH).getText(url.trim());
  if (!fetched.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${fetched.error.message}`);
    return undefined;
  }
  return { bytes: Buffer.from(fetched.value.body), source: fetched.value.url };
}

/** An aggregate whose entities are listed but not shown in full. */
function needsEntityPick(report: InspectReport): boolean {
  if (report.kind !== 'saml-metadata') return false;
  const data = report.data as Partial<MetadataData>;
  return (data.entityIndex?.length ?? 0) > 0 && (data.entities?.length ?? 0) === 0;
}

/** The report's "Pick Entity…": a quick pick over the current aggregate's entities, then that entity's report. */
export async function pickEntity(services: Services): Promise<InspectReport | undefined> {
  const input = services.lastInput;
  const index = (services.panel.report?.data as Partial<MetadataData> | undefined)?.entityIndex;
  if (!input || !index?.length) {
    void vscode.window.showInformationMessage('SSO Lens: inspect a metadata aggregate (an EntitiesDescriptor) first, then pick one of its entities.');
    return undefined;
  }
  const items = index.map((e) => ({ label: e.entityId, description: e.roles.join(', ') }));
  const picked = await vscode.window.showQuickPick(items, { title: `Pick an entity (${index.length})`, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  return showInspection(services, { ...input, entityId: picked.label }, services.inspectOptions(trustOption(services)));
}

/**
 * "Decrypt with…": re-inspect the last SAML message or JWE with a private key file (the Uri
 * argument, or picked). The key is read now, used for this one inspection, and not kept anywhere.
 */
export async function decryptWith(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  const input = services.lastInput;
  if (!input) {
    void vscode.window.showInformationMessage('SSO Lens: decode a SAML message or an encrypted token (JWE) first, then decrypt it.');
    return undefined;
  }
  const uri = arg instanceof vscode.Uri ? arg : await pickWorkspaceFile('Private key (PEM) for the EncryptedAssertion or JWE', '**/*.{pem,key}');
  if (!uri) return undefined;
  const key = await readPrivateKey(uri);
  if (!key.ok) {
    if (key.why) void vscode.window.showWarningMessage(`SSO Lens: ${key.why}`);
    return undefined;
  }
  // The keys picked with "Verify with…" also check the decrypted assertion's or nested JWT's signature.
  return showInspection(services, input, services.inspectOptions({ ...trustOption(services), decryptionKeys: [key.value] }));
}

/** The private key in a PEM file; `why` says what is wrong (nothing when the size check already did). */
export async function readPrivateKey(uri: vscode.Uri): Promise<{ ok: true; value: KeyObject } | { ok: false; why?: string }> {
  const bytes = await readPickedFile(uri);
  if (!bytes) return { ok: false };
  try {
    return { ok: true, value: createPrivateKey(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch {
    // An encrypted PEM ("BEGIN ENCRYPTED PRIVATE KEY", or a Proc-Type: 4,ENCRYPTED header) needs its passphrase.
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
    const encrypted = /BEGIN ENCRYPTED PRIVATE KEY|Proc-Type:\s*4,ENCRYPTED/.test(head);
    return { ok: false, why: encrypted ? 'that private key is protected by a passphrase; export an unencrypted copy for this (e.g. `openssl pkey -in key.pem -out plain.pem`) and delete it afterwards.' : 'that file is not a PEM private key (PKCS#1 or PKCS#8).' };
  } finally {
    bytes.fill(0); // the PEM text does not outlive the KeyObject built from it
  }
}

function trustOption(services: Services): { trust?: TrustMaterial } {
  const trust = services.trustForLast;
  return trust ? { trust } : {};
}

/** "SSO Lens: Inspect File": any supported artifact from the explorer or the active editor. */
export async function inspectFile(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  if (arg instanceof vscode.Uri) {
    const input = await readArtifactFile(arg);
    return input ? showInspection(services, input) : undefined;
  }
  // From the palette: the active editor's text as it is now (unsaved edits and untitled editors too).
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showInformationMessage('SSO Lens: open the file to inspect, or run "Inspect File" from its context menu in the Explorer.');
    return undefined;
  }
  return showInspection(services, { bytes: Buffer.from(doc.getText()), source: vscode.workspace.asRelativePath(doc.uri) });
}
