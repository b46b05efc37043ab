import type { ConfigFinding } from '../model/config-finding';
import type { ConfigTreeNode, ConfigTreeNodeKind } from '../model/config-tree';

/**
 * How a providers-tree node looks, free of VS Code types so it is unit-tested under node:test; the
 * tree provider turns it into a TreeItem. Problems show three ways: the icon (the severity's own icon
 * when the node itself has findings, the kind's icon tinted when only its children do), the
 * description (a count) and the tooltip (each finding's id and message).
 */
export interface TreeItemShape {
  label: string;
  description?: string;
  /** Markdown. */
  tooltip: string;
  icon: { id: string; color?: string };
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For `when` clauses in menus: `ssoLens.config.<kind>`; apps `ssoLens.config.app.saml` / `.oidc`. */
  contextValue: string;
}

export type Severity = 'error' | 'warning' | 'info';

const KIND_ICONS: Record<ConfigTreeNodeKind | 'file', string> = {
  file: 'file-code',
  provider: 'organization',
  app: 'window',
  broker: 'arrow-swap',
  endpoint: 'link',
  certificate: 'workspace-trusted',
  'claim-mapping': 'symbol-field',
  mapper: 'symbol-property',
  team: 'people',
  group: 'symbol-enum',
  user: 'person',
  folder: 'folder',
};

const SEVERITY_ICONS: Record<Severity, { id: string; color: string }> = {
  error: { id: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  info: { id: 'info', color: 'problemsInfoIcon.foreground' },
};

/** Certificate status words, from the certificate-expiry rule's finding ids. */
const CERT_STATUS: Array<[string, string]> = [
  ['cert.expired', 'expired'],
  ['cert.not-yet-valid', 'not yet valid'],
  ['cert.expiring', 'expires within 30 days'],
  ['cert.malformed', 'unreadable certificate'],
  ['config.file-not-found', 'file not found'],
];

export function configNodeShape(node: ConfigTreeNode): TreeItemShape {
  const own = node.findings;
  const below = countFindings(node) - own.length;
  const parts: string[] = [];
  if (node.kind === 'certificate') parts.push(certificateStatus(node));
  if (node.description) parts.push(node.description);
  const count = own.length + below;
  if (count > 0) parts.push(problemCount(count));
  const tooltip = [`**${escapeMarkdown(node.label)}**`, node.tooltip ? escapeMarkdown(node.tooltip) : '', findingLines(own), below > 0 ? `_${problemCount(below)} below_` : '', `\`${escapeMarkdown(node.pointer || '/')}\``].filter(Boolean).join('\n\n');
  return {
    label: node.label,
    ...(parts.length ? { description: parts.join(' · ') } : {}),
    tooltip,
    icon: iconFor(node.kind, own, node.severity),
    collapsible: node.children.length === 0 ? 'none' : node.kind === 'provider' || node.kind === 'app' ? 'expanded' : 'collapsed',
    contextValue: `ssoLens.config.${node.kind}${node.protocol ? `.${node.protocol}` : ''}`,
  };
}

/**
 * A config file's root node (shown when the workspace has several config files). `findings` are those
 * no provider node took (parse and top-level schema errors); `roots` carry the rest.
 */
export function configFileShape(file: { name: string; folder?: string; roots: readonly ConfigTreeNode[]; findings: readonly ConfigFinding[] }): TreeItemShape {
  const total = file.findings.length + file.roots.reduce((n, r) => n + countFindings(r), 0);
  const severity = worst([...file.findings.map((f) => f.severity), ...file.roots.map((r) => r.severity)]);
  const parts = [file.folder, total > 0 ? problemCount(total) : undefined].filter((p): p is string => !!p);
  return {
    label: file.name,
    ...(parts.length ? { description: parts.join(' · ') } : {}),
    tooltip: [`**${escapeMarkdown(file.name)}**`, file.folder ? escapeMarkdown(file.folder) : '', findingLines(file.findings)].filter(Boolean).join('\n\n'),
    icon: iconFor('file', file.findings, severity),
    collapsible: file.roots.length === 0 ? 'none' : 'collapsed',
    contextValue: 'ssoLens.config.file',
  };
}

/** Findings no node of the tree covers (their pointer lies outside every provider). */
export function unplacedFindings(roots: readonly ConfigTreeNode[], findings: readonly ConfigFinding[]): ConfigFinding[] {
  const placed = new Set<ConfigFinding>();
  const walk = (n: ConfigTreeNode): void => {
    for (const f of n.findings) placed.add(f);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return findings.filter((f) => !placed.has(f));
}

function iconFor(kind: ConfigTreeNodeKind | 'file', own: readonly ConfigFinding[], severity: Severity | undefined): TreeItemShape['icon'] {
  const ownWorst = worst(own.map((f) => f.severity));
  if (ownWorst) return SEVERITY_ICONS[ownWorst];
  const id = KIND_ICONS[kind];
  return severity ? { id, color: SEVERITY_ICONS[severity].color } : { id };
}

function certificateStatus(node: ConfigTreeNode): string {
  for (const [id, status] of CERT_STATUS) if (node.findings.some((f) => f.id === id)) return status;
  return node.tooltip?.startsWith('thumbprint ') ? 'thumbprint only' : 'valid';
}

function countFindings(node: ConfigTreeNode): number {
  return node.findings.length + node.children.reduce((n, c) => n + countFindings(c), 0);
}

function worst(severities: ReadonlyArray<Severity | undefined>): Severity | undefined {
  if (severities.includes('error')) return 'error';
  if (severities.includes('warning')) return 'warning';
  if (severities.includes('info')) return 'info';
  return undefined;
}

function problemCount(n: number): string {
  return n === 1 ? '1 problem' : `${n} problems`;
}

function findingLines(findings: readonly ConfigFinding[]): string {
  return findings.map((f) => `- ${f.severity} \`${f.id}\`: ${escapeMarkdown(f.message)}`).join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, (c) => `\\${c}`);
}
