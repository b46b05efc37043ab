/**
 * The claim mapping as a picture: the claims the IdP sent → each hop's rules (the product's claim
 * mapping, Keycloak identity-provider mappers, teams, the CEL expression) → what the user ends up
 * with (teams, Keycloak groups and roles, attributes, the authorization result). Fired edges are solid
 * arrows, edges of rules that did not fire are dashed and end in a cross, and every node and edge says
 * why in its `<title>` (the hover text). Data first (`mappingDiagramOf`), then SVG text with every
 * value escaped (`renderMappingSvg`), so the report webview draws it under its strict CSP. Pure.
 */
import type { MappingResult, TraceInput, TraceOutput, TraceStep } from '../model/mapping/mapping-types';
import { labelValue as full, withNames } from './names';

export type DiagramNodeState = 'sent' | 'absent' | 'fired' | 'not-fired' | 'landed' | 'not-landed';

export interface DiagramNode {
  /** Stable within one diagram: `claim:<name>`, `rule:<trace index>`, `out:<hop>:<kind>:<name>`. */
  id: string;
  column: number;
  row: number;
  label: string;
  /** The hover text: the full value, what was sent, why a rule did not fire. */
  title: string;
  state: DiagramNodeState;
  role: 'input' | 'rule' | 'output';
}

export interface DiagramEdge {
  from: string;
  to: string;
  fired: boolean;
  /** The hover text: what the rule did, or why it did not fire. */
  title: string;
}

export interface MappingDiagram {
  /** Column headings, left to right. */
  columns: Array<{ label: string; title: string }>;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as a person reads it: the config's name, else the value with a GUID cut to its first block. */
function display(value: string, names: Record<string, string>): string {
  const name = Object.hasOwn(names, value) ? names[value] : undefined;
  if (name !== undefined) return name;
  return GUID.test(value) ? `${value.slice(0, 8)}…` : value;
}

/** A claim URI by its last segment (`…/claims/role` → `role`), the whole name in the hover. */
function claimLabel(name: string): string {
  if (name.length <= 24 || !name.includes('/')) return name;
  return `…/${name.split('/').filter(Boolean).pop() ?? name}`;
}

const KIND_WORDS: Record<TraceOutput['kind'], string> = {
  team: 'team',
  'keycloak-group': 'Keycloak group',
  'keycloak-role': 'Keycloak role',
  'app-role': 'app role',
  attribute: 'attribute',
  authorization: 'authorization',
  access: 'sign-in',
};

/** Whether a Keycloak group name granted by a mapper is the one a team reads (by name or last path segment, as the analysis matches). */
const sameGroup = (granted: string, wanted: string): boolean => granted === wanted || granted.split('/').pop() === wanted;

/**
 * The diagram of one mapping result (a token or SAML response run through an app, or one persona),
 * or undefined when nothing was analysed.
 */
export function mappingDiagramOf(mapping: MappingResult): MappingDiagram | undefined {
  if (!mapping.analyzed || mapping.trace.length === 0) return undefined;
  const names = mapping.names ?? {};
  const sent = mapping.sent;
  const hops = mapping.hops.length ? mapping.hops : [{ id: mapping.app.id, description: mapping.app.id, path: mapping.app.path }];
  const hopOf = (step: TraceStep): number => {
    const i = hops.findIndex((h) => h.id === step.hop);
    return i >= 0 ? i : hops.length - 1;
  };
  const idp = hops[0]?.description.split(' → ')[0] ?? 'the IdP';
  const what = mapping.artifact.kind === 'saml-response' ? 'Attributes' : 'Claims';
  const columns: MappingDiagram['columns'] = [{ label: `${what} sent by ${idp}`, title: `${what} the ${mapping.artifact.kind === 'saml-response' ? 'assertion' : 'token'} carries, as the rules read them` }];
  hops.forEach((h, i) => {
    columns.push({ label: h.description.split(' → ').pop() ?? h.id, title: h.description });
    const last = i === hops.length - 1;
    columns.push(last ? { label: 'Result', title: 'What the user ends up with' } : { label: h.description.includes('Keycloak') ? 'Keycloak user' : `After ${h.id}`, title: `What ${h.id} gives the next hop` });
  });

  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const rows = new Map<number, number>();
  const place = (column: number, wanted: number): number => {
    const row = Math.max(rows.get(column) ?? 0, wanted);
    rows.set(column, row + 1);
    return row;
  };
  const stepText = (step: TraceStep): string => (step.fired ? (step.result ?? 'fired') : `did not fire: ${step.why ?? step.whyNot ?? ''}`);

  // Rules first (they fix the rows); inputs and outputs are placed beside the first rule they touch.
  const steps = mapping.trace.map((step, index) => ({ step, index, hop: hopOf(step) }));
  const ruleRow = new Map<number, number>();
  for (const { step, index, hop } of steps) {
    const column = 1 + hop * 2;
    const row = place(column, 0);
    ruleRow.set(index, row);
    nodes.set(`rule:${index}`, {
      id: `rule:${index}`,
      column,
      row,
      label: `${step.fired ? '✓' : '✗'} ${ruleLabel(step, names)}`,
      title: `${withNames(step.rule, names)}\n${withNames(stepText(step), names)}${step.note ? `\n${step.note}` : ''}`,
      state: step.fired ? 'fired' : 'not-fired',
      role: 'rule',
    });
  }

  const outputId = (hop: number, out: { kind: string; name: string }): string => `out:${hop}:${out.kind}:${out.name}`;
  for (const { step, index, hop } of steps) {
    const rule = `rule:${index}`;
    for (const input of step.reads ?? []) {
      const from = inputNode(input, hop, ruleRow.get(index) ?? 0);
      edges.push({ from, to: rule, fired: step.fired, title: step.fired ? `${inputName(input)} → ${withNames(step.result ?? 'fired', names)}` : withNames(stepText(step), names) });
    }
    if (step.gives) {
      const to = outputNode(step.gives, hop, ruleRow.get(index) ?? 0);
      const node = nodes.get(to);
      if (node && step.fired && node.state !== 'landed') {
        node.state = 'landed';
        node.label = `✓ ${node.label.slice(2)}`;
      }
      edges.push({ from: rule, to, fired: step.fired, title: step.fired ? withNames(step.result ?? 'fired', names) : `not given: ${withNames(step.why ?? step.whyNot ?? '', names)}` });
    }
  }

  function inputName(input: TraceInput): string {
    return input.kind === 'claim' ? input.name : `Keycloak group ${input.name}`;
  }

  function inputNode(input: TraceInput, hop: number, near: number): string {
    if (input.kind === 'keycloak-group' && hop > 0) {
      // What an earlier hop granted: its output node, or a "never granted" one in its place.
      for (let h = hop - 1; h >= 0; h--) {
        const hit = [...nodes.values()].find((n) => n.id.startsWith(`out:${h}:keycloak-group:`) && sameGroup(n.id.slice(`out:${h}:keycloak-group:`.length), input.name));
        if (hit) return hit.id;
      }
      return outputNode({ kind: 'keycloak-group', name: input.name }, hop - 1, near, `no mapper in the config grants Keycloak group ${input.name}`);
    }
    const id = input.kind === 'claim' ? `claim:${input.name}` : `claim:group ${input.name}`;
    if (nodes.has(id)) return id;
    const values = input.kind === 'claim' ? sent?.[input.name] : undefined;
    const readers = mapping.trace.filter((t) => t.reads?.some((r) => r.kind === input.kind && r.name === input.name));
    const missing = readers.find((t) => t.whyNot === 'claim-absent' || t.whyNot === 'other-name' || t.whyNot === 'overage');
    const present = values !== undefined ? values.length > 0 : missing === undefined && readers.some((t) => t.fired);
    nodes.set(id, {
      id,
      column: 0,
      row: place(0, near),
      label: present ? claimLabel(input.name) : `✗ ${claimLabel(input.name)} (not sent)`,
      title: present ? `${input.name}${values ? `\n${values.map((v) => full(v, names)).join('\n')}` : ''}` : `${input.name}: not sent${missing?.why ? `\n${missing.why}` : ''}`,
      state: present ? 'sent' : 'absent',
      role: 'input',
    });
    return id;
  }

  function outputNode(out: TraceOutput, hop: number, near: number, why?: string): string {
    const id = outputId(hop, out);
    if (nodes.has(id)) return id;
    const { label, title } = outputText(out, mapping, names, hops[hop]?.id);
    nodes.set(id, { id, column: 2 + hop * 2, row: place(2 + hop * 2, near), label: `✗ ${label}`, title: why ? `${title}\n${why}` : title, state: 'not-landed', role: 'output' });
    return id;
  }

  return { columns, nodes: [...nodes.values()], edges };
}

function ruleLabel(step: TraceStep, names: Record<string, string>): string {
  const g = step.gives;
  if (g?.kind === 'team') return `team ${display(g.name, names)}`;
  if (g?.kind === 'authorization') return 'authorization expression';
  return withShortIds(step.rule, names);
}

function outputText(out: TraceOutput, mapping: MappingResult, names: Record<string, string>, hop: string | undefined): { label: string; title: string } {
  if (out.kind === 'authorization') {
    const a = mapping.authorization;
    if (a?.outcome === 'granted') return { label: `IAM role ${display(a.roleId ?? a.returned ?? '', names)}`, title: `granted: IAM role ${a.roleId ?? a.returned ?? ''}` };
    return { label: 'no IAM role (denied)', title: a ? `${a.outcome}: ${a.message}` : 'not evaluated' };
  }
  if (out.kind === 'access') return { label: 'SSO sign-in', title: mapping.access?.why ?? 'SSO sign-in' };
  if (out.kind === 'attribute') {
    const value = mapping.attributes.find((a) => a.name === out.name && a.hop === hop)?.value;
    const shown = value === undefined ? '(empty)' : Array.isArray(value) ? value.join(', ') : value;
    return { label: out.name, title: `${out.name} = ${shown}` };
  }
  return { label: `${KIND_WORDS[out.kind]} ${display(out.name, names)}`, title: `${KIND_WORDS[out.kind]} ${full(out.name, names)}` };
}

const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every GUID as its name, or its first block. */
function withShortIds(text: string, names: Record<string, string>): string {
  return text.replace(GUIDS, (id) => display(id, names));
}

const COL_W = 200;
const GAP = 44;
const NODE_H = 26;
const ROW_H = 34;
const TOP = 40;
const PAD = 8;
/** Characters that fit in a node at 11px (a little under 6.5 px each). */
const NODE_CHARS = 30;

/** The diagram as an SVG element (text), every value escaped. */
export function renderMappingSvg(diagram: MappingDiagram): string {
  const rowsUsed = Math.max(1, ...diagram.nodes.map((n) => n.row + 1));
  const width = PAD * 2 + diagram.columns.length * COL_W + (diagram.columns.length - 1) * GAP;
  const height = TOP + rowsUsed * ROW_H + PAD;
  const x = (column: number): number => PAD + column * (COL_W + GAP);
  const y = (row: number): number => TOP + row * ROW_H;
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const fired = diagram.edges.filter((e) => e.fired).length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="mapping-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`Mapping diagram: ${diagram.nodes.filter((n) => n.role === 'rule').length} rules, ${fired} of ${diagram.edges.length} edges fired`)}">`,
    '<defs>',
    '<marker id="md-arrow" class="md-marker-fired" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>',
    '<marker id="md-cross" class="md-marker-not-fired" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M1,1 L9,9 M1,9 L9,1" stroke="currentColor" stroke-width="2" fill="none"/></marker>',
    '</defs>',
  ];
  diagram.columns.forEach((c, i) => {
    parts.push(`<g class="md-column"><text x="${x(i)}" y="20" font-size="12" font-weight="bold" fill="currentColor">${esc(truncate(c.label, NODE_CHARS))}</text><title>${esc(c.title)}</title></g>`);
  });
  // Edges under the nodes.
  for (const e of diagram.edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) continue;
    const x1 = x(a.column) + COL_W;
    const y1 = y(a.row) + NODE_H / 2;
    const x2 = x(b.column) - (e.fired ? 1 : 4);
    const y2 = y(b.row) + NODE_H / 2;
    const d = `M${x1},${y1} C${x1 + GAP / 2},${y1} ${x2 - GAP / 2},${y2} ${x2},${y2}`;
    parts.push(
      `<g class="md-edge ${e.fired ? 'fired' : 'not-fired'}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-fired="${e.fired}">`,
      `<title>${esc(e.title)}</title>`,
      `<path class="md-hit" d="${d}" fill="none" stroke="transparent" stroke-width="10"/>`,
      `<path class="md-line" d="${d}" fill="none" stroke="currentColor" stroke-width="${e.fired ? 2 : 1.5}"${e.fired ? '' : ' stroke-dasharray="5 4"'} marker-end="url(#${e.fired ? 'md-arrow' : 'md-cross'})"/>`,
      '</g>',
    );
  }
  for (const n of diagram.nodes) {
    const solid = n.state === 'sent' || n.state === 'fired' || n.state === 'landed';
    parts.push(
      `<g class="md-node md-${n.role} ${n.state}" data-node="${esc(n.id)}" data-state="${n.state}" tabindex="0">`,
      `<title>${esc(n.title)}</title>`,
      `<rect x="${x(n.column)}" y="${y(n.row)}" width="${COL_W}" height="${NODE_H}" rx="${n.role === 'rule' ? 3 : 12}" fill="none" stroke="currentColor" stroke-width="${n.state === 'landed' ? 2 : 1}"${solid ? '' : ' stroke-dasharray="4 3"'}/>`,
      `<text x="${x(n.column) + 8}" y="${y(n.row) + 17}" font-size="11" fill="currentColor"${n.state === 'landed' ? ' font-weight="bold"' : ''}>${esc(truncate(n.label, NODE_CHARS))}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** XML text and attribute escaping (the five characters that matter). */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
