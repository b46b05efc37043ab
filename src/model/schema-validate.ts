import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schemas/sso-config.schema.json';
import type { ConfigFinding } from './config-finding';
import { childPointer, resolvePointer } from './json-pointer';
import { compileSchemaValidator } from './schema-compile';

/** The JSON schema every config file follows (also wired to VS Code through contributes.jsonValidation). */
export const SSO_CONFIG_SCHEMA: unknown = schema;

let compiled: ValidateFunction | undefined;

/** Once per process, on first use (in the bundles, code generated at build time; see schema-compile.ts). */
function validator(): ValidateFunction {
  compiled ??= compileSchemaValidator();
  return compiled;
}

/** Property names whose string values are secrets; the literal-secret rule reports those instead. */
const SECRET_KEYS = /(secret|password|privatekey)$/i;

/** Schema violations as findings located by JSON pointer (one per element, most specific first). */
export function validateAgainstSchema(value: unknown): ConfigFinding[] {
  const validate = validator();
  if (validate(value)) return [];
  const out: ConfigFinding[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const f = describeError(e, value);
    if (!f) continue;
    const key = `${f.path}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  // A oneOf failure on an element that also has a specific error adds nothing: keep the specific one.
  return out.filter((f) => !(f.message.startsWith('does not match') && out.some((o) => o !== f && o.path.startsWith(f.path) && !o.message.startsWith('does not match'))));
}

function describeError(e: ErrorObject, value: unknown): ConfigFinding | undefined {
  const path = e.instancePath;
  const last = path.split('/').pop() ?? '';
  if (SECRET_KEYS.test(last) && typeof resolvePointer(value, path) === 'string') return undefined;
  const at = (p: string, message: string): ConfigFinding => ({ id: 'config.schema-invalid', severity: 'error', message, path: p });
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty?: string }).additionalProperty);
      return at(childPointer(path, prop), `unknown property "${prop}"${where(path)}`);
    }
    case 'required':
      return at(path, `missing required property "${String((e.params as { missingProperty?: string }).missingProperty)}"${where(path)}`);
    case 'enum':
      return at(path, `must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'const':
      return at(path, `must be ${JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue)}`);
    case 'discriminator': {
      const p = e.params as { tag?: string; tagValue?: unknown; error?: string };
      return at(p.error === 'mapping' ? childPointer(path, p.tag ?? '') : path, p.error === 'mapping' ? `unknown ${p.tag ?? 'type'} ${JSON.stringify(p.tagValue)}` : `missing "${p.tag ?? 'type'}"`);
    }
    case 'oneOf':
    case 'anyOf':
      return at(path, `does not match any allowed form${where(path)}`);
    case 'if':
      return undefined;
    default:
      return at(path, e.message ?? 'invalid');
  }
}

function where(path: string): string {
  return path === '' ? ' at the top level' : '';
}
