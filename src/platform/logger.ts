import * as vscode from 'vscode';
import { redact } from './redact';

/** The extension's log, redacting before every write. */
export class Logger implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('SSO Lens', { log: true });

  info(message: string): void {
    this.channel.info(redact(message));
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : JSON.stringify(error);
    this.channel.error(redact(`${message}${detail ? `: ${detail}` : ''}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
