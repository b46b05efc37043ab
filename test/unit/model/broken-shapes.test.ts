/**
 * A config being typed is often schema-invalid: validation must answer with findings, never throw,
 * and say whether the result can be trusted (`schemaValid`) by the mapping analysis.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConfigTree } from '../../../src/model/config-tree';
import { validateConfigText } from '../../../src/model/validate-config';

const BROKEN = [
  '{"version":1,"providers":[null]}',
  '{"version":1,"providers":[{"id":"e","type":"entra","tenantId":"5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480","apps":{}}]}',
  '{"version":1,"providers":[{"id":"e","type":"entra","tenantId":"5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480","apps":[{"id":"a","protocol":"saml"}]}]}',
  '{"version":1,"providers":[{"id":"e","type":"entra","tenantId":"5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480","apps":[{"id":"a","protocol":"saml","identifiers":"x","replyUrls":7}]}]}',
  '{"version":1,"providers":[{"id":"k","type":"keycloak","brokers":[{"alias":1,"mappers":{}}]}]}',
];

for (const text of BROKEN) {
  test(`schema errors are findings, not exceptions: ${text.slice(0, 90)}`, () => {
    const v = validateConfigText(text);
    assert.equal(v.schemaValid, false);
    assert.ok(v.findings.some((f) => f.id === 'config.schema-invalid' && f.severity === 'error'));
    assert.ok(!v.findings.some((f) => f.id === 'config.rule-failed'), 'a rule tripping over a broken shape is not reported as a bug');
    if (v.index) {
      // The tree may give up on a broken shape, but only by throwing a plain error the store catches.
      try {
        buildConfigTree(v.index, v.findings);
      } catch (e) {
        assert.ok(e instanceof Error);
      }
    }
  });
}
