import * as vscode from 'vscode';
import { decodeCompact, JWT_IN_TEXT } from '../decoders/jwt/decode-jwt';
import { numberOf, stringOf, stringsOf } from '../decoders/json';
import { describeInstant } from '../decoders/time';

/** Longest line scanned for tokens; minified files can have megabyte lines. */
const MAX_LINE = 200_000;

/**
 * A short decode when hovering a JWT in any editor. Uses only the light decoder (no jose), so it
 * costs nothing until a token is hovered; nothing is verified here and the hover says so.
 */
export class JwtHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    if (line.length > MAX_LINE) return undefined;
    for (const m of line.matchAll(JWT_IN_TEXT)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (position.character < start || position.character > end) continue;
      const decoded = decodeCompact(m[0]);
      if (!decoded.ok || decoded.value.form !== 'jws') return undefined;
      const md = hoverMarkdown(decoded.value.header, decoded.value.payload);
      return new vscode.Hover(md, new vscode.Range(position.line, start, position.line, end));
    }
    return undefined;
  }
}

function hoverMarkdown(header: Parameters<typeof stringOf>[0], payload: Parameters<typeof stringOf>[0]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**JWT** (decoded, not verified)\n\n');
  const now = new Date();
  const rows: Array<[string, string | undefined]> = [
    ['alg / kid', `${stringOf(header, 'alg') ?? '?'}${stringOf(header, 'kid') ? ` / ${stringOf(header, 'kid')}` : ''}`],
    ['iss', stringOf(payload, 'iss')],
    ['aud', stringsOf(payload, 'aud').join(', ') || undefined],
    ['sub', stringOf(payload, 'sub')],
    ['name', stringOf(payload, 'name') ?? stringOf(payload, 'preferred_username') ?? stringOf(payload, 'email')],
  ];
  const exp = numberOf(payload, 'exp');
  if (exp !== undefined) {
    const v = describeInstant(exp, now);
    rows.push([exp * 1000 < now.getTime() ? 'expired' : 'expires', `${v.utc} (${v.relative})`]);
  }
  for (const [label, value] of rows) {
    if (value === undefined) continue;
    md.appendMarkdown(`**${label}**: `);
    md.appendText(value.slice(0, 300));
    md.appendMarkdown('  \n');
  }
  md.appendMarkdown('\n_Run **SSO Lens: Decode Token** for the full report._');
  return md;
}
