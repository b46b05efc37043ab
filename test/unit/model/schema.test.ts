import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateAgainstSchema } from '../../../src/model/schema-validate';
import { validateConfigText } from '../../../src/model/validate-config';
import { EXAMPLE_FILES, EXAMPLES, NOW, ROOT, example, readFrom } from './helpers';

for (const file of EXAMPLE_FILES) {
  test(`examples/${file} is schema-valid and has no error finding`, () => {
    const v = validateConfigText(readFileSync(join(EXAMPLES, file), 'utf8'), { now: NOW, readFile: readFrom(EXAMPLES) });
    assert.equal(v.schemaValid, true, JSON.stringify(v.findings.filter((f) => f.id === 'config.schema-invalid')));
    assert.deepEqual(v.findings.filter((f) => f.severity === 'error'), []);
    assert.ok(!v.findings.some((f) => f.id === 'config.rule-failed'));
  });
}

test('the schema describes every property (hover text in VS Code)', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'sso-config.schema.json'), 'utf8')) as unknown;
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props) for (const [k, v] of Object.entries(props)) if (typeof v === 'object' && v !== null && !('description' in v)) missing.push(`${path}/${k}`);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});

test('unknown properties, unknown provider types and wrong types are schema errors with pointers', () => {
  const c = example('iomete') as unknown as { providers: Array<Record<string, unknown>> };
  const p = c.providers[0] as Record<string, unknown>;
  p.colour = 'blue';
  const bad = structuredClone(c);
  (bad.providers[0] as Record<string, unknown>).type = 'ping';
  const f1 = validateAgainstSchema(c);
  assert.ok(f1.some((f) => f.id === 'config.schema-invalid' && f.path === '/providers/0/colour'));
  const f2 = validateAgainstSchema(bad);
  assert.ok(f2.some((f) => f.path === '/providers/0/type' && f.message.includes('ping')), JSON.stringify(f2));
  assert.deepEqual(validateAgainstSchema(example('iomete')), []);
});

test('a literal client secret is left to the literal-secret rule, not reported twice by the schema', () => {
  const c = example('exoscale');
  const app = c.providers[0]?.apps?.[0] as unknown as Record<string, unknown>;
  app.clientSecret = 'abc8Q~not-a-real-secret-but-shaped-like-one';
  assert.deepEqual(validateAgainstSchema(c), []);
});
