import { renderFlowSvg, type FlowDiagram } from '../present/flow-diagram';
import type { Section } from '../present/sections';
import { escapeHtml, figureHtml, findingsHtml, textHtml } from './report-text-html';

export { escapeHtml } from './report-text-html';

export interface ReportPage {
  title: string;
  subtitle: string;
  sections: Section[];
  /** Buttons that post `{ action }` to the extension. */
  actions: Array<{ action: string; label: string }>;
  /** A sign-in flow drawn as a sequence diagram; clicking a step posts `{ action: 'openStep', step }`. */
  flow?: FlowDiagram;
}

export interface WebviewContext {
  nonce: string;
  /** `webview.cspSource`, for the stylesheet. */
  cspSource: string;
  styleUri: string;
  scriptUri: string;
}

/**
 * The report view's HTML. Everything that came from the artifact goes through `escapeHtml`; the
 * CSP allows no inline script or style, nothing remote, and scripts only with the nonce.
 */
export function renderReportHtml(page: ReportPage, ctx: WebviewContext): string {
  const csp = [
    "default-src 'none'",
    `style-src ${ctx.cspSource}`,
    `script-src 'nonce-${ctx.nonce}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const actions = page.actions.map((a) => `<button type="button" data-action="${escapeHtml(a.action)}">${escapeHtml(a.label)}</button>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(ctx.styleUri)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<header><h1>${escapeHtml(page.title)}</h1><p class="subtitle">${textHtml(page.subtitle)}</p><nav class="actions">${actions}</nav></header>
${page.flow ? `<figure class="flow">${renderFlowSvg(page.flow)}<figcaption>Click a step to open its decoded report.</figcaption></figure>` : ''}
${renderMain(page.sections)}
<script nonce="${ctx.nonce}" src="${escapeHtml(ctx.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * The summary, and beside it (on a wide enough panel; below it otherwise) the raw document the
 * summary was read from: the pretty XML of a SAML message or metadata, a token's payload.
 */
function renderMain(sections: Section[]): string {
  const raw = sections.filter((s) => s.code && s.rows.length === 0);
  const summary = sections.filter((s) => !raw.includes(s));
  if (raw.length === 0 || summary.length === 0) return `<main>${sections.map(renderSection).join('\n')}</main>`;
  return `<main class="split"><div class="summary">${summary.map(renderSection).join('\n')}</div><aside class="raw">${raw.map(renderSection).join('\n')}</aside></main>`;
}

function renderSection(section: Section): string {
  // Findings: grouped by severity with the fix first; other rows (none to report) stay a table.
  const findings = section.rows.some((r) => r.finding) ? findingsHtml(section.rows) : '';
  const rows = section.rows
    .filter((r) => !findings || !r.finding)
    .map(
      (r) =>
        `<tr class="${r.tone ? `tone-${r.tone}` : ''}"><th scope="row">${textHtml(r.label)}</th><td><span class="value">${textHtml(r.value)}</span>${r.note ? `<div class="note">${textHtml(r.note)}</div>` : ''}${r.action ? `<button type="button" class="row-action" data-action="${escapeHtml(r.action.id)}">${escapeHtml(r.action.label)}</button>` : ''}</td></tr>`,
    )
    .join('');
  const code = section.code ? `<pre class="code lang-${section.code.language}"><code>${escapeHtml(section.code.text)}</code></pre>` : '';
  const figures = (section.figures ?? []).map(figureHtml).join('');
  const id = section.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(section.title)}</h2>${findings}${rows ? `<table>${rows}</table>` : ''}${figures}${code}</section>`;
}

/** Every action a page offers: its buttons and its rows' buttons (a flow's "Open step"). */
export function pageActions(page: ReportPage): string[] {
  return [...page.actions.map((a) => a.action), ...page.sections.flatMap((s) => s.rows.flatMap((r) => (r.action ? [r.action.id] : [])))];
}
