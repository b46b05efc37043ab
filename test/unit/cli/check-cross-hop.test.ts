import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCliCaptured } from '../../builders/cli-io';
import { EXAMPLES } from '../model/helpers';

/** `sso-lens check` on a cross-hop slip: both ends in text, JSON and SARIF, and exit 1. */
describe('sso-lens check: cross-hop findings', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-check-xhop-'));
    cpSync(join(EXAMPLES, 'certs'), join(dir, 'certs'), { recursive: true });
    cpSync(join(EXAMPLES, 'metadata'), join(dir, 'metadata'), { recursive: true });
    // The IOMETE guide's ambiguous step: IOMETE's own URL typed as the IdP entity ID.
    const text = readFileSync(join(EXAMPLES, 'iomete.sso.json'), 'utf8').replace('"idpEntityId": "https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/"', '"idpEntityId": "https://iomete.dataco.example/api/v1/identity/saml/callback"');
    writeFileSync(join(dir, 'iomete.sso.json'), text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text names the other side; JSON carries relatedPath and the fix; SARIF a relatedLocation', async () => {
    const file = join(dir, 'iomete.sso.json');
    const t = await runCliCaptured(['check', file, '--now', '2027-06-01T00:00:00Z']);
    assert.equal(t.code, 1);
    assert.match(t.stdout, /error config\.idp-entity-id-mismatch: .*\[\/providers\/0\/apps\/0\/serviceProvider\/idpEntityId\] \(other side: \/providers\/0\/tenantId\)/);
    const j = await runCliCaptured(['check', file, '--json', '--now', '2027-06-01T00:00:00Z']);
    const json = JSON.parse(j.stdout) as { files: Array<{ findings: Array<{ id: string; relatedPath?: string; fix?: { value: unknown } }> }> };
    const f = json.files[0]?.findings.find((x) => x.id === 'config.idp-entity-id-mismatch');
    assert.equal(f?.relatedPath, '/providers/0/tenantId');
    assert.equal(f?.fix?.value, 'https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/');
    const s = await runCliCaptured(['check', file, '--format', 'sarif', '--now', '2027-06-01T00:00:00Z']);
    const sarif = JSON.parse(s.stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }>; physicalLocation: { region: { startLine: number } } }> }> }> };
    const r = sarif.runs[0]?.results.find((x) => x.ruleId === 'config.idp-entity-id-mismatch');
    assert.equal(r?.relatedLocations?.[0]?.logicalLocations[0]?.fullyQualifiedName, '/providers/0/tenantId');
    assert.equal(r?.relatedLocations?.[0]?.physicalLocation.region.startLine, 11, 'the tenantId line');
  });
});
