import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import type { Services } from './services';

interface StepLike {
  step: { index: number; role: string; method: string; url: string; status?: number; failed: boolean; flow: number };
}

const isStep = (r: InspectReport): r is InspectReport & StepLike => 'step' in r && typeof (r as Partial<StepLike>).step === 'object';

/**
 * "SSO Lens: Open Flow Step…": a step of the flow last shown, as its own decoded report (a JWT, a
 * SAML message, or the request). `0` shows the flow again; no argument asks which step.
 */
export async function openFlowStep(services: Services, arg?: unknown): Promise<InspectReport | undefined> {
  // The flow on screen (a click on its diagram) or, from one of its steps, the flow it came from.
  const shown = services.panel.report;
  const flow = shown && shown.kind === 'flow' ? shown : services.lastFlow;
  if (!flow) {
    void vscode.window.showInformationMessage('SSO Lens: open a HAR or SAML-tracer capture first (Inspect File); its steps can then be opened one by one.');
    return undefined;
  }
  const steps = (flow.items ?? []).filter(isStep);
  let index = typeof arg === 'number' && Number.isInteger(arg) ? arg : undefined;
  if (index === undefined) {
    const picked = await vscode.window.showQuickPick(
      steps.map((s) => ({ label: `${s.step.failed ? '$(error) ' : ''}${s.step.index}. ${s.step.method} ${s.step.role}${s.step.status !== undefined ? ` ${s.step.status}` : ''}`, description: s.step.url, index: s.step.index })),
      { title: 'Open a step of the sign-in flow', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    index = picked.index;
  }
  if (index === 0) {
    services.panel.show(services.core, flow, 'sign-in flow');
    return flow;
  }
  const step = steps.find((s) => s.step.index === index);
  if (!step) return undefined;
  services.lastFlow = flow;
  services.panel.show(services.core, step, `step ${step.step.index} of sign-in ${step.step.flow} · ${step.step.method} ${step.step.role}`);
  return step;
}
