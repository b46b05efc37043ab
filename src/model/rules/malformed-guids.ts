import { configFinding, type ConfigFinding } from '../config-finding';
import { isGuid } from '../identifiers';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * Entra identifies tenants, applications, groups, users and app roles by GUID. A mistyped one is the
 * commonest copy-paste slip (a character dropped, the secret ID pasted instead of the client ID) and
 * shows up only as AADSTS700016 / AADSTS90002 at sign-in.
 */
export const malformedGuidsRule: ConfigRule = {
  name: 'malformed-guids',
  ids: ['config.malformed-guid'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    const check = (value: string | undefined, pointer: string, what: string): void => {
      if (value === undefined || isGuid(value)) return;
      const hint = /^[0-9a-f-]+$/i.test(value) ? `: ${value.replace(/-/g, '').length} hex digits where a GUID has 32 (8-4-4-4-12)` : ' (expected 8-4-4-4-12 hex digits)';
      out.push(configFinding('config.malformed-guid', 'error', `${what} "${value}" is not a GUID${hint}`, pointer));
    };
    for (const p of index.providers) {
      if (p.value.type !== 'entra') continue;
      check(p.value.tenantId, childPointer(p.pointer, 'tenantId'), 'Directory (tenant) ID');
      (p.value.groups ?? []).forEach((g, i) => check(g.objectId, childPointer(p.pointer, 'groups', i, 'objectId'), `object ID of group ${g.id}`));
      (p.value.users ?? []).forEach((u, i) => check(u.objectId, childPointer(p.pointer, 'users', i, 'objectId'), `object ID of user ${u.id}`));
    }
    for (const a of index.apps) {
      if (a.provider.value.type !== 'entra') continue;
      const app = a.value;
      check(app.appId, childPointer(a.pointer, 'appId'), 'Application (client) ID');
      check(app.objectId, childPointer(a.pointer, 'objectId'), 'application object ID');
      if (app.protocol === 'oidc') {
        check(app.clientId, childPointer(a.pointer, 'clientId'), 'client ID');
        (app.certificates ?? []).forEach((c, i) => check(c.keyId, childPointer(a.pointer, 'certificates', i, 'keyId'), 'key credential ID'));
        if (app.appId !== undefined && isGuid(app.appId) && isGuid(app.clientId) && app.appId.toLowerCase() !== app.clientId.toLowerCase())
          out.push(configFinding('config.malformed-guid', 'error', `client ID ${app.clientId} differs from the Application (client) ID ${app.appId}; for Entra they are the same value`, childPointer(a.pointer, 'clientId')));
      }
      (app.appRoles ?? []).forEach((r, i) => check(r.id, childPointer(a.pointer, 'appRoles', i, 'id'), `app role ID of ${r.value}`));
    }
    return out;
  },
};
