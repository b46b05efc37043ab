import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { TfFileSystem } from '../model/terraform/tf-module';
import { LIMITS } from '../decoders/limits';

const toPosix = (p: string): string => p.split(sep).join('/');

/** The Terraform reader's file access on the local disk (CLI and the extension host). */
export const nodeTfFileSystem: TfFileSystem = {
  readText(path) {
    try {
      if (statSync(path).size > LIMITS.maxConfigBytes) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readBytes(path) {
    try {
      if (statSync(path).size > LIMITS.maxReferencedFileBytes) return undefined;
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

const SKIP = new Set(['node_modules', 'out', 'dist']);
const LOCAL_SOURCE = /\bsource\s*=\s*"(\.\.?\/[^"]*)"/g;
const SSO_HINT = /\b(resource|data)\s+"(azuread_|keycloak_)/;

/**
 * Root modules under the given paths: folders with `.tf` files that mention an `azuread_` or `keycloak_`
 * resource (directly or in a local child module), minus the folders that are another root's child modules
 * (those are read through their caller, with its inputs). A `.tf` file given explicitly names its folder.
 */
export function findTerraformRoots(paths: string[]): string[] {
  const dirs = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 20) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) dirs.add(toPosix(resolve(dir)));
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) walk(join(dir, e.name), depth + 1);
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) walk(p, 0);
      else if (p.endsWith('.tf') || p.endsWith('.tfvars') || p.endsWith('sso-lens.terraform.json')) dirs.add(toPosix(resolve(dirname(p))));
    } catch {
      /* the caller reports missing paths */
    }
  }
  const children = new Set<string>();
  const mentionsSso = new Map<string, boolean>();
  for (const d of dirs) {
    let sso = false;
    for (const name of nodeTfFileSystem.list(d).filter((n) => n.endsWith('.tf'))) {
      const text = nodeTfFileSystem.readText(`${d}/${name}`) ?? '';
      if (SSO_HINT.test(text)) sso = true;
      for (const m of text.matchAll(LOCAL_SOURCE)) children.add(toPosix(resolve(d, m[1] ?? '.')));
    }
    mentionsSso.set(d, sso);
  }
  const ssoBelow = (d: string): boolean => mentionsSso.get(d) === true || [...children].some((c) => c.startsWith(`${d}/`) && mentionsSso.get(c) === true);
  return [...dirs].filter((d) => !children.has(d) && ssoBelow(d)).sort();
}
