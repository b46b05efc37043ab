/**
 * Report text as HTML that wraps where a reader expects: never inside a word. Long IDs (GUIDs,
 * thumbprints, base64 runs) are shown shortened, the whole value on hover and in the DOM (so a
 * selection copies all of it; a click selects it and copies it); long URLs and dotted names may wrap
 * after `/`, `.`, `?`, `&`, `=` and the like (snake_case names stay whole). Findings are grouped by severity with the fix first, and
 * figures (the mapping diagram) are drawn from their data. Every value is escaped. No `vscode`.
 */
import { renderMappingSvg } from '../present/mapping-diagram';
import type { Figure, Row } from '../present/sections';

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** GUIDs anywhere; other opaque runs (hex thumbprints, base64, JWT segments) from 32 characters. */
const IDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9+_=-]{32,}/gi;
/** Characters that make an ID part of a longer token (`…/{tenant}/v2.0`). */
const PART_OF_TOKEN = /^[A-Za-z0-9/._~%:-]$/;
/** A token this long may wrap after its punctuation. */
const LONG_TOKEN = 20;
const BREAK_AFTER = new Set(['/', '.', '?', '&', '=', ':', ',', '@', '#', ';', '|', '\\']);

/** An ID, shortened on screen; all of it in the DOM and on hover. Focusable, so the keyboard can copy it too. */
function idHtml(id: string): string {
  const full = escapeHtml(id);
  return `<span class="id" title="${full}" tabindex="0" role="button" aria-label="${full} (copy)">${full}</span>`;
}

/** Plain text with break opportunities after the punctuation of long tokens. */
function wrapHtml(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (token.length < LONG_TOKEN) return escapeHtml(token);
      const chars = [...token];
      // After a run of punctuation, not inside it: `https://` breaks after the second slash only.
      return chars.map((c, i) => escapeHtml(c) + (BREAK_AFTER.has(c) && i < chars.length - 1 && !BREAK_AFTER.has(chars[i + 1] ?? '') ? '<wbr>' : '')).join('');
    })
    .join('');
}

/** Report text as HTML: escaped, IDs shortened, long tokens breakable only between their parts. */
export function textHtml(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(IDS)) {
    const start = m.index ?? 0;
    // Only a free-standing ID: one inside a URL or path stays part of it (it may wrap at its hyphens).
    if (PART_OF_TOKEN.test(text.charAt(start - 1)) || PART_OF_TOKEN.test(text.charAt(start + m[0].length))) continue;
    out += wrapHtml(text.slice(at, start)) + idHtml(m[0]);
    at = start + m[0].length;
  }
  return out + wrapHtml(text.slice(at));
}

const SEVERITIES: Array<{ severity: 'error' | 'warning' | 'info'; title: string; tone: string }> = [
  { severity: 'error', title: 'Errors', tone: 'bad' },
  { severity: 'warning', title: 'Warnings', tone: 'warn' },
  { severity: 'info', title: 'Information', tone: 'info' },
];

/** Findings by severity (errors first), each with its fix first, then what is wrong, then its id. */
export function findingsHtml(rows: Row[]): string {
  return SEVERITIES.map(({ severity, title, tone }) => {
    const group = rows.filter((r) => r.finding?.severity === severity);
    if (group.length === 0) return '';
    const items = group
      .map((r) => {
        const f = r.finding;
        if (!f) return '';
        const fix = f.fix !== undefined ? `<p class="fix"><span class="fix-label">Fix:</span> ${textHtml(f.fix)}</p>` : '';
        return `<li class="finding tone-${tone}">${fix}<p class="problem">${textHtml(f.problem)}</p><p class="finding-id"><code>${escapeHtml(f.id)}</code></p></li>`;
      })
      .join('');
    return `<div class="findings-group severity-${severity}"><h3>${title} (${group.length})</h3><ul class="findings">${items}</ul></div>`;
  }).join('');
}

/** A figure: the mapping diagram with its caption and how to read it; one per persona folds away. */
export function figureHtml(figure: Figure): string {
  const body = `${renderMappingSvg(figure.diagram)}<p class="legend">Solid arrow: the rule fired. Dashed line ending in ✗: it did not. Dashed boxes: not sent, not given. Hover over a box or a line for the value or the reason.</p>`;
  if (figure.open) return `<figure class="mapping"><figcaption>${textHtml(figure.caption)}</figcaption><div class="diagram-scroll">${body}</div></figure>`;
  return `<details class="mapping"><summary>${textHtml(figure.caption)}</summary><figure class="mapping"><div class="diagram-scroll">${body}</div></figure></details>`;
}
