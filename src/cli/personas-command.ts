import { parseArgs } from 'node:util';
import type { SsoConfig } from '../model/config-types';
import { displayNames, type DisplayNames } from '../model/display-names';
import { personaTable, type PersonaRow, type PersonaTable } from '../model/mapping';
import { personaOutcome } from '../present/present-personas';
import { parseLogin } from './inspect-config';
import { loadAnyInspectConfig } from './terraform-config';
import { UsageError, type CliIo } from './io';

export const PERSONAS_USAGE = `sso-lens personas <FILE> [--app ID] [--login first|later] [--json]

FILE is a config file, or a Terraform root module (a folder or one of its .tf files) with its sidecar.

"Sample personas": for every app in the config (or one), each test user of its provider signs in
with the claims the provider would send as configured; prints who lands in which team, group and
role, and the mapping findings. Nothing is sent anywhere. With a Keycloak broker, --login later
shows a returning user (IMPORT mappers do not run, LEGACY mappers add no group or role).

Exit status: 0 every persona maps without an error finding, 1 at least one does, 2 usage error.`;

export async function runPersonas(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { app: { type: 'string' }, login: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(PERSONAS_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('personas takes exactly one config file');
  const config = await loadAnyInspectConfig(positionals[0], undefined);
  if (values.app !== undefined && !config.index.app(values.app)) throw new UsageError(`--app ${values.app}: no such app in ${positionals[0]} (apps: ${config.index.apps.map((a) => a.value.id).join(', ') || 'none'})`);
  const table = personaTable(config.index, values.app, parseLogin(values.login));
  io.out(values.json ? JSON.stringify(table, null, 2) : formatPersonas(table, config.index.config));
  return table.rows.some((r) => r.mapping.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** The persona table as text; with the config, teams, groups and roles named by an ID read `name (ID)`. */
export function formatPersonas(table: PersonaTable, config?: SsoConfig): string {
  if (table.rows.length === 0) return 'no test users in the config (providers[].users)';
  const names = config ? displayNames(config) : undefined;
  const lines: string[] = [];
  let app = '';
  for (const r of table.rows) {
    if (r.appId !== app) {
      app = r.appId;
      lines.push(`${lines.length ? '\n' : ''}== ${r.appId}`);
    }
    lines.push(`  ${r.userId}${r.signIn === 'not-assigned' ? ' (not assigned to the app: Entra refuses the sign-in, AADSTS50105)' : ''}: ${personaOutcome(names ? named(r, names) : r)}`);
    for (const f of r.mapping.findings) lines.push(`    ${f.severity} ${f.id}: ${f.message} [${f.path ?? ''}]`);
  }
  return lines.join('\n');
}

/** The row with the config's names beside the IDs it lands in (the JSON output keeps the raw values). */
function named(r: PersonaRow, names: DisplayNames): PersonaRow {
  const m = r.mapping;
  return { ...r, mapping: { ...m, teams: m.teams.map((v) => names.label(v)), groups: m.groups.map((v) => names.label(v)), roles: m.roles.map((v) => names.label(v)) } };
}
