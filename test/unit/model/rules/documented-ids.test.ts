import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CONFIG_RULES } from '../../../../src/model/rules';
import { ROOT } from '../helpers';

it('every finding id a config rule can produce, and the request/trust ids, are in README\'s tables', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const ids = [...CONFIG_RULES.flatMap((r) => r.ids), 'request.issuer-mismatch', 'request.acs-url-not-registered', 'request.nameid-format-mismatch', 'request.unsigned', 'request.destination-mismatch', 'jwt.kid-not-pinned'];
  const missing = [...new Set(ids)].filter((id) => !readme.includes(`\`${id}\``));
  assert.deepEqual(missing, []);
});
