import type { FlowData, FlowStepReport } from '../decoders/capture';
import type { InspectReport } from '../decoders/result';
import type { Row, Section } from './sections';

/** The steps of a flow report (items with `step`). */
export function stepsOf(report: InspectReport): FlowStepReport[] {
  return (report.items ?? []).filter((i): i is FlowStepReport => typeof (i as Partial<FlowStepReport>).step === 'object');
}

/** "12:00:01.234" in UTC, or "" when the capture gave no time. */
export function stepClock(time: string | undefined): string {
  return time !== undefined && time.length >= 23 ? time.slice(11, 23) : '';
}

/** A URL cut to its origin, path and the first parameters, for one line. */
export function shortUrl(url: string, max = 80): string {
  if (url.length <= max) return url;
  return `${url.slice(0, max - 1)}…`;
}

/** The verdict of a step in a few words: its first error, else its first warning, else "ok". */
export function stepVerdict(s: InspectReport): string {
  const worst = s.findings.find((f) => f.severity === 'error') ?? s.findings.find((f) => f.severity === 'warning');
  if (!worst) return s.kind === 'http-step' ? 'ok' : `ok · ${s.kind} · signature ${s.signature.status}`;
  const code = worst.code && !worst.message.startsWith(worst.code) ? ` ${worst.code}` : '';
  return `${worst.severity === 'error' ? '✗' : '!'} ${worst.id}${code}: ${worst.message}`;
}

/**
 * A flow as sections: the attempts and the timeline, one row per step (time, method, role, status,
 * URL, verdict), the failing step marked. Each row carries the action that opens the step's report.
 */
export function presentFlow(report: InspectReport): Section[] {
  const data = (report.data ?? {}) as Partial<FlowData>;
  const steps = stepsOf(report);
  const attempts: Row[] = (data.flows ?? []).map((f) => ({
    label: `Sign-in ${f.flow} (${f.protocol})`,
    value: f.failed ? `failed at step ${f.failure?.step ?? '?'}: ${f.failure?.reason ?? ''}` : `${f.steps} steps, no error`,
    note: `${f.hosts.join(' → ')}${f.durationMs !== undefined ? ` · ${f.durationMs} ms` : ''}`,
    tone: f.failed ? 'bad' : 'good',
  }));
  const timeline: Row[] = steps.map((s) => ({
    label: `${s.step.failed ? '✗' : ' '} ${s.step.index}. ${stepClock(s.step.time)} ${s.step.method} ${s.step.role}${s.step.status !== undefined ? ` ${s.step.status}` : ''}`.replace(/\s+/g, ' ').trim(),
    value: shortUrl(s.step.url, 120),
    note: `sign-in ${s.step.flow} · ${stepVerdict(s)}${s.step.durationMs !== undefined ? ` · ${s.step.durationMs} ms` : ''}`,
    ...(s.step.failed ? { tone: 'bad' as const } : {}),
    action: { id: `step:${s.step.index}`, label: 'Open step' },
  }));
  const about: Row[] = [
    { label: 'Capture', value: `${data.format ?? 'capture'} · ${data.entries ?? 0} requests · ${steps.length} steps in ${data.flows?.length ?? 0} sign-in${data.flows?.length === 1 ? '' : 's'}` },
    { label: 'Evaluated at', value: data.evaluatedAt === 'capture-time' ? "each step's capture time (expiry as the receiver saw it)" : 'now' },
  ];
  return [
    { title: 'Sign-in attempts', rows: attempts.length ? attempts : [{ label: 'none', value: 'no sign-in found' }] },
    { title: 'Timeline', rows: timeline },
    { title: 'Capture', rows: about },
  ];
}

/** One line of the CLI's timeline. */
export function timelineLine(s: FlowStepReport): string {
  const st = s.step;
  const cols = [st.failed ? '✗' : ' ', String(st.index).padStart(2), stepClock(st.time).padEnd(12), st.method.padEnd(4), st.role.padEnd(14), String(st.status ?? '').padEnd(3), shortUrl(st.url, 72)];
  return `${cols.join(' ')}\n${' '.repeat(5)}↳ ${stepVerdict(s)}`;
}
