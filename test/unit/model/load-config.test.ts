import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from '../../../src/model/load-config';
import { parseJsonc } from '../../../src/model/jsonc';
import { validateConfigText } from '../../../src/model/validate-config';

test('comments and trailing commas are accepted, as in VS Code jsonc', () => {
  const doc = parseConfigText('// header\n{ /* c */ "version": 1, "providers": [], }\n');
  assert.deepEqual(doc.findings, []);
  assert.deepEqual(doc.value, { version: 1, providers: [] });
});

test('a JSON pointer locates the value and the key in the text', () => {
  const text = '{\n  "version": 1,\n  "providers": [ { "id": "x", "type": "entra" } ]\n}';
  const doc = parseConfigText(text);
  const r = doc.locate('/providers/0/type');
  assert.ok(r);
  assert.equal(text.slice(r.offset, r.offset + r.length), '"entra"');
  const k = doc.locate('/providers/0/type', 'key');
  assert.ok(k);
  assert.equal(text.slice(k.offset, k.offset + k.length), '"type"');
  // A pointer below a missing element falls back to the nearest ancestor.
  const missing = doc.locate('/providers/0/apps/3');
  assert.ok(missing);
  assert.equal(text.slice(missing.offset, missing.offset + 1), '{');
});

test('syntax errors become config.parse-error findings with a range, never a throw', () => {
  const v = validateConfigText('{ "version": 1, "providers": [ { "id": } ] ');
  assert.ok(v.findings.some((f) => f.id === 'config.parse-error' && f.range !== undefined));
  assert.equal(validateConfigText('').findings[0]?.id, 'config.parse-error');
});

test('hostile nesting and __proto__ keys do not crash or pollute', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  assert.ok(parseConfigText(deep).findings.some((f) => f.id === 'config.parse-error'));
  const v = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
});

test('every finding of a broken file carries a pointer and a text range', () => {
  const text = '{ "version": 1, "providers": [ { "id": "e", "type": "entra", "tenantId": "nope", "colour": 1 } ] }';
  const v = validateConfigText(text);
  assert.ok(v.findings.length > 0);
  for (const f of v.findings) {
    assert.equal(typeof f.path, 'string');
    assert.ok(f.range, `${f.id} has a range`);
  }
  const unknown = v.findings.find((f) => f.message.includes('colour'));
  assert.ok(unknown?.range);
  assert.equal(text.slice(unknown.range.offset, unknown.range.offset + unknown.range.length), '"colour"');
});
