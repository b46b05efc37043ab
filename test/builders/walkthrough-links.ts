/**
 * The walkthroughs as package.json contributes them, and the command links of each step parsed the way
 * VS Code runs them (`command:ID?ARGS`, ARGS the URL-encoded JSON argument list). Pure: used by the unit
 * test of the manifest and by the integration test that walks every step in the real VS Code, so both
 * read the contributions themselves and cannot drift from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StepLink {
  text: string;
  command: string;
  args: unknown[];
}

export interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown };
  completionEvents?: string[];
  links: StepLink[];
}

export interface Walkthrough {
  id: string;
  title: string;
  steps: WalkthroughStep[];
}

/** The repository root, from out/test/builders/ (compiled) or test/builders/ (source). */
export function repoRoot(from = __dirname): string {
  return from.includes(`${join('out', 'test')}`) ? join(from, '..', '..', '..') : join(from, '..', '..');
}

/** `[text](command:id?args)` links of a step description, in order. */
export function parseLinks(description: string): StepLink[] {
  const links: StepLink[] = [];
  for (const m of description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)\s]+))?\)/g)) {
    let args: unknown = [];
    if (m[3] !== undefined) args = JSON.parse(decodeURIComponent(m[3])) as unknown;
    links.push({ text: m[1] ?? '', command: m[2] ?? '', args: Array.isArray(args) ? args : [args] });
  }
  return links;
}

export function readWalkthroughs(root = repoRoot()): Walkthrough[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs?: Array<Omit<Walkthrough, 'steps'> & { steps: Array<Omit<WalkthroughStep, 'links'>> }> } };
  return (manifest.contributes.walkthroughs ?? []).map((w) => ({ ...w, steps: w.steps.map((s) => ({ ...s, links: parseLinks(s.description) })) }));
}

/** The `{ "workspaceFile": … }` arguments of a link. */
export function workspaceFiles(link: StepLink): string[] {
  return link.args.flatMap((a) => (typeof a === 'object' && a !== null && typeof (a as { workspaceFile?: unknown }).workspaceFile === 'string' ? [(a as { workspaceFile: string }).workspaceFile] : []));
}

/** The commands a step's completion events wait for (`onCommand:ID`). */
export function completionCommands(step: WalkthroughStep): string[] {
  return (step.completionEvents ?? []).map((e) => e.replace(/^onCommand:/, ''));
}
