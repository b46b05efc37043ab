import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { ConfigTreeNode } from '../model/config-tree';
import { DisposableStore } from '../platform/disposables';
import type { ConfigEntry, ConfigStore } from './config-store';
import type { TerraformCheck } from '../model/terraform/check-terraform';
import type { Core } from '../platform/load-core';
import type { TerraformDiagnostics } from './terraform-diagnostics';
import { configFileShape, configNodeShape, unplacedFindings, type TreeItemShape } from './config-tree-item';

/** A row of the providers view: a config file (when there are several) or a node of one file's tree. */
export type ProvidersElement =
  | { type: 'file'; id: string; entry: ConfigEntry }
  | { type: 'node'; id: string; entry: ConfigEntry; node: ConfigTreeNode }
  // Terraform root modules (issue 14), beside the config files; their rows reveal the .tf lines.
  | { type: 'terraform'; id: string; check: TerraformCheck; tree: ConfigTreeNode[] }
  | { type: 'terraform-node'; id: string; check: TerraformCheck; node: ConfigTreeNode };

/** What the integration test reads back: the rows as the user sees them. */
export interface ProvidersSnapshot {
  label: string;
  description?: string;
  kind: string;
  severity?: string;
  pointer?: string;
  icon: string;
  children: ProvidersSnapshot[];
}

const COLLAPSIBLE: Record<TreeItemShape['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/**
 * The "Providers" view: providers → tenants/realms → apps → endpoints, certificates, claim mappings,
 * teams, as buildConfigTree (pure) gives them; one root per config file when there are several, or when
 * the only file has problems no provider shows (a syntax error). Selecting a row reveals it in the file.
 */
export class ProvidersTreeProvider implements vscode.TreeDataProvider<ProvidersElement>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<ProvidersElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: ConfigStore,
    private readonly terraform?: { modules: TerraformDiagnostics; core: () => Core },
  ) {
    this.disposables.add(this.changed);
    this.disposables.add(store.onDidChange(() => this.changed.fire(undefined)));
    if (terraform) this.disposables.add(terraform.modules.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(element?: ProvidersElement): Promise<ProvidersElement[]> {
    if (!element) {
      await this.store.ready;
      const entries = this.store.list();
      const modules = this.terraformRoots();
      const only = entries.length === 1 && modules.length === 0 ? entries[0] : undefined;
      if (only && only.tree.length > 0 && unplacedFindings(only.tree, only.validation.findings).length === 0) return this.nodes(only, only.uri.toString(), only.tree);
      return [...entries.map((entry): ProvidersElement => ({ type: 'file', id: entry.uri.toString(), entry })), ...modules];
    }
    if (element.type === 'terraform' || element.type === 'terraform-node') {
      const nodes = element.type === 'terraform' ? element.tree : element.node.children;
      return nodes.map((node, n) => ({ type: 'terraform-node', id: `${element.id}|${node.kind}:${node.pointer}:${node.label}#${n}`, check: element.check, node }));
    }
    const nodes = element.type === 'file' ? element.entry.tree : element.node.children;
    return this.nodes(element.entry, element.id, nodes);
  }

  private terraformRoots(): ProvidersElement[] {
    if (!this.terraform) return [];
    const core = this.terraform.core;
    return [...this.terraform.modules.checks.entries()]
      .filter(([, check]) => check.hasSsoResources && check.index)
      .map(([dir, check]) => {
        let tree: ConfigTreeNode[] = [];
        try {
          tree = check.index ? core().buildConfigTree(check.index, check.findings) : [];
        } catch {
          tree = []; // a model the tree cannot show: the module's findings are in the Problems panel
        }
        return { type: 'terraform', id: `terraform:${dir}`, check, tree };
      });
  }

  getTreeItem(element: ProvidersElement): vscode.TreeItem {
    if (element.type === 'terraform' || element.type === 'terraform-node') return this.terraformItem(element);
    const shape = element.type === 'file' ? this.fileShape(element.entry) : configNodeShape(element.node);
    const item = new vscode.TreeItem(shape.label, COLLAPSIBLE[shape.collapsible]);
    item.id = element.id;
    if (shape.description !== undefined) item.description = shape.description;
    item.tooltip = new vscode.MarkdownString(shape.tooltip);
    item.iconPath = new vscode.ThemeIcon(shape.icon.id, shape.icon.color ? new vscode.ThemeColor(shape.icon.color) : undefined);
    item.contextValue = shape.contextValue;
    if (element.type === 'file') item.resourceUri = element.entry.uri;
    const pointer = element.type === 'node' ? element.node.pointer : '';
    item.command = { command: COMMAND_IDS.revealConfigNode, title: 'Reveal in File', arguments: [element.entry.uri, pointer] };
    return item;
  }

  /** The first row, depth first, whose tree item matches: what a row's menu passes its command (for the integration test). */
  async rowWhere(match: (item: vscode.TreeItem) => boolean, element?: ProvidersElement): Promise<ProvidersElement | undefined> {
    for (const c of await this.getChildren(element)) {
      if (match(this.getTreeItem(c))) return c;
      const below = await this.rowWhere(match, c);
      if (below) return below;
    }
    return undefined;
  }

  /** Every row, expanded, as the user would read it (for the integration test). */
  async snapshot(): Promise<ProvidersSnapshot[]> {
    const walk = async (element?: ProvidersElement): Promise<ProvidersSnapshot[]> => {
      const children = await this.getChildren(element);
      return Promise.all(
        children.map(async (c) => {
          const item = this.getTreeItem(c);
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
          return {
            label,
            ...(typeof item.description === 'string' ? { description: item.description } : {}),
            kind: c.type === 'file' ? 'file' : c.type === 'terraform' ? 'terraform' : c.node.kind,
            ...((c.type === 'node' || c.type === 'terraform-node') && c.node.severity ? { severity: c.node.severity } : {}),
            ...(c.type === 'node' || c.type === 'terraform-node' ? { pointer: c.node.pointer } : {}),
            icon,
            children: await walk(c),
          };
        }),
      );
    };
    return walk();
  }

  /** A Terraform module row or one of its nodes: selecting it opens the `.tf` line it was built from. */
  private terraformItem(element: Extract<ProvidersElement, { type: 'terraform' | 'terraform-node' }>): vscode.TreeItem {
    const shape =
      element.type === 'terraform'
        ? configFileShape({ name: `${element.check.dir.slice(element.check.dir.lastIndexOf('/') + 1)} (Terraform)`, folder: vscode.workspace.asRelativePath(vscode.Uri.file(element.check.dir)), roots: element.tree, findings: unplacedFindings(element.tree, element.check.findings) })
        : configNodeShape(element.node);
    const item = new vscode.TreeItem(shape.label, COLLAPSIBLE[shape.collapsible]);
    item.id = element.id;
    if (shape.description !== undefined) item.description = shape.description;
    item.tooltip = new vscode.MarkdownString(shape.tooltip);
    item.iconPath = new vscode.ThemeIcon(shape.icon.id, shape.icon.color ? new vscode.ThemeColor(shape.icon.color) : undefined);
    // Not the config rows' context values. An app row is `ssoLens.terraform.app.<protocol>`: the mapping
    // commands, the sign-ins (OIDC or SAML) and Check Live work on it; Check Live also on the module row.
    item.contextValue = element.type === 'terraform' ? 'terraformModule' : element.node.kind === 'app' ? `ssoLens.terraform.app${element.node.protocol ? `.${element.node.protocol}` : ''}` : 'terraformNode';
    const at = this.terraform?.modules.location(element.check, element.type === 'terraform-node' ? element.node.pointer : '');
    if (at) item.command = { command: 'vscode.open', title: 'Reveal in File', arguments: [at.uri, { selection: at.range }] };
    return item;
  }

  private fileShape(entry: ConfigEntry): TreeItemShape {
    const rel = vscode.workspace.asRelativePath(entry.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    const slash = rel.lastIndexOf('/');
    return configFileShape({
      name: slash >= 0 ? rel.slice(slash + 1) : rel,
      ...(slash > 0 ? { folder: rel.slice(0, slash) } : {}),
      roots: entry.tree,
      findings: unplacedFindings(entry.tree, entry.validation.findings),
    });
  }

  /** Stable ids keep expansion across refreshes; a suffix keeps two equal siblings apart. */
  private nodes(entry: ConfigEntry, parentId: string, nodes: readonly ConfigTreeNode[]): ProvidersElement[] {
    const seen = new Map<string, number>();
    return nodes.map((node) => {
      const base = `${parentId}|${node.kind}:${node.pointer}:${node.label}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { type: 'node', id: n === 0 ? base : `${base}#${n}`, entry, node };
    });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
