/**
 * `sso-lens saml-sign-in --config FILE --app ID`: the CLI twin of "Test SAML Sign-In", against the
 * loopback samlify IdP with the browser step in Debian's Chromium. The test plays the user: it reads
 * the sign-in URL the CLI prints (--no-browser) and signs in there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { runCli } from '../../../src/cli/run-cli';
import { launchChromium } from '../../builders/chromium-page';
import { chromiumSignIn } from '../../builders/chromium-sign-in';
import { startSparkSignIn, type SparkSetupOptions } from '../../builders/saml-sign-in-setup';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(setupOptions: SparkSetupOptions, extra: (s: { signKeyFile: string; decryptKeyFile: string; configFile: string }) => string[], signInAs?: { username: string; password: string }): Promise<Run> {
  const setup = await startSparkSignIn(setupOptions);
  try {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['saml-sign-in', '--config', setup.configFile, '--app', 'spark-keycloak', '--no-browser', ...extra(setup)], {
      out: (t) => out.push(t),
      err: (t) => {
        err.push(t);
        const url = /open this URL to sign in: (\S+)/.exec(t)?.[1];
        if (url && signInAs) void chromiumSignIn(browser, signInAs)(url);
      },
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    await setup.close();
  }
}

describe('sso-lens saml-sign-in', { timeout: 180_000 }, () => {
  test('signed request, encrypted assertion: --json prints the inspect --config report with the teams and the sign-in facts', async () => {
    const run = await cli({ encrypt: true }, (s) => ['--sign-key', s.signKeyFile, '--decrypt-key', s.decryptKeyFile, '--json'], { username: 'spark.test', password: 'correct horse' });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout) as { kind: string; signature: { status: string }; findings: Array<{ id: string }>; data: { mapping?: { teams: string[] }; samlSignIn?: { initiatedBy: string; testAcsUrl: string; requestSigned: boolean } } };
    assert.equal(report.kind, 'saml-response');
    assert.equal(report.signature.status, 'valid');
    assert.deepEqual(report.data.mapping?.teams, ['tenant-admin']);
    assert.equal(report.data.samlSignIn?.initiatedBy, 'sp');
    assert.equal(report.data.samlSignIn?.requestSigned, true);
    assert.match(run.stderr, /Basic SAML Configuration → Reply URL.*: http:\/\/127\.0\.0\.1:\d+\/acs/);
  });

  test('the text report opens with "Mapped through spark-keycloak" and explains the test reply URL', async () => {
    const run = await cli({}, (s) => ['--sign-key', s.signKeyFile], { username: 'analyst', password: 'battery staple' });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /== Mapped through spark-keycloak/);
    assert.match(run.stdout, /Teams\s+user:teamA/);
    assert.match(run.stdout, /== Test sign-in/);
    assert.match(run.stdout, /not the production reply URL/);
  });

  test('a request denied by the IdP exits 1 with the status explained', async () => {
    const run = await cli({ deny: { message: 'AADSTS50105: The signed in user is not assigned to a role for the application.' } }, (s) => ['--sign-key', s.signKeyFile, '--json'], { username: 'analyst', password: 'battery staple' });
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as { findings: Array<{ id: string; message: string }> };
    assert.match(report.findings.find((f) => f.id === 'saml.status-error')?.message ?? '', /RequestDenied.*AADSTS50105/);
  });

  test('nobody signs in: exit 2 after the timeout, with the reason and the reply URL to add', async () => {
    const run = await cli({}, (s) => ['--sign-key', s.signKeyFile, '--timeout', '2', '--json']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /did not complete: no response reached the test ACS within 2 s/);
    assert.match(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}').error ?? '', /did not complete/);
  });

  test('--offline: exit 2 before anything listens', async () => {
    const run = await cli({}, () => ['--offline', '--json']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /does not run with --offline/);
    assert.doesNotMatch(run.stderr, /waiting up to/);
  });
});
