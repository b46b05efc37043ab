/**
 * The JSONC layer over jsonc-parser: what config files may contain, and what hostile text gets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonc, parseJsoncTree, type JsoncError } from '../../../src/model/jsonc';
import { parseConfigText } from '../../../src/model/load-config';

test('comments and trailing commas are accepted, as in VS Code settings', () => {
  const errors: JsoncError[] = [];
  const value = parseJsonc('// a config\n{ "version": 1, /* soon more */ "providers": [], }\n', errors);
  assert.deepEqual(errors, []);
  assert.deepEqual(value, { version: 1, providers: [] });
});

test('syntax errors come back in words with their place, and parsing goes on', () => {
  const errors: JsoncError[] = [];
  const value = parseJsonc('{ "version": 1 "providers": [] }', errors);
  assert.equal(errors[0]?.message, 'comma expected between values');
  assert.equal(errors[0]?.offset, 15);
  assert.deepEqual(value, { version: 1, providers: [] }, 'recovers and keeps what it could read');
});

test('"__proto__" stays an own property and never reaches Object.prototype', () => {
  const value = parseJsonc('{ "__proto__": { "polluted": true } }') as Record<string, unknown>;
  assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
});

test('hostile nesting is refused before the parser recurses', () => {
  const errors: JsoncError[] = [];
  assert.equal(parseJsoncTree('['.repeat(200_000), errors), undefined);
  assert.match(errors[0]?.message ?? '', /nested more than 256 levels/);
});

test('brackets and quotes inside comments are not nesting: a commented-out block or a quote in a comment parses', () => {
  const errors: JsoncError[] = [];
  // A comment holding 300 brackets, and a quote in a comment before a string full of brackets.
  const value = parseJsonc(`// ${'['.repeat(300)}\n/* say "hi ${'{'.repeat(300)} */\n{ "version": 1, "providers": [], "x": "${'['.repeat(300)}" }`, errors);
  assert.deepEqual(errors, []);
  assert.equal((value as { x: string }).x.length, 300);
  // Real nesting inside a block comment's neighbourhood is still counted.
  const deep: JsoncError[] = [];
  parseJsoncTree(`/* ] */ ${'['.repeat(300)}`, deep);
  assert.match(deep[0]?.message ?? '', /nested more than 256 levels/);
});

test('a byte order mark keeps offsets, an empty file says how to start', () => {
  const doc = parseConfigText('\ufeff{ "version": 1, "providers": [] }');
  assert.deepEqual(doc.findings, []);
  assert.deepEqual(doc.locate('/version'), { offset: 14, length: 1 });
  const empty = parseConfigText('  \n');
  assert.match(empty.findings[0]?.message ?? '', /the file is empty/);
});
