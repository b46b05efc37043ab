import type { ConfigIndex } from './config-index';
import { childPointer } from './json-pointer';

/**
 * Warn this many days before a certificate or secret expires, unless `ssoLens.expiryWarningDays` /
 * `--expiry-days` say otherwise. Entra mails 60, 30 and 7 days ahead of a SAML certificate's expiry
 * (DOMAIN-FACTS.md; https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on).
 */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
/** Ten years: a bound that still rejects nonsense such as a millisecond count. */
export const MAX_EXPIRY_WARNING_DAYS = 3650;

/** A day count as a setting or CLI option gives it, or undefined when it is not one. */
export function parseExpiryDays(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_EXPIRY_WARNING_DAYS ? n : undefined;
}

/** A secret reference in the config that carries an `expires` date. */
export interface SecretExpiryEntry {
  /** JSON pointer of the reference object. */
  pointer: string;
  /** "client secret of app palette_oidc". */
  label: string;
  /** As written. */
  text: string;
  /** Parsed; undefined when the text is no date. */
  at?: Date;
}

/**
 * Every secret reference (`{ "env" | "secretStorage": …, "expires": … }`) with an expiry date,
 * wherever it sits: app client secrets, Keycloak brokers' client secrets, and what later shapes add.
 */
export function secretExpiries(index: ConfigIndex): SecretExpiryEntry[] {
  const out: SecretExpiryEntry[] = [];
  const walk = (value: unknown, pointer: string, key: string, owner: string, depth: number): void => {
    if (depth > 64 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, childPointer(pointer, i), key, owner, depth + 1));
      return;
    }
    const o = value as Record<string, unknown>;
    if (typeof o['expires'] === 'string' && (typeof o['env'] === 'string' || typeof o['secretStorage'] === 'string')) {
      const at = parseExpiry(o['expires']);
      out.push({ pointer, label: `${words(key)} of ${owner}`, text: o['expires'], ...(at ? { at } : {}) });
      return;
    }
    const id = typeof o['id'] === 'string' ? o['id'] : typeof o['alias'] === 'string' ? o['alias'] : undefined;
    for (const [k, v] of Object.entries(o)) walk(v, childPointer(pointer, k), k, id ?? owner, depth + 1);
  };
  walk(index.config, '', 'secret', 'the config', 0);
  return out;
}

/** `2026-12-31` (the end of that day is not meant: Entra shows the date the secret stops working, so its start counts) or a full instant. */
export function parseExpiry(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return undefined;
  const d = new Date(/T/.test(t) && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "expires in 12 d", "expires today", "expired 3 d ago": the Providers view's countdown. */
export function countdown(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  if (ms <= 0) {
    const ago = Math.floor(-ms / 86_400_000);
    return ago === 0 ? 'expired today' : `expired ${ago} d ago`;
  }
  const days = Math.floor(ms / 86_400_000);
  return days === 0 ? 'expires today' : `expires in ${days} d`;
}

function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
