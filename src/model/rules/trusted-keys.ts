import { loadTrustMaterial } from '../../decoders/keys/load-trust';
import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * An OIDC app's `trustedKeys.jwksFile` must be readable trust material: "Test with a Token…" and
 * `inspect --config` refuse to run on a file they cannot read rather than verify nothing.
 */
export const trustedKeysRule: ConfigRule = {
  name: 'trusted-keys',
  ids: ['config.file-not-found', 'jwks.malformed'],
  check(ctx) {
    const out: ConfigFinding[] = [];
    for (const a of ctx.index.apps) {
      if (a.value.protocol !== 'oidc' || a.value.trustedKeys?.jwksFile === undefined) continue;
      const file = a.value.trustedKeys.jwksFile;
      const at = childPointer(a.pointer, 'trustedKeys', 'jwksFile');
      const bytes = ctx.readFile?.(file);
      if (!bytes) {
        out.push(configFinding('config.file-not-found', 'error', `JWKS file ${file} cannot be read (paths are relative to the config file)`, at));
        continue;
      }
      const loaded = loadTrustMaterial(bytes, file);
      if (!loaded.ok) out.push(configFinding('jwks.malformed', 'error', `${file}: ${loaded.error.message}`, at));
    }
    return out;
  },
};
