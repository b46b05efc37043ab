import * as vscode from 'vscode';
import { LIMITS } from '../decoders/limits';
import type { InspectReport } from '../decoders/result';
import type { ComparisonReport } from '../model/compare';
import type { KeepCategory, RedactionCategory } from '../model/redact';
import { type ArtifactInput, chooseArtifactSource, looksLikeSaml, looksLikeToken, pickArtifactText } from './artifact-input';
import { mapAutomatically } from './auto-mapping';
import { readArtifactFile, readPickedFile } from './inspect-artifact';
import type { Services } from './services';

const looksLikeArtifact = (t: string): boolean => looksLikeToken(t) || looksLikeSaml(t);

/** An argument as an artifact: text, a file Uri, or undefined (then the user picks). */
async function artifactFromArg(arg: unknown): Promise<ArtifactInput | undefined> {
  if (typeof arg === 'string' && arg.trim()) return { bytes: Buffer.from(arg.trim()), source: 'argument' };
  if (arg instanceof vscode.Uri) return readArtifactFile(arg);
  return undefined;
}

const CAPTURE_FILES = '**/*.{jwt,txt,xml,b64,base64,har,json}';

/** The second artifact: pasted, a file or the clipboard (the selection may well be the first one). */
function pickSecond(): Promise<ArtifactInput | undefined> {
  return chooseArtifactSource({
    looksRight: looksLikeArtifact,
    prompt: 'Paste the ID token or SAML response to compare with',
    placeHolder: 'eyJ… or PHNhbWxwOlJlc3BvbnNl…',
    title: 'Compare with which capture?',
    what: 'a token, SAML response or HAR',
    files: { title: 'Compare with', pattern: CAPTURE_FILES },
  });
}

async function inspectInput(services: Services, input: ArtifactInput): Promise<InspectReport | undefined> {
  const result = await services.core.inspectArtifact(input.bytes, services.inspectOptions());
  if (!result.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${input.source}: ${result.error.message}`);
    return undefined;
  }
  return mapAutomatically(services, result.value);
}

/**
 * "Compare With…" (palette, and the report's button): the artifact shown (or one the user picks)
 * against a second one — claims, signature, conditions and, when a workspace config app applies to
 * both, the teams gained or lost and the rules that made the difference.
 * Arguments (optional, for tests): A and B as text or file Uri.
 */
export async function compareWith(services: Services, firstArg?: unknown, secondArg?: unknown): Promise<ComparisonReport | undefined> {
  const first =
    (await artifactFromArg(firstArg)) ??
    services.lastInput ??
    (await pickArtifactText({
      looksRight: looksLikeArtifact,
      prompt: 'Paste the first ID token or SAML response (A)',
      placeHolder: 'eyJ… or PHNhbWxwOlJlc3BvbnNl…',
      title: 'Compare: the first capture (A)',
      what: 'a token, SAML response or HAR',
      files: { title: 'Compare: the first capture (A)', pattern: CAPTURE_FILES },
    }));
  if (!first) return undefined;
  const second = (await artifactFromArg(secondArg)) ?? (await pickSecond());
  if (!second) return undefined;
  const a = await inspectInput(services, first);
  const b = a && (await inspectInput(services, second));
  if (!a || !b) return undefined;
  const core = services.core;
  const comparison = core.compareArtifacts({ report: a, source: first.source }, { report: b, source: second.source });
  services.panel.showPage({
    title: 'Comparison',
    subtitle: `A: ${first.source} · B: ${second.source} · ${comparison.data.equivalent ? 'no difference that matters' : 'they differ'}`,
    sections: core.presentComparison(comparison.data),
    actions: [],
  });
  return comparison;
}

const KEEP_CHOICES: Array<{ label: string; description: string; keep: KeepCategory }> = [
  { label: 'Keep object IDs', description: 'oid, sub, group IDs (needed to diagnose group mapping)', keep: 'oid' },
  { label: 'Keep e-mail addresses', description: 'email, upn, preferred_username', keep: 'email' },
  { label: 'Keep names', description: 'name, given_name, family_name', keep: 'name' },
];

/**
 * "Export Redacted Capture…": a copy of a HAR or SAML-tracer export with secrets and personal data
 * replaced by stable placeholders, written only where the user picks in the save dialog.
 * Arguments (optional, for the explorer menu and tests): the capture's Uri, the target Uri, and
 * the categories to keep.
 */
export async function exportRedactedCapture(services: Services, inputArg?: unknown, targetArg?: unknown, keepArg?: unknown): Promise<{ target: vscode.Uri; removed: Record<RedactionCategory, number> } | undefined> {
  let source = inputArg instanceof vscode.Uri ? inputArg : undefined;
  if (!source) {
    const active = vscode.window.activeTextEditor?.document.uri;
    source = active && /\.(har|json)$/i.test(active.path) ? active : (await vscode.window.showOpenDialog({ title: 'Capture to redact (HAR or SAML-tracer export)', canSelectMany: false, filters: { 'HAR / SAML-tracer export': ['har', 'json'] } }))?.[0];
  }
  if (!source) return undefined;
  const bytes = await readPickedFile(source, LIMITS.maxInputBytes);
  if (!bytes) return undefined;
  let keep: KeepCategory[];
  if (Array.isArray(keepArg)) keep = keepArg.filter((k): k is KeepCategory => k === 'oid' || k === 'email' || k === 'name');
  else {
    const picked = await vscode.window.showQuickPick(KEEP_CHOICES, { title: 'Redact everything personal, or keep some of it?', canPickMany: true, ignoreFocusOut: true, placeHolder: 'Pick nothing to redact all personal data' });
    if (!picked) return undefined;
    keep = picked.map((p) => p.keep);
  }
  const core = services.core;
  const outcome = core.redactCapture(bytes, { keep });
  if (!outcome.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(source)}: ${outcome.error.message}`);
    return undefined;
  }
  const suggested = source.with({ path: source.path.replace(/(\.[^./]+)?$/, (ext) => `.redacted${ext || '.har'}`) });
  const target = targetArg instanceof vscode.Uri ? targetArg : await vscode.window.showSaveDialog({ title: 'Save the redacted capture', defaultUri: suggested, filters: { 'HAR / JSON': ['har', 'json'] } });
  if (!target) return undefined;
  if (target.toString() === source.toString()) {
    void vscode.window.showWarningMessage('SSO Lens: the redacted copy must not replace the original capture; pick another file.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(outcome.value.text));
  const removed = outcome.value.removed;
  const counts = Object.entries(removed)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  services.logger.info(`exported a redacted capture (${outcome.value.requests} requests; replaced: ${counts || 'nothing'})`);
  void vscode.window.showInformationMessage(`SSO Lens: redacted copy written to ${vscode.workspace.asRelativePath(target)}. Replaced: ${counts || 'nothing found'}.`);
  return { target, removed };
}
