import { configFinding, type ConfigFinding } from '../config-finding';
import { DEFAULT_EXPIRY_WARNING_DAYS, secretExpiries } from '../expiry';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * A client secret whose reference notes its expiry (`"expires"`, as Entra's Certificates & secrets
 * blade shows it): expired (error: the client cannot authenticate, sign-ins fail at the token
 * endpoint) or expiring within `expiryWarningDays` (warning). Secrets cannot be fetched or read, so
 * this is the only way to know. AADSTS7000222 is Entra's "client secret keys are expired"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
 */
export const secretExpiryRule: ConfigRule = {
  name: 'secret-expiry',
  ids: ['config.secret-expired', 'config.secret-expiring'],
  check(ctx) {
    const out: ConfigFinding[] = [];
    const days = ctx.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
    for (const s of secretExpiries(ctx.index)) {
      if (!s.at) continue; // the schema's pattern reports a malformed date
      const path = childPointer(s.pointer, 'expires');
      const expires = s.at.toISOString();
      const ms = s.at.getTime() - ctx.now.getTime();
      if (ms <= 0) out.push({ ...configFinding('config.secret-expired', 'error', `the ${s.label} expired on ${s.text}: the client can no longer authenticate (Entra: AADSTS7000222). Create a new secret, store it, and update "expires"`, path), expires });
      else if (ms <= days * 86_400_000) out.push({ ...configFinding('config.secret-expiring', 'warning', `the ${s.label} expires on ${s.text} (in ${Math.floor(ms / 86_400_000)} d): create a new secret before then and update "expires"`, path), expires });
    }
    return out;
  },
};
