/** package.json's contributions, the typed command ids and the command registry agree. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS, CONTEXT_KEYS, SETTING_IDS, VIEW_IDS } from '../../src/commands/ids';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: Record<string, Array<{ command: string }>>;
    configuration: { properties: Record<string, unknown> };
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: { activitybar: Array<{ id: string }> };
    viewsWelcome?: Array<{ view: string; contents: string; when?: string }>;
    languages?: Array<{ id: string; filenames?: string[]; filenamePatterns?: string[] }>;
    jsonValidation?: Array<{ fileMatch: string[]; url: string }>;
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

test('every command id is contributed with the SSO Lens category, and nothing else is', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMAND_IDS).sort());
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'SSO Lens', c.command);
});

test('menus and welcome links only name contributed commands', () => {
  const known = new Set<string>(Object.values(COMMAND_IDS));
  for (const items of Object.values(manifest.contributes.menus ?? {})) for (const item of items) assert.ok(known.has(item.command), item.command);
  for (const w of manifest.contributes.viewsWelcome ?? []) {
    // Built-in workbench commands (opening the walkthrough) are VS Code's own.
    for (const m of w.contents.matchAll(/\(command:([\w.]+)/g)) if (!m[1]?.startsWith('workbench.')) assert.ok(known.has(m[1] ?? ''), m[1]);
  }
});

test('settings and views match their typed ids', () => {
  assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), Object.values(SETTING_IDS).sort());
  assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === VIEW_IDS.container));
  assert.ok((manifest.contributes.views[VIEW_IDS.container] ?? []).some((v) => v.id === VIEW_IDS.home));
});

test('the Providers view welcomes a workspace without config with a template, import and the walkthrough', () => {
  assert.ok((manifest.contributes.views[VIEW_IDS.container] ?? []).some((v) => v.id === VIEW_IDS.providers));
  const welcome = (manifest.contributes.viewsWelcome ?? []).find((w) => w.view === VIEW_IDS.providers);
  assert.ok(welcome, 'the providers view has welcome content');
  assert.equal(welcome.when, `!${CONTEXT_KEYS.hasConfig}`);
  assert.ok(welcome.contents.includes(`(command:${COMMAND_IDS.newConfigFromTemplate})`));
  assert.ok(welcome.contents.includes(`(command:${COMMAND_IDS.importConfig})`));
  assert.ok(welcome.contents.includes('(command:workbench.action.openWalkthrough'));
  const titleMenu = (manifest.contributes.menus?.['view/title'] ?? []).map((m) => m.command);
  assert.ok(titleMenu.includes(COMMAND_IDS.refreshProviders), 'Refresh is on the view title');
});

test('config files open as JSON with comments and get the schema, under the same names', () => {
  const jsonc = (manifest.contributes.languages ?? []).find((l) => l.id === 'jsonc');
  assert.ok(jsonc, 'a jsonc language contribution');
  assert.deepEqual(jsonc.filenamePatterns, ['*.sso.json']);
  assert.deepEqual(jsonc.filenames, ['sso-lens.json']);
  const validation = (manifest.contributes.jsonValidation ?? []).find((v) => v.url === './schemas/sso-config.schema.json');
  assert.deepEqual([...(validation?.fileMatch ?? [])].sort(), ['*.sso.json', 'sso-lens.json']);
});

test('activation is lazy: no onCommand/onView events and no "*"', () => {
  for (const e of manifest.activationEvents ?? []) assert.doesNotMatch(e, /^(onCommand|onView):|^\*$/);
});

test('walkthrough steps link only contributed commands and existing media', () => {
  const raw = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { walkthroughs?: Array<{ steps: Array<{ description: string; media: { markdown?: string }; completionEvents?: string[] }> }> } };
  const known = new Set<string>(Object.values(COMMAND_IDS));
  const walkthroughs = raw.contributes.walkthroughs ?? [];
  assert.ok(walkthroughs.length > 0, 'an Entra setup walkthrough is contributed');
  for (const w of walkthroughs) {
    for (const step of w.steps) {
      for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(known.has(m[1] ?? ''), m[1]);
      for (const e of step.completionEvents ?? []) assert.ok(known.has(e.replace('onCommand:', '')), e);
      if (step.media.markdown) assert.ok(existsSync(join(__dirname, '..', '..', '..', step.media.markdown)), step.media.markdown);
    }
  }
});
