import type { SsoConfig } from '../config-types';
import type { TfValue } from './tf-value';

/**
 * What Terraform does not hold comes from one JSON file beside the root module, `sso-lens.terraform.json`:
 * the product side (teams, claim mapping, default teams), test users, settings the providers cannot manage
 * (Entra SAML token encryption and verification certificates, a downloaded metadata file), and values known
 * only after apply that the user pins from the portal or the state (`values`, by Terraform address).
 * It is a partial config: providers, apps, groups and brokers are matched by the ids the Terraform model
 * gives them (`sso-lens check --print-model` lists them) and only fill in what the `.tf` files leave unset
 * (including what the model only works out, such as an Entra OIDC app's issuer);
 * users, groups, assignments, teams and mappers the sidecar adds are appended.
 */
export const TERRAFORM_SIDECAR = 'sso-lens.terraform.json';

export interface Sidecar {
  values: Record<string, TfValue>;
  providers: Array<Record<string, unknown>>;
}

export interface SidecarMerge {
  /** Model pointer → sidecar pointer, for everything the sidecar supplied. */
  origins: Map<string, string>;
  /** Sidecar entries that matched nothing in the Terraform model (sidecar pointer, what). */
  unmatched: Array<{ pointer: string; message: string }>;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function readSidecar(value: unknown): Sidecar {
  const o = isObj(value) ? value : {};
  const values: Record<string, TfValue> = {};
  if (isObj(o['values'])) for (const [k, v] of Object.entries(o['values'])) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[k] = v;
  return { values, providers: Array.isArray(o['providers']) ? o['providers'].filter(isObj) : [] };
}

/** Keys whose lists the sidecar extends instead of filling. */
const APPEND = new Set(['users', 'assignments', 'teams', 'mappers', 'claims', 'defaultTeams']);
/** Lists merged element by element on this key. */
const KEYED: Record<string, string> = { providers: 'id', apps: 'id', groups: 'id', identityProviders: 'alias', keys: 'name' };

/** `derived`: model pointers no `.tf` attribute set (worked out by the model), which the sidecar may replace. */
export function mergeSidecar(config: SsoConfig, sidecar: Sidecar, derived: ReadonlySet<string> = new Set()): SidecarMerge {
  const result: SidecarMerge = { origins: new Map(), unmatched: [] };
  mergeList(config as unknown as Record<string, unknown>, 'providers', sidecar.providers, '', '', result, derived);
  return result;
}

function mergeList(target: Record<string, unknown>, key: string, items: unknown[], tPointer: string, sPointer: string, result: SidecarMerge, derived: ReadonlySet<string>): void {
  const idKey = KEYED[key] ?? 'id';
  const existing = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
  target[key] = existing;
  items.forEach((item, n) => {
    if (!isObj(item)) return;
    const at = existing.findIndex((e) => isObj(e) && e[idKey] === item[idKey]);
    if (at < 0) {
      // Unknown providers and apps are a slip (a renamed resource); new groups, users and brokers are welcome.
      if (key === 'providers' || key === 'apps') {
        result.unmatched.push({ pointer: `${sPointer}/${key}/${n}`, message: `the Terraform module defines no ${key === 'apps' ? 'app' : 'provider'} with id "${String(item[idKey])}"` });
        return;
      }
      result.origins.set(`${tPointer}/${key}/${existing.length}`, `${sPointer}/${key}/${n}`);
      existing.push(structuredClone(item));
      return;
    }
    const t = existing[at] as Record<string, unknown>;
    mergeObject(t, item, `${tPointer}/${key}/${at}`, `${sPointer}/${key}/${n}`, result, derived);
  });
}

function mergeObject(target: Record<string, unknown>, overlay: Record<string, unknown>, tPointer: string, sPointer: string, result: SidecarMerge, derived: ReadonlySet<string>): void {
  for (const [k, v] of Object.entries(overlay)) {
    if (k === 'id' || k === 'alias') continue;
    const tv = target[k];
    if (k in KEYED && Array.isArray(v)) mergeList(target, k, v, tPointer, sPointer, result, derived);
    else if (APPEND.has(k) && Array.isArray(v)) {
      const list = Array.isArray(tv) ? tv : [];
      v.forEach((x, n) => {
        result.origins.set(`${tPointer}/${k}/${list.length}`, `${sPointer}/${k}/${n}`);
        list.push(structuredClone(x));
      });
      target[k] = list;
    } else if (tv === undefined || derived.has(`${tPointer}/${k}`)) {
      target[k] = structuredClone(v);
      result.origins.set(`${tPointer}/${k}`, `${sPointer}/${k}`);
    } else if (isObj(tv) && isObj(v)) mergeObject(tv, v, `${tPointer}/${k}`, `${sPointer}/${k}`, result, derived);
    // else: Terraform set it; the .tf file wins.
  }
}
