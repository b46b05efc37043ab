import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { App } from '../../../src/model/config-types';
import { checkDocumentedEndpoint, DOCUMENTED_ENDPOINTS } from '../../../src/model/product-endpoints';
import { EXAMPLE_FILES, example } from './helpers';

/** The documented-endpoint table and the templates (examples/*.sso.json) agree. */
describe('documented product endpoints', () => {
  const apps: App[] = EXAMPLE_FILES.flatMap((f) => example(f.replace('.sso.json', '')).providers.flatMap((p) => p.apps ?? []));

  it('every URL of a template that an entry claims matches one of its documented forms', () => {
    let claimed = 0;
    for (const entry of DOCUMENTED_ENDPOINTS) {
      for (const app of apps) {
        if (app.protocol !== entry.protocol) continue;
        const list = (app as unknown as Record<string, unknown>)[entry.field];
        for (const url of Array.isArray(list) ? list : []) {
          const v = checkDocumentedEndpoint(entry, String(url));
          assert.notEqual(v.kind, 'mismatch', `${app.id} ${entry.field} ${String(url)}`);
          if (v.kind === 'ok') claimed++;
        }
      }
    }
    assert.ok(claimed >= 5, `the examples exercise the table (${claimed} URLs matched)`);
  });

  it('every entry cites where the product documents it, and the checked ones are used by a template', () => {
    for (const entry of DOCUMENTED_ENDPOINTS) {
      assert.match(entry.source, /seed: [a-z-]+\.(md|txt)/, entry.product);
      const used = apps.some((app) => app.protocol === entry.protocol && ((app as unknown as Record<string, unknown>)[entry.field] as unknown[] | undefined)?.some((u) => checkDocumentedEndpoint(entry, String(u)).kind === 'ok'));
      if (entry.checkedBy === undefined) assert.ok(used, `${entry.product} ${entry.field} matches a template`);
    }
  });

  it('URLs on other hosts are not claimed', () => {
    const exo = DOCUMENTED_ENDPOINTS.find((e) => e.product === 'Exoscale');
    assert.ok(exo);
    assert.equal(checkDocumentedEndpoint(exo, 'https://example.com/sso-login/acme').kind, 'not-claimed');
  });
});
