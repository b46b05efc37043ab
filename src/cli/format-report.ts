import type { InspectReport } from '../decoders/result';
import { KIND_TITLES, presentReport } from '../present/present-report';
import { formatFlow } from './format-flow';

/** Plain-text rendering of the presentation model for terminals. Control characters are shown escaped. */
export function formatReport(report: InspectReport, depth = 0): string {
  if (report.kind === 'flow' && depth === 0) return formatFlow(report, (r) => formatReport(r, 1));
  const pad = '  '.repeat(depth);
  const lines: string[] = [`${pad}${KIND_TITLES[report.kind]}`];
  for (const section of presentReport(report)) {
    lines.push('', `${pad}== ${section.title}`);
    const width = Math.min(28, Math.max(0, ...section.rows.map((r) => r.label.length)));
    for (const row of section.rows) {
      lines.push(`${pad}  ${safe(row.label).padEnd(width)}  ${safe(row.value)}`);
      if (row.note) lines.push(`${pad}  ${''.padEnd(width)}  ↳ ${safe(row.note)}`);
    }
    if (section.code) lines.push(...section.code.text.split('\n').map((l) => `${pad}  ${safe(l)}`));
  }
  for (const [i, item] of (report.items ?? []).entries()) lines.push('', `${pad}-- item ${i + 1}`, formatReport(item, depth + 1));
  return lines.join('\n');
}

/** Terminal escape sequences in a token must not reach the terminal. */
export function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
