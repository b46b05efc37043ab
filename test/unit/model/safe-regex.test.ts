/**
 * Keycloak mapper regexes come from the config, the values they are tested against from a captured
 * token: a catastrophic pattern must cost a bounded time, not hang the extension host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueMatches } from '../../../src/model/mapping/analyze-claims';
import { regexMatches } from '../../../src/model/safe-regex';

test('a regex matches and misses as RegExp does', () => {
  assert.equal(regexMatches('^palette-.*$', 'palette-admins'), true);
  assert.equal(regexMatches('^palette-.*$', 'k8s-admins'), false);
  assert.equal(valueMatches('supervisor:pf', 'supervisor:.*', true, false), true);
  assert.equal(valueMatches('xsupervisor:pf', 'supervisor:.*', true, false), false, 'Keycloak matches the whole value');
});

test('a pattern that does not compile matches nothing', () => {
  assert.equal(regexMatches('(unclosed', 'anything'), undefined);
  assert.equal(valueMatches('anything', '(unclosed', true, false), false);
});

test('nested quantifiers against a crafted short value give up within the time limit', () => {
  const t0 = Date.now();
  assert.equal(regexMatches('^(a+)+b$', 'a'.repeat(32)), undefined);
  assert.equal(valueMatches('a'.repeat(32), '(a+)+b', true, false), false);
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
});

test('the pattern and the value cannot reach anything outside the sandbox', () => {
  // The value is data, never code: a value that looks like script is just a string that does not match.
  assert.equal(regexMatches('^x$', '"); process.exit(1); ("'), false);
  assert.equal(regexMatches('^(?:p)$', 'p'), true);
});
