import { configFinding, type ConfigFinding } from '../config-finding';
import { childPointer } from '../json-pointer';
import { checkDocumentedEndpoint, DOCUMENTED_ENDPOINTS } from '../product-endpoints';
import type { ConfigRule } from './rule';

/**
 * Redirect / callback / SP endpoint URLs against what the product documents
 * (src/model/product-endpoints.ts). Exoscale: the callback is `/sso-authenticate/{org}`; the
 * `/sso-login/{org}` page next to it in the guide is where users start, not where the IdP returns.
 */
export const documentedEndpointsRule: ConfigRule = {
  name: 'documented-endpoints',
  ids: ['config.redirect-path-mismatch'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    for (const a of index.apps) {
      const app = a.value;
      for (const entry of DOCUMENTED_ENDPOINTS) {
        if (entry.checkedBy !== undefined || entry.protocol !== app.protocol) continue;
        const list = (app as unknown as Record<string, unknown>)[entry.field];
        if (!Array.isArray(list)) continue;
        list.forEach((url: unknown, i) => {
          if (typeof url !== 'string') return;
          const v = checkDocumentedEndpoint(entry, url);
          if (v.kind !== 'mismatch') return;
          const at = childPointer(a.pointer, entry.field, i);
          out.push(configFinding('config.redirect-path-mismatch', 'error', v.message, at, v.fix !== undefined ? { title: `Use the documented URL ${v.fix}`, kind: 'replace', path: at, value: v.fix } : undefined));
        });
      }
    }
    return out;
  },
};
