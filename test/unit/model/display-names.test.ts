/** Group object IDs, app role values and user object IDs are shown with the names the config gives them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SsoConfig } from '../../../src/model/config-types';
import { displayNames } from '../../../src/model/display-names';
import { parseConfigText } from '../../../src/model/load-config';

const root = join(__dirname, '..', '..', '..', '..');
const palette = parseConfigText(readFileSync(join(root, 'examples', 'palette.sso.json'), 'utf8')).value as SsoConfig;

test('a Palette team named by a group object ID reads as the group name, in any letter case', () => {
  const names = displayNames(palette);
  assert.equal(names.label('e3ac07cc-bd12-4edc-92a4-983d783153ba'), 'palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba)');
  assert.equal(names.lookup('E3AC07CC-BD12-4EDC-92A4-983D783153BA')?.name, 'palette_tenant_admins');
  assert.equal(names.lookup('E3AC07CC-BD12-4EDC-92A4-983D783153BA')?.kind, 'group');
});

test('values the config does not name stay as they are', () => {
  const names = displayNames(palette);
  assert.equal(names.label('00000000-0000-0000-0000-000000000000'), '00000000-0000-0000-0000-000000000000');
  assert.equal(names.lookup('toString'), undefined);
  assert.equal(names.label('__proto__'), '__proto__');
});
