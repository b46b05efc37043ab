/**
 * Entry point the extension host loads as `extensionTestsPath` (see scripts/run-integration-tests.mjs):
 * runs every compiled `*.test.js` next to this file with mocha's TDD interface (`suite`/`test`) and
 * rejects when any test fails, which the host turns into a non-zero exit code.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // The host forwards console output line by line; colours only add escape codes to CI logs.
    color: false,
    // A cold extension host activates the extension and opens editors on the first test, and a
    // loaded 2-core machine writes settings slowly: generous, since a passing test never waits it out.
    timeout: Number(process.env.SSO_LENS_TEST_TIMEOUT_MS ?? 60_000),
    ...(process.env.SSO_LENS_TEST_GREP ? { grep: process.env.SSO_LENS_TEST_GREP } : {}),
  });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js files in ${__dirname}: run \`npm run compile-tests\` first`));
      return;
    }
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err: unknown) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
