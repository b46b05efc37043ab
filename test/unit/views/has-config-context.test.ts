import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HasConfigContext } from '../../../src/views/has-config-context';

test('ssoLens.hasConfig: Terraform modules alone make it true, and it goes false once neither source has anything', async () => {
  const set: boolean[] = [];
  const key = new HasConfigContext((v) => Promise.resolve(set.push(v)));
  await key.report('configs', false);
  assert.deepEqual(set, [false], 'a workspace without config files: the key is set false at once');
  await key.report('terraform', true);
  assert.deepEqual(set, [false, true], 'a Terraform-only workspace shows the palette entries');
  await key.report('configs', false);
  assert.deepEqual(set, [false, true], 'a config rescan that finds nothing does not hide the Terraform modules');
  await key.report('terraform', false);
  assert.deepEqual(set, [false, true, false], 'the modules went (or Terraform was switched off)');
  assert.deepEqual(key.snapshot(), { value: false, sources: { configs: false, terraform: false } });
});

test('ssoLens.hasConfig: a config file keeps it true when the Terraform modules go', async () => {
  const set: boolean[] = [];
  const key = new HasConfigContext((v) => Promise.resolve(set.push(v)));
  await key.report('terraform', true);
  await key.report('configs', true);
  await key.report('terraform', false);
  assert.deepEqual(set, [true]);
  assert.equal(key.snapshot().value, true);
});

test('ssoLens.hasConfig: a setContext that fails is tried again on the next report, not taken for set', async () => {
  const set: boolean[] = [];
  let fail = true;
  const key = new HasConfigContext((v) => {
    if (fail) return Promise.reject(new Error('the window is closing'));
    set.push(v);
    return Promise.resolve();
  });
  await assert.rejects(key.report('configs', true));
  fail = false;
  await key.report('configs', true);
  assert.deepEqual(set, [true], 'the key is set once it can be');
});
