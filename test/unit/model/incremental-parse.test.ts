/**
 * The editor re-validates a config on every keystroke, passing the previous document so an edit inside
 * one string is re-parsed incrementally. Whatever the edit, the result must be exactly what a full
 * parse gives: the same tree (offsets, lengths, values), the same value, the same findings and ranges.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { reparseAfterEdit, shiftOffset } from '../../../src/model/incremental-parse';
import type { JsoncNode } from '../../../src/model/jsonc';
import { parseConfigText, type ConfigDocument, type TextShift } from '../../../src/model/load-config';
import { validateInPlaceText } from '../../../src/model/in-place/validate-in-place';
import { validateConfigText } from '../../../src/model/validate-config';
import { EXAMPLE_FILES, EXAMPLES, NOW, readFrom } from './helpers';

/**
 * The tree as it reads in the document's text: offsets moved by the document's shifts, without parent
 * links (cyclic). String values are compared through `value` (an incremental document keeps the tree it
 * was parsed as); keys are compared here, as `locate` finds properties by them.
 */
function plain(node: JsoncNode | undefined, shifts: readonly TextShift[] = []): unknown {
  if (!node) return undefined;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const offset = shiftOffset(shifts, node.offset);
  const colon = (node as { colonOffset?: number }).colonOffset;
  return {
    type: node.type,
    offset,
    length: shiftOffset(shifts, node.offset + node.length) - offset,
    ...(colon !== undefined ? { colon: shiftOffset(shifts, colon) } : {}),
    ...(node.type !== 'string' || isKey ? { value: node.value } : {}),
    ...(node.children ? { children: node.children.map((c) => plain(c, shifts)) } : {}),
  };
}

/** Every value and key pointer of a value, for comparing `locate`. */
function pointers(value: unknown, at = ''): string[] {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [at, ...keys.flatMap((k) => pointers((value as Record<string, unknown>)[k], `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
}

function assertSameDocument(incremental: ConfigDocument, full: ConfigDocument): void {
  assert.equal(incremental.text, full.text);
  assert.deepStrictEqual(plain(incremental.root, incremental.shifts), plain(full.root));
  assert.deepStrictEqual(incremental.value, full.value);
  assert.deepStrictEqual(incremental.findings, full.findings);
  for (const p of pointers(full.value)) {
    assert.deepStrictEqual(incremental.locate(p), full.locate(p), p);
    assert.deepStrictEqual(incremental.locate(p, 'key'), full.locate(p, 'key'), p);
  }
}

const texts = EXAMPLE_FILES.map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

/** Offsets strictly inside string literals of a text (where typing lands in a display name or URL). */
function insideStrings(root: JsoncNode): number[] {
  const out: number[] = [];
  const walk = (n: JsoncNode): void => {
    if (n.type === 'string') for (let i = n.offset + 1; i < n.offset + n.length; i++) out.push(i);
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

// Characters that keep a string a string, and characters that end it, escape, or break the structure.
const typed = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '-', '.', '/', 'é', '😀', '"', '\\', 'u', '{', '}', ',', ':', '\n', '\t', '/*', '//', '[', ']'), maxLength: 6 });

test('any edit: the incremental document, when there is one, equals a full parse', () => {
  let incrementalRuns = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.nat({ max: 8 }), typed, fc.boolean(), (which, at, removed, inserted, inString) => {
      const text = texts[which] as string;
      const previous = parseConfigText(text);
      const candidates = inString ? insideStrings(previous.root as JsoncNode) : [];
      const start = candidates.length > 0 ? (candidates[at % candidates.length] as number) : at % (text.length + 1);
      const edited = text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + removed));
      const incremental = reparseAfterEdit(previous, edited);
      if (incremental) {
        incrementalRuns++;
        assertSameDocument(incremental, parseConfigText(edited));
      }
    }),
    { numRuns: 1500 },
  );
  // The incremental path must really be taken, or the equality above proves nothing.
  assert.ok(incrementalRuns > 200, `only ${incrementalRuns} edits were re-parsed incrementally`);
});

test('a chain of edits in different strings: every document on the way equals a full parse', () => {
  let incrementalSteps = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), typed), { minLength: 1, maxLength: 12 }), (which, edits) => {
      let current = texts[which] as string;
      let previous = parseConfigText(current);
      for (const [at, removed, inserted] of edits) {
        const candidates = insideStrings(parseConfigText(current).root as JsoncNode);
        const start = candidates[at % candidates.length] as number;
        const edited = current.slice(0, start) + inserted + current.slice(Math.min(current.length, start + removed));
        const full = parseConfigText(edited);
        const incremental = reparseAfterEdit(previous, edited);
        if (incremental) {
          incrementalSteps++;
          assertSameDocument(incremental, full);
        }
        previous = incremental ?? full;
        current = edited;
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(incrementalSteps > 150, `only ${incrementalSteps} steps were re-parsed incrementally`);
});

test('typing a display name letter by letter stays incremental, and every step equals a full parse', () => {
  const text = texts[0] as string;
  const at = text.indexOf('"displayName": "') + '"displayName": "'.length;
  assert.ok(at > 20);
  let previous = parseConfigText(text);
  let current = text;
  for (const ch of 'Tenant admins (Ω) <b>&amp;</b>') {
    const next = current.slice(0, at + (current.length - text.length)) + ch + current.slice(at + (current.length - text.length));
    const incremental = reparseAfterEdit(previous, next);
    assert.ok(incremental, `typing ${JSON.stringify(ch)} fell back to a full parse`);
    assertSameDocument(incremental, parseConfigText(next));
    previous = incremental;
    current = next;
  }
  // Unchanged parts of the value are shared, not copied: the other providers are the same objects.
  const before = parseConfigText(text);
  const after = reparseAfterEdit(before, current);
  assert.ok(after);
  const providers = (v: unknown): unknown[] => (v as { providers: unknown[] }).providers;
  assert.equal(providers(after.value).length, providers(before.value).length);
});

test('edits that change structure fall back to a full parse', () => {
  const text = texts[1] as string;
  const previous = parseConfigText(text);
  const key = text.indexOf('"providers"') + 2;
  const cases = [
    text.slice(0, key) + 'x' + text.slice(key), // a key: the value's shape changes
    text.replace('"displayName": "', '"displayName": "a"b'), // a quote ends the string
    text.replace('"displayName": "', '"displayName": "\\q'), // a bad escape: the full parse reports it
    text.replace('"displayName": "', '"displayName": "line\nbreak'), // a raw line break
    text.replace('{', '{ "x": 1,'), // structure
  ];
  for (const edited of cases) assert.equal(reparseAfterEdit(previous, edited), undefined, edited.slice(0, 80));
  // A previous document with syntax errors is not a base for an incremental parse.
  const broken = parseConfigText(text.replace('{', '{{'));
  assert.ok(broken.findings.length > 0);
  assert.equal(reparseAfterEdit(broken, text.replace('{', '{{').replace('"displayName": "', '"displayName": "x')), undefined);
});

test('a quote inside a comment does not fool either parse: brackets typed into a string equal a full parse', () => {
  // Found in review: the nesting pre-check once read the comment's quote as a string start, so the full
  // parse refused 300 brackets typed into "x" as nesting while the incremental parse accepted them.
  const text = '// say "hi\n{"version": 1, "providers": [], "x": "a"}\n';
  const edited = text.replace('"a"', `"a${'['.repeat(300)}"`);
  const incremental = reparseAfterEdit(parseConfigText(text), edited);
  assert.ok(incremental);
  assertSameDocument(incremental, parseConfigText(edited));
});

test('a document checked in place (a realm export: its value is the built config) is never a base', () => {
  const realm = JSON.stringify({ realm: 'spark', enabled: true, groups: [{ name: 'admins', path: '/admins' }], clients: [] }, null, 2);
  const first = validateInPlaceText(realm);
  assert.ok(first, 'the text is recognised as a realm export');
  const edited = realm.replace('"admins"', '"admins2"');
  assert.equal(reparseAfterEdit(first.document, edited), undefined);
  const again = validateConfigText(edited, { previous: first.document });
  assert.deepStrictEqual(again.document.value, parseConfigText(edited).value, 'the edited text is read as itself, not patched into the built config');
});

test('validation with the previous document gives the findings and ranges of a fresh validation', () => {
  const readFile = readFrom(EXAMPLES);
  for (const text of texts) {
    const first = validateConfigText(text, { now: NOW, readFile });
    // Rename every group in turn and break a reply URL: values the rules read, cross-referenced elsewhere.
    const edits = [text.replace(/"displayName": "/, '"displayName": "renamed '), text.replace(/"https:\/\//, '"http://'), text.replace(/"id": "/, '"id": "x')];
    for (const edited of edits) {
      if (edited === text) continue;
      const incremental = validateConfigText(edited, { now: NOW, readFile, previous: first.document });
      const fresh = validateConfigText(edited, { now: NOW, readFile });
      assert.deepStrictEqual(incremental.findings, fresh.findings);
      assert.deepStrictEqual(incremental.config, fresh.config);
      assert.equal(incremental.schemaValid, fresh.schemaValid);
    }
  }
});
