import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /(secret|password|privatekey|private_key)$/i;
/**
 * Entra client secret values created since 2021 carry "Q~" at index 3-4 and are 40 characters long
 * (seen in every secret the Certificates & secrets blade shows once after "New client secret").
 */
const ENTRA_SECRET_VALUE = /^[A-Za-z0-9_.-]{3}[0-9A-Za-z]?Q~[A-Za-z0-9_.~-]{30,36}$/;

/**
 * A secret in the file ends up in Git history. Only references are allowed: `{ "env": … }` or
 * `{ "secretStorage": … }`. The quick fix stores the value in VS Code secret storage first.
 */
export const literalSecretRule: ConfigRule = {
  name: 'literal-secret',
  ids: ['config.literal-secret'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    // The pointer is built only for a finding: on every edit this walks every value of the file.
    const path: Array<string | number> = [];
    const walk = (value: unknown, key: string, owner: string): void => {
      if (typeof value === 'string') {
        if (value === '') return;
        if (SECRET_KEY.test(key) || ENTRA_SECRET_VALUE.test(value)) {
          const pointer = childPointer('', ...path);
          out.push(
            configFinding('config.literal-secret', 'error', `"${key}" holds a literal secret; anyone with the file (or its Git history) has it. Reference it instead: { "secretStorage": "…" } or { "env": "…" }, and rotate the secret if it was committed`, pointer, {
              title: 'Move the secret to VS Code secret storage',
              kind: 'move-to-secret-storage',
              path: pointer,
              value: { secretStorage: `sso-lens/${owner}/${key}` },
            }),
          );
        }
        return;
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(value[i], key, owner);
          path.pop();
        }
      } else if (value !== null && typeof value === 'object') {
        const id = (value as { id?: unknown; alias?: unknown }).id ?? (value as { alias?: unknown }).alias;
        const nextOwner = typeof id === 'string' ? id : owner;
        for (const [k, v] of Object.entries(value)) {
          path.push(k);
          walk(v, k, nextOwner);
          path.pop();
        }
      }
    };
    walk(index.config, '', 'config');
    return out;
  },
};
