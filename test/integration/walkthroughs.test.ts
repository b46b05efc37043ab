/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs): walks every step of every
 * walkthrough package.json contributes, on the examples workspace, running each command link exactly
 * as VS Code runs it — the command with the link's JSON arguments (`{ "workspaceFile": … }` for the
 * example files) — in the order a newcomer follows them. Each link must succeed (the command returns
 * its result instead of stopping at a missing file or a question), a step's completion events must be
 * the commands its links run, and the examples must show what the step says: the sample that maps
 * lands where it should, the sample of the setup's typical failure gets that failure's finding.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './workspace';
import { completionCommands, readWalkthroughs, workspaceFiles, type StepLink } from '../builders/walkthrough-links';

interface ReportLike {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string }>;
  data: {
    mapping?: {
      teams: string[];
      accepted?: boolean;
      access?: { allowed: boolean };
      authorization?: { outcome: string; roleId?: string };
    };
  };
}

const ids = (r: ReportLike): string[] => r.findings.map((f) => f.id);

/** What the example artifact of a "Test with a Token…" link must show. */
const EXPECTED: Record<string, (r: ReportLike) => void> = {
  'tokens/palette-admin-id-token.jwt': (r) => assert.ok(r.data.mapping?.teams.includes('e3ac07cc-bd12-4edc-92a4-983d783153ba'), 'the admin lands in the tenant admins team'),
  'tokens/palette-admin-overage-id-token.jwt': (r) => {
    assert.ok(ids(r).includes('mapping.overage-unresolved'), ids(r).join(','));
    assert.deepEqual(r.data.mapping?.teams, []);
  },
  'saml/assetpanda-response.b64': (r) => {
    assert.equal(r.signature.status, 'valid');
    assert.equal(r.data.mapping?.access?.allowed, true);
  },
  'saml/assetpanda-domain-not-enabled.b64': (r) => {
    assert.ok(ids(r).includes('mapping.sso-not-enabled'), ids(r).join(','));
    assert.equal(r.data.mapping?.access?.allowed, false);
  },
  'saml/entra-signed-response.b64': (r) => {
    assert.equal(r.signature.status, 'valid');
    assert.ok(!ids(r).includes('mapping.nameid-format-mismatch'), ids(r).join(','));
  },
  'saml/iomete-nameid-persistent.b64': (r) => assert.ok(ids(r).includes('mapping.nameid-format-mismatch'), ids(r).join(',')),
  'saml/spark-response.b64': (r) => {
    assert.equal(r.signature.status, 'valid');
    assert.deepEqual(r.data.mapping?.teams, ['tenant-admin']);
  },
  'saml/spark-no-role.b64': (r) => {
    assert.ok(ids(r).includes('mapping.no-team'), ids(r).join(','));
    assert.deepEqual(r.data.mapping?.teams, []);
  },
  'tokens/exoscale-staff-id-token.jwt': (r) => {
    assert.equal(r.data.mapping?.authorization?.outcome, 'granted');
    assert.equal(r.data.mapping?.authorization?.roleId, 'dc097e90-4636-4d2a-a629-670ab4395209');
  },
  'tokens/exoscale-no-email-id-token.jwt': (r) => assert.ok(ids(r).includes('mapping.authorization-denied'), ids(r).join(',')),
};

function checkResult(link: StepLink, result: unknown): void {
  const what = `${link.command} (${link.text})`;
  assert.ok(result !== undefined && result !== null, `${what} returned nothing: it stopped on a missing file, an error or a question`);
  if (link.command === 'ssoLens.refreshProviders') assert.ok(typeof result === 'number' && result >= 5, `${what}: the five example configs`);
  if (link.command === 'ssoLens.showPersonas') assert.ok(typeof result === 'number' && result > 0, `${what}: persona rows`);
  if (link.command === 'ssoLens.revealConfigNode') assert.ok(result instanceof vscode.Range && !result.isEmpty, `${what}: selects the config value`);
  if (link.command === 'ssoLens.decryptSamlAssertion') {
    const r = result as ReportLike;
    assert.ok(!ids(r).includes('saml.decrypt-failed') && !ids(r).includes('saml.encrypted-assertion'), ids(r).join(','));
  }
  if (link.command === 'ssoLens.testWithToken') {
    const artifact = workspaceFiles(link)[1];
    assert.ok(artifact, `${what} names an example artifact`);
    const expected = EXPECTED[artifact];
    assert.ok(expected, `no expectation for ${artifact}: add one`);
    expected(result as ReportLike);
  }
}

const walkthroughs = readWalkthroughs();

suite('Walkthroughs', () => {
  suiteSetup(async () => {
    // The extension activates on startup finished; a newcomer's first click comes later than that.
    const ext = vscode.extensions.getExtension<{ testing?: { configIdle?: () => Promise<void> } }>(EXTENSION_ID);
    assert.ok(ext);
    const api = await ext.activate();
    await api.testing?.configIdle?.();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('four walkthroughs are contributed, one per kind of setup', () => {
    assert.deepEqual(walkthroughs.map((w) => w.id), ['entraSetup', 'saasSaml', 'keycloakBroker', 'oidcCel']);
  });

  for (const w of walkthroughs) {
    for (const step of w.steps) {
      test(`${w.id} / ${step.id}: "${step.title}" runs on the examples and completes on its own commands`, async () => {
        assert.ok(step.links.length > 0, 'the step runs one of our commands');
        assert.deepEqual([...new Set(completionCommands(step))].sort(), [...new Set(step.links.map((l) => l.command))].sort(), 'completion events = the commands the links run');
        const registered = new Set(await vscode.commands.getCommands(true));
        for (const link of step.links) {
          assert.ok(registered.has(link.command), `${link.command} is registered`);
          // As VS Code's command link runs it: the parsed JSON arguments, nothing else.
          const result = await vscode.commands.executeCommand(link.command, ...link.args);
          checkResult(link, result);
        }
      });
    }
  }
});
