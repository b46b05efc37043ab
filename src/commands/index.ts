import * as vscode from 'vscode';
import type { DisposableStore } from '../platform/disposables';
import { redact } from '../platform/redact';
import { compareWith, exportRedactedCapture } from './capture-commands';
import { importConfig, moveSecretToStorage, newConfigFromTemplate, refreshProviders, revealConfigNode } from './config-commands';
import { COMMAND_IDS, type CommandId } from './ids';
import { checkLive } from './live-commands';
import { showPersonas, testWithToken } from './mapping-commands';
import { decodeSamlMessage, decryptWith, inspectFile, inspectMetadata, pickEntity } from './saml-commands';
import { signInAsApp, signInWithDeviceCode } from './sign-in-commands';
import { testSamlSignIn } from './saml-sign-in-commands';
import type { Services } from './services';
import { decodeToken, verifySignature } from './token-commands';
import { openFlowStep } from './flow-commands';
import { ownEntry } from '../decoders/own-entry';
import { resolveWorkspaceFileArgs } from './workspace-file-arg';

type Handler = (services: Services, ...args: unknown[]) => unknown;

/** The one table of commands. package.json's contributes.commands is held to it by a test. */
export const COMMANDS: Record<CommandId, Handler> = {
  [COMMAND_IDS.decodeToken]: decodeToken,
  [COMMAND_IDS.verifySignature]: verifySignature,
  [COMMAND_IDS.decodeSamlMessage]: decodeSamlMessage,
  [COMMAND_IDS.inspectMetadata]: inspectMetadata,
  [COMMAND_IDS.inspectFile]: inspectFile,
  [COMMAND_IDS.decryptSamlAssertion]: decryptWith,
  [COMMAND_IDS.pickEntity]: pickEntity,
  [COMMAND_IDS.showLog]: (services) => services.logger.show(),
  [COMMAND_IDS.importConfig]: importConfig,
  [COMMAND_IDS.newConfigFromTemplate]: newConfigFromTemplate,
  [COMMAND_IDS.refreshProviders]: refreshProviders,
  [COMMAND_IDS.revealConfigNode]: revealConfigNode,
  [COMMAND_IDS.moveSecretToStorage]: moveSecretToStorage,
  [COMMAND_IDS.testWithToken]: testWithToken,
  [COMMAND_IDS.showPersonas]: showPersonas,
  [COMMAND_IDS.checkLive]: checkLive,
  [COMMAND_IDS.signInAsApp]: signInAsApp,
  [COMMAND_IDS.signInWithDeviceCode]: signInWithDeviceCode,
  [COMMAND_IDS.testSamlSignIn]: testSamlSignIn,
  [COMMAND_IDS.compareWith]: compareWith,
  [COMMAND_IDS.exportRedactedCapture]: exportRedactedCapture,
  [COMMAND_IDS.openFlowStep]: openFlowStep,
};

/** Registers every command; a failure is logged and shown once with "Show Log", never swallowed. */
export function registerCommands(store: DisposableStore, services: Services): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    store.add(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          // Walkthrough links name example files as { "workspaceFile": "…" }.
          const resolved = await resolveWorkspaceFileArgs(args, services.context.extensionUri);
          if (!resolved.ok) {
            void vscode.window.showWarningMessage(`SSO Lens: ${resolved.missing} is not in this workspace. Open SSO Lens's examples folder (File → Open Folder…) to follow the walkthroughs.`);
            return undefined;
          }
          return await handler(services, ...resolved.args);
        } catch (e) {
          services.logger.error(`command ${id} failed`, e);
          const choice = await vscode.window.showErrorMessage(`SSO Lens: ${id.replace('ssoLens.', '')} failed: ${redact((e as Error).message)}`, 'Show Log');
          if (choice === 'Show Log') services.logger.show();
          return undefined;
        }
      }),
    );
  }
}

/** The report's buttons, as the commands they run. */
const REPORT_ACTIONS: Record<string, CommandId> = {
  verify: COMMAND_IDS.verifySignature,
  decrypt: COMMAND_IDS.decryptSamlAssertion,
  entity: COMMAND_IDS.pickEntity,
  compare: COMMAND_IDS.compareWith,
  openStep: COMMAND_IDS.openFlowStep,
};

/**
 * Report buttons run through the registered commands, so failures are shown the same way. The
 * panel has already checked the message (a button it shows, or a step its diagram draws).
 */
export function onReportAction(action: string, step?: number): void {
  // A flow's "Open step" row (step:N) and a step's "Back to Flow" (step:0).
  const row = /^step:(\d{1,5})$/.exec(action);
  if (row) {
    void vscode.commands.executeCommand(COMMAND_IDS.openFlowStep, Number(row[1]));
    return;
  }
  const id = ownEntry(REPORT_ACTIONS, action);
  if (!id) return;
  // A click on a step of the flow diagram.
  if (action === 'openStep') {
    if (typeof step === 'number' && Number.isInteger(step)) void vscode.commands.executeCommand(id, step);
    return;
  }
  void vscode.commands.executeCommand(id);
}
