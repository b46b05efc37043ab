import type { InspectReport } from '../decoders/result';
import { presentFlow, stepsOf, timelineLine } from '../present/present-flow';
import { findingsSection } from '../present/sections';
import { safe } from './format-report';

/**
 * A flow for the terminal: the attempts, the timeline (one line per step: time, method, role,
 * status, URL, verdict; a failing step marked ✗), then in full the steps that failed and the step
 * the claims were mapped from. `--json` has every step in full.
 */
export function formatFlow(report: InspectReport, formatStep: (step: InspectReport) => string): string {
  const lines: string[] = ['Sign-in flow'];
  const [attempts] = presentFlow(report);
  lines.push('', '== Findings');
  for (const row of findingsSection(report).rows) lines.push(`  ${safe(row.label)}  ${safe(row.value)}`);
  if (attempts) {
    lines.push('', `== ${attempts.title}`);
    for (const row of attempts.rows) lines.push(`  ${safe(row.label)}: ${safe(row.value)}`, ...(row.note ? [`    ${safe(row.note)}`] : []));
  }
  const steps = stepsOf(report);
  lines.push('', '== Timeline');
  let flow = 0;
  for (const s of steps) {
    if (s.step.flow !== flow) {
      flow = s.step.flow;
      lines.push(`  -- sign-in ${flow}`);
    }
    lines.push(...safe(timelineLine(s)).split('\n').map((l) => `  ${l}`));
  }
  const detailed = steps.filter((s) => s.step.failed || (s.data as { mapping?: unknown } | undefined)?.mapping !== undefined);
  for (const s of detailed) {
    lines.push('', `-- step ${s.step.index}${s.step.failed ? ' (failed)' : ''}: ${s.step.method} ${s.step.role}`, formatStep(s));
  }
  if (steps.length > detailed.length) lines.push('', 'Every step in full: --json');
  return lines.join('\n');
}
