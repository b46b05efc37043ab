/**
 * The walkthroughs package.json contributes: one per kind of setup, every step runs our commands on the
 * examples through links whose arguments are plain JSON, and its completion events are the commands
 * its links run. (The integration test "Walkthroughs" runs the same links in the real VS Code.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS } from '../../src/commands/ids';
import { completionCommands, parseLinks, readWalkthroughs, repoRoot, workspaceFiles } from '../builders/walkthrough-links';

const root = repoRoot();
const walkthroughs = readWalkthroughs(root);
const known = new Set<string>(Object.values(COMMAND_IDS));

test('a walkthrough per kind of setup, the Entra OIDC one kept', () => {
  assert.deepEqual(walkthroughs.map((w) => w.id), ['entraSetup', 'saasSaml', 'keycloakBroker', 'oidcCel']);
});

test('command links parse as VS Code runs them: the JSON argument list, URL-decoded', () => {
  const links = parseLinks('x\n[Test](command:ssoLens.testWithToken?%5B%7B%22workspaceFile%22%3A%22a.sso.json%22%7D%2C%22app%22%5D)\n[Plain](command:ssoLens.showLog)');
  assert.deepEqual(links, [
    { text: 'Test', command: 'ssoLens.testWithToken', args: [{ workspaceFile: 'a.sso.json' }, 'app'] },
    { text: 'Plain', command: 'ssoLens.showLog', args: [] },
  ]);
});

test('every step links at least one contributed command, and completes on exactly the commands it links', () => {
  for (const w of walkthroughs) {
    for (const step of w.steps) {
      const where = `${w.id}/${step.id}`;
      assert.ok(step.links.length > 0, `${where} has a command link`);
      for (const link of step.links) assert.ok(known.has(link.command), `${where}: ${link.command}`);
      assert.deepEqual([...new Set(completionCommands(step))].sort(), [...new Set(step.links.map((l) => l.command))].sort(), where);
      for (const e of step.completionEvents ?? []) assert.match(e, /^onCommand:/, where);
    }
  }
});

test('every example file a link names is in examples/, and every media file exists', () => {
  for (const w of walkthroughs) {
    for (const step of w.steps) {
      for (const link of step.links) for (const file of workspaceFiles(link)) assert.ok(existsSync(join(root, 'examples', file)), `${w.id}/${step.id}: examples/${file}`);
      assert.ok(step.media.markdown && existsSync(join(root, step.media.markdown)), `${w.id}/${step.id}: ${step.media.markdown}`);
    }
  }
});

test("the step texts say what to click with links to the documentation they come from", () => {
  for (const w of walkthroughs.filter((x) => x.id !== 'entraSetup')) {
    const docs = w.steps.map((s) => readFileSync(join(root, s.media.markdown ?? ''), 'utf8'));
    assert.ok(docs.every((d) => /\*\*[^*]+\*\*/.test(d)), `${w.id}: console names in bold`);
    assert.ok(docs.some((d) => /\]\(https:\/\/(learn\.microsoft\.com|www\.keycloak\.org)\//.test(d)), `${w.id}: links to Microsoft's or Keycloak's documentation`);
  }
});
