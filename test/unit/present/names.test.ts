/** Names beside IDs in report text: a quoted ID is a value as sent and keeps its quotes, the name follows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withNames } from '../../../src/present/names';

const names = { 'e3ac07cc-bd12-4edc-92a4-983d783153ba': 'palette_tenant_admins' };

test('a bare ID reads name (ID); a quoted one "ID" (name); an already named one is left alone', () => {
  assert.equal(withNames('team e3ac07cc-bd12-4edc-92a4-983d783153ba', names), 'team palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba)');
  assert.equal(withNames('groups contains "e3ac07cc-bd12-4edc-92a4-983d783153ba"', names), 'groups contains "e3ac07cc-bd12-4edc-92a4-983d783153ba" (palette_tenant_admins)');
  assert.equal(withNames('["e3ac07cc-bd12-4edc-92a4-983d783153ba"]', names), '["e3ac07cc-bd12-4edc-92a4-983d783153ba" (palette_tenant_admins)]');
  const once = withNames('team e3ac07cc-bd12-4edc-92a4-983d783153ba and "e3ac07cc-bd12-4edc-92a4-983d783153ba"', names);
  assert.equal(withNames(once, names), once);
  assert.equal(withNames('"00000000-0000-0000-0000-000000000000"', names), '"00000000-0000-0000-0000-000000000000"');
});
