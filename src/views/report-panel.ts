import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { REPORT_VIEW_TYPE } from '../commands/ids';
import type { InspectReport } from '../decoders/result';
import type { Core } from '../platform/load-core';
import { flowDiagramOf } from '../present/flow-diagram';
import { renderReportHtml, type ReportPage } from './report-html';

export interface ReportActions {
  /** Called with the action id when the user presses one of the report's buttons (`step`: the flow step clicked). */
  onAction(action: string, step?: number): void;
  /** The panel was closed: whatever was kept for its buttons (the artifact) should go too. */
  onClosed(): void;
}

/**
 * One read-only report panel, reused for the next report. The artifact lives only in memory here;
 * it is dropped when the panel closes.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: InspectReport | undefined;
  /** Subscriptions of the open panel; disposed with it, so reopening does not pile them up. */
  private panelSubscriptions: vscode.Disposable[] = [];
  private page: ReportPage | undefined;
  private source = '';
  /** The flow a step was opened from, so "Back to Flow" can show it again. */
  private flowBack: { core: Core; report: InspectReport; source: string } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ReportActions,
  ) {}

  /** The HTML the open panel shows (read by the integration tests). */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  /** The last report shown, for commands that act on it (Verify Signature…). */
  get report(): InspectReport | undefined {
    return this.current;
  }

  show(core: Core, report: InspectReport, source: string, extraActions: ReportPage['actions'] = []): void {
    this.current = report;
    this.source = source;
    this.flowBack = undefined;
    // A kind this build has no title for (a flow, until its decoder lands) is named as it is.
    const title = (core.KIND_TITLES as Partial<Record<string, string>>)[report.kind] ?? report.kind;
    this.render({
      title,
      subtitle: `${source} · signature ${report.signature.status} · ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`,
      sections: core.presentReport(report),
      actions: [...actionsFor(report), ...compareActionFor(report), ...extraActions],
      ...flowOf(report),
    });
  }

  /** One step of the flow shown now, with a "Back to Flow" button. */
  showStep(core: Core, step: InspectReport, source: string): void {
    const flow = this.current && (this.current.kind as string) === 'flow' ? { core, report: this.current, source: this.source } : undefined;
    this.show(core, step, source, flow ? [{ action: 'backToFlow', label: 'Back to Flow' }] : []);
    this.flowBack = flow;
  }

  /** A page that is not an artifact's report (the sample personas table): no artifact actions. */
  showPage(page: ReportPage): void {
    this.current = undefined;
    this.flowBack = undefined;
    this.render(page);
  }

  private render(page: ReportPage): void {
    const panel = this.ensurePanel();
    this.page = page;
    panel.title = `SSO Lens: ${page.title}`;
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'report');
    panel.webview.html = renderReportHtml(page, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
    });
    panel.reveal(undefined, true);
  }

  /**
   * A message from the webview. It is not trusted to invent actions: only a button this page shows,
   * or a step its flow diagram draws, is passed on.
   */
  receive(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null || !('action' in msg)) return;
    const action = (msg as { action?: unknown }).action;
    if (action === 'backToFlow' && this.flowBack && this.page?.actions.some((a) => a.action === action)) {
      const back = this.flowBack;
      this.show(back.core, back.report, back.source);
    } else if (typeof action === 'string' && this.page?.actions.some((a) => a.action === action)) this.actions.onAction(action);
    else if (action === 'openStep') {
      const step = (msg as { step?: unknown }).step;
      if (typeof step === 'number' && Number.isInteger(step) && this.page?.flow?.steps.some((s) => s.index === step)) this.actions.onAction(action, step);
    }
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'SSO Lens', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media', 'report')],
      retainContextWhenHidden: false,
    });
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((msg: unknown) => this.receive(msg)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.current = undefined;
        this.page = undefined;
        this.flowBack = undefined;
        for (const s of this.panelSubscriptions.splice(0)) s.dispose();
        this.actions.onClosed();
      }),
    ];
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.panelSubscriptions.splice(0)) s.dispose();
  }
}

/** "Compare With…" on what holds a sign-in: a token, a SAML response, a HAR or a flow. */
function compareActionFor(report: InspectReport): ReportPage['actions'] {
  return ['jwt', 'jwe', 'saml-response', 'har', 'flow'].includes(report.kind) ? [{ action: 'compare', label: 'Compare With…' }] : [];
}

/** A sign-in flow (`kind: "flow"`, CLI contract version 2) is drawn as a sequence diagram. */
function flowOf(report: InspectReport): Pick<ReportPage, 'flow'> {
  if ((report.kind as string) !== 'flow') return {};
  const flow = flowDiagramOf(report);
  return flow ? { flow } : {};
}

function actionsFor(report: InspectReport): ReportPage['actions'] {
  if (report.kind === 'jwt') return [{ action: 'verify', label: 'Verify Signature…' }];
  // A JWE: the private key opens it, then its nested JWS is verified like any token.
  if (report.kind === 'jwe') return [{ action: 'decrypt', label: 'Decrypt with…' }, { action: 'verify', label: 'Verify Signature…' }];
  if (report.kind.startsWith('saml-') && report.kind !== 'saml-metadata') return [{ action: 'verify', label: 'Verify with…' }, { action: 'decrypt', label: 'Decrypt with…' }];
  if (report.kind === 'saml-metadata') {
    const index = (report.data as { entityIndex?: unknown[] } | undefined)?.entityIndex;
    return [{ action: 'verify', label: 'Verify with…' }, ...(index?.length ? [{ action: 'entity', label: 'Pick Entity…' }] : [])];
  }
  return [];
}
