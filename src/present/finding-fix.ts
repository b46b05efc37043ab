/**
 * A finding's message read as "what is wrong" and "what to do": most messages end with the remedy
 * after a colon, semicolon, dash or full stop ("…; download a fresh copy", "…. Simplify the
 * patterns"). The report shows the remedy first. Messages without one are left whole. Pure.
 */

/** Verbs a remedy starts with, as the messages write them (imperative, lower or upper case). */
const REMEDY_VERBS = [
  'add', 'align', 'assign', 'ask', 'change', 'check', 'choose', 'configure', 'copy', 'create', 'download', 'enable', 'fetch', 'fix',
  'give', 'grant', 'have', 'import', 'make', 'move', 'name', 'pick', 'pin', 'point', 'put', 'register', 'remove', 'rename', 'renew',
  'replace', 'rotate', 'select', 'set', 'sign', 'simplify', 'turn', 'update', 'upload', 'use', 'verify', 'write',
];
const REMEDY = new RegExp(`^(?:(?:or|then|so|and)\\s+)?(?:if [^,]{1,80},\\s*)?(?:${REMEDY_VERBS.join('|')})\\b(?![-:])`, 'i');
/** Where a clause starts: after these separators (a full stop only when a capital letter follows). */
const CLAUSES = /(?:[;:]\s+|\s+[—–]\s+|\.\s+(?=[A-Z]))/g;

export interface SplitMessage {
  /** What is wrong (the message up to the remedy). */
  problem: string;
  /** What to do, capitalised; absent when the message names no remedy. */
  fix?: string;
}

export function splitFix(message: string): SplitMessage {
  for (const m of message.matchAll(CLAUSES)) {
    const start = (m.index ?? 0) + m[0].length;
    const rest = message.slice(start);
    if (!REMEDY.test(rest)) continue;
    // A full stop stays with its sentence; a colon, semicolon or dash before the remedy goes.
    const problem = message.slice(0, (m.index ?? 0) + (m[0].startsWith('.') ? 1 : 0)).trim();
    if (problem.length === 0) break;
    const fix = rest.trim().replace(/[.;]$/, '');
    return { problem, fix: fix.charAt(0).toUpperCase() + fix.slice(1) };
  }
  return { problem: message };
}
