import type { ConfigFinding } from './config-finding';
import type { ConfigIndex } from './config-index';
import type { App, CertificateRef, IdpGroup, KeycloakMapper, Provider, Team, TeamSource } from './config-types';
import { displayNames, type DisplayNames } from './display-names';
import { childPointer } from './json-pointer';
import { brokerEndpoint, realmUrl } from './rules/keycloak-broker';

export type ConfigTreeNodeKind =
  | 'provider'
  | 'app'
  | 'broker'
  | 'endpoint'
  | 'certificate'
  | 'claim-mapping'
  | 'mapper'
  | 'team'
  | 'group'
  | 'user'
  | 'folder';

/**
 * A node of the providers tree, free of VS Code types: the extension turns it into a TreeItem.
 * `pointer` is where the node lives in the file (reveal on select); `severity` is the worst finding at
 * or below that pointer, so problems show on the nodes.
 */
export interface ConfigTreeNode {
  kind: ConfigTreeNodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  pointer: string;
  severity?: 'error' | 'warning' | 'info';
  /** The soonest expiry (ISO-8601) among the expiry findings at or below this node: the tree counts down to it. */
  expires?: string;
  findings: ConfigFinding[];
  children: ConfigTreeNode[];
  /** App nodes: the protocol, so menus can offer the actions that fit (Sign In as This App…, Test SAML Sign-In…). */
  protocol?: 'oidc' | 'saml';
}

/** providers → (tenant/realm) apps → endpoints, certificates, claim mappings, teams; Keycloak brokers → mappers. */
export function buildConfigTree(index: ConfigIndex, findings: readonly ConfigFinding[] = []): ConfigTreeNode[] {
  const node = (kind: ConfigTreeNodeKind, label: string, pointer: string, children: ConfigTreeNode[] = [], description?: string, tooltip?: string): ConfigTreeNode => ({
    kind,
    label,
    pointer,
    children,
    findings: [],
    ...(description !== undefined ? { description } : {}),
    ...(tooltip !== undefined ? { tooltip } : {}),
  });
  const appsOf = new Map<unknown, ConfigIndex['apps']>();
  for (const a of index.apps) {
    const list = appsOf.get(a.provider);
    if (list) list.push(a);
    else appsOf.set(a.provider, [a]);
  }
  // One lookup for the whole file: a broker's mappers and an app's teams name groups of the upstream provider.
  const names = displayNames(index.config);
  const roots = index.providers.map((p) => {
    const apps = (appsOf.get(p) ?? []).map((a) => appNode(a.value, a.pointer, node, names));
    const children = [...apps];
    const prov = p.value;
    if (prov.type === 'keycloak') {
      for (const b of index.brokers.filter((x) => x.realm.value === prov)) {
        const mappers = (b.value.mappers ?? []).map((m, i) => node('mapper', m.name, childPointer(b.pointer, 'mappers', i), [], m.type, mapperText(m, names)));
        const endpoints = [node('endpoint', brokerEndpoint(prov, b.value.alias), childPointer(b.pointer, 'alias'), [], 'broker redirect URI')];
        children.push(node('broker', b.value.displayName ?? b.value.alias, b.pointer, [...endpoints, ...mappers], `${b.value.protocol.toUpperCase()} identity provider${b.value.upstreamApp ? ` ← ${b.value.upstreamApp}` : ''}`));
      }
      (prov.keys ?? []).forEach((k, i) => {
        if (k.certificate) children.push(node('certificate', k.name, childPointer(p.pointer, 'keys', i, 'certificate'), [], `realm key (${k.use})`, certText(k.certificate)));
      });
    }
    if ((prov.groups ?? []).length > 0) children.push(node('folder', 'Groups', childPointer(p.pointer, 'groups'), (prov.groups ?? []).map((g, i) => node('group', g.displayName ?? g.id, childPointer(p.pointer, 'groups', i), [], g.objectId ?? g.path, groupText(g)))));
    if ((prov.users ?? []).length > 0) children.push(node('folder', 'Test users', childPointer(p.pointer, 'users'), (prov.users ?? []).map((u, i) => node('user', u.displayName ?? u.id, childPointer(p.pointer, 'users', i), [], u.userPrincipalName ?? u.mail))));
    return node('provider', prov.displayName ?? prov.id, p.pointer, children, providerDescription(prov));
  });
  attachFindings(roots, findings);
  return roots;
}

function providerDescription(p: Provider): string {
  switch (p.type) {
    case 'entra':
      return `Entra ID tenant ${p.tenantDomain ?? p.tenantId}`;
    case 'keycloak':
      return `Keycloak realm ${realmUrl(p)}`;
    case 'okta':
      return `Okta ${p.domain}`;
    case 'oidc':
      return `OIDC ${p.issuer}`;
    case 'saml':
      return `SAML ${p.entityId}`;
  }
}

function certText(ref: CertificateRef): string {
  if ('file' in ref) return ref.file;
  if ('thumbprint' in ref) return `thumbprint ${ref.thumbprint}`;
  return 'inline certificate';
}

type Make = (kind: ConfigTreeNodeKind, label: string, pointer: string, children?: ConfigTreeNode[], description?: string, tooltip?: string) => ConfigTreeNode;

function appNode(app: App, pointer: string, node: Make, names: DisplayNames): ConfigTreeNode {
  const endpoints: ConfigTreeNode[] = [];
  const certs: ConfigTreeNode[] = [];
  if (app.protocol === 'oidc') {
    if (app.issuer) endpoints.push(node('endpoint', app.issuer, childPointer(pointer, 'issuer'), [], 'issuer'));
    (app.redirectUris ?? []).forEach((u, i) => endpoints.push(node('endpoint', u, childPointer(pointer, 'redirectUris', i), [], 'redirect URI')));
    (app.logoutUris ?? []).forEach((u, i) => endpoints.push(node('endpoint', u, childPointer(pointer, 'logoutUris', i), [], 'logout URL')));
    (app.certificates ?? []).forEach((c, i) => certs.push(node('certificate', c.displayName ?? `${c.usage} certificate`, childPointer(pointer, 'certificates', i, 'certificate'), [], c.usage, certText(c.certificate))));
  } else {
    app.identifiers.forEach((u, i) => endpoints.push(node('endpoint', u, childPointer(pointer, 'identifiers', i), [], 'identifier (entity ID)')));
    app.replyUrls.forEach((u, i) => endpoints.push(node('endpoint', u, childPointer(pointer, 'replyUrls', i), [], 'reply URL (ACS)')));
    if (app.signOnUrl) endpoints.push(node('endpoint', app.signOnUrl, childPointer(pointer, 'signOnUrl'), [], 'sign-on URL'));
    if (app.metadataUrl) endpoints.push(node('endpoint', app.metadataUrl, childPointer(pointer, 'metadataUrl'), [], 'federation metadata'));
    if (app.signing?.certificate) certs.push(node('certificate', 'Token signing', childPointer(pointer, 'signing', 'certificate'), [], app.signing.algorithm, certText(app.signing.certificate)));
    if (app.encryption?.certificate) certs.push(node('certificate', 'Token encryption', childPointer(pointer, 'encryption', 'certificate'), [], app.encryption.enabled ? 'active' : 'inactive', certText(app.encryption.certificate)));
    (app.verificationCertificates?.certificates ?? []).forEach((c, i) => certs.push(node('certificate', 'Verification', childPointer(pointer, 'verificationCertificates', 'certificates', i), [], undefined, certText(c))));
    if (app.serviceProvider?.idpCertificate) certs.push(node('certificate', 'IdP certificate on the SP', childPointer(pointer, 'serviceProvider', 'idpCertificate'), [], undefined, certText(app.serviceProvider.idpCertificate)));
  }
  const mapping = app.claimMapping ? Object.entries(app.claimMapping).map(([k, v]) => node('claim-mapping', `${k} ← ${String(v)}`, childPointer(pointer, 'claimMapping', k))) : [];
  if (app.protocol === 'oidc' && app.authorization) mapping.push(node('claim-mapping', 'CEL authorization', childPointer(pointer, 'authorization', 'expression'), [], app.authorization.expression));
  const teams = (app.teams ?? []).map((t, i) => node('team', names.label(t.name), childPointer(pointer, 'teams', i), [], sourceText(t.source, names), teamText(t, names)));
  const children: ConfigTreeNode[] = [];
  if (endpoints.length) children.push(node('folder', 'Endpoints', pointer, endpoints));
  if (certs.length) children.push(node('folder', 'Certificates', pointer, certs));
  if (mapping.length) children.push(node('folder', 'Claim mapping', childPointer(pointer, 'claimMapping'), mapping));
  if (teams.length) children.push(node('folder', 'Teams', childPointer(pointer, 'teams'), teams));
  return { ...node('app', app.displayName ?? app.id, pointer, children, `${app.protocol.toUpperCase()}${app.product ? ` · ${app.product}` : ''}`), protocol: app.protocol };
}

function sourceText(s: TeamSource | undefined, names: DisplayNames): string | undefined {
  if (!s) return undefined;
  if (s.group) return `← group ${groupName(s.group, names)}`;
  if (s.appRole) return `← app role ${names.label(s.appRole)}`;
  if (s.keycloakGroup) return `← Keycloak group ${names.label(s.keycloakGroup)}`;
  if (s.claim) return `← ${s.claim.name} = ${names.label(s.claim.value)}`;
  return undefined;
}

/** A config-local group id: the directory's display name, else the id itself. */
function groupName(id: string, names: DisplayNames): string {
  return names.lookup(id)?.name ?? id;
}

/** A team's tooltip: the product's team name, where its members come from (names beside IDs), its roles. */
function teamText(t: Team, names: DisplayNames): string {
  const hit = names.lookup(t.name);
  const lines = [hit?.name !== undefined ? `Team ${t.name}: ${KIND_WORDS[hit.kind]} "${hit.name}" in the config` : `Team ${t.name}`];
  const s = t.source;
  if (s?.group) lines.push(`Members: group ${groupName(s.group, names)}`);
  else if (s?.appRole) lines.push(`Members: app role ${names.label(s.appRole)}`);
  else if (s?.keycloakGroup) lines.push(`Members: Keycloak group ${names.label(s.keycloakGroup)}`);
  else if (s?.claim) lines.push(`Members: ${s.claim.name} = ${names.label(s.claim.value)}`);
  if (t.roles?.length) lines.push(`Roles: ${t.roles.join(', ')}`);
  if (t.description) lines.push(t.description);
  return lines.join('\n');
}

const KIND_WORDS: Record<'group' | 'app-role' | 'user' | 'keycloak-group', string> = { group: 'group', 'app-role': 'app role', user: 'user', 'keycloak-group': 'Keycloak group' };

/** A group's tooltip: its name with every identifier a token or assertion may carry for it. */
function groupText(g: IdpGroup): string {
  return [
    g.displayName ?? g.id,
    g.objectId ? `object ID ${g.objectId}` : '',
    g.samAccountName ? `sAMAccountName ${g.samAccountName}` : '',
    g.path ? `path ${g.path}` : '',
  ].filter(Boolean).join('\n');
}

/** A mapper's tooltip: what it reads and what it grants, with the config's names beside the values it matches. */
function mapperText(m: KeycloakMapper, names: DisplayNames): string | undefined {
  const reads = [
    ...(m.claims ?? []).map((c) => `${c.key} = ${names.label(c.value)}`),
    ...(m.claim ? [`${m.claim}${m.claimValue !== undefined ? ` = ${names.label(m.claimValue)}` : ''}`] : []),
    ...(m.attributeName ? [`attribute ${m.attributeName}${m.claimValue !== undefined && !m.claim ? ` = ${names.label(m.claimValue)}` : ''}`] : []),
  ];
  const grants = [...(m.group ? [`group ${names.label(m.group)}`] : []), ...(m.role ? [`role ${names.label(m.role)}`] : []), ...(m.userAttribute ? [`user attribute ${m.userAttribute}`] : [])];
  const lines = [...(reads.length ? [`Reads ${reads.join(', ')}`] : []), ...(grants.length ? [`→ ${grants.join(', ')}`] : [])];
  return lines.length ? lines.join('\n') : undefined;
}

const RANK = { error: 3, warning: 2, info: 1 } as const;

/**
 * Each finding goes to the deepest node whose pointer is a prefix of its path; severities roll up. On a
 * tie the real node wins over a folder that shares its pointer (an app's "Endpoints" and "Certificates"
 * folders carry the app's pointer), so a certificate finding cannot land on the Endpoints folder.
 */
function attachFindings(roots: ConfigTreeNode[], findings: readonly ConfigFinding[]): void {
  // Index the nodes by pointer once, then walk each finding's path up to the root: linear in the
  // findings (a scan of every node per finding took tens of seconds for 10,000 apps).
  const byPointer = new Map<string, ConfigTreeNode>();
  const stack = [...roots].reverse();
  for (let n = stack.pop(); n; n = stack.pop()) {
    const seen = byPointer.get(n.pointer);
    if (!seen || (seen.kind === 'folder' && n.kind !== 'folder')) byPointer.set(n.pointer, n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as ConfigTreeNode);
  }
  for (const f of findings) {
    let p = f.path;
    for (;;) {
      const hit = byPointer.get(p);
      if (hit) {
        hit.findings.push(f);
        break;
      }
      const cut = p.lastIndexOf('/');
      if (cut < 0) break;
      p = p.slice(0, cut);
    }
  }
  const roll = (n: ConfigTreeNode): number => {
    let worst = 0;
    for (const f of n.findings) worst = Math.max(worst, RANK[f.severity]);
    for (const c of n.children) worst = Math.max(worst, roll(c));
    if (worst > 0) n.severity = worst === 3 ? 'error' : worst === 2 ? 'warning' : 'info';
    return worst;
  };
  roots.forEach(roll);
  const soonest = (n: ConfigTreeNode): string | undefined => {
    const all = [...n.findings.map((f) => f.expires), ...n.children.map(soonest)].filter((e): e is string => e !== undefined && Number.isFinite(Date.parse(e)));
    const first = all.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    if (first !== undefined) n.expires = first;
    return first;
  };
  roots.forEach(soonest);
}
