import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { ConfigTreeNode } from '../model/config-tree';
import { DisposableStore } from '../platform/disposables';
import type { ConfigEntry, ConfigStore } from './config-store';
import { configFileShape, configNodeShape, unplacedFindings, type TreeItemShape } from './config-tree-item';

/** A row of the providers view: a config file (when there are several) or a node of one file's tree. */
export type ProvidersElement = { type: 'file'; id: string; entry: ConfigEntry } | { type: 'node'; id: string; entry: ConfigEntry; node: ConfigTreeNode };

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

  constructor(private readonly store: ConfigStore) {
    this.disposables.add(this.changed);
    this.disposables.add(store.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(element?: ProvidersElement): Promise<ProvidersElement[]> {
    if (!element) {
      await this.store.ready;
      const entries = this.store.list();
      const only = entries.length === 1 ? entries[0] : undefined;
      if (only && only.tree.length > 0 && unplacedFindings(only.tree, only.validation.findings).length === 0) return this.nodes(only, only.uri.toString(), only.tree);
      return entries.map((entry) => ({ type: 'file', id: entry.uri.toString(), entry }));
    }
    const nodes = element.type === 'file' ? element.entry.tree : element.node.children;
    return this.nodes(element.entry, element.id, nodes);
  }

  getTreeItem(element: ProvidersElement): vscode.TreeItem {
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
            kind: c.type === 'file' ? 'file' : c.node.kind,
            ...(c.type === 'node' && c.node.severity ? { severity: c.node.severity } : {}),
            ...(c.type === 'node' ? { pointer: c.node.pointer } : {}),
            icon,
            children: await walk(c),
          };
        }),
      );
    };
    return walk();
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
