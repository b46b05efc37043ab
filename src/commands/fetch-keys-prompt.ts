import * as vscode from 'vscode';

/**
 * Asks once per host per session whether SSO Lens may fetch a token issuer's keys from a host no
 * config names (README "Privacy and security model"). Both answers are remembered for the session.
 */
export class FetchKeysPrompt {
  private readonly answers = new Map<string, Promise<boolean>>();
  /** Extension tests set the answer instead of clicking a notification; undefined means "Not now". */
  testAnswer: boolean | undefined;

  private readonly testMode: boolean;

  constructor(context: vscode.ExtensionContext) {
    this.testMode = context.extensionMode === vscode.ExtensionMode.Test;
  }

  ask(host: string): Promise<boolean> {
    let answer = this.answers.get(host);
    if (!answer) {
      answer = this.testMode
        ? Promise.resolve(this.testAnswer === true)
        : Promise.resolve(vscode.window.showInformationMessage(`Fetch keys from ${host} to verify this token?`, 'Fetch', 'Not now')).then((choice) => choice === 'Fetch');
      this.answers.set(host, answer);
    }
    return answer;
  }
}
